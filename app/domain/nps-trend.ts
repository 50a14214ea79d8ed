/**
 * NPS over time: daily score counts grouped into ISO weeks or calendar months, optionally smoothed
 * by a rolling window because a single week of a small customer base is mostly noise.
 * Days are calendar days written `YYYY-MM-DD` (the team's, as counted: app/domain/zone-days.ts); bucketing is plain
 * date arithmetic on them, so it never depends on the server's zone.
 */
import type { CategoryThresholds } from "./nps";
import { type NpsSummary, type ScoreCounts, addCounts, emptyCounts, summarizeNps } from "./nps-stats";
import { DAY_MS } from "./days";

export type Granularity = "week" | "month";
export type DailyCounts = { day: string; counts: ScoreCounts };
export type TrendPoint = { bucket: string; summary: NpsSummary };

export type TrendOptions = {
  from: string;
  to: string;
  granularity: Granularity;
  /** How many buckets, ending with each point's own, the point summarizes; 1 = just its own. */
  window: number;
  thresholds?: CategoryThresholds;
};

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The first day of the bucket holding `day`: the ISO week's Monday, or the month's 1st. */
export function bucketOf(day: string, granularity: Granularity): string {
  const date = parseDay(day);
  if (granularity === "month") return formatDay(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)));
  const daysSinceMonday = (date.getUTCDay() + 6) % 7;
  return formatDay(new Date(date.getTime() - daysSinceMonday * DAY_MS));
}

/** Every bucket start from the bucket holding `from` through the one holding `to`, in order. */
export function bucketsBetween(from: string, to: string, granularity: Granularity): string[] {
  assertOrdered(from, to);
  const last = bucketOf(to, granularity);
  const buckets: string[] = [];
  for (let bucket = bucketOf(from, granularity); bucket <= last; bucket = shiftBucket(bucket, granularity, 1)) buckets.push(bucket);
  return buckets;
}

/**
 * One point per bucket touching [from, to]. Buckets are whole: a range starting on a Wednesday still
 * counts that week from its Monday, so each point is a full week or month comparable with the others.
 */
export function npsTrend(days: DailyCounts[], options: TrendOptions): TrendPoint[] {
  const { from, to, granularity, window, thresholds } = options;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`A rolling window is a whole number of buckets ≥ 1, not ${window}`);
  const shown = bucketsBetween(from, to, granularity);
  // The first point's window reaches back before `from`.
  const needed = bucketsBetween(shiftBucket(shown[0], granularity, -(window - 1)), to, granularity);

  const countsByBucket = new Map(needed.map((bucket) => [bucket, emptyCounts()]));
  for (const { day, counts } of days) {
    const bucket = bucketOf(day, granularity);
    const sum = countsByBucket.get(bucket);
    if (sum) countsByBucket.set(bucket, addCounts(sum, counts));
  }

  // `needed` starts window − 1 buckets before `shown`, so needed[i .. i + window − 1] ends with shown[i].
  return shown.map((bucket, i) => {
    let windowCounts = emptyCounts();
    for (const windowBucket of needed.slice(i, i + window)) windowCounts = addCounts(windowCounts, countsByBucket.get(windowBucket) ?? emptyCounts());
    return { bucket, summary: summarizeNps(windowCounts, thresholds) };
  });
}

/** The days `npsTrend` reads for these options: from the first bucket of the first point's window through `to`. */
export function trendSpan({ from, to, granularity, window }: Pick<TrendOptions, "from" | "to" | "granularity" | "window">): { from: string; to: string } {
  assertOrdered(from, to);
  return { from: shiftBucket(bucketOf(from, granularity), granularity, -(window - 1)), to };
}

export type BucketSplit = {
  /** First and last start of the buckets lying wholly inside the range, or null when none does. */
  whole: { first: string; last: string } | null;
  /** The days of the range outside those buckets: at most one run at each end. */
  edges: { from: string; to: string }[];
};

/**
 * [from, to] as whole buckets plus the days at its edges, so a range can be summed from weekly or
 * monthly counts and only its partial periods from daily ones.
 */
export function splitIntoBuckets(from: string, to: string, granularity: Granularity): BucketSplit {
  assertOrdered(from, to);
  const startsBucket = (day: string) => bucketOf(day, granularity) === day;
  const first = startsBucket(from) ? from : shiftBucket(bucketOf(from, granularity), granularity, 1);
  const dayAfterTo = shiftDay(to, 1);
  const last = shiftBucket(bucketOf(dayAfterTo, granularity), granularity, -1);
  if (first > last) return { whole: null, edges: [{ from, to }] };
  const edges: { from: string; to: string }[] = [];
  if (from < first) edges.push({ from, to: shiftDay(first, -1) });
  const wholeEnd = shiftDay(shiftBucket(last, granularity, 1), -1);
  if (wholeEnd < to) edges.push({ from: shiftDay(wholeEnd, 1), to });
  return { whole: { first, last }, edges };
}

/** The period of the same number of days ending the day before `from`, for "change against the previous period". */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  assertOrdered(from, to);
  const start = parseDay(from).getTime();
  const length = (parseDay(to).getTime() - start) / DAY_MS + 1;
  return { from: formatDay(new Date(start - length * DAY_MS)), to: formatDay(new Date(start - DAY_MS)) };
}

function shiftBucket(bucket: string, granularity: Granularity, count: number): string {
  const date = parseDay(bucket);
  if (granularity === "week") return formatDay(new Date(date.getTime() + count * 7 * DAY_MS));
  return formatDay(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + count, 1)));
}

function shiftDay(day: string, days: number): string {
  return formatDay(new Date(parseDay(day).getTime() + days * DAY_MS));
}

function parseDay(day: string): Date {
  const match = DAY_PATTERN.exec(day);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  // Date.UTC rolls 2024-02-30 over to March; a round trip catches that.
  if (!date || formatDay(date) !== day) throw new RangeError(`A day is a calendar date written YYYY-MM-DD, not "${day}"`);
  return date;
}

function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function assertOrdered(from: string, to: string): void {
  if (parseDay(from).getTime() > parseDay(to).getTime()) throw new RangeError(`A period's start ${from} is after its end ${to}`);
}
