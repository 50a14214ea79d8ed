import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { waitForEmail } from "./fixtures";
import { signInStaff } from "./helpers";

/*
 * A member registers for an event at capacity and is waitlisted; the member holding the seat
 * cancels; the first is promoted and emailed (through the fake Resend) with a link to a calendar
 * file that downloads a valid calendar; staff mark attendance and the account 360 shows it.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));

type Seeded = { meetupId: string; waiting: string; seated: string; accountId: string; title: string };

function seed(): Promise<Seeded> {
  return new Promise((resolve, reject) => {
    execFile(
      join(root, "node_modules/.bin/tsx"),
      ["test/e2e/meetups-seed.ts"],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: `file:${process.env.E2E_DATABASE_PATH}`, APP_URL: `http://127.0.0.1:${process.env.E2E_PORT}`, KIZUNA_DEMO: "0" },
      },
      (error, stdout, stderr) => {
        const read = (name: string) => new RegExp(`^${name} (.+)$`, "m").exec(stdout)?.[1];
        const out = { meetupId: read("MEETUP"), waiting: read("WAITING"), seated: read("SEATED"), accountId: read("ACCOUNT"), title: read("TITLE") };
        if (error || Object.values(out).some((v) => !v)) reject(new Error(`seeding failed: ${stderr || stdout}`));
        else resolve(out as Seeded);
      },
    );
  });
}

async function signInCustomer(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByLabel(/email/i).fill(email);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  const signIn = await waitForEmail(email, /sign/i);
  const link = signIn.text.match(/https?:\/\/\S+\/login\/[A-Za-z0-9_-]{43}/)![0];
  await page.goto(new URL(link).pathname);
  await page.getByRole("button", { name: /continue|sign in as/i }).click();
  return page;
}

test("waitlisted at capacity, promoted by a cancellation and emailed with a calendar file; attendance reaches the account 360", async ({
  browser,
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const s = await seed();

  const waiting = await signInCustomer(browser, s.waiting);
  await waiting.goto(`/community/events/${s.meetupId}`);
  await expect(waiting.getByRole("heading", { name: s.title })).toBeVisible();
  await expect(waiting.getByText("The event is full.")).toBeVisible();
  await expect(waiting.getByTestId("join-link")).toHaveCount(0);
  await waiting.getByRole("button", { name: "Join the waitlist" }).click();
  await expect(waiting.getByText("you are on the waitlist", { exact: false }).first()).toBeVisible();
  await expect(waiting.getByTestId("join-link")).toHaveCount(0);
  await waiting.screenshot({ path: "test-results/meetup-event-page-waitlisted.png", fullPage: true });

  const seated = await signInCustomer(browser, s.seated);
  await seated.goto(`/community/events/${s.meetupId}`);
  await seated.getByRole("button", { name: "Cancel my registration" }).click();
  await expect(seated.getByText("Your registration is cancelled.")).toBeVisible();

  const promoted = await waitForEmail(s.waiting, /A seat is yours/, 30_000);
  const calendarUrl = promoted.text.match(/https?:\/\/\S+\/community\/event-calendar\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(calendarUrl, "the email links to the calendar file").toBeTruthy();
  const calendar = await request.get(new URL(calendarUrl!).pathname);
  expect(calendar.status()).toBe(200);
  expect(calendar.headers()["content-type"]).toMatch(/^text\/calendar/);
  const ics = await calendar.text();
  expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
  expect(ics).toContain("BEGIN:VEVENT");
  expect(ics).toContain(`SUMMARY:${s.title}`);
  expect(ics).toContain("meet.example.com/kizuna-e2e");
  expect(ics.trimEnd().endsWith("END:VCALENDAR")).toBe(true);

  await waiting.reload();
  await expect(waiting.getByTestId("join-link")).toBeVisible();
  await waiting.screenshot({ path: "test-results/meetup-event-page-confirmed.png", fullPage: true });
  await waiting.setViewportSize({ width: 390, height: 844 });
  await waiting.screenshot({ path: "test-results/meetup-event-page-confirmed-phone.png", fullPage: true });

  await signInStaff(page, "admin");
  await page.goto(`/cs/community/events/${s.meetupId}`);
  const row = page.locator(`tr[data-registration="${s.waiting}"]`);
  await row.getByRole("button", { name: "Mark attended" }).click();
  await expect(page.locator(`tr[data-registration="${s.waiting}"]`).getByText("Attended", { exact: true })).toBeVisible();
  await page.goto(`/cs/accounts/${s.accountId}`);
  await expect(page.getByTestId("account-meetups").getByRole("link", { name: s.title })).toBeVisible();
});
