import { expect, test } from "@playwright/test";
import { E2E_CONTACTS, waitForEmail } from "./fixtures";
import { signInStaff, forgetSignInLinkCountsOfThisMachine } from "./helpers";

test("an admin reading a sign-in email in the outbox sees it rendered, its link masked, and cannot use it", async ({ page }) => {
  const contact = E2E_CONTACTS.en;
  forgetSignInLinkCountsOfThisMachine();
  await page.goto("/login");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByLabel(/email/i).fill(contact.email);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  await expect(page.getByRole("heading", { name: /check your email/i })).toBeVisible();
  // What the customer received works; that token must appear nowhere in the console.
  const delivered = await waitForEmail(contact.email, /sign-in link/i);
  const token = delivered.text.match(/\/login\/([A-Za-z0-9_-]{43})/)![1];

  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${page.url()}: ${message.text()}`);
  });
  await signInStaff(page, "admin");
  await page.goto(`/cs/outbox?to=${encodeURIComponent(contact.email)}`);
  await page
    .getByRole("link", { name: /sign-in link/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/cs\/outbox\/\d+$/);
  await expect(page.getByText("KZSIGNINTOKEN")).toHaveCount(0);
  await expect(page.locator("pre.preview")).toContainText("/login/••••••••");

  const frame = page.frameLocator("iframe.email-preview");
  await expect(frame.getByRole("link", { name: /sign in/i }).first()).toBeVisible();
  await expect(frame.locator("body")).toContainText("/login/••••••••");
  // The frame is its own sandboxed document: no script runs in it, and it cannot read the console.
  await expect(page.locator("iframe.email-preview")).toHaveAttribute("sandbox", "");
  expect(await page.content()).not.toContain(token);
  const frameHtml = await page
    .frames()
    .find((f) => f.url().endsWith("/preview"))!
    .content();
  expect(frameHtml).not.toContain(token);
  await page.waitForLoadState("networkidle");
  // Chromium reports each of the test's own reads inside the frame as a blocked script: the
  // sandbox doing its job. Anything else (a CSP refusal, a script error) is a problem.
  expect(problems.filter((p) => !/Blocked script execution in '[^']*\/preview' because the document's frame is sandboxed/.test(p))).toEqual([]);
});
