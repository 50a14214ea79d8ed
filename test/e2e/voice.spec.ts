import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, latinWordsLeft, signInStaff } from "./helpers";

/*
 * The "voice of the customer" page: a CSM links an NPS comment to an idea from the response page,
 * then reads the idea at the top of the ARR ranking with the comment under it, in English and in
 * Japanese; both pass axe, and screenshots at 1280 px go to test-results/screenshots.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));

type Seeded = { area: string; idea: string; other: string; response: string; comment: string };

function seed(): Promise<Seeded> {
  return new Promise((resolve, reject) => {
    execFile(
      join(root, "node_modules/.bin/tsx"),
      ["test/e2e/voice-seed.ts"],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: `file:${process.env.E2E_DATABASE_PATH}`, APP_URL: `http://127.0.0.1:${process.env.E2E_PORT}`, KIZUNA_DEMO: "0" },
      },
      (error, stdout, stderr) => {
        const read = (name: string) => new RegExp(`^${name} (.+)$`, "m").exec(stdout)?.[1];
        const out = { area: read("AREA"), idea: read("IDEA"), other: read("OTHER"), response: read("RESPONSE"), comment: read("COMMENT") };
        if (error || Object.values(out).some((v) => !v)) reject(new Error(`seeding failed: ${stderr || stdout}`));
        else resolve(out as Seeded);
      },
    );
  });
}

/** Latin words a Japanese page may show besides the seeded data (marked translate="no"): currency codes (the missing-rates note names them) and product terms. */
const ALLOWED = new Set(["Kizuna", "NPS", "ARR", "ACV", "JPY", "USD", "EUR", "CSM"]);

async function expectIdeaWithComment(page: Page, seeded: Seeded) {
  const idea = page.locator(`#idea-${seeded.idea}`);
  await expect(idea.getByRole("link", { name: /Weekly export of NPS answers/ })).toBeVisible();
  await expect(idea.locator("blockquote")).toHaveText(seeded.comment);
  await expect(idea.locator(`a[href="/cs/responses/${seeded.response}"]`)).toBeVisible();
}

test("a CSM links an NPS comment to an idea and reads it on the voice of the customer page, in English and in Japanese", async ({ page, browser }) => {
  const seeded = await seed();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInStaff(page, "csm");

  // The feedback loop, from the response page.
  await page.goto(`/cs/responses/${seeded.response}`);
  await page.getByLabel("Idea number or address").fill(seeded.idea);
  await page.getByRole("button", { name: "Link", exact: true }).click();
  await expect(page.getByText("Linked to the idea.")).toBeVisible();

  const path = `/cs/community/voice?area=${seeded.area}`;
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Voice of the customer" })).toBeVisible();
  await expect(page).toHaveTitle(/Voice of the customer/);
  // The export idea first (¥27,400,000 from three accounts), then the alerts (¥3,400,000 from two).
  const titles = page.locator(".voice-ideas > li h3 a");
  await expect(titles).toHaveCount(2);
  await expect(titles.first()).toContainText("Weekly export of NPS answers");
  await expect(page.locator(`#idea-${seeded.idea} .voice-figures`)).toContainText("¥27,400,000");
  await expect(page.locator(`#idea-${seeded.other} .voice-figures`)).toContainText("¥3,400,000");
  await expect(page.locator("figure.chart-idea-arr svg rect.chart-bar")).toHaveCount(2);
  await expectIdeaWithComment(page, seeded);
  // Each segment's list: high touch has only the export idea, at Globex's ACV.
  const high = page.getByRole("region", { name: "High touch" });
  await expect(high.locator("tbody tr")).toHaveCount(1);
  await expect(high.locator("tbody tr")).toContainText("¥24,000,000");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/screenshots/en-cs-community-voice.png", fullPage: true });

  // The same page for a CSM who reads Japanese.
  const email = `voice-ja-${Date.now()}@e2e.test`;
  const password = "voice-ja-password-e2e";
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await signInStaff(adminPage, "admin");
  await adminPage.goto("/cs/users");
  await adminPage.getByLabel("Name").fill("佐藤 花子");
  await adminPage.getByLabel("Email").fill(email);
  await adminPage.getByLabel("Initial password").fill(password);
  await adminPage.getByRole("radio", { name: /^CSM/i }).check();
  await adminPage.getByRole("button", { name: "Add user" }).click();
  await expect(adminPage.getByRole("status")).toContainText("佐藤 花子");
  await admin.close();

  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const ja = await context.newPage();
  await ja.goto("/cs/login");
  await ja.locator("input[name=email]").fill(email);
  await ja.locator("input[name=password]").fill(password);
  await ja.locator("form button[type=submit]").click();
  await expect(ja.getByRole("navigation", { name: "コンソール" })).toBeVisible();
  await ja.goto(`${path}&period=1y`);
  await expect(ja.getByRole("heading", { level: 1, name: "顧客の声" })).toBeVisible();
  await expect(ja).toHaveTitle(/顧客の声/);
  await expectIdeaWithComment(ja, seeded);
  await expect(ja.getByRole("region", { name: "ハイタッチ" })).toBeVisible();
  expect(await latinWordsLeft(ja, ALLOWED, ["figure.chart-idea-arr svg", ".chart-data th[scope=row]"])).toEqual([]);
  await expectAccessible(ja);
  await ja.screenshot({ path: "test-results/screenshots/ja-cs-community-voice.png", fullPage: true });
  await context.close();
});
