import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communitySearchRow, type IndexedCandidate } from "../domain/community-search";
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
 * it has enough) and ranked among themselves in the app. A rare word has fewer matches than
 * this: all of them are ranked. Decision 033.
 */
export const SEARCH_CANDIDATES = 1_000;

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
 * The newest `SEARCH_CANDIDATES` visible posts matching `match`, with their indexed text (for
 * ranking in the app: FTS5's bm25() first counts every row that holds each phrase, which for a
 * common Japanese word is a walk of hundreds of thousands of position lists; decision 035).
 */
export function searchCandidates(match: string, filters: SearchFilters, conn: Db = db): IndexedCandidate[] {
  return conn.all<IndexedCandidate>(sql`SELECT s.rowid AS postId, p.topic_id AS topicId, s.title AS title, s.body AS body
      FROM community_search s
      JOIN community_posts p ON p.id = s.rowid
      JOIN community_topics t ON t.id = p.topic_id
      WHERE community_search MATCH ${match} AND ${conditions(filters)}
      ORDER BY s.rowid DESC LIMIT ${SEARCH_CANDIDATES}`);
}

/** What a result shows of its topic and best post, for one page of results. */
export function searchHits(ranked: { topicId: number; postId: number; score: number }[], conn: Db = db): SearchHit[] {
  if (ranked.length === 0) return [];
  const rows = conn.all<Omit<SearchHit, "score" | "solved"> & { solved: number }>(sql`
    SELECT p.topic_id AS topicId, p.id AS postId, p.post_number AS postNumber, t.title AS title, t.slug AS slug, p.source AS source,
      t.category_id AS categoryId, t.accepted_post_id IS NOT NULL AS solved, t.reply_count AS replyCount, p.created_at AS postedAt,
      m.display_name AS authorName
    FROM community_posts p
    JOIN community_topics t ON t.id = p.topic_id
    JOIN community_members m ON m.id = p.author_id
    WHERE p.id IN (${sql.join(
      ranked.map((hit) => hit.postId),
      sql`, `,
    )})`);
  const byPost = new Map(rows.map((row) => [row.postId, row]));
  return ranked.flatMap((hit) => {
    const row = byPost.get(hit.postId);
    return row ? [{ ...row, solved: Boolean(row.solved), score: hit.score }] : [];
  });
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
