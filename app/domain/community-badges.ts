import type { BadgeCode } from "../../db/schema/community";

/** Likes received that make a member "helpful". */
export const HELPFUL_LIKES = 10;

export type BadgeCounters = { topicCount: number; replyCount: number; acceptedAnswerCount: number; likesReceived: number };

/**
 * The automatic badges a member's counters earn. Badges are kept once earned (Discourse does the
 * same): a later hidden post does not take a first-post badge back, so this only ever adds.
 */
export function earnedBadges(c: BadgeCounters): BadgeCode[] {
  const earned: BadgeCode[] = [];
  if (c.topicCount + c.replyCount >= 1) earned.push("first_post");
  if (c.acceptedAnswerCount >= 1) earned.push("first_accepted_answer");
  if (c.acceptedAnswerCount >= 10) earned.push("ten_accepted_answers");
  if (c.likesReceived >= HELPFUL_LIKES) earned.push("helpful");
  return earned;
}
