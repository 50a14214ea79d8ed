import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityBadges, communityMemberBadges, communityMembers, type BadgeCode } from "../../db/schema";
import { earnedBadges } from "../domain/community-badges";
import { db } from "../utils/db.server";

/**
 * Awards the automatic badges a member's counters have earned and returns the ones that are new
 * (for a notification). Idempotent: a badge is held once, so calling it after every post, like
 * or accepted answer (and again at night) never awards twice. Pass the caller's transaction.
 */
export function awardBadges(conn: Db, memberId: number, now = Date.now()): BadgeCode[] {
  const member = conn
    .select({
      topicCount: communityMembers.topicCount,
      replyCount: communityMembers.replyCount,
      acceptedAnswerCount: communityMembers.acceptedAnswerCount,
      likesReceived: communityMembers.likesReceived,
    })
    .from(communityMembers)
    .where(eq(communityMembers.id, memberId))
    .get();
  if (!member) return [];
  const earned = earnedBadges(member);
  return earned.filter((code) => grantBadge(conn, memberId, code, now));
}

/** Gives a member one badge (the events and case-study areas award theirs with it); false when they had it already. */
export function grantBadge(conn: Db, memberId: number, code: BadgeCode, now = Date.now()): boolean {
  const badge = conn.select({ id: communityBadges.id }).from(communityBadges).where(eq(communityBadges.code, code)).get();
  if (!badge) return false;
  const inserted = conn
    .insert(communityMemberBadges)
    .values({ memberId, badgeId: badge.id, awardedAt: new Date(now) })
    .onConflictDoNothing()
    .returning({ memberId: communityMemberBadges.memberId })
    .get();
  return inserted !== undefined;
}

export type MemberBadge = { code: BadgeCode; awardedAt: Date };

/** The badges of each member (for a page of posts: one query for all their authors), in the badges' order. */
export function badgesOfMembers(conn: Db, memberIds: number[]): Map<number, MemberBadge[]> {
  const byMember = new Map<number, MemberBadge[]>();
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return byMember;
  const rows = conn
    .select({ memberId: communityMemberBadges.memberId, code: communityBadges.code, awardedAt: communityMemberBadges.awardedAt })
    .from(communityMemberBadges)
    .innerJoin(communityBadges, eq(communityBadges.id, communityMemberBadges.badgeId))
    .where(inArray(communityMemberBadges.memberId, ids))
    .orderBy(asc(communityBadges.position))
    .all();
  for (const row of rows) {
    const list = byMember.get(row.memberId) ?? [];
    list.push({ code: row.code, awardedAt: row.awardedAt });
    byMember.set(row.memberId, list);
  }
  return byMember;
}

/** Whether a member holds a badge. */
export function hasBadge(conn: Db, memberId: number, code: BadgeCode): boolean {
  return (
    conn
      .select({ m: communityMemberBadges.memberId })
      .from(communityMemberBadges)
      .innerJoin(communityBadges, eq(communityBadges.id, communityMemberBadges.badgeId))
      .where(and(eq(communityMemberBadges.memberId, memberId), eq(communityBadges.code, code)))
      .get() !== undefined
  );
}

/** The badges of each member, for the pages that show them (a profile, the authors of a page of posts): one query. */
export function badgesOf(memberIds: number[]): Map<number, MemberBadge[]> {
  return badgesOfMembers(db, memberIds);
}
