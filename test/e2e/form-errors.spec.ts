import { expect, test } from "@playwright/test";
import { expectFieldError, signInStaff } from "./helpers";

for (const javaScriptEnabled of [false, true]) {
  test.describe(javaScriptEnabled ? "with JS" : "without JS", () => {
    test.use({ javaScriptEnabled });

    test("the new-campaign and survey forms show each refusal beside its field", async ({ page }) => {
      await signInStaff(page, "admin");
      await page.goto("/cs/campaigns/new");
      await page.getByLabel("Campaign name").fill("E2E errors");
      await page.getByLabel("Sample").fill("0");
      await page.getByLabel("Skip contacts surveyed within").fill("soon");
      await page.getByRole("button", { name: "Preview audience" }).click();
      await expectFieldError(page, "Sample", /at least 1/);
      await expectFieldError(page, "Skip contacts surveyed within", /whole number/);
      await expect(page.getByLabel("Campaign name")).toHaveValue("E2E errors");

      await page.goto("/cs/survey");
      await page.getByLabel("Detractors up to score").fill("9");
      await page.getByLabel("Public review page").fill("javascript:alert(1)");
      await page.getByRole("button", { name: "Save survey" }).click();
      await expectFieldError(page, "Detractors up to score", /below the promoter line/);
      await expectFieldError(page, "Public review page", /full link/);
    });
  });
}
