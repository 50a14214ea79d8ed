import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ideaNotifyJob } from "../jobs/job-types.server";
import { findIdea, type IdeaRow } from "../models/idea.server";

/*
 * What the topic merge and the triage share: recording a status change (and queueing its
 * notifications), and carrying an idea's votes and requests over when its topic is merged.
 */

/** Writes a status change and its note; queues the notifications of voters and requesters (one job per change). */
export function recordIdeaStatus(
  tx: Db,
  idea: Pick<IdeaRow, "id" | "status">,
  status: IdeaRow["status"],
  note: string,
  actorId: number | null,
  now: number,
): number {
  const change = tx.get<{ id: number }>(sql`
    INSERT INTO idea_status_changes (idea_id, from_status, status, note, by_user_id, created_at)
    VALUES (${idea.id}, ${idea.status}, ${status}, ${note}, ${actorId}, ${now}) RETURNING id`);
  tx.run(sql`UPDATE ideas SET status = ${status}, updated_at = ${now} WHERE topic_id = ${idea.id}`);
  ideaNotifyJob.enqueue(tx, { changeId: change.id }, {}, now);
  return change.id;
}

/**
 * Inside the topic merge's transaction (moderate-community-topic.server.ts), when the merged topic
 * is an idea: its votes and requests move to the target (made an idea if it was not one), a member
 * who voted both counts once, its author becomes a voter of the target (unless they wrote it), and
 * it becomes `duplicate`, with a note naming the target, which its voters are told.
 */
export function mergeIdeaAsking(tx: Db, sourceId: number, targetId: number, actorId: number | null, now: number): boolean {
  const source = findIdea(sourceId, tx);
  if (!source) return false;
  const targetTopic = tx.get<{ categoryId: number; authorId: number; createdAt: number }>(
    sql`SELECT category_id AS categoryId, author_id AS authorId, created_at AS createdAt FROM community_topics WHERE id = ${targetId}`,
  );
  tx.run(sql`INSERT OR IGNORE INTO ideas (topic_id, category_id, listed, created_at, updated_at)
    VALUES (${targetId}, ${targetTopic.categoryId}, 0, ${targetTopic.createdAt}, ${now})`);
  const sourceAuthor = tx.get<{ memberId: number; accountId: number | null }>(sql`
    SELECT t.author_id AS memberId, c.account_id AS accountId FROM community_topics t JOIN community_members m ON m.id = t.author_id
    LEFT JOIN contacts c ON c.id = m.contact_id WHERE t.id = ${sourceId}`);
  // Votes the target lacks move; a member who voted both keeps the one on the target; the target's author gains no vote.
  tx.run(sql`UPDATE idea_votes SET idea_id = ${targetId} WHERE idea_id = ${sourceId}
    AND member_id NOT IN (SELECT member_id FROM idea_votes WHERE idea_id = ${targetId}) AND member_id <> ${targetTopic.authorId}`);
  tx.run(sql`DELETE FROM idea_votes WHERE idea_id = ${sourceId}`);
  // The source's author asked for it: a customer becomes a voter of the target.
  if (sourceAuthor.accountId !== null && sourceAuthor.memberId !== targetTopic.authorId)
    tx.run(
      sql`INSERT OR IGNORE INTO idea_votes (idea_id, member_id, account_id, created_at) VALUES (${targetId}, ${sourceAuthor.memberId}, ${sourceAuthor.accountId}, ${now})`,
    );
  tx.run(sql`UPDATE idea_requests SET idea_id = ${targetId} WHERE idea_id = ${sourceId}`);
  tx.run(sql`UPDATE idea_response_links SET idea_id = ${targetId} WHERE idea_id = ${sourceId}
    AND response_id NOT IN (SELECT response_id FROM idea_response_links WHERE idea_id = ${targetId})`);
  // The source no longer asks through its author: its row leaves the accounts (the vote above carries the account over).
  tx.run(sql`UPDATE ideas SET author_account_id = NULL WHERE topic_id = ${sourceId}`);
  if (source.status !== "duplicate") recordIdeaStatus(tx, source, "duplicate", `#${targetId}`, actorId, now);
  return true;
}
