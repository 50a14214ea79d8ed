import type { Db } from "../../db/client";
import type { CommunityFacts, EventFact, ManualTick } from "../domain/guides";
import { db, preparedOn } from "../utils/db.server";

/** Named queries over enrolments and step completions (decision 049). Times are epoch ms. */

export type Enrolment = {
  id: number;
  accountId: number;
  guideId: number;
  versionId: number;
  startedAt: string;
  activatedAt: number | null;
  doneSteps: number;
  firstValueKey: string;
};

export function enrolmentOfAccount(accountId: number, conn: Db = db): Enrolment | undefined {
  return preparedOn(
    conn,
    `SELECT e.id, e.account_id AS accountId, e.guide_id AS guideId, e.version_id AS versionId, e.started_at AS startedAt,
            e.activated_at AS activatedAt, e.done_steps AS doneSteps, v.first_value_key AS firstValueKey
       FROM guide_enrolments e JOIN guide_versions v ON v.id = e.version_id WHERE e.account_id = ?`,
  ).get(accountId) as Enrolment | undefined;
}

export type UnenrolledAccount = { id: number; segment: string; stage: string; startDate: string; locales: string[] };

/**
 * Accounts not enrolled in any guide that started on or after `fromDate` (and, when given, on or
 * before `toDate`), with what assignment reads: segment, stage, and their contacts' languages.
 */
export function unenrolledAccountsStartedFrom(fromDate: string, conn: Db, toDate?: string): UnenrolledAccount[] {
  const rows = preparedOn(
    conn,
    `SELECT a.id, a.segment, a.stage, a.start_date AS startDate,
            (SELECT json_group_array(DISTINCT c.locale) FROM contacts c WHERE c.account_id = a.id) AS locales
       FROM accounts a
      WHERE a.start_date >= ? AND a.start_date <= ? AND NOT EXISTS (SELECT 1 FROM guide_enrolments e WHERE e.account_id = a.id)`,
  ).all(fromDate, toDate ?? "9999-12-31") as (Omit<UnenrolledAccount, "locales"> & { locales: string })[];
  return rows.map((row) => ({ ...row, locales: (JSON.parse(row.locales) as (string | null)[]).filter((locale): locale is string => locale !== null) }));
}

export function insertEnrolment(
  row: { accountId: number; guideId: number; versionId: number; startedAt: string; nudges: boolean; enrolledBy: "publish" | "admin" | "start" },
  now: number,
  conn: Db,
): boolean {
  return (
    preparedOn(
      conn,
      `INSERT INTO guide_enrolments (account_id, guide_id, version_id, started_at, nudges, enrolled_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(account_id) DO NOTHING`,
    ).run(row.accountId, row.guideId, row.versionId, row.startedAt, row.nudges ? 1 : 0, row.enrolledBy, now).changes === 1
  );
}

/** The account's events of the given types since `fromMs`, through the (account, type, time) index. */
export function accountEventsOfTypes(accountId: number, types: readonly string[], fromMs: number, conn: Db = db): EventFact[] {
  if (types.length === 0) return [];
  const rows = preparedOn(
    conn,
    `SELECT t.name AS type, e.occurred_at AS at, e.person, e.properties
       FROM usage_event_types t JOIN usage_events e ON e.account_id = ? AND e.type_id = t.id AND e.occurred_at >= ?
      WHERE t.name IN (SELECT value FROM json_each(?))`,
  ).all(accountId, fromMs, JSON.stringify(types)) as { type: string; at: number; person: number | null; properties: string | null }[];
  return rows.map((row) => ({
    type: row.type,
    at: row.at,
    person: row.person,
    properties: row.properties === null ? null : (JSON.parse(row.properties) as Record<string, unknown>),
  }));
}

/** Manual ticks recorded for an enrolment. */
export function manualTicks(enrolmentId: number, conn: Db = db): ManualTick[] {
  return preparedOn(conn, `SELECT step_key AS stepKey, person, done_at AS at FROM guide_person_completions WHERE enrolment_id = ? AND source = 'manual'`).all(
    enrolmentId,
  ) as ManualTick[];
}

/** The account's contacts: their person hashes are worked out by the caller from their addresses. */
export function accountContacts(accountId: number, conn: Db = db): { id: number; email: string }[] {
  return preparedOn(conn, `SELECT id, email FROM contacts WHERE account_id = ?`).all(accountId) as { id: number; email: string }[];
}

/** Community milestones of the account's contacts who are members, by contact id. */
export function communityMilestones(accountId: number, conn: Db = db): ({ contactId: number } & Omit<CommunityFacts, "person">)[] {
  const rows = preparedOn(
    conn,
    `SELECT m.contact_id AS contactId, m.created_at AS joined,
            (SELECT min(p.created_at) FROM community_posts p WHERE p.author_id = m.id) AS firstPost,
            (SELECT min(t.accepted_at) FROM community_topics t JOIN community_posts p ON p.id = t.accepted_post_id WHERE p.author_id = m.id) AS acceptedAnswer
       FROM community_members m JOIN contacts c ON c.id = m.contact_id WHERE c.account_id = ?`,
  ).all(accountId) as { contactId: number; joined: number; firstPost: number | null; acceptedAnswer: number | null }[];
  return rows.map((row) => ({
    contactId: row.contactId,
    joined: row.joined,
    ...(row.firstPost !== null ? { first_post: row.firstPost } : {}),
    ...(row.acceptedAnswer !== null ? { accepted_answer: row.acceptedAnswer } : {}),
  }));
}

/** Step keys already done at the account level. */
export function doneStepKeys(enrolmentId: number, conn: Db = db): Set<string> {
  const rows = preparedOn(conn, `SELECT step_key AS stepKey FROM guide_step_completions WHERE enrolment_id = ?`).all(enrolmentId) as { stepKey: string }[];
  return new Set(rows.map((row) => row.stepKey));
}

/** (step key, person) pairs already done by people. */
export function donePersonSteps(enrolmentId: number, conn: Db = db): Set<string> {
  const rows = preparedOn(conn, `SELECT step_key AS stepKey, person FROM guide_person_completions WHERE enrolment_id = ?`).all(enrolmentId) as {
    stepKey: string;
    person: number;
  }[];
  return new Set(rows.map((row) => `${row.stepKey}\u0000${row.person}`));
}

export type CompletionRow = {
  stepKey: string;
  doneAt: number;
  person: number | null;
  contactId: number | null;
  doneBy: string | null;
  source: "event" | "manual" | "community";
};

export function insertStepCompletion(enrolmentId: number, row: CompletionRow, conn: Db): boolean {
  return (
    preparedOn(
      conn,
      `INSERT INTO guide_step_completions (enrolment_id, step_key, done_at, person, contact_id, done_by, source)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(enrolment_id, step_key) DO NOTHING`,
    ).run(enrolmentId, row.stepKey, row.doneAt, row.person, row.contactId, row.doneBy, row.source).changes === 1
  );
}

export function insertPersonCompletion(enrolmentId: number, row: CompletionRow & { person: number }, conn: Db): void {
  preparedOn(
    conn,
    `INSERT INTO guide_person_completions (enrolment_id, step_key, person, contact_id, done_at, source)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(enrolment_id, step_key, person) DO NOTHING`,
  ).run(enrolmentId, row.stepKey, row.person, row.contactId, row.doneAt, row.source);
}

/**
 * Recounts the enrolment's done steps (of its version's keys), sets activation once, and clears
 * `stalled_at`: progress means the account is moving again (the stall check may find it stalled
 * anew later, and then opens a new task once the previous one is closed).
 */
export function updateEnrolmentProgress(
  enrolmentId: number,
  change: { lastProgressAt: number; activatedAt: number | null; ttvDays: number | null },
  conn: Db,
): void {
  preparedOn(
    conn,
    `UPDATE guide_enrolments SET
        done_steps = (SELECT count(*) FROM guide_step_completions c JOIN guide_steps s ON s.version_id = guide_enrolments.version_id AND s.key = c.step_key
                       WHERE c.enrolment_id = guide_enrolments.id),
        last_progress_at = ?,
        activated_at = coalesce(activated_at, ?),
        ttv_days = coalesce(ttv_days, ?),
        stalled_at = NULL
      WHERE id = ?`,
  ).run(change.lastProgressAt, change.activatedAt, change.ttvDays, enrolmentId);
}

/** Step completions at the account level, for the onboarding API and the tests. */
export function accountStepCompletions(enrolmentId: number, conn: Db = db): { stepKey: string; doneAt: number; doneBy: string | null; source: string }[] {
  return preparedOn(
    conn,
    `SELECT step_key AS stepKey, done_at AS doneAt, done_by AS doneBy, source FROM guide_step_completions WHERE enrolment_id = ? ORDER BY done_at, step_key`,
  ).all(enrolmentId) as { stepKey: string; doneAt: number; doneBy: string | null; source: string }[];
}
