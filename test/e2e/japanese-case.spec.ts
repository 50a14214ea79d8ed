import { expect, test, type Page } from "@playwright/test";
import { countEmails, E2E_CONTACTS, waitForEmail } from "./fixtures";
import { expectAccessible, latinWordsLeft, signInStaff } from "./helpers";

/*
 * A CSM whose browser prefers Japanese works a detractor's case in Japanese: a new CSM (language
 * not chosen yet) signs in from a Japanese browser, finds the answer among the detractors, opens
 * the response and its case, takes the case, answers a refusal, notes, replies and closes it, with
 * no English left on those pages beyond the data; then switches to English and back in the header.
 */

/** Words that are the same in both languages: product and technical names, and the data this test writes. */
const NOT_ENGLISH = new Set([
  "Kizuna",
  "ACV",
  "CSM",
  "NPS",
  "ID",
  "E2E",
  "Sam",
  "Carter",
  // A staff user another spec creates (a name in the owner choices: data).
  "Forged",
  "Corp",
  "CSV",
  "UTF",
  "BOM",
  "Excel",
  "Shift",
  "JIS",
  "GMT",
  "JPY",
  "USD",
  // Other checks' campaign names (data), in the campaign filter.
  "loop",
  "pulse",
  "language",
  "digest",
]);

/** English words left in the main content, outside names, emails and the words above. */
const englishLeft = (page: Page, exclude: string[] = []) => latinWordsLeft(page, NOT_ENGLISH, exclude);

/** Text that looks like a string key shown raw ("detail.timeline", "shared.due"). */
async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.locator("body").innerText();
  return text.match(/\b(?:list|detail|tags|tagList|queue|shared|errors|nav|shell)\.[A-Za-z_.]+\b/g) ?? [];
}

async function expectJapanese(page: Page, name: string, exclude: string[] = []) {
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  expect(await englishLeft(page, exclude), name).toEqual([]);
  expect(await rawKeys(page), name).toEqual([]);
  await expectAccessible(page);
  // No column header wraps one character a line.
  for (const header of await page.locator("main th").all()) {
    if (!(await header.isVisible())) continue;
    const box = (await header.boundingBox())!;
    expect(box.height, `${name}: ${await header.innerText()}`).toBeLessThan(40);
  }
}

test("a CSM with a Japanese browser works a detractor's case in Japanese, then switches to English and back", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const contact = E2E_CONTACTS.en;
  const comment = "エクスポートが遅すぎて毎週困っています。";
  const email = `ja-csm-${Date.now()}@e2e.test`;
  const password = "ja-csm-password-e2e";

  // An admin adds the CSM (no language yet) and sends a pulse to the contact's account.
  const emailsBefore = await countEmails(contact.email, /.+/);
  await signInStaff(page, "admin");
  await page.goto("/cs/users");
  await page.getByLabel("Name").fill("木村 翔");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Initial password").fill(password);
  await page.getByRole("radio", { name: /^CSM/ }).check();
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toContainText("Created 木村 翔");
  await page.goto("/cs/campaigns/new");
  await page.getByLabel("Campaign name").fill("E2E 日本語パルス");
  await page.getByLabel("Account list").fill("e2e-en");
  // Earlier specs may have surveyed this contact already; this pulse is for them anyway.
  await page.getByLabel("Skip contacts surveyed within").fill("0");
  await page.getByRole("button", { name: "Preview audience" }).click();
  await page.getByRole("button", { name: /^Launch to \d+ contacts?$/ }).click();

  // The contact answers 2, with a comment.
  const invitation = await waitForEmail(contact.email, /.+/, 15_000, emailsBefore);
  const two = [...invitation.html.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1].replaceAll("&amp;", "&"))
    .find((href) => /\/s\/[A-Za-z0-9_-]{43}\?score=2$/.test(href));
  expect(two, "the email has a score-2 button").toBeTruthy();
  const customer = await (await browser.newContext()).newPage();
  const { pathname, search } = new URL(two!);
  await customer.goto(pathname + search);
  await customer.locator("#nps-comment").fill(comment);
  await customer.locator("main button.wide").click();
  await expect(customer.getByText(/recorded/i).first()).toBeVisible();

  // The CSM signs in from a Japanese browser: the sign-in page and then the console are Japanese.
  const ja = await (await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } })).newPage();
  await ja.goto("/cs/login");
  await expect(ja.getByRole("heading", { level: 1 })).toHaveText("コンソールにログイン");
  await ja.getByLabel("メールアドレス").fill(email);
  await ja.getByLabel("パスワード").fill(password);
  await ja.getByRole("button", { name: "ログイン" }).click();
  await expect(ja.getByRole("navigation", { name: "コンソール" })).toBeVisible();

  // The detractors, in Japanese.
  await ja.getByRole("navigation", { name: "コンソール" }).getByRole("link", { name: "回答", exact: true }).click();
  await ja
    .getByRole("navigation", { name: "区分" })
    .getByRole("link", { name: /批判者/ })
    .click();
  await expect(ja).toHaveTitle("回答 · Kizuna コンソール");
  await expect(ja.getByRole("heading", { level: 1 })).toHaveText("回答");
  const row = ja.getByRole("row").filter({ hasText: comment });
  await expect(row).toContainText("未対応");
  await expect(ja.getByRole("columnheader", { name: "フォローアップ" })).toBeVisible();
  await expectJapanese(ja, "response list");
  await ja.screenshot({ path: "test-results/screens/ja-response-list.png", fullPage: true });

  // The response, in Japanese.
  await row.getByRole("link", { name: contact.name }).click();
  await expect(ja.getByRole("heading", { name: "回答内容" })).toBeVisible();
  await expect(ja.getByText("2 / 10 · 批判者")).toBeVisible();
  await expectJapanese(ja, "response page");
  await ja.screenshot({ path: "test-results/screens/ja-response.png", fullPage: true });

  // Its case: take it, refuse a won't-fix without a reason, note, reply, resolve.
  await ja.getByRole("link", { name: /^ケース \d+$/ }).click();
  await expect(ja.getByRole("heading", { level: 1 })).toContainText("未対応");
  await expect(ja.getByRole("heading", { name: "タイムライン" })).toBeVisible();
  await ja.getByLabel("担当者", { exact: true }).selectOption({ label: "木村 翔" });
  await ja.getByRole("button", { name: "割り当て" }).click();
  await expect(ja.getByText("担当：木村 翔")).toBeVisible();
  await expect(ja.getByText("担当を「なし」から「木村 翔」に変更しました。")).toBeVisible();

  await ja.getByLabel("変更後").selectOption("wont_fix");
  await ja.getByRole("button", { name: "ステータスを変更" }).click();
  await expect(ja.getByText("対応しない理由を入力してください。").first()).toBeVisible();

  await ja.getByLabel("メモ", { exact: true }).fill("来週の定例で確認します。");
  await ja.getByRole("button", { name: "メモを追加" }).click();
  await expect(ja.getByText("来週の定例で確認します。")).toBeVisible();

  const reply = "Sam, thank you for telling us. We made the export faster today.";
  await expect(ja.getByText(/英語.*のテキストメールで送信します/)).toBeVisible();
  await ja.getByLabel("返信", { exact: true }).fill(reply);
  await ja.getByRole("button", { name: "返信を送信" }).click();
  await expect(ja.getByRole("heading", { level: 1 })).toContainText("連絡済み");
  await expect(ja.getByText(/に英語でメールを送りました。/)).toBeVisible();
  await expect(ja.getByText("返信によりステータスを変更しました：未対応 → 連絡済み")).toBeVisible();

  await ja.getByLabel("変更後").selectOption("resolved");
  await ja.getByLabel("理由").fill("エクスポートを高速化しました。");
  await ja.getByRole("button", { name: "ステータスを変更" }).click();
  await expect(ja.getByRole("heading", { level: 1 })).toContainText("解決済み");
  await expect(ja.getByText("ステータスを変更しました：連絡済み → 解決済み")).toBeVisible();
  // The reply is the CSM's own text; everything else on the page is Japanese.
  await ja.evaluate((text) => {
    for (const element of document.querySelectorAll(".case-event-body")) if (element.textContent === text) element.remove();
  }, reply);
  await expectJapanese(ja, "case page");
  await ja.screenshot({ path: "test-results/screens/ja-case.png", fullPage: true });

  // The header switch: English, then back to Japanese.
  await ja.getByRole("button", { name: "Switch the console to English" }).click();
  await expect(ja.locator("html")).toHaveAttribute("lang", "en");
  await expect(ja.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await expect(ja.getByRole("heading", { level: 1 })).toContainText("Resolved");
  await expect(ja.getByText("Status changed: Contacted → Resolved.")).toBeVisible();
  await ja.getByRole("button", { name: "表示言語を日本語に切り替える" }).click();
  await expect(ja.locator("html")).toHaveAttribute("lang", "ja");
  await expect(ja.getByRole("heading", { name: "タイムライン" })).toBeVisible();

  // The untagged comments and the campaign the answer came from, in Japanese (account ids are data;
  // the campaign status badge is the campaign list's piece, translated with it).
  await ja.goto("/cs/responses/untagged");
  await expect(ja.getByRole("heading", { level: 1 })).toHaveText("未分類のコメント");
  await expect(ja.getByText(comment)).toBeVisible();
  await expectJapanese(ja, "untagged comments");
  await ja.getByRole("link", { name: "回答を開く" }).first().click();
  await ja.getByRole("link", { name: "E2E 日本語パルス" }).click();
  await expect(ja.getByRole("heading", { name: "進捗" })).toBeVisible();
  await expect(ja.getByText("回答率")).toBeVisible();
  await expectJapanese(ja, "campaign page", [".mono", ".badge"]);
  await ja.screenshot({ path: "test-results/screens/ja-campaign.png", fullPage: true });
});
