import { findMemberProfile } from "../models/community-profile.server";
import type { CommunityReadScope } from "../utils/community-access.server";
import { recentTopics, type TopicItem } from "./community-lists.server";
import { badgesOf } from "./community-badges.server";

export type ProfileView = {
  handle: string;
  displayName: string;
  title: string | null;
  company: string | null;
  staff: boolean;
  /** The account's start date (YYYY-MM-DD): when the member's company became a customer. */
  customerSince: string | null;
  counts: { topics: number; answers: number; acceptedAnswers: number; likesReceived: number };
  suspendedUntil: string | null;
  own: boolean;
  badges: { code: string; awardedAt: string }[];
  recentTopics: TopicItem[];
};

/** A member's public profile as a reader sees it: the company only when the member shows it, their latest topics in categories the reader may see. */
export function memberProfilePage(reader: CommunityReadScope, handle: string): ProfileView | null {
  const profile = findMemberProfile(handle);
  if (!profile) return null;
  const staff = profile.userId !== null;
  const own = reader.memberId === profile.id;
  return {
    handle: profile.handle,
    displayName: profile.displayName,
    title: profile.title || null,
    company: !staff && profile.showCompany ? profile.companyName : null,
    staff,
    customerSince: staff ? null : (profile.customerSince ?? null),
    counts: { topics: profile.topicCount, answers: profile.replyCount, acceptedAnswers: profile.acceptedAnswerCount, likesReceived: profile.likesReceived },
    // Only the member and staff read why and until when a member cannot post.
    suspendedUntil:
      (own || reader.staff) && profile.suspendedUntil && profile.suspendedUntil.getTime() > Date.now() ? profile.suspendedUntil.toISOString() : null,
    own,
    badges: (badgesOf([profile.id]).get(profile.id) ?? []).map((badge) => ({ code: badge.code, awardedAt: badge.awardedAt.toISOString() })),
    recentTopics: recentTopics(reader, { authorId: profile.id, limit: 10 }),
  };
}
