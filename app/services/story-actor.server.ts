import { ServiceError } from "../domain/service-error";
import type { StaffUser } from "../models/user.server";
import type { StoryRow } from "../models/story.server";
import type { CommunityReader } from "../utils/community-access.server";
import { assertCan } from "./actor.server";
import { suspensionOf } from "./community-participant.server";

/**
 * Who acts on a story: a member (a customer writing about their own account) or staff (in the
 * console, or on the customer pages signed in to the console). Staff may review, publish and
 * record consent; a member may only write, submit and answer comments on their own story.
 */
export type StoryActor =
  | { kind: "member"; contactId: number; accountId: number; memberId: number | null; contact: { id: number; email: string; name: string | null } }
  | { kind: "staff"; user: StaffUser; ip?: string };

/** The actor behind a community reader. */
export function storyActorOf(reader: CommunityReader): StoryActor {
  if (reader.viewer.kind === "staff") return { kind: "staff", user: reader.viewer.user };
  const contact = reader.viewer.contact;
  return { kind: "member", contactId: contact.id, accountId: contact.accountId, memberId: reader.memberId, contact };
}

/** A suspended member writes nothing, stories included: refused (403) with until when and why. */
export function assertNotSuspended(reader: CommunityReader): void {
  const suspension = reader.viewer.kind === "contact" ? suspensionOf(reader.viewer.member) : null;
  if (suspension) throw new ServiceError(403, "communitySuspended", suspension);
}

/** Staff who moderate the community review and publish stories; anyone else is refused (403), whatever page the request came from. */
export function assertStoryStaff(actor: StoryActor): asserts actor is Extract<StoryActor, { kind: "staff" }> {
  if (actor.kind !== "staff") throw new ServiceError(403, "storyStaffOnly");
  assertCan({ user: actor.user }, "moderate:community:any");
}

/** The member who wrote the story (or staff): anyone else is told it does not exist. */
export function assertMayWrite(actor: StoryActor, story: StoryRow): void {
  if (actor.kind === "staff") return assertStoryStaff(actor);
  if (story.authorMemberId === null || story.authorMemberId !== actor.memberId) throw new ServiceError(404, "storyNotFound");
}

export function auditFieldsOf(actor: StoryActor) {
  return actor.kind === "staff" ? { actorUserId: actor.user.id, ip: actor.ip } : { actorUserId: null };
}
