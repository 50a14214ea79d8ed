import { sql, type SQL } from "drizzle-orm";
import { emptyCounts, scoreCountsBy } from "../domain/nps-stats";
import { splitIntoBuckets, type Granularity } from "../domain/nps-trend";
import type { Segment } from "../domain/segments";
import type { NpsGrain } from "../../db/schema";
import { db } from "../utils/db.server";

/** What the dashboard can be narrowed to; days are the team's `YYYY-MM-DD` (as counted), both ends included. */
export type DashboardFilters = { from: string; to: string; segment: Segment | null; campaignId: number | null; csmUserId: number | null };

export const BREAKDOWN_DIMENSIONS = ["segment", "csm", "stage", "locale", "campaign"] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

type Range = { from: string; to: string };

/** The segment and campaign filters, as clauses to append (the CSM filter picks the table). */
function narrowing(f: DashboardFilters): SQL {
  const clauses: SQL[] = [];
  if (f.segment) clauses.push(sql` AND segment = ${f.segment}`);
  if (f.campaignId !== null) clauses.push(sql` AND campaign_id = ${f.campaignId}`);
  return sql.join(clauses, sql``);
}

/**
 * A range as the whole periods of `grain` inside it plus, at its edges, the whole weeks (when the
 * table keeps weeks) and then the days left over, each a range of period starts. A year's default
 * view has up to a month of edge days: as weeks they are a third of the rows.
 */
function periodsOf(range: Range, grain: Granularity, weeks = true): { grain: NpsGrain; from: string; to: string }[] {
  const { whole, edges } = splitIntoBuckets(range.from, range.to, grain);
  const edgePeriods = edges.flatMap((edge) => (grain === "month" && weeks ? periodsOf(edge, "week") : [{ grain: "day" as const, ...edge }]));
  return [...(whole ? [{ grain, from: whole.first, to: whole.last }] : []), ...edgePeriods];
}

/**
 * The counts of a range as rows of (day, campaign_id, segment, stage, locale, score, responses),
 * read from the coarsest table that answers it (decision 019): one CSM's rows from `nps_daily` by
 * its CSM index; otherwise whole weeks or months from `nps_period` and only the days at the edges
 * from its daily grain. `day` is the period's first day, which buckets like any of its days.
 */
function countsOf(f: DashboardFilters, range: Range, grain: Granularity): SQL {
  if (f.csmUserId !== null) {
    return sql`SELECT day, campaign_id, segment, stage, locale, score, responses FROM nps_daily
      WHERE csm_user_id = ${f.csmUserId} AND day BETWEEN ${range.from} AND ${range.to}${narrowing(f)}`;
  }
  return sql.join(
    periodsOf(range, grain).map(
      (p) => sql`SELECT period AS day, campaign_id, segment, stage, locale, score, responses FROM nps_period
        WHERE grain = ${p.grain} AND period BETWEEN ${p.from} AND ${p.to}${narrowing(f)}`,
    ),
    sql` UNION ALL `,
  );
}

/** Responses per score (0–10) in the range. */
export function scoreCounts(f: DashboardFilters, range: Range): number[] {
  return (
    scoreCountsBy(
      db.all<{ score: number; n: number }>(sql`SELECT score, sum(responses) AS n FROM (${countsOf(f, range, "month")}) GROUP BY score`),
      () => "all",
    )[0]?.counts ?? emptyCounts()
  );
}

/** Responses per score by day or whole period (a period under its first day), for the trend. */
export function periodScoreCounts(f: DashboardFilters, range: Range, grain: Granularity): { day: string; counts: number[] }[] {
  const rows = db.all<{ day: string; score: number; n: number }>(
    sql`SELECT day, score, sum(responses) AS n FROM (${countsOf(f, range, grain)}) GROUP BY day, score ORDER BY day`,
  );
  return scoreCountsBy(rows, (row) => row.day).map(({ key, counts }) => ({ day: key, counts }));
}

export type DimensionCountRow = { campaign: number; segment: string; stage: string; locale: string; score: number; n: number };

/**
 * Responses per score and combination of campaign, segment, stage and locale: the range's total and
 * four of its breakdowns. A year holds thousands of combinations; they are read as arrays (an
 * object per row cost more than SQLite's own reading and grouping of them).
 */
export function dimensionCounts(f: DashboardFilters, range: Range): DimensionCountRow[] {
  const rows = db.values<[number, string, string, string, number, number]>(sql`SELECT campaign_id, segment, stage, locale, score, sum(responses)
    FROM (${countsOf(f, range, "month")}) GROUP BY campaign_id, segment, stage, locale, score`);
  return rows.map(([campaign, segment, stage, locale, score, n]) => ({ campaign, segment, stage, locale, score, n }));
}

/** Responses per score by CSM, without a CSM filter: whole months and the edge days from `nps_csm_period`. */
export function csmCounts(f: DashboardFilters, range: Range): { key: string; counts: number[] }[] {
  // `nps_csm_period` keeps days and months only.
  const parts = periodsOf(range, "month", false).map(
    (p) => sql`SELECT csm_user_id, score, responses FROM nps_csm_period WHERE grain = ${p.grain} AND period BETWEEN ${p.from} AND ${p.to}${narrowing(f)}`,
  );
  const rows = db.all<{ csm: number; score: number; n: number }>(
    sql`SELECT csm_user_id AS csm, score, sum(responses) AS n FROM (${sql.join(parts, sql` UNION ALL `)}) GROUP BY 1, 2`,
  );
  return scoreCountsBy(rows, (row) => String(row.csm));
}

/** Invitations written in the range (the response rate's denominator). */
export function invitationCount(f: DashboardFilters): number {
  const csm = f.csmUserId !== null ? sql` AND csm_user_id = ${f.csmUserId}` : sql``;
  return (
    db.get<{ n: number | null }>(sql`SELECT sum(invitations) AS n FROM invitations_daily WHERE day BETWEEN ${f.from} AND ${f.to}${narrowing(f)}${csm}`)?.n ?? 0
  );
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
    csms: db.all<{ id: number; name: string }>(
      sql`SELECT id, name FROM users WHERE id IN (SELECT DISTINCT csm_user_id FROM accounts WHERE csm_user_id IS NOT NULL) ORDER BY name`,
    ),
  };
}
