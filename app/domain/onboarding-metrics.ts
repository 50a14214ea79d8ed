import { z } from "zod";
import { DAY_MS } from "./days";

/**
 * The onboarding overview's arithmetic (issue 15 point 6, decision 054): funnel drop-off by step,
 * time to first value (median and p75) per start-month cohort, and the share of accounts activated
 * within 30/60/90 days of their start. Pure: the models hand over small tallies read by index
 * (decision 049), never one row per event.
 */

/** Enrolments tallied by start date and TTV (null: not activated yet): what the cohort figures read. */
export type EnrolmentTally = { startedAt: string; ttvDays: number | null; count: number };

/**
 * The p-th percentile (0..1) of values given with their counts, interpolated linearly between the
 * two nearest ranks (as spreadsheets' PERCENTILE.INC): the median of 1, 2, 3, 4 is 2.5 and its p75
 * 3.25. Null for no values.
 */
export function weightedPercentile(values: readonly { value: number; count: number }[], p: number): number | null {
  const sorted = values.filter((entry) => entry.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, entry) => sum + entry.count, 0);
  if (total === 0) return null;
  const rank = p * (total - 1);
  const lower = Math.floor(rank);
  const at = (index: number) => {
    let seen = 0;
    for (const entry of sorted) {
      seen += entry.count;
      if (index < seen) return entry.value;
    }
    return sorted[sorted.length - 1].value;
  };
  const low = at(lower);
  const high = at(Math.min(lower + 1, total - 1));
  return low + (high - low) * (rank - lower);
}

export function percentile(values: readonly number[], p: number): number | null {
  return weightedPercentile(
    values.map((value) => ({ value, count: 1 })),
    p,
  );
}

/** The start-month cohort of an ISO date: "2026-03". */
export function cohortOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

export type CohortTtv = { cohort: string; enrolled: number; activated: number; medianDays: number | null; p75Days: number | null };

/** TTV median and p75 per start-month cohort, oldest cohort first; accounts not activated count as enrolled only. */
export function ttvByCohort(tallies: readonly EnrolmentTally[]): CohortTtv[] {
  const cohorts = new Map<string, EnrolmentTally[]>();
  for (const tally of tallies) {
    const cohort = cohortOf(tally.startedAt);
    const list = cohorts.get(cohort) ?? [];
    list.push(tally);
    cohorts.set(cohort, list);
  }
  return [...cohorts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([cohort, list]) => {
      const activated = list.filter((tally) => tally.ttvDays !== null).map((tally) => ({ value: tally.ttvDays!, count: tally.count }));
      return {
        cohort,
        enrolled: list.reduce((sum, tally) => sum + tally.count, 0),
        activated: activated.reduce((sum, entry) => sum + entry.count, 0),
        medianDays: weightedPercentile(activated, 0.5),
        p75Days: weightedPercentile(activated, 0.75),
      };
    });
}

export const ACTIVATION_WINDOWS = [30, 60, 90] as const;

export type ActivationShare = { days: number; eligible: number; activated: number; share: number | null };

/**
 * The share of accounts activated within d days of their start, for each window. Only accounts
 * that have had d whole days (started at least d days before `today`) are counted: an account that
 * started last week has not failed to activate within 90 days. Activation on day d counts as within.
 */
export function activationShares(tallies: readonly EnrolmentTally[], today: string, windows: readonly number[] = ACTIVATION_WINDOWS): ActivationShare[] {
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  return windows.map((days) => {
    let eligible = 0;
    let activated = 0;
    for (const tally of tallies) {
      const age = Math.floor((todayMs - Date.parse(`${tally.startedAt}T00:00:00Z`)) / DAY_MS);
      if (age < days) continue;
      eligible += tally.count;
      if (tally.ttvDays !== null && tally.ttvDays <= days) activated += tally.count;
    }
    return { days, eligible, activated, share: eligible === 0 ? null : activated / eligible };
  });
}

export type FunnelStep = { key: string; done: number; share: number | null; dropOff: number; dropShare: number | null };

/**
 * The funnel by step, in the guide's order: how many enrolled accounts did each step, as a share of
 * all enrolled, and how many of the accounts that did the step before did not do this one (the
 * drop-off; never below zero — steps done out of order would otherwise show a negative loss).
 */
export function funnelOf(enrolled: number, stepKeys: readonly string[], doneByKey: ReadonlyMap<string, number>): FunnelStep[] {
  let previous = enrolled;
  return stepKeys.map((key) => {
    const done = doneByKey.get(key) ?? 0;
    const dropOff = Math.max(0, previous - done);
    const step = { key, done, share: enrolled === 0 ? null : done / enrolled, dropOff, dropShare: previous === 0 ? null : dropOff / previous };
    previous = done;
    return step;
  });
}

/** Whole days from an epoch-ms instant to `now` (never negative): "stalled for 9 days". */
export function wholeDaysSince(at: number, now: number): number {
  return Math.max(0, Math.floor((now - at) / DAY_MS));
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const optionalText = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

/** The overview's filters, from the query string; unknown or malformed values are refused (400), never guessed. */
export const OnboardingFilters = z.strictObject({
  guide: optionalText(z.coerce.number().int().positive()),
  version: optionalText(z.coerce.number().int().positive()),
  segment: optionalText(z.enum(["high", "low", "tech"])),
  cohort: optionalText(z.string().regex(MONTH)),
});
export type OnboardingFilters = z.infer<typeof OnboardingFilters>;

/** The first and the day after the last day of a "YYYY-MM" cohort, for a range on `started_at`. */
export function cohortRange(cohort: string): { from: string; to: string } {
  const [year, month] = cohort.split("-").map(Number);
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
  return { from: `${cohort}-01`, to: `${next}-01` };
}

/** The `?version=N` of a guide's page: the number, undefined when absent, null when malformed (a 400). */
export function versionQuery(params: URLSearchParams): number | undefined | null {
  const raw = params.get("version");
  if (raw === null || raw === "") return undefined;
  return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : null;
}
