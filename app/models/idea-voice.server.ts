import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { IdeaStatus } from "../../db/schema";
import { db } from "../utils/db.server";

/*
 * The "voice of the customer" page's named queries: the revenue asking per segment (summed from
 * `idea_accounts` for the ideas asked about, never for the whole board at once) and the NPS
 * comments linked to ideas.
 */

export type VoiceSegment = "high" | "low" | "tech";
export const VOICE_SEGMENTS: readonly VoiceSegment[] = ["high", "low", "tech"];

export type VoiceFilters = { statuses: readonly IdeaStatus[] | null; area: string | null };

const ids = (values: readonly number[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );

function ideaFilters(filters: VoiceFilters, scan = false): SQL[] {
  // `listed = 1` written literally, so the planner may use the partial indexes.
  const where: SQL[] = [sql`i.listed = 1`];
  if (filters.statuses?.length)
    where.push(
      sql`${scan ? sql.raw("+i.status") : sql.raw("i.status")} IN (${sql.join(
        filters.statuses.map((status) => sql`${status}`),
        sql`, `,
      )})`,
    );
  if (filters.area) where.push(sql`EXISTS (SELECT 1 FROM json_each(i.areas) WHERE value = ${filters.area})`);
  return where;
}

/** The largest ACV (reporting minor units) of any account of each segment: a ceiling on what one account adds to an idea. */
export function segmentAcvCeilings(conn: Db = db): Record<VoiceSegment, number> {
  // One query per segment: each reads only its accounts (by accounts_segment_idx), where a GROUP BY would read them all.
  const ceiling = (segment: VoiceSegment) =>
    conn.get<{ ceiling: number | null }>(sql`SELECT max(acv_reporting_minor) AS ceiling FROM accounts WHERE segment = ${segment}`)?.ceiling ?? 0;
  return { high: Math.max(0, ceiling("high")), low: Math.max(0, ceiling("low")), tech: Math.max(0, ceiling("tech")) };
}

/**
 * The listed ideas the filters keep that some account asks for, most ARR asking first. With a status
 * filter, each status's ideas are read in order from ideas_status_arr_idx (a few rows each) and the
 * short lists merged: one IN over the statuses would sort every open idea first.
 */
export function topIdeaIdsByArr(filters: VoiceFilters, limit: number, conn: Db = db): number[] {
  const area = filters.area ? [sql`EXISTS (SELECT 1 FROM json_each(i.areas) WHERE value = ${filters.area})`] : [];
  const ranked = (status: IdeaStatus | null) => {
    const where = [sql`i.listed = 1`, sql`i.account_count > 0`, ...(status ? [sql`i.status = ${status}`] : []), ...area];
    return sql`SELECT * FROM (SELECT i.topic_id AS id, i.arr_minor AS arr FROM ideas i WHERE ${sql.join(where, sql` AND `)}
      ORDER BY i.arr_minor DESC, i.topic_id DESC LIMIT ${limit})`;
  };
  const parts = filters.statuses?.length ? filters.statuses.map(ranked) : [ranked(null)];
  return conn.all<{ id: number }>(sql`SELECT id FROM (${sql.join(parts, sql` UNION ALL `)}) ORDER BY arr DESC, id DESC LIMIT ${limit}`).map((row) => row.id);
}

export type SegmentCandidate = { id: number; bound: number };

/**
 * The first `limit` ideas the filters keep that at least one account of the segment asks for, each
 * with an upper bound of that segment's ARR behind it (no more than the idea's whole ARR, nor than
 * its accounts of the segment times the segment's largest ACV), highest bound first. The ideas
 * table alone, no join: one pass over its rows (the status is compared per row, `+i.status`,
 * because looking rows up through the status index costs more than reading them in order).
 */
export function segmentCandidates(segment: VoiceSegment, ceiling: number, filters: VoiceFilters, limit: number, conn: Db = db): SegmentCandidate[] {
  const count = sql.raw(`i.${segment}_count`);
  const where = [...ideaFilters(filters, true), sql`${count} > 0`];
  return conn.all<SegmentCandidate>(sql`
    SELECT i.topic_id AS id, min(i.arr_minor, ${count} * ${ceiling}) AS bound FROM ideas i
    WHERE ${sql.join(where, sql` AND `)} ORDER BY bound DESC, i.topic_id DESC LIMIT ${limit}`);
}

export type SegmentAsking = { ideaId: number; segment: VoiceSegment; accounts: number; arrMinor: number };

/** For each of these ideas, its accounts and their ARR (reporting currency) by segment; one segment only when given. */
export function segmentAskingOf(ideaIds: readonly number[], segment: VoiceSegment | null = null, conn: Db = db): SegmentAsking[] {
  if (ideaIds.length === 0) return [];
  return conn.all<SegmentAsking>(sql`
    SELECT x.idea_id AS ideaId, a.segment AS segment, count(*) AS accounts, sum(coalesce(a.acv_reporting_minor, 0)) AS arrMinor
    FROM idea_accounts x JOIN accounts a ON a.id = x.account_id
    WHERE x.idea_id IN (${ids(ideaIds)}) ${segment ? sql`AND a.segment = ${segment}` : sql``}
    GROUP BY x.idea_id, a.segment`);
}

export type VoiceIdeaRow = { id: number; title: string; status: IdeaStatus; areas: string[]; votes: number; accounts: number; arrMinor: number };

/** These ideas' titles and figures (in no particular order). */
export function voiceIdeas(ideaIds: readonly number[], conn: Db = db): VoiceIdeaRow[] {
  if (ideaIds.length === 0) return [];
  return conn
    .all<Omit<VoiceIdeaRow, "areas"> & { areas: string }>(
      sql`SELECT i.topic_id AS id, t.title, i.status, i.areas, i.vote_count AS votes, i.account_count AS accounts, i.arr_minor AS arrMinor
          FROM ideas i JOIN community_topics t ON t.id = i.topic_id WHERE i.topic_id IN (${ids(ideaIds)})`,
    )
    .map((row) => ({ ...row, areas: JSON.parse(row.areas) as string[] }));
}

export type LinkedCommentRow = {
  ideaId: number;
  responseId: number;
  score: number;
  category: "promoter" | "passive" | "detractor";
  comment: string;
  accountId: number;
  accountName: string;
  contactId: number;
  contactName: string | null;
  contactEmail: string;
  createdAt: number;
  /** All the comments linked to this idea in the period (the rows are only the newest few). */
  total: number;
};

/** The newest `perIdea` NPS comments linked to each of these ideas, answered at or after `since` (all when null). */
export function linkedCommentsOf(ideaIds: readonly number[], since: number | null, perIdea: number, conn: Db = db): LinkedCommentRow[] {
  if (ideaIds.length === 0) return [];
  return conn.all<LinkedCommentRow>(sql`
    SELECT * FROM (
      SELECT l.idea_id AS ideaId, r.id AS responseId, r.score, r.category, r.comment, a.id AS accountId, a.name AS accountName,
             c.id AS contactId, c.name AS contactName, c.email AS contactEmail, r.created_at AS createdAt,
             row_number() OVER (PARTITION BY l.idea_id ORDER BY r.created_at DESC, r.id DESC) AS n,
             count(*) OVER (PARTITION BY l.idea_id) AS total
      FROM idea_response_links l JOIN responses r ON r.id = l.response_id
      JOIN accounts a ON a.id = r.account_id JOIN contacts c ON c.id = r.contact_id
      WHERE l.idea_id IN (${ids(ideaIds)}) AND r.comment IS NOT NULL ${since === null ? sql`` : sql`AND r.created_at >= ${since}`}
    ) WHERE n <= ${perIdea} ORDER BY ideaId, n`);
}
