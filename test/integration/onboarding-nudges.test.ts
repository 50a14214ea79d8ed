import { and, eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  accounts,
  cases,
  casesOpenedDaily,
  contacts,
  responses,
  guideEnrolments,
  guides,
  jobs,
  onboardingEmailPrefs,
  onboardingEmails,
  outbox,
  usageEvents,
} from "../../db/schema";
import { followUpStats } from "../../app/models/follow-up-stats.server";
import { enrolmentOfAccount } from "../../app/models/guide-progress.server";
import { putSetting } from "../../app/models/settings.server";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "../../app/routes/onboarding.unsubscribe.$token";
import { loader as taskLoader } from "../../app/routes/cs.cases.$id";
import { loader as queueLoader } from "../../app/routes/cs.cases._index";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { advanceOnboarding } from "../../app/services/advance-onboarding.server";
import { changeCaseStatus } from "../../app/services/change-case-status.server";
import { checkStalledOnboarding } from "../../app/services/check-stalled-onboarding.server";
import { deliverOutbox, resetDeliveryPause } from "../../app/services/deliver-outbox.server";
import { openFollowUpCase } from "../../app/services/open-follow-up-case.server";
import { publishGuides } from "../../app/services/publish-guides.server";
import { recordUsageEvents } from "../../app/services/record-usage-events.server";
import { sendOnboardingNudges } from "../../app/services/send-onboarding-nudges.server";
import { db, sqlite } from "../../app/utils/db.server";
import { startFakeResend } from "../fake-resend/server";
import { createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";

const fake = await startFakeResend();
process.env.RESEND_API_KEY = "re_test_nudges_0123456789";
process.env.RESEND_BASE_URL = fake.url;
afterAll(() => fake.close());

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-07T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW - days * DAY).toISOString().slice(0, 10);
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

const guide = {
  key: "stall-guide",
  name: { en: "Get started", ja: "はじめに" },
  segments: ["high", "low", "tech"],
  steps: [
    {
      key: "connect",
      title: { en: "Connect your data", ja: "データを接続する" },
      body: { en: "Connect a source in **two** clicks.\n\nMore.", ja: "2クリックでデータソースを接続します。" },
      scope: "account",
      doneWhen: { event: "source_connected" },
    },
    { key: "tour", title: { en: "Take the tour", ja: "ツアーを見る" }, scope: "user", doneWhen: { manual: true } },
    { key: "report", title: { en: "First report", ja: "最初のレポート" }, scope: "account", doneWhen: { event: "report_created" }, firstValue: true },
  ],
};

let seq = 0;
const event = (account: string, type: string, email: string, occurredAt: number) => ({
  id: `nudge-ev-${++seq}`,
  type,
  accountExternalId: account,
  email,
  occurredAt: new Date(occurredAt).toISOString(),
});

beforeEach(() => {
  for (const table of [guides, jobs, usageEvents, onboardingEmails, onboardingEmailPrefs, outbox]) db.delete(table).run();
  // Each test's accounts only: a publish enrols every recent account without a guide.
  db.delete(accounts).run();
  putSetting("onboardingStall", { highTouchTasks: false });
  fake.reset();
  resetDeliveryPause();
});

function enrolled(segment: "high" | "low" | "tech", startedDaysAgo: number, extra: { csmUserId?: number; externalId?: string; name?: string } = {}) {
  const account = createAccount({ segment, startDate: daysAgo(startedDaysAgo), ...extra });
  return account;
}

const tasksOf = (accountId: number) =>
  db
    .select()
    .from(cases)
    .where(and(eq(cases.accountId, accountId), eq(cases.kind, "onboarding_stalled")))
    .all();

describe("the stall check", () => {
  it("gives a stalled low-touch account exactly one task for its CSM, however often it runs", async () => {
    const csm = createStaff("csm");
    const low = enrolled("low", 20, { csmUserId: csm.id });
    publishGuides(CLI_ACTOR, { guides: [guide] }, NOW);
    const first = checkStalledOnboarding(NOW);
    expect(first).toMatchObject({ stalled: 1, tasks: 1 });
    for (let i = 1; i <= 3; i++) expect(checkStalledOnboarding(NOW + i * 60_000)).toEqual({ stalled: 0, tasks: 0, pooled: 0, leftToCsm: 0 });
    const tasks = tasksOf(low.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: "onboarding_stalled", ownerUserId: csm.id, status: "open", responseId: null, contactId: null, createdAt: NOW });
    expect(enrolmentOfAccount(low.id)).toBeDefined();
    expect(db.select({ at: guideEnrolments.stalledAt }).from(guideEnrolments).where(eq(guideEnrolments.accountId, low.id)).get()!.at).toBe(NOW);

    // The task's page shows the account, its guide and the step it stalled on; the queue filters by kind.
    const cookie = await staffCookie(csm.id);
    const page = (await taskLoader(args(getRequest(`/cs/cases/${tasks[0].id}`, cookie), { id: String(tasks[0].id) }))) as Awaited<
      ReturnType<typeof taskLoader>
    >;
    expect(page.onboarding).toMatchObject({ guideName: { en: "Get started" }, done: 0, total: 3, stalledOn: { key: "connect" } });
    expect(page.followUp).toMatchObject({ accountId: low.id, kind: "onboarding_stalled", responseId: null });
    const queue = (await queueLoader(args(getRequest("/cs/cases?kind=onboarding_stalled&owner=anyone", cookie)))) as Awaited<ReturnType<typeof queueLoader>>;
    expect(queue.rows.map((row) => row.id)).toContain(tasks[0].id);
    expect(queue.rows.every((row) => row.kind === "onboarding_stalled")).toBe(true);
    const followUps = (await queueLoader(args(getRequest("/cs/cases?kind=follow_up&owner=anyone", cookie)))) as Awaited<ReturnType<typeof queueLoader>>;
    expect(followUps.rows.map((row) => row.id)).not.toContain(tasks[0].id);
  });

  it("puts tech-touch accounts only in the stalled list, leaves high touch to the CSM unless the setting says otherwise, and spares the fresh and the finished", () => {
    const tech = enrolled("tech", 20);
    const high = enrolled("high", 20);
    const fresh = enrolled("low", 10);
    publishGuides(CLI_ACTOR, { guides: [guide] }, NOW);
    expect(checkStalledOnboarding(NOW)).toEqual({ stalled: 2, tasks: 0, pooled: 1, leftToCsm: 1 });
    expect(tasksOf(tech.id)).toHaveLength(0);
    expect(tasksOf(high.id)).toHaveLength(0);
    expect(tasksOf(fresh.id)).toHaveLength(0);
    const stalled = (accountId: number) =>
      db.select({ at: guideEnrolments.stalledAt }).from(guideEnrolments).where(eq(guideEnrolments.accountId, accountId)).get()!.at;
    expect(stalled(tech.id)).toBe(NOW);
    expect(stalled(fresh.id)).toBeNull();

    putSetting("onboardingStall", { highTouchTasks: true });
    const high2 = enrolled("high", 20);
    publishGuides(CLI_ACTOR, { guides: [{ ...guide, name: { en: "Get started!", ja: "はじめに！" } }] }, NOW);
    expect(checkStalledOnboarding(NOW)).toMatchObject({ stalled: 1, tasks: 1 });
    expect(tasksOf(high2.id)).toHaveLength(1);
  });

  it("clears stalled_at when progress comes, and a later stall opens no second task while the first is being worked", () => {
    const low = enrolled("low", 20, { externalId: "stall-progress" });
    publishGuides(CLI_ACTOR, { guides: [guide] }, NOW);
    checkStalledOnboarding(NOW);
    recordUsageEvents([event("stall-progress", "source_connected", "a@stall-progress.example", NOW + DAY)], NOW + DAY);
    advanceOnboarding(low.id, NOW + DAY);
    const row = () => db.select().from(guideEnrolments).where(eq(guideEnrolments.accountId, low.id)).get()!;
    expect(row()).toMatchObject({ stalledAt: null, lastProgressAt: NOW + DAY, doneSteps: 1 });
    // Quiet again for 14 days: stalled again, but the first task is still open, so no second one.
    expect(checkStalledOnboarding(NOW + 16 * DAY)).toMatchObject({ stalled: 1, tasks: 0 });
    expect(tasksOf(low.id)).toHaveLength(1);
    // Once the first is resolved, the next stall gets a task of its own.
    db.update(cases).set({ status: "resolved" }).where(eq(cases.accountId, low.id)).run();
    recordUsageEvents([event("stall-progress", "report_created", "a@stall-progress.example", NOW + 17 * DAY)], NOW + 17 * DAY);
    advanceOnboarding(low.id, NOW + 17 * DAY);
    expect(checkStalledOnboarding(NOW + 40 * DAY)).toMatchObject({ stalled: 1, tasks: 1 });
    expect(tasksOf(low.id)).toHaveLength(2);
    // Reopening the first while the second is being worked would make two: refused, nothing written.
    const [firstTask, secondTask] = tasksOf(low.id).sort((a, b) => a.id - b.id);
    const admin = { user: { ...createStaff("admin"), language: "en" as const }, ip: "127.0.0.1" };
    expect(() => changeCaseStatus(admin, firstTask.id, "open", null)).toThrow(
      expect.objectContaining({ status: 409, code: "taskAlreadyActive", params: { id: secondTask.id } }),
    );
    expect(tasksOf(low.id).find((task) => task.id === firstTask.id)!.status).toBe("resolved");
  });

  it("does not count onboarding tasks in the closing-the-loop figures or the daily counts", () => {
    const csm = createStaff("csm");
    const low = enrolled("low", 20, { csmUserId: csm.id });
    const contact = createContact({ accountId: low.id });
    const response = db
      .insert(responses)
      .values({ contactId: contact.id, accountId: low.id, score: 2, category: "detractor", locale: "en", createdAt: NOW, updatedAt: NOW })
      .returning()
      .get();
    const range = { from: daysAgo(1), to: new Date(NOW + DAY).toISOString().slice(0, 10), csmUserId: null };
    const daily = () => db.select().from(casesOpenedDaily).all();
    openFollowUpCase(response.id, { now: NOW });
    const before = followUpStats(range, NOW, "UTC");
    const dailyBefore = daily();
    publishGuides(CLI_ACTOR, { guides: [guide] }, NOW);
    expect(checkStalledOnboarding(NOW)).toMatchObject({ tasks: 1 });
    expect(followUpStats(range, NOW, "UTC")).toEqual(before);
    // The CSM owns both, and their figures count the follow-up only.
    expect(followUpStats({ ...range, csmUserId: csm.id }, NOW, "UTC")).toMatchObject({ openNow: 1, opened: { open: 1 } });
    expect(daily()).toEqual(dailyBefore);
    // Closing the task moves no daily count either.
    db.update(cases).set({ status: "resolved" }).where(eq(cases.kind, "onboarding_stalled")).run();
    expect(daily()).toEqual(dailyBefore);
  });
});

describe("nudges", () => {
  async function deliver() {
    for (let i = 0; i < 5; i++) if ((await deliverOutbox()).claimed === 0) break;
  }

  it("emails a Japanese contact their next step in Japanese, once, with a one-click unsubscribe of its own", async () => {
    const account = enrolled("tech", 5, { externalId: "nudge-ja", name: "株式会社テスト" });
    createContact({ accountId: account.id, email: "hanako@nudge-ja.example", locale: "ja" });
    publishGuides(CLI_ACTOR, { guides: [guide] }, NOW);
    expect(await sendOnboardingNudges(NOW)).toMatchObject({ sent: 1 });
    await deliver();
    const [email] = fake.emails();
    expect(email.to).toEqual(["hanako@nudge-ja.example"]);
    expect(email.subject).toBe("次のステップ：データを接続する");
    expect(email.html).toContain("2クリックでデータソースを接続します。");
    expect(email.html).toContain("/portal/onboarding/connect");
    expect(email.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const unsubscribe = /<([^>]+\/onboarding\/unsubscribe\/([A-Za-z0-9_-]{43}))>/.exec(email.headers?.["List-Unsubscribe"] ?? "");
    expect(unsubscribe).not.toBeNull();
    // Again, and days later: one nudge per step, never a second.
    expect(await sendOnboardingNudges(NOW + 60_000)).toMatchObject({ sent: 0 });
    expect(await sendOnboardingNudges(NOW + 5 * DAY)).toMatchObject({ sent: 0 });
    await deliver();
    expect(fake.emails()).toHaveLength(1);

    // The landing page only reads; the mail client's one-click POST stops onboarding email, not surveys.
    const token = unsubscribe![2];
    const changes = sqlite().prepare("SELECT total_changes() AS n").pluck();
    const before = changes.get();
    const page = await unsubscribeLoader(args(getRequest(`/onboarding/unsubscribe/${token}`), { token }));
    expect((page as { data: { state: string } }).data.state).toBe("subscribed");
    expect(changes.get()).toBe(before);
    const body = new URLSearchParams({ "List-Unsubscribe": "One-Click" });
    const posted = (await unsubscribeAction(
      args(new Request(`http://localhost/onboarding/unsubscribe/${token}`, { method: "POST", body }), { token }),
    )) as Response;
    expect(posted.status).toBe(200);
    const contact = db.select().from(contacts).where(eq(contacts.email, "hanako@nudge-ja.example")).get()!;
    expect(contact.unsubscribedAt).toBeNull();
    expect(db.select().from(onboardingEmailPrefs).where(eq(onboardingEmailPrefs.contactId, contact.id)).get()!.stoppedAt).not.toBeNull();
  });

  it("sends no nudge to a person who stopped onboarding email, while one who stopped surveys still gets theirs", async () => {
    const account = enrolled("tech", 5, { externalId: "nudge-stop" });
    const stopped = createContact({ accountId: account.id, email: "stopped@nudge-stop.example" });
    createContact({ accountId: account.id, email: "surveys-off@nudge-stop.example", unsubscribedAt: new Date(NOW - DAY) });
    publishGuides(CLI_ACTOR, { guides: [guide] }, NOW);
    expect(await sendOnboardingNudges(NOW)).toMatchObject({ sent: 2 });
    await deliver();
    const tokenOf = (to: string) =>
      /\/onboarding\/unsubscribe\/([A-Za-z0-9_-]{43})/.exec(fake.emails().find((e) => e.to[0] === to)!.headers?.["List-Unsubscribe"] ?? "")![1];
    const token = tokenOf(stopped.email);
    const form = new URLSearchParams({ intent: "unsubscribe" });
    await unsubscribeAction(args(new Request(`http://localhost/onboarding/unsubscribe/${token}`, { method: "POST", body: form }), { token }));

    // The account moves (connect done), then goes quiet again: the next step is due for both people.
    recordUsageEvents([event("nudge-stop", "source_connected", "someone@nudge-stop.example", NOW + DAY)], NOW + DAY);
    advanceOnboarding(account.id, NOW + DAY);
    fake.reset();
    const later = await sendOnboardingNudges(NOW + 5 * DAY);
    expect(later).toMatchObject({ sent: 1, skipped: { unsubscribed: 1 } });
    await deliver();
    expect(fake.emails().map((e) => [e.to[0], e.subject])).toEqual([["surveys-off@nudge-stop.example", "Your next step: Take the tour"]]);
    // Stopping onboarding email left the survey subscription alone.
    expect(db.select().from(contacts).where(eq(contacts.id, stopped.id)).get()!.unsubscribedAt).toBeNull();
  });

  it("never nudges an enrolment with nudges off, nor within three days of the last onboarding email", async () => {
    const off = enrolled("tech", 5);
    createContact({ accountId: off.id });
    const spaced = enrolled("tech", 5, { externalId: "nudge-spaced" });
    const person = createContact({ accountId: spaced.id, email: "p@nudge-spaced.example" });
    publishGuides(CLI_ACTOR, { guides: [guide] }, NOW);
    db.update(guideEnrolments).set({ nudges: false }).where(eq(guideEnrolments.accountId, off.id)).run();
    expect(await sendOnboardingNudges(NOW)).toMatchObject({ sent: 1 });
    // Connect gets done a day later; the next step is due after 3 quiet days, but the first nudge was too recent until day 3.
    recordUsageEvents([event("nudge-spaced", "source_connected", "p@nudge-spaced.example", NOW - 2 * DAY)], NOW);
    advanceOnboarding(spaced.id, NOW);
    expect(await sendOnboardingNudges(NOW + 2 * DAY)).toMatchObject({ sent: 0, skipped: { too_soon_after_last_email: 1 } });
    expect(await sendOnboardingNudges(NOW + 3 * DAY)).toMatchObject({ sent: 1 });
    expect(db.select({ step: onboardingEmails.stepKey }).from(onboardingEmails).where(eq(onboardingEmails.contactId, person.id)).all()).toEqual([
      { step: "connect" },
      { step: "tour" },
    ]);
  });
});
