import { and, asc, count, eq, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, contacts } from "../../db/schema";
import type { ContactLocale } from "../domain/contact-rows";
import type { Segment } from "../domain/segments";
import { db } from "../utils/db.server";
import { containsPattern, likeEscaped } from "./account.server";

export type PortalContact = {
  id: number;
  email: string;
  name: string | null;
  locale: "en" | "ja";
  accountId: number;
  accountName: string;
};

export function normalizeContactEmail(email: string) {
  return email.trim().toLowerCase();
}

export function findContactForSession(id: number): PortalContact | undefined {
  return db
    .select({
      id: contacts.id,
      email: contacts.email,
      name: contacts.name,
      locale: contacts.locale,
      accountId: contacts.accountId,
      accountName: accounts.name,
    })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(eq(contacts.id, id))
    .get();
}

export function findContactByEmail(email: string) {
  return db
    .select()
    .from(contacts)
    .where(eq(contacts.email, normalizeContactEmail(email)))
    .get();
}

export type ContactListQuery = {
  q?: string;
  locale?: ContactLocale;
  segment?: Segment;
  unsubscribed?: boolean;
  accountId?: number;
  page: number;
  pageSize: number;
};

/** One page of the console's contact list (by email), with the total for the pager. */
export function listContacts(query: ContactListQuery) {
  // An erased person is gone from the lists; their row stays only for the anonymous scores (decision 043).
  const clauses: (SQL | undefined)[] = [isNull(contacts.erasedAt)];
  if (query.q) {
    const pattern = containsPattern(query.q);
    clauses.push(or(likeEscaped(contacts.email, pattern), likeEscaped(contacts.name, pattern), likeEscaped(accounts.name, pattern)));
  }
  if (query.locale) clauses.push(eq(contacts.locale, query.locale));
  if (query.segment) clauses.push(eq(accounts.segment, query.segment));
  if (query.unsubscribed === true) clauses.push(isNotNull(contacts.unsubscribedAt));
  if (query.unsubscribed === false) clauses.push(isNull(contacts.unsubscribedAt));
  if (query.accountId !== undefined) clauses.push(eq(contacts.accountId, query.accountId));
  const where = and(...clauses);
  // Every contact has its account (NOT NULL, foreign key), so without a condition on the account
  // the total is counted on contacts alone: one index (or SQLite's count shortcut) instead of a
  // lookup of the account of each of hundreds of thousands of contacts.
  const onAccount = Boolean(query.q) || query.segment !== undefined;
  const total =
    (onAccount
      ? db.select({ n: count() }).from(contacts).innerJoin(accounts, eq(accounts.id, contacts.accountId)).where(where).get()
      : db.select({ n: count() }).from(contacts).where(where).get()
    )?.n ?? 0;
  const rows = db
    .select({
      id: contacts.id,
      email: contacts.email,
      name: contacts.name,
      title: contacts.title,
      locale: contacts.locale,
      unsubscribedAt: contacts.unsubscribedAt,
      accountId: accounts.id,
      accountName: accounts.name,
      segment: accounts.segment,
    })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(where)
    .orderBy(asc(contacts.email))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .all();
  return { rows, total };
}

/** The API's view of contacts with this email (zero or one: emails are unique). */
export function findContactsForApi(email: string) {
  return db
    .select({
      email: contacts.email,
      name: contacts.name,
      locale: contacts.locale,
      title: contacts.title,
      accountExternalId: accounts.externalId,
      productUserId: contacts.productUserId,
      unsubscribedAt: contacts.unsubscribedAt,
    })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(eq(contacts.email, normalizeContactEmail(email)))
    .all();
}

export type StoredContact = {
  id: number;
  email: string;
  name: string | null;
  locale: ContactLocale;
  title: string | null;
  accountId: number;
  productUserId: string | null;
};

/** Prepared statements for bulk upserts, run inside the caller's transaction. */
export function contactUpsertStatements(conn: Db = db) {
  const p = sql.placeholder;
  const find = conn
    .select({
      id: contacts.id,
      email: contacts.email,
      name: contacts.name,
      locale: contacts.locale,
      title: contacts.title,
      accountId: contacts.accountId,
      productUserId: contacts.productUserId,
    })
    .from(contacts)
    .where(eq(contacts.email, p("email")))
    .prepare();
  const columns = {
    name: p("name"),
    locale: p("locale"),
    title: p("title"),
    accountId: p("accountId"),
    productUserId: p("productUserId"),
    updatedAt: p("updatedAt"),
  };
  const ownerOfProductUserId = conn
    .select({ email: contacts.email })
    .from(contacts)
    .where(eq(contacts.productUserId, p("productUserId")))
    .prepare();
  const insert = conn
    .insert(contacts)
    .values({ email: p("email"), createdAt: p("updatedAt"), ...columns })
    .prepare();
  // unsubscribed_at is deliberately not written: an import never re-subscribes anyone.
  // `set` takes SQL rather than placeholders; the values arrive already in storage form.
  const assignments = Object.fromEntries(Object.keys(columns).map((name) => [name, sql`${p(name)}`]));
  const update = conn
    .update(contacts)
    .set(assignments)
    .where(eq(contacts.id, p("id")))
    .prepare();
  return {
    find: (email: string) => find.get({ email }) as StoredContact | undefined,
    ownerOfProductUserId: (productUserId: string) => (ownerOfProductUserId.get({ productUserId }) as { email: string } | undefined)?.email,
    insert: (row: Omit<StoredContact, "id">, now: Date) => insert.run({ ...row, updatedAt: now }),
    update: (row: StoredContact, now: Date) => update.run({ ...row, updatedAt: now.getTime() }),
  };
}
