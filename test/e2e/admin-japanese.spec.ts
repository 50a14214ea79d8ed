import { expect, test, type Page } from "@playwright/test";
import { signInStaff } from "./helpers";

/*
 * The admin pages in Japanese: a new admin (their language still unset, an English browser)
 * switches to 日本語 on their profile page, and every users, API keys and settings page then
 * reads in Japanese: no English word left outside names, emails, codes and product terms, and no
 * raw key. Switching back on the profile page brings the English console back. Screenshots at
 * 1280 px are kept in test-results/screenshots for a person to look at.
 */

/** Latin words a Japanese page may show: product and protocol names, codes, terms Japanese CS teams write in Latin letters. */
const ALLOWED = new Set(
  [
    "Kizuna",
    "NPS",
    "CSM",
    "ACV",
    "SLA",
    "API",
    "CSV",
    "CRM",
    "ID",
    "URL",
    "IANA",
    "ISO",
    "Slack",
    "Webhook",
    "Incoming",
    "Webhooks",
    "Bearer",
    "Ctrl",
    "G2",
    "ITreview",
    "Salesforce",
    "PUT",
    "GET",
    "YYYY-MM-DD",
    "English",
    "https",
    "http",
  ].map((word) => word.toLowerCase()),
);

/** The visible text of the page's main area, less form controls' options, code and the cells holding names and emails. */
async function visibleText(page: Page, skip: string[] = []): Promise<string> {
  return page.evaluate((skipSelectors) => {
    const main = document.querySelector("main")!;
    const skipped = ["select", "code", "pre", ".mono", "textarea", "[lang=en]", ...skipSelectors].join(", ");
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(skipped) || !parent.checkVisibility()) continue;
      parts.push(node.textContent ?? "");
    }
    return parts.join(" ");
  }, skip);
}

function englishLeft(text: string): string[] {
  const cleaned = text
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/[\w.+-]+@[\w.-]+/g, " ")
    .replace(/\/(cs|api)\/[\w/-]*/g, " ")
    .replace(/\b[A-Z]{3}\b/g, " ") // currency codes
    .replace(/\b[a-z]+:(read|write)\b/g, " ") // API scopes
    .replace(/\bAsia\/Tokyo\b|\bUTC\b/g, " ")
    .replace(/「[^」]*」/g, " "); // what the person typed, quoted back
  const words = cleaned.match(/[A-Za-z][A-Za-z0-9'’-]*/g) ?? [];
  return words.filter((word) => !ALLOWED.has(word.toLowerCase()));
}

function rawKeys(text: string): string[] {
  return text.match(/\b(users|apiKeys|settings|profile|errorPages|errors|nav|shell|roles)\.[a-zA-Z.]+|@[a-z][A-Za-z]+( \{|$)/gm) ?? [];
}

const PAGES: { path: string; heading: string; skip?: string[] }[] = [
  { path: "/cs/users", heading: "ユーザー", skip: ["tbody td:nth-child(1)", "tbody td:nth-child(2)"] },
  { path: "/cs/api-keys", heading: "API キー", skip: ["tbody td:nth-child(1)", "tbody td:nth-child(4) .muted"] },
  { path: "/cs/settings/segments", heading: "セグメントのしきい値" },
  { path: "/cs/settings/close-the-loop", heading: "クローズドループ" },
  { path: "/cs/settings/alerts", heading: "アラート" },
  { path: "/cs/settings/promoter-asks", heading: "推奨者への依頼" },
  { path: "/cs/settings/currency", heading: "報告通貨" },
  { path: "/cs/profile", heading: "プロフィール", skip: ["dd"] },
  { path: "/cs/users/abc", heading: "リクエストを読み取れませんでした" },
  { path: "/cs/users/999999", heading: "見つかりません" },
];

test("an admin switches to Japanese on their profile page, and the admin pages read in Japanese, then back in English", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // A new admin of our own, so the shared e2e admin's language never changes under other specs.
  const email = `ja-admin-${Date.now()}@e2e.test`;
  const password = "ja-admin-password-e2e";
  await signInStaff(page, "admin");
  await page.goto("/cs/users");
  await page.getByLabel("Name").fill("山本 彩");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Initial password").fill(password);
  await page.getByRole("radio", { name: /^admin/ }).check();
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toContainText("Created 山本 彩");

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const ja = await context.newPage();
  await ja.goto("/cs/login");
  await ja.getByLabel("Email").fill(email);
  await ja.getByLabel("Password").fill(password);
  await ja.getByRole("button", { name: "Sign in" }).click();
  await expect(ja.getByRole("navigation", { name: "Console" })).toBeVisible();

  // The name in the header leads to the profile page, where the language is chosen.
  await ja.getByRole("link", { name: "山本 彩" }).click();
  await expect(ja.getByRole("heading", { name: "Your profile", level: 1 })).toBeVisible();
  await ja.getByRole("radio", { name: "日本語" }).check();
  await ja.getByRole("button", { name: "Save language" }).click();
  await expect(ja.getByRole("heading", { name: "プロフィール", level: 1 })).toBeVisible();
  await expect(ja.getByRole("status")).toHaveText("表示言語を保存しました。");
  await expect(ja.getByRole("navigation", { name: "コンソール" }).getByRole("link", { name: "ユーザー" })).toBeVisible();

  const problems: string[] = [];
  for (const { path, heading, skip } of PAGES) {
    await ja.goto(path);
    await expect(ja.getByRole("heading", { name: heading }).first(), path).toBeVisible();
    const text = await visibleText(ja, skip);
    for (const word of englishLeft(text)) problems.push(`${path}: English “${word}”`);
    for (const key of rawKeys(text)) problems.push(`${path}: raw key “${key}”`);
    if (["/cs/users", "/cs/settings/segments", "/cs/settings/close-the-loop", "/cs/profile"].includes(path)) {
      await ja.screenshot({ path: `test-results/screenshots/ja${path.replaceAll("/", "-")}.png`, fullPage: true });
    }
  }
  // Their own page under Users, and a new API key as it is shown once.
  await ja.goto("/cs/users");
  await ja.getByRole("table").getByRole("link", { name: "山本 彩" }).click();
  await expect(ja.getByRole("heading", { name: "パスワードの再設定" })).toBeVisible();
  await expect(ja.getByText("最近の操作")).toBeVisible();
  let text = await visibleText(ja, ["h1", "dd", ".user-history"]);
  for (const word of englishLeft(text)) problems.push(`/cs/users/:id: English “${word}”`);
  for (const key of rawKeys(text)) problems.push(`/cs/users/:id: raw key “${key}”`);
  await ja.goto("/cs/api-keys");
  await ja.getByLabel("名前").fill("データ連携");
  await ja.getByRole("checkbox").first().check();
  await ja.getByRole("button", { name: "キーを作成" }).click();
  await expect(ja.getByRole("heading", { name: "データ連携 のキーを今すぐコピーしてください" })).toBeVisible();
  text = await visibleText(ja, ["tbody td:nth-child(4) .muted"]);
  for (const word of englishLeft(text)) problems.push(`/cs/api-keys (new key): English “${word}”`);
  for (const key of rawKeys(text)) problems.push(`/cs/api-keys (new key): raw key “${key}”`);
  expect(problems).toEqual([]);

  // A field error from a schema, worded in Japanese where the form renders.
  await ja.goto("/cs/settings/close-the-loop");
  await ja.getByLabel("休日").fill("2027-01-01\n2027-02-30");
  await ja.getByRole("button", { name: "クローズドループの設定を保存" }).click();
  await expect(ja.locator(".field-error").first()).toHaveText("2 行目（「2027-02-30」）が YYYY-MM-DD 形式の日付ではありません。");

  // Back to English from the profile page.
  await ja.goto("/cs/profile");
  await ja.getByRole("radio", { name: "English" }).check();
  await ja.getByRole("button", { name: "表示言語を保存" }).click();
  await expect(ja.getByRole("heading", { name: "Your profile", level: 1 })).toBeVisible();
  await ja.goto("/cs/settings/segments");
  await expect(ja.getByRole("heading", { name: "Segment thresholds" })).toBeVisible();
  await expect(ja.getByRole("button", { name: "Save and recompute segments" })).toBeVisible();
  await context.close();
});
