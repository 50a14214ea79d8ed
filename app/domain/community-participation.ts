/**
 * Community participation as the account 360 shows it and the scoring issue reads it: typed
 * counts per account and per contact. "Active" means the member posted within the window.
 */

export const ACTIVE_WINDOWS_DAYS = [30, 90] as const;
const DAY_MS = 86_400_000;

/** One account's people in the community, rolled up (an input of the health and advocacy scores). */
export type CommunityParticipation = {
  accountId: number;
  /** Contacts of the account who are community members. */
  members: number;
  /** Members who posted in the last 30 and 90 days. */
  active30: number;
  active90: number;
  topics: number;
  replies: number;
  /** Answers by the account's members that askers or staff accepted. */
  acceptedAnswers: number;
  likesReceived: number;
  /** The newest post by any of them (ms since the epoch), null when none ever posted. */
  lastActivityAt: number | null;
};

/** One contact's own participation; `member: false` when they never took part. */
export type ContactCommunityParticipation = {
  contactId: number;
  member: boolean;
  handle: string | null;
  trustLevel: string | null;
  topics: number;
  replies: number;
  acceptedAnswers: number;
  likesReceived: number;
  lastActivityAt: number | null;
  /** Posted in the last 30 / 90 days. */
  active30: boolean;
  active90: boolean;
};

export const NO_PARTICIPATION = (accountId: number): CommunityParticipation => ({
  accountId,
  members: 0,
  active30: 0,
  active90: 0,
  topics: 0,
  replies: 0,
  acceptedAnswers: 0,
  likesReceived: 0,
  lastActivityAt: null,
});

/** The start of each active window for a given moment (ms), in the order of ACTIVE_WINDOWS_DAYS. */
export function activeSince(nowMs: number): { since30: number; since90: number } {
  return { since30: nowMs - 30 * DAY_MS, since90: nowMs - 90 * DAY_MS };
}

/** A member row's counters as a contact's participation, judged active at `nowMs`. */
export function contactParticipationOf(
  contactId: number,
  member: {
    handle: string;
    trustLevel: string;
    topicCount: number;
    replyCount: number;
    acceptedAnswerCount: number;
    likesReceived: number;
    lastPostedAt: number | null;
  } | null,
  nowMs: number,
): ContactCommunityParticipation {
  if (!member)
    return {
      contactId,
      member: false,
      handle: null,
      trustLevel: null,
      topics: 0,
      replies: 0,
      acceptedAnswers: 0,
      likesReceived: 0,
      lastActivityAt: null,
      active30: false,
      active90: false,
    };
  const { since30, since90 } = activeSince(nowMs);
  const last = member.lastPostedAt;
  return {
    contactId,
    member: true,
    handle: member.handle,
    trustLevel: member.trustLevel,
    topics: member.topicCount,
    replies: member.replyCount,
    acceptedAnswers: member.acceptedAnswerCount,
    likesReceived: member.likesReceived,
    lastActivityAt: last,
    active30: last !== null && last >= since30,
    active90: last !== null && last >= since90,
  };
}

/** Monday 00:00 UTC of the week holding `ms`: the statistics' weekly buckets (the migration's triggers use the same formula). */
export function weekStartUtc(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  return (day - ((((day + 3) % 7) + 7) % 7)) * DAY_MS;
}

/** The median of some durations, null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
