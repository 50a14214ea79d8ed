/**
 * NPS with its uncertainty. A dashboard that shows "NPS 30" without "±15" invites CSMs to chase
 * noise, so every summary carries a standard error and every change says whether it is significant.
 */
import { type CategoryThresholds, DEFAULT_CATEGORY_THRESHOLDS, SCORES, categoryFor, validThresholds } from "./nps";

/** How many responses gave each score: index 0..10, length 11. */
export type ScoreCounts = readonly number[];

export type NpsSummary = {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Points, -100..100. */
  nps: number | null;
  /** Standard error, in points. */
  se: number | null;
  /** Half-width of the 95% confidence interval (1.96·se), in points. */
  margin: number | null;
  /** Mean score, 0..10. */
  mean: number | null;
  histogram: number[];
};

export type NpsChange = { delta: number | null; seDiff: number | null; significant: boolean };

/** Two-sided 95% normal quantile. */
const Z_95 = 1.96;

export function emptyCounts(): number[] {
  return SCORES.map(() => 0);
}

export function addCounts(a: ScoreCounts, b: ScoreCounts): number[] {
  assertCounts(a);
  assertCounts(b);
  return SCORES.map((score) => a[score] + b[score]);
}

/** Rows of (score, n) summed into score counts per key, in the order the keys first appear. */
export function scoreCountsBy<Row extends { score: number; n: number }>(
  rows: readonly Row[],
  keyOf: (row: Row) => string,
): { key: string; counts: number[] }[] {
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    const key = keyOf(row);
    let counts = byKey.get(key);
    if (!counts) byKey.set(key, (counts = emptyCounts()));
    counts[row.score] += row.n;
  }
  return [...byKey].map(([key, counts]) => ({ key, counts }));
}

export function summarizeNps(counts: ScoreCounts, thresholds: CategoryThresholds = DEFAULT_CATEGORY_THRESHOLDS): NpsSummary {
  assertCounts(counts);
  if (!validThresholds(thresholds)) {
    throw new RangeError(`Promoter minimum ${thresholds.promoterMin} must be above detractor maximum ${thresholds.detractorMax}, both 0–10`);
  }
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  let scoreSum = 0;
  for (const score of SCORES) {
    const count = counts[score];
    scoreSum += score * count;
    const category = categoryFor(score, thresholds);
    if (category === "promoter") promoters += count;
    else if (category === "detractor") detractors += count;
    else passives += count;
  }
  const n = promoters + passives + detractors;
  const histogram = [...counts];
  if (n === 0) return { n, promoters, passives, detractors, nps: null, se: null, margin: null, mean: null, histogram };

  // Var = (p + d − (p − d)²)/n on shares. Multiplied out over integer counts it is
  // (n(P + D) − (P − D)²)/n³, whose numerator is exact: an all-promoter sample gets se exactly 0.
  const net = promoters - detractors;
  const varianceNumerator = Math.max(0, n * (promoters + detractors) - net * net);
  const se = (100 * Math.sqrt(varianceNumerator)) / (n * Math.sqrt(n));
  return {
    n,
    promoters,
    passives,
    detractors,
    // 100·net/n rather than 100·(p − d): equal ratios then give identical doubles, so a delta of 0 is exactly 0.
    nps: (100 * net) / n,
    se,
    margin: Z_95 * se,
    mean: scoreSum / n,
    histogram,
  };
}

/** Current against previous, treating the two periods as independent samples. */
export function compareNps(current: NpsSummary, previous: NpsSummary): NpsChange {
  if (current.nps === null || previous.nps === null || current.se === null || previous.se === null) {
    return { delta: null, seDiff: null, significant: false };
  }
  const delta = current.nps - previous.nps;
  const seDiff = Math.sqrt(current.se ** 2 + previous.se ** 2);
  // With seDiff 0 (both samples unanimous) any nonzero delta passes `> 0`, which is what we want.
  return { delta, seDiff, significant: Math.abs(delta) > Z_95 * seDiff };
}

function assertCounts(counts: ScoreCounts): void {
  if (counts.length !== SCORES.length) throw new RangeError(`Score counts need one entry per score 0–10 (11), got ${counts.length}`);
  for (const count of counts) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`A score count is a whole number ≥ 0, not ${count}`);
  }
}
