import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communitySearchRow } from "../domain/community-search";
import { db } from "../utils/db.server";

/** Puts one post in the search index as it is now (its topic's title too when it opens the topic). */
export function indexCommunityPost(tx: Db, postId: number): void {
  const post = tx.get<{ source: string; postNumber: number; title: string } | undefined>(
    sql`SELECT p.source AS source, p.post_number AS postNumber, t.title AS title
        FROM community_posts p JOIN community_topics t ON t.id = p.topic_id WHERE p.id = ${postId}`,
  );
  tx.run(sql`DELETE FROM community_search WHERE rowid = ${postId}`);
  if (!post) return;
  const row = communitySearchRow(post.postNumber === 1 ? post.title : null, post.source);
  tx.run(sql`INSERT INTO community_search (rowid, title, body) VALUES (${postId}, ${row.title}, ${row.body})`);
}

/**
 * How many of the newest matching posts are ranked. A common word ("設定") is in a large share
 * of a million posts and bm25 costs a read of each match's positions, so ranking every match
 * cannot stay under 100 ms; the newest matches are read in rowid order (FTS5 stops reading when
 * it has enough) and ranked among themselves. A rare word has fewer matches than this: all of
 * them are ranked. Decision 033.
 */
export const SEARCH_CANDIDATES = 1_500;

export type SearchFilters = {
  /** Categories the reader may see (and, when filtering, the one asked for). */
  categoryIds: number[];
  /** Q&A categories, for the unsolved filter (only questions are unsolved). */
  qaCategoryIds: number[];
  solved?: "solved" | "unsolved";
  authorId?: number;
  /** Posts written in [from, to) (ms). */
  from?: number;
  to?: number;
};

export type SearchHit = {
  topicId: number;
  postId: number;
  postNumber: number;
  score: number;
  title: string;
  slug: string;
  source: string;
  categoryId: number;
  solved: boolean;
  replyCount: number;
  postedAt: number;
  authorName: string;
};

function conditions(filters: SearchFilters): SQL {
  const parts: SQL[] = [
    sql`p.state = 'published' AND p.hidden_at IS NULL AND p.deleted_at IS NULL AND t.hidden_at IS NULL AND t.deleted_at IS NULL`,
    sql`t.category_id IN ${filters.categoryIds.length > 0 ? sql`(${sql.join(filters.categoryIds, sql`, `)})` : sql`(NULL)`}`,
  ];
  if (filters.solved === "solved") parts.push(sql`t.accepted_post_id IS NOT NULL`);
  if (filters.solved === "unsolved")
    parts.push(
      sql`t.accepted_post_id IS NULL AND t.category_id IN ${filters.qaCategoryIds.length > 0 ? sql`(${sql.join(filters.qaCategoryIds, sql`, `)})` : sql`(NULL)`}`,
    );
  if (filters.authorId !== undefined) parts.push(sql`p.author_id = ${filters.authorId}`);
  if (filters.from !== undefined) parts.push(sql`p.created_at >= ${filters.from}`);
  if (filters.to !== undefined) parts.push(sql`p.created_at < ${filters.to}`);
  return sql.join(parts, sql` AND `);
}

/**
 * One result per topic (its best post), best first: bm25 with the title weighted ten times the
 * body, among the newest `SEARCH_CANDIDATES` visible matches. `total` counts the topics found
 * among those candidates; `capped` says there were more matches than were ranked.
 */
export function searchCommunityPosts(
  match: string,
  filters: SearchFilters,
  page: { limit: number; offset: number },
  conn: Db = db,
): { hits: SearchHit[]; total: number; capped: boolean } {
  const where = conditions(filters);
  const candidates = sql`SELECT s.rowid AS post_id, p.topic_id AS topic_id, bm25(community_search, 10.0, 1.0) AS score
      FROM community_search s
      JOIN community_posts p ON p.id = s.rowid
      JOIN community_topics t ON t.id = p.topic_id
      WHERE community_search MATCH ${match} AND ${where}
      ORDER BY s.rowid DESC LIMIT ${SEARCH_CANDIDATES}`;
  const rows = conn.all<SearchHit & { total: number; candidates: number }>(sql`
    WITH candidates AS (${candidates}),
    best AS (SELECT topic_id, post_id, min(score) AS score FROM candidates GROUP BY topic_id)
    SELECT b.topic_id AS topicId, b.post_id AS postId, b.score AS score, p.post_number AS postNumber,
      t.title AS title, t.slug AS slug, p.source AS source, t.category_id AS categoryId,
      t.accepted_post_id IS NOT NULL AS solved, t.reply_count AS replyCount, p.created_at AS postedAt,
      m.display_name AS authorName,
      (SELECT count(*) FROM best) AS total, (SELECT count(*) FROM candidates) AS candidates
    FROM best b
    JOIN community_posts p ON p.id = b.post_id
    JOIN community_topics t ON t.id = b.topic_id
    JOIN community_members m ON m.id = p.author_id
    ORDER BY b.score, b.topic_id DESC
    LIMIT ${page.limit} OFFSET ${page.offset}`);
  const total = rows[0]?.total ?? (page.offset > 0 ? countTopics(conn, candidates) : 0);
  const capped = (rows[0]?.candidates ?? 0) >= SEARCH_CANDIDATES;
  return { hits: rows.map((row) => ({ ...row, solved: Boolean(row.solved) })), total, capped };
}

function countTopics(conn: Db, candidates: SQL): number {
  return conn.get<{ n: number }>(sql`WITH candidates AS (${candidates}) SELECT count(DISTINCT topic_id) AS n FROM candidates`)?.n ?? 0;
}

/** Visible topics whose titles share words with `match` (a title-only query), best first. */
export function similarTopicRows(match: string, categoryIds: number[], limit: number, conn: Db = db) {
  return conn.all<{ id: number; title: string; slug: string; replyCount: number; solved: number }>(sql`
    WITH candidates AS (
      SELECT p.topic_id AS topic_id, bm25(community_search, 1.0, 0.0) AS score
      FROM community_search s
      JOIN community_posts p ON p.id = s.rowid
      JOIN community_topics t ON t.id = p.topic_id
      WHERE community_search MATCH ${match} AND p.post_number = 1 AND ${conditions({ categoryIds, qaCategoryIds: [] })}
      ORDER BY s.rowid DESC LIMIT ${SEARCH_CANDIDATES}
    )
    SELECT t.id AS id, t.title AS title, t.slug AS slug, t.reply_count AS replyCount, t.accepted_post_id IS NOT NULL AS solved
    FROM candidates c JOIN community_topics t ON t.id = c.topic_id
    ORDER BY c.score, t.id DESC LIMIT ${limit}`);
}
