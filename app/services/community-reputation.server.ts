import type { Db } from "../../db/client";
import { closeOpenFlags } from "../models/community-moderation.server";
import type { CommunityEvent } from "./community-events.server";
import { awardBadges } from "./community-badges.server";
import { refreshTrustLevel } from "./community-trust.server";

/** Whose counters an event moved: the member whose badges and trust level may change. */
function creditedMember(event: CommunityEvent): number | null {
  switch (event.kind) {
    case "topicStarted":
    case "replied":
      return event.memberId;
    case "liked":
    case "unliked":
      return event.authorId;
    case "answerAccepted":
    case "answerUnaccepted":
      return event.answererId;
    default:
      return null;
  }
}

/**
 * The community events listener of moderation and reputation. After a post is published (or
 * approved), a like or an accepted answer, the member credited gets the badges their counters
 * earned (never twice: a badge is held once) and their trust level recomputed. Two indexed reads
 * and at most a few writes, in the poster's transaction.
 */
export function reputationListener(tx: Db, event: CommunityEvent): void {
  // A post its author (or staff on the topic page) deleted leaves the queue: its flags close unjudged.
  if (event.kind === "postDeleted") closeOpenFlags(tx, event.postId, null, null, Date.now());
  const memberId = creditedMember(event);
  if (memberId === null) return;
  refreshTrustLevel(tx, memberId);
  awardBadges(tx, memberId);
}
