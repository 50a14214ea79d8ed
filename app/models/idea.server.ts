import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { IdeaImportance, IdeaOffer, IdeaStatus } from "../../db/schema";
import { TRENDING_DAYS, type IdeaSort } from "../domain/ideas";
import { db } from "../utils/db.server";

/*
 * Ideas' named queries. The boards read the counters the migration's triggers keep on `ideas`
 * through its partial indexes (`listed = 1` is written literally so the planner can use them);
 * pages continue with a cursor on the sort key, so a deep page costs what the first does.
 */

export type IdeaRow = {
  id: number;
  categoryId: number;
  status: IdeaStatus;
  problem: string;
  offer: IdeaOffer;
  trackerUrl: string | null;
  ownerUserId: number | null;
  ownerName: string | null;
  areas: string[];
  listed: boolean;
  votes: number;
  accounts: number;
  arrMinor: number;
  high: number;
  low: number;
  tech: number;
  createdAt: number;
  updatedAt: number;
};

const IDEA_COLUMNS = sql`i.topic_id AS id, i.category_id AS categoryId, i.status AS status, i.problem AS problem, i.offer AS offer,
  i.tracker_url AS trackerUrl, i.owner_user_id AS ownerUserId, (SELECT name FROM users u WHERE u.id = i.owner_user_id) AS ownerName,
  i.areas AS areas, i.listed AS listed, i.vote_count AS votes, i.account_count AS accounts, i.arr_minor AS arrMinor,
  i.high_count AS high, i.low_count AS low, i.tech_count AS tech, i.created_at AS createdAt, i.updated_at AS updatedAt`;

type RawIdea = Omit<IdeaRow, "areas" | "listed"> & { areas: string; listed: number };
const toIdea = (row: RawIdea): IdeaRow => ({ ...row, areas: JSON.parse(row.areas) as string[], listed: row.listed === 1 });

const inList = (column: SQL, values: readonly number[]) =>
  values.length === 0
    ? sql`0`
    : sql`${column} IN (${sql.join(
        values.map((value) => sql`${value}`),
        sql`, `,
      )})`;

export function findIdea(topicId: number, conn: Db = db): IdeaRow | null {
  const row = conn.get<RawIdea | undefined>(sql`SELECT ${IDEA_COLUMNS} FROM ideas i WHERE i.topic_id = ${topicId}`);
  return row ? toIdea(row) : null;
}

export type BoardRow = IdeaRow & { title: string; slug: string; replies: number; authorName: string; recentVotes?: number };

/** Where a page of the board continues: the last row's sort key and id. */
export type BoardCursor = { key: number; id: number };

export type BoardQuery = {
  sort: IdeaSort;
  statuses?: readonly IdeaStatus[] | null;
  /** Only ideas of these categories (the ones the reader may see); all when absent. */
  categoryIds?: readonly number[] | null;
  /** Only ideas asked for by at least one account of this segment. */
  segment?: "high" | "low" | "tech" | null;
  area?: string | null;
  after?: BoardCursor | null;
  limit: number;
  now?: number;
};

const BOARD_COLUMNS = sql`${IDEA_COLUMNS}, t.title AS title, t.slug AS slug, t.reply_count AS replies, m.display_name AS authorName`;

/**
 * One page of listed ideas in the board's order: ARR asking, votes or newest read an index in
 * order (ties on the key go newest first); trending counts the votes of the last TRENDING_DAYS.
 */
export function listBoard(query: BoardQuery, conn: Db = db): BoardRow[] {
  const filters: SQL[] = [sql`i.listed = 1`];
  if (query.statuses?.length)
    filters.push(
      sql`i.status IN (${sql.join(
        query.statuses.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  if (query.categoryIds) filters.push(inList(sql`i.category_id`, query.categoryIds));
  if (query.segment) filters.push(sql.raw(`i.${query.segment}_count > 0`));
  if (query.area) filters.push(sql`EXISTS (SELECT 1 FROM json_each(i.areas) WHERE value = ${query.area})`);
  const from = sql`FROM ideas i JOIN community_topics t ON t.id = i.topic_id JOIN community_members m ON m.id = t.author_id`;
  if (query.sort === "trending") {
    const since = (query.now ?? Date.now()) - TRENDING_DAYS * 86_400_000;
    // An offset page (trending is a short list that changes by the hour). The order is found on the
    // ideas' own columns and the recent votes alone (from idea_vote_days: a few rows per idea, not
    // every recent vote grouped on each request); the page's
    // titles and authors are joined for its rows only, not sorted along for every idea (decision 051).
    const offset = query.after?.id ?? 0;
    const where = sql.join(filters, sql` AND `);
    // Votes by UTC day, kept by triggers: the window starts at the start of the day 14 days ago.
    const recent = sql`recent AS (SELECT idea_id, sum(votes) AS n FROM idea_vote_days WHERE day >= ${Math.floor(since / 86_400_000)} GROUP BY idea_id)`;
    // First the ideas with recent votes (a few hundred: sorted whole), then, if the page reaches past
    // them, the others in the votes index's order, so no page sorts every idea.
    const voted = conn.all<{ id: number; recentVotes: number }>(sql`
      WITH ${recent}
      SELECT i.topic_id AS id, r.n AS recentVotes FROM recent r JOIN ideas i ON i.topic_id = r.idea_id
      WHERE ${where} ORDER BY r.n DESC, i.vote_count DESC, i.topic_id DESC`);
    const ranked = voted.slice(offset, offset + query.limit);
    if (ranked.length < query.limit) {
      const rest = conn.all<{ id: number; recentVotes: number }>(sql`
        WITH ${recent}
        SELECT i.topic_id AS id, 0 AS recentVotes FROM ideas i
        WHERE ${where} AND i.topic_id NOT IN (SELECT idea_id FROM recent)
        ORDER BY i.vote_count DESC, i.topic_id DESC LIMIT ${query.limit - ranked.length} OFFSET ${Math.max(0, offset - voted.length)}`);
      ranked.push(...rest);
    }
    if (ranked.length === 0) return [];
    const rows = new Map(
      conn
        .all<RawIdea & { title: string; slug: string; replies: number; authorName: string }>(
          sql`SELECT ${BOARD_COLUMNS} ${from} WHERE ${inList(
            sql`i.topic_id`,
            ranked.map((row) => row.id),
          )}`,
        )
        .map((row) => [row.id, row]),
    );
    return ranked.flatMap(({ id, recentVotes }) => {
      const row = rows.get(id);
      return row ? [{ ...toIdea(row), title: row.title, slug: row.slug, replies: row.replies, authorName: row.authorName, recentVotes }] : [];
    });
  }
  const key = query.sort === "arr" ? sql`i.arr_minor` : query.sort === "votes" ? sql`i.vote_count` : null;
  if (query.after) {
    filters.push(key ? sql`(${key}, i.topic_id) < (${query.after.key}, ${query.after.id})` : sql`i.topic_id < ${query.after.id}`);
  }
  const order = key ? sql`${key} DESC, i.topic_id DESC` : sql`i.topic_id DESC`;
  const rows = conn.all<RawIdea & { title: string; slug: string; replies: number; authorName: string }>(
    sql`SELECT ${BOARD_COLUMNS} ${from} WHERE ${sql.join(filters, sql` AND `)} ORDER BY ${order} LIMIT ${query.limit}`,
  );
  return rows.map((row) => ({ ...toIdea(row), title: row.title, slug: row.slug, replies: row.replies, authorName: row.authorName }));
}

/** The cursor after a row in an order (trending continues by offset). */
export function cursorAfter(sort: IdeaSort, row: BoardRow, offset: number): BoardCursor {
  if (sort === "trending") return { key: 0, id: offset };
  return { key: sort === "arr" ? row.arrMinor : sort === "votes" ? row.votes : row.id, id: row.id };
}

/** Whether this member voted for the idea. */
export function hasVoted(ideaId: number, memberId: number | null, conn: Db = db): boolean {
  if (memberId === null) return false;
  return conn.get<{ one: number } | undefined>(sql`SELECT 1 AS one FROM idea_votes WHERE idea_id = ${ideaId} AND member_id = ${memberId}`) !== undefined;
}

/** Of these ideas, those the member voted for (one query for a board page). */
export function votedAmong(ideaIds: readonly number[], memberId: number | null, conn: Db = db): Set<number> {
  if (memberId === null || ideaIds.length === 0) return new Set();
  return new Set(
    conn
      .all<{ id: number }>(
        sql`SELECT idea_id AS id FROM idea_votes WHERE member_id = ${memberId} AND idea_id IN (${sql.join(
          ideaIds.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      )
      .map((row) => row.id),
  );
}

export type StatusChangeRow = { id: number; fromStatus: IdeaStatus; status: IdeaStatus; note: string; byName: string | null; createdAt: number };

export function listStatusChanges(ideaId: number, conn: Db = db): StatusChangeRow[] {
  return conn.all<StatusChangeRow>(sql`
    SELECT c.id, c.from_status AS fromStatus, c.status, c.note, u.name AS byName, c.created_at AS createdAt
    FROM idea_status_changes c LEFT JOIN users u ON u.id = c.by_user_id WHERE c.idea_id = ${ideaId} ORDER BY c.id DESC`);
}

export type AskingAccountRow = {
  accountId: number;
  name: string;
  externalId: string;
  segment: "high" | "low" | "tech";
  acvReportingMinor: number | null;
  renewalDate: string | null;
  author: number;
  votes: number;
  requests: number;
};

/** The accounts behind an idea, most ARR first (staff only). */
/** The accounts behind an idea, the largest first: `limit` of them (a popular idea has thousands). */
export function listAskingAccounts(ideaId: number, limit: number, conn: Db = db): AskingAccountRow[] {
  return conn.all<AskingAccountRow>(sql`
    SELECT a.id AS accountId, a.name, a.external_id AS externalId, a.segment, a.acv_reporting_minor AS acvReportingMinor, a.renewal_date AS renewalDate,
           x.author, x.votes, x.requests
    FROM idea_accounts x JOIN accounts a ON a.id = x.account_id WHERE x.idea_id = ${ideaId}
    ORDER BY coalesce(a.acv_reporting_minor, -1) DESC, a.id
    LIMIT ${limit}`);
}

/** ARR of each idea's accounts renewing between two days (YYYY-MM-DD), for the rows a page shows. */
export function renewingArrOf(ideaIds: readonly number[], from: string, until: string, conn: Db = db): Map<number, number> {
  if (ideaIds.length === 0) return new Map();
  const rows = conn.all<{ id: number; arr: number }>(sql`
    SELECT x.idea_id AS id, sum(coalesce(a.acv_reporting_minor, 0)) AS arr FROM idea_accounts x JOIN accounts a ON a.id = x.account_id
    WHERE x.idea_id IN (${sql.join(
      ideaIds.map((id) => sql`${id}`),
      sql`, `,
    )}) AND a.renewal_date BETWEEN ${from} AND ${until} GROUP BY x.idea_id`);
  return new Map(rows.map((row) => [row.id, row.arr]));
}

export type RequestRow = {
  id: number;
  accountName: string;
  contactEmail: string | null;
  contactName: string | null;
  quote: string;
  importance: IdeaImportance;
  source: "console" | "api";
  loggedByName: string | null;
  createdAt: number;
};

/** How many requests staff and tools logged for an idea. */
export function countRequests(ideaId: number, conn: Db = db): number {
  return conn.get<{ n: number }>(sql`SELECT count(*) AS n FROM idea_requests WHERE idea_id = ${ideaId}`).n;
}

/** An idea's requests, the newest `limit` of them. */
export function listRequests(ideaId: number, limit: number, conn: Db = db): RequestRow[] {
  return conn.all<RequestRow>(sql`
    SELECT r.id, a.name AS accountName, c.email AS contactEmail, c.name AS contactName, r.quote, r.importance, r.source,
           u.name AS loggedByName, r.created_at AS createdAt
    FROM idea_requests r JOIN accounts a ON a.id = r.account_id LEFT JOIN contacts c ON c.id = r.contact_id LEFT JOIN users u ON u.id = r.logged_by_user_id
    WHERE r.idea_id = ${ideaId} ORDER BY r.id DESC LIMIT ${limit}`);
}

export type RecentRequestRow = RequestRow & { ideaId: number; ideaTitle: string };

/** The latest requests logged on behalf of accounts, across ideas (the console's "requests logged"). */
export function listRecentRequests(limit: number, conn: Db = db): RecentRequestRow[] {
  return conn.all<RecentRequestRow>(sql`
    SELECT r.id, r.idea_id AS ideaId, t.title AS ideaTitle, a.name AS accountName, c.email AS contactEmail, c.name AS contactName, r.quote,
           r.importance, r.source, u.name AS loggedByName, r.created_at AS createdAt
    FROM idea_requests r JOIN community_topics t ON t.id = r.idea_id JOIN accounts a ON a.id = r.account_id
    LEFT JOIN contacts c ON c.id = r.contact_id LEFT JOIN users u ON u.id = r.logged_by_user_id
    ORDER BY r.id DESC LIMIT ${limit}`);
}

/** NPS comments linked to an idea. */
export function listLinkedResponses(ideaId: number, conn: Db = db) {
  return conn.all<{ responseId: number; score: number; comment: string | null; accountName: string; createdAt: number }>(sql`
    SELECT r.id AS responseId, r.score, r.comment, a.name AS accountName, r.created_at AS createdAt
    FROM idea_response_links l JOIN responses r ON r.id = l.response_id JOIN accounts a ON a.id = r.account_id
    WHERE l.idea_id = ${ideaId} ORDER BY r.id DESC LIMIT 50`);
}

/** The ideas an NPS response is linked to. */
export function listIdeasOfResponse(responseId: number, conn: Db = db) {
  return conn.all<{ id: number; title: string; slug: string; status: IdeaStatus }>(sql`
    SELECT i.topic_id AS id, t.title, t.slug, i.status FROM idea_response_links l JOIN ideas i ON i.topic_id = l.idea_id
    JOIN community_topics t ON t.id = i.topic_id WHERE l.response_id = ${responseId} ORDER BY l.created_at`);
}

/** Status changes into the given statuses, newest first (roadmap's "recently", changelog). */
export function listChangesInto(statuses: readonly IdeaStatus[], categoryIds: readonly number[], limit: number, before: number | null, conn: Db = db) {
  return conn.all<{ id: number; ideaId: number; title: string; slug: string; note: string; status: IdeaStatus; createdAt: number }>(sql`
    SELECT c.id, c.idea_id AS ideaId, t.title, t.slug, c.note, c.status, c.created_at AS createdAt
    FROM idea_status_changes c JOIN ideas i ON i.topic_id = c.idea_id JOIN community_topics t ON t.id = c.idea_id
    WHERE c.status IN (${sql.join(
      statuses.map((s) => sql`${s}`),
      sql`, `,
    )}) AND i.listed = 1 AND i.status = c.status AND ${inList(sql`i.category_id`, categoryIds)} ${before ? sql`AND c.id < ${before}` : sql``}
    ORDER BY c.id DESC LIMIT ${limit}`);
}

/** The members to tell of an idea's status change: its voters and the requesters who are members, and its author. */
export function followersOf(ideaId: number, conn: Db = db): number[] {
  return conn
    .all<{ id: number }>(
      sql`SELECT member_id AS id FROM idea_votes WHERE idea_id = ${ideaId}
          UNION SELECT m.id FROM idea_requests r JOIN community_members m ON m.contact_id = r.contact_id WHERE r.idea_id = ${ideaId}
          UNION SELECT author_id FROM community_topics WHERE id = ${ideaId}
          ORDER BY 1`,
    )
    .map((row) => row.id);
}
