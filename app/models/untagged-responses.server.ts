import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { db } from "../utils/db.server";

export type UntaggedKey = { updatedAt: number; id: number };

export type UntaggedRow = {
  id: number;
  score: number;
  category: "promoter" | "passive" | "detractor";
  comment: string;
  updatedAt: number;
  contactName: string | null;
  contactEmail: string;
  accountId: number;
  accountName: string;
};

/**
 * Responses with a comment and no tag, newest first, after `after`. Walks the (updated_at, id)
 * index backwards and probes the response_tags primary key (response_id first) per row, so a page
 * reads its rows plus the tagged ones it skips, never the whole table.
 */
export function listUntaggedResponsePage(after: UntaggedKey | null, limit: number, conn: Db = db): UntaggedRow[] {
  const keyset = after ? sql`AND (r.updated_at < ${after.updatedAt} OR (r.updated_at = ${after.updatedAt} AND r.id < ${after.id}))` : sql``;
  return conn.all<UntaggedRow>(sql`
    SELECT r.id, r.score, r.category, r.comment, r.updated_at AS updatedAt,
           c.name AS contactName, c.email AS contactEmail, a.id AS accountId, a.name AS accountName
    FROM responses r INDEXED BY responses_updated_idx
    JOIN contacts c ON c.id = r.contact_id
    JOIN accounts a ON a.id = r.account_id
    WHERE r.comment IS NOT NULL AND r.comment <> ''
      AND NOT EXISTS (SELECT 1 FROM response_tags t WHERE t.response_id = r.id)
      ${keyset}
    ORDER BY r.updated_at DESC, r.id DESC
    LIMIT ${limit}`);
}
