import type { Db } from "../../db/client";
import { db, preparedOn } from "../utils/db.server";

/** Named reads for the onboarding API and the member's checklist (decision 052). Times are epoch ms. */

export type EnrolmentView = {
  id: number;
  accountId: number;
  guideKey: string;
  guideNameEn: string;
  guideNameJa: string;
  version: number;
  versionId: number;
  startedAt: string;
  activatedAt: number | null;
  ttvDays: number | null;
  doneSteps: number;
  stepCount: number;
  stalledAt: number | null;
  firstValueKey: string;
};

/** The account's enrolment with its guide's key and names and its version's number and size; undefined when it has none. */
export function enrolmentViewOfAccount(accountId: number, conn: Db = db): EnrolmentView | undefined {
  return preparedOn(
    conn,
    `SELECT e.id, e.account_id AS accountId, g.key AS guideKey, g.name_en AS guideNameEn, g.name_ja AS guideNameJa, v.version, v.id AS versionId,
            e.started_at AS startedAt, e.activated_at AS activatedAt, e.ttv_days AS ttvDays, e.done_steps AS doneSteps, v.step_count AS stepCount,
            e.stalled_at AS stalledAt, v.first_value_key AS firstValueKey
       FROM guide_enrolments e JOIN guides g ON g.id = e.guide_id JOIN guide_versions v ON v.id = e.version_id
      WHERE e.account_id = ?`,
  ).get(accountId) as EnrolmentView | undefined;
}

export function accountIdByExternalId(externalId: string, conn: Db = db): number | undefined {
  return (preparedOn(conn, `SELECT id FROM accounts WHERE external_id = ?`).get(externalId) as { id: number } | undefined)?.id;
}

/** A person's own completions (user steps they did, and the steps they ticked), by step key. */
export function personCompletionsOf(enrolmentId: number, person: number, conn: Db = db): Map<string, { doneAt: number; source: string }> {
  const rows = preparedOn(
    conn,
    `SELECT step_key AS stepKey, done_at AS doneAt, source FROM guide_person_completions WHERE enrolment_id = ? AND person = ?`,
  ).all(enrolmentId, person) as { stepKey: string; doneAt: number; source: string }[];
  return new Map(rows.map((row) => [row.stepKey, { doneAt: row.doneAt, source: row.source }]));
}

/** Account-level completions by step key, with the name of the contact who did it when known. */
export function accountCompletionsOf(
  enrolmentId: number,
  conn: Db = db,
): Map<string, { doneAt: number; doneBy: string | null; contactId: number | null; doneByName: string | null }> {
  const rows = preparedOn(
    conn,
    `SELECT s.step_key AS stepKey, s.done_at AS doneAt, s.done_by AS doneBy, s.contact_id AS contactId, c.name AS doneByName
       FROM guide_step_completions s LEFT JOIN contacts c ON c.id = s.contact_id WHERE s.enrolment_id = ?`,
  ).all(enrolmentId) as { stepKey: string; doneAt: number; doneBy: string | null; contactId: number | null; doneByName: string | null }[];
  return new Map(rows.map(({ stepKey, ...rest }) => [stepKey, rest]));
}

/** What inviting a teammate checks against: the account's name and company domain. */
export function accountForInvite(accountId: number, conn: Db = db): { id: number; name: string; domain: string | null } | undefined {
  return preparedOn(conn, `SELECT id, name, domain FROM accounts WHERE id = ?`).get(accountId) as
    { id: number; name: string; domain: string | null } | undefined;
}

/** The contact with this address, and its account, if any. */
export function contactAccountOfEmail(email: string, conn: Db = db): { id: number; accountId: number } | undefined {
  return preparedOn(conn, `SELECT id, account_id AS accountId FROM contacts WHERE email = ?`).get(email) as { id: number; accountId: number } | undefined;
}
