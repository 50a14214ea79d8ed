import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { responseTags, tagCounts, tagRules, tags } from "../../db/schema";
import type { CurrentTag, ResponseTagSource } from "../domain/rule-tags";
import type { TagRule } from "../domain/tag-rules";
import { db } from "../utils/db.server";

export type TagRow = { id: number; name: string };

export function listTags(conn: Db = db): TagRow[] {
  return conn.select({ id: tags.id, name: tags.name }).from(tags).orderBy(asc(tags.name)).all();
}

export function findTag(id: number, conn: Db = db): TagRow | undefined {
  return conn.select({ id: tags.id, name: tags.name }).from(tags).where(eq(tags.id, id)).get();
}

/** Tag names compare without case ("pricing" is the tag "Pricing"). */
export function findTagByName(name: string, conn: Db = db): TagRow | undefined {
  return conn
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .where(sql`lower(${tags.name}) = lower(${name})`)
    .get();
}

export function insertTag(tx: Db, name: string, now = Date.now()): TagRow {
  return tx.insert(tags).values({ name, createdAt: now }).returning({ id: tags.id, name: tags.name }).get();
}

export function renameTagRow(tx: Db, tagId: number, name: string) {
  tx.update(tags).set({ name }).where(eq(tags.id, tagId)).run();
}

/** Its rules and its place on every response go with it (foreign keys cascade). */
export function deleteTagRow(tx: Db, tagId: number) {
  tx.delete(tags).where(eq(tags.id, tagId)).run();
}

export function listRulesOfTag(tagId: number, conn: Db = db) {
  return conn.select().from(tagRules).where(eq(tagRules.tagId, tagId)).all();
}

/** Replaces a tag's rules with one holding `keywords`, or none when there are no keywords. */
export function replaceTagRule(tx: Db, rule: { tagId: number; keywords: string[]; createdByUserId: number; createdAt: number; updatedAt: number }) {
  tx.delete(tagRules).where(eq(tagRules.tagId, rule.tagId)).run();
  if (rule.keywords.length > 0) tx.insert(tagRules).values(rule).run();
}

/** Responses per tag, counted on the (tag, response) index alone: never the table's rows. */
export function countResponsesPerTag(conn: Db = db): Map<number, number> {
  // Kept by triggers (tag_counts): counting response_tags read every tag of every response.
  const rows = conn.select({ tagId: tagCounts.tagId, n: tagCounts.responses }).from(tagCounts).all();
  return new Map(rows.map((row) => [row.tagId, row.n]));
}

export type StoredTagRule = TagRule & { id: number; updatedAt: number };

export function listTagRules(conn: Db = db): StoredTagRule[] {
  return conn
    .select({ id: tagRules.id, tagId: tagRules.tagId, keywords: tagRules.keywords, updatedAt: tagRules.updatedAt })
    .from(tagRules)
    .orderBy(asc(tagRules.id))
    .all();
}

export type ResponseTag = TagRow & { source: ResponseTagSource };

export function listTagsOfResponse(responseId: number, conn: Db = db): ResponseTag[] {
  return conn
    .select({ id: tags.id, name: tags.name, source: responseTags.source })
    .from(responseTags)
    .innerJoin(tags, eq(tags.id, responseTags.tagId))
    .where(eq(responseTags.responseId, responseId))
    .orderBy(asc(tags.name))
    .all();
}

/** The tags of the responses with ids in [fromId, toId], read by the primary key's range. */
export function currentTagsInRange(conn: Db, fromId: number, toId: number): Map<number, CurrentTag[]> {
  const rows = conn
    .select({ responseId: responseTags.responseId, tagId: responseTags.tagId, source: responseTags.source })
    .from(responseTags)
    .where(sql`${responseTags.responseId} BETWEEN ${fromId} AND ${toId}`)
    .all();
  const byResponse = new Map<number, CurrentTag[]>();
  for (const row of rows) {
    const list = byResponse.get(row.responseId) ?? [];
    list.push({ tagId: row.tagId, source: row.source });
    byResponse.set(row.responseId, list);
  }
  return byResponse;
}

export function insertResponseTag(conn: Db, responseId: number, tagId: number, source: ResponseTagSource, now = Date.now()): boolean {
  return conn.insert(responseTags).values({ responseId, tagId, source, createdAt: now }).onConflictDoNothing().run().changes === 1;
}

export function deleteResponseTag(conn: Db, responseId: number, tagId: number, source?: ResponseTagSource): boolean {
  const where = and(eq(responseTags.responseId, responseId), eq(responseTags.tagId, tagId), source ? eq(responseTags.source, source) : undefined);
  return conn.delete(responseTags).where(where).run().changes === 1;
}

/** Makes an existing tag a person's choice: a later rule change no longer takes it away. */
export function markResponseTagManual(conn: Db, responseId: number, tagId: number): boolean {
  return (
    conn
      .update(responseTags)
      .set({ source: "manual" })
      .where(and(eq(responseTags.responseId, responseId), eq(responseTags.tagId, tagId), eq(responseTags.source, "rule")))
      .run().changes === 1
  );
}
