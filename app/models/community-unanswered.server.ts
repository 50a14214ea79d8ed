import { sql } from "drizzle-orm";
import type { Segment } from "../domain/segments";
import { db } from "../utils/db.server";

/*
 * The tech-touch support queue: questions in a Q&A category that nobody but the asker has replied
 * to for longer than the wait, the largest accounts first (ACV in the reporting currency; an
 * account whose currency has no rate, and staff askers, come last). It reads the first-answer
 * aggregate (`community_topic_answers`, kept by triggers) through its partial index of topics
 * still waiting, so it never scans posts.
 */

export type UnansweredQuestion = {
  topicId: number;
  title: string;
  slug: string;
  createdAt: number;
  askerName: string;
  askerHandle: string;
  accountId: number | null;
  accountName: string | null;
  segment: Segment | null;
  acvAmount: number | null;
  acvCurrency: string | null;
  acvReportingMinor: number | null;
  csmName: string | null;
};

export function listUnansweredQuestions(query: { olderThanHours: number; now?: number; limit: number }): { rows: UnansweredQuestion[]; total: number } {
  const cutoff = (query.now ?? Date.now()) - query.olderThanHours * 3_600_000;
  const from = sql`
    FROM community_topic_answers ta INDEXED BY community_topic_answers_waiting_idx
    JOIN community_topics t ON t.id = ta.topic_id
    JOIN community_categories c ON c.id = t.category_id
    JOIN community_members m ON m.id = t.author_id
    LEFT JOIN contacts ct ON ct.id = m.contact_id
    LEFT JOIN accounts a ON a.id = ct.account_id
    LEFT JOIN users csm ON csm.id = a.csm_user_id
    WHERE ta.first_answer_at IS NULL AND ta.created_at < ${cutoff}
      AND c.kind = 'qa' AND t.hidden_at IS NULL AND t.deleted_at IS NULL AND t.accepted_post_id IS NULL`;
  const rows = db.all<UnansweredQuestion>(sql`
    SELECT t.id AS topicId, t.title, t.slug, t.created_at AS createdAt, m.display_name AS askerName, m.handle AS askerHandle,
      a.id AS accountId, a.name AS accountName, a.segment, a.acv_amount AS acvAmount, a.acv_currency AS acvCurrency,
      a.acv_reporting_minor AS acvReportingMinor, csm.name AS csmName
    ${from}
    ORDER BY a.acv_reporting_minor IS NULL, a.acv_reporting_minor DESC, t.created_at, t.id
    LIMIT ${query.limit}`);
  const total = db.get<{ n: number }>(sql`SELECT count(*) AS n ${from}`).n;
  return { rows, total };
}
