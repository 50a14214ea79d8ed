import { campaignHistory, monthStartBefore, NOT_SCORED, type AccountScores, type CampaignHistoryEntry } from "../domain/account-360";
import { isCaseOverdue } from "../domain/case-workflow";
import type { CategoryThresholds } from "../domain/nps";
import { emptyCounts, scoreCountsBy, summarizeNps, type NpsSummary } from "../domain/nps-stats";
import { npsTrend, type TrendPoint } from "../domain/nps-trend";
import { dayInZone, zoneDaysRange } from "../domain/zone-days";
import { findAccountDetail } from "../models/account.server";
import {
  accountCampaignScores,
  accountScoreCounts,
  accountScoresByDay,
  listAccountContactsWithScores,
  listOpenCasesOfAccount,
  type AccountContactWithScore,
  type AccountOpenCase,
} from "../models/account-360.server";
import { getSetting, teamTimeZone } from "../models/settings.server";
import type { CommunityParticipation, ContactCommunityParticipation } from "../domain/community-participation";
import { accountContactsParticipation, communityParticipation } from "./community-participation.server";
import { accountMeetupParticipation, type MeetupParticipation } from "./meetup-participation.server";

/** Months the account's NPS trend shows, this one included. */
export const ACCOUNT_TREND_MONTHS = 12;

export type Account360 = {
  account: NonNullable<ReturnType<typeof findAccountDetail>>;
  /** Each contact with their community participation (null: never took part). */
  contacts: (AccountContactWithScore & { community: ContactCommunityParticipation | null })[];
  /** The account's people in the community, from the aggregates (issue 13). */
  community: CommunityParticipation;
  /** User-group events the account's people attended or spoke at. */
  meetups: MeetupParticipation;
  /** Monthly NPS of the account's answers (by the day of the first answer), oldest first. */
  trend: TrendPoint[];
  /** Every answer the account ever gave. */
  allTime: NpsSummary;
  openCases: (AccountOpenCase & { overdue: boolean })[];
  campaigns: CampaignHistoryEntry[];
  /** Health and advocacy: `not_scored` until the scoring issue computes them. */
  scores: AccountScores;
  /** The categories' score bounds from Settings. */
  thresholds: CategoryThresholds;
  today: string;
};

/** Everything the account page shows, or null when there is no such account. */
export function loadAccount360(accountId: number, now = new Date()): Account360 | null {
  const account = findAccountDetail(accountId);
  if (!account) return null;
  const thresholds = getSetting("npsSurvey").thresholds;
  // Days are the team's (decision 017): the trend buckets answers as the dashboard does.
  const timeZone = teamTimeZone();
  const today = dayInZone(now.getTime(), timeZone);
  const from = monthStartBefore(today, ACCOUNT_TREND_MONTHS - 1);
  const range = zoneDaysRange(from, today, timeZone);
  const days = scoreCountsBy(accountScoresByDay(accountId, { fromMs: range.start, toMs: range.end, timeZone }), (row) => row.day).map(({ key, counts }) => ({
    day: key,
    counts,
  }));
  const allTimeCounts = emptyCounts();
  for (const row of accountScoreCounts(accountId)) allTimeCounts[row.score] += row.n;
  const nowMs = now.getTime();
  const participation = accountContactsParticipation(accountId, now);
  return {
    account,
    contacts: listAccountContactsWithScores(accountId).map((contact) => ({ ...contact, community: participation.get(contact.id) ?? null })),
    community: communityParticipation(accountId, now),
    meetups: accountMeetupParticipation(accountId),
    trend: npsTrend(days, { from, to: today, granularity: "month", window: 1, thresholds }),
    allTime: summarizeNps(allTimeCounts, thresholds),
    openCases: listOpenCasesOfAccount(accountId).map((row) => ({ ...row, overdue: isCaseOverdue(row.status, row.dueAt, nowMs) })),
    campaigns: campaignHistory(accountCampaignScores(accountId), thresholds),
    scores: NOT_SCORED,
    thresholds,
    today,
  };
}
