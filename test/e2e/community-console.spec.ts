import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, latinWordsLeft, signInStaff } from "./helpers";

/*
 * The community console pages (unanswered questions, members, statistics) in English and in
 * Japanese: each has its own heading, passes axe, and the Japanese pages leave no English behind.
 * Screenshots at 1280 px go to test-results/screenshots for a person to look at.
 */

const PAGES = [
  { path: "/cs/community/unanswered", en: "Unanswered questions", ja: "未回答の質問" },
  { path: "/cs/community/members", en: "Community members", ja: "コミュニティメンバー" },
  { path: "/cs/community/stats", en: "Community statistics", ja: "コミュニティ統計" },
] as const;

/** Latin words a Japanese community console page may show: product terms, codes and the chart's unit. */
const ALLOWED = new Set(["Kizuna", "NPS", "CSM", "ACV", "JPY", "USD", "EUR", "ID", "Q", "A", "UTC"]);

async function openAll(page: Page, language: "en" | "ja") {
  for (const { path, ...heading } of PAGES) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: heading[language] }), path).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(heading[language]));
    await expectAccessible(page);
    if (language === "ja") expect(await latinWordsLeft(page, ALLOWED, [".mono"]), path).toEqual([]);
    await page.screenshot({ path: `test-results/screenshots/${language}${path.replaceAll("/", "-")}.png`, fullPage: true });
  }
}

test("a CSM opens the community console pages in English", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInStaff(page, "csm");
  await openAll(page, "en");
  // The statistics: five charts, each with its numbers in a data table.
  await page.goto("/cs/community/stats");
  await expect(page.locator("figure.chart")).toHaveCount(5);
  await expect(page.getByText("Data table")).toHaveCount(5);
  // A bad filter is a clear 400, not an error page.
  const bad = await page.goto("/cs/community/members?trust=admin");
  expect(bad?.status()).toBe(400);
  await context.close();
});

test("the same pages read in Japanese for a CSM who reads Japanese, and a viewer is refused", async ({ page, browser }) => {
  const email = `ja-csm-${Date.now()}@e2e.test`;
  const password = "ja-csm-password-e2e";
  await signInStaff(page, "admin");
  await page.goto("/cs/users");
  await page.getByLabel("Name").fill("中村 由美");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Initial password").fill(password);
  await page.getByRole("radio", { name: /^CSM/i }).check();
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toContainText("中村 由美");

  // Signing in from a Japanese browser sets a new user's language.
  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const ja = await context.newPage();
  await ja.goto("/cs/login");
  await ja.locator("input[name=email]").fill(email);
  await ja.locator("input[name=password]").fill(password);
  await ja.locator("form button[type=submit]").click();
  await expect(ja.getByRole("navigation", { name: "コンソール" })).toBeVisible();
  await openAll(ja, "ja");
  await context.close();

  const viewer = await browser.newContext();
  const viewerPage = await viewer.newPage();
  await signInStaff(viewerPage, "viewer");
  const refused = await viewerPage.goto("/cs/community/unanswered");
  expect(refused?.status()).toBe(403);
  await viewer.close();
});
