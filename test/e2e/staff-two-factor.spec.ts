import { expect, test, type Page } from "@playwright/test";
import { totpCode } from "../../app/utils/totp.server";
import { latinWordsLeft, signInStaff } from "./helpers";

// A person of their own, so that the other specs' staff keep signing in with a password alone.
const PERSON = { email: `two-factor-${Date.now()}@e2e.test`, name: "Two Factor", password: "two-factor-password-e2e" };

async function signInWithPassword(page: Page) {
  await page.goto("/cs/login");
  await page.getByLabel("Email").fill(PERSON.email);
  await page.getByLabel("Password").fill(PERSON.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/cs\/login/);
}

test("a CSM turns on two-factor, signs in with password and code, and uses a recovery code once", async ({ page }) => {
  await signInStaff(page, "admin");
  const created = await page.request.post("/cs/users", { form: { email: PERSON.email, name: PERSON.name, role: "csm", password: PERSON.password } });
  expect(created.status()).toBeLessThan(400);
  await signOut(page);

  // Setting it up from their own profile.
  await signInWithPassword(page);
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  await page.goto("/cs/profile");
  await page.getByRole("link", { name: "Set up two-factor authentication" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await page.getByText("Can't scan it?").click();
  const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Enter the 6-digit code the app now shows").fill(totpCode(secret, Date.now()));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("Two-factor authentication is on.")).toBeVisible();
  const recoveryCodes = await page.getByRole("list", { name: "Your recovery codes" }).getByRole("listitem").allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  await page.getByRole("link", { name: "I have saved my recovery codes" }).click();
  await expect(page).toHaveURL(/\/cs\/profile$/);
  await expect(page.getByText("10 recovery codes left.")).toBeVisible();
  await signOut(page);

  // Password, then the code the app shows (the next one: the one used to set it up is spent).
  await signInWithPassword(page);
  await expect(page).toHaveURL(/\/cs\/login\/code/);
  await expect(page.getByRole("navigation", { name: "Console" })).toHaveCount(0);
  await page.getByLabel("Authentication code").fill(totpCode(secret, Date.now() + 30_000));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  await signOut(page);

  // No phone: a recovery code, once.
  await signInWithPassword(page);
  await page.getByLabel("Authentication code").fill(recoveryCodes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  await signOut(page);

  await signInWithPassword(page);
  await page.getByLabel("Authentication code").fill(recoveryCodes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert")).toContainText("does not match, or it was used already");
  await expect(page).toHaveURL(/\/cs\/login\/code/);
  await page.goto("/cs");
  await expect(page).toHaveURL(/\/cs\/login\/code/);
});

/** Latin words the Japanese two-factor pages may show: product names and the codes people type. */
const ALLOWED = new Set([
  "Kizuna",
  "English",
  "QR",
  "Google",
  "Authenticator",
  "Microsoft",
  "Password",
  "ID",
  // The names of the environment variables that turn single sign-on on (OIDC_ISSUER, …).
  "OIDC",
  "ISSUER",
  "CLIENT",
  "SECRET",
  "README",
  "TOTP",
]);
const JA_PERSON = { email: `two-factor-ja-${Date.now()}@e2e.test`, name: "二段階 花子", password: "two-factor-ja-password-e2e" };

test("the two-factor pages read in Japanese, with no English left", async ({ page, browser }) => {
  await signInStaff(page, "admin");
  const created = await page.request.post("/cs/users", { form: { email: JA_PERSON.email, name: JA_PERSON.name, role: "admin", password: JA_PERSON.password } });
  expect(created.status()).toBeLessThan(400);

  // A new admin whose language is still unset, from a Japanese browser: the console speaks Japanese.
  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const ja = await context.newPage();
  const shot = (name: string) => ja.screenshot({ path: `test-results/screenshots/two-factor-${name}-ja.png`, fullPage: true });
  const signIn = async () => {
    await ja.goto("/cs/login");
    await ja.locator("input[name=email]").fill(JA_PERSON.email);
    await ja.locator("input[name=password]").fill(JA_PERSON.password);
    await ja.locator("form button[type=submit]").first().click();
  };
  await signIn();
  await expect(ja.getByRole("navigation").first()).toBeVisible();

  await ja.goto("/cs/profile");
  await expect(ja.getByRole("heading", { name: "2 段階認証" })).toBeVisible();
  expect(await latinWordsLeft(ja, ALLOWED)).toEqual([]);

  await ja.goto("/cs/settings/sign-in");
  await expect(ja.getByRole("heading", { name: "2 段階認証" })).toBeVisible();
  expect(await latinWordsLeft(ja, ALLOWED)).toEqual([]);
  await shot("settings");

  await ja.goto("/cs/two-factor");
  expect(await latinWordsLeft(ja, ALLOWED)).toEqual([]);
  await ja.getByRole("button", { name: "2 段階認証を設定" }).click();
  await expect(ja.getByRole("img", { name: "認証アプリ用の QR コード" })).toBeVisible();
  await ja.getByText("読み取れない場合").click();
  expect(await latinWordsLeft(ja, ALLOWED, [".two-factor-secret", ".two-factor-uri"])).toEqual([]);
  await shot("setup");
  const secret = ((await ja.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
  await ja.getByLabel("アプリに表示された 6 桁のコード").fill(totpCode(secret, Date.now()));
  await ja.getByRole("button", { name: "有効にする" }).click();
  await expect(ja.getByRole("heading", { name: "リカバリーコード" })).toBeVisible();
  expect(await latinWordsLeft(ja, ALLOWED, [".recovery-codes"])).toEqual([]);
  await shot("recovery-codes");

  await ja.goto("/cs/profile");
  await ja.getByRole("button", { name: "ログアウト" }).click();
  await signIn();
  await expect(ja).toHaveURL(/\/cs\/login\/code/);
  await expect(ja.getByRole("heading", { name: "確認コードの入力" })).toBeVisible();
  expect(await latinWordsLeft(ja, ALLOWED)).toEqual([]);
  await shot("code");
  await context.close();
});
