import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityMembers, communityPosts, communityTopics } from "../../db/schema";
import { mayAcceptAnswer } from "../domain/community-rules";
import { ServiceError } from "../domain/service-error";
import type { CommunityReader } from "../utils/community-access.server";
import { transaction } from "../utils/db.server";
import { emitCommunityEvent } from "./community-events.server";
import { factsOf, participantOf, postInReach, topicInReach } from "./community-participant.server";

function countAccepted(tx: Db, postId: number, by: 1 | -1) {
  const answer = tx.select({ authorId: communityPosts.authorId }).from(communityPosts).where(eq(communityPosts.id, postId)).get();
  if (!answer) return null;
  tx.update(communityMembers)
    .set({ acceptedAnswerCount: sql`max(0, ${communityMembers.acceptedAnswerCount} + ${by})` })
    .where(eq(communityMembers.id, answer.authorId))
    .run();
  return answer.authorId;
}

function refuseUnlessMayAccept(reader: CommunityReader, memberId: number, topic: { authorId: number }, categoryKind: string) {
  if (categoryKind !== "qa") throw new ServiceError(409, "communityNotQa");
  if (!mayAcceptAnswer(factsOf(reader, { id: memberId }), { authorId: topic.authorId, categoryKind })) throw new ServiceError(403, "communityNotAsker");
}

/**
 * The asker (or staff) accepts a reply as the answer of a Q&A topic. One answer at a time:
 * choosing another moves the mark (and the answerers' accepted-answer counts).
 */
export function acceptAnswer(reader: CommunityReader, postId: number): { topicId: number } {
  return transaction((tx) => {
    const { post, topic, category } = postInReach(tx, reader, postId);
    const member = participantOf(tx, reader);
    refuseUnlessMayAccept(reader, member.id, topic, category.kind);
    if (!mayAcceptAnswer(factsOf(reader, member), { authorId: topic.authorId, categoryKind: category.kind }, post)) {
      throw new ServiceError(400, "communityAnswerInvalid", {}, "postId");
    }
    if (topic.acceptedPostId === post.id) return { topicId: topic.id };
    if (topic.acceptedPostId !== null) countAccepted(tx, topic.acceptedPostId, -1);
    tx.update(communityTopics).set({ acceptedPostId: post.id, acceptedAt: new Date() }).where(eq(communityTopics.id, topic.id)).run();
    countAccepted(tx, post.id, 1);
    emitCommunityEvent(tx, { kind: "answerAccepted", topicId: topic.id, postId: post.id, memberId: member.id, answererId: post.authorId });
    return { topicId: topic.id };
  });
}

/** Takes the accepted answer back: the question is unsolved again. */
export function unacceptAnswer(reader: CommunityReader, topicId: number): { topicId: number } {
  return transaction((tx) => {
    const { topic, category } = topicInReach(tx, reader, topicId);
    const member = participantOf(tx, reader);
    refuseUnlessMayAccept(reader, member.id, topic, category.kind);
    const accepted = topic.acceptedPostId;
    if (accepted === null) return { topicId: topic.id };
    tx.update(communityTopics).set({ acceptedPostId: null, acceptedAt: null }).where(eq(communityTopics.id, topic.id)).run();
    const answererId = countAccepted(tx, accepted, -1);
    emitCommunityEvent(tx, { kind: "answerUnaccepted", topicId: topic.id, postId: accepted, memberId: member.id, answererId: answererId ?? 0 });
    return { topicId: topic.id };
  });
}
