import { and, eq, isNull } from "drizzle-orm";
import { communityFlags } from "../../db/schema";
import { FlagPostForm } from "../domain/community-moderation-forms";
import { refusalOfIssue } from "../domain/field-message";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import type { CommunityReader } from "../utils/community-access.server";
import { transaction } from "../utils/db.server";
import { participantOf, postInReach } from "./community-participant.server";

export type FlagInput = { reason: string; note?: string | null };

/**
 * A member flags a post for the moderators, with a reason (spam, inappropriate, off_topic, or
 * other with a note). One open flag per post and member: flagging again while it is open changes
 * nothing (`created: false`). Refused on one's own post, on a post the member cannot read (held,
 * hidden, deleted, in a category closed to them: the same 404), and for a suspended member. The
 * topic page's `intent=flag` parses `FlagPostForm` (postId, reason, note) and calls this.
 */
export function flagPost(reader: CommunityReader, postId: number, flag: FlagInput, now = Date.now()): { flagId: number; created: boolean } {
  const parsed = FlagPostForm.safeParse({ postId, reason: flag.reason, note: flag.note ?? undefined });
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  const { reason, note } = parsed.data;
  return transaction((tx) => {
    const { post } = postInReach(tx, reader, parsed.data.postId);
    const flagger = participantOf(tx, reader);
    // postInReach lets an author read their own held post; a flag needs a post others read.
    if (post.state !== "published" || post.hiddenAt) throw new ServiceError(404, "communityNotFound");
    if (post.authorId === flagger.id) throw new ServiceError(422, "communityFlagOwnPost", {}, "postId");
    const open = tx
      .select({ id: communityFlags.id })
      .from(communityFlags)
      .where(and(eq(communityFlags.postId, post.id), eq(communityFlags.memberId, flagger.id), isNull(communityFlags.resolvedAt)))
      .get();
    if (open) return { flagId: open.id, created: false };
    const created = tx
      .insert(communityFlags)
      .values({ postId: post.id, memberId: flagger.id, reason, note: note || null, createdAt: new Date(now) })
      .returning({ id: communityFlags.id })
      .get();
    audit(
      {
        actorUserId: reader.viewer.kind === "staff" ? reader.viewer.user.id : null,
        action: "community.post_flagged",
        entity: "community_post",
        entityId: post.id,
        detail: { reason, memberId: flagger.id },
      },
      tx,
    );
    return { flagId: created.id, created: true };
  });
}
