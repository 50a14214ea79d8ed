import { and, count, eq, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, auditLog, caseEvents, cases, contacts, outbox, rateLimits, responses, suppressions } from "../../db/schema";
import { categoryFor } from "../../app/domain/nps";
import { putSetting } from "../../app/models/settings.server";
import { action as caseAction, loader as caseLoader } from "../../app/routes/cs.cases.$id";
import { loader as queueLoader } from "../../app/routes/cs.cases._index";
import { action as listAction, loader as listLoader } from "../../app/routes/cs.responses._index";
import { openFollowUpCase } from "../../app/services/open-follow-up-case.server";
import { CASE_REPLY_LIMIT } from "../../app/services/reply-to-case.server";
import { runResponsePipeline } from "../../app/services/run-response-pipeline.server";
import { db } from "../../app/utils/db.server";
import { hit } from "../../app/utils/rate-limit.server";
import { createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";
import { outboxEmails, outboxEmail } from "../factories/outbox";

type Segment = "high" | "low" | "tech";

function answer(
  score: number,
  options: { segment?: Segment; acvAmount?: number; acvCurrency?: string; csmUserId?: number | null; locale?: "en" | "ja"; createdAt?: number } = {},
) {
  const account = createAccount({
    name: "Sakura Logistics",
    segment: options.segment ?? "high",
    acvAmount: options.acvAmount ?? 3_600_000,
    acvCurrency: options.acvCurrency ?? "JPY",
    renewalDate: "2027-03-31",
    csmUserId: options.csmUserId ?? null,
  });
  const contact = createContact({ accountId: account.id, name: "Hanako Sato", locale: options.locale ?? "en" });
  const at = options.createdAt ?? Date.now();
  const response = db
    .insert(responses)
    .values({
      contactId: contact.id,
      accountId: account.id,
      score,
      comment: "Exports keep timing out.",
      category: categoryFor(score),
      locale: contact.locale,
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
  return { account, contact, response };
}

const rowsIn = (table: SQLiteTable, where?: SQL) => db.select({ n: count() }).from(table).where(where).get()!.n;
const caseOf = (responseId: number) => db.select().from(cases).where(eq(cases.responseId, responseId)).get();
const eventsOf = (caseId: number) => db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).all();
const counts = () => ({
  cases: rowsIn(cases),
  events: rowsIn(caseEvents),
  outbox: rowsIn(outbox),
  audit: rowsIn(auditLog),
});

type Wrapped = { type: "DataWithResponseInit"; data: { ok?: boolean; message: string }; init: { status?: number } | null };

/** Runs an action and reports its status and message (a redirect is 302 with its location). */
async function run(handler: typeof caseAction | typeof listAction, request: Request, params: Record<string, string> = {}) {
  try {
    const result = (await handler({ request, params, context: {} })) as unknown;
    if (result instanceof Response) return { status: result.status, message: result.headers.get("Location") ?? "" };
    const wrapped = result as Wrapped;
    return { status: wrapped.init?.status ?? 200, message: wrapped.data.message };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, message: await thrown.text() };
    throw thrown;
  }
}

const postCase = (caseId: number, form: Record<string, string>, cookie: string) =>
  run(caseAction, formRequest(`/cs/cases/${caseId}`, form, cookie), { id: String(caseId) });

beforeEach(() => {
  for (const table of [caseEvents, cases, outbox, auditLog, rateLimits, suppressions, responses, contacts, accounts]) db.delete(table).run();
  putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: { JPY: 1_000_000, USD: 10_000_00 }, timeZone: "UTC", holidays: [] });
});

describe("opening follow-up cases", () => {
  it("opens one for a high-touch detractor, owned by the CSM, before the alert, which links to it", async () => {
    const csm = createStaff("csm");
    const { response } = answer(3, { csmUserId: csm.id });
    expect(await runResponsePipeline(response.id)).toEqual({ followUp: "alerted-csm" });
    const opened = caseOf(response.id)!;
    expect(opened).toMatchObject({ ownerUserId: csm.id, status: "open" });
    expect(eventsOf(opened.id)).toEqual([expect.objectContaining({ kind: "opened", actorUserId: null })]);
    const alert = outboxEmail(eq(outbox.template, "detractor-alert"))!;
    expect(alert.html).toContain(`http://localhost:3000/cs/cases/${opened.id}`);
    expect(alert.html).toContain("Open the follow-up case");
  });

  it("follows the segment and the tech-touch threshold per currency", async () => {
    const disabled = createStaff("csm", { disabledAt: new Date() });
    const viewer = createStaff("viewer");
    const low = answer(0, { segment: "low", csmUserId: disabled.id }).response;
    const lowViewer = answer(2, { segment: "low", csmUserId: viewer.id }).response;
    const techBelow = answer(1, { segment: "tech", acvAmount: 999_999 }).response;
    const techAt = answer(1, { segment: "tech", acvAmount: 1_000_000 }).response;
    const techUnknownCurrency = answer(1, { segment: "tech", acvAmount: 10 ** 9, acvCurrency: "GBP" }).response;
    const passive = answer(7).response;
    const promoter = answer(10).response;
    for (const r of [low, lowViewer, techBelow, techAt, techUnknownCurrency, passive, promoter]) await runResponsePipeline(r.id);
    // An inactive CSM (or one who cannot work cases) leaves the case unassigned for the team.
    expect(caseOf(low.id)).toMatchObject({ ownerUserId: null, status: "open" });
    expect(caseOf(lowViewer.id)).toMatchObject({ ownerUserId: null });
    expect(caseOf(techAt.id)).toMatchObject({ ownerUserId: null });
    for (const r of [techBelow, techUnknownCurrency, passive, promoter]) expect(caseOf(r.id)).toBeUndefined();
  });

  it("creates nothing twice when the job runs again", async () => {
    const csm = createStaff("csm");
    const { response } = answer(2, { csmUserId: csm.id });
    await runResponsePipeline(response.id);
    await runResponsePipeline(response.id);
    const first = caseOf(response.id)!;
    expect(openFollowUpCase(response.id)).toEqual({ caseId: first.id, created: false });
    expect(rowsIn(cases)).toBe(1);
    expect(eventsOf(first.id)).toHaveLength(1);
    expect(rowsIn(outbox, eq(outbox.template, "detractor-alert"))).toBe(1);
  });

  it("falls due the SLA's business days after the answer, across a weekend, in the team's zone", () => {
    // Friday 2026-01-09 16:00 UTC + 2 business days → Tuesday 2026-01-13 16:00 UTC.
    const friday = Date.parse("2026-01-09T16:00:00Z");
    const utc = answer(4, { createdAt: friday }).response;
    openFollowUpCase(utc.id);
    expect(new Date(caseOf(utc.id)!.dueAt).toISOString()).toBe("2026-01-13T16:00:00.000Z");
    // In Tokyo that moment is Saturday 01:00 and Monday the 12th is a holiday: Tuesday and
    // Wednesday count, so it falls due Wednesday 01:00 JST (without the holiday: Tuesday 01:00).
    putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "Asia/Tokyo", holidays: ["2026-01-12"] });
    const tokyo = answer(4, { createdAt: friday }).response;
    openFollowUpCase(tokyo.id);
    expect(new Date(caseOf(tokyo.id)!.dueAt).toISOString()).toBe("2026-01-13T16:00:00.000Z");
  });

  it("skips Japan's public holidays on Tokyo time: a detractor on Friday 2027-04-30 is due after Golden Week", () => {
    // Friday 2027-04-30 10:00 JST; 3, 4 and 5 May are public holidays, so 2 business days end Friday 7 May.
    const friday = Date.parse("2027-04-30T01:00:00Z");
    putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "Asia/Tokyo", holidays: [] });
    const goldenWeek = answer(4, { createdAt: friday }).response;
    openFollowUpCase(goldenWeek.id);
    expect(new Date(caseOf(goldenWeek.id)!.dueAt).toISOString()).toBe("2027-05-07T01:00:00.000Z");
    // A Tokyo team that turned them off works through Golden Week: due Tuesday 4 May.
    putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "Asia/Tokyo", holidays: [], japanHolidays: false });
    const workedThrough = answer(4, { createdAt: friday }).response;
    openFollowUpCase(workedThrough.id);
    expect(new Date(caseOf(workedThrough.id)!.dueAt).toISOString()).toBe("2027-05-04T01:00:00.000Z");
    // A London team that turned them on gets them too, beside its own holidays (Friday 7 May off).
    putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "Europe/London", holidays: ["2027-05-07"], japanHolidays: true });
    const london = answer(4, { createdAt: friday }).response;
    openFollowUpCase(london.id);
    expect(new Date(caseOf(london.id)!.dueAt).toISOString()).toBe("2027-05-10T01:00:00.000Z");
  });
});

async function setup(options: { locale?: "en" | "ja" } = {}) {
  const csm = createStaff("csm", { name: "Yuki Tanaka" });
  const viewer = createStaff("viewer");
  const { response, contact } = answer(2, { csmUserId: csm.id, locale: options.locale });
  const opened = openFollowUpCase(response.id)!;
  return { csm, viewer, response, contact, caseId: opened.caseId, csmCookie: await staffCookie(csm.id), viewerCookie: await staffCookie(viewer.id) };
}

describe("working a case", () => {
  it("moves open → contacted → resolved with a note, reopens, and records each change", async () => {
    const { caseId, csmCookie, csm } = await setup();
    expect(await postCase(caseId, { intent: "status", status: "contacted" }, csmCookie)).toEqual({ status: 302, message: `/cs/cases/${caseId}` });
    expect(await postCase(caseId, { intent: "status", status: "resolved", reason: "Shipped the export fix" }, csmCookie)).toMatchObject({ status: 302 });
    expect(caseOf(db.select().from(cases).where(eq(cases.id, caseId)).get()!.responseId!)).toMatchObject({
      status: "resolved",
      closeReason: "Shipped the export fix",
      closedAt: expect.any(Number),
    });
    expect(await postCase(caseId, { intent: "status", status: "open" }, csmCookie)).toMatchObject({ status: 302 });
    expect(db.select().from(cases).where(eq(cases.id, caseId)).get()).toMatchObject({ status: "open", closeReason: null, closedAt: null });
    expect(await postCase(caseId, { intent: "status", status: "wont_fix", reason: "Customer already churned" }, csmCookie)).toMatchObject({ status: 302 });
    const statusEvents = eventsOf(caseId).filter((e) => e.kind === "status");
    expect(statusEvents.map((e) => e.data)).toEqual([
      { from: "open", to: "contacted" },
      { from: "contacted", to: "resolved" },
      { from: "resolved", to: "open", reopened: true },
      { from: "open", to: "wont_fix" },
    ]);
    expect(statusEvents.every((e) => e.actorUserId === csm.id)).toBe(true);
    expect(statusEvents[3].body).toBe("Customer already churned");
    expect(rowsIn(auditLog, and(eq(auditLog.action, "case.status_changed"), eq(auditLog.entityId, String(caseId))))).toBe(4);
  });

  it("refuses won't fix without a reason, skipping contact, and sideways moves, writing nothing", async () => {
    const { caseId, csmCookie } = await setup();
    const before = counts();
    expect(await postCase(caseId, { intent: "status", status: "wont_fix", reason: "  " }, csmCookie)).toMatchObject({
      status: 400,
      message: "Say why the case will not be fixed.",
    });
    expect(await postCase(caseId, { intent: "status", status: "resolved" }, csmCookie)).toMatchObject({ status: 409 });
    expect(await postCase(caseId, { intent: "status", status: "open" }, csmCookie)).toMatchObject({ status: 409 });
    expect(await postCase(caseId, { intent: "status", status: "closed" }, csmCookie)).toMatchObject({ status: 400 });
    expect(counts()).toEqual(before);
    expect(db.select().from(cases).where(eq(cases.id, caseId)).get()!.status).toBe("open");
  });

  it("adds an internal note, and refuses an empty one", async () => {
    const { caseId, csmCookie } = await setup();
    expect(await postCase(caseId, { intent: "note", note: "Called, left a voicemail." }, csmCookie)).toMatchObject({ status: 302 });
    expect(eventsOf(caseId).find((e) => e.kind === "note")).toMatchObject({ body: "Called, left a voicemail." });
    const before = counts();
    expect(await postCase(caseId, { intent: "note", note: "   " }, csmCookie)).toMatchObject({ status: 400 });
    expect(counts()).toEqual(before);
  });

  it("replies by email in the contact's language, reply-to the CSM, as escaped text, and marks the case contacted", async () => {
    const { caseId, csmCookie, csm, contact } = await setup({ locale: "ja" });
    const text = "ご意見ありがとうございます。<b>修正</b>しました。\n\n<script>alert(1)</script> お電話できますか？";
    expect(await postCase(caseId, { intent: "reply", reply: text }, csmCookie)).toMatchObject({ status: 302 });
    const [mail] = outboxEmails(eq(outbox.template, "case-reply"));
    expect(mail).toMatchObject({ toEmail: contact.email, replyTo: csm.email, locale: "ja", contactId: contact.id, status: "queued" });
    expect(mail.subject).toBe("アンケートへのご意見について（Yuki Tanakaより）");
    expect(mail.html).not.toContain("<b>修正</b>");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;b&gt;修正&lt;/b&gt;");
    expect(mail.text).toContain("お電話できますか");
    const reply = eventsOf(caseId).find((e) => e.kind === "reply")!;
    expect(reply).toMatchObject({ outboxId: mail.id, actorUserId: csm.id, body: text });
    expect(db.select().from(cases).where(eq(cases.id, caseId)).get()!.status).toBe("contacted");
  });

  it("refuses a reply to a suppressed address and writes nothing; an unsubscribed contact still gets it", async () => {
    const { caseId, csmCookie, contact } = await setup();
    db.insert(suppressions).values({ email: contact.email, reason: "bounced", createdAt: Date.now() }).run();
    const before = counts();
    const refused = await postCase(caseId, { intent: "reply", reply: "Sorry about that." }, csmCookie);
    expect(refused.status).toBe(409);
    expect(refused.message).toContain("bounced permanently");
    expect(counts()).toEqual(before);

    db.delete(suppressions).run();
    db.update(contacts).set({ unsubscribedAt: new Date() }).where(eq(contacts.id, contact.id)).run();
    expect(await postCase(caseId, { intent: "reply", reply: "Sorry about that." }, csmCookie)).toMatchObject({ status: 302 });
    expect(rowsIn(outbox, eq(outbox.template, "case-reply"))).toBe(1);
  });

  it("rate-limits replies per user", async () => {
    const { caseId, csmCookie, csm } = await setup();
    for (let i = 0; i < CASE_REPLY_LIMIT.limit; i++) hit(`case-reply:user:${csm.id}`, CASE_REPLY_LIMIT);
    const before = counts();
    expect(await postCase(caseId, { intent: "reply", reply: "One more." }, csmCookie)).toMatchObject({ status: 429 });
    expect(counts()).toEqual(before);
  });

  it("assigns to an active CSM or admin only", async () => {
    const { caseId, csmCookie } = await setup();
    const admin = createStaff("admin");
    const viewer = createStaff("viewer");
    const gone = createStaff("csm", { disabledAt: new Date() });
    expect(await postCase(caseId, { intent: "assign", owner: String(admin.id) }, csmCookie)).toMatchObject({ status: 302 });
    expect(db.select().from(cases).where(eq(cases.id, caseId)).get()!.ownerUserId).toBe(admin.id);
    const before = counts();
    for (const owner of [viewer.id, gone.id, 987_654]) {
      expect(await postCase(caseId, { intent: "assign", owner: String(owner) }, csmCookie)).toMatchObject({ status: 400 });
    }
    expect(await postCase(caseId, { intent: "assign", owner: "someone" }, csmCookie)).toMatchObject({ status: 400 });
    expect(counts()).toEqual(before);
  });

  it("denies a viewer every action, and a GET changes nothing", async () => {
    const { caseId, viewerCookie, csmCookie, response } = await setup();
    const before = counts();
    const forms: Record<string, string>[] = [
      { intent: "status", status: "contacted" },
      { intent: "assign", owner: "none" },
      { intent: "note", note: "hi" },
      { intent: "reply", reply: "hi" },
    ];
    for (const form of forms) {
      expect((await postCase(caseId, form, viewerCookie)).status).toBe(403);
    }
    expect((await run(listAction, formRequest("/cs/responses", { response: String(response.id), owner: "none" }, viewerCookie))).status).toBe(403);

    const page = await caseLoader({ request: getRequest(`/cs/cases/${caseId}`, viewerCookie), params: { id: String(caseId) }, context: {} });
    expect(page).toMatchObject({ canWrite: false, followUp: { id: caseId, score: 2, accountName: "Sakura Logistics" } });
    expect(page.events.map((e) => e.kind)).toEqual(["opened"]);
    await queueLoader({ request: getRequest("/cs/cases?owner=anyone&status=all", viewerCookie), params: {}, context: {} });
    await listLoader({ request: getRequest("/cs/responses", csmCookie), params: {}, context: {} });
    expect(counts()).toEqual(before);
    await expect(caseLoader({ request: getRequest("/cs/cases/abc", viewerCookie), params: { id: "abc" }, context: {} })).rejects.toMatchObject({ status: 400 });
  });
});

describe("the queue", () => {
  it("shows a CSM their open and contacted cases by due date, filters by owner, status and overdue, and refuses bad params", async () => {
    const csm = createStaff("csm");
    const other = createStaff("csm");
    const now = Date.now();
    const day = 86_400_000;
    const mine = [answer(1, { csmUserId: csm.id, createdAt: now - 10 * day }), answer(2, { csmUserId: csm.id, createdAt: now })].map(
      ({ response }) => openFollowUpCase(response.id)!.caseId,
    );
    const theirs = openFollowUpCase(answer(3, { csmUserId: other.id }).response.id)!.caseId;
    const unassigned = openFollowUpCase(answer(3).response.id)!.caseId;
    const closed = openFollowUpCase(answer(0, { csmUserId: csm.id }).response.id)!.caseId;
    db.update(cases).set({ status: "resolved" }).where(eq(cases.id, closed)).run();

    const cookie = await staffCookie(csm.id);
    const queue = (query = "") => queueLoader({ request: getRequest(`/cs/cases${query}`, cookie), params: {}, context: {} });
    const ids = async (query = "") => (await queue(query)).rows.map((row) => row.id);
    expect(await ids()).toEqual(mine);
    expect((await queue()).title).toBe("My queue");
    expect(await ids("?overdue=1")).toEqual([mine[0]]);
    expect((await queue()).overdueCount).toBe(1);
    expect(await ids("?status=resolved")).toEqual([closed]);
    expect(await ids("?owner=unassigned")).toEqual([unassigned]);
    expect(await ids(`?owner=${other.id}`)).toEqual([theirs]);
    expect((await ids("?owner=anyone")).sort()).toEqual([...mine, theirs, unassigned].sort());
    for (const bad of ["?owner=everyone", "?status=done", "?overdue=yes", "?after=x", "?page=2"]) {
      await expect(queue(bad), bad).rejects.toMatchObject({ status: 400 });
    }
  });
});

describe("the response list", () => {
  it("shows each response's follow-up, and bulk assigns, opening a case where there is none", async () => {
    const csm = createStaff("csm", { name: "Aiko Mori" });
    const target = createStaff("csm", { name: "Ren Ito" });
    const viewer = createStaff("viewer");
    const withCase = answer(2, { csmUserId: csm.id }).response;
    openFollowUpCase(withCase.id);
    const passive = answer(8).response;
    const cookie = await staffCookie(csm.id);

    const list = await listLoader({ request: getRequest("/cs/responses", cookie), params: {}, context: {} });
    expect(list.canAssign).toBe(true);
    expect(list.rows.find((row) => row.id === withCase.id)!.followUp).toMatchObject({ status: "open", ownerName: "Aiko Mori" });
    expect(list.rows.find((row) => row.id === passive.id)!.followUp).toBeNull();

    const result = await run(
      listAction,
      formRequest("/cs/responses", { response: [String(withCase.id), String(passive.id)], owner: String(target.id) }, cookie),
    );
    expect(result).toEqual({ status: 200, message: "Follow-up: 1 case assigned, 1 case opened." });
    expect(caseOf(withCase.id)!.ownerUserId).toBe(target.id);
    expect(caseOf(passive.id)).toMatchObject({ ownerUserId: target.id, status: "open" });
    expect(eventsOf(caseOf(withCase.id)!.id).map((e) => e.kind)).toEqual(["opened", "assigned"]);

    const before = counts();
    const refusals: Record<string, string | string[]>[] = [
      { response: String(withCase.id), owner: String(viewer.id) },
      { response: "nope", owner: String(target.id) },
      { owner: String(target.id) },
      { response: String(withCase.id) },
      { response: [String(withCase.id), "987654"], owner: String(csm.id) },
    ];
    for (const form of refusals)
      expect((await run(listAction, formRequest("/cs/responses", form, cookie))).status, JSON.stringify(form)).toBeGreaterThanOrEqual(400);
    expect(counts()).toEqual(before);
    expect((await listLoader({ request: getRequest("/cs/responses", await staffCookie(viewer.id)), params: {}, context: {} })).canAssign).toBe(false);
  });
});
