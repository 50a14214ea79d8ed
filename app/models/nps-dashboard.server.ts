import { sql, type SQL } from "drizzle-orm";
import type { Segment } from "../domain/segments";
import { db } from "../utils/db.server";

/** What the dashboard can be narrowed to; days are UTC `YYYY-MM-DD`, both ends included. */
export type DashboardFilters = { from: string; to: string; segment: Segment | null; campaignId: number | null; csmUserId: number | null };

export const BREAKDOWN_DIMENSIONS = ["segment", "csm", "stage", "locale", "campaign"] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

const COLUMN: Record<BreakdownDimension, string> = { segment: "segment", csm: "csm_user_id", stage: "stage", locale: "locale", campaign: "campaign_id" };

function where(f: DashboardFilters, range: { from: string; to: string } = f): SQL {
  const clauses: SQL[] = [sql`day BETWEEN ${range.from} AND ${range.to}`];
  if (f.segment) clauses.push(sql`segment = ${f.segment}`);
  if (f.campaignId !== null) clauses.push(sql`campaign_id = ${f.campaignId}`);
  if (f.csmUserId !== null) clauses.push(sql`csm_user_id = ${f.csmUserId}`);
  return sql.join(clauses, sql` AND `);
}

function toCounts(rows: { score: number; n: number }[]): number[] {
  const counts = new Array<number>(11).fill(0);
  for (const row of rows) counts[row.score] += row.n;
  return counts;
}

/** Score counts per key, in the order the keys first appear. */
function countsBy<Row extends { score: number; n: number }>(rows: Row[], keyOf: (row: Row) => string): { key: string; counts: number[] }[] {
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    const key = keyOf(row);
    let counts = byKey.get(key);
    if (!counts) byKey.set(key, (counts = new Array<number>(11).fill(0)));
    counts[row.score] += row.n;
  }
  return [...byKey].map(([key, counts]) => ({ key, counts }));
}

/** Responses per score (0–10) in the range, from the daily pre-aggregate. */
export function scoreCounts(f: DashboardFilters, range?: { from: string; to: string }): number[] {
  return toCounts(db.all<{ score: number; n: number }>(sql`SELECT score, sum(responses) AS n FROM nps_daily WHERE ${where(f, range)} GROUP BY score`));
}

/** Responses per day and score, for the trend. */
export function dailyScoreCounts(f: DashboardFilters, range?: { from: string; to: string }): { day: string; counts: number[] }[] {
  const rows = db.all<{ day: string; score: number; n: number }>(sql`SELECT day, score, sum(responses) AS n FROM nps_daily WHERE ${where(f, range)} GROUP BY day, score ORDER BY day`);
  return countsBy(rows, (row) => row.day).map(({ key, counts }) => ({ day: key, counts }));
}

/** Responses per score for each value of a dimension (segment, CSM, stage, locale, campaign). */
export function breakdownCounts(f: DashboardFilters, dimension: BreakdownDimension): { key: string; counts: number[] }[] {
  const column = sql.raw(COLUMN[dimension]);
  const rows = db.all<{ key: string | number; score: number; n: number }>(
    sql`SELECT ${column} AS key, score, sum(responses) AS n FROM nps_daily WHERE ${where(f)} GROUP BY ${column}, score`,
  );
  return countsBy(rows, (row) => String(row.key));
}

/** Invitations written in the range (the response rate's denominator). */
export function invitationCount(f: DashboardFilters): number {
  return db.get<{ n: number | null }>(sql`SELECT sum(invitations) AS n FROM invitations_daily WHERE ${where(f)}`)?.n ?? 0;
}

/** Names for the keys a breakdown shows: CSMs and campaigns by id. */
export function dimensionNames(): { csm: Map<string, string>; campaign: Map<string, string> } {
  const csm = db.all<{ id: number; name: string }>(sql`SELECT id, name FROM users`);
  const campaign = db.all<{ id: number; name: string }>(sql`SELECT id, name FROM campaigns`);
  return { csm: new Map(csm.map((u) => [String(u.id), u.name])), campaign: new Map(campaign.map((c) => [String(c.id), c.name])) };
}

/** The choices the filter bar offers: campaigns (newest first) and CSMs with accounts. */
export function dashboardFilterOptions() {
  return {
    campaigns: db.all<{ id: number; name: string }>(sql`SELECT id, name FROM campaigns ORDER BY created_at DESC, id DESC LIMIT 200`),
    csms: db.all<{ id: number; name: string }>(sql`SELECT id, name FROM users WHERE id IN (SELECT DISTINCT csm_user_id FROM accounts WHERE csm_user_id IS NOT NULL) ORDER BY name`),
  };
}
