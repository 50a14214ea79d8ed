import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityCategories, communityMembers, communityTopics } from "../../db/schema";

/*
 * The community's counters, kept right by whatever changes what is visible. What they count:
 * - a post is visible when it is published and neither hidden nor deleted; a topic when it is neither hidden nor deleted;
 * - a topic's `replyCount` counts its visible replies (not the opening post), `likeCount` the likes
 *   on its visible posts, `lastPostedAt` is its newest visible post's time (its own creation time without one);
 * - a category's `topicCount` counts its visible topics, `postCount` the visible posts in them (opening posts included);
 * - a member's `topicCount` counts the visible topics they started, `replyCount` their visible
 *   replies in visible topics, `acceptedAnswerCount` their posts accepted as answers in topics not deleted,
 *   `likesReceived` the likes on their visible posts in visible topics (a hidden post's likes stop counting for trust and badges).
 * A topic's and a member's counters are recounted from their own rows (bounded by that topic's or
 * member's posts, on indexes); a category's are moved by the difference a topic makes, never recounted.
 */

const VISIBLE_POST = sql`p.state = 'published' AND p.hidden_at IS NULL AND p.deleted_at IS NULL`;

type Contribution = { categoryId: number; topics: number; posts: number };

/** What one topic adds to its category's counters. */
function topicContribution(conn: Db, topicId: number): Contribution | null {
  const topic = conn
    .select({ categoryId: communityTopics.categoryId, hiddenAt: communityTopics.hiddenAt, deletedAt: communityTopics.deletedAt })
    .from(communityTopics)
    .where(eq(communityTopics.id, topicId))
    .get();
  if (!topic) return null;
  if (topic.hiddenAt || topic.deletedAt) return { categoryId: topic.categoryId, topics: 0, posts: 0 };
  const row = conn.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_posts p WHERE p.topic_id = ${topicId} AND ${VISIBLE_POST}`);
  return { categoryId: topic.categoryId, topics: 1, posts: row?.n ?? 0 };
}

function addToCategory(conn: Db, categoryId: number, topics: number, posts: number) {
  if (topics === 0 && posts === 0) return;
  conn
    .update(communityCategories)
    .set({
      topicCount: sql`max(0, ${communityCategories.topicCount} + ${topics})`,
      postCount: sql`max(0, ${communityCategories.postCount} + ${posts})`,
    })
    .where(eq(communityCategories.id, categoryId))
    .run();
}

export function recountTopic(conn: Db, topicId: number) {
  conn.run(sql`
    UPDATE community_topics SET
      reply_count = (SELECT count(*) FROM community_posts p WHERE p.topic_id = community_topics.id AND p.post_number > 1 AND ${VISIBLE_POST}),
      like_count = (SELECT coalesce(sum(p.like_count), 0) FROM community_posts p WHERE p.topic_id = community_topics.id AND ${VISIBLE_POST}),
      last_posted_at = coalesce((SELECT max(p.created_at) FROM community_posts p WHERE p.topic_id = community_topics.id AND ${VISIBLE_POST}), created_at)
    WHERE id = ${topicId}`);
}

export function recountMembers(conn: Db, memberIds: Iterable<number>) {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return;
  conn
    .update(communityMembers)
    .set({
      topicCount: sql`(SELECT count(*) FROM community_topics t WHERE t.author_id = community_members.id AND t.hidden_at IS NULL AND t.deleted_at IS NULL)`,
      replyCount: sql`(SELECT count(*) FROM community_posts p JOIN community_topics t ON t.id = p.topic_id
        WHERE p.author_id = community_members.id AND p.post_number > 1 AND ${VISIBLE_POST} AND t.hidden_at IS NULL AND t.deleted_at IS NULL)`,
      acceptedAnswerCount: sql`(SELECT count(*) FROM community_posts p JOIN community_topics t ON t.id = p.topic_id AND t.accepted_post_id = p.id
        WHERE p.author_id = community_members.id AND t.deleted_at IS NULL)`,
      likesReceived: sql`(SELECT coalesce(sum(p.like_count), 0) FROM community_posts p JOIN community_topics t ON t.id = p.topic_id
        WHERE p.author_id = community_members.id AND ${VISIBLE_POST} AND t.hidden_at IS NULL AND t.deleted_at IS NULL)`,
    })
    .where(inArray(communityMembers.id, ids))
    .run();
}

/** Everyone with a post in the topics (their counters may change with the topic's visibility). */
function authorsIn(conn: Db, topicIds: number[]): number[] {
  if (topicIds.length === 0) return [];
  return conn
    .all<{ id: number }>(
      sql`SELECT DISTINCT author_id AS id FROM community_posts WHERE topic_id IN (${sql.join(
        topicIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    )
    .map((r) => r.id);
}

/**
 * Runs a change to the given topics and keeps every counter right around it: the categories by
 * the difference each topic's contribution made, then each topic recounted, and the members
 * recounted: everyone with a post in a topic whose visibility changed, else only `authors` (the
 * authors of the posts the change touched).
 */
export function withCounters<T>(conn: Db, topicIds: number[], authors: number[], change: () => T): T {
  const ids = [...new Set(topicIds)];
  const before = new Map(ids.map((id) => [id, topicContribution(conn, id)]));
  const everyone = authorsIn(conn, ids);
  const result = change();
  const members = new Set(authors);
  for (const id of ids) {
    const b = before.get(id);
    const a = topicContribution(conn, id);
    if (b) addToCategory(conn, b.categoryId, -b.topics, -b.posts);
    if (a) addToCategory(conn, a.categoryId, a.topics, a.posts);
    recountTopic(conn, id);
    if ((b?.topics ?? 0) !== (a?.topics ?? 0)) for (const m of [...everyone, ...authorsIn(conn, [id])]) members.add(m);
  }
  recountMembers(conn, members);
  return result;
}

/** For a topic made during the change (a split): its counters and its category's, from nothing. */
export function countNewTopic(conn: Db, topicId: number) {
  const a = topicContribution(conn, topicId);
  if (a) addToCategory(conn, a.categoryId, a.topics, a.posts);
  recountTopic(conn, topicId);
  recountMembers(conn, authorsIn(conn, [topicId]));
}
