import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { invitations, invitationsDaily, jobs, npsCsmPeriod, npsDaily, npsPeriod, outbox, responseRollup, responses } from "../../db/schema";
import { DAY_REKEY_JOB, queueDayRekeyIfStale, rekeyAggregateDays } from "../../app/jobs/aggregate-days-rekey.server";
import { aggregateZone, countInvitationsDaily, rebuildNpsRollups, setAggregateZone } from "../../app/models/nps-rollup.server";
import { putSetting } from "../../app/models/settings.server";
import { loader as dashboardLoader } from "../../app/routes/cs._index";
import { loader as responsesLoader } from "../../app/routes/cs.responses._index";
import { loader as exportLoader } from "../../app/routes/cs.responses.export[.]csv";
import { sendAdminDigest } from "../../app/services/admin-digest.server";
import { indexResponse } from "../../app/services/index-response.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { updateCloseTheLoopSettings } from "../../app/services/update-close-the-loop-settings.server";
import { db, sqlite, transaction } from "../../app/utils/db.server";
import { createStaff, getRequest, staffCookie } from "../factories";
import { createCampaign, createInvitation } from "../factories/nps";
import { outboxEmails } from "../factories/outbox";

const setZone = (timeZone: string) => putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone, holidays: [] });

async function get<T>(loader: (args: { request: Request; params: object; context: object }) => Promise<T>, path: string): Promise<T> {
  const request = getRequest(path, await staffCookie(createStaff("viewer").id));
  return loader({ request, params: {}, context: {} });
}
const dashboard = (query: string) => get(dashboardLoader as never, `/cs${query}`) as Promise<Awaited<ReturnType<typeof dashboardLoader>>>;
const responseList = (query: string) => get(responsesLoader as never, `/cs/responses${query}`) as Promise<Awaited<ReturnType<typeof responsesLoader>>>;

/** The data lines of the CSV export of a view (its header dropped). */
async function exportedLines(query: string): Promise<string[]> {
  const request = getRequest(`/cs/responses/export.csv${query}`, await staffCookie(createStaff("csm").id));
  const response = (await exportLoader({ request, params: {}, context: {} })) as Response;
  expect(response.status).toBe(200);
  const text = new TextDecoder().decode(await response.arrayBuffer());
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .slice(1);
}

let ip = 0;
/** An answer recorded at `iso` and counted by the pipeline, its invitation written at the same instant. */
function answerAt(iso: string, score: number, campaignId?: number) {
  const when = Date.parse(iso);
  const invitation = createInvitation({ campaignId, segment: (["high", "low", "tech"] as const)[ip % 3] });
  db.update(invitations).set({ createdAt: when }).where(eq(invitations.id, invitation.invitation.id)).run();
  const result = recordNpsResponse(invitation.token, String(score), undefined, `192.0.2.${++ip % 250}`, when);
  if (result.kind !== "recorded") throw new Error(result.kind);
  indexResponse(result.responseId);
  return result.responseId;
}

beforeEach(() => {
  for (const table of [npsDaily, npsPeriod, npsCsmPeriod, invitationsDaily, responseRollup, responses, invitations]) db.delete(table).run();
  db.delete(jobs).where(eq(jobs.type, DAY_REKEY_JOB)).run();
  setZone("UTC");
  setAggregateZone(db, "UTC");
});

describe("a Tokyo team's day", () => {
  it("counts an answer at 08:30 on 7 December in Tokyo on the 7th: dashboard, response list and its tab counts", async () => {
    setZone("Asia/Tokyo");
    setAggregateZone(db, "Asia/Tokyo");
    const id = answerAt("2026-12-06T23:30:00Z", 9);

    const seventh = await dashboard("?from=2026-12-07&to=2026-12-07&by=week&window=1");
    expect(seventh.summary.n).toBe(1);
    expect(seventh.timeZone).toBe("Asia/Tokyo");
    expect((await dashboard("?from=2026-12-06&to=2026-12-06")).summary.n).toBe(0);

    const listed = await responseList("?from=2026-12-07");
    expect(listed.rows.map((row) => row.id)).toEqual([id]);
    expect(listed.counts.all).toBe(1);
    // Filtered by segment too, the tab counts come from the daily counts: the same day.
    const segment = listed.rows[0].segment;
    expect((await responseList(`?from=2026-12-07&segment=${segment}`)).counts.all).toBe(1);
    const before = await responseList("?to=2026-12-06");
    expect(before.rows).toEqual([]);
    expect(before.counts.all).toBe(0);
    expect((await responseList(`?to=2026-12-06&segment=${segment}`)).counts.all).toBe(0);
    // The export of the same views: the same day.
    expect(await exportedLines("?from=2026-12-07")).toHaveLength(1);
    expect(await exportedLines("?to=2026-12-06")).toHaveLength(0);
  });

  it("counts New York's fall-back day as its 25 hours and the spring-forward day as its 23", async () => {
    setZone("America/New_York");
    setAggregateZone(db, "America/New_York");
    answerAt("2026-11-01T04:00:00Z", 10); // 00:00 EDT, the day's first instant
    answerAt("2026-11-02T04:59:59Z", 10); // 23:59:59 EST, its last
    answerAt("2026-11-02T05:00:00Z", 0); // 00:00 EST on the 2nd
    answerAt("2026-03-09T03:59:00Z", 10); // 23:59 EDT on 8 March
    answerAt("2026-03-08T04:59:00Z", 0); // 23:59 EST on 7 March
    expect((await dashboard("?from=2026-11-01&to=2026-11-01")).summary).toMatchObject({ n: 2, nps: 100 });
    expect((await responseList("?from=2026-11-01&to=2026-11-01")).counts.all).toBe(2);
    expect((await dashboard("?from=2026-03-08&to=2026-03-08")).summary).toMatchObject({ n: 1, nps: 100 });
    expect((await responseList("?from=2026-03-08&to=2026-03-08")).counts.all).toBe(1);
  });
});

/** Every aggregate, rows at 0 left out, in key order: what a recount from scratch must equal. */
function aggregates() {
  return {
    daily: db.all(sql`SELECT * FROM nps_daily WHERE responses <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`),
    period: db.all(sql`SELECT * FROM nps_period WHERE responses <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`),
    csmPeriod: db.all(sql`SELECT * FROM nps_csm_period WHERE responses <> 0 ORDER BY 1, 2, 3, 4, 5, 6`),
    invitations: db.all(sql`SELECT * FROM invitations_daily WHERE invitations <> 0 ORDER BY 1, 2, 3, 4, 5, 6`),
    rollup: db.all(sql`SELECT * FROM response_rollup ORDER BY response_id`),
  };
}

/** What the worker does when a handler returns. */
const settle = (jobId: number) => db.update(jobs).set({ status: "done" }).where(eq(jobs.id, jobId)).run();

const queuedRekeys = () =>
  db
    .select()
    .from(jobs)
    .where(and(eq(jobs.type, DAY_REKEY_JOB), eq(jobs.status, "queued")))
    .all();

describe("changing the team's zone", () => {
  it("re-keys every count to the new zone's days, equal to a recount from scratch, and the dashboard says so meanwhile", async () => {
    const admin = createStaff("admin");
    const campaign = createCampaign();
    // Answers around midnights in UTC, Tokyo and New York, over a DST change and a month's end.
    const instants = [
      "2026-11-30T15:30:00Z",
      "2026-11-30T23:30:00Z",
      "2026-11-01T05:30:00Z",
      "2026-11-02T04:30:00Z",
      "2026-12-06T23:30:00Z",
      "2026-03-08T06:30:00Z",
    ];
    const ids = instants.map((iso, i) => answerAt(iso, (i * 3) % 11, i % 2 ? campaign.id : undefined));
    transaction((tx) => countInvitationsDaily(tx, sql`1 = 1`, "UTC"));
    expect(db.get<{ day: string }>(sql`SELECT day FROM response_rollup WHERE response_id = ${ids[4]}`)!.day).toBe("2026-12-06");

    updateCloseTheLoopSettings(admin, { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "Asia/Tokyo", holidays: [] });
    const [job] = queuedRekeys();
    expect(job).toBeDefined();
    const during = await dashboard("?from=2026-12-07&to=2026-12-07");
    expect(during.rebuild).toMatchObject({ running: true, timeZone: "Asia/Tokyo" });

    // An answer counted while the walk is pending already lands on its Tokyo day.
    const late = answerAt("2026-12-06T16:00:00Z", 10);
    expect(db.get<{ day: string }>(sql`SELECT day FROM response_rollup WHERE response_id = ${late}`)!.day).toBe("2026-12-07");

    await rekeyAggregateDays(job.payload, { jobId: job.id, chunk: 2, restMs: 0 });
    settle(job.id);
    expect(aggregateZone(db)).toBe("Asia/Tokyo");
    const rekeyed = aggregates();
    sqlite().transaction(() => rebuildNpsRollups(sqlite(), "Asia/Tokyo"))();
    expect(rekeyed).toEqual(aggregates());
    expect(db.get<{ day: string }>(sql`SELECT day FROM response_rollup WHERE response_id = ${ids[4]}`)!.day).toBe("2026-12-07");

    const after = await dashboard("?from=2026-12-07&to=2026-12-07");
    expect(after.rebuild).toEqual({ running: false });
    expect(after.summary.n).toBe(2);

    // And on to New York, across its DST days: again a recount's equal.
    updateCloseTheLoopSettings(admin, { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "America/New_York", holidays: [] });
    const [next] = queuedRekeys().filter((j) => (j.payload as { timeZone: string }).timeZone === "America/New_York");
    await rekeyAggregateDays(next.payload, { jobId: next.id, chunk: 4, restMs: 0 });
    const inNewYork = aggregates();
    sqlite().transaction(() => rebuildNpsRollups(sqlite(), "America/New_York"))();
    expect(inNewYork).toEqual(aggregates());
    expect(db.get<{ day: string }>(sql`SELECT day FROM response_rollup WHERE response_id = ${ids[3]}`)!.day).toBe("2026-11-01");
  });

  it("stops a walk overtaken by a later change of zone, which finishes the job", async () => {
    const admin = createStaff("admin");
    answerAt("2026-12-06T23:30:00Z", 9);
    updateCloseTheLoopSettings(admin, { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "Asia/Tokyo", holidays: [] });
    updateCloseTheLoopSettings(admin, { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "UTC", holidays: [] });
    const [toUtc, toTokyo] = queuedRekeys().sort((a, b) => b.id - a.id);
    await rekeyAggregateDays(toTokyo.payload, { restMs: 0 });
    expect(aggregateZone(db)).toBe("UTC");
    await rekeyAggregateDays(toUtc.payload, { restMs: 0 });
    expect(db.get<{ day: string }>(sql`SELECT day FROM nps_daily WHERE responses <> 0`)!.day).toBe("2026-12-06");
  });

  it("queues one walk at start when counts from before (UTC) meet a team in another zone", () => {
    setZone("Asia/Tokyo");
    expect(queueDayRekeyIfStale()).toEqual(expect.any(Number));
    expect(queueDayRekeyIfStale()).toBeNull();
    expect(queuedRekeys()).toHaveLength(1);
    setAggregateZone(db, "Asia/Tokyo");
    db.delete(jobs).where(eq(jobs.type, DAY_REKEY_JOB)).run();
    expect(queueDayRekeyIfStale()).toBeNull();
  });
});

describe("the admin digest of a Tokyo team", () => {
  it("reads its week as Tokyo's seven days before the digest's day, and new detractors since yesterday's 08:00 there", async () => {
    setZone("Asia/Tokyo");
    setAggregateZone(db, "Asia/Tokyo");
    // An admin who reads English (one who never chose would get the Tokyo team's Japanese).
    createStaff("admin", { locale: "en" });
    // 00:30 on 30 November in Tokyo (15:30Z on the 29th): inside the week of the 7 December digest.
    answerAt("2026-11-29T15:30:00Z", 10);
    // 23:30 on 29 November in Tokyo: the week before.
    answerAt("2026-11-29T14:30:00Z", 0);
    // A detractor at 07:30 on 6 December in Tokyo, before yesterday's digest: not new.
    answerAt("2026-12-05T22:30:00Z", 1);
    const slot = { day: "2026-12-07", at: Date.parse("2026-12-06T23:00:00Z") };
    expect((await sendAdminDigest(slot)).sent).toBeGreaterThan(0);
    const mail = outboxEmails(eq(outbox.template, "admin-digest")).at(-1)!;
    expect(mail.text).toContain("Last 7 days: 0 ±");
    expect(mail.text).toContain("(2 responses)");
    expect(mail.text).toMatch(/The 7 days before: -100 ±\d+ \(1 response\)/);
    expect(mail.text).toContain("No new detractors");
  });
});
