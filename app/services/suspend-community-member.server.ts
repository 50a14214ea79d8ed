import { eq } from "drizzle-orm";
import { communityMembers } from "../../db/schema";
import { MemberIdForm, SuspendMemberForm } from "../domain/community-moderation-forms";
import { refusalOfIssue } from "../domain/field-message";
import { ServiceError } from "../domain/service-error";
import { zoneDayRange } from "../domain/zone-days";
import { audit } from "../models/audit.server";
import { teamTimeZone } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { deleteSessionsOfContact } from "../utils/session.server";
import { assertCan } from "./actor.server";

function loadMember(tx: Parameters<Parameters<typeof transaction>[0]>[0], memberId: number) {
  const member = tx.select().from(communityMembers).where(eq(communityMembers.id, memberId)).get();
  if (!member) throw new ServiceError(404, "communityMemberNotFound", {}, "memberId");
  return member;
}

/**
 * Suspends a member until the end of a day on the team's calendar, with a reason they read when
 * they try to post. Their portal sessions end at once (in the same transaction). Staff cannot be
 * suspended: their console access is managed as users (disable the user instead).
 */
export function suspendMember(actor: StaffUser, input: { memberId: number; until: string; reason: string }, ip?: string, now = Date.now()) {
  assertCan({ user: actor }, "moderate:community:any");
  const parsed = SuspendMemberForm.safeParse(input);
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  const { memberId, until, reason } = parsed.data;
  const ends = zoneDayRange(until, teamTimeZone()).end;
  if (!Number.isFinite(ends)) throw new ServiceError(400, "communityDate", {}, "until");
  if (ends <= now) throw new ServiceError(422, "communitySuspendPast", {}, "until");
  return transaction((tx) => {
    const member = loadMember(tx, memberId);
    if (member.userId !== null) throw new ServiceError(422, "communityStaffNotSuspendable", {}, "memberId");
    tx.update(communityMembers)
      .set({ suspendedUntil: new Date(ends), suspendedReason: reason })
      .where(eq(communityMembers.id, member.id))
      .run();
    // Same connection, so inside the transaction: a rollback keeps the sessions too.
    if (member.contactId !== null) deleteSessionsOfContact(member.contactId);
    audit({ actorUserId: actor.id, action: "community.member_suspended", entity: "community_member", entityId: member.id, ip, detail: { until, reason } }, tx);
    return { until: new Date(ends) };
  });
}

/** Lifts a suspension before its end. */
export function unsuspendMember(actor: StaffUser, input: { memberId: number }, ip?: string, now = Date.now()) {
  assertCan({ user: actor }, "moderate:community:any");
  const parsed = MemberIdForm.safeParse(input);
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  return transaction((tx) => {
    const member = loadMember(tx, parsed.data.memberId);
    if (!member.suspendedUntil || member.suspendedUntil.getTime() <= now) return { changed: false };
    tx.update(communityMembers).set({ suspendedUntil: null, suspendedReason: null }).where(eq(communityMembers.id, member.id)).run();
    audit({ actorUserId: actor.id, action: "community.member_unsuspended", entity: "community_member", entityId: member.id, ip }, tx);
    return { changed: true };
  });
}
