import { expect, test } from "@playwright/test";
import { expectAccessible } from "./helpers";

test.describe("customer pages on a phone", () => {
  test("the sign-in page fits the screen and passes axe", async ({ page }) => {
    await page.goto("/login");
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "test-results/screens/login-phone.png", fullPage: true });
  });
});

test.describe("customer pages without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("requesting a sign-in link works with JS off", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("textbox").first().fill("nobody-js-off@nowhere.test");
    await page.getByRole("button", { name: /sign-in link|送信/i }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(page.url()).toContain("/login");
  });
});
