import { eq, sql } from "drizzle-orm";
import { communityPostRevisions, communityPosts, communityTopics } from "../../db/schema";
import { mayEditPost, topicSlug } from "../domain/community-rules";
import { ServiceError } from "../domain/service-error";
import type { CommunityReader } from "../utils/community-access.server";
import { transaction } from "../utils/db.server";
import { MARKDOWN_RENDER_VERSION, renderMarkdown } from "../utils/markdown.server";
import { emitCommunityEvent } from "./community-events.server";
import { checkedBody, factsOf, participantOf, postInReach } from "./community-participant.server";
import { checkedTitle } from "./community-start-topic.server";

export type EditPostInput = { body: string; /** The opening post's edit may change the topic's title. */ title?: string | null };

/**
 * Edits a post (its author or staff). The version before the edit is kept as a revision (staff
 * read the history); the opening post's edit may retitle the topic, and the old title is kept too.
 */
export function editPost(reader: CommunityReader, postId: number, input: EditPostInput): { topicId: number } {
  const body = checkedBody(input.body);
  const html = renderMarkdown(body);
  return transaction((tx) => {
    const { post, topic } = postInReach(tx, reader, postId);
    const member = participantOf(tx, reader);
    if (!mayEditPost(factsOf(reader, member), post)) throw new ServiceError(403, "communityNotYours");
    const newTitle = post.postNumber === 1 && input.title != null ? checkedTitle(input.title) : null;
    const titleChanged = newTitle !== null && newTitle !== topic.title;
    if (body === post.source && !titleChanged) return { topicId: topic.id };
    tx.insert(communityPostRevisions)
      .values({ postId: post.id, source: post.source, title: post.postNumber === 1 ? topic.title : null, editedById: member.id })
      .run();
    tx.update(communityPosts)
      .set({ source: body, html, renderVersion: MARKDOWN_RENDER_VERSION, editedAt: new Date(), editCount: sql`${communityPosts.editCount} + 1` })
      .where(eq(communityPosts.id, post.id))
      .run();
    if (titleChanged)
      tx.update(communityTopics)
        .set({ title: newTitle, slug: topicSlug(newTitle) })
        .where(eq(communityTopics.id, topic.id))
        .run();
    emitCommunityEvent(tx, { kind: "postEdited", topicId: topic.id, postId: post.id, memberId: member.id });
    return { topicId: topic.id };
  });
}
