import { expect, test } from "@playwright/test";
import { E2E_CONTACTS, waitForEmail } from "./fixtures";
import { expectAccessible } from "./helpers";

test("a Japanese contact signs in by following the link in the delivered email", async ({ page, request }) => {
  const contact = E2E_CONTACTS.ja;
  await page.goto("/login");
  await expectAccessible(page);
  await page.getByRole("button", { name: "日本語" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await page.getByLabel("勤務先のメールアドレス").fill(contact.email);
  await page.getByRole("button", { name: "ログインリンクを送信" }).click();
  await expect(page.getByRole("heading", { name: "メールをご確認ください" })).toBeVisible();
  await expectAccessible(page);

  // The worker sends through the real Resend SDK; the fake Resend keeps what it received.
  const email = await waitForEmail(contact.email, /ログイン用リンク/);
  const link = email.text.match(/https?:\/\/\S+\/login\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(link, "the email text carries the sign-in link").toBeTruthy();
  expect(email.html).toContain(new URL(link!).pathname);

  // A mail scanner fetching the link does not use it up.
  expect((await request.get(link!, { headers: { "User-Agent": "Mozilla/5.0 (compatible; Barracuda Sentinel)" } })).status()).toBe(200);
  expect((await request.head(link!)).status()).toBe(200);

  await page.goto(new URL(link!).pathname);
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByText(contact.name).first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: /続行|としてログイン/ }).click();

  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("ようこそ");
  await expect(page.getByText(contact.account).first()).toBeVisible();
  await expectAccessible(page);

  // The link was single use.
  const again = await page.goto(new URL(link!).pathname);
  expect(again?.status()).toBe(410);
});

test("an unknown address gets the same answer and no email", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByLabel(/email/i).fill("stranger@nowhere.test");
  await page.getByRole("button", { name: /sign-in link/i }).click();
  await expect(page.getByRole("heading", { name: /check your email/i })).toBeVisible();
});
