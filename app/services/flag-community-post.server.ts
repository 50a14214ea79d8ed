import { and, eq, isNull } from "drizzle-orm";
import { communityFlags, communityMembers } from "../../db/schema";
import { FlagPostForm, type FlagPostInput } from "../domain/community-moderation-forms";
import { refusalOfIssue } from "../domain/field-message";
import { ServiceError } from "../domain/service-error";
import { dayInZone } from "../domain/zone-days";
import { audit } from "../models/audit.server";
import { loadPost } from "../models/community-moderation.server";
import { teamTimeZone } from "../models/settings.server";
import { transaction } from "../utils/db.server";

/**
 * A member flags a post for the moderators, with a reason from the fixed list and an optional
 * note. One open flag per post and member: flagging again while it is open changes nothing
 * (`created: false`). Refused on one's own post, on a post that is not there for members to
 * read, and for a suspended member. The topic page's `intent=flag` calls this with its form
 * (`postId`, `reason`, `note`).
 */
export function flagPost(member: { id: number }, input: FlagPostInput, now = Date.now()): { flagId: number; created: boolean } {
  const parsed = FlagPostForm.safeParse(input);
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  const { postId, reason, note } = parsed.data;
  return transaction((tx) => {
    const flagger = tx.select().from(communityMembers).where(eq(communityMembers.id, member.id)).get();
    if (!flagger) throw new ServiceError(404, "communityMemberNotFound");
    if (flagger.suspendedUntil && flagger.suspendedUntil.getTime() > now)
      throw new ServiceError(403, "communitySuspended", {
        until: dayInZone(flagger.suspendedUntil.getTime() - 1, teamTimeZone()),
        reason: flagger.suspendedReason ?? "",
      });
    const { post, topic } = loadPost(tx, postId);
    if (post.deletedAt || topic.deletedAt || post.state !== "published") throw new ServiceError(404, "communityPostNotFound", {}, "postId");
    if (post.authorId === flagger.id) throw new ServiceError(422, "communityFlagOwnPost", {}, "postId");
    const open = tx
      .select({ id: communityFlags.id })
      .from(communityFlags)
      .where(and(eq(communityFlags.postId, postId), eq(communityFlags.memberId, flagger.id), isNull(communityFlags.resolvedAt)))
      .get();
    if (open) return { flagId: open.id, created: false };
    const flag = tx
      .insert(communityFlags)
      .values({ postId, memberId: flagger.id, reason, note: note || null, createdAt: new Date(now) })
      .returning({ id: communityFlags.id })
      .get();
    audit({ action: "community.post_flagged", entity: "community_post", entityId: postId, detail: { reason, memberId: flagger.id } }, tx);
    return { flagId: flag.id, created: true };
  });
}
