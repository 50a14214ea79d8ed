import type { Db } from "../../db/client";
import { db, preparedOn } from "../utils/db.server";

/** Named queries over onboarding emails and their opt-out (decision 053). Times are epoch ms. */

export type NudgeRecipient = {
  contactId: number;
  email: string;
  name: string | null;
  locale: "en" | "ja";
  /** When the person stopped onboarding email (null: they get it). */
  stoppedAt: number | null;
  /** Their latest onboarding email of any kind, or null. */
  lastEmailAt: number | null;
};

/** The account's people who could be nudged: not erased, with their onboarding opt-out and latest onboarding email. */
export function nudgeRecipients(accountId: number, conn: Db = db): NudgeRecipient[] {
  return preparedOn(
    conn,
    `SELECT c.id AS contactId, c.email, c.name, c.locale, p.stopped_at AS stoppedAt,
            (SELECT max(sent_at) FROM onboarding_emails o WHERE o.contact_id = c.id) AS lastEmailAt
       FROM contacts c LEFT JOIN onboarding_email_prefs p ON p.contact_id = c.id
      WHERE c.account_id = ? AND c.erased_at IS NULL
      ORDER BY c.id`,
  ).all(accountId) as NudgeRecipient[];
}

/** The steps a person was already nudged about in the enrolment. */
export function nudgedSteps(contactId: number, enrolmentId: number, conn: Db = db): Set<string> {
  const rows = preparedOn(conn, `SELECT step_key AS stepKey FROM onboarding_emails WHERE contact_id = ? AND enrolment_id = ? AND kind = 'nudge'`).all(
    contactId,
    enrolmentId,
  ) as { stepKey: string }[];
  return new Set(rows.map((row) => row.stepKey));
}

/** A person's own completions in the enrolment: their user steps, and when they last did one. */
export function personProgress(enrolmentId: number, person: number, conn: Db = db): { done: Set<string>; lastDoneAt: number | null } {
  const rows = preparedOn(conn, `SELECT step_key AS stepKey, done_at AS doneAt FROM guide_person_completions WHERE enrolment_id = ? AND person = ?`).all(
    enrolmentId,
    person,
  ) as { stepKey: string; doneAt: number }[];
  return { done: new Set(rows.map((row) => row.stepKey)), lastDoneAt: rows.length === 0 ? null : Math.max(...rows.map((row) => row.doneAt)) };
}

/** Records a nudge; false when that person already had one about that step (the unique index), so nothing is sent twice. */
export function insertNudge(tx: Db, row: { contactId: number; enrolmentId: number; stepKey: string; sentAt: number }): number | null {
  const inserted = preparedOn(
    tx,
    `INSERT INTO onboarding_emails (contact_id, enrolment_id, kind, step_key, sent_at) VALUES (?, ?, 'nudge', ?, ?)
     ON CONFLICT(contact_id, enrolment_id, kind, step_key) DO NOTHING RETURNING id`,
  ).get(row.contactId, row.enrolmentId, row.stepKey, row.sentAt) as { id: number } | undefined;
  return inserted?.id ?? null;
}

export function setNudgeOutbox(tx: Db, nudgeId: number, outboxId: number): void {
  preparedOn(tx, `UPDATE onboarding_emails SET outbox_id = ? WHERE id = ?`).run(outboxId, nudgeId);
}

/** The person's latest onboarding email, read again inside the transaction that queues the next one. */
export function lastOnboardingEmailAt(contactId: number, conn: Db = db): number | null {
  return (preparedOn(conn, `SELECT max(sent_at) AS at FROM onboarding_emails WHERE contact_id = ?`).get(contactId) as { at: number | null }).at;
}

/** Keeps the hash of the person's unsubscribe token, so the landing page can find whom it stops. */
export function rememberOnboardingToken(tx: Db, contactId: number, tokenHash: string): void {
  preparedOn(
    tx,
    `INSERT INTO onboarding_email_prefs (contact_id, token_hash) VALUES (?, ?) ON CONFLICT(contact_id) DO UPDATE SET token_hash = excluded.token_hash`,
  ).run(contactId, tokenHash);
}

export type OnboardingOptOut = { contactId: number; email: string; locale: "en" | "ja"; stoppedAt: number | null };

export function findOnboardingOptOut(tokenHash: string, conn: Db = db): OnboardingOptOut | undefined {
  return preparedOn(
    conn,
    `SELECT p.contact_id AS contactId, c.email, c.locale, p.stopped_at AS stoppedAt
       FROM onboarding_email_prefs p JOIN contacts c ON c.id = p.contact_id WHERE p.token_hash = ?`,
  ).get(tokenHash) as OnboardingOptOut | undefined;
}

/** Stops onboarding email for the contact; whether this call did (a repeat changes nothing). */
export function stopOnboardingEmails(tx: Db, contactId: number, now: number): boolean {
  return preparedOn(tx, `UPDATE onboarding_email_prefs SET stopped_at = ? WHERE contact_id = ? AND stopped_at IS NULL`).run(now, contactId).changes === 1;
}
