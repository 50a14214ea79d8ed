import { and, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, communityCategories, communityMembers, communityTopics, contacts } from "../../db/schema";
import { db } from "../utils/db.server";

export type TopicTab = "latest" | "top" | "unsolved";

/** Where a list continues: the last row's sort key (row values compared in the list's order). */
export type TopicCursor = number[];

export type TopicListQuery = {
  /** The categories the reader may see (a restricted one is left out for a customer outside its segments). */
  categoryIds: number[];
  /** Staff also see hidden topics (moderators find them in the list). */
  staff: boolean;
  tab: TopicTab;
  cursor?: TopicCursor | null;
  limit: number;
  /** Pinned topics are listed apart, first: leave them out of the list itself. */
  leaveOut?: "pinnedGlobally" | "pinned";
  authorId?: number;
  /** Q&A only: topics with an accepted answer (true) or without (false). */
  solved?: boolean;
};

/** A member as shown beside what they wrote: a customer with their company (if they show it), or staff with a team badge. */
export const authorColumns = {
  authorId: communityMembers.id,
  authorHandle: communityMembers.handle,
  authorName: communityMembers.displayName,
  authorIsStaff: sql<number>`${communityMembers.userId} IS NOT NULL`.mapWith(Boolean),
  authorCompany: sql<string | null>`CASE WHEN ${communityMembers.showCompany} THEN ${accounts.name} END`,
};

const topicColumns = {
  id: communityTopics.id,
  title: communityTopics.title,
  slug: communityTopics.slug,
  categoryId: communityTopics.categoryId,
  replyCount: communityTopics.replyCount,
  likeCount: communityTopics.likeCount,
  createdAt: communityTopics.createdAt,
  lastPostedAt: communityTopics.lastPostedAt,
  acceptedPostId: communityTopics.acceptedPostId,
  pinnedAt: communityTopics.pinnedAt,
  pinnedGlobally: communityTopics.pinnedGlobally,
  lockedAt: communityTopics.lockedAt,
  hiddenAt: communityTopics.hiddenAt,
  ...authorColumns,
};

export type TopicListRow = Awaited<ReturnType<typeof topicRows>>[number];

function topicRows(conn: Db, where: SQL | undefined, order: SQL[], limit: number) {
  return conn
    .select(topicColumns)
    .from(communityTopics)
    .innerJoin(communityMembers, eq(communityMembers.id, communityTopics.authorId))
    .leftJoin(contacts, eq(contacts.id, communityMembers.contactId))
    .leftJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .all();
}

/**
 * Across several categories (the home page) the category is checked row by row (`+category_id`
 * keeps SQLite off the category index) so the list walks its own order's index and stops after
 * a page; through the (category, latest) index it gathered and sorted every topic of those
 * categories (435 ms on 100,000 topics). One category keeps that index: it is already in order.
 */
function inCategories(categoryIds: readonly number[]): SQL {
  if (categoryIds.length <= 1) return inArray(communityTopics.categoryId, categoryIds.length ? [...categoryIds] : [-1]);
  return sql`+${communityTopics.categoryId} IN (${sql.join(
    categoryIds.map((id) => sql`${id}`),
    sql`, `,
  )})`;
}

function visible(query: Pick<TopicListQuery, "categoryIds" | "staff">): SQL[] {
  const conditions: SQL[] = [isNull(communityTopics.deletedAt), inCategories(query.categoryIds)];
  if (!query.staff) conditions.push(isNull(communityTopics.hiddenAt));
  return conditions;
}

/**
 * A page of topics, continued by keyset (the last row's sort key, never an offset), so page 500 of
 * a category costs what page 1 does: the list walks `(category_id, last_posted_at)` or
 * `(like_count, reply_count)` from where the previous page stopped.
 */
export function listTopics(query: TopicListQuery, conn: Db = db): { topics: TopicListRow[]; next: TopicCursor | null } {
  const conditions = visible(query);
  if (query.leaveOut === "pinnedGlobally") conditions.push(sql`NOT ${communityTopics.pinnedGlobally}`);
  if (query.leaveOut === "pinned") conditions.push(isNull(communityTopics.pinnedAt));
  if (query.authorId !== undefined) conditions.push(eq(communityTopics.authorId, query.authorId));
  if (query.tab === "unsolved" || query.solved === false) conditions.push(isNull(communityTopics.acceptedPostId));
  if (query.solved === true) conditions.push(isNotNull(communityTopics.acceptedPostId));
  const cursor = query.cursor;
  let order: SQL[];
  if (query.tab === "top") {
    order = [desc(communityTopics.likeCount), desc(communityTopics.replyCount), desc(communityTopics.id)];
    if (cursor?.length === 3)
      conditions.push(sql`(${communityTopics.likeCount}, ${communityTopics.replyCount}, ${communityTopics.id}) < (${cursor[0]}, ${cursor[1]}, ${cursor[2]})`);
  } else {
    order = [desc(communityTopics.lastPostedAt), desc(communityTopics.id)];
    if (cursor?.length === 2) conditions.push(sql`(${communityTopics.lastPostedAt}, ${communityTopics.id}) < (${cursor[0]}, ${cursor[1]})`);
  }
  const rows = topicRows(conn, and(...conditions), order, query.limit + 1);
  const more = rows.length > query.limit;
  const topics = more ? rows.slice(0, query.limit) : rows;
  const last = topics[topics.length - 1];
  const next = more && last ? (query.tab === "top" ? [last.likeCount, last.replyCount, last.id] : [last.lastPostedAt.getTime(), last.id]) : null;
  return { topics, next };
}

/** Pinned topics, shown first: globally pinned ones on the home page, a category's pinned ones on its page. */
export function listPinnedTopics(query: Pick<TopicListQuery, "categoryIds" | "staff"> & { scope: "global" | "category" }, conn: Db = db): TopicListRow[] {
  const conditions = visible(query);
  // `pinned_at IS NOT NULL` in both scopes, so the partial index of pinned topics serves them.
  conditions.push(isNotNull(communityTopics.pinnedAt));
  if (query.scope === "global") conditions.push(sql`${communityTopics.pinnedGlobally}`);
  return topicRows(conn, and(...conditions), [desc(communityTopics.pinnedAt)], 10);
}

/** The topic with its category and author, deleted ones included (the caller decides who sees what). */
export function findTopic(id: number, conn: Db = db) {
  return conn
    .select({
      ...topicColumns,
      authorUserId: communityMembers.userId,
      deletedAt: communityTopics.deletedAt,
      mergedIntoId: communityTopics.mergedIntoId,
      category: {
        id: communityCategories.id,
        slug: communityCategories.slug,
        kind: communityCategories.kind,
        nameEn: communityCategories.nameEn,
        nameJa: communityCategories.nameJa,
        colour: communityCategories.colour,
        segments: communityCategories.segments,
        staffOnlyTopics: communityCategories.staffOnlyTopics,
      },
    })
    .from(communityTopics)
    .innerJoin(communityCategories, eq(communityCategories.id, communityTopics.categoryId))
    .innerJoin(communityMembers, eq(communityMembers.id, communityTopics.authorId))
    .leftJoin(contacts, eq(contacts.id, communityMembers.contactId))
    .leftJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(eq(communityTopics.id, id))
    .get();
}

export type TopicDetail = NonNullable<ReturnType<typeof findTopic>>;
