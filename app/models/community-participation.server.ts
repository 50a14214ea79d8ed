import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { activeSince } from "../domain/community-participation";
import { db } from "../utils/db.server";

/*
 * Participation per account and per contact. The account's totals are one row of
 * `account_community_stats` (kept by triggers); the active counts walk the account's contacts
 * (`contacts_account_idx`) to their member rows (`community_members_contact_idx`), so an
 * account costs what it holds.
 */

export type AccountStatsRow = {
  members: number;
  topics: number;
  replies: number;
  acceptedAnswers: number;
  likesReceived: number;
  lastActivityAt: number | null;
  active30: number;
  active90: number;
};

export function accountCommunityStats(accountId: number, nowMs: number, conn: Db = db): AccountStatsRow | undefined {
  const { since30, since90 } = activeSince(nowMs);
  return conn.get<AccountStatsRow | undefined>(sql`
    SELECT s.members, s.topics, s.replies, s.accepted_answers AS acceptedAnswers, s.likes_received AS likesReceived,
      s.last_activity_at AS lastActivityAt,
      (SELECT count(*) FROM contacts c JOIN community_members m ON m.contact_id = c.id
        WHERE c.account_id = s.account_id AND m.last_posted_at >= ${since30}) AS active30,
      (SELECT count(*) FROM contacts c JOIN community_members m ON m.contact_id = c.id
        WHERE c.account_id = s.account_id AND m.last_posted_at >= ${since90}) AS active90
    FROM account_community_stats s WHERE s.account_id = ${accountId}`);
}

export type ContactMemberRow = {
  contactId: number;
  handle: string;
  trustLevel: string;
  topicCount: number;
  replyCount: number;
  acceptedAnswerCount: number;
  likesReceived: number;
  lastPostedAt: number | null;
};

const memberColumns = sql`m.contact_id AS contactId, m.handle, m.trust_level AS trustLevel, m.topic_count AS topicCount, m.reply_count AS replyCount,
  m.accepted_answer_count AS acceptedAnswerCount, m.likes_received AS likesReceived, m.last_posted_at AS lastPostedAt`;

/** The member rows of an account's contacts (contacts who never took part have none). */
export function contactMembersOfAccount(accountId: number, conn: Db = db): ContactMemberRow[] {
  return conn.all<ContactMemberRow>(sql`
    SELECT ${memberColumns} FROM contacts c JOIN community_members m ON m.contact_id = c.id WHERE c.account_id = ${accountId}`);
}

export function contactMember(contactId: number, conn: Db = db): ContactMemberRow | undefined {
  return conn.get<ContactMemberRow | undefined>(sql`SELECT ${memberColumns} FROM community_members m WHERE m.contact_id = ${contactId}`);
}

/** The member rows of some contacts (a page of the contact list). */
export function contactMembersOf(contactIds: readonly number[], conn: Db = db): ContactMemberRow[] {
  if (contactIds.length === 0) return [];
  return conn.all<ContactMemberRow>(sql`
    SELECT ${memberColumns} FROM community_members m WHERE m.contact_id IN (${sql.join(
      contactIds.map((id) => sql`${id}`),
      sql`, `,
    )})`);
}
