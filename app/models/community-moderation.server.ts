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
/** `outcome` null: closed without a moderator's judgement (the author deleted the post). */
export function closeOpenFlags(conn: Db, postId: number, outcome: FlagOutcome | null, resolvedById: number | null, now: number): number {
  return conn
    .update(communityFlags)
    .set({ resolvedAt: new Date(now), resolvedById, outcome })
    .where(and(eq(communityFlags.postId, postId), isNull(communityFlags.resolvedAt)))
    .run().changes;
}

export function openFlagCount(conn: Db, postId: number): number {
  return conn.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_flags WHERE post_id = ${postId} AND resolved_at IS NULL`)?.n ?? 0;
}

/** A post in the moderation queue, with its topic and author (and the author's account, for the CSM). */
export type QueuePost = {
  postId: number;
  postNumber: number;
  html: string;
  createdAt: number;
  state: string;
  hiddenAt: number | null;
  heldReasons: string[] | null;
  topicId: number;
  topicTitle: string;
  topicSlug: string;
  /** The opening post, for a reply seen in context (null for an opening post itself). */
  openingHtml: string | null;
  authorId: number;
  authorName: string;
  authorHandle: string;
  authorTrustLevel: string;
  authorIsStaff: boolean;
  authorSuspendedUntil: number | null;
  accountName: string | null;
};

export type QueueFlag = { postId: number; reason: string; note: string | null; createdAt: number; flaggerName: string; flaggerHandle: string };

const QUEUE_POST_COLUMNS = sql`
  p.id AS postId, p.post_number AS postNumber, p.html AS html, p.created_at AS createdAt, p.state AS state, p.hidden_at AS hiddenAt,
  p.held_reasons AS heldReasons, t.id AS topicId, t.title AS topicTitle, t.slug AS topicSlug,
  CASE WHEN p.post_number > 1 THEN (SELECT o.html FROM community_posts o WHERE o.topic_id = t.id AND o.post_number = 1) END AS openingHtml,
  m.id AS authorId, m.display_name AS authorName, m.handle AS authorHandle, m.trust_level AS authorTrustLevel,
  m.user_id IS NOT NULL AS authorIsStaff, m.suspended_until AS authorSuspendedUntil, a.name AS accountName`;

const QUEUE_JOINS = sql`
  JOIN community_topics t ON t.id = p.topic_id
  JOIN community_members m ON m.id = p.author_id
  LEFT JOIN contacts c ON c.id = m.contact_id
  LEFT JOIN accounts a ON a.id = c.account_id`;

function queuePost(row: QueuePost & { heldReasons: unknown; authorIsStaff: unknown }): QueuePost {
  return {
    ...row,
    heldReasons: typeof row.heldReasons === "string" ? (JSON.parse(row.heldReasons) as string[]) : null,
    authorIsStaff: Boolean(row.authorIsStaff),
  };
}

/**
 * The moderation queue: posts with open flags (oldest flag first, with every open flag's reason
 * and note) and posts the posting rules held (oldest first). Both read only what is open through
 * partial indexes, so the queue costs the same on a community of a million posts.
 */
export function listModerationQueue(conn: Db, limit = 50): { flagged: (QueuePost & { flags: QueueFlag[] })[]; held: QueuePost[] } {
  const flaggedIds = conn
    .all<{ postId: number }>(
      // A post gone with its topic (the opening post deleted) is nothing left to judge.
      sql`SELECT f.post_id AS postId FROM community_flags f JOIN community_posts p ON p.id = f.post_id JOIN community_topics t ON t.id = p.topic_id
        WHERE f.resolved_at IS NULL AND p.deleted_at IS NULL AND t.deleted_at IS NULL
        GROUP BY f.post_id ORDER BY min(f.created_at), f.post_id LIMIT ${limit}`,
    )
    .map((r) => r.postId);
  const idList = sql.join(
    flaggedIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const flaggedPosts =
    flaggedIds.length === 0
      ? []
      : conn.all<QueuePost & { heldReasons: unknown; authorIsStaff: unknown }>(
          sql`SELECT ${QUEUE_POST_COLUMNS} FROM community_posts p ${QUEUE_JOINS} WHERE p.id IN (${idList})`,
        );
  const flags =
    flaggedIds.length === 0
      ? []
      : conn.all<QueueFlag>(sql`
          SELECT f.post_id AS postId, f.reason AS reason, f.note AS note, f.created_at AS createdAt, m.display_name AS flaggerName, m.handle AS flaggerHandle
          FROM community_flags f JOIN community_members m ON m.id = f.member_id
          WHERE f.resolved_at IS NULL AND f.post_id IN (${idList}) ORDER BY f.created_at`);
  const byId = new Map(flaggedPosts.map((p) => [p.postId, queuePost(p)]));
  const flagged = flaggedIds.flatMap((id) => {
    const post = byId.get(id);
    return post ? [{ ...post, flags: flags.filter((f) => f.postId === id) }] : [];
  });
  const held = conn
    .all<QueuePost & { heldReasons: unknown; authorIsStaff: unknown }>(
      sql`SELECT ${QUEUE_POST_COLUMNS} FROM community_posts p ${QUEUE_JOINS} WHERE p.state = 'held' AND p.deleted_at IS NULL ORDER BY p.created_at LIMIT ${limit}`,
    )
    .map(queuePost);
  return { flagged, held };
}

export type SuspendedMember = { memberId: number; name: string; handle: string; until: number; reason: string | null; accountName: string | null };

/** Members whose suspension is in force, soonest end first. */
export function listSuspendedMembers(conn: Db, now: number, limit = 100): SuspendedMember[] {
  return conn.all<SuspendedMember>(sql`
    SELECT m.id AS memberId, m.display_name AS name, m.handle AS handle, m.suspended_until AS until, m.suspended_reason AS reason, a.name AS accountName
    FROM community_members m LEFT JOIN contacts c ON c.id = m.contact_id LEFT JOIN accounts a ON a.id = c.account_id
    WHERE m.suspended_until > ${now} ORDER BY m.suspended_until LIMIT ${limit}`);
}
