import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { communityMembers, communityPosts, communityTopics } from "../../db/schema";
import { HidePostForm, PostIdForm, ResolveFlagsForm } from "../domain/community-moderation-forms";
import { refusalOfIssue } from "../domain/field-message";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import { ensureStaffMember } from "../models/community-member.server";
import { withCounters } from "../models/community-counters.server";
import { closeOpenFlags, loadPost, openFlagCount, type ModeratedPost } from "../models/community-moderation.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { assertCan } from "./actor.server";
import { emitCommunityEvent } from "./community-events.server";
import { refreshTrustLevel } from "./community-trust.server";

/*
 * A moderator's actions on one post. Each checks `moderate:community:any`, runs in one
 * transaction with the counters it moves (app/models/community-counters.server.ts) and its audit
 * entry, and changes nothing when the post is already as asked (`changed: false`).
 */

export type Changed = { changed: boolean };

/** The input as the schema reads it, or its first issue as a refusal (shared with the topic actions). */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  return parsed.data;
}

export function moderator(actor: StaffUser) {
  assertCan({ user: actor }, "moderate:community:any");
}

const postAudit = (actor: StaffUser, post: ModeratedPost, ip: string | undefined) => ({
  actorUserId: actor.id,
  entity: "community_post",
  entityId: post.id,
  ip,
});

function setHidden(tx: Db, post: ModeratedPost, hidden: boolean, reason: string | null, now: number) {
  withCounters(tx, [post.topicId], [post.authorId], () => {
    tx.update(communityPosts)
      .set({ hiddenAt: hidden ? new Date(now) : null, hiddenReason: hidden ? reason : null })
      .where(eq(communityPosts.id, post.id))
      .run();
    // Hiding the opening post hides its topic (Discourse unlists it); showing it shows the topic again.
    if (post.postNumber === 1)
      tx.update(communityTopics)
        .set({ hiddenAt: hidden ? new Date(now) : null })
        .where(eq(communityTopics.id, post.topicId))
        .run();
  });
}

/** Hides a post from members, with a reason its author reads. */
export function hidePost(actor: StaffUser, input: { postId: number; reason: string }, ip?: string, now = Date.now()): Changed {
  moderator(actor);
  const { postId, reason } = parse(HidePostForm, input);
  return transaction((tx) => {
    const { post } = loadPost(tx, postId);
    if (post.deletedAt) throw new ServiceError(404, "communityPostNotFound", {}, "postId");
    if (post.hiddenAt) return { changed: false };
    setHidden(tx, post, true, reason, now);
    audit({ ...postAudit(actor, post, ip), action: "community.post_hidden", detail: { reason } }, tx);
    return { changed: true };
  });
}

export function unhidePost(actor: StaffUser, input: { postId: number }, ip?: string, now = Date.now()): Changed {
  moderator(actor);
  const { postId } = parse(PostIdForm, input);
  return transaction((tx) => {
    const { post } = loadPost(tx, postId);
    if (post.deletedAt) throw new ServiceError(404, "communityPostNotFound", {}, "postId");
    if (!post.hiddenAt) return { changed: false };
    setHidden(tx, post, false, null, now);
    audit({ ...postAudit(actor, post, ip), action: "community.post_unhidden" }, tx);
    return { changed: true };
  });
}

/**
 * Deletes a post (soft: staff can still read it in the audit trail's subject). Deleting the
 * opening post deletes its topic; deleting an accepted answer leaves its question unsolved. Open
 * flags on the post are closed as agreed: the moderator acted on them.
 */
export function deletePost(actor: StaffUser, input: { postId: number }, ip?: string, now = Date.now()): Changed {
  moderator(actor);
  const { postId } = parse(PostIdForm, input);
  return transaction((tx) => {
    const { post, topic } = loadPost(tx, postId);
    if (post.deletedAt) return { changed: false };
    const staffMember = ensureStaffMember(tx, actor);
    withCounters(tx, [post.topicId], [post.authorId], () => {
      tx.update(communityPosts)
        .set({ deletedAt: new Date(now), deletedById: staffMember.id })
        .where(eq(communityPosts.id, post.id))
        .run();
      if (post.postNumber === 1)
        tx.update(communityTopics)
          .set({ deletedAt: new Date(now) })
          .where(eq(communityTopics.id, topic.id))
          .run();
      else if (topic.acceptedPostId === post.id)
        tx.update(communityTopics).set({ acceptedPostId: null, acceptedAt: null }).where(eq(communityTopics.id, topic.id)).run();
    });
    const flags = closeOpenFlags(tx, post.id, "agreed", actor.id, now);
    refreshTrustLevel(tx, post.authorId, now);
    audit({ ...postAudit(actor, post, ip), action: "community.post_deleted", detail: { topicId: topic.id, postNumber: post.postNumber, flags } }, tx);
    return { changed: true };
  });
}

/** Publishes a post the posting rules held; a held opening post brings its topic out with it. */
export function approvePost(actor: StaffUser, input: { postId: number }, ip?: string): Changed {
  moderator(actor);
  const { postId } = parse(PostIdForm, input);
  return transaction((tx) => {
    const { post, topic } = loadPost(tx, postId);
    if (post.state !== "held" || post.deletedAt) throw new ServiceError(409, "communityNotHeld", {}, "postId");
    withCounters(tx, [post.topicId], [post.authorId], () => {
      tx.update(communityPosts).set({ state: "published" }).where(eq(communityPosts.id, post.id)).run();
      if (post.postNumber === 1 && !post.hiddenAt) tx.update(communityTopics).set({ hiddenAt: null }).where(eq(communityTopics.id, post.topicId)).run();
    });
    tx.update(communityMembers)
      .set({ lastPostedAt: sql`max(coalesce(${communityMembers.lastPostedAt}, 0), ${post.createdAt.getTime()})` })
      .where(eq(communityMembers.id, post.authorId))
      .run();
    // Published now: the areas that react to a new post (notifications, search, badges and trust) hear of it only now.
    if (post.postNumber === 1)
      emitCommunityEvent(tx, { kind: "topicStarted", topicId: topic.id, postId: post.id, memberId: post.authorId, categoryId: topic.categoryId });
    else emitCommunityEvent(tx, { kind: "replied", topicId: topic.id, postId: post.id, memberId: post.authorId, replyToPostId: post.replyToPostId });
    audit({ ...postAudit(actor, post, ip), action: "community.post_approved", detail: { reasons: (post.heldReasons ?? []).join(", ") } }, tx);
    return { changed: true };
  });
}

/** Rejects a held post: it is never shown; a rejected opening post takes its topic with it. */
export function rejectPost(actor: StaffUser, input: { postId: number }, ip?: string, now = Date.now()): Changed {
  moderator(actor);
  const { postId } = parse(PostIdForm, input);
  return transaction((tx) => {
    const { post } = loadPost(tx, postId);
    if (post.state !== "held" || post.deletedAt) throw new ServiceError(409, "communityNotHeld", {}, "postId");
    withCounters(tx, [post.topicId], [post.authorId], () => {
      tx.update(communityPosts).set({ state: "rejected" }).where(eq(communityPosts.id, post.id)).run();
      if (post.postNumber === 1)
        tx.update(communityTopics)
          .set({ deletedAt: new Date(now) })
          .where(eq(communityTopics.id, post.topicId))
          .run();
    });
    audit({ ...postAudit(actor, post, ip), action: "community.post_rejected", detail: { reasons: (post.heldReasons ?? []).join(", ") } }, tx);
    return { changed: true };
  });
}

/**
 * Resolves every open flag of a post at once. Agreeing hides the post (with the reason its author
 * reads) and counts against the author's trust level; disagreeing dismisses the flags.
 */
export function resolveFlags(
  actor: StaffUser,
  input: { postId: number; outcome: "agree" | "disagree"; reason?: string },
  ip?: string,
  now = Date.now(),
): { flags: number; hidden: boolean } {
  moderator(actor);
  const { postId, outcome, reason } = parse(ResolveFlagsForm, input);
  if (outcome === "agree" && !reason) throw new ServiceError(400, "communityRequired", {}, "reason");
  return transaction((tx) => {
    const { post } = loadPost(tx, postId);
    if (openFlagCount(tx, post.id) === 0) throw new ServiceError(409, "communityNoOpenFlags", {}, "postId");
    let hidden = false;
    if (outcome === "agree" && !post.hiddenAt && !post.deletedAt) {
      setHidden(tx, post, true, reason ?? null, now);
      hidden = true;
    }
    const flags = closeOpenFlags(tx, post.id, outcome === "agree" ? "agreed" : "disagreed", actor.id, now);
    if (outcome === "agree") refreshTrustLevel(tx, post.authorId, now);
    audit(
      {
        ...postAudit(actor, post, ip),
        action: outcome === "agree" ? "community.flags_agreed" : "community.flags_disagreed",
        detail: { flags, ...(outcome === "agree" ? { reason } : {}) },
      },
      tx,
    );
    return { flags, hidden };
  });
}
