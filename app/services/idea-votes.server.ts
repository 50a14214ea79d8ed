import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { OPEN_IDEA_STATUSES, type IdeaStatusValue } from "../domain/ideas";
import { ServiceError } from "../domain/service-error";
import { findIdea } from "../models/idea.server";
import type { CommunityReader } from "../utils/community-access.server";
import { transaction } from "../utils/db.server";
import { participantOf, topicInReach } from "./community-participant.server";

/*
 * Votes on ideas: one per member, withdrawn at will. Votes are the customers' voice (a contact's
 * vote counts their account behind the idea); staff log requests on behalf of an account instead
 * (decision 045). The counters follow through the migration's triggers, in this transaction.
 */

/** The idea of a topic the reader may act in (its own 404 otherwise), for a vote. */
export function ideaInReach(tx: Db, reader: CommunityReader, topicId: number) {
  const { topic } = topicInReach(tx, reader, topicId);
  const idea = findIdea(topic.id, tx);
  if (!idea || !idea.listed) throw new ServiceError(404, "ideaNotFound");
  return idea;
}

const isOpen = (status: IdeaStatusValue) => (OPEN_IDEA_STATUSES as readonly string[]).includes(status);

/** Votes for an idea (a second vote changes nothing). Returns whether the vote is new. */
export function voteForIdea(reader: CommunityReader, topicId: number, now = Date.now()): { voted: boolean } {
  if (reader.viewer.kind !== "contact") throw new ServiceError(403, "ideaVoteCustomers");
  const contact = reader.viewer.contact;
  return transaction((tx) => {
    const idea = ideaInReach(tx, reader, topicId);
    const member = participantOf(tx, reader);
    if (!isOpen(idea.status)) throw new ServiceError(409, "ideaVoteClosed");
    const inserted = tx.run(
      sql`INSERT INTO idea_votes (idea_id, member_id, account_id, created_at) VALUES (${idea.id}, ${member.id}, ${contact.accountId}, ${now}) ON CONFLICT DO NOTHING`,
    );
    return { voted: inserted.changes > 0 };
  });
}

/** Withdraws the reader's vote (nothing happens when there was none); allowed whatever the idea's status. */
export function withdrawVote(reader: CommunityReader, topicId: number): { withdrawn: boolean } {
  if (reader.viewer.kind !== "contact") throw new ServiceError(403, "ideaVoteCustomers");
  return transaction((tx) => {
    const idea = ideaInReach(tx, reader, topicId);
    const member = participantOf(tx, reader);
    const removed = tx.run(sql`DELETE FROM idea_votes WHERE idea_id = ${idea.id} AND member_id = ${member.id}`);
    return { withdrawn: removed.changes > 0 };
  });
}
