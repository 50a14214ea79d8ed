import { sql, type SQL } from "drizzle-orm";
import type { TrustLevel } from "../../db/schema/community";
import { DAY_MS, lastSeenFilter, type MemberListParams, type MemberSort } from "../domain/community-console";
import type { Segment } from "../domain/segments";
import { db } from "../utils/db.server";

/*
 * The console's members list: every community member (customers with their account, staff
 * marked as the team), filtered by account, segment, trust level and last visit, sorted and paged.
 */

export type MemberRow = {
  id: number;
  handle: string;
  displayName: string;
  email: string | null;
  isStaff: number;
  accountId: number | null;
  accountName: string | null;
  segment: Segment | null;
  trustLevel: TrustLevel;
  topicCount: number;
  replyCount: number;
  acceptedAnswerCount: number;
  likesReceived: number;
  lastPostedAt: number | null;
  lastSeenAt: number | null;
  suspendedUntil: number | null;
};

const ORDER: Record<MemberSort, SQL> = {
  name: sql`m.display_name COLLATE NOCASE`,
  topics: sql`m.topic_count`,
  replies: sql`m.reply_count`,
  accepted: sql`m.accepted_answer_count`,
  likes: sql`m.likes_received`,
  lastPosted: sql`coalesce(m.last_posted_at, 0)`,
  lastSeen: sql`coalesce(m.last_seen_at, 0)`,
};

export function listCommunityMembers(params: Omit<MemberListParams, "dir"> & { dir: "asc" | "desc"; pageSize: number; now?: number }): {
  rows: MemberRow[];
  total: number;
} {
  const now = params.now ?? Date.now();
  // Filters on the member alone, and those that need the member's account.
  const own: SQL[] = [];
  const byAccount: SQL[] = [];
  if (params.account) {
    const like = `%${params.account.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    byAccount.push(sql`(a.external_id = ${params.account} OR a.name LIKE ${like} ESCAPE '\\')`);
  }
  if (params.segment === "staff") own.push(sql`m.user_id IS NOT NULL`);
  else if (params.segment) byAccount.push(sql`a.segment = ${params.segment}`);
  if (params.trust) own.push(sql`m.trust_level = ${params.trust}`);
  if (params.seen) {
    const { within, days } = lastSeenFilter(params.seen);
    const since = now - days * DAY_MS;
    own.push(within ? sql`m.last_seen_at >= ${since}` : sql`(m.last_seen_at IS NULL OR m.last_seen_at < ${since})`);
  }
  const whereOf = (conditions: SQL[]) => (conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``);
  const joins = sql`
    LEFT JOIN contacts ct ON ct.id = m.contact_id
    LEFT JOIN accounts a ON a.id = ct.account_id
    LEFT JOIN users u ON u.id = m.user_id`;
  const dir = params.dir === "asc" ? sql`ASC` : sql`DESC`;
  const order = sql`ORDER BY ${ORDER[params.sort]} ${dir}, m.id ${dir}`;
  const window = sql`LIMIT ${params.pageSize} OFFSET ${(params.page - 1) * params.pageSize}`;
  // Without an account filter the page is chosen from the members alone and only its rows are
  // joined: joining 50,000 members to their contacts and accounts before sorting took 300 ms.
  const page = byAccount.length
    ? sql`SELECT m.id FROM community_members m ${joins} ${whereOf([...own, ...byAccount])} ${order} ${window}`
    : sql`SELECT m.id FROM community_members m ${whereOf(own)} ${order} ${window}`;
  const rows = db.all<MemberRow>(sql`
    SELECT m.id, m.handle, m.display_name AS displayName, coalesce(ct.email, u.email) AS email, (m.user_id IS NOT NULL) AS isStaff,
      a.id AS accountId, a.name AS accountName, a.segment, m.trust_level AS trustLevel, m.topic_count AS topicCount,
      m.reply_count AS replyCount, m.accepted_answer_count AS acceptedAnswerCount, m.likes_received AS likesReceived,
      m.last_posted_at AS lastPostedAt, m.last_seen_at AS lastSeenAt, m.suspended_until AS suspendedUntil
    FROM (${page}) page JOIN community_members m ON m.id = page.id ${joins}
    ${order}`);
  const total = byAccount.length
    ? db.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_members m ${joins} ${whereOf([...own, ...byAccount])}`).n
    : db.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_members m ${whereOf(own)}`).n;
  return { rows, total };
}
