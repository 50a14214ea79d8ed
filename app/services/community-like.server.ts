import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityLikes, communityMembers, communityPosts, communityTopics } from "../../db/schema";
import { mayLikePost } from "../domain/community-rules";
import { ServiceError } from "../domain/service-error";
import type { CommunityReader } from "../utils/community-access.server";
import { transaction } from "../utils/db.server";
import { emitCommunityEvent } from "./community-events.server";
import { factsOf, participantOf, postInReach } from "./community-participant.server";

function moveCounts(tx: Db, post: { id: number; topicId: number; authorId: number }, liker: number, by: 1 | -1) {
  tx.update(communityPosts)
    .set({ likeCount: sql`max(0, ${communityPosts.likeCount} + ${by})` })
    .where(eq(communityPosts.id, post.id))
    .run();
  tx.update(communityTopics)
    .set({ likeCount: sql`max(0, ${communityTopics.likeCount} + ${by})` })
    .where(eq(communityTopics.id, post.topicId))
    .run();
  tx.update(communityMembers)
    .set({ likesReceived: sql`max(0, ${communityMembers.likesReceived} + ${by})` })
    .where(eq(communityMembers.id, post.authorId))
    .run();
  tx.update(communityMembers)
    .set({ likesGiven: sql`max(0, ${communityMembers.likesGiven} + ${by})` })
    .where(eq(communityMembers.id, liker))
    .run();
}

/** Likes someone else's post, once (a second like changes nothing). Returns whether the like is new. */
export function likePost(reader: CommunityReader, postId: number): { topicId: number; liked: boolean } {
  return transaction((tx) => {
    const { post, topic } = postInReach(tx, reader, postId);
    const member = participantOf(tx, reader);
    if (!mayLikePost(factsOf(reader, member), post)) throw new ServiceError(403, "communityOwnPost");
    const inserted = tx.insert(communityLikes).values({ postId: post.id, memberId: member.id }).onConflictDoNothing().run();
    if (inserted.changes === 0) return { topicId: topic.id, liked: false };
    moveCounts(tx, post, member.id, 1);
    emitCommunityEvent(tx, { kind: "liked", topicId: topic.id, postId: post.id, memberId: member.id, authorId: post.authorId });
    return { topicId: topic.id, liked: true };
  });
}

/** Takes a like back (nothing happens when there was none). */
export function unlikePost(reader: CommunityReader, postId: number): { topicId: number; unliked: boolean } {
  return transaction((tx) => {
    const { post, topic } = postInReach(tx, reader, postId);
    const member = participantOf(tx, reader);
    const removed = tx
      .delete(communityLikes)
      .where(and(eq(communityLikes.postId, post.id), eq(communityLikes.memberId, member.id)))
      .run();
    if (removed.changes === 0) return { topicId: topic.id, unliked: false };
    moveCounts(tx, post, member.id, -1);
    emitCommunityEvent(tx, { kind: "unliked", topicId: topic.id, postId: post.id, memberId: member.id, authorId: post.authorId });
    return { topicId: topic.id, unliked: true };
  });
}
