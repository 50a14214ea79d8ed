import { expect, test } from "@playwright/test";
import { E2E_CONTACTS, waitForEmail } from "./fixtures";
import { collectCspViolations, expectAccessible, signInStaff } from "./helpers";

test("a wave is launched, a Japanese contact answers 3 from the email, changes to 9 with a comment, and sees the promoter thanks", async ({
  page,
  request,
}) => {
  await signInStaff(page, "admin");
  await page.goto("/cs/campaigns/new");
  await page.getByLabel("Campaign name").fill("E2E relationship NPS");
  await page.getByRole("button", { name: "Preview audience" }).click();
  const launch = page.getByRole("button", { name: /^Launch to \d+ contacts?$/ });
  await expect(launch).toBeVisible();
  await page.screenshot({ path: "test-results/screens/campaign-preview.png", fullPage: true });
  await launch.click();
  await expect(page.getByRole("progressbar").or(page.locator("progress"))).toBeVisible();

  const contact = E2E_CONTACTS.ja;
  const email = await waitForEmail(contact.email, /おすすめ度/);
  expect(email.headers?.["List-Unsubscribe"] ?? email.headers?.["list-unsubscribe"]).toMatch(/\/u\//);
  const links = [...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));
  const three = links.find((href) => /\/s\/[A-Za-z0-9_-]{43}\?score=3$/.test(href));
  expect(three, "the email has a score-3 button").toBeTruthy();

  // Scanners fetch every link; none of that may count as an answer.
  for (const href of links.filter((h) => h.includes("/s/") || h.includes("/u/"))) {
    if (/\/s\/[^/]+\/h$/.test(href)) continue;
    await request.get(href, { headers: { "User-Agent": "Mozilla/5.0 (compatible; Mimecast URL Protect)" }, maxRedirects: 0 });
  }

  const violations = await collectCspViolations(page);
  const { pathname, search } = new URL(three!);
  await page.goto(pathname + search);
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.locator('input[name="score"][value="3"]')).toBeChecked();
  // The page comes without React: its small inline script makes the follow-up question follow the score.
  const followUp = page.locator(".nps-follow-up");
  const detractorQuestion = await followUp.textContent();
  await page.locator('input[name="score"][value="10"]').check();
  await expect(followUp).not.toHaveText(detractorQuestion!);
  await page.locator("#nps-comment").fill("abc");
  await expect(page.locator("#comment-count")).toHaveText(/^3 \/ /);
  await page.locator("#nps-comment").fill("");
  await page.locator('input[name="score"][value="3"]').check();
  await expect(followUp).toHaveText(detractorQuestion!);
  await expectAccessible(page);
  await page.locator("main button.wide").click();
  await expect(page.getByText("3 点として記録しました")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ご期待に沿えず申し訳ありません");

  // Change the answer to 9 with a comment.
  await page.goto(pathname + "?score=9");
  await page.locator('input[name="score"][value="9"]').check();
  await page.locator("#nps-comment").fill("サポートの対応がとても早く助かっています。");
  await page.locator("main button.wide").click();
  await expect(page.getByText("9 点として記録しました")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("高く評価いただき");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screens/promoter-thanks-ja.png", fullPage: true });
  expect(violations).toEqual([]);

  // Ten answers a minute per link: the server's fast path and the page it falls back to share
  // one count, so once the link is refused, the page does not take the answer either.
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) {
    const response = await request.post(pathname, { form: { score: String(5 + (i % 2)) }, maxRedirects: 0 });
    statuses.push(response.status());
  }
  expect(statuses).toEqual([...Array(8).fill(303), 429, 429]);

  // The console shows one answer for the wave.
  await page.goto("/cs/campaigns");
  await page.getByRole("link", { name: "E2E relationship NPS" }).click();
  await expect(page.getByText(/Answered/i).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/campaign-page.png", fullPage: true });
});
