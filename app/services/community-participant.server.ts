import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityCategories, communityPosts, communityTopics } from "../../db/schema";
import { BODY_MAX, isSuspended, maySeeCategory, type CommunityActorFacts } from "../domain/community-rules";
import { ServiceError } from "../domain/service-error";
import { dayInZone } from "../domain/zone-days";
import { teamTimeZone } from "../models/settings.server";
import { ensureContactMember, ensureStaffMember, type CommunityMember } from "../models/community-member.server";
import type { CommunityReader } from "../utils/community-access.server";

/**
 * The member who is about to write, inside the writing transaction: their row is made on first
 * participation; a customer must have accepted the guidelines; a suspended member writes nothing.
 */
export function participantOf(tx: Db, reader: CommunityReader): CommunityMember {
  const viewer = reader.viewer;
  const member = viewer.kind === "staff" ? ensureStaffMember(tx, viewer.user) : ensureContactMember(tx, viewer.contact);
  if (viewer.kind === "contact" && !member.guidelinesAcceptedAt) throw new ServiceError(403, "communityGuidelines");
  const suspension = suspensionOf(member);
  if (suspension) throw new ServiceError(403, "communitySuspended", suspension);
  return member;
}

/**
 * A suspension in force, as the member reads it: the last day it lasts (a suspension ends at the
 * end of a day on the team's calendar, so that day is the one to name) and the moderator's reason.
 */
export function suspensionOf(member: Pick<CommunityMember, "suspendedUntil" | "suspendedReason"> | null): { until: string; reason: string } | null {
  if (!member || !isSuspended(member)) return null;
  return { until: dayInZone(member.suspendedUntil!.getTime() - 1, teamTimeZone()), reason: member.suspendedReason ?? "" };
}

export function factsOf(reader: CommunityReader, member?: { id: number } | null): CommunityActorFacts {
  return { memberId: member?.id ?? reader.memberId, staff: reader.staff, moderator: reader.moderator, segment: reader.segment };
}

/** A post's Markdown, trimmed; refused when empty or too long. */
export function checkedBody(body: string, field = "body"): string {
  const trimmed = body.trim();
  if (!trimmed) throw new ServiceError(400, "communityBodyEmpty", {}, field);
  if (trimmed.length > BODY_MAX) throw new ServiceError(413, "communityBodyTooLong", { max: BODY_MAX }, field);
  return trimmed;
}

/**
 * A topic the reader may act in: it exists, is not deleted, is not hidden (unless they are
 * staff) and its category is open to them. Anything else is the same 404, so a restricted
 * category's topics are not revealed by the answer.
 */
export function topicInReach(tx: Db, reader: CommunityReader, topicId: number) {
  const row = tx
    .select({ topic: communityTopics, category: communityCategories })
    .from(communityTopics)
    .innerJoin(communityCategories, eq(communityCategories.id, communityTopics.categoryId))
    .where(eq(communityTopics.id, topicId))
    .get();
  if (!row || row.topic.deletedAt || (row.topic.hiddenAt && !reader.staff) || !maySeeCategory(reader, row.category)) {
    throw new ServiceError(404, "communityNotFound");
  }
  return row;
}

/** A post the reader may act on, with its topic and category: deleted posts and posts out of reach are the same 404. */
export function postInReach(tx: Db, reader: CommunityReader, postId: number) {
  const post = tx.select().from(communityPosts).where(eq(communityPosts.id, postId)).get();
  if (!post || post.deletedAt || ((post.hiddenAt || post.state !== "published") && !reader.staff && post.authorId !== reader.memberId)) {
    throw new ServiceError(404, "communityNotFound");
  }
  return { post, ...topicInReach(tx, reader, post.topicId) };
}
