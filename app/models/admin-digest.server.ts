import { and, asc, between, eq, gte, inArray, isNull, lt, sum } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, auditLog, cases, contacts, npsDaily, responses, users } from "../../db/schema";
import type { DigestDetractorRow, DigestOverdueCaseRow } from "../domain/admin-digest";
import { ACTIVE_CASE_STATUSES } from "../domain/case-workflow";
import { emptyCounts } from "../domain/nps-stats";
import { db } from "../utils/db.server";
import { countOverdueCases } from "./case.server";

/**
 * Detractors answered (or changed to a detractor's score) in `[from, to)`, with what the digest
 * ranks them by. Read by last change, which the category index orders: a first answer and a
 * changed one are both news to the admin.
 */
export function listNewDetractors(from: number, to: number): DigestDetractorRow[] {
  return db
    .select({
      responseId: responses.id,
      score: responses.score,
      comment: responses.comment,
      answeredAt: responses.updatedAt,
      contactName: contacts.name,
      contactEmail: contacts.email,
      accountId: accounts.id,
      accountName: accounts.name,
      segment: accounts.segment,
      acvAmount: accounts.acvAmount,
      acvCurrency: accounts.acvCurrency,
      acvReportingMinor: accounts.acvReportingMinor,
      caseId: cases.id,
    })
    .from(responses)
    .innerJoin(contacts, eq(contacts.id, responses.contactId))
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .leftJoin(cases, eq(cases.responseId, responses.id))
    .where(and(eq(responses.category, "detractor"), gte(responses.updatedAt, from), lt(responses.updatedAt, to)))
    .all();
}

/** Open or contacted follow-ups past their due time at `now`: how many, and the `limit` most overdue. */
export function listOverdueCases(now: number, limit: number): { count: number; top: DigestOverdueCaseRow[] } {
  const top = db
    .select({
      caseId: cases.id,
      dueAt: cases.dueAt,
      score: responses.score,
      contactName: contacts.name,
      contactEmail: contacts.email,
      accountName: accounts.name,
      ownerName: users.name,
    })
    .from(cases)
    .innerJoin(responses, eq(responses.id, cases.responseId))
    .innerJoin(contacts, eq(contacts.id, cases.contactId))
    .innerJoin(accounts, eq(accounts.id, cases.accountId))
    .leftJoin(users, eq(users.id, cases.ownerUserId))
    .where(and(eq(cases.kind, "follow_up"), inArray(cases.status, ACTIVE_CASE_STATUSES), lt(cases.dueAt, now)))
    .orderBy(asc(cases.dueAt), asc(cases.id))
    .limit(limit)
    .all();
  return { count: countOverdueCases({ kind: "anyone" }, now, db, "follow_up"), top };
}

/** Responses per score (0–10) over the team's days `from`..`to` inclusive, from the dashboard's daily counts. */
export function scoreCountsBetween(from: string, to: string): number[] {
  const counts = emptyCounts();
  const rows = db
    .select({ score: npsDaily.score, responses: sum(npsDaily.responses).mapWith(Number) })
    .from(npsDaily)
    .where(between(npsDaily.day, from, to))
    .groupBy(npsDaily.score)
    .all();
  for (const row of rows) if (row.score >= 0 && row.score <= 10) counts[row.score] = Math.max(0, row.responses);
  return counts;
}

/** Admins who can sign in: the digest's recipients. */
export function listActiveAdmins(): { id: number; email: string; name: string; locale: "en" | "ja" | null }[] {
  return db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .all();
}

/**
 * Whether the digest of `day` was already sent: its audit entry is the "sent" marker. The digest
 * goes out after its slot time `at`, so the entry is found on the audit log's time index.
 */
export function adminDigestSent(action: string, day: string, at: number, conn: Db = db): boolean {
  return (
    conn
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(gte(auditLog.at, new Date(at - 60_000)), eq(auditLog.action, action), eq(auditLog.entityId, day)))
      .limit(1)
      .get() !== undefined
  );
}
