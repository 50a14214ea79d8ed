import { eq, sql } from "drizzle-orm";
import { communityCategories, communityMembers, communityPosts, communityTopics } from "../../db/schema";
import { startTopicRefusal, TITLE_MAX, TITLE_MIN, topicPath, topicSlug } from "../domain/community-rules";
import { ServiceError } from "../domain/service-error";
import { findCategoryBySlug } from "../models/community-category.server";
import type { CommunityReader } from "../utils/community-access.server";
import { transaction } from "../utils/db.server";
import { MARKDOWN_RENDER_VERSION, renderMarkdown } from "../utils/markdown.server";
import { emitCommunityEvent } from "./community-events.server";
import { checkedBody, factsOf, participantOf } from "./community-participant.server";

export type StartTopicInput = { category: string; title: string; body: string };

/** A title as text: trimmed, inner runs of whitespace made one space, refused outside the length bounds. */
export function checkedTitle(title: string): string {
  const clean = title.replace(/\s+/g, " ").trim();
  const length = Array.from(clean).length;
  if (length < TITLE_MIN || length > TITLE_MAX) throw new ServiceError(400, "communityTitleLength", { min: TITLE_MIN, max: TITLE_MAX }, "title");
  return clean;
}

/**
 * Starts a topic: the opening post (number 1) rendered from Markdown, in a category the member
 * may start topics in (staff-only categories refuse customers; a restricted category refuses a
 * customer outside its segments). The topic, category and member counters move in the same
 * transaction.
 */
export function startTopic(reader: CommunityReader, input: StartTopicInput): { topicId: number; postId: number; path: string } {
  const category = findCategoryBySlug(input.category.trim());
  if (!category) throw new ServiceError(400, "communityCategoryUnknown", {}, "category");
  const title = checkedTitle(input.title);
  const body = checkedBody(input.body);
  const refusal = startTopicRefusal(factsOf(reader), category);
  if (refusal === "restricted") throw new ServiceError(403, "communityRestricted", {}, "category");
  if (refusal === "staffOnly") throw new ServiceError(403, "communityStaffOnly", {}, "category");
  const html = renderMarkdown(body);
  return transaction((tx) => {
    const member = participantOf(tx, reader);
    const now = new Date();
    const slug = topicSlug(title);
    const topic = tx
      .insert(communityTopics)
      .values({ categoryId: category.id, authorId: member.id, title, slug, createdAt: now, lastPostedAt: now })
      .returning({ id: communityTopics.id })
      .get();
    const post = tx
      .insert(communityPosts)
      .values({ topicId: topic.id, authorId: member.id, postNumber: 1, source: body, html, renderVersion: MARKDOWN_RENDER_VERSION, createdAt: now })
      .returning({ id: communityPosts.id })
      .get();
    tx.update(communityCategories)
      .set({ topicCount: sql`${communityCategories.topicCount} + 1`, postCount: sql`${communityCategories.postCount} + 1` })
      .where(eq(communityCategories.id, category.id))
      .run();
    tx.update(communityMembers)
      .set({ topicCount: sql`${communityMembers.topicCount} + 1`, lastPostedAt: now })
      .where(eq(communityMembers.id, member.id))
      .run();
    emitCommunityEvent(tx, { kind: "topicStarted", topicId: topic.id, postId: post.id, memberId: member.id, categoryId: category.id });
    return { topicId: topic.id, postId: post.id, path: topicPath({ id: topic.id, slug }) };
  });
}
