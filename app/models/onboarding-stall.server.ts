import type { Db } from "../../db/client";
import type { Segment } from "../domain/segments";
import { db, preparedOn } from "../utils/db.server";

/** Named queries of the stall check and the nudges over enrolments (decision 053). Times are epoch ms. */

export type QuietEnrolment = {
  id: number;
  accountId: number;
  versionId: number;
  startedAt: string;
  lastProgressAt: number | null;
  doneSteps: number;
  stepCount: number;
  nudges: number;
  segment: Segment;
  csmUserId: number | null;
  accountName: string;
};

/** Each guide's delays: the stall check and the nudges read enrolments guide by guide. */
export function guideDelays(conn: Db = db): { id: number; nameEn: string; nameJa: string; nudgeAfterDays: number; stallAfterDays: number }[] {
  return preparedOn(
    conn,
    `SELECT id, name_en AS nameEn, name_ja AS nameJa, nudge_after_days AS nudgeAfterDays, stall_after_days AS stallAfterDays FROM guides ORDER BY id`,
  ).all() as { id: number; nameEn: string; nameJa: string; nudgeAfterDays: number; stallAfterDays: number }[];
}

const QUIET_COLUMNS = `e.id, e.account_id AS accountId, e.version_id AS versionId, e.started_at AS startedAt, e.last_progress_at AS lastProgressAt,
  e.done_steps AS doneSteps, v.step_count AS stepCount, e.nudges, a.segment, a.csm_user_id AS csmUserId, a.name AS accountName`;

/**
 * A guide's enrolments not yet found stalled that have been quiet since `cutoff` or longer: last
 * progress at or before it, or nothing done and a start date on or before its day. Both halves
 * read `guide_enrolments_quiet_idx` (partial: `stalled_at IS NULL`), so enrolments already found
 * stalled cost nothing, however many there are.
 */
export function quietUnstalledEnrolments(guideId: number, cutoff: number, conn: Db = db): QuietEnrolment[] {
  const cutoffDay = new Date(cutoff).toISOString().slice(0, 10);
  return preparedOn(
    conn,
    `SELECT ${QUIET_COLUMNS} FROM guide_enrolments e INDEXED BY guide_enrolments_quiet_idx
       JOIN guide_versions v ON v.id = e.version_id JOIN accounts a ON a.id = e.account_id
      WHERE e.guide_id = ? AND e.stalled_at IS NULL AND e.last_progress_at <= ?
     UNION ALL
     SELECT ${QUIET_COLUMNS} FROM guide_enrolments e INDEXED BY guide_enrolments_quiet_idx
       JOIN guide_versions v ON v.id = e.version_id JOIN accounts a ON a.id = e.account_id
      WHERE e.guide_id = ? AND e.stalled_at IS NULL AND e.last_progress_at IS NULL AND e.started_at <= ?`,
  ).all(guideId, cutoff, guideId, cutoffDay) as QuietEnrolment[];
}

/** Marks the enrolment stalled unless it already is; whether this call did. */
export function markEnrolmentStalled(enrolmentId: number, now: number, conn: Db): boolean {
  return preparedOn(conn, `UPDATE guide_enrolments SET stalled_at = ? WHERE id = ? AND stalled_at IS NULL`).run(now, enrolmentId).changes === 1;
}

/**
 * A guide's enrolments with nudges on whose quiet time began inside [from, to]: last progress in
 * that range, or nothing done and a start date in it. Bounded by the range on
 * `guide_enrolments_progress_idx` and `guide_enrolments_guide_start_idx`, so accounts quiet for
 * months are not read again on every run.
 */
export function recentlyQuietEnrolments(guideId: number, from: number, to: number, conn: Db = db): QuietEnrolment[] {
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);
  return preparedOn(
    conn,
    `SELECT ${QUIET_COLUMNS} FROM guide_enrolments e INDEXED BY guide_enrolments_progress_idx
       JOIN guide_versions v ON v.id = e.version_id JOIN accounts a ON a.id = e.account_id
      WHERE e.guide_id = ? AND e.last_progress_at BETWEEN ? AND ? AND e.nudges = 1 AND e.done_steps < v.step_count
     UNION ALL
     SELECT ${QUIET_COLUMNS} FROM guide_enrolments e INDEXED BY guide_enrolments_guide_start_idx
       JOIN guide_versions v ON v.id = e.version_id JOIN accounts a ON a.id = e.account_id
      WHERE e.guide_id = ? AND e.started_at BETWEEN ? AND ? AND e.last_progress_at IS NULL AND e.nudges = 1 AND e.done_steps < v.step_count`,
  ).all(guideId, from, to, guideId, day(from), day(to)) as QuietEnrolment[];
}
