import { sql } from "drizzle-orm";
import type { Db, Sqlite } from "../../db/client";
import { searchableText } from "../domain/comment-search";

/** Puts one response's comment in the search index as it is now (or takes it out). */
export function indexComment(tx: Db, responseId: number) {
  const row = tx.get<{ comment: string | null } | undefined>(sql`SELECT comment FROM responses WHERE id = ${responseId}`);
  tx.run(sql`DELETE FROM responses_fts WHERE rowid = ${responseId}`);
  if (row?.comment) tx.run(sql`INSERT INTO responses_fts (rowid, body) VALUES (${responseId}, ${searchableText(row.comment)})`);
}

/** Rebuilds the whole index from the responses (after bulk loads such as the demo seed); run it in a transaction. */
export function rebuildCommentIndex(sqlite: Sqlite) {
  const insert = sqlite.prepare("INSERT INTO responses_fts (rowid, body) VALUES (?, ?)");
  sqlite.exec("DELETE FROM responses_fts");
  const rows = sqlite.prepare("SELECT id, comment FROM responses WHERE comment IS NOT NULL").all() as { id: number; comment: string }[];
  for (const row of rows) insert.run(row.id, searchableText(row.comment));
}
