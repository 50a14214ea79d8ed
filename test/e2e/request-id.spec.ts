import { expect, test } from "@playwright/test";
import { signInStaff } from "./helpers";

/*
 * A person who meets an error page can quote its reference, and it is the id the server logged
 * the request under (echoed in X-Request-Id on every response).
 */
test("a customer error page shows the request's id, the one in its X-Request-Id header", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  const id = response?.headers()["x-request-id"];
  expect(id).toMatch(/^[0-9a-z]{16,}$/);
  await expect(page.getByText("Reference to quote if you contact us:")).toBeVisible();
  await expect(page.locator("code", { hasText: id! })).toBeVisible();
});

test("a console error page shows its request's id; after a client-side navigation it shows none rather than a stale one", async ({ page }) => {
  await signInStaff(page, "admin");
  const response = await page.goto("/cs/accounts/999999");
  expect(response?.status()).toBe(404);
  const id = response?.headers()["x-request-id"];
  expect(id).toMatch(/^[0-9a-z]{16,}$/);
  await expect(page.getByText("Reference to quote when you report it:")).toBeVisible();
  await expect(page.locator("code", { hasText: id! })).toBeVisible();

  // Every response has an id of its own, the console's data requests too.
  const ids = new Set<string>();
  page.on("response", (r) => {
    const header = r.headers()["x-request-id"];
    if (header) ids.add(header);
  });
  await page.goto("/cs");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/cs\/audit/);
  expect(ids.size).toBeGreaterThan(1);
  expect(ids.has(id!)).toBe(false);
});
