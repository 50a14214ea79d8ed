import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, communityMembers, contacts, users } from "../../db/schema";
import type { Segment } from "../domain/segments";
import { db } from "../utils/db.server";

/** The segment of a contact's account: restricted categories are open to some segments only. */
export function findAccountSegment(accountId: number, conn: Db = db): Segment | null {
  return conn.select({ segment: accounts.segment }).from(accounts).where(eq(accounts.id, accountId)).get()?.segment ?? null;
}

/** A member's public profile: who they are, their company (when they show it), since when their company is a customer, their counts. */
export function findMemberProfile(handle: string, conn: Db = db) {
  return conn
    .select({
      id: communityMembers.id,
      handle: communityMembers.handle,
      displayName: communityMembers.displayName,
      title: communityMembers.title,
      showCompany: communityMembers.showCompany,
      contactId: communityMembers.contactId,
      userId: communityMembers.userId,
      companyName: accounts.name,
      customerSince: accounts.startDate,
      locale: contacts.locale,
      staffLocale: users.locale,
      topicCount: communityMembers.topicCount,
      replyCount: communityMembers.replyCount,
      acceptedAnswerCount: communityMembers.acceptedAnswerCount,
      likesReceived: communityMembers.likesReceived,
      likesGiven: communityMembers.likesGiven,
      lastPostedAt: communityMembers.lastPostedAt,
      createdAt: communityMembers.createdAt,
      suspendedUntil: communityMembers.suspendedUntil,
    })
    .from(communityMembers)
    .leftJoin(contacts, eq(contacts.id, communityMembers.contactId))
    .leftJoin(accounts, eq(accounts.id, contacts.accountId))
    .leftJoin(users, eq(users.id, communityMembers.userId))
    .where(sql`lower(${communityMembers.handle}) = ${handle.toLowerCase()}`)
    .get();
}

export type MemberProfile = NonNullable<ReturnType<typeof findMemberProfile>>;
