import { and, desc, eq, gt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityMembers, communityPosts } from "../../db/schema";
import { HOUR_MS, judgePost, postContent, type HoldReason, type PostDraft } from "../domain/posting-rules";
import { ServiceError } from "../domain/service-error";
import { dayInZone } from "../domain/zone-days";
import { getSetting, teamTimeZone } from "../models/settings.server";
import { renderMarkdown } from "../utils/markdown.server";

export type PostingDecision = {
  /** `held`: the post is written with this state and waits in the moderation queue. */
  state: "published" | "held";
  /** Why it is held (store them on the post's `heldReasons`); empty when published. */
  reasons: HoldReason[];
  /** The blocked words found, for the moderator. */
  blockedWords: string[];
};

/**
 * The posting rules, for the services that write topics and replies: call it inside the posting
 * transaction, before writing, with the member who posts. Returns whether the post is published
 * or held (and why), or throws a ServiceError the form shows: 403 `communitySuspended`, 429
 * `communityRateLimited` (the hourly limit of the member's trust level), 422
 * `communityTooManyLinks` / `communityTooManyMentions` / `communityNoImages`. Pass `html` when the
 * caller has rendered the source already (links and images are counted in it).
 */
export function decidePosting(conn: Db, member: { id: number }, draft: PostDraft & { now: number; html?: string }): PostingDecision {
  const { now } = draft;
  // The stored row, not the caller's copy: a suspension may have started since it was read.
  const row = conn.select().from(communityMembers).where(eq(communityMembers.id, member.id)).get();
  if (!row) throw new ServiceError(404, "communityMemberNotFound");
  const recent = conn
    .select({ createdAt: communityPosts.createdAt })
    .from(communityPosts)
    .where(and(eq(communityPosts.authorId, row.id), gt(communityPosts.createdAt, new Date(now - HOUR_MS))))
    .orderBy(desc(communityPosts.createdAt))
    .limit(1000)
    .all();
  const isFirstPost =
    recent.length === 0 && conn.select({ id: communityPosts.id }).from(communityPosts).where(eq(communityPosts.authorId, row.id)).limit(1).get() === undefined;
  const judgement = judgePost(
    {
      trustLevel: row.trustLevel,
      isStaff: row.userId !== null,
      suspendedUntil: row.suspendedUntil?.getTime() ?? null,
      isFirstPost,
      recentPostTimes: recent.map((r) => r.createdAt.getTime()),
    },
    draft,
    postContent(draft.source, draft.html ?? renderMarkdown(draft.source)),
    getSetting("communityRules"),
    now,
  );
  if ("state" in judgement) return judgement;
  switch (judgement.refused) {
    case "suspended":
      throw new ServiceError(403, "communitySuspended", { until: dayInZone(judgement.until - 1, teamTimeZone()), reason: row.suspendedReason ?? "" });
    case "rateLimited":
      throw new ServiceError(429, "communityRateLimited", { limit: judgement.limit, count: judgement.retryAfterMinutes });
    case "tooManyLinks":
      throw new ServiceError(422, "communityTooManyLinks", { limit: judgement.limit, found: judgement.found }, "body");
    case "tooManyMentions":
      throw new ServiceError(422, "communityTooManyMentions", { limit: judgement.limit, found: judgement.found }, "body");
    case "noImages":
      throw new ServiceError(422, "communityNoImages", {}, "body");
  }
}
