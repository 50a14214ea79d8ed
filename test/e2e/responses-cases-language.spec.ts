import { expect, test, type Page } from "@playwright/test";
import { countEmails, E2E_CONTACTS, waitForEmail } from "./fixtures";
import { expectAccessible, latinWordsLeft, signInStaff } from "./helpers";

/*
 * The tag page and the case queue in Japanese and in English: an admin who switches the console
 * to Japanese creates a tag, gives it keywords, and reads the queue of follow-up cases, with no
 * English left on either page and no raw string key; back in English, the same pages read as before.
 */

/** Words that are the same in both languages: product and technical names, and the data this test writes. */
const NOT_ENGLISH = new Set([
  "Kizuna",
  "CSV",
  "UTF",
  "BOM",
  "Excel",
  "Shift_JIS",
  "ACV",
  "CSM",
  "NPS",
  "ID",
  "E2E",
  // The English fixture contact and account (data), when another check has given them a case.
  "Sam",
  "Carter",
  "Corp",
  // A staff user another spec creates (a name in the owner filter: data).
  "Forged",
  "price",
  "expensive",
  "GMT",
  // The keyword hint's examples of how English keywords match.
  "prices",
  "priceless",
]);

/** English words left in the main content, outside names, emails and the words above. */
const englishLeft = (page: Page, exclude: string[] = []) => latinWordsLeft(page, NOT_ENGLISH, exclude);

/** Text that looks like a string key shown raw ("queue.colDue", "shared.pager.next"). */
async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.locator("body").innerText();
  return text.match(/\b(?:tags|tagList|export|queue|shared|errors|nav|shell)\.[A-Za-z_.]+\b/g) ?? [];
}

/** The case queue's row for this spec's detractor: the Japanese contact's answer of 2. */
function detractorRow(page: Page) {
  return page
    .getByRole("row")
    .filter({ hasText: E2E_CONTACTS.ja.name })
    .filter({ has: page.getByRole("cell", { name: "2", exact: true }) });
}

async function switchTo(page: Page, language: "ja" | "en") {
  const label = language === "ja" ? "表示言語を日本語に切り替える" : "Switch the console to English";
  await page.getByRole("button", { name: label }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", language);
}

test.use({ viewport: { width: 1280, height: 900 } });

test("the tag page and the case queue read in Japanese, then in English", async ({ page, browser }) => {
  // A detractor's answer, so the queue has a case: an admin sends a pulse to the Japanese contact's account.
  const invitationsBefore = await countEmails(E2E_CONTACTS.ja.email, /おすすめ度/);
  await signInStaff(page, "admin");
  await page.goto("/cs/campaigns/new");
  await page.getByLabel("Campaign name").fill("E2E language pulse");
  await page.getByLabel("Account list").fill("e2e-ja");
  // Earlier specs may have surveyed this contact already; this pulse is for them anyway.
  await page.getByLabel("Skip contacts surveyed within").fill("0");
  await page.getByRole("button", { name: "Preview audience" }).click();
  await page.getByRole("button", { name: /^Launch to \d+ contacts?$/ }).click();
  const invitation = await waitForEmail(E2E_CONTACTS.ja.email, /おすすめ度/, 15_000, invitationsBefore);
  const two = [...invitation.html.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1].replaceAll("&amp;", "&"))
    .find((href) => /\/s\/[A-Za-z0-9_-]{43}\?score=2$/.test(href));
  const customer = await (await browser.newContext({ locale: "ja-JP" })).newPage();
  const { pathname, search } = new URL(two!);
  await customer.goto(pathname + search);
  await customer.locator("#nps-comment").fill("料金が高いです。請求書の画面も分かりにくいです。");
  await customer.locator("main button.wide").click();
  await expect(customer.getByText("2 点として記録しました")).toBeVisible();

  await page.goto("/cs/tags");
  await switchTo(page, "ja");
  try {
    // Tags, in Japanese: create one, give it keywords.
    await expect(page).toHaveTitle("タグ · Kizuna コンソール");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("タグ");
    await page.getByLabel("タグ名").last().fill("価格");
    await page.getByRole("button", { name: "タグを作成" }).click();
    await expect(page.getByRole("status")).toContainText("タグ「価格」を作成しました。");
    await page.getByText("「価格」を編集").click();
    await page.getByLabel("キーワード").fill("高い\nprice, expensive");
    await page.getByRole("button", { name: "キーワードを保存" }).click();
    await expect(page.getByRole("status").first()).toContainText("キーワードを 3 件保存しました。");
    await expect(page.getByRole("columnheader", { name: "回答数" })).toBeVisible();
    await expect(page.getByRole("row", { name: /価格/ })).toContainText("高い、price、expensive");
    // A refusal, worded in Japanese beside its field and in the notice.
    await page.goto("/cs/tags");
    await page.getByText("「価格」を編集 · キーワード 3 件").click();
    await page.getByLabel("キーワード").fill("あ".repeat(61));
    await page.getByRole("button", { name: "キーワードを保存" }).click();
    await expect(page.getByRole("alert").first()).toContainText("キーワードは 1 つ 60 文字以内にしてください。");
    await page.goto("/cs/tags");
    await page.getByText("「価格」を編集 · キーワード 3 件").click();
    expect(await englishLeft(page)).toEqual([]);
    expect(await rawKeys(page)).toEqual([]);
    await expectAccessible(page);
    await page.screenshot({ path: "test-results/screens/ja-tags.png", fullPage: true });

    // The queue, in Japanese: the admin's own (empty), then everyone's.
    await page.goto("/cs/cases");
    await expect(page).toHaveTitle("自分のケース · Kizuna コンソール");
    await expect(page.getByRole("heading", { level: 2 })).toHaveText("該当するケースはありません");
    await page.getByLabel("担当", { exact: true }).selectOption("anyone");
    await page.getByRole("button", { name: "絞り込む" }).click();
    await expect(page).toHaveTitle("ケース · Kizuna コンソール");
    // Earlier specs may have left other cases for this contact: this one is the answer of 2.
    const row = detractorRow(page);
    await expect(row).toContainText("未対応");
    await expect(row).toContainText("未割り当て");
    await expect(row).toContainText(/期限 \d{1,2}\/\d{1,2}/);
    await expect(page.getByText(/^このページに \d+ 件（最大 50 件）$/)).toBeVisible();
    // The segment badge is the accounts pages' piece, translated with them.
    expect(await englishLeft(page, [".badge.high", ".badge.low", ".badge.tech"])).toEqual([]);
    expect(await rawKeys(page)).toEqual([]);
    await expectAccessible(page);
    await page.screenshot({ path: "test-results/screens/ja-cases.png", fullPage: true });
    // No header of the queue wraps one character a line.
    for (const header of await page.getByRole("columnheader").all()) {
      const box = (await header.boundingBox())!;
      expect(box.height, await header.innerText()).toBeLessThan(40);
    }
  } finally {
    await switchTo(page, "en");
  }

  // The same pages in English.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cases");
  await expect(detractorRow(page)).toContainText("Open");
  await expect(page.getByText(/^\d+ cases? on this page \(up to 50\)$/)).toBeVisible();
  await page.goto("/cs/tags");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tags");
  await expect(page.getByRole("row", { name: /価格/ })).toContainText("高い, price, expensive");
  await expect(page.getByText("Edit “価格” · 3 keywords")).toBeVisible();
  expect(await rawKeys(page)).toEqual([]);
});
