import { expect, test } from "@playwright/test";
import { E2E_STAFF } from "./fixtures";
import { signInStaff } from "./helpers";

test("a wrong password is refused with the same message as an unknown email", async ({ page }) => {
  await page.goto("/cs");
  await expect(page).toHaveURL(/\/cs\/login\?redirectTo=%2Fcs/);
  for (const email of [E2E_STAFF.csm.email, "nobody@e2e.test"]) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("do not match an active account");
  }
});

test("an admin signs in, sees the admin pages, and signs out", async ({ page }) => {
  await signInStaff(page, "admin");
  const nav = page.getByRole("navigation", { name: "Console" });
  await expect(nav.getByRole("link", { name: "Users" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Import CSV" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/cs\/login/);
  // The session is gone on the server, not only in this page.
  await page.goto("/cs");
  await expect(page).toHaveURL(/\/cs\/login/);
});

test("a viewer reads the console but is denied what changes data", async ({ page }) => {
  await signInStaff(page, "viewer");
  const nav = page.getByRole("navigation", { name: "Console" });
  await expect(nav.getByRole("link", { name: "Accounts" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Import CSV" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);

  const response = await page.goto("/cs/import");
  expect(response?.status()).toBe(403);
  await expect(page.getByText(/does not allow/)).toBeVisible();

  // Forging the form post does not help either.
  const post = await page.request.post("/cs/users", {
    form: { intent: "create", email: "x@e2e.test", name: "X", role: "admin", password: "long-enough-password" },
  });
  expect(post.status()).toBe(403);
});
