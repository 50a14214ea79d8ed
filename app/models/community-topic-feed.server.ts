import { sql, type SQL } from "drizzle-orm";
import { db } from "../utils/db.server";

/*
 * The community's topic feed for the JSON API: public topics (not hidden, not deleted, not in a
 * segment-restricted category) in the order they were last posted to, a keyset page on
 * `community_topics_latest_idx` (last_posted_at, then id), so page 1,000 costs what page 1 does.
 */

export type TopicCursor = { lastPostedAt: number; id: number };

export type TopicFeedRow = {
  id: number;
  title: string;
  slug: string;
  category: string;
  authorEmail: string | null;
  accountExternalId: string | null;
  createdAt: number;
  lastPostedAt: number;
  replies: number;
  solved: number;
};

/** A category an API caller may name: exists and is open to everyone (a restricted one reads as unknown). */
export function publicCategoryId(slug: string): number | undefined {
  return db.get<{ id: number } | undefined>(sql`SELECT id FROM community_categories WHERE slug = ${slug} AND segments IS NULL`)?.id;
}

export function communityTopicFeed(query: { since?: number; categoryId?: number; after?: TopicCursor; limit: number }) {
  const clauses: SQL[] = [sql`t.hidden_at IS NULL`, sql`t.deleted_at IS NULL`, sql`c.segments IS NULL`];
  if (query.since !== undefined) clauses.push(sql`t.last_posted_at >= ${query.since}`);
  if (query.categoryId !== undefined) clauses.push(sql`t.category_id = ${query.categoryId}`);
  if (query.after) clauses.push(sql`(t.last_posted_at, t.id) > (${query.after.lastPostedAt}, ${query.after.id})`);
  const rows = db.all<TopicFeedRow>(sql`
    SELECT t.id, t.title, t.slug, c.slug AS category, coalesce(ct.email, u.email) AS authorEmail, a.external_id AS accountExternalId,
      t.created_at AS createdAt, t.last_posted_at AS lastPostedAt, t.reply_count AS replies,
      (c.kind = 'qa' AND t.accepted_post_id IS NOT NULL) AS solved
    FROM community_topics t
    JOIN community_categories c ON c.id = t.category_id
    JOIN community_members m ON m.id = t.author_id
    LEFT JOIN contacts ct ON ct.id = m.contact_id
    LEFT JOIN accounts a ON a.id = ct.account_id
    LEFT JOIN users u ON u.id = m.user_id
    WHERE ${sql.join(clauses, sql` AND `)}
    ORDER BY t.last_posted_at, t.id
    LIMIT ${query.limit + 1}`);
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? ({ lastPostedAt: last.lastPostedAt, id: last.id } satisfies TopicCursor) : null };
}
