import { and, eq, sql } from "drizzle-orm";
import { communityCategories, communityMembers, communityPosts, communityTopics } from "../../db/schema";
import { ServiceError } from "../domain/service-error";
import type { CommunityReader } from "../utils/community-access.server";
import { transaction } from "../utils/db.server";
import { MARKDOWN_RENDER_VERSION, renderMarkdown } from "../utils/markdown.server";
import { emitCommunityEvent } from "./community-events.server";
import { checkedBody, participantOf, topicInReach } from "./community-participant.server";

export type ReplyInput = { body: string; replyToPostId?: number | null };

/**
 * Replies to a topic (flat, Discourse-style; optionally "in reply to" one of its posts). A locked
 * topic takes none. The reply's number, the topic's reply count and latest time, the category's
 * post count and the member's counters move together.
 */
export function replyToTopic(reader: CommunityReader, topicId: number, input: ReplyInput): { postId: number; postNumber: number } {
  const body = checkedBody(input.body);
  const html = renderMarkdown(body);
  return transaction((tx) => {
    const { topic } = topicInReach(tx, reader, topicId);
    const member = participantOf(tx, reader);
    if (topic.lockedAt) throw new ServiceError(409, "communityLocked");
    const replyTo = input.replyToPostId ?? null;
    if (replyTo !== null) {
      const target = tx
        .select({ id: communityPosts.id, deletedAt: communityPosts.deletedAt })
        .from(communityPosts)
        .where(and(eq(communityPosts.id, replyTo), eq(communityPosts.topicId, topic.id)))
        .get();
      if (!target || target.deletedAt) throw new ServiceError(400, "communityReplyToInvalid", {}, "replyTo");
    }
    const now = new Date();
    const { last } = tx
      .select({ last: sql<number>`coalesce(max(${communityPosts.postNumber}), 0)` })
      .from(communityPosts)
      .where(eq(communityPosts.topicId, topic.id))
      .get()!;
    const postNumber = last + 1;
    const post = tx
      .insert(communityPosts)
      .values({
        topicId: topic.id,
        authorId: member.id,
        postNumber,
        replyToPostId: replyTo,
        source: body,
        html,
        renderVersion: MARKDOWN_RENDER_VERSION,
        createdAt: now,
      })
      .returning({ id: communityPosts.id })
      .get();
    tx.update(communityTopics)
      .set({ replyCount: sql`${communityTopics.replyCount} + 1`, lastPostedAt: now })
      .where(eq(communityTopics.id, topic.id))
      .run();
    tx.update(communityCategories)
      .set({ postCount: sql`${communityCategories.postCount} + 1` })
      .where(eq(communityCategories.id, topic.categoryId))
      .run();
    tx.update(communityMembers)
      .set({ replyCount: sql`${communityMembers.replyCount} + 1`, lastPostedAt: now })
      .where(eq(communityMembers.id, member.id))
      .run();
    emitCommunityEvent(tx, { kind: "replied", topicId: topic.id, postId: post.id, memberId: member.id, replyToPostId: replyTo });
    return { postId: post.id, postNumber };
  });
}
