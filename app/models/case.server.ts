import { and, asc, eq, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import { accounts, caseEvents, cases, contacts, guideEnrolments, guides, guideVersions, responses, users, type TaskKind } from "../../db/schema";
import { ACTIVE_CASE_STATUSES, type CaseStatus } from "../domain/case-workflow";
import { db } from "../utils/db.server";

/*
 * Tasks (the table's first name: cases) of every kind and their timelines. Writes take the caller's transaction handle: every
 * change to a case commits with the event that records it.
 */

export type CaseEventKind = (typeof caseEvents.$inferInsert)["kind"];

const owner = alias(users, "owner");
const actor = alias(users, "actor");

/** What opening a case needs to know about its response, and the id of its case if it has one. */
export function findResponseForCase(responseId: number, conn: Db = db) {
  return conn
    .select({
      id: responses.id,
      caseId: cases.id,
      category: responses.category,
      createdAt: responses.createdAt,
      contactId: responses.contactId,
      accountId: responses.accountId,
      segment: accounts.segment,
      acvAmount: accounts.acvAmount,
      acvCurrency: accounts.acvCurrency,
      acvReportingMinor: accounts.acvReportingMinor,
      csmUserId: accounts.csmUserId,
    })
    .from(responses)
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .leftJoin(cases, eq(cases.responseId, responses.id))
    .where(eq(responses.id, responseId))
    .get();
}

export function findCaseIdForResponse(responseId: number, conn: Db = db): number | undefined {
  return conn.select({ id: cases.id }).from(cases).where(eq(cases.responseId, responseId)).get()?.id;
}

/** Inserts the case unless its response has one (`cases_response_idx`); the new id, or null. */
export function insertCaseIfAbsent(
  tx: Db,
  values: { responseId: number; accountId: number; contactId: number; ownerUserId: number | null; dueAt: number; now: number },
): number | null {
  const row = tx
    .insert(cases)
    .values({
      kind: "follow_up",
      responseId: values.responseId,
      accountId: values.accountId,
      contactId: values.contactId,
      ownerUserId: values.ownerUserId,
      status: "open",
      dueAt: values.dueAt,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoNothing({ target: cases.responseId })
    .returning({ id: cases.id })
    .get();
  return row?.id ?? null;
}

/**
 * Inserts an onboarding task for the enrolment unless one is still being worked for it
 * (`cases_enrolment_active_idx` decides, so two racing checks still make one); the new id, or null.
 */
export function insertOnboardingTaskIfAbsent(
  tx: Db,
  values: { enrolmentId: number; accountId: number; ownerUserId: number | null; dueAt: number; now: number },
): number | null {
  const row = tx
    .insert(cases)
    .values({
      kind: "onboarding_stalled",
      enrolmentId: values.enrolmentId,
      accountId: values.accountId,
      ownerUserId: values.ownerUserId,
      status: "open",
      dueAt: values.dueAt,
      createdAt: values.now,
      updatedAt: values.now,
    })
    // The only uniqueness such a row can meet is `cases_enrolment_active_idx` (its response is null).
    .onConflictDoNothing()
    .returning({ id: cases.id })
    .get();
  return row?.id ?? null;
}

/** An onboarding task still being worked for the enrolment, if any. */
export function findActiveOnboardingTask(enrolmentId: number, conn: Db = db): number | undefined {
  return conn
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.enrolmentId, enrolmentId), inArray(cases.status, [...ACTIVE_CASE_STATUSES])))
    .get()?.id;
}

export function insertCaseEvent(
  tx: Db,
  event: {
    caseId: number;
    kind: CaseEventKind;
    actorUserId: number | null;
    body?: string | null;
    data?: Record<string, unknown> | null;
    outboxId?: number | null;
    now: number;
  },
): number {
  return tx
    .insert(caseEvents)
    .values({
      caseId: event.caseId,
      kind: event.kind,
      actorUserId: event.actorUserId,
      body: event.body ?? null,
      data: event.data ?? null,
      outboxId: event.outboxId ?? null,
      createdAt: event.now,
    })
    .returning({ id: caseEvents.id })
    .get().id;
}

export function updateCase(
  tx: Db,
  caseId: number,
  set: Partial<Pick<typeof cases.$inferInsert, "status" | "closeReason" | "ownerUserId" | "closedAt" | "updatedAt">>,
) {
  tx.update(cases).set(set).where(eq(cases.id, caseId)).run();
}

/** The case row alone, for services that change it. */
export function findCase(caseId: number, conn: Db = db) {
  return conn.select().from(cases).where(eq(cases.id, caseId)).get();
}

export function findCases(caseIds: number[], conn: Db = db) {
  if (caseIds.length === 0) return [];
  return conn.select().from(cases).where(inArray(cases.id, caseIds)).all();
}

/**
 * What the queue lists of a task, its answer and contact (a follow-up's; null for other kinds),
 * account and owner; the task page shows more.
 */
const caseRowColumns = {
  id: cases.id,
  kind: cases.kind,
  status: cases.status,
  dueAt: cases.dueAt,
  createdAt: cases.createdAt,
  ownerUserId: cases.ownerUserId,
  ownerName: owner.name,
  responseId: responses.id,
  score: responses.score,
  comment: responses.comment,
  contactName: contacts.name,
  contactEmail: contacts.email,
  accountId: accounts.id,
  accountName: accounts.name,
  acvAmount: accounts.acvAmount,
  acvCurrency: accounts.acvCurrency,
  segment: accounts.segment,
  renewalDate: accounts.renewalDate,
};

/** Everything the task page shows about the task, its response and contact (follow-ups), account and owner. */
export function findCaseDetail(caseId: number, conn: Db = db) {
  return conn
    .select({
      ...caseRowColumns,
      closeReason: cases.closeReason,
      updatedAt: cases.updatedAt,
      closedAt: cases.closedAt,
      ownerEmail: owner.email,
      category: responses.category,
      answeredAt: responses.updatedAt,
      contactId: contacts.id,
      contactLocale: contacts.locale,
      contactUnsubscribedAt: contacts.unsubscribedAt,
      enrolmentId: cases.enrolmentId,
    })
    .from(cases)
    .leftJoin(responses, eq(responses.id, cases.responseId))
    .leftJoin(contacts, eq(contacts.id, cases.contactId))
    .innerJoin(accounts, eq(accounts.id, cases.accountId))
    .leftJoin(owner, eq(owner.id, cases.ownerUserId))
    .where(eq(cases.id, caseId))
    .get();
}

/** The guide an onboarding task's enrolment follows, and where it stands. */
export function findTaskEnrolment(enrolmentId: number, conn: Db = db) {
  return conn
    .select({
      id: guideEnrolments.id,
      versionId: guideEnrolments.versionId,
      version: guideVersions.version,
      stepCount: guideVersions.stepCount,
      guideNameEn: guides.nameEn,
      guideNameJa: guides.nameJa,
      startedAt: guideEnrolments.startedAt,
      doneSteps: guideEnrolments.doneSteps,
      lastProgressAt: guideEnrolments.lastProgressAt,
      stalledAt: guideEnrolments.stalledAt,
      activatedAt: guideEnrolments.activatedAt,
    })
    .from(guideEnrolments)
    .innerJoin(guides, eq(guides.id, guideEnrolments.guideId))
    .innerJoin(guideVersions, eq(guideVersions.id, guideEnrolments.versionId))
    .where(eq(guideEnrolments.id, enrolmentId))
    .get();
}

/** The timeline, oldest first, each event with its actor's name (null for the system). */
export function listCaseEvents(caseId: number, conn: Db = db) {
  return conn
    .select({
      id: caseEvents.id,
      kind: caseEvents.kind,
      body: caseEvents.body,
      data: caseEvents.data,
      outboxId: caseEvents.outboxId,
      createdAt: caseEvents.createdAt,
      actorName: actor.name,
      actorEmail: actor.email,
    })
    .from(caseEvents)
    .leftJoin(actor, eq(actor.id, caseEvents.actorUserId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.createdAt), asc(caseEvents.id))
    .all();
}

/** Users a case may be assigned to: active CSMs and admins (viewers cannot work a case). */
export function listAssignableUsers(conn: Db = db) {
  return conn
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(and(isNull(users.disabledAt), inArray(users.role, ["csm", "admin"])))
    .orderBy(asc(users.name))
    .all();
}

export function findAssignableUser(userId: number, conn: Db = db) {
  return conn
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt), inArray(users.role, ["csm", "admin"])))
    .get();
}

/** The follow-up case of each response that has one, by response id (one index probe each). */
export function findFollowUpsForResponses(responseIds: number[], conn: Db = db) {
  const found = new Map<number, { caseId: number; status: CaseStatus; dueAt: number; ownerUserId: number | null; ownerName: string | null }>();
  if (responseIds.length === 0) return found;
  const rows = conn
    .select({ responseId: cases.responseId, caseId: cases.id, status: cases.status, dueAt: cases.dueAt, ownerUserId: cases.ownerUserId, ownerName: owner.name })
    .from(cases)
    .leftJoin(owner, eq(owner.id, cases.ownerUserId))
    .where(inArray(cases.responseId, responseIds))
    .all();
  for (const { responseId, ...rest } of rows) if (responseId !== null) found.set(responseId, rest);
  return found;
}

export type CaseOwnerFilter = { kind: "anyone" } | { kind: "unassigned" } | { kind: "user"; userId: number };
export type CaseQueueFilters = { owner: CaseOwnerFilter; kind: TaskKind | null; statuses: readonly CaseStatus[]; overdueOnly: boolean; now: number };
/** Where a queue page starts: the due time and id of the previous page's last case. */
export type CaseQueueKey = { dueAt: number; id: number };

/**
 * A page of cases, earliest due first. Each status is read on its own, in due order, from
 * `cases_owner_idx` (owner, status, due) or `cases_status_idx` (status, due), and the pages are
 * merged: one query with `status IN (…)` would have to sort every matching case first (0.7 s
 * for everyone's active cases on the large seed). A kind reads `cases_kind_status_idx` (kind,
 * status, due) for everyone's, the owner's index otherwise.
 */
export function listCaseQueue(filters: CaseQueueFilters, after: CaseQueueKey | null, limit: number, conn: Db = db) {
  const perStatus = [...new Set(filters.statuses)].map((status) => caseQueuePageFor(status, filters, after, limit, conn));
  return perStatus
    .flat()
    .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)
    .slice(0, limit);
}

function caseQueuePageFor(status: CaseStatus, filters: CaseQueueFilters, after: CaseQueueKey | null, limit: number, conn: Db) {
  const clauses: SQL[] = [eq(cases.status, status)];
  if (filters.owner.kind === "unassigned") clauses.push(isNull(cases.ownerUserId));
  if (filters.owner.kind === "user") clauses.push(eq(cases.ownerUserId, filters.owner.userId));
  if (filters.kind !== null) clauses.push(eq(cases.kind, filters.kind));
  // Overdue is only meaningful for active cases; the caller narrows the statuses to those.
  if (filters.overdueOnly) clauses.push(lt(cases.dueAt, filters.now));
  if (after) clauses.push(sql`(${cases.dueAt}, ${cases.id}) > (${after.dueAt}, ${after.id})`);
  return conn
    .select(caseRowColumns)
    .from(cases)
    .leftJoin(responses, eq(responses.id, cases.responseId))
    .leftJoin(contacts, eq(contacts.id, cases.contactId))
    .innerJoin(accounts, eq(accounts.id, cases.accountId))
    .leftJoin(owner, eq(owner.id, cases.ownerUserId))
    .where(and(...clauses))
    .orderBy(asc(cases.dueAt), asc(cases.id))
    .limit(limit)
    .all();
}

/** Tasks still active whose due time has passed (of one kind, or every kind), for a count beside the queue. */
export function countOverdueCases(owner: CaseOwnerFilter, now: number, conn: Db = db, kind: TaskKind | null = null): number {
  const clauses: SQL[] = [inArray(cases.status, [...ACTIVE_CASE_STATUSES]), lt(cases.dueAt, now)];
  if (kind !== null) clauses.push(eq(cases.kind, kind));
  if (owner.kind === "unassigned") clauses.push(isNull(cases.ownerUserId));
  if (owner.kind === "user") clauses.push(eq(cases.ownerUserId, owner.userId));
  return conn.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${cases} WHERE ${and(...clauses)}`)?.n ?? 0;
}

/** The responses among `responseIds` that exist, with what a new case needs. */
export function findResponsesForCases(responseIds: number[], conn: Db = db) {
  if (responseIds.length === 0) return [];
  return conn
    .select({ id: responses.id, contactId: responses.contactId, accountId: responses.accountId, createdAt: responses.createdAt })
    .from(responses)
    .where(inArray(responses.id, responseIds))
    .all();
}
