import { expect, test, type Page } from "@playwright/test";
import { E2E_LOOP_CONTACT } from "./fixtures";
import { signInStaff } from "./helpers";

/*
 * The campaign pages, the NPS survey editor, the email outbox and the audit log, in Japanese and
 * in English, for an admin who switches language in the header. A Japanese page may show Latin
 * letters only in data (names, emails, subjects, codes: marked translate="no", or in code type)
 * and in the terms Japanese CS teams write in Latin letters; no page may show a raw key.
 */

const LATIN_TERMS = new Set([
  "NPS",
  "CSM",
  "CSV",
  "API",
  "ID",
  "IP",
  "URL",
  "UTC",
  "GMT",
  "JST",
  "SHA",
  "Kizuna",
  "Resend",
  "Slack",
  "Webhook",
  "JavaScript",
  "Ctrl",
  "G2",
  "ITreview",
  "E2E",
  "English",
]);

/** The Latin words of the page's own text: data (translate="no"), code and the language switch left out. */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const main = document.querySelector("main")!.cloneNode(true) as HTMLElement;
    for (const data of main.querySelectorAll('[translate="no"], .mono, code, pre, [lang="en"]')) data.remove();
    // Attributes people read too: titles (badge help), labels, placeholders.
    const attributes = [...main.querySelectorAll("[title], [aria-label], [placeholder]")].flatMap((element) =>
      ["title", "aria-label", "placeholder"].map((name) => element.getAttribute(name) ?? ""),
    );
    const container = document.createElement("div");
    container.style.position = "absolute";
    container.appendChild(main);
    document.body.appendChild(container);
    const visible = main.innerText;
    container.remove();
    return [document.title, visible, ...attributes].join("\n");
  });
  const words = text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ")
    .replace(/\bhttps?:\/\/\S+/g, " ")
    // An audit action's code beside its name in the filter: "ユーザーを作成 (user.created)".
    .replace(/\([a-z_]+(?:\.[a-z_]+)?\)/g, " ")
    .match(/[A-Za-z][A-Za-z0-9_'’-]*/g);
  return [...new Set((words ?? []).filter((word) => !LATIN_TERMS.has(word) && !/^[A-Z0-9_]+$/.test(word) && !/\d/.test(word)))];
}

/** Raw keys: `{{count}}`, a field message's `@code`, a dotted key such as `audit.actions.x`. */
async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.locator("main").innerText();
  return [...text.matchAll(/\{\{\s*\w+\s*\}\}|(?:^|\s)@[a-z]\w+|\b(?:outbox|audit|survey|list|new|audience|status|statusHelp|col)\.[a-z]\w*(?:\.\w+)*\b/g)].map(
    (match) => match[0].trim(),
  );
}

async function expectJapanese(page: Page, where: string) {
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  expect(await rawKeys(page), `${where}: raw keys`).toEqual([]);
  expect(await latinWords(page), `${where}: English left`).toEqual([]);
}

async function switchTo(page: Page, language: "ja" | "en") {
  await page.getByRole("button", { name: language === "ja" ? "表示言語を日本語に切り替える" : "Switch the console to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", language);
}

test.describe("campaigns, survey, outbox and audit log in Japanese and English", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("an admin works these pages in Japanese with no English left, then back in English", async ({ page, browser }, testInfo) => {
    // One email in the outbox at least (a portal sign-in link), so the email page is seen too.
    const customer = await browser.newContext({ locale: "en-US" });
    const portal = await customer.newPage();
    await portal.goto("/login");
    await portal.getByLabel("Work email").fill(E2E_LOOP_CONTACT.email);
    await portal.getByRole("button", { name: /sign-in link/i }).click();
    await customer.close();

    await signInStaff(page, "admin");
    await page.goto("/cs/campaigns");
    await switchTo(page, "ja");
    try {
      await expect(page.getByRole("heading", { level: 1, name: "キャンペーン", exact: true })).toBeVisible();
      await expectJapanese(page, "/cs/campaigns");
      await page.screenshot({ path: testInfo.outputPath("ja-campaigns.png"), fullPage: true });

      await page.goto("/cs/campaigns/new");
      await expect(page.getByRole("heading", { level: 1, name: "新規キャンペーン" })).toBeVisible();
      await expectJapanese(page, "/cs/campaigns/new");
      // A refused value is worded in Japanese beside its field, and the audience preview too.
      await page.getByLabel("キャンペーン名").fill("E2E 秋の NPS");
      await page.getByLabel("抽出率").fill("0");
      await page.getByRole("button", { name: "対象者をプレビュー" }).click();
      await expect(page.getByText("抽出率は 1% 以上にしてください。")).toBeVisible();
      await page.getByLabel("抽出率").fill("");
      await page.getByRole("button", { name: "対象者をプレビュー" }).click();
      await expect(page.getByRole("heading", { name: "対象者" })).toBeVisible();
      await expectJapanese(page, "/cs/campaigns/new (preview)");
      await page.screenshot({ path: testInfo.outputPath("ja-campaigns-new.png"), fullPage: true });
      // Scheduled months ahead for one account: the list has a row, and nobody is emailed during the run.
      await page.getByLabel("アカウントの指定").fill("e2e-en");
      await page.getByLabel("日時を指定して開始").check();
      const later = new Date(Date.now() + 300 * 24 * 3600_000);
      await page.getByLabel("開始日時", { exact: true }).fill(`${later.toISOString().slice(0, 10)}T09:00`);
      await page.getByRole("button", { name: "もう一度プレビュー" }).click();
      await page.getByRole("button", { name: "キャンペーンを予約" }).click();
      // The launch answers with the campaign's own page; leaving before it would race the launch.
      await page.waitForURL(/\/cs\/campaigns\/\d+/);
      await page.goto("/cs/campaigns");
      await expect(page.getByRole("cell", { name: "予約済み" })).toBeVisible();
      await expectJapanese(page, "/cs/campaigns (a scheduled campaign)");
      await page.screenshot({ path: testInfo.outputPath("ja-campaigns-list.png"), fullPage: true });

      await page.goto("/cs/survey");
      await expect(page.getByRole("heading", { level: 1, name: "NPS アンケート" })).toBeVisible();
      await expectJapanese(page, "/cs/survey");
      await page.getByLabel("批判者とするスコア（以下）").fill("9");
      await page.getByRole("button", { name: "アンケートを保存" }).click();
      await expect(page.getByText("批判者の境界は推奨者の境界より低くしてください。")).toBeVisible();
      await expectJapanese(page, "/cs/survey (refused)");

      await page.goto("/cs/outbox");
      await expect(page.getByRole("heading", { level: 1, name: "送信メール" })).toBeVisible();
      await expectJapanese(page, "/cs/outbox");
      await page.screenshot({ path: testInfo.outputPath("ja-outbox.png"), fullPage: true });
      await page.locator("td.outbox-subject a").first().click();
      await expect(page.getByRole("heading", { name: "配信" })).toBeVisible();
      await expectJapanese(page, "/cs/outbox/:id");

      await page.goto("/cs/audit");
      await expect(page.getByRole("heading", { level: 1, name: "監査ログ" })).toBeVisible();
      await expect(page.locator("table").getByText("コンソールにログイン").first()).toBeVisible();
      await expectJapanese(page, "/cs/audit");
      await page.screenshot({ path: testInfo.outputPath("ja-audit.png"), fullPage: true });
    } finally {
      await page.goto("/cs/audit");
      await switchTo(page, "en");
    }

    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await expect(page.locator("table").getByText("Signed in to the console").first()).toBeVisible();
    await page.goto("/cs/campaigns/new");
    await expect(page.getByRole("heading", { level: 1, name: "New campaign" })).toBeVisible();
    await page.getByLabel("Sample").fill("0");
    await page.getByRole("button", { name: "Preview audience" }).click();
    await expect(page.getByText("Sample at least 1 %.")).toBeVisible();
    await page.goto("/cs/outbox");
    await expect(page.getByRole("heading", { level: 1, name: "Email outbox" })).toBeVisible();
    expect(await rawKeys(page)).toEqual([]);
  });
});
