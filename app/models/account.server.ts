import { and, asc, count, desc, eq, isNull, ne, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, contacts, users } from "../../db/schema";
import type { AccountSort } from "../domain/account-list";
import type { AccountStage } from "../domain/account-rows";
import type { Segment, SegmentThresholds } from "../domain/segments";
import { db } from "../utils/db.server";

/** `%`, `_` and `\` in a search are literal characters, not wildcards. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function likeEscaped(column: SQLWrapper, pattern: string): SQL {
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

export type AccountListQuery = {
  q?: string;
  segment?: Segment;
  stage?: AccountStage;
  /** A staff user's id, or "none" for accounts without a CSM. */
  csm?: number | "none";
  currency?: string;
  sort: AccountSort;
  dir: "asc" | "desc";
  page: number;
  pageSize: number;
};

function accountFilters(query: Omit<AccountListQuery, "sort" | "dir" | "page" | "pageSize">): SQL | undefined {
  const clauses: (SQL | undefined)[] = [];
  if (query.q) {
    const pattern = containsPattern(query.q);
    clauses.push(sql`(${likeEscaped(accounts.name, pattern)} OR ${likeEscaped(accounts.domain, pattern)} OR ${likeEscaped(accounts.externalId, pattern)})`);
  }
  if (query.segment) clauses.push(eq(accounts.segment, query.segment));
  if (query.stage) clauses.push(eq(accounts.stage, query.stage));
  if (query.csm === "none") clauses.push(isNull(accounts.csmUserId));
  else if (query.csm !== undefined) clauses.push(eq(accounts.csmUserId, query.csm));
  if (query.currency) clauses.push(eq(accounts.acvCurrency, query.currency));
  return and(...clauses);
}

function accountOrder(sort: AccountSort, dir: "asc" | "desc"): SQL[] {
  const by = dir === "asc" ? asc : desc;
  switch (sort) {
    case "name":
      return [by(accounts.name), by(accounts.id)];
    // By the ACV in the reporting currency; accounts whose currency has no rate go last either way.
    case "acv":
      return [sql`${accounts.acvReportingMinor} IS NULL`, by(accounts.acvReportingMinor), by(accounts.id)];
    // Accounts without a renewal date go last either way.
    case "renewal":
      return [sql`${accounts.renewalDate} IS NULL`, by(accounts.renewalDate), by(accounts.id)];
  }
}

/** What every console view of an account shows: who it is, what it is worth, its touch and stage. */
const ACCOUNT_FACTS = {
  id: accounts.id,
  externalId: accounts.externalId,
  name: accounts.name,
  domain: accounts.domain,
  acvAmount: accounts.acvAmount,
  acvCurrency: accounts.acvCurrency,
  acvReportingMinor: accounts.acvReportingMinor,
  segment: accounts.segment,
  stage: accounts.stage,
};

/** One page of the console's account list, with the total for the pager. */
export function listAccounts(query: AccountListQuery) {
  const where = accountFilters(query);
  const total = db.select({ n: count() }).from(accounts).where(where).get()?.n ?? 0;
  const rows = db
    .select({
      ...ACCOUNT_FACTS,
      renewalDate: accounts.renewalDate,
      csmName: users.name,
      contacts: sql<number>`(SELECT count(*) FROM ${contacts} WHERE ${contacts.accountId} = ${accounts.id})`,
    })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.csmUserId))
    .where(where)
    .orderBy(...accountOrder(query.sort, query.dir))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .all();
  return { rows, total };
}

/** Everything the account page shows about the account itself. */
export function findAccountDetail(id: number) {
  return db
    .select({
      ...ACCOUNT_FACTS,
      startDate: accounts.startDate,
      renewalDate: accounts.renewalDate,
      csmUserId: accounts.csmUserId,
      csmName: users.name,
      csmEmail: users.email,
      createdAt: accounts.createdAt,
      updatedAt: accounts.updatedAt,
    })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.csmUserId))
    .where(eq(accounts.id, id))
    .get();
}

/** Currencies that accounts use, with how many accounts use each. */
export function countAccountsByCurrency(conn: Db = db): Record<string, number> {
  const rows = conn.select({ currency: accounts.acvCurrency, n: count() }).from(accounts).groupBy(accounts.acvCurrency).all();
  return Object.fromEntries(rows.map((row) => [row.currency, row.n]));
}

/** The columns an upsert compares and writes. */
export type StoredAccount = {
  id: number;
  externalId: string;
  name: string;
  domain: string | null;
  acvAmount: number;
  acvCurrency: string;
  segment: Segment;
  startDate: string;
  renewalDate: string | null;
  stage: AccountStage;
  csmUserId: number | null;
  seats: number | null;
};

/**
 * Prepared statements for bulk upserts, compiled once per batch and run inside the caller's
 * transaction (`conn` is its handle).
 */
export function accountUpsertStatements(conn: Db = db) {
  const p = sql.placeholder;
  const find = conn
    .select({
      id: accounts.id,
      externalId: accounts.externalId,
      name: accounts.name,
      domain: accounts.domain,
      acvAmount: accounts.acvAmount,
      acvCurrency: accounts.acvCurrency,
      segment: accounts.segment,
      startDate: accounts.startDate,
      renewalDate: accounts.renewalDate,
      stage: accounts.stage,
      csmUserId: accounts.csmUserId,
      seats: accounts.seats,
    })
    .from(accounts)
    .where(eq(accounts.externalId, p("externalId")))
    .prepare();
  const columns = {
    name: p("name"),
    domain: p("domain"),
    acvAmount: p("acvAmount"),
    acvCurrency: p("acvCurrency"),
    segment: p("segment"),
    startDate: p("startDate"),
    renewalDate: p("renewalDate"),
    stage: p("stage"),
    csmUserId: p("csmUserId"),
    seats: p("seats"),
    updatedAt: p("updatedAt"),
  };
  const insert = conn
    .insert(accounts)
    .values({ externalId: p("externalId"), createdAt: p("updatedAt"), ...columns })
    .prepare();
  // `set` takes SQL rather than placeholders; the values arrive already in storage form.
  const assignments = Object.fromEntries(Object.keys(columns).map((name) => [name, sql`${p(name)}`]));
  const update = conn
    .update(accounts)
    .set(assignments)
    .where(eq(accounts.id, p("id")))
    .prepare();
  return {
    find: (externalId: string) => find.get({ externalId }) as StoredAccount | undefined,
    insert: (row: Omit<StoredAccount, "id">, now: Date) => insert.run({ ...row, updatedAt: now }),
    update: (row: StoredAccount, now: Date) => update.run({ ...row, updatedAt: now.getTime() }),
  };
}

/** Id of the account with this external id (for linking contacts). */
export function accountIdLookup(conn: Db = db): (externalId: string) => number | undefined {
  const statement = conn
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.externalId, sql.placeholder("externalId")))
    .prepare();
  return (externalId) => statement.get({ externalId })?.id;
}

/**
 * Re-derives every account's segment from new thresholds: one UPDATE per currency, touching
 * only rows whose segment changes. Returns how many accounts moved. Run inside a transaction.
 */
export function recomputeSegments(tx: Db, thresholds: SegmentThresholds, now = new Date()): number {
  let changed = 0;
  for (const [currency, { high, low }] of Object.entries(thresholds)) {
    const segment = sql`CASE WHEN ${accounts.acvAmount} >= ${high} THEN 'high' WHEN ${accounts.acvAmount} >= ${low} THEN 'low' ELSE 'tech' END`;
    const result = tx
      .update(accounts)
      .set({ segment: sql`${segment}`, updatedAt: now })
      .where(and(eq(accounts.acvCurrency, currency), ne(accounts.segment, sql`${segment}`)))
      .run();
    changed += result.changes;
  }
  return changed;
}
