import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityFlags, communityPosts, communityTopics, type FlagOutcome } from "../../db/schema";
import { ServiceError } from "../domain/service-error";

export type ModeratedPost = typeof communityPosts.$inferSelect;
export type ModeratedTopic = typeof communityTopics.$inferSelect;

/** A post and its topic, for a moderation action; 404 when the post is gone (deleted posts stay readable to staff). */
export function loadPost(conn: Db, postId: number): { post: ModeratedPost; topic: ModeratedTopic } {
  const row = conn
    .select({ post: communityPosts, topic: communityTopics })
    .from(communityPosts)
    .innerJoin(communityTopics, eq(communityTopics.id, communityPosts.topicId))
    .where(eq(communityPosts.id, postId))
    .get();
  if (!row) throw new ServiceError(404, "communityPostNotFound", {}, "postId");
  return row;
}

export function loadTopic(conn: Db, topicId: number, field = "topicId"): ModeratedTopic {
  const topic = conn.select().from(communityTopics).where(eq(communityTopics.id, topicId)).get();
  if (!topic || topic.deletedAt) throw new ServiceError(404, "communityTopicNotFound", {}, field);
  return topic;
}

/** Closes every open flag of a post with one outcome; returns how many it closed. */
export function closeOpenFlags(conn: Db, postId: number, outcome: FlagOutcome, resolvedById: number | null, now: number): number {
  return conn
    .update(communityFlags)
    .set({ resolvedAt: new Date(now), resolvedById, outcome })
    .where(and(eq(communityFlags.postId, postId), isNull(communityFlags.resolvedAt)))
    .run().changes;
}

export function openFlagCount(conn: Db, postId: number): number {
  return conn.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_flags WHERE post_id = ${postId} AND resolved_at IS NULL`)?.n ?? 0;
}
