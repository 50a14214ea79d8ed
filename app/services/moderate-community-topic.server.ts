import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { communityCategories, communityPosts, communityTopics } from "../../db/schema";
import {
  LockTopicForm,
  MergeTopicsForm,
  MoveTopicForm,
  PinTopicForm,
  SplitTopicForm,
  type PIN_SCOPES,
  type TopicModerationInput,
} from "../domain/community-moderation-forms";
import { topicSlug } from "../domain/community-rules";
import { can } from "../domain/permissions";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import { countNewTopic, withCounters } from "../models/community-counters.server";
import { loadTopic, type ModeratedTopic } from "../models/community-moderation.server";
import { indexCommunityPost } from "../models/community-search.server";
import type { StaffUser } from "../models/user.server";
import { listCategories } from "../models/community-category.server";
import type { CommunityReader } from "../utils/community-access.server";
import { transaction } from "../utils/db.server";
import { mergeIdeaAsking } from "./idea-merge.server";
import { moderator, parse } from "./moderate-community-post.server";

/*
 * A moderator's actions on topics: lock, pin, move, merge, split. Same shape as the post actions
 * (moderate-community-post.server.ts): permission, one transaction with counters and audit.
 */

const topicAudit = (actor: StaffUser, topic: ModeratedTopic, ip: string | undefined) => ({
  actorUserId: actor.id,
  entity: "community_topic",
  entityId: topic.id,
  ip,
});

/** Locks a topic (no new replies) or unlocks it. */
export function lockTopic(actor: StaffUser, input: { topicId: number; locked: boolean | "true" | "false" }, ip?: string, now = Date.now()) {
  moderator(actor);
  const { topicId, locked } = parse(LockTopicForm, { ...input, locked: String(input.locked) });
  return transaction((tx) => {
    const topic = loadTopic(tx, topicId);
    if (Boolean(topic.lockedAt) === locked) return { changed: false };
    tx.update(communityTopics)
      .set({ lockedAt: locked ? new Date(now) : null })
      .where(eq(communityTopics.id, topic.id))
      .run();
    audit({ ...topicAudit(actor, topic, ip), action: locked ? "community.topic_locked" : "community.topic_unlocked" }, tx);
    return { changed: true };
  });
}

/** Pins a topic to the top of its category or of the whole community, or unpins it. */
export function pinTopic(actor: StaffUser, input: { topicId: number; pin: (typeof PIN_SCOPES)[number] }, ip?: string, now = Date.now()) {
  moderator(actor);
  const { topicId, pin } = parse(PinTopicForm, input);
  return transaction((tx) => {
    const topic = loadTopic(tx, topicId);
    const current = !topic.pinnedAt ? "none" : topic.pinnedGlobally ? "global" : "category";
    if (current === pin) return { changed: false };
    tx.update(communityTopics)
      .set({ pinnedAt: pin === "none" ? null : new Date(now), pinnedGlobally: pin === "global" })
      .where(eq(communityTopics.id, topic.id))
      .run();
    audit(
      { ...topicAudit(actor, topic, ip), action: pin === "none" ? "community.topic_unpinned" : "community.topic_pinned", detail: { from: current, to: pin } },
      tx,
    );
    return { changed: true };
  });
}

/** Moves a topic to another category; both categories' counters follow. */
export function moveTopic(actor: StaffUser, input: { topicId: number; categoryId: number }, ip?: string) {
  moderator(actor);
  const { topicId, categoryId } = parse(MoveTopicForm, input);
  return transaction((tx) => {
    const topic = loadTopic(tx, topicId);
    const category = tx.select({ id: communityCategories.id }).from(communityCategories).where(eq(communityCategories.id, categoryId)).get();
    if (!category) throw new ServiceError(404, "communityCategoryNotFound", {}, "categoryId");
    if (topic.categoryId === categoryId) return { changed: false };
    withCounters(tx, [topic.id], [], () => {
      tx.update(communityTopics).set({ categoryId }).where(eq(communityTopics.id, topic.id)).run();
    });
    audit({ ...topicAudit(actor, topic, ip), action: "community.topic_moved", detail: { from: topic.categoryId, to: categoryId } }, tx);
    return { changed: true };
  });
}

/**
 * Merges a topic into another: its posts (the opening post included, as a reply) move to the end
 * of the other topic in their order, and the emptied topic is deleted (its address forwards to the other). An accepted answer comes
 * along when the other topic has none. Every counter follows: both topics, their categories, and
 * each author whose topic became a reply.
 */
export function mergeTopics(actor: StaffUser, input: { topicId: number; intoTopicId: number }, ip?: string, now = Date.now()) {
  moderator(actor);
  const { topicId, intoTopicId } = parse(MergeTopicsForm, input);
  if (topicId === intoTopicId) throw new ServiceError(422, "communityMergeSameTopic", {}, "intoTopicId");
  return transaction((tx) => {
    const source = loadTopic(tx, topicId);
    const target = loadTopic(tx, intoTopicId, "intoTopicId");
    const opening = tx.get<{ id: number } | undefined>(sql`SELECT id FROM community_posts WHERE topic_id = ${source.id} AND post_number = 1`);
    const moved = withCounters(tx, [source.id, target.id], [], () => {
      const last = tx.get<{ n: number | null }>(sql`SELECT max(post_number) AS n FROM community_posts WHERE topic_id = ${target.id}`)?.n ?? 0;
      // Numbers past the target's last one are free, so one statement keeps the order without a clash.
      const result = tx
        .update(communityPosts)
        .set({ topicId: target.id, postNumber: sql`${last} + ${communityPosts.postNumber}` })
        .where(eq(communityPosts.topicId, source.id))
        .run();
      const carryAnswer = source.acceptedPostId !== null && target.acceptedPostId === null;
      if (carryAnswer)
        tx.update(communityTopics).set({ acceptedPostId: source.acceptedPostId, acceptedAt: source.acceptedAt }).where(eq(communityTopics.id, target.id)).run();
      tx.update(communityTopics)
        .set({ deletedAt: new Date(now), acceptedPostId: null, acceptedAt: null, mergedIntoId: target.id })
        .where(eq(communityTopics.id, source.id))
        .run();
      return result.changes;
    });
    // The search index holds a topic's title on its opening post only: the source's is a reply now.
    if (opening) indexCommunityPost(tx, opening.id);
    // An idea's votes and requests follow it; it becomes a duplicate of the target.
    mergeIdeaAsking(tx, source.id, target.id, actor.id, now);
    audit({ ...topicAudit(actor, source, ip), action: "community.topics_merged", detail: { to: target.id, moved } }, tx);
    return { topicId: target.id, moved };
  });
}

/**
 * Splits replies off into a new topic (in the same category unless another is given): they keep
 * their order and become posts 1, 2, … of the new topic, whose author is the first one's. The
 * opening post cannot be split off. An accepted answer that moves leaves its question unsolved.
 */
export function splitTopic(actor: StaffUser, input: { topicId: number; postIds: number[]; title: string; categoryId?: number }, ip?: string) {
  moderator(actor);
  const { topicId, postIds, title, categoryId } = parse(SplitTopicForm, input);
  return transaction((tx) => {
    const topic = loadTopic(tx, topicId);
    const targetCategory = categoryId ?? topic.categoryId;
    if (!tx.select({ id: communityCategories.id }).from(communityCategories).where(eq(communityCategories.id, targetCategory)).get())
      throw new ServiceError(404, "communityCategoryNotFound", {}, "categoryId");
    const posts = tx
      .select()
      .from(communityPosts)
      .where(and(eq(communityPosts.topicId, topic.id), inArray(communityPosts.id, postIds), isNull(communityPosts.deletedAt)))
      .orderBy(asc(communityPosts.postNumber))
      .all();
    if (posts.length !== new Set(postIds).size) throw new ServiceError(404, "communityPostNotFound", {}, "postIds");
    if (posts.some((p) => p.postNumber === 1)) throw new ServiceError(422, "communitySplitOpeningPost", {}, "postIds");
    const first = posts[0];
    const created = tx
      .insert(communityTopics)
      .values({
        categoryId: targetCategory,
        authorId: first.authorId,
        title,
        slug: topicSlug(title),
        createdAt: first.createdAt,
        lastPostedAt: first.createdAt,
      })
      .returning()
      .get();
    const movedIds = new Set(posts.map((p) => p.id));
    withCounters(
      tx,
      [topic.id],
      posts.map((p) => p.authorId),
      () => {
        posts.forEach((post, index) => {
          tx.update(communityPosts)
            .set({
              topicId: created.id,
              postNumber: index + 1,
              // "In reply to" a post that stayed behind would point into another topic.
              replyToPostId: post.replyToPostId !== null && movedIds.has(post.replyToPostId) ? post.replyToPostId : null,
            })
            .where(eq(communityPosts.id, post.id))
            .run();
        });
        if (topic.acceptedPostId !== null && movedIds.has(topic.acceptedPostId))
          tx.update(communityTopics).set({ acceptedPostId: null, acceptedAt: null }).where(eq(communityTopics.id, topic.id)).run();
      },
    );
    countNewTopic(tx, created.id);
    // The first reply moved opens the new topic: the search index gives it the new title.
    indexCommunityPost(tx, first.id);
    audit({ ...topicAudit(actor, topic, ip), action: "community.topic_split", detail: { to: created.id, moved: posts.length } }, tx);
    return { topicId: created.id, moved: posts.length };
  });
}

/** Whether this community reader moderates (staff with `moderate:community:any`: CSMs and admins). */
export function mayModerateTopics(reader: Pick<CommunityReader, "viewer">): boolean {
  return reader.viewer.kind === "staff" && can(reader.viewer.user.role, "moderate:community:any");
}

/** What the topic page's moderation panel offers: the categories a topic may move to, and where it is pinned. */
export function topicModerationView(
  reader: Pick<CommunityReader, "viewer" | "language">,
  topic: Pick<ModeratedTopic, "categoryId" | "pinnedAt" | "pinnedGlobally">,
) {
  if (!mayModerateTopics(reader)) return null;
  return {
    categoryId: topic.categoryId,
    pin: (!topic.pinnedAt ? "none" : topic.pinnedGlobally ? "global" : "category") as (typeof PIN_SCOPES)[number],
    categories: listCategories().map((category) => ({ id: category.id, name: reader.language === "ja" ? category.nameJa : category.nameEn })),
  };
}

/**
 * One of the topic page's moderation forms, by a community reader: a staff user who moderates,
 * else a 403 (a member who forged the form) before anything is read or written. Answers the topic
 * to show next: this one, the one it was merged into, or the one split off.
 */
export function moderateTopicFromPage(reader: Pick<CommunityReader, "viewer">, topicId: number, input: TopicModerationInput, ip?: string): { topicId: number } {
  if (!mayModerateTopics(reader) || reader.viewer.kind !== "staff") throw new ServiceError(403, "communityModeratorsOnly");
  const actor = reader.viewer.user;
  switch (input.intent) {
    case "lock":
    case "unlock":
      lockTopic(actor, { topicId, locked: input.intent === "lock" }, ip);
      return { topicId };
    case "pin":
      pinTopic(actor, { topicId, pin: input.pin }, ip);
      return { topicId };
    case "move":
      moveTopic(actor, { topicId, categoryId: input.categoryId }, ip);
      return { topicId };
    case "merge":
      return { topicId: mergeTopics(actor, { topicId, intoTopicId: input.into }, ip).topicId };
    case "split":
      return { topicId: splitTopic(actor, { topicId, postIds: input.postIds, title: input.title, categoryId: input.categoryId }, ip).topicId };
  }
}
