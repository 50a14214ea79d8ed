import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { countEmails, E2E_CONTACTS, E2E_STAFF, waitForEmail } from "./fixtures";
import { signInStaff } from "./helpers";

/*
 * The admins' daily digest reaches each admin in their own language: an English admin (whose
 * browser said English at their first sign-in) and a Japanese one (added today, first signed in
 * from a Japanese browser). A customer answers 1 so there is news; the digest is then run as an
 * operator would run it by hand (`npm run cli -- digest`), and the server's worker sends it through
 * the real Resend SDK to the fake Resend.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));

function runDigest(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join(root, "node_modules/.bin/tsx"),
      ["db/cli.ts", "digest"],
      {
        cwd: root,
        // The e2e server's database and address (see serve.ts); the worker in that server sends.
        env: { ...process.env, DATABASE_URL: `file:${process.env.E2E_DATABASE_PATH}`, APP_URL: `http://127.0.0.1:${process.env.E2E_PORT}`, KIZUNA_DEMO: "0" },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test("the digest arrives in Japanese for a Japanese admin and in English for an English one", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const jaAdmin = { email: `ja-admin-${Date.now()}@e2e.test`, password: "ja-admin-password-e2e" };
  // The English contact: the Japanese one must stay unsurveyed for the NPS spec's default throttle.
  const contact = E2E_CONTACTS.en;

  // The English admin adds a Japanese colleague as an admin and sends a pulse to a customer.
  await signInStaff(page, "admin");
  await page.goto("/cs/users");
  await page.getByLabel("Name").fill("高橋 美咲");
  await page.getByLabel("Email").fill(jaAdmin.email);
  await page.getByLabel("Initial password").fill(jaAdmin.password);
  await page.getByRole("radio", { name: /^admin/i }).check();
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toContainText("Created 高橋 美咲");

  const invitationsBefore = await countEmails(contact.email, /.+/);
  await page.goto("/cs/campaigns/new");
  await page.getByLabel("Campaign name").fill("E2E digest pulse");
  await page.getByLabel("Account list").fill("e2e-en");
  await page.getByLabel("Skip contacts surveyed within").fill("0");
  await page.getByRole("button", { name: "Preview audience" }).click();
  await page.getByRole("button", { name: /^Launch to \d+ contacts?$/ }).click();

  // The Japanese admin's first sign-in is from a Japanese browser: their language becomes Japanese.
  const ja = await (await browser.newContext({ locale: "ja-JP" })).newPage();
  await ja.goto("/cs/login");
  await ja.getByLabel("メールアドレス").fill(jaAdmin.email);
  await ja.getByLabel("パスワード").fill(jaAdmin.password);
  await ja.getByRole("button", { name: "ログイン" }).click();
  await expect(ja.getByRole("navigation", { name: "コンソール" })).toBeVisible();

  // The customer answers 1 from the email: a new detractor, the digest's news.
  const invitation = await waitForEmail(contact.email, /.+/, 15_000, invitationsBefore);
  const one = [...invitation.html.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1].replaceAll("&amp;", "&"))
    .find((href) => /\/s\/[A-Za-z0-9_-]{43}\?score=1$/.test(href));
  expect(one, "the email has a score-1 button").toBeTruthy();
  const customer = await (await browser.newContext({ locale: "en-US" })).newPage();
  const { pathname, search } = new URL(one!);
  await customer.goto(pathname + search);
  await customer.locator("main button.wide").click();
  await expect(customer.getByText("We recorded your score of 1.")).toBeVisible();

  const englishBefore = await countEmails(E2E_STAFF.admin.email, /^Kizuna digest for /);
  const run = await runDigest();
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Queued the digest for \d+ admins\./);

  const english = await waitForEmail(E2E_STAFF.admin.email, /^Kizuna digest for \d{4}-\d{2}-\d{2}: \d+ new detractors?/, 20_000, englishBefore);
  expect(english.html).toContain("Daily digest for");
  expect(english.html).not.toContain("デイリーダイジェスト");
  const japanese = await waitForEmail(jaAdmin.email, /^Kizuna ダイジェスト \d{4}年\d{1,2}月\d{1,2}日: 新しい批判者 \d+ 件/, 20_000);
  expect(japanese.html).toContain("デイリーダイジェスト");
  expect(japanese.text).toContain("高橋 美咲 さん");
  expect(japanese.html).not.toContain("Daily digest");
});
