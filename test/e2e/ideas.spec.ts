import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { countEmails, waitForEmail } from "./fixtures";
import { forgetSignInLinkCountsOfThisMachine, signInStaff } from "./helpers";

/*
 * Issue 14's ideas check: members of three accounts (ACVs in yen and in pounds, at a rate this spec
 * sets) vote in the browser on two ideas; a CSM logs a request from the console for a fourth, large
 * account; the staff board's ARR order and GET /api/v1/ideas agree with the sums worked out here by
 * hand; the idea moves to planned and its voters are told in their languages (en and ja), by email
 * and in the portal. Screenshots of the board at desktop and phone widths go to test-results/.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));

const RATE = 190; // 1 GBP = 190 JPY
const PLAN = {
  secondCurrency: "GBP",
  rate: String(RATE),
  accounts: [
    { acvMinor: 1_200_000, currency: "JPY", segment: "tech", locale: "ja" }, // ¥1,200,000 (also the ideas' author's account)
    { acvMinor: 2_000_000, currency: "GBP", segment: "low", locale: "en" }, // £20,000.00
    { acvMinor: 500_000, currency: "GBP", segment: "tech", locale: "en" }, // £5,000.00
    { acvMinor: 40_000_000, currency: "GBP", segment: "high", locale: null }, // £400,000.00: nobody votes, a CSM logs its request
  ],
} as const;

/** An account's ACV in yen, by hand: yen have no minor unit, pence are a hundredth of a pound. */
const yen = (account: (typeof PLAN.accounts)[number]) => (account.currency === "JPY" ? account.acvMinor : (account.acvMinor / 100) * RATE);
const [ja, en, small, large] = PLAN.accounts;
const sum = (...accounts: (typeof PLAN.accounts)[number][]) => accounts.reduce((total, account) => total + yen(account), 0);
const yenText = (amount: number) => `¥${amount.toLocaleString("en-US")}`;

type Seeded = { wide: number; deep: number; voters: string[]; large: string; key: string };

function seed(): Promise<Seeded> {
  return new Promise((resolve, reject) => {
    execFile(
      join(root, "node_modules/.bin/tsx"),
      ["test/e2e/ideas-seed.ts"],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: `file:${process.env.E2E_DATABASE_PATH}`,
          APP_URL: `http://127.0.0.1:${process.env.E2E_PORT}`,
          KIZUNA_DEMO: "0",
          IDEAS_E2E: JSON.stringify(PLAN),
        },
      },
      (error, stdout, stderr) => {
        const read = (name: string) => new RegExp(`^${name} (.+)$`, "m").exec(stdout)?.[1];
        const voters = [read("VOTER_1"), read("VOTER_2"), read("VOTER_3")];
        const out = { wide: Number(read("IDEA_WIDE")), deep: Number(read("IDEA_DEEP")), voters, large: read("LARGE"), key: read("KEY") };
        if (error || !out.wide || !out.deep || voters.some((v) => !v) || !out.large || !out.key) reject(new Error(`seeding failed: ${stderr || stdout}`));
        else resolve(out as Seeded);
      },
    );
  });
}

/** Signs a customer in through the emailed link; their pages then speak their own language (no switcher choice). */
async function signInCustomer(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel(/email/i).fill(email);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  const signIn = await waitForEmail(email, /sign|ログイン/i);
  const link = signIn.text.match(/https?:\/\/\S+\/login\/[A-Za-z0-9_-]{43}/)![0];
  await page.goto(new URL(link).pathname);
  await page.getByRole("button", { name: /continue|sign in as|続行|としてログイン/i }).click();
  await page.waitForURL(/\/portal|\/community/);
  return page;
}

async function vote(page: Page, ideaId: number, button: string, done: string) {
  await page.goto(`/community/t/${ideaId}`);
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect(page.getByText(done)).toBeVisible();
}

type ApiIdea = {
  id: number;
  votes: number;
  accounts: number;
  arr: { amount: number; currency: string };
  segments: { high: number; low: number; tech: number };
};

test("members of three accounts vote, a CSM logs a large account's request: the board and the API rank by the ARR summed by hand; voters hear of planned in their language", async ({
  browser,
  page,
  request,
}) => {
  test.setTimeout(180_000);
  forgetSignInLinkCountsOfThisMachine();
  const s = await seed();

  // Three members of three accounts vote: all three for the wide idea, the first two for the deep one.
  const voters = await Promise.all(s.voters.map((email) => signInCustomer(browser, email)));
  await vote(voters[0], s.wide, "投票する", "このアイデアに投票済みです。");
  await vote(voters[0], s.deep, "投票する", "このアイデアに投票済みです。");
  await vote(voters[1], s.wide, "Vote", "You voted for this idea.");
  await vote(voters[1], s.deep, "Vote", "You voted for this idea.");
  await vote(voters[2], s.wide, "Vote", "You voted for this idea.");

  // Before the request the wide idea asks for more: ¥5,950,000 (3 accounts) against ¥5,000,000 (2).
  const wideArr = sum(ja, en, small);
  const deepBefore = sum(ja, en);
  const deepArr = sum(ja, en, large);
  expect([wideArr, deepBefore, deepArr]).toEqual([5_950_000, 5_000_000, 81_000_000]);

  await signInStaff(page, "csm");
  const boardOrder = async () => {
    await page.goto("/community/c/ideas?sort=arr&status=all");
    const rows = page.locator(".idea-row");
    const ids = await rows.evaluateAll((items) =>
      items.map((item) => Number(/\/community\/t\/(\d+)/.exec(item.querySelector("a.topic-title")!.getAttribute("href")!)![1])),
    );
    expect(ids).toContain(s.wide);
    expect(ids).toContain(s.deep);
    return ids.filter((id) => id === s.wide || id === s.deep);
  };
  expect(await boardOrder()).toEqual([s.wide, s.deep]);
  const row = (id: number) => page.locator(".idea-row").filter({ has: page.locator(`a.topic-title[href^="/community/t/${id}"]`) });
  await expect(row(s.wide).locator(".idea-asking")).toContainText(yenText(wideArr));
  await expect(row(s.deep).locator(".idea-asking")).toContainText(yenText(deepBefore));

  // A CSM heard the large account ask for the deep idea in a meeting.
  await page.goto(`/cs/community/ideas/${s.deep}`);
  await page.getByLabel("Account (name or external ID)").fill(s.large);
  await page.getByLabel("What they said (optional)").fill("Without SSO our security team blocks the rollout.");
  await page.getByLabel("Importance").selectOption("critical");
  await page.getByRole("button", { name: "Log request" }).click();
  await expect(page.getByText("Request logged.")).toBeVisible();

  // The board's ARR order turns: ¥81,000,000 (3 accounts) above ¥5,950,000 (3 accounts), though it has fewer votes.
  expect(await boardOrder()).toEqual([s.deep, s.wide]);
  await expect(row(s.deep).locator(".idea-asking")).toContainText(yenText(deepArr));
  await expect(row(s.deep).locator(".idea-asking")).toContainText("3 accounts");
  await expect(row(s.wide).locator(".idea-asking")).toContainText(yenText(wideArr));
  await expect(row(s.deep).locator(".idea-votes")).toContainText("2");
  await expect(row(s.wide).locator(".idea-votes")).toContainText("3");
  await page.screenshot({ path: "test-results/ideas-board-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/ideas-board-phone.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // The API agrees: the same order, and the same sums in the reporting currency.
  const listed: ApiIdea[] = [];
  let cursor: string | null = "";
  for (let pages = 0; cursor !== null && pages < 20; pages++) {
    const response = await request.get(`/api/v1/ideas?sort=arr${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
      headers: { Authorization: `Bearer ${s.key}` },
    });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { ideas: ApiIdea[]; nextCursor: string | null };
    listed.push(...body.ideas);
    cursor = body.nextCursor;
  }
  const mine = listed.filter((idea) => idea.id === s.wide || idea.id === s.deep);
  expect(mine.map((idea) => idea.id)).toEqual([s.deep, s.wide]);
  expect(mine[0]).toMatchObject({ votes: 2, accounts: 3, arr: { amount: deepArr, currency: "JPY" }, segments: { high: 1, low: 1, tech: 1 } });
  expect(mine[1]).toMatchObject({ votes: 3, accounts: 3, arr: { amount: wideArr, currency: "JPY" }, segments: { high: 0, low: 1, tech: 2 } });

  // Planned, with a public note: the deep idea's voters are told, each in their own language.
  await page.goto(`/cs/community/ideas/${s.deep}`);
  await page.getByLabel("New status").selectOption("planned");
  await page.getByLabel("Public note").fill("Planned for March: SAML first, SCIM after.");
  await page.getByRole("button", { name: "Change status" }).click();
  await expect(page.getByText("Status changed; voters and requesters are being notified.")).toBeVisible();

  const toEn = await waitForEmail(s.voters[1], /^News about the idea “SAML sign-on/, 30_000);
  expect(toEn.text).toContain("Planned: Planned for March: SAML first, SCIM after.");
  const toJa = await waitForEmail(s.voters[0], /^アイデア「SAML sign-on.*」の進捗のお知らせ$/, 30_000);
  expect(toJa.text).toContain("予定");
  expect(toJa.text).toContain("Planned for March");
  // The wide idea's third voter did not vote for the deep one and hears nothing (the job queues all its emails at once).
  expect(await countEmails(s.voters[2], /SAML/)).toBe(0);

  await voters[1].goto("/community/notifications");
  await expect(voters[1].getByText("changed the status of an idea you asked for")).toBeVisible();
  await voters[0].goto("/community/notifications");
  await expect(voters[0].getByText("あなたが要望したアイデアのステータスを変更しました")).toBeVisible();
  await voters[0].goto(`/community/t/${s.deep}`);
  await expect(voters[0].locator(".idea-panel")).toContainText("予定");
});
