import type { Db } from "../../db/client";
import type { EnrolmentTally } from "../domain/onboarding-metrics";
import { db, preparedOn } from "../utils/db.server";

/**
 * Named queries behind the console's onboarding pages (decision 054). Each reads enrolments by the
 * (guide, started_at) or (version, started_at) index and completions by enrolment; none scans
 * usage events (decision 049).
 */

export type EnrolmentScope = { guideId: number; versionId?: number; segment?: string; from?: string; to?: string };

/**
 * The WHERE clause and its parameters for a scope over `guide_enrolments e` (and `accounts a` when a
 * segment is asked). `viaStalled` writes the guide test so that SQLite walks the stalled index (a few
 * hundred rows) instead of every enrolment of the guide.
 */
function scopeSql(scope: EnrolmentScope, viaStalled = false): { join: string; where: string; params: (string | number)[] } {
  const where = [viaStalled ? "+e.guide_id = ?" : "e.guide_id = ?"];
  const params: (string | number)[] = [scope.guideId];
  if (scope.versionId !== undefined) {
    where.push(viaStalled ? "+e.version_id = ?" : "e.version_id = ?");
    params.push(scope.versionId);
  }
  if (scope.from !== undefined) {
    where.push("e.started_at >= ?");
    params.push(scope.from);
  }
  if (scope.to !== undefined) {
    where.push("e.started_at < ?");
    params.push(scope.to);
  }
  let join = "";
  if (scope.segment !== undefined) {
    join = "JOIN accounts a ON a.id = e.account_id";
    where.push("a.segment = ?");
    params.push(scope.segment);
  }
  return { join, where: where.join(" AND "), params };
}

export type GuideListRow = {
  id: number;
  key: string;
  nameEn: string;
  nameJa: string;
  status: "published" | "archived";
  version: number | null;
  currentVersionId: number | null;
  segments: string[];
  stages: string[];
  locales: string[];
  targetDays: number | null;
  enrolled: number;
  activated: number;
  stalled: number;
};

/** Every guide with its current version and how many accounts are enrolled, activated and stalled. */
export function listGuidesWithCounts(conn: Db = db): GuideListRow[] {
  const rows = preparedOn(
    conn,
    `SELECT g.id, g.key, g.name_en AS nameEn, g.name_ja AS nameJa, g.status, v.version, g.current_version_id AS currentVersionId,
            g.segments, g.stages, g.locales, g.target_days AS targetDays,
            coalesce(c.enrolled, 0) AS enrolled, coalesce(c.activated, 0) AS activated, coalesce(c.stalled, 0) AS stalled
       FROM guides g
       LEFT JOIN guide_versions v ON v.id = g.current_version_id
       LEFT JOIN (SELECT guide_id, count(*) AS enrolled, count(activated_at) AS activated, count(stalled_at) AS stalled
                    FROM guide_enrolments GROUP BY guide_id) c ON c.guide_id = g.id
      ORDER BY g.status = 'archived', g.key`,
  ).all() as (Omit<GuideListRow, "segments" | "stages" | "locales"> & { segments: string; stages: string; locales: string })[];
  return rows.map((row) => ({ ...row, segments: JSON.parse(row.segments), stages: JSON.parse(row.stages), locales: JSON.parse(row.locales) }));
}

/** The guides as the overview's selector lists them: no counts, so it reads no enrolment. */
export function listGuideChoices(
  conn: Db = db,
): { id: number; key: string; nameEn: string; nameJa: string; status: string; currentVersionId: number | null; targetDays: number | null }[] {
  return preparedOn(
    conn,
    `SELECT id, key, name_en AS nameEn, name_ja AS nameJa, status, current_version_id AS currentVersionId, target_days AS targetDays
       FROM guides ORDER BY status = 'archived', key`,
  ).all() as { id: number; key: string; nameEn: string; nameJa: string; status: string; currentVersionId: number | null; targetDays: number | null }[];
}

/** A guide's row as the console edits it (the nudge and stall days are not part of the API's JSON). */
export function guideRow(id: number, conn: Db = db) {
  return preparedOn(
    conn,
    `SELECT id, key, name_en AS nameEn, name_ja AS nameJa, status, current_version_id AS currentVersionId, target_days AS targetDays,
            nudge_after_days AS nudgeAfterDays, stall_after_days AS stallAfterDays
       FROM guides WHERE id = ?`,
  ).get(id) as
    | {
        id: number;
        key: string;
        nameEn: string;
        nameJa: string;
        status: "published" | "archived";
        currentVersionId: number | null;
        targetDays: number | null;
        nudgeAfterDays: number;
        stallAfterDays: number;
      }
    | undefined;
}

export function setGuideDelays(id: number, delays: { nudgeAfterDays: number; stallAfterDays: number }, now: number, conn: Db): void {
  preparedOn(conn, `UPDATE guides SET nudge_after_days = ?, stall_after_days = ?, updated_at = ? WHERE id = ?`).run(
    delays.nudgeAfterDays,
    delays.stallAfterDays,
    now,
    id,
  );
}

/** Enrolments per version of a guide (versions nobody has still listed by the caller). */
export function enrolmentsByVersion(guideId: number, conn: Db = db): Map<number, number> {
  const rows = preparedOn(conn, `SELECT version_id AS versionId, count(*) AS n FROM guide_enrolments WHERE guide_id = ? GROUP BY version_id`).all(guideId) as {
    versionId: number;
    n: number;
  }[];
  return new Map(rows.map((row) => [row.versionId, row.n]));
}

/** How many enrolments the scope holds. */
export function countEnrolments(scope: EnrolmentScope, conn: Db = db): number {
  const { join, where, params } = scopeSql(scope);
  return (preparedOn(conn, `SELECT count(*) AS n FROM guide_enrolments e ${join} WHERE ${where}`).get(...params) as { n: number }).n;
}

/** Accounts of the scope that did each step (at the account level): the funnel's counts, one GROUP BY over completions. */
export function stepDoneCounts(scope: EnrolmentScope, conn: Db = db): Map<string, number> {
  const { join, where, params } = scopeSql(scope);
  const rows = preparedOn(
    conn,
    `SELECT c.step_key AS stepKey, count(*) AS n FROM guide_enrolments e ${join}
       JOIN guide_step_completions c ON c.enrolment_id = e.id
      WHERE ${where} GROUP BY c.step_key`,
  ).all(...params) as { stepKey: string; n: number }[];
  return new Map(rows.map((row) => [row.stepKey, row.n]));
}

/** Enrolments of the scope tallied by start date and TTV: what the cohort medians and activation shares read. */
export function enrolmentTallies(scope: EnrolmentScope, conn: Db = db): EnrolmentTally[] {
  const { join, where, params } = scopeSql(scope);
  return preparedOn(
    conn,
    `SELECT e.started_at AS startedAt, e.ttv_days AS ttvDays, count(*) AS count FROM guide_enrolments e ${join}
      WHERE ${where} GROUP BY e.started_at, e.ttv_days`,
  ).all(...params) as EnrolmentTally[];
}

export type StalledRow = {
  enrolmentId: number;
  accountId: number;
  accountName: string;
  segment: string;
  acvReportingMinor: number | null;
  csmName: string | null;
  versionId: number;
  version: number;
  stalledAt: number;
  lastProgressAt: number | null;
  startedAt: string;
  doneSteps: number;
  stepCount: number;
};

/** Stalled enrolments of the scope, most money at stake first (ACV in the reporting currency; unknown last). */
export function stalledEnrolments(scope: EnrolmentScope, limit: number, conn: Db = db): { rows: StalledRow[]; total: number } {
  const { join, where, params } = scopeSql(scope, true);
  const accountJoin = join === "" ? "JOIN accounts a ON a.id = e.account_id" : join;
  const rows = preparedOn(
    conn,
    `SELECT e.id AS enrolmentId, a.id AS accountId, a.name AS accountName, a.segment, a.acv_reporting_minor AS acvReportingMinor,
            u.name AS csmName, e.version_id AS versionId, v.version, e.stalled_at AS stalledAt, e.last_progress_at AS lastProgressAt,
            e.started_at AS startedAt, e.done_steps AS doneSteps, v.step_count AS stepCount
       FROM guide_enrolments e ${accountJoin}
       JOIN guide_versions v ON v.id = e.version_id
       LEFT JOIN users u ON u.id = a.csm_user_id
      WHERE e.stalled_at IS NOT NULL AND ${where}
      ORDER BY ifnull(a.acv_reporting_minor, -1) DESC, a.id
      LIMIT ?`,
  ).all(...params, limit) as StalledRow[];
  const total = (
    preparedOn(conn, `SELECT count(*) AS n FROM guide_enrolments e ${join} WHERE e.stalled_at IS NOT NULL AND ${where}`).get(...params) as { n: number }
  ).n;
  return { rows, total };
}

/** Done step keys of several enrolments at once. */
export function doneKeysOf(enrolmentIds: readonly number[], conn: Db = db): Map<number, Set<string>> {
  const done = new Map<number, Set<string>>();
  if (enrolmentIds.length === 0) return done;
  const rows = preparedOn(
    conn,
    `SELECT enrolment_id AS enrolmentId, step_key AS stepKey FROM guide_step_completions WHERE enrolment_id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(enrolmentIds)) as { enrolmentId: number; stepKey: string }[];
  for (const row of rows) {
    const set = done.get(row.enrolmentId) ?? new Set<string>();
    set.add(row.stepKey);
    done.set(row.enrolmentId, set);
  }
  return done;
}

/** Step keys and titles of versions, in order. */
export function versionStepTitles(versionIds: readonly number[], conn: Db = db): Map<number, { key: string; titleEn: string; titleJa: string }[]> {
  const byVersion = new Map<number, { key: string; titleEn: string; titleJa: string }[]>();
  if (versionIds.length === 0) return byVersion;
  const rows = preparedOn(
    conn,
    `SELECT version_id AS versionId, key, title_en AS titleEn, title_ja AS titleJa FROM guide_steps
      WHERE version_id IN (SELECT value FROM json_each(?)) ORDER BY version_id, position`,
  ).all(JSON.stringify([...new Set(versionIds)])) as { versionId: number; key: string; titleEn: string; titleJa: string }[];
  for (const { versionId, ...step } of rows) {
    const list = byVersion.get(versionId) ?? [];
    list.push(step);
    byVersion.set(versionId, list);
  }
  return byVersion;
}

export type AccountEnrolment = {
  id: number;
  guideId: number;
  guideKey: string;
  nameEn: string;
  nameJa: string;
  targetDays: number | null;
  versionId: number;
  version: number;
  currentVersion: number | null;
  startedAt: string;
  activatedAt: number | null;
  ttvDays: number | null;
  doneSteps: number;
  stepCount: number;
  lastProgressAt: number | null;
  stalledAt: number | null;
  nudges: boolean;
  enrolledBy: string;
};

/** An account's enrolment with its guide and version: the account 360's onboarding section, one indexed row. */
export function accountEnrolment(accountId: number, conn: Db = db): AccountEnrolment | undefined {
  const row = preparedOn(
    conn,
    `SELECT e.id, e.guide_id AS guideId, g.key AS guideKey, g.name_en AS nameEn, g.name_ja AS nameJa, g.target_days AS targetDays,
            e.version_id AS versionId, v.version, cv.version AS currentVersion, e.started_at AS startedAt, e.activated_at AS activatedAt,
            e.ttv_days AS ttvDays, e.done_steps AS doneSteps, v.step_count AS stepCount, e.last_progress_at AS lastProgressAt,
            e.stalled_at AS stalledAt, e.nudges, e.enrolled_by AS enrolledBy
       FROM guide_enrolments e
       JOIN guides g ON g.id = e.guide_id
       JOIN guide_versions v ON v.id = e.version_id
       LEFT JOIN guide_versions cv ON cv.id = g.current_version_id
      WHERE e.account_id = ?`,
  ).get(accountId) as (Omit<AccountEnrolment, "nudges"> & { nudges: number }) | undefined;
  return row ? { ...row, nudges: row.nudges === 1 } : undefined;
}

export type StepCompletionDetail = { stepKey: string; doneAt: number; doneBy: string | null; source: string };
export type PersonCompletionDetail = { stepKey: string; contactId: number | null; email: string | null; name: string | null; doneAt: number; source: string };

/** Who did which step when: the account-level fact and the per-person facts of an enrolment. */
export function enrolmentCompletionDetail(enrolmentId: number, conn: Db = db): { steps: StepCompletionDetail[]; people: PersonCompletionDetail[] } {
  const steps = preparedOn(
    conn,
    `SELECT step_key AS stepKey, done_at AS doneAt, done_by AS doneBy, source FROM guide_step_completions WHERE enrolment_id = ?`,
  ).all(enrolmentId) as StepCompletionDetail[];
  const people = preparedOn(
    conn,
    `SELECT p.step_key AS stepKey, p.contact_id AS contactId, c.email, c.name, p.done_at AS doneAt, p.source
       FROM guide_person_completions p LEFT JOIN contacts c ON c.id = p.contact_id
      WHERE p.enrolment_id = ? ORDER BY p.done_at`,
  ).all(enrolmentId) as PersonCompletionDetail[];
  return { steps, people };
}

/** Accounts matching an admin's enrolment pick that have no guide yet. */
export function unenrolledAccountsMatching(
  pick: { segments?: string[]; stages?: string[]; startFrom?: string; startTo?: string; externalIds?: string[] },
  conn: Db = db,
): { id: number; externalId: string; startDate: string }[] {
  return preparedOn(
    conn,
    `SELECT a.id, a.external_id AS externalId, a.start_date AS startDate FROM accounts a
      WHERE NOT EXISTS (SELECT 1 FROM guide_enrolments e WHERE e.account_id = a.id)
        AND (? IS NULL OR a.segment IN (SELECT value FROM json_each(?)))
        AND (? IS NULL OR a.stage IN (SELECT value FROM json_each(?)))
        AND (? IS NULL OR a.start_date >= ?)
        AND (? IS NULL OR a.start_date < ?)
        AND (? IS NULL OR a.external_id IN (SELECT value FROM json_each(?)))
      ORDER BY a.id`,
  ).all(
    ...[pick.segments, pick.stages].flatMap((list) => (list && list.length > 0 ? [1, JSON.stringify(list)] : [null, null])),
    pick.startFrom ?? null,
    pick.startFrom ?? null,
    pick.startTo ?? null,
    pick.startTo ?? null,
    ...(pick.externalIds && pick.externalIds.length > 0 ? [1, JSON.stringify(pick.externalIds)] : [null, null]),
  ) as { id: number; externalId: string; startDate: string }[];
}

/** Enrolments of a guide on a version other than the one given (the accounts an admin may migrate). */
export function enrolmentsOnOtherVersions(guideId: number, versionId: number, accountId: number | undefined, conn: Db): { id: number; accountId: number }[] {
  return preparedOn(
    conn,
    `SELECT id, account_id AS accountId FROM guide_enrolments WHERE guide_id = ? AND version_id <> ? AND (? IS NULL OR account_id = ?)`,
  ).all(guideId, versionId, accountId ?? null, accountId ?? null) as { id: number; accountId: number }[];
}

/** Moves an enrolment to another version: one update (progress is by step key), then its done count is taken again. */
export function moveEnrolmentToVersion(enrolmentId: number, versionId: number, conn: Db): void {
  preparedOn(
    conn,
    `UPDATE guide_enrolments SET version_id = ?,
        done_steps = (SELECT count(*) FROM guide_step_completions c JOIN guide_steps s ON s.version_id = ? AND s.key = c.step_key WHERE c.enrolment_id = guide_enrolments.id)
      WHERE id = ?`,
  ).run(versionId, versionId, enrolmentId);
}
