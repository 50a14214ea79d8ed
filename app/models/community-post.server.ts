import { and, asc, count, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, communityLikes, communityMembers, communityPostRevisions, communityPosts, communityTopics, contacts } from "../../db/schema";
import { db } from "../utils/db.server";
import { authorColumns } from "./community-topic.server";

export type CommunityPost = typeof communityPosts.$inferSelect;

/** Who reads: staff see deleted and hidden posts (marked); a customer sees published ones, and their own held ones. */
export type PostReader = { memberId: number | null; staff: boolean };

function readable(reader: PostReader): SQL | undefined {
  if (reader.staff) return undefined;
  const own = reader.memberId !== null ? eq(communityPosts.authorId, reader.memberId) : undefined;
  return and(
    isNull(communityPosts.deletedAt),
    isNull(communityPosts.hiddenAt),
    own ? or(eq(communityPosts.state, "published"), own) : eq(communityPosts.state, "published"),
  );
}

function postRows(conn: Db, reader: PostReader) {
  const liked =
    reader.memberId !== null
      ? sql<number>`EXISTS (SELECT 1 FROM ${communityLikes} WHERE ${communityLikes.postId} = ${communityPosts.id} AND ${communityLikes.memberId} = ${reader.memberId})`.mapWith(
          Boolean,
        )
      : sql<number>`0`.mapWith(Boolean);
  return conn
    .select({
      id: communityPosts.id,
      postNumber: communityPosts.postNumber,
      replyToPostId: communityPosts.replyToPostId,
      html: communityPosts.html,
      source: communityPosts.source,
      state: communityPosts.state,
      likeCount: communityPosts.likeCount,
      createdAt: communityPosts.createdAt,
      editedAt: communityPosts.editedAt,
      editCount: communityPosts.editCount,
      hiddenAt: communityPosts.hiddenAt,
      deletedAt: communityPosts.deletedAt,
      likedByMe: liked,
      ...authorColumns,
    })
    .from(communityPosts)
    .innerJoin(communityMembers, eq(communityMembers.id, communityPosts.authorId))
    .leftJoin(contacts, eq(contacts.id, communityMembers.contactId))
    .leftJoin(accounts, eq(accounts.id, contacts.accountId));
}

export type TopicPostRow = ReturnType<ReturnType<typeof postRows>["all"]>[number];

/** One page of a topic's posts in the order they were written (walks the `(topic_id, post_number)` index). */
export function listTopicPosts(topicId: number, reader: PostReader, page: { offset: number; limit: number }, conn: Db = db): TopicPostRow[] {
  return postRows(conn, reader)
    .where(and(eq(communityPosts.topicId, topicId), readable(reader)))
    .orderBy(asc(communityPosts.postNumber))
    .limit(page.limit)
    .offset(page.offset)
    .all();
}

export function countTopicPosts(topicId: number, reader: PostReader, conn: Db = db): number {
  return conn
    .select({ n: count() })
    .from(communityPosts)
    .where(and(eq(communityPosts.topicId, topicId), readable(reader)))
    .get()!.n;
}

/** One post as the topic page shows it (the accepted answer under the question), if the reader may see it. */
export function findReadablePost(postId: number, reader: PostReader, conn: Db = db): TopicPostRow | undefined {
  return postRows(conn, reader)
    .where(and(eq(communityPosts.id, postId), readable(reader)))
    .get();
}

/** The few posts a page answers "in reply to": their number and author. */
export function findPostsByIds(ids: number[], conn: Db = db) {
  if (ids.length === 0) return [];
  return conn
    .select({ id: communityPosts.id, postNumber: communityPosts.postNumber, authorName: communityMembers.displayName })
    .from(communityPosts)
    .innerJoin(communityMembers, eq(communityMembers.id, communityPosts.authorId))
    .where(sql`${communityPosts.id} IN ${ids}`)
    .all();
}

export function findPost(postId: number, conn: Db = db): CommunityPost | undefined {
  return conn.select().from(communityPosts).where(eq(communityPosts.id, postId)).get();
}

/** A post's earlier versions, newest first, with who made each edit (staff read them). */
export function listPostRevisions(postId: number, conn: Db = db) {
  return conn
    .select({
      id: communityPostRevisions.id,
      source: communityPostRevisions.source,
      title: communityPostRevisions.title,
      createdAt: communityPostRevisions.createdAt,
      editorName: communityMembers.displayName,
    })
    .from(communityPostRevisions)
    .innerJoin(communityMembers, eq(communityMembers.id, communityPostRevisions.editedById))
    .where(eq(communityPostRevisions.postId, postId))
    .orderBy(desc(communityPostRevisions.id))
    .all();
}

/** A member's latest replies (their profile's activity), in topics the reader may see. */
export function listMemberReplies(memberId: number, categoryIds: number[], limit: number, conn: Db = db) {
  return conn
    .select({
      postId: communityPosts.id,
      postNumber: communityPosts.postNumber,
      createdAt: communityPosts.createdAt,
      topicId: communityTopics.id,
      title: communityTopics.title,
      slug: communityTopics.slug,
    })
    .from(communityPosts)
    .innerJoin(communityTopics, eq(communityTopics.id, communityPosts.topicId))
    .where(
      and(
        eq(communityPosts.authorId, memberId),
        sql`${communityPosts.postNumber} > 1`,
        eq(communityPosts.state, "published"),
        isNull(communityPosts.deletedAt),
        isNull(communityPosts.hiddenAt),
        isNull(communityTopics.deletedAt),
        isNull(communityTopics.hiddenAt),
        sql`${communityTopics.categoryId} IN ${categoryIds.length ? categoryIds : [-1]}`,
      ),
    )
    .orderBy(desc(communityPosts.createdAt))
    .limit(limit)
    .all();
}
