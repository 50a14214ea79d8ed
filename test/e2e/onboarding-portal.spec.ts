import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { countEmails, waitForEmail } from "./fixtures";
import { expectAccessible, forgetSignInLinkCountsOfThisMachine } from "./helpers";

/*
 * Issue 15's portal check: a guide is imported through the API; a tech-touch member signs in and
 * sees it; the product posts events through the API and the steps tick themselves off on the
 * member's page within 5 seconds (an account step for the teammate too); a manual step is marked
 * with JavaScript off; first value shows the celebration; the API reads the same progress.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));
const SCREENS = "test-results/screens";

type Seeded = { key: string; account: string; member: string; teammate: string; stamp: string };

function seed(): Promise<Seeded> {
  return new Promise((resolve, reject) => {
    execFile(
      join(root, "node_modules/.bin/tsx"),
      ["test/e2e/onboarding-seed.ts"],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: `file:${process.env.E2E_DATABASE_PATH}`, APP_URL: `http://127.0.0.1:${process.env.E2E_PORT}`, KIZUNA_DEMO: "0" },
      },
      (error, stdout, stderr) => {
        const read = (name: string) => new RegExp(`^${name} (.+)$`, "m").exec(stdout)?.[1];
        const out = { key: read("KEY"), account: read("ACCOUNT"), member: read("MEMBER"), teammate: read("TEAMMATE"), stamp: read("STAMP") };
        if (error || Object.values(out).some((v) => !v)) reject(new Error(`seeding failed: ${stderr || stdout}`));
        else resolve(out as Seeded);
      },
    );
  });
}

async function signInCustomer(browser: Browser, email: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US", javaScriptEnabled });
  const page = await context.newPage();
  await page.goto("/login?redirectTo=%2Fportal%2Fonboarding");
  const seen = await countEmails(email, /sign/i);
  await page.getByLabel(/email/i).fill(email);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  const signIn = await waitForEmail(email, /sign/i, 15_000, seen);
  const link = signIn.text.match(/https?:\/\/\S+\/login\/[A-Za-z0-9_-]{43}\S*/)![0];
  await page.goto(new URL(link).pathname + new URL(link).search);
  await page.getByRole("button", { name: /continue|sign in as/i }).click();
  return page;
}

/** Reloads until the step's row says done: the contract is within 5 seconds of the event being accepted. */
async function expectStepDone(page: Page, title: string, withinMs = 5_000) {
  const row = page.locator(".onboarding-step").filter({ hasText: title });
  await expect
    .poll(
      async () => {
        await page.reload();
        return row.evaluate((element) => element.classList.contains("is-done"));
      },
      { timeout: withinMs, intervals: [250, 500, 500, 1000] },
    )
    .toBe(true);
}

test("a guide imported through the API ticks itself off on the member's page from the product's events, for the teammate too, up to the celebration", async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  forgetSignInLinkCountsOfThisMachine();
  const s = await seed();
  const auth = { Authorization: `Bearer ${s.key}` };
  const guideKey = `e2e-tech-${s.stamp}`;
  const put = await request.put("/api/v1/guides", {
    headers: auth,
    data: {
      guides: [
        {
          key: guideKey,
          name: { en: "Get started with Acme", ja: "Acme をはじめよう" },
          segments: ["tech"],
          stages: ["onboarding"],
          targetDays: 14,
          steps: [
            {
              key: "connect",
              title: { en: "Connect your data", ja: "データを接続する" },
              body: { en: "Open **Settings → Sources** and connect one source.", ja: "**設定 → ソース** を開いて接続します。" },
              video: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
              scope: "account",
              doneWhen: { event: "source_connected" },
            },
            { key: "tour", title: { en: "Take the product tour", ja: "製品ツアーを見る" }, scope: "user", doneWhen: { manual: true } },
            {
              key: "report",
              title: { en: "Create your first dashboard", ja: "最初のダッシュボードを作る" },
              scope: "user",
              doneWhen: { event: "report_created", where: { kind: "dashboard" } },
              firstValue: true,
            },
            { key: "invite", title: { en: "Invite a teammate", ja: "同僚を招待する" }, scope: "account", doneWhen: { event: "user_invited" } },
          ],
        },
      ],
    },
  });
  expect(put.status()).toBe(200);
  expect(await put.json()).toMatchObject({ created: 1 });

  // The member signs in and sees the guide: nothing done yet, the first step next.
  const member = await signInCustomer(browser, s.member);
  await expect(member).toHaveURL(/\/portal\/onboarding$/);
  await expect(member.getByRole("heading", { level: 1, name: "Get started with Acme" })).toBeVisible();
  await expect(member.getByText("0 of 4 steps done (0%)")).toBeVisible();
  await expect(member.locator(".onboarding-step.is-next")).toContainText("Connect your data");
  await expectAccessible(member);

  // The product reports the source being connected: the account step ticks itself off.
  const post = async (type: string, email: string, properties?: Record<string, string>) => {
    const response = await request.post("/api/v1/events", {
      headers: auth,
      data: { events: [{ id: `${s.stamp}-${type}-${email}`, type, accountExternalId: s.account, email, occurredAt: new Date().toISOString(), properties }] },
    });
    expect(response.status()).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 1 });
  };
  await post("source_connected", s.member);
  await expectStepDone(member, "Connect your data");
  await expect(member.locator(".onboarding-step").filter({ hasText: "Connect your data" })).toContainText("Done by you");

  // The teammate sees the account step done, by whom.
  const teammate = await signInCustomer(browser, s.teammate);
  await teammate.goto("/portal/onboarding");
  await expect(teammate.locator(".onboarding-step").filter({ hasText: "Connect your data" })).toContainText("Done by Hana Onboarding");
  await expect(teammate.locator(".onboarding-step.is-next")).toContainText("Take the product tour");

  // The step's page, with its video; "mark as done" with JavaScript off.
  const plain = await signInCustomer(browser, s.member, false);
  await plain.goto("/portal/onboarding/tour");
  await plain.getByRole("button", { name: "Mark as done" }).click();
  await expect(plain.getByText("Marked as done.")).toBeVisible();
  await expect(plain.getByRole("heading", { level: 1 })).toContainText("Done");
  await member.goto("/portal/onboarding/connect");
  await expect(member.locator(".onboarding-video iframe")).toHaveAttribute("src", /youtube-nocookie\.com\/embed\//);
  await expect(member.locator(".post-body strong")).toHaveText("Settings → Sources");

  // First value: the dashboard. The celebration shows.
  await member.goto("/portal/onboarding");
  await post("report_created", s.member, { kind: "dashboard" });
  await expectStepDone(member, "Create your first dashboard");
  await expect(member.getByRole("heading", { name: "Your team reached first value" })).toBeVisible();
  await expect(member.getByText("3 of 4 steps done (75%)")).toBeVisible();
  await expectAccessible(member);
  await member.screenshot({ path: `${SCREENS}/onboarding-checklist-desktop.png`, fullPage: true });
  await member.setViewportSize({ width: 390, height: 844 });
  await member.reload();
  const overflow = await member.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "no sideways scrolling on a phone").toBeLessThanOrEqual(0);
  await member.screenshot({ path: `${SCREENS}/onboarding-checklist-390.png`, fullPage: true });
  await member.goto("/portal/onboarding/connect");
  await member.screenshot({ path: `${SCREENS}/onboarding-step-390.png`, fullPage: true });
  await expectAccessible(member);

  // The home shows the next step.
  await member.goto("/portal");
  await expect(member.getByRole("link", { name: "Next step: Invite a teammate" })).toBeVisible();

  // The API reads the same progress.
  const api = await request.get(`/api/v1/accounts/${s.account}/onboarding`, { headers: auth });
  expect(api.status()).toBe(200);
  expect(await api.json()).toMatchObject({
    guide: { key: guideKey, version: 1 },
    timeToValueDays: 0,
    progress: { done: 3, total: 4, percent: 75 },
    stalled: false,
  });
});
