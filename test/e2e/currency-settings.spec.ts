import { expect, test } from "@playwright/test";
import { expectAccessible, signInStaff } from "./helpers";

/*
 * The test accounts are in USD and the reporting currency is the default JPY with no rates: the
 * account list says USD has no rate and shows "no rate" beside each ACV. An admin follows the
 * link to Settings → Currency, where a bad rate is refused next to its field before anything is
 * sent, and a good one is saved and listed. The rate is for EUR, which no test account uses, so
 * the other specs' accounts keep their amounts.
 */
test("an admin sees which currencies lack a rate and adds a dated rate, with field errors beside the fields", async ({ page }) => {
  await signInStaff(page, "admin");
  await page.goto("/cs/accounts?sort=acv");
  await expect(page.getByRole("status").filter({ hasText: "No exchange rate into JPY is in force for USD" })).toBeVisible();
  await expect(page.locator("td.num .no-rate").first()).toHaveText("no rate");

  await page.getByRole("link", { name: "Settings → Currency" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Currency" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("table", { name: /each currency in use/ }).getByText("no rate")).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Currency", { exact: true }).fill("EUR");
  await page.getByLabel("1 unit is worth (JPY)").fill("-3");
  await page.getByRole("button", { name: "Add rate" }).click();
  await expect(page.locator(".field-error").first()).toContainText("decimal number");
  await expect(page.getByText("Rates into JPY, latest first")).toHaveCount(0);

  await page.getByLabel("1 unit is worth (JPY)").fill("162.5");
  await page.getByLabel("In force from").fill("2025-01-01");
  await page.getByRole("button", { name: "Add rate" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rate for EUR from Jan 1, 2025 saved" })).toBeVisible();
  const history = page.getByRole("table", { name: "Rates into JPY, latest first" });
  await expect(history.getByRole("row", { name: /Jan 1, 2025 EUR 162.5/ })).toBeVisible();
});
