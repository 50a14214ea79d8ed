/**
 * What the account page (Account 360) derives from the account's rows: its campaign history
 * with each wave's NPS, and the slots for the health and advocacy scores.
 */
import type { CategoryThresholds } from "./nps";
import { emptyCounts, summarizeNps, type NpsSummary } from "./nps-stats";

/**
 * A score the page has a place for before anything computes it. Until the scoring issue lands
 * every account is `not_scored`: the page says so instead of showing a made-up number.
 */
export type AccountScore =
  | { status: "not_scored" }
  | {
      status: "scored";
      /** 0–100. */
      value: number;
      scoredAt: number;
      /** Each reason with what it added, so the score explains itself. */
      reasons: { label: string; points: number }[];
    };

export type AccountScores = { health: AccountScore; advocacy: AccountScore };

export const NOT_SCORED: AccountScores = { health: { status: "not_scored" }, advocacy: { status: "not_scored" } };

/** Invitations of one campaign to the account's contacts with one answer score (null: unanswered), and how many. */
export type CampaignScoreRow = { campaignId: number; campaignName: string; launchedAt: number | null; score: number | null; n: number };

export type CampaignHistoryEntry = {
  campaignId: number;
  campaignName: string;
  launchedAt: number | null;
  invited: number;
  answered: number;
  /** The NPS of the account's answers to this campaign. */
  summary: NpsSummary;
};

/** Invitations per campaign and answer score → one entry per campaign, in the rows' order. */
export function campaignHistory(rows: readonly CampaignScoreRow[], thresholds?: CategoryThresholds): CampaignHistoryEntry[] {
  const byCampaign = new Map<number, { row: CampaignScoreRow; invited: number; counts: number[] }>();
  for (const row of rows) {
    let entry = byCampaign.get(row.campaignId);
    if (!entry) byCampaign.set(row.campaignId, (entry = { row, invited: 0, counts: emptyCounts() }));
    entry.invited += row.n;
    if (row.score !== null) entry.counts[row.score] += row.n;
  }
  return [...byCampaign.values()].map(({ row, invited, counts }) => {
    const summary = summarizeNps(counts, thresholds);
    return { campaignId: row.campaignId, campaignName: row.campaignName, launchedAt: row.launchedAt, invited, answered: summary.n, summary };
  });
}

/** First day of the month `monthsBack` months before the one holding `day` (YYYY-MM-DD, UTC). */
export function monthStartBefore(day: string, monthsBack: number): string {
  const [year, month] = day.split("-").map(Number);
  const start = new Date(Date.UTC(year, month - 1 - monthsBack, 1));
  return start.toISOString().slice(0, 10);
}
