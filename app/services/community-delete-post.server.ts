import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityCategories, communityLikes, communityMembers, communityPosts, communityTopics } from "../../db/schema";
import { mayDeletePost } from "../domain/community-rules";
import { ServiceError } from "../domain/service-error";
import type { CommunityReader } from "../utils/community-access.server";
import { transaction } from "../utils/db.server";
import { emitCommunityEvent } from "./community-events.server";
import { factsOf, participantOf, postInReach } from "./community-participant.server";

/** The likes a deleted post had stop counting for its author and for the members who gave them. */
function withdrawLikes(tx: Db, post: { id: number; authorId: number; likeCount: number }) {
  if (post.likeCount === 0) return;
  tx.update(communityMembers)
    .set({ likesReceived: sql`max(0, ${communityMembers.likesReceived} - ${post.likeCount})` })
    .where(eq(communityMembers.id, post.authorId))
    .run();
  const likers = tx.select({ id: communityLikes.memberId }).from(communityLikes).where(eq(communityLikes.postId, post.id)).all();
  if (likers.length === 0) return;
  tx.update(communityMembers)
    .set({ likesGiven: sql`max(0, ${communityMembers.likesGiven} - 1)` })
    .where(
      inArray(
        communityMembers.id,
        likers.map((liker) => liker.id),
      ),
    )
    .run();
}

/**
 * Deletes a post softly (its author or staff): it leaves the page and every count. Deleting the
 * opening post deletes the topic (its replies stay in the database, out of sight); deleting the
 * accepted answer leaves the question unsolved.
 */
export function deletePost(reader: CommunityReader, postId: number): { topicId: number; topicDeleted: boolean; categorySlug: string } {
  return transaction((tx) => {
    const { post, topic, category } = postInReach(tx, reader, postId);
    const member = participantOf(tx, reader);
    if (!mayDeletePost(factsOf(reader, member), post)) throw new ServiceError(403, "communityNotYours");
    const now = new Date();
    tx.update(communityPosts).set({ deletedAt: now, deletedById: member.id }).where(eq(communityPosts.id, post.id)).run();
    withdrawLikes(tx, post);
    const topicDeleted = post.postNumber === 1;
    if (topicDeleted) {
      tx.update(communityTopics).set({ deletedAt: now }).where(eq(communityTopics.id, topic.id)).run();
      tx.update(communityCategories)
        .set({
          topicCount: sql`max(0, ${communityCategories.topicCount} - 1)`,
          postCount: sql`max(0, ${communityCategories.postCount} - ${1 + topic.replyCount})`,
        })
        .where(eq(communityCategories.id, category.id))
        .run();
      tx.update(communityMembers)
        .set({ topicCount: sql`max(0, ${communityMembers.topicCount} - 1)` })
        .where(eq(communityMembers.id, post.authorId))
        .run();
    } else {
      const wasAccepted = topic.acceptedPostId === post.id;
      const { latest } = tx
        .select({ latest: sql<number>`max(${communityPosts.createdAt})` })
        .from(communityPosts)
        .where(and(eq(communityPosts.topicId, topic.id), isNull(communityPosts.deletedAt)))
        .get()!;
      tx.update(communityTopics)
        .set({
          replyCount: sql`max(0, ${communityTopics.replyCount} - 1)`,
          likeCount: sql`max(0, ${communityTopics.likeCount} - ${post.likeCount})`,
          lastPostedAt: new Date(latest ?? topic.createdAt.getTime()),
          ...(wasAccepted ? { acceptedPostId: null, acceptedAt: null } : {}),
        })
        .where(eq(communityTopics.id, topic.id))
        .run();
      tx.update(communityCategories)
        .set({ postCount: sql`max(0, ${communityCategories.postCount} - 1)` })
        .where(eq(communityCategories.id, category.id))
        .run();
      tx.update(communityMembers)
        .set({
          replyCount: sql`max(0, ${communityMembers.replyCount} - 1)`,
          ...(wasAccepted ? { acceptedAnswerCount: sql`max(0, ${communityMembers.acceptedAnswerCount} - 1)` } : {}),
        })
        .where(eq(communityMembers.id, post.authorId))
        .run();
    }
    emitCommunityEvent(tx, { kind: "postDeleted", topicId: topic.id, postId: post.id, memberId: member.id, topicDeleted });
    return { topicId: topic.id, topicDeleted, categorySlug: category.slug };
  });
}
