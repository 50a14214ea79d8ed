import { expect, test, type Page } from "@playwright/test";
import { E2E_LOOP_CONTACT, E2E_STAFF } from "./fixtures";

/**
 * The dashboard, the account list, the account page, the contact list and the CSV import read
 * wholly in Japanese for a Japanese reader (no English word left beyond names, emails, codes and
 * the CSV format's column names; no key shown raw), and in English again after the switch.
 */

// Latin words a Japanese page keeps: product and industry acronyms, file formats, currency codes,
// and the values a CSV file writes (stages, languages), which the import page quotes.
const ALLOWED =
  /\b(NPS|CSM|ACV|CSV|UTF-8|Shift_JIS|Excel|ISO|JPY|USD|EUR|API|ID|URL|Web|CRM|Kizuna|YYYY-MM-DD|MB|E2E|Corp|en|ja|onboarding|adoption|expansion|renewal)\b/g;
const RAW_KEY = /\b(?:list|detail|import|chart|terms|filters|stats|breakdown|loop|acv|contacts|trend|scores|renewal)\.(?!csv\b)[a-zA-Z.]+\b/;

/** What a reader sees in the page's main region (and its accessible labels), less names, emails, code and allowed words. */
async function englishLeft(page: Page): Promise<string[]> {
  const text = await page.locator("main").evaluate((main) => {
    const clone = main.cloneNode(true) as HTMLElement;
    // Names, emails, ids and the file format's column names are data, not wording.
    clone
      .querySelectorAll(
        ".mono, code, .strong-link, a[href^='https://'], td:first-child > div, select, input, .as-written, [aria-labelledby=sample-heading] tbody td:not(:nth-child(2)), .breakdowns tbody td:first-child, tbody td:first-child a",
      )
      .forEach((el) => el.remove());
    const labels = [...main.querySelectorAll("[aria-label], [title]")].map((el) => `${el.getAttribute("aria-label") ?? ""} ${el.getAttribute("title") ?? ""}`);
    // Every text node on its own (a detached clone has no layout, so innerText would run cells together).
    const texts: string[] = [];
    const walker = document.createTreeWalker(clone, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node.textContent ?? "");
    return `${texts.join(" ")}\n${labels.join("\n")}`;
  });
  const cleaned = text
    .replace(/[\w.+-]+@[\w.-]+/g, " ")
    .replace(/\b[\w-]+\.(csv|test|jp|com)\b/g, " ")
    .replace(/E2E\s\S+/g, " ")
    .replace(/\bJA-1\b/g, " ") // the uploaded file's ids
    .replace(/\b(UTC|[A-Z][a-z]+\/[A-Za-z_]+)\b/g, " ") // time zones are codes
    .replace(ALLOWED, " ");
  return cleaned.match(/[A-Za-z]{2,}(?:[ '’-][A-Za-z]{2,})*/g) ?? [];
}

async function expectJapanese(page: Page, heading: string | RegExp) {
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  expect(await englishLeft(page), page.url()).toEqual([]);
  expect(await page.locator("body").innerText()).not.toMatch(RAW_KEY);
}

async function signInJapanese(page: Page) {
  await page.goto("/cs/login");
  await page.locator('input[name="email"]').fill(E2E_STAFF.admin.email);
  await page.locator('input[name="password"]').fill(E2E_STAFF.admin.password);
  await page.locator('button[type="submit"].wide').click();
  const nav = page.getByRole("navigation", { name: /Console|コンソール/ });
  await expect(nav).toBeVisible();
  // A user who signed in before in English keeps English until they switch: switch in one click.
  if ((await nav.getAttribute("aria-label")) === "Console") await page.getByRole("button", { name: "表示言語を日本語に切り替える" }).click();
  await expect(page.getByRole("navigation", { name: "コンソール" })).toBeVisible();
}

test("the dashboard, accounts, an account, contacts and the CSV import read in Japanese, then in English again", async ({ browser }) => {
  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInJapanese(page);
  try {
    await readsInJapanese(page);
  } finally {
    // Other specs sign in as this admin and read English: leave them English whatever happened.
    if (await page.getByRole("button", { name: "Switch the console to English" }).isVisible()) {
      await page.getByRole("button", { name: "Switch the console to English" }).click();
      await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
    }
  }
  await page.goto("/cs/accounts");
  await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
  await expect(page.locator("tbody .badge.high").first()).toHaveText("High touch");
  await page.goto("/cs");
  await expect(page.getByRole("heading", { level: 1, name: "NPS overview" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Closing the loop" })).toBeVisible();
  await context.close();
});

async function readsInJapanese(page: Page) {
  await page.goto("/cs");
  await expectJapanese(page, "NPS 概要");
  await expect(page.locator("#segment option").first()).toHaveText("すべてのセグメント");
  await expect(page.locator("#segment option[value=high]")).toHaveText("ハイタッチ");
  await expect(page.getByRole("region", { name: "クローズドループ" })).toBeVisible();
  await expect(page).toHaveTitle("NPS ダッシュボード · Kizuna コンソール");
  await page.screenshot({ path: "test-results/ja-1280/dashboard.png", fullPage: true });

  await page.goto("/cs/accounts");
  await expectJapanese(page, "アカウント");
  await expect(page.getByRole("columnheader", { name: "更新日" })).toBeVisible();
  await expect(page.locator("tbody .badge.high").first()).toHaveText("ハイタッチ");
  await expect(page.getByText("¥4,800,000").first()).toBeVisible();
  // Short headers stay on one line: a header one character wide per line would be taller than two lines.
  for (const header of await page.locator("thead th").all()) expect((await header.boundingBox())!.height, await header.innerText()).toBeLessThan(48);
  await page.screenshot({ path: "test-results/ja-1280/accounts.png", fullPage: true });

  await page.getByRole("link", { name: E2E_LOOP_CONTACT.account }).click();
  await expectJapanese(page, E2E_LOOP_CONTACT.account);
  await expect(page.getByText("480万円")).toBeVisible();
  await expect(page.getByText("2027年3月31日").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "NPS の推移" })).toBeVisible();
  await page.screenshot({ path: "test-results/ja-1280/account.png", fullPage: true });

  await page.goto("/cs/contacts");
  await expectJapanese(page, "コンタクト");
  await page.screenshot({ path: "test-results/ja-1280/contacts.png", fullPage: true });

  await page.goto("/cs/import");
  await expectJapanese(page, "CSV 取り込み");
  await page.locator('input[name="file"]').setInputFiles({
    name: "accounts.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("external_id,name,acv_amount,acv_currency,renewal_date\nJA-1,和食株式会社,1200000,JPY,2026-02-30\nJA-1,重複,1,JPY,\n"),
  });
  await page.getByRole("button", { name: "プレビュー" }).click();
  await expectJapanese(page, "取り込み内容の確認");
  await expect(page.getByText("2026-02-30 は存在しない日付です")).toBeVisible();
  await expect(page.getByText("JA-1 は 2 行目にもあります")).toBeVisible();
  await page.screenshot({ path: "test-results/ja-1280/import-review.png", fullPage: true });
}
