import type { Db } from "../../db/client";
import { db, preparedOn } from "../utils/db.server";

/** Named queries behind the scoring inputs (`onboardingSignals`): each takes many accounts at once, by index. */

export type SignalEnrolmentRow = {
  accountId: number;
  versionId: number;
  guideKey: string;
  version: number;
  targetDays: number | null;
  startedAt: string;
  activatedAt: number | null;
  ttvDays: number | null;
  doneSteps: number;
  stepCount: number;
  lastProgressAt: number | null;
  stalledAt: number | null;
};

const ids = (accountIds: readonly number[]) => JSON.stringify([...new Set(accountIds)]);

export function accountsSeats(accountIds: readonly number[], conn: Db = db): Map<number, number | null> {
  const rows = preparedOn(conn, `SELECT id, seats FROM accounts WHERE id IN (SELECT value FROM json_each(?))`).all(ids(accountIds)) as {
    id: number;
    seats: number | null;
  }[];
  return new Map(rows.map((row) => [row.id, row.seats]));
}

export function signalEnrolments(accountIds: readonly number[], conn: Db = db): SignalEnrolmentRow[] {
  return preparedOn(
    conn,
    `SELECT e.account_id AS accountId, e.version_id AS versionId, g.key AS guideKey, v.version, g.target_days AS targetDays, e.started_at AS startedAt,
            e.activated_at AS activatedAt, e.ttv_days AS ttvDays, e.done_steps AS doneSteps, v.step_count AS stepCount,
            e.last_progress_at AS lastProgressAt, e.stalled_at AS stalledAt
       FROM guide_enrolments e JOIN guides g ON g.id = e.guide_id JOIN guide_versions v ON v.id = e.version_id
      WHERE e.account_id IN (SELECT value FROM json_each(?))`,
  ).all(ids(accountIds)) as SignalEnrolmentRow[];
}

/** The event types each version's steps wait for. */
export function versionEventTypes(versionIds: readonly number[], conn: Db = db): Map<number, string[]> {
  const rows = preparedOn(
    conn,
    `SELECT DISTINCT version_id AS versionId, event_type AS type FROM guide_steps
      WHERE version_id IN (SELECT value FROM json_each(?)) AND event_type IS NOT NULL ORDER BY version_id, event_type`,
  ).all(JSON.stringify([...new Set(versionIds)])) as { versionId: number; type: string }[];
  const byVersion = new Map<number, string[]>();
  for (const row of rows) byVersion.set(row.versionId, [...(byVersion.get(row.versionId) ?? []), row.type]);
  return byVersion;
}

/** Distinct people active over [from7, to] and [from30, to] per account, from the day rollups. */
export function activeUsersOf(
  accountIds: readonly number[],
  from7: string,
  from30: string,
  to: string,
  conn: Db = db,
): Map<number, { d7: number; d30: number }> {
  const rows = preparedOn(
    conn,
    `SELECT account_id AS accountId, count(DISTINCT CASE WHEN day >= ? THEN person END) AS d7, count(DISTINCT person) AS d30
       FROM usage_daily_people WHERE account_id IN (SELECT value FROM json_each(?)) AND day BETWEEN ? AND ? GROUP BY account_id`,
  ).all(from7, ids(accountIds), from30, to) as { accountId: number; d7: number; d30: number }[];
  return new Map(rows.map((row) => [row.accountId, { d7: row.d7, d30: row.d30 }]));
}

/** Events by type name per account over the days [from, to], from the day rollups. */
export function eventCountsOf(accountIds: readonly number[], from: string, to: string, conn: Db = db): Map<number, Map<string, number>> {
  const rows = preparedOn(
    conn,
    `SELECT d.account_id AS accountId, t.name AS type, sum(d.events) AS events FROM usage_daily d JOIN usage_event_types t ON t.id = d.type_id
      WHERE d.account_id IN (SELECT value FROM json_each(?)) AND d.day BETWEEN ? AND ? GROUP BY d.account_id, t.name`,
  ).all(ids(accountIds), from, to) as { accountId: number; type: string; events: number }[];
  const byAccount = new Map<number, Map<string, number>>();
  for (const row of rows) {
    const map = byAccount.get(row.accountId) ?? new Map<string, number>();
    map.set(row.type, row.events);
    byAccount.set(row.accountId, map);
  }
  return byAccount;
}
