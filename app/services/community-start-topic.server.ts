import { eq, sql } from "drizzle-orm";
import { communityCategories, communityMembers, communityPosts, communityTopics, ideas } from "../../db/schema";
import { ideaProblem } from "../domain/ideas";
import { refusalOfIssue } from "../domain/field-message";
import { startTopicRefusal, TITLE_MAX, TITLE_MIN, topicPath, topicSlug } from "../domain/community-rules";
import { ServiceError } from "../domain/service-error";
import { findCategoryBySlug } from "../models/community-category.server";
import type { CommunityReader } from "../utils/community-access.server";
import { transaction } from "../utils/db.server";
import { emitCommunityEvent } from "./community-events.server";
import { decidePosting } from "./community-posting-rules.server";
import { heldReasonEntries } from "../domain/posting-rules";
import { checkedBody, factsOf, participantOf } from "./community-participant.server";
import { renderPost } from "./render-community-post.server";

/** `problem`: an idea's optional "problem it solves" (ideas categories only; ignored elsewhere). */
export type StartTopicInput = { category: string; title: string; body: string; problem?: string };

/** A title as text: trimmed, inner runs of whitespace made one space, refused outside the length bounds. */
export function checkedTitle(title: string): string {
  const clean = title.replace(/\s+/g, " ").trim();
  const length = Array.from(clean).length;
  if (length < TITLE_MIN || length > TITLE_MAX) throw new ServiceError(400, "communityTitleLength", { min: TITLE_MIN, max: TITLE_MAX }, "title");
  return clean;
}

/** An idea's problem: plain text, optional, refused when too long or holding control characters. */
function checkedProblem(problem: string): string {
  const parsed = ideaProblem.safeParse(problem);
  if (!parsed.success) throw refusalOfIssue({ ...parsed.error.issues[0], path: ["problem"] });
  return parsed.data;
}

/**
 * Starts a topic: the opening post (number 1) rendered from Markdown, in a category the member
 * may start topics in (staff-only categories refuse customers; a restricted category refuses a
 * customer outside its segments). The topic, category and member counters move in the same
 * transaction.
 */
export function startTopic(reader: CommunityReader, input: StartTopicInput): { topicId: number; postId: number; path: string; held: boolean } {
  const category = findCategoryBySlug(input.category.trim());
  if (!category) throw new ServiceError(400, "communityCategoryUnknown", {}, "category");
  const title = checkedTitle(input.title);
  const body = checkedBody(input.body);
  const refusal = startTopicRefusal(factsOf(reader), category);
  // A category closed to the member is one they cannot see: the same answer as a slug nobody has, so it reveals nothing.
  if (refusal === "restricted") throw new ServiceError(400, "communityCategoryUnknown", {}, "category");
  if (refusal === "staffOnly") throw new ServiceError(403, "communityStaffOnly", {}, "category");
  const problem = category.kind === "ideas" ? checkedProblem(input.problem ?? "") : "";
  const { html, renderVersion } = renderPost(body);
  return transaction((tx) => {
    const member = participantOf(tx, reader);
    const now = new Date();
    // The posting rules: refused (rate, links, mentions, images) or held for a moderator.
    const decision = decidePosting(tx, member, { kind: "topic", title, source: body, html, now: now.getTime() });
    const held = decision.state === "held";
    const slug = topicSlug(title);
    const topic = tx
      .insert(communityTopics)
      // A held opening post keeps its topic out of every list until a moderator approves it.
      .values({ categoryId: category.id, authorId: member.id, title, slug, createdAt: now, lastPostedAt: now, hiddenAt: held ? now : null })
      .returning({ id: communityTopics.id })
      .get();
    const post = tx
      .insert(communityPosts)
      .values({
        topicId: topic.id,
        authorId: member.id,
        postNumber: 1,
        source: body,
        html,
        renderVersion,
        createdAt: now,
        state: decision.state,
        heldReasons: held ? heldReasonEntries(decision) : null,
      })
      .returning({ id: communityPosts.id })
      .get();
    // The idea's row was written by the ideas trigger with the topic; its own field goes in now.
    if (problem) tx.update(ideas).set({ problem }).where(eq(ideas.topicId, topic.id)).run();
    // Nothing counts, nobody is told, until the post is approved (approvePost does both then).
    if (held) return { topicId: topic.id, postId: post.id, path: topicPath({ id: topic.id, slug }), held };
    tx.update(communityCategories)
      .set({ topicCount: sql`${communityCategories.topicCount} + 1`, postCount: sql`${communityCategories.postCount} + 1` })
      .where(eq(communityCategories.id, category.id))
      .run();
    tx.update(communityMembers)
      .set({ topicCount: sql`${communityMembers.topicCount} + 1`, lastPostedAt: now })
      .where(eq(communityMembers.id, member.id))
      .run();
    emitCommunityEvent(tx, { kind: "topicStarted", topicId: topic.id, postId: post.id, memberId: member.id, categoryId: category.id });
    return { topicId: topic.id, postId: post.id, path: topicPath({ id: topic.id, slug }), held };
  });
}
