import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { expectAccessible, signInStaff } from "./helpers";

/*
 * The onboarding console on a small hand-built set: the overview's funnel and TTV figures match
 * what was computed by hand, the stalled account is listed; an admin edits a guide's step in the
 * editor, previews it in Japanese and publishes version 2.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));

function seed(): Promise<{ guideId: string; key: string; stalled: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      join(root, "node_modules/.bin/tsx"),
      ["test/e2e/onboarding-console-seed.ts"],
      { cwd: root, env: { ...process.env, DATABASE_URL: `file:${process.env.E2E_DATABASE_PATH}`, KIZUNA_DEMO: "0" } },
      (error, stdout, stderr) => {
        const read = (name: string) => new RegExp(`^${name} (.+)$`, "m").exec(stdout)?.[1];
        const out = { guideId: read("GUIDE"), key: read("KEY"), stalled: read("STALLED") };
        if (error || Object.values(out).some((v) => !v)) reject(new Error(`seeding failed: ${stderr || stdout}`));
        else resolve(out as { guideId: string; key: string; stalled: string });
      },
    );
  });
}

test("the overview's funnel and TTV match a hand-built set; an admin edits a step, previews it in Japanese and publishes version 2", async ({ page }) => {
  test.setTimeout(120_000);
  const s = await seed();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInStaff(page, "admin");

  await page.goto(`/cs/onboarding?guide=${s.guideId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Onboarding" })).toBeVisible();
  const funnel = page.locator("table.onboarding-funnel");
  await expect(funnel.locator('tr[data-step="connect"] [data-cell="done"]')).toHaveText("4");
  await expect(funnel.locator('tr[data-step="invite"] [data-cell="done"]')).toHaveText("2");
  await expect(funnel.locator('tr[data-step="invite"] [data-cell="drop"]')).toHaveText("2");
  await expect(funnel.locator('tr[data-step="report"] [data-cell="done"]')).toHaveText("3");
  const march = page.locator('table.onboarding-cohorts tr[data-cohort="2025-03"]');
  await expect(march.locator('[data-cell="median"]')).toHaveText("6 days");
  await expect(march.locator('[data-cell="p75"]')).toHaveText("8 days");
  await expect(page.locator("table.onboarding-stalled")).toContainText(s.stalled);
  await expect(page.locator("table.onboarding-stalled")).toContainText("Invite a teammate");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/onboarding-overview.png", fullPage: true });

  await page.goto(`/cs/guides/${s.guideId}/edit`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Edit");
  await page.getByLabel("Title (Japanese)").nth(1).fill("同僚を招待する");
  await page.getByLabel("Body (Japanese, Markdown)").nth(1).fill("**チーム** を招待しましょう。");
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const jaPreview = page.getByRole("article", { name: "Preview in Japanese" }).nth(1);
  await expect(jaPreview.getByRole("heading", { name: "同僚を招待する" })).toBeVisible();
  await expect(jaPreview.locator("strong")).toHaveText("チーム");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/onboarding-guide-editor.png", fullPage: true });
  await jaPreview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/onboarding-guide-preview.png" });

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/cs/guides/${s.guideId}\\?published=updated`));
  await expect(page.getByRole("status")).toContainText("new version");
  await expect(page.getByText("Version 2", { exact: true })).toBeVisible();
  // The accounts mid-way stay on version 1: the overview's version filter still finds them there.
  await page.goto(`/cs/onboarding?guide=${s.guideId}&version=1`);
  await expect(page.locator('table.onboarding-funnel tr[data-step="connect"] [data-cell="done"]')).toHaveText("4");
});
