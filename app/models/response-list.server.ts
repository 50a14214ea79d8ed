import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { categoryFor, type Category, type CategoryThresholds } from "../domain/nps";
import { stakeKey } from "../domain/money";
import type { Segment } from "../domain/segments";
import { db } from "../utils/db.server";
import { ACCOUNT_RENEWAL_KEY, ACCOUNT_STAKE_KEY } from "./exchange-rate.server";

/*
 * The console's response lists, paged by keyset: every page starts right after the last row of
 * the previous one, so a deep page costs what the first one does and rows never repeat or go
 * missing across page boundaries. The sort keys end in the response id, so they are unique.
 */

export const RESPONSE_SORTS = ["stake", "newest", "score"] as const;
export type ResponseSort = (typeof RESPONSE_SORTS)[number];

/** Renewal dates sort nearest first with the accounts that have none last. */
export const NO_RENEWAL = "9999-12-31";

/** Where a page starts: the sort key of the last row of the previous page. */
export type ResponseListKey =
  | { sort: "stake"; stake: number; renewalKey: string; accountId: number; createdAt: number; id: number }
  | { sort: "newest"; updatedAt: number; id: number }
  | { sort: "score"; score: number; updatedAt: number; id: number };

export type ResponseListFilters = {
  category: Category | null;
  /** An FTS5 MATCH expression over comments (see `searchMatchQuery`). */
  match: string | null;
  segment: Segment | null;
  csmUserId: number | null;
  campaignId: number | null;
  /** Answered at or after (ms since the epoch, inclusive): the start of `fromDay` in the team's zone. */
  fromMs: number | null;
  /** Answered before (ms since the epoch, exclusive): the end of `toDay` in the team's zone. */
  toMs: number | null;
  /** The same bounds as the team's days (`YYYY-MM-DD`, inclusive), for the daily counts. */
  fromDay: string | null;
  toDay: string | null;
};

export type ResponseListRow = {
  id: number;
  score: number;
  category: Category;
  comment: string | null;
  createdAt: number;
  updatedAt: number;
  contactId: number;
  contactName: string | null;
  contactEmail: string;
  accountId: number;
  accountName: string;
  acvAmount: number;
  acvCurrency: string;
  /** ACV in the reporting currency's minor units; null when its currency has no rate in force. */
  acvReportingMinor: number | null;
  segment: Segment;
  renewalDate: string | null;
  /** The same contact's latest earlier answer, if any. */
  previousScore: number | null;
};

type RawRow = {
  id: number;
  score: number;
  category: Category;
  comment: string | null;
  created_at: number;
  updated_at: number;
  contact_id: number;
  contact_name: string | null;
  contact_email: string;
  account_id: number;
  account_name: string;
  acv_amount: number;
  acv_currency: string;
  acv_reporting_minor: number | null;
  segment: Segment;
  renewal_date: string | null;
  previous_score: number | null;
};

const RENEWAL_KEY = sql.raw(ACCOUNT_RENEWAL_KEY);
const STAKE_KEY = sql.raw(ACCOUNT_STAKE_KEY);

/** Conditions on the account, its columns qualified with `alias` when given. */
function accountConditions(filters: Pick<ResponseListFilters, "segment" | "csmUserId">, alias = ""): SQL[] {
  const column = (name: string) => sql.raw(alias ? `${alias}.${name}` : name);
  const clauses: SQL[] = [];
  if (filters.segment) clauses.push(sql`${column("segment")} = ${filters.segment}`);
  if (filters.csmUserId !== null) clauses.push(sql`${column("csm_user_id")} = ${filters.csmUserId}`);
  return clauses;
}

function responseConditions(filters: ResponseListFilters): SQL[] {
  const clauses: SQL[] = [];
  if (filters.category) clauses.push(sql`r.category = ${filters.category}`);
  if (filters.campaignId !== null) clauses.push(sql`r.campaign_id = ${filters.campaignId}`);
  if (filters.fromMs !== null) clauses.push(sql`r.created_at >= ${filters.fromMs}`);
  if (filters.toMs !== null) clauses.push(sql`r.created_at < ${filters.toMs}`);
  if (filters.match) clauses.push(sql`r.id IN (SELECT rowid FROM responses_fts WHERE responses_fts MATCH ${filters.match})`);
  return clauses;
}

const where = (clauses: SQL[]) => (clauses.length ? sql`WHERE ${sql.join(clauses, sql` AND `)}` : sql``);

const ROW_COLUMNS = sql`
  r.id, r.score, r.category, r.comment, r.created_at, r.updated_at,
  c.id AS contact_id, c.name AS contact_name, c.email AS contact_email,
  a.id AS account_id, a.name AS account_name, a.acv_amount, a.acv_currency, a.acv_reporting_minor, a.segment, a.renewal_date,
  (SELECT p.score FROM responses p WHERE p.contact_id = r.contact_id AND (p.created_at, p.id) < (r.created_at, r.id)
   ORDER BY p.created_at DESC, p.id DESC LIMIT 1) AS previous_score`;

/**
 * Money at stake first: ACV in the reporting currency high to low (accounts whose currency has
 * no rate after all the others), renewal nearest first, then each account's responses newest
 * first. With no narrow filter the accounts are walked in that order on `accounts_stake_idx`
 * (the same expressions) and each one's responses are read through `responses_account_idx`, so
 * the ORDER BY needs no sort and a page stops after about as many responses as it shows. The
 * segment and CSM filters are written `+column` so the planner keeps walking the stake index,
 * skipping other accounts, rather than picking their own index and sorting every match. A search
 * or a campaign narrows the responses far more than accounts do, so then the matches are read
 * first and sorted.
 */
function stakePage(filters: ResponseListFilters, after: Extract<ResponseListKey, { sort: "stake" }> | null, limit: number, conn: Db, expectedMatches?: number) {
  const responseWhere = responseConditions(filters);
  const narrow = filters.match !== null || filters.campaignId !== null;
  if (filters.match !== null && filters.campaignId === null && expectedMatches !== undefined) {
    const found = stakeSearchByWalk(filters, after, limit, conn, expectedMatches);
    if (found) return found;
  }
  if (narrow) {
    if (after) {
      // Mixed directions become one ascending row value by negating the descending terms.
      responseWhere.push(
        sql`(-a.stake, a.renewal_key, a.id, -r.created_at, -r.id) > (${-after.stake}, ${after.renewalKey}, ${after.accountId}, ${-after.createdAt}, ${-after.id})`,
      );
    }
    // The matches are sorted on their keys alone and only the page's rows get their contact and
    // previous score: SQLite computes every result column before it sorts, so selecting them
    // with the sort cost a contact lookup and a previous-answer probe per match (thousands).
    const order = sql`ORDER BY a.stake DESC, a.renewal_key, a.id, r.created_at DESC, r.id DESC`;
    return conn.all<RawRow>(sql`
      SELECT ${ROW_COLUMNS}
      FROM responses r
      JOIN (SELECT id, name, acv_amount, acv_currency, acv_reporting_minor, ${STAKE_KEY} AS stake, segment, renewal_date, ${RENEWAL_KEY} AS renewal_key FROM accounts) a ON a.id = r.account_id
      JOIN contacts c ON c.id = r.contact_id
      WHERE r.id IN (
        SELECT r.id FROM responses r
        JOIN (SELECT id, ${STAKE_KEY} AS stake, ${RENEWAL_KEY} AS renewal_key FROM accounts ${where(accountConditions(filters))}) a ON a.id = r.account_id
        ${where(responseWhere)}
        ${order}
        LIMIT ${limit})
      ${order}`);
  }
  const stake = sql.raw(`ifnull(a.acv_reporting_minor, -1)`);
  const renewal = sql.raw(`coalesce(a.renewal_date, '${NO_RENEWAL}')`);
  const clauses = [...accountConditions(filters, "+a"), ...responseWhere];
  if (after) {
    // The leading bound lets the index skip to the page; the row value orders within a stake.
    clauses.push(
      sql`${stake} <= ${after.stake}`,
      sql`(-${stake}, ${renewal}, a.id, -r.created_at, -r.id) > (${-after.stake}, ${after.renewalKey}, ${after.accountId}, ${-after.createdAt}, ${-after.id})`,
    );
  }
  return conn.all<RawRow>(sql`
    SELECT ${ROW_COLUMNS}
    FROM accounts a INDEXED BY accounts_stake_idx
    CROSS JOIN responses r ON r.account_id = a.id
    JOIN contacts c ON c.id = r.contact_id
    ${where(clauses)}
    ORDER BY ${stake} DESC, ${renewal}, a.id, r.created_at DESC, r.id DESC
    LIMIT ${limit}`);
}

/** At most how many responses, in stake order, a search reads before it gives up on finding its page that way. */
export const SEARCH_WALK_LIMIT = 100_000;

/**
 * A search page in stake order read the way the unfiltered list is: responses in stake order,
 * off `accounts_stake_idx` and the covering `responses_account_idx` (no response row read), each
 * probed against the search's matches, until a page of matches is found; only a walked match's
 * category is read from its row. Sorting every match instead means reading each one's response
 * and account (~13,000 random reads for a common word on the large seed, tens of ms), while a
 * common word fills a page within a few thousand responses. The walk is bounded (ten times the
 * responses a page should take at the expected density, at most `SEARCH_WALK_LIMIT`); when it
 * ends short of a page (a rare word, a narrow tab, the last page, matches bunched in small
 * accounts) the caller sorts the matches, as before. Tried only when the expected matches (the
 * tab's count, possibly a minute old: it only steers the choice) make a page likely within a
 * tenth of the bound.
 */
export function stakeSearchByWalk(
  filters: ResponseListFilters,
  after: Extract<ResponseListKey, { sort: "stake" }> | null,
  limit: number,
  conn: Db,
  expectedMatches: number,
): RawRow[] | null {
  const total = conn.get<{ n: number | null }>(sql`SELECT max(id) AS n FROM responses`)?.n ?? 0;
  const expectedWalk = expectedMatches > 0 ? Math.ceil((limit * total) / expectedMatches) : Infinity;
  if (expectedWalk * 10 > SEARCH_WALK_LIMIT) return null;
  const stake = sql.raw(`ifnull(a.acv_reporting_minor, -1)`);
  const renewal = sql.raw(`coalesce(a.renewal_date, '${NO_RENEWAL}')`);
  const walkWhere = [...accountConditions(filters, "+a")];
  if (filters.fromMs !== null) walkWhere.push(sql`r.created_at >= ${filters.fromMs}`);
  if (filters.toMs !== null) walkWhere.push(sql`r.created_at < ${filters.toMs}`);
  if (after) {
    walkWhere.push(
      sql`${stake} <= ${after.stake}`,
      sql`(-${stake}, ${renewal}, a.id, -r.created_at, -r.id) > (${-after.stake}, ${after.renewalKey}, ${after.accountId}, ${-after.createdAt}, ${-after.id})`,
    );
  }
  // CASE keeps the order of the tests: the category (the one column off the index) is read only for a match.
  const category = filters.category ? sql`(SELECT x.category FROM responses x WHERE x.id = w.id) = ${filters.category}` : sql`1`;
  // The walk's rows come out in its order (its ORDER BY is the index's, so no sort), and the outer
  // query only filters them: it stops at the page's last match instead of reading the whole walk.
  const found = conn.all<{ id: number; stake: number; renewal_key: string; account_id: number; created_at: number }>(
    sql`SELECT id, stake, renewal_key, account_id, created_at FROM (
        SELECT r.id, ${stake} AS stake, ${renewal} AS renewal_key, a.id AS account_id, r.created_at
        FROM accounts a INDEXED BY accounts_stake_idx
        CROSS JOIN responses r ON r.account_id = a.id
        ${where(walkWhere)}
        ORDER BY ${stake} DESC, ${renewal}, a.id, r.created_at DESC, r.id DESC
        LIMIT ${Math.min(SEARCH_WALK_LIMIT, expectedWalk * 10)}) w
      WHERE CASE WHEN w.id IN (SELECT rowid FROM responses_fts WHERE responses_fts MATCH ${filters.match}) THEN ${category} ELSE 0 END
      LIMIT ${limit}`,
  );
  if (found.length < limit || !inStakeOrder(found)) return null;
  const ids = found.map((row) => row.id);
  return conn.all<RawRow>(sql`
    SELECT ${ROW_COLUMNS}
    FROM responses r
    JOIN accounts a ON a.id = r.account_id
    JOIN contacts c ON c.id = r.contact_id
    WHERE r.id IN (${sql.join(ids, sql`, `)})
    ORDER BY ${stake} DESC, ${renewal}, a.id, r.created_at DESC, r.id DESC`);
}

/** Whether walked rows came out strictly in stake order (SQLite keeps a subquery's order when the outer query only filters it; checked, not assumed). */
function inStakeOrder(rows: { id: number; stake: number; renewal_key: string; account_id: number; created_at: number }[]): boolean {
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1];
    const b = rows[i];
    const order =
      a.stake - b.stake ||
      (a.renewal_key < b.renewal_key ? 1 : a.renewal_key > b.renewal_key ? -1 : 0) ||
      b.account_id - a.account_id ||
      a.created_at - b.created_at ||
      a.id - b.id;
    // Positive when b comes after a: stake high to low, renewal nearest first, account, then newest first.
    if (order <= 0) return false;
  }
  return true;
}

/** Responses joined to their account and contact, matching the filters and `after`, in `orderBy`. */
function joinedPage(filters: ResponseListFilters, after: SQL[], orderBy: SQL, limit: number, conn: Db) {
  const clauses = [...responseConditions(filters), ...accountConditions(filters, "a"), ...after];
  if (filters.match) {
    // A search's matches are read in no useful order and sorted: sort their keys alone, then
    // look up the page's contacts and previous scores (see `stakePage`).
    return conn.all<RawRow>(sql`
      SELECT ${ROW_COLUMNS}
      FROM responses r
      JOIN accounts a ON a.id = r.account_id
      JOIN contacts c ON c.id = r.contact_id
      WHERE r.id IN (SELECT r.id FROM responses r JOIN accounts a ON a.id = r.account_id ${where(clauses)} ORDER BY ${orderBy} LIMIT ${limit})
      ORDER BY ${orderBy}`);
  }
  return conn.all<RawRow>(sql`
    SELECT ${ROW_COLUMNS}
    FROM responses r
    JOIN accounts a ON a.id = r.account_id
    JOIN contacts c ON c.id = r.contact_id
    ${where(clauses)}
    ORDER BY ${orderBy}
    LIMIT ${limit}`);
}

/** Latest answer first, by when it was last answered: `responses_category_idx` or `responses_updated_idx` serve it. */
function newestPage(filters: ResponseListFilters, after: Extract<ResponseListKey, { sort: "newest" }> | null, limit: number, conn: Db) {
  const start = after ? [sql`(r.updated_at, r.id) < (${after.updatedAt}, ${after.id})`] : [];
  return joinedPage(filters, start, sql`r.updated_at DESC, r.id DESC`, limit, conn);
}

/** Lowest score first, then latest answer first. */
function scorePage(filters: ResponseListFilters, after: Extract<ResponseListKey, { sort: "score" }> | null, limit: number, conn: Db) {
  const start = after
    ? [
        // The leading bound lets an index on score skip to the page; the row value orders within a score.
        sql`r.score >= ${after.score}`,
        sql`(r.score, -r.updated_at, -r.id) > (${after.score}, ${-after.updatedAt}, ${-after.id})`,
      ]
    : [];
  return joinedPage(filters, start, sql`r.score, r.updated_at DESC, r.id DESC`, limit, conn);
}

function toRow(raw: RawRow): ResponseListRow {
  return {
    id: raw.id,
    score: raw.score,
    category: raw.category,
    comment: raw.comment,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    contactId: raw.contact_id,
    contactName: raw.contact_name,
    contactEmail: raw.contact_email,
    accountId: raw.account_id,
    accountName: raw.account_name,
    acvAmount: raw.acv_amount,
    acvCurrency: raw.acv_currency,
    acvReportingMinor: raw.acv_reporting_minor,
    segment: raw.segment,
    renewalDate: raw.renewal_date,
    previousScore: raw.previous_score,
  };
}

/** Up to `limit` responses in `sort` order, starting after `after` (from the first row when null). */
export function listResponsePage(
  filters: ResponseListFilters,
  sort: ResponseSort,
  after: ResponseListKey | null,
  limit: number,
  conn: Db = db,
  /** For a search, how many responses it is expected to list (its tab's count): lets a common word take the cheaper way (`stakeSearchByWalk`). */
  expectedMatches?: number,
): ResponseListRow[] {
  if (after && after.sort !== sort) throw new Error(`A ${after.sort} key cannot start a ${sort} page`);
  const rows =
    sort === "stake"
      ? stakePage(filters, after as Extract<ResponseListKey, { sort: "stake" }> | null, limit, conn, expectedMatches)
      : sort === "newest"
        ? newestPage(filters, after as Extract<ResponseListKey, { sort: "newest" }> | null, limit, conn)
        : scorePage(filters, after as Extract<ResponseListKey, { sort: "score" }> | null, limit, conn);
  return rows.map(toRow);
}

/** The key a page following `row` starts after. */
export function keyAfter(row: ResponseListRow, sort: ResponseSort): ResponseListKey {
  switch (sort) {
    case "stake":
      return {
        sort,
        stake: stakeKey(row.acvReportingMinor),
        renewalKey: row.renewalDate ?? NO_RENEWAL,
        accountId: row.accountId,
        createdAt: row.createdAt,
        id: row.id,
      };
    case "newest":
      return { sort, updatedAt: row.updatedAt, id: row.id };
    case "score":
      return { sort, score: row.score, updatedAt: row.updatedAt, id: row.id };
  }
}

/**
 * How many responses each category tab holds under the other filters. A search counts its
 * matches; with no filter each category is counted on `responses_category_idx` alone; other
 * filters read the dashboard's daily counts (`nps_daily`: by the account's segment and CSM when
 * counted and the team-zone day of the first answer, categorized by today's thresholds), which avoids
 * joining every response to its account.
 */
export function countResponsesByCategory(
  filters: Omit<ResponseListFilters, "category">,
  thresholds: CategoryThresholds,
  conn: Db = db,
): Record<Category, number> {
  const counts: Record<Category, number> = { promoter: 0, passive: 0, detractor: 0 };
  if (filters.match) {
    const clauses = [...responseConditions({ ...filters, category: null }), ...accountConditions(filters, "a")];
    const joinAccounts = filters.segment !== null || filters.csmUserId !== null;
    const rows = conn.all<{ category: Category; n: number }>(sql`
      SELECT r.category, count(*) AS n FROM responses r
      ${joinAccounts ? sql`JOIN accounts a ON a.id = r.account_id` : sql``}
      ${where(clauses)}
      GROUP BY r.category`);
    for (const row of rows) counts[row.category] = row.n;
    return counts;
  }
  const unfiltered = filters.segment === null && filters.csmUserId === null && filters.campaignId === null && filters.fromMs === null && filters.toMs === null;
  if (unfiltered) {
    for (const category of Object.keys(counts) as Category[]) {
      counts[category] = conn.get<{ n: number }>(sql`SELECT count(*) AS n FROM responses WHERE category = ${category}`)?.n ?? 0;
    }
    return counts;
  }
  const clauses: SQL[] = [];
  if (filters.segment) clauses.push(sql`segment = ${filters.segment}`);
  if (filters.csmUserId !== null) clauses.push(sql`csm_user_id = ${filters.csmUserId}`);
  if (filters.campaignId !== null) clauses.push(sql`campaign_id = ${filters.campaignId}`);
  if (filters.fromDay !== null) clauses.push(sql`day >= ${filters.fromDay}`);
  if (filters.toDay !== null) clauses.push(sql`day <= ${filters.toDay}`);
  const rows = conn.all<{ score: number; n: number }>(sql`SELECT score, sum(responses) AS n FROM nps_daily ${where(clauses)} GROUP BY score`);
  for (const row of rows) counts[categoryFor(row.score, thresholds)] += row.n;
  return counts;
}

/**
 * Changes whenever a response is added or answered again (both O(1) on their indexes), so
 * counts cached under it are current; a deletion alone does not change it.
 */
export function responsesVersion(conn: Db = db): string {
  const row = conn.get<{ id: number | null; at: number | null }>(
    sql`SELECT (SELECT max(id) FROM responses) AS id, (SELECT max(updated_at) FROM responses) AS at`,
  );
  return `${row?.id ?? 0}:${row?.at ?? 0}`;
}
