import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { countEmails, E2E_CONTACTS, waitForEmail } from "./fixtures";
import { expectAccessible, latinWordsLeft, signInStaff } from "./helpers";

/*
 * Joining the community: a person at a customer's domain signs up from a Japanese browser at
 * /login, confirms the emailed link and accepts the guidelines; someone at a free-mail address
 * gets the same answer and no email; an admin renames a category in Japanese. Screenshots of the
 * welcome page and the categories page go to test-results/screenshots.
 */

/** Reads (never writes) the e2e server's database. */
function readDb<T>(sql: string, ...params: unknown[]): T | undefined {
  const sqlite = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare(sql).get(...params) as T | undefined;
  } finally {
    sqlite.close();
  }
}

/** The e2e Japanese contact's account has a company domain (the factories give every account one). */
function customerDomain(): string {
  return readDb<{ domain: string }>("SELECT domain FROM accounts WHERE name = ?", E2E_CONTACTS.ja.account)!.domain;
}

async function askForLink(page: Page, email: string) {
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await page.getByLabel("勤務先のメールアドレス").fill(email);
  await page.getByRole("button", { name: "ログインリンクを送信" }).click();
  await expect(page.getByRole("heading", { name: "メールをご確認ください" })).toBeVisible();
  return (await page.locator("main").innerText()).replaceAll(email, "ADDRESS");
}

test("a person at a customer's domain joins from a Japanese browser and accepts the guidelines; free mail gets the same answer and no email", async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: "ja-JP" });
  const page = await context.newPage();
  const joiner = `kenji.${Date.now()}@${customerDomain()}`;
  const freeMail = `kenji.${Date.now()}@gmail.com`;

  const freeAnswer = await askForLink(page, freeMail);
  const joinAnswer = await askForLink(page, joiner);
  expect(joinAnswer).toBe(freeAnswer);

  const email = await waitForEmail(joiner, /コミュニティ/);
  const link = email.text.match(/https?:\/\/\S+\/login\/join\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(link, "the join email carries the link").toBeTruthy();
  // The free-mail request was made first; the worker sends in order, so its email would be here by now.
  expect(await countEmails(freeMail, /./)).toBe(0);

  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole("heading", { name: "ユーザーコミュニティへの参加" })).toBeVisible();
  await expect(page.getByText(E2E_CONTACTS.ja.account).first()).toBeVisible();
  await page.getByLabel("お名前（任意）").fill("鈴木 健二");
  await page.getByRole("button", { name: "コミュニティに参加" }).click();

  await expect(page).toHaveURL(/\/community\/welcome\?redirectTo=%2Fcommunity$/);
  await expect(page.getByRole("heading", { level: 1, name: "コミュニティガイドライン" })).toBeVisible();
  await expect(page.locator(".prose h2")).toHaveText("ようこそ");
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: "test-results/screenshots/community-welcome-ja.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screenshots/community-welcome-ja-phone.png", fullPage: true });

  // No client script on this page: the accept button is a plain form.
  expect(await page.locator("script[src]").count()).toBe(0);
  await page.getByRole("button", { name: "ガイドラインに同意する" }).click();
  await expect(page).toHaveURL(/\/community$/);

  const member = readDb<{ locale: string; accepted: number | null; account: string }>(
    `SELECT c.locale, m.guidelines_accepted_at AS accepted, a.name AS account
       FROM contacts c JOIN community_members m ON m.contact_id = c.id JOIN accounts a ON a.id = c.account_id WHERE c.email = ?`,
    joiner,
  );
  expect(member).toMatchObject({ locale: "ja", account: E2E_CONTACTS.ja.account });
  expect(member!.accepted).toBeGreaterThan(0);

  await page.goto("/community/welcome");
  await expect(page.getByText("このガイドラインに同意済みです。")).toBeVisible();
  await context.close();
});

test("an admin renames a category in Japanese; its slug stays", async ({ page }) => {
  await signInStaff(page, "admin");
  await page.locator("form.language-switch button").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  try {
    await page.goto("/cs/community/categories");
    await expect(page.getByRole("heading", { level: 1, name: "コミュニティのカテゴリ" })).toBeVisible();
    await page.getByRole("link", { name: "編集: 活用のヒント" }).click();
    await expect(page.getByRole("heading", { name: "「活用のヒント」を編集" })).toBeVisible();

    // A bad value is refused beside its field, and nothing changes.
    await page.getByLabel("名前（日本語）").fill("");
    await page.getByRole("button", { name: "変更を保存" }).click();
    await expect(page.getByText("名前を入力してください。")).toBeVisible();

    await page.getByLabel("名前（日本語）").fill("使いこなしのコツ");
    await page.getByRole("button", { name: "変更を保存" }).click();
    await expect(page.getByRole("status")).toContainText("カテゴリ「使いこなしのコツ」を保存しました。");
    await page.goto("/cs/community/categories");
    const row = page.getByRole("row", { name: /使いこなしのコツ/ });
    await expect(row.locator("code")).toHaveText("tips");
    await expectAccessible(page);
    expect(
      // Q&A is the category's name in both languages; "how-to" is the slug hint's example; the badges' "Aa" is an SVG sample.
      await latinWordsLeft(page, new Set(["Q", "A", "AQ", "QA", "API", "how", "to"]), ["code", "[lang=en]", "input", "textarea", "svg"]),
    ).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: "test-results/screenshots/community-categories-ja.png", fullPage: true });
    expect(readDb<{ slug: string; kind: string }>("SELECT slug, kind FROM community_categories WHERE name_ja = ?", "使いこなしのコツ")).toEqual({
      slug: "tips",
      kind: "discussion",
    });
  } finally {
    await page.locator("form.language-switch button").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  }
});

test("someone asks to join from a Japanese browser; a CSM approves it in Japanese and the person gets a sign-in link in Japanese", async ({
  browser,
  page,
}) => {
  const context = await browser.newContext({ locale: "ja-JP" });
  const asker = await context.newPage();
  const email = `ask.${Date.now()}@partner-firm.test`;
  await asker.goto("/community/join");
  await expect(asker.getByRole("heading", { level: 1, name: "コミュニティへの参加申請" })).toBeVisible();
  await expectAccessible(asker);
  // Bad input is refused beside its field.
  await asker.getByLabel("お名前").fill("高橋 美咲");
  await asker.getByLabel("会社のメールアドレス").fill("not-an-address");
  await asker.getByLabel("会社名").fill("パートナー株式会社");
  await asker.getByRole("button", { name: "申請を送信" }).click();
  await expect(asker.getByText("会社のメールアドレスを入力してください（例: name@company.co.jp）。")).toBeVisible();
  await asker.getByLabel("会社のメールアドレス").fill(email);
  await asker.getByRole("button", { name: "申請を送信" }).click();
  await expect(asker.getByRole("heading", { name: "ありがとうございます" })).toBeVisible();
  await context.close();

  await signInStaff(page, "csm");
  await page.locator("form.language-switch button").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  try {
    await page.goto("/cs/community/join-requests");
    await expect(page.getByRole("heading", { level: 1, name: "参加申請" })).toBeVisible();
    const row = page.getByRole("row", { name: new RegExp(email.replace(/\./g, "\\.")) });
    await expect(row).toContainText("パートナー株式会社");
    await expectAccessible(page);
    expect(await latinWordsLeft(page, new Set(["Kizuna"]), ["select", "[lang=en]", "svg"])).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: "test-results/screenshots/community-join-requests-ja.png", fullPage: true });
    await row.getByLabel("アカウント").selectOption({ label: E2E_CONTACTS.ja.account });
    await row.getByRole("button", { name: "承認してリンクを送信" }).click();
    await expect(page.getByRole("status")).toContainText(`${email} を ${E2E_CONTACTS.ja.account} のコンタクトとして追加`);
    const signIn = await waitForEmail(email, /ログイン用リンク/);
    expect(signIn.text).toMatch(/\/login\/[A-Za-z0-9_-]{43}\?redirectTo=%2Fcommunity%2Fwelcome/);
  } finally {
    await page.locator("form.language-switch button").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  }
});

test("the community settings page reads in Japanese", async ({ page }) => {
  await signInStaff(page, "admin");
  await page.locator("form.language-switch button").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  try {
    await page.goto("/cs/community/settings");
    await expect(page.getByRole("heading", { level: 1, name: "コミュニティ設定" })).toBeVisible();
    await expect(page.getByLabel("メンバーのみ（ログインしたお客様とチーム）")).toBeChecked();
    await expectAccessible(page);
    // Markdown, the sitemap's path and "canonical" are the words Japanese teams use for them (and Q&A, CSM).
    expect(await latinWordsLeft(page, new Set(["Markdown", "URL", "canonical", "community", "sitemap", "xml", "Q", "A", "CSM"]), ["textarea"])).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: "test-results/screenshots/community-settings-ja.png", fullPage: true });
  } finally {
    await page.locator("form.language-switch button").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  }
});
