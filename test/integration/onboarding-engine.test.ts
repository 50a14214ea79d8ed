import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { guideEnrolments, guidePersonCompletions, guides, jobs, usageDaily, usageDailyPeople, usageEvents } from "../../db/schema";
import "../../app/jobs/onboarding.server";
import { accountStepCompletions, enrolmentOfAccount } from "../../app/models/guide-progress.server";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { advanceOnboarding } from "../../app/services/advance-onboarding.server";
import { publishGuides } from "../../app/services/publish-guides.server";
import { recordUsageEvents } from "../../app/services/record-usage-events.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import * as eventsRoute from "../../app/routes/api.v1.events";
import { createApiKey } from "../../app/services/create-api-key.server";
import { db } from "../../app/utils/db.server";
import { startWorker } from "../../app/worker.server";
import { createAccount, createContact } from "../factories";

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-07T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW - days * DAY).toISOString().slice(0, 10);

const guide = (reportCount = 2) => ({
  key: "tech-default",
  name: { en: "Get started", ja: "はじめに" },
  segments: ["tech"],
  steps: [
    { key: "connect", title: { en: "Connect", ja: "接続" }, scope: "account", doneWhen: { event: "source_connected" } },
    { key: "tour", title: { en: "Tour", ja: "ツアー" }, scope: "user", doneWhen: { manual: true } },
    {
      key: "report",
      title: { en: "Reports", ja: "レポート" },
      scope: "user",
      doneWhen: { event: "report_created", count: reportCount, where: { kind: "dashboard" } },
      firstValue: true,
    },
  ],
});

let seq = 0;
const event = (account: string, type: string, email: string | null, occurredAt: string, properties?: Record<string, string>) => ({
  id: `ev-${++seq}`,
  type,
  accountExternalId: account,
  ...(email ? { email } : {}),
  occurredAt,
  ...(properties ? { properties } : {}),
});

beforeEach(() => {
  for (const table of [guides, jobs, usageEvents, usageDaily, usageDailyPeople]) db.delete(table).run();
});

describe("enrolment on publish", () => {
  it("enrols tech-touch accounts that started within the last 30 days, never older ones or other segments", () => {
    const recent = createAccount({ externalId: "en-recent", segment: "tech", startDate: daysAgo(10) });
    const edge = createAccount({ externalId: "en-edge", segment: "tech", startDate: daysAgo(30) });
    const old = createAccount({ externalId: "en-old", segment: "tech", startDate: "2023-04-01" });
    const justOver = createAccount({ externalId: "en-31", segment: "tech", startDate: daysAgo(31) });
    const high = createAccount({ externalId: "en-high", segment: "high", startDate: daysAgo(5) });
    const result = publishGuides(CLI_ACTOR, { guides: [guide()] }, NOW);
    expect(result).toMatchObject({ ok: true, enrolled: 2 });
    expect(enrolmentOfAccount(recent.id)).toMatchObject({ startedAt: daysAgo(10), activatedAt: null, doneSteps: 0 });
    expect(enrolmentOfAccount(edge.id)).toBeDefined();
    for (const account of [old, justOver, high]) expect(enrolmentOfAccount(account.id)).toBeUndefined();
    expect(db.select({ nudges: guideEnrolments.nudges, by: guideEnrolments.enrolledBy }).from(guideEnrolments).all()).toEqual([
      { nudges: true, by: "publish" },
      { nudges: true, by: "publish" },
    ]);
  });

  it("a new version goes to accounts enrolled later; an account mid-way keeps its version", () => {
    const early = createAccount({ externalId: "ver-early", segment: "tech", startDate: daysAgo(3) });
    publishGuides(CLI_ACTOR, { guides: [guide()] }, NOW);
    const late = createAccount({ externalId: "ver-late", segment: "tech", startDate: daysAgo(1) });
    expect(publishGuides(CLI_ACTOR, { guides: [guide(3)] }, NOW)).toMatchObject({ ok: true, versions: { "tech-default": 2 }, enrolled: 1 });
    const a = enrolmentOfAccount(early.id)!;
    const b = enrolmentOfAccount(late.id)!;
    expect(a.versionId).not.toBe(b.versionId);
    expect(b.versionId).toBeGreaterThan(a.versionId);
  });
});

describe("the step engine", () => {
  it("ticks steps off from recorded events through a queued job: account step by anyone, user step per person, first value activates", async () => {
    const account = createAccount({ externalId: "eng-acme", segment: "tech", startDate: daysAgo(6) });
    const hana = createContact({ accountId: account.id, email: "hana@eng-acme.example" });
    createContact({ accountId: account.id, email: "ken@eng-acme.example" });
    publishGuides(CLI_ACTOR, { guides: [guide()] }, NOW);
    const enrolment = enrolmentOfAccount(account.id)!;

    const day = (n: number) => new Date(Date.parse(`${daysAgo(6)}T09:00:00Z`) + n * DAY).toISOString();
    const recorded = recordUsageEvents(
      [
        event("eng-acme", "source_connected", "ken@eng-acme.example", day(1)),
        // Before the start date: never counts.
        event("eng-acme", "report_created", "hana@eng-acme.example", new Date(Date.parse(`${daysAgo(6)}T00:00:00Z`) - 1000).toISOString(), {
          kind: "dashboard",
        }),
        event("eng-acme", "report_created", "hana@eng-acme.example", day(2), { kind: "dashboard" }),
        // Ken's and the wrong kind do not help Hana reach two.
        event("eng-acme", "report_created", "ken@eng-acme.example", day(2), { kind: "dashboard" }),
        event("eng-acme", "report_created", "hana@eng-acme.example", day(3), { kind: "table" }),
      ],
      NOW,
    );
    expect(recorded.accepted).toBe(5);
    expect(db.select().from(jobs).where(eq(jobs.type, "onboarding.advance")).all()).toHaveLength(1);
    await runDueJobs({ clock: () => NOW });
    expect(accountStepCompletions(enrolment.id)).toEqual([{ stepKey: "connect", doneAt: Date.parse(day(1)), doneBy: "ken@eng-acme.example", source: "event" }]);
    expect(enrolmentOfAccount(account.id)).toMatchObject({ doneSteps: 1, activatedAt: null });

    recordUsageEvents([event("eng-acme", "report_created", "hana@eng-acme.example", day(4), { kind: "dashboard" })], NOW);
    await runDueJobs({ clock: () => NOW });
    const after = enrolmentOfAccount(account.id)!;
    expect(after).toMatchObject({ doneSteps: 2, activatedAt: Date.parse(day(4)) });
    expect(db.select({ ttv: guideEnrolments.ttvDays }).from(guideEnrolments).where(eq(guideEnrolments.id, enrolment.id)).get()).toEqual({ ttv: 4 });
    expect(accountStepCompletions(enrolment.id).find((row) => row.stepKey === "report")).toEqual({
      stepKey: "report",
      doneAt: Date.parse(day(4)),
      doneBy: "hana@eng-acme.example",
      source: "event",
    });
    // Only Hana did the user step herself.
    const people = db.select().from(guidePersonCompletions).where(eq(guidePersonCompletions.stepKey, "report")).all();
    expect(people.map((row) => row.contactId)).toEqual([hana.id]);

    // Running again changes nothing.
    expect(advanceOnboarding(account.id, NOW)).toEqual({ enrolled: true, completed: [], activatedAt: null });
  });

  it("queues nothing for an account without a guide", () => {
    createAccount({ externalId: "eng-none", segment: "tech", startDate: "2022-01-01" });
    recordUsageEvents([event("eng-none", "login", "x@eng-none.example", "2026-12-01T00:00:00Z")], NOW);
    expect(db.select().from(jobs).all()).toEqual([]);
  });

  it("counts events that named nobody for account steps, with nobody as doneBy", () => {
    const account = createAccount({ externalId: "eng-anon", segment: "tech", startDate: daysAgo(2) });
    publishGuides(CLI_ACTOR, { guides: [guide()] }, NOW);
    recordUsageEvents([event("eng-anon", "source_connected", null, `${daysAgo(1)}T10:00:00Z`)], NOW);
    expect(advanceOnboarding(account.id, NOW).completed).toEqual(["connect"]);
    const enrolment = enrolmentOfAccount(account.id)!;
    expect(accountStepCompletions(enrolment.id)[0]).toMatchObject({ stepKey: "connect", doneBy: null });
  });
});

describe("within five seconds", () => {
  it("a step completes within 5 s of its event being accepted over the API, with the worker at its default tick", async () => {
    const start = new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10);
    const account = createAccount({ externalId: "eng-live", segment: "tech", startDate: start });
    publishGuides(CLI_ACTOR, { guides: [guide()] });
    const key = createApiKey({ name: "Product", scopes: ["events:write"] }, CLI_ACTOR).key;
    const stop = startWorker();
    try {
      const request = new Request("http://localhost/api/v1/events", {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ events: [event("eng-live", "source_connected", "live@eng-live.example", new Date().toISOString())] }),
      });
      const response = (await eventsRoute.action({ request, params: {}, context: {} } as never)) as Response;
      expect(response.status).toBe(202);
      const acceptedAt = Date.now();
      const enrolmentId = enrolmentOfAccount(account.id)!.id;
      while (accountStepCompletions(enrolmentId).length === 0 && Date.now() - acceptedAt < 5_000) await new Promise((r) => setTimeout(r, 25));
      expect(accountStepCompletions(enrolmentId).map((row) => row.stepKey)).toEqual(["connect"]);
      expect(Date.now() - acceptedAt).toBeLessThan(5_000);
    } finally {
      await stop();
    }
  });
});
