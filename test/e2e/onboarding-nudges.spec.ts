import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { deliveredTo, waitForEmail } from "./fixtures";
import { signInStaff } from "./helpers";

/*
 * Issue 15's stall, with the clock injected rather than waited for: a low-touch account starts its
 * guide two days ago and does nothing. The onboarding check run now finds nothing; run as of 15
 * days later (`npm run cli -- onboarding check --at …`) it finds the account stalled, opens an
 * "Onboarding stalled" task for its CSM, and queues the Japanese contact's nudge, which the
 * server's worker sends through the real Resend SDK to the fake Resend.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));
const env = () => ({
  ...process.env,
  DATABASE_URL: `file:${process.env.E2E_DATABASE_PATH}`,
  APP_URL: `http://127.0.0.1:${process.env.E2E_PORT}`,
  KIZUNA_DEMO: "0",
});

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(root, "node_modules/.bin/tsx"), args, { cwd: root, env: env() }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test("a quiet low-touch account stalls: its person gets the nudge in Japanese, and its CSM a task", async ({ page }) => {
  test.setTimeout(120_000);
  const seeded = await run(["test/e2e/onboarding-nudges-seed.ts"]);
  const read = (name: string) => new RegExp(`^${name} (.+)$`, "m").exec(seeded.stdout)?.[1];
  const [accountId, accountName, email] = [read("ACCOUNT"), read("NAME"), read("EMAIL")];
  expect(accountId && accountName && email, seeded.stderr || seeded.stdout).toBeTruthy();

  // Now: two days in, nothing is due yet.
  const early = await run(["db/cli.ts", "onboarding", "check"]);
  expect(early.code, early.stderr).toBe(0);
  expect(await deliveredTo(email!)).toHaveLength(0);

  // Fifteen days later: stalled (a task for the low-touch account's CSM) and nudged.
  const later = new Date(Date.now() + 15 * 86_400_000).toISOString();
  const stalled = await run(["db/cli.ts", "onboarding", "check", "--at", later]);
  expect(stalled.code, stalled.stderr).toBe(0);
  expect(stalled.stdout).toMatch(/tasks opened: [1-9]/);
  const nudge = await waitForEmail(email!, /^次のステップ：データを接続する$/, 20_000);
  expect(nudge.html).toContain("設定 → ソース");
  expect(nudge.html).toContain("/portal/onboarding/connect");
  expect(nudge.headers?.["List-Unsubscribe"]).toMatch(/\/onboarding\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
  expect(nudge.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");

  // Running it again sends nothing more and opens no second task.
  const again = await run(["db/cli.ts", "onboarding", "check", "--at", later]);
  expect(again.stdout).toMatch(/^Stalled: 0 /m);

  // The CSM finds the task in the queue, filtered by kind, and its page names the guide and the step.
  await signInStaff(page, "csm");
  await page.goto("/cs/cases?kind=onboarding_stalled&owner=me&status=active");
  const row = page.getByRole("row").filter({ hasText: accountName! });
  await expect(row).toContainText("Onboarding stalled");
  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Onboarding stalled: ${accountName}`);
  await expect(page.getByText("E2E onboarding (version 1)")).toBeVisible();
  await expect(page.locator("dd").filter({ hasText: "Connect your data" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open the account 360" })).toHaveAttribute("href", `/cs/accounts/${accountId}`);
});
