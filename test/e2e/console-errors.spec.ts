import { expect, test } from "@playwright/test";
import { signInStaff } from "./helpers";

/*
 * A console page whose loader throws (a bad filter, an id that is not one, a record that does not
 * exist) shows its error inside the console: the navigation stays, so the reader has a way on.
 */
const FAILING = [
  { path: "/cs/audit?action=NOT%20AN%20ACTION", status: 400 },
  { path: "/cs/outbox?status=nonsense", status: 400 },
  { path: "/cs/outbox/abc", status: 400 },
  { path: "/cs/outbox/999999", status: 404 },
  { path: "/cs/users/abc", status: 400 },
  { path: "/cs/users/999999", status: 404 },
  { path: "/cs/accounts/999999", status: 404 },
  { path: "/cs/campaigns/999999", status: 404 },
  { path: "/cs/cases/999999", status: 404 },
  { path: "/cs/responses/999999", status: 404 },
];

test("a console page whose loader fails keeps the console navigation", async ({ page }) => {
  await signInStaff(page, "admin");
  for (const { path, status } of FAILING) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(status);
    await expect(page.getByText(`Error ${status}`), path).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Console" }), path).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit log" }), path).toBeVisible();
  }
});
