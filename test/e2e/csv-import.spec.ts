import { expect, test } from "@playwright/test";
import { signInStaff } from "./helpers";

const header = "external_id,name,domain,acv_amount,acv_currency,start_date,renewal_date,stage\n";
const good = "e2e-csv-1,Nishiki Foods 株式会社,nishiki.example,4200000,JPY,2023-04-01,2027-03-31,adoption\n";
const bad = 'e2e-csv-2,"Harbor, Inc.",harbor.example,250000,XYZ,2024-01-15,,onboarding\n';

test("an admin previews an accounts CSV, sees the bad row by line, fixes it and imports", async ({ page }) => {
  await signInStaff(page, "admin");
  await page.goto("/cs/import");
  await page.getByRole("radio", { name: /^Accounts/ }).check();
  await page.getByLabel("CSV file").setInputFiles({ name: "accounts.csv", mimeType: "text/csv", buffer: Buffer.from(header + good + bad) });
  await page.getByRole("button", { name: "Preview import" }).click();

  await expect(page.getByText(/line 3, acv_currency/)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import/ })).toBeDisabled();
  await page.screenshot({ path: "test-results/screens/import-preview-errors.png", fullPage: true });

  // Nothing was written: the account from the good row does not exist yet.
  await page.goto("/cs/accounts?q=e2e-csv-1");
  await expect(page.getByText("Nishiki Foods 株式会社")).toHaveCount(0);

  await page.goto("/cs/import");
  await page.getByRole("radio", { name: /^Accounts/ }).check();
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "accounts.csv", mimeType: "text/csv", buffer: Buffer.from(header + good + bad.replace("XYZ", "USD")) });
  await page.getByRole("button", { name: "Preview import" }).click();
  await page.getByRole("button", { name: "Import 2 rows" }).click();
  await expect(page.getByText(/2 new|Imported 2/i).first()).toBeVisible();

  await page.goto("/cs/accounts?q=Harbor");
  await expect(page.getByRole("link", { name: "Harbor, Inc." })).toBeVisible();
});
