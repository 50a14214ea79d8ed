import { contactParticipationOf, NO_PARTICIPATION, type CommunityParticipation, type ContactCommunityParticipation } from "../domain/community-participation";
import { accountCommunityStats, contactMember, contactMembersOf, contactMembersOfAccount } from "../models/community-participation.server";

/**
 * The community's inputs to the account's scores and pages. Reads aggregates only: the account
 * row kept by triggers and the member rows' counters, never a recount of posts.
 */
export function communityParticipation(accountId: number, now = new Date()): CommunityParticipation {
  const row = accountCommunityStats(accountId, now.getTime());
  if (!row) return NO_PARTICIPATION(accountId);
  return { accountId, ...row };
}

/** One contact's participation (`member: false` when they never took part). */
export function contactCommunityParticipation(contactId: number, now = new Date()): ContactCommunityParticipation {
  return contactParticipationOf(contactId, contactMember(contactId) ?? null, now.getTime());
}

/** The participation of every contact of an account that took part, by contact id. */
export function accountContactsParticipation(accountId: number, now = new Date()): Map<number, ContactCommunityParticipation> {
  const nowMs = now.getTime();
  return new Map(contactMembersOfAccount(accountId).map((row) => [row.contactId, contactParticipationOf(row.contactId, row, nowMs)]));
}

/** The participation of some contacts (a page of a list), by contact id; those who never took part are left out. */
export function contactsParticipation(contactIds: readonly number[], now = new Date()): Map<number, ContactCommunityParticipation> {
  const nowMs = now.getTime();
  return new Map(contactMembersOf(contactIds).map((row) => [row.contactId, contactParticipationOf(row.contactId, row, nowMs)]));
}
