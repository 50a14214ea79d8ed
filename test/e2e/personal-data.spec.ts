import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { E2E_CONTACTS } from "./fixtures";
import { latinWordsLeft, signInStaff } from "./helpers";

/*
 * The contact page's Personal data panel in a browser: an admin opens a contact from the list,
 * downloads the export, and a mistyped confirmation is refused beside its field without
 * erasing anyone (the erasure itself is tested against the database in
 * test/integration/personal-data*.test.ts). Then the same page in Japanese, with no English
 * left and a screenshot at 1280 px; a CSM is refused the page.
 */

const ALLOWED = new Set(["Kizuna", "JSON", "GDPR", "NPS", "API", "ID"]);

test("an admin exports a contact's personal data, and an erase without the right address is refused", async ({ page }) => {
  const contact = E2E_CONTACTS.en;
  await signInStaff(page, "admin");
  await page.goto("/cs/contacts");
  await page.getByRole("link", { name: contact.name }).click();
  await expect(page.getByRole("heading", { name: contact.name, level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Personal data" })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download export" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^kizuna-personal-data-contact-\d+\.json$/);
  const exported = JSON.parse(await readFile((await download.path())!, "utf8"));
  expect(exported.contact).toMatchObject({ email: contact.email, name: contact.name });
  expect(exported.summary).toContain("Personal data held by Kizuna");

  await page.getByRole("radio", { name: "Keep them, shown as a deleted member" }).check();
  await page.getByLabel(`Type ${contact.email} to confirm`).fill("someone.else@example.com");
  await page.getByRole("button", { name: "Erase this person" }).click();
  await expect(page.locator(".field-error").first()).toHaveText("Type the contact's email address exactly to confirm the erasure.");
  await page.reload();
  await expect(page.getByRole("heading", { name: contact.name, level: 1 })).toBeVisible();
});

test("a CSM is refused the contact page", async ({ page }) => {
  await signInStaff(page, "csm");
  await page.goto("/cs/contacts");
  await expect(page.getByRole("link", { name: E2E_CONTACTS.en.name })).toHaveCount(0);
  const response = await page.request.get("/cs/contacts/1");
  expect(response.status()).toBe(403);
});

test("the contact page reads in Japanese", async ({ page, browser }) => {
  // A new admin of our own whose language is Japanese, so the shared admin's never changes.
  const email = `privacy-ja-${Date.now()}@e2e.test`;
  const password = "privacy-ja-password-e2e";
  await signInStaff(page, "admin");
  await page.goto("/cs/users");
  await page.getByLabel("Name").fill("小林 舞");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Initial password").fill(password);
  await page.getByRole("radio", { name: /^admin/ }).check();
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toContainText("小林 舞");

  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const ja = await context.newPage();
  await ja.goto("/cs/login");
  await ja.locator("input[type=email]").fill(email);
  await ja.locator("input[type=password]").fill(password);
  await ja.locator("button[type=submit]").click();
  await expect(ja.getByRole("navigation", { name: "コンソール" })).toBeVisible();
  await ja.goto("/cs/contacts");
  await ja.getByRole("link", { name: E2E_CONTACTS.ja.name }).click();
  await expect(ja.getByRole("heading", { name: "個人データ" })).toBeVisible();
  await expect(ja.getByRole("link", { name: "エクスポートをダウンロード" })).toBeVisible();
  expect(await latinWordsLeft(ja, ALLOWED, ["h1"])).toEqual([]);
  await ja.screenshot({ path: "test-results/screenshots/ja-cs-contacts-id.png", fullPage: true });
  await context.close();
});
