import { z } from "zod";
import type { CategoryThresholds } from "../domain/nps";
import { compareNps, emptyCounts, scoreCountsBy, summarizeNps, type NpsChange, type NpsSummary } from "../domain/nps-stats";
import { npsTrend, previousPeriod, trendSpan, type Granularity } from "../domain/nps-trend";
import { SEGMENTS } from "../../db/schema";
import { addDays, isCalendarDate } from "../domain/rows";
import { SEGMENT_LABEL, stageLabel, type Segment } from "../domain/segments";
import {
  BREAKDOWN_DIMENSIONS,
  csmCounts,
  dashboardFilterOptions,
  dimensionCounts,
  dimensionNames,
  invitationCount,
  periodScoreCounts,
  scoreCounts,
  type BreakdownDimension,
  type DashboardFilters,
  type DimensionCountRow,
} from "../models/nps-dashboard.server";
import { followUpStats, type FollowUpStats } from "../models/follow-up-stats.server";
import { getSetting, teamTimeZone } from "../models/settings.server";
import { dayRekeyProgress, type DayRekeyProgress } from "../jobs/aggregate-days-rekey.server";
import { DAY_MS } from "../domain/days";

const id = z.coerce.number("notId").int("notId").positive("notId");

/** The dashboard's query string: every view can be shared as a URL. Messages are reason codes the page words. */
const DashboardQuery = z
  .object({
    from: z.string().refine(isCalendarDate, "notDate").optional(),
    to: z.string().refine(isCalendarDate, "notDate").optional(),
    segment: z.enum(SEGMENTS, { error: "notSegment" }).optional(),
    campaign: id.optional(),
    csm: id.optional(),
    by: z.enum(["week", "month"], { error: "notGranularity" }).optional(),
    window: z.coerce.number("notWindow").int("notWindow").min(1, "notWindow").max(12, "notWindow").optional(),
  })
  .strict();

const FIELD_PROBLEMS = ["unknownFilter", "notDate", "notSegment", "notId", "notGranularity", "notWindow", "invalid"] as const;

/** Why a dashboard URL cannot be read, for the page to word: a filter and what is wrong with it, or the range. */
export type DashboardQueryProblem =
  { code: "field"; field: string; problem: (typeof FIELD_PROBLEMS)[number] } | { code: "reversed"; from: string; to: string } | { code: "tooLong" };

export type DashboardView = DashboardFilters & { granularity: Granularity; window: number };

/** Defaults: the last twelve months by month, each point the three months to it. */
export function parseDashboardQuery(params: URLSearchParams, today: string): { ok: true; view: DashboardView } | { ok: false; problem: DashboardQueryProblem } {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value !== "") raw[key] = value;
  const parsed = DashboardQuery.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "query"));
    const problem = issue.code === "unrecognized_keys" ? "unknownFilter" : (FIELD_PROBLEMS.find((code) => code === issue.message) ?? "invalid");
    return { ok: false, problem: { code: "field", field, problem } };
  }
  const q = parsed.data;
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -364);
  if (from > to) return { ok: false, problem: { code: "reversed", from, to } };
  if (Date.parse(to) - Date.parse(from) > 5 * 366 * DAY_MS) return { ok: false, problem: { code: "tooLong" } };
  return {
    ok: true,
    view: {
      from,
      to,
      segment: (q.segment as Segment | undefined) ?? null,
      campaignId: q.campaign ?? null,
      csmUserId: q.csm ?? null,
      granularity: q.by ?? "month",
      window: q.window ?? (q.by === "week" ? 4 : 3),
    },
  };
}

export type Breakdown = { dimension: BreakdownDimension; rows: { key: string; label: string; summary: NpsSummary }[] };

export type NpsDashboard = {
  view: DashboardView;
  thresholds: CategoryThresholds;
  summary: NpsSummary;
  previous: { from: string; to: string; summary: NpsSummary };
  change: NpsChange;
  invitations: number;
  responseRate: number | null;
  trend: { bucket: string; summary: NpsSummary }[];
  breakdowns: Breakdown[];
  /** Closing the loop: the cases opened in the range and today's queue (by owner when a CSM is chosen). */
  followUp: FollowUpStats;
  options: ReturnType<typeof dashboardFilterOptions>;
  /** The team's zone, whose calendar days every figure counts by. */
  timeZone: string;
  /** While the counts are being moved to a newly chosen zone's days, how far along that is. */
  rebuild: DayRekeyProgress;
};

const LOCALE_LABEL: Record<string, string> = { en: "English", ja: "Japanese" };

/** Score counts per value of each breakdown dimension; one CSM's view is that CSM's alone. */
function breakdownCounts(view: DashboardView, rows: DimensionCountRow[], total: number[]): Record<BreakdownDimension, { key: string; counts: number[] }[]> {
  return {
    segment: scoreCountsBy(rows, (row) => row.segment),
    stage: scoreCountsBy(rows, (row) => row.stage),
    locale: scoreCountsBy(rows, (row) => row.locale),
    campaign: scoreCountsBy(rows, (row) => String(row.campaign)),
    csm: view.csmUserId !== null ? [{ key: String(view.csmUserId), counts: total }] : csmCounts(view, view),
  };
}

/** Everything the NPS dashboard shows for one view, read from the pre-aggregates (decisions 017, 019). */
export function loadNpsDashboard(view: DashboardView, now = Date.now()): NpsDashboard {
  // Counts are kept per score, so today's category thresholds apply to every period.
  const thresholds = getSetting("npsSurvey").thresholds;
  const summarize = (counts: number[]) => summarizeNps(counts, thresholds);
  const rows = dimensionCounts(view, view);
  const total = rows.reduce<number[]>((sum, row) => {
    sum[row.score] += row.n;
    return sum;
  }, emptyCounts());
  const summary = summarize(total);
  const previousRange = previousPeriod(view.from, view.to);
  const previous = { ...previousRange, summary: summarize(scoreCounts(view, previousRange)) };
  const invitations = invitationCount(view);
  const trendOptions = { from: view.from, to: view.to, granularity: view.granularity, window: view.window, thresholds };
  const trend = npsTrend(periodScoreCounts(view, trendSpan(trendOptions), view.granularity), trendOptions);
  const names = dimensionNames();
  const label = (dimension: BreakdownDimension, key: string) => {
    if (dimension === "segment") return SEGMENT_LABEL[key as Segment] ?? key;
    if (dimension === "locale") return LOCALE_LABEL[key] ?? key;
    if (dimension === "stage") return stageLabel(key);
    if (key === "0") return dimension === "csm" ? "No CSM" : "Portal (no campaign)";
    return names[dimension].get(key) ?? `#${key}`;
  };
  const counts = breakdownCounts(view, rows, total);
  const breakdowns = BREAKDOWN_DIMENSIONS.map((dimension) => ({
    dimension,
    rows: counts[dimension]
      .map(({ key, counts }) => ({ key, label: label(dimension, key), summary: summarize(counts) }))
      .filter((row) => row.summary.n > 0)
      .sort((a, b) => b.summary.n - a.summary.n || a.label.localeCompare(b.label)),
  }));
  return {
    view,
    thresholds,
    summary,
    previous,
    change: compareNps(summary, previous.summary),
    invitations,
    responseRate: invitations > 0 ? summary.n / invitations : null,
    trend,
    breakdowns,
    followUp: followUpStats(view, now, teamTimeZone()),
    options: dashboardFilterOptions(),
    timeZone: teamTimeZone(),
    rebuild: dayRekeyProgress(),
  };
}
