import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { npsCsmPeriod, npsDaily, npsPeriod } from "../../db/schema";
import { csmCounts, dimensionCounts, scoreCounts, type DashboardFilters } from "../../app/models/nps-dashboard.server";
import { db } from "../../app/utils/db.server";

/*
 * The dashboard reads a range as whole months, then whole weeks, then days from `nps_period`
 * (decision 019). Whatever the range's edges, its figures must be the sums of the daily counts.
 */

const SEGMENTS = ["high", "low", "tech"] as const;
let seed = 7;
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const dayOf = (start: string, offset: number) => new Date(Date.parse(`${start}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(() => {
  for (const table of [npsDaily, npsPeriod, npsCsmPeriod]) db.delete(table).run();
  // Counts on most days from October 2025 to March 2026, over a few campaigns, segments, CSMs, stages and locales.
  for (let offset = 0; offset < 182; offset++) {
    if (random(5) === 0) continue;
    const day = dayOf("2025-10-01", offset);
    for (let k = 0; k < 6; k++) {
      db.run(sql`INSERT INTO nps_daily (day, campaign_id, segment, csm_user_id, stage, locale, score, responses)
        VALUES (${day}, ${random(3)}, ${SEGMENTS[random(3)]}, ${random(4)}, ${["trial", "active"][random(2)]}, ${["en", "ja"][random(2)]}, ${random(11)}, ${1 + random(4)})
        ON CONFLICT DO UPDATE SET responses = responses + excluded.responses`);
    }
  }
});

const filters = (from: string, to: string, more: Partial<DashboardFilters> = {}): DashboardFilters => ({
  from,
  to,
  segment: null,
  campaignId: null,
  csmUserId: null,
  ...more,
});

function direct<T>(f: DashboardFilters, columns: string): T[] {
  return db.all<T>(
    sql`SELECT ${sql.raw(columns)}, sum(responses) AS n FROM nps_daily WHERE day BETWEEN ${f.from} AND ${f.to}
      ${f.segment ? sql`AND segment = ${f.segment}` : sql``} ${f.campaignId !== null ? sql`AND campaign_id = ${f.campaignId}` : sql``}
      GROUP BY ${sql.raw(columns)} ORDER BY ${sql.raw(columns)}`,
  );
}

const byKey = <T extends { n: number }>(rows: T[], key: (row: T) => string) => {
  const map = new Map<string, number>();
  for (const row of rows) if (row.n) map.set(key(row), (map.get(key(row)) ?? 0) + row.n);
  return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)));
};

describe("the dashboard's sums over any range", () => {
  const ranges = [
    ["2025-10-01", "2026-03-31"], // whole months
    ["2025-10-08", "2026-03-17"], // weeks and days at both edges
    ["2025-10-13", "2025-10-26"], // two whole weeks inside one month
    ["2025-10-29", "2025-11-04"], // a week across a month's end, taken as days
    ["2025-11-03", "2025-11-03"], // one day
    ["2025-12-22", "2026-01-11"], // weeks across a year's end
    ["2025-09-01", "2026-06-30"], // beyond the counted days
  ];
  for (const [from, to] of ranges) {
    it(`adds up to the daily counts from ${from} to ${to}`, () => {
      for (const f of [filters(from, to), filters(from, to, { segment: "high" }), filters(from, to, { campaignId: 2 })]) {
        const expected = direct<{ campaign_id: number; segment: string; stage: string; locale: string; score: number; n: number }>(
          f,
          "campaign_id, segment, stage, locale, score",
        );
        expect(byKey(dimensionCounts(f, f), (r) => [r.campaign, r.segment, r.stage, r.locale, r.score].join())).toEqual(
          byKey(expected, (r) => [r.campaign_id, r.segment, r.stage, r.locale, r.score].join()),
        );
        const scores = Array(11).fill(0);
        for (const row of direct<{ score: number; n: number }>(f, "score")) scores[row.score] = row.n;
        expect(scoreCounts(f, f)).toEqual(scores);
        const csm = Object.fromEntries(
          csmCounts(f, f)
            .filter(({ counts }) => counts.some((n) => n > 0))
            .map(({ key, counts }) => [key, counts]),
        );
        const csmExpected: Record<string, number[]> = {};
        for (const row of direct<{ csm_user_id: number; score: number; n: number }>(f, "csm_user_id, score")) {
          (csmExpected[String(row.csm_user_id)] ??= Array(11).fill(0))[row.score] = row.n;
        }
        expect(csm).toEqual(csmExpected);
      }
    });
  }
});
