import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, communityJoinLinks, contacts } from "../../db/schema";
import { db } from "../utils/db.server";

/** Whether a join link still works, and if not, why not (as for sign-in links). */
export type JoinLinkState = "valid" | "expired" | "consumed" | "superseded";

/**
 * The one account whose `domain` is this one (case-insensitively, `www.` ignored on the stored
 * side). Two accounts sharing a domain match neither: we could not tell which company the
 * person belongs to, and they can ask to join instead.
 */
export function findAccountByDomain(domain: string, conn: Db = db): { id: number; name: string } | undefined {
  const rows = conn
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(sql`lower(${accounts.domain}) IN (${domain}, ${`www.${domain}`})`)
    .limit(2)
    .all();
  return rows.length === 1 ? rows[0] : undefined;
}

/** Join emails an address was sent since `since`: the daily per-address cap counts these. */
export function countJoinLinksSentSince(tx: Db, email: string, since: number): number {
  return tx
    .select({ n: count() })
    .from(communityJoinLinks)
    .where(and(eq(communityJoinLinks.email, email), gt(communityJoinLinks.createdAt, new Date(since))))
    .get()!.n;
}

export function supersedeOpenJoinLinks(tx: Db, email: string, now: number) {
  tx.update(communityJoinLinks)
    .set({ supersededAt: new Date(now) })
    .where(and(eq(communityJoinLinks.email, email), isNull(communityJoinLinks.consumedAt), isNull(communityJoinLinks.supersededAt)))
    .run();
}

export function insertJoinLink(
  tx: Db,
  link: { email: string; accountId: number; tokenHash: string; locale: "en" | "ja"; createdAt: number; expiresAt: number },
) {
  tx.insert(communityJoinLinks)
    .values({ ...link, createdAt: new Date(link.createdAt), expiresAt: new Date(link.expiresAt) })
    .run();
}

/** Read-only: what the link page shows on GET. */
export function findJoinLink(tokenHash: string, now: number) {
  const row = db
    .select({
      email: communityJoinLinks.email,
      locale: communityJoinLinks.locale,
      expiresAt: communityJoinLinks.expiresAt,
      consumedAt: communityJoinLinks.consumedAt,
      supersededAt: communityJoinLinks.supersededAt,
      accountName: accounts.name,
    })
    .from(communityJoinLinks)
    .innerJoin(accounts, eq(accounts.id, communityJoinLinks.accountId))
    .where(eq(communityJoinLinks.tokenHash, tokenHash))
    .get();
  if (!row) return undefined;
  const state: JoinLinkState = row.consumedAt ? "consumed" : row.supersededAt ? "superseded" : row.expiresAt.getTime() <= now ? "expired" : "valid";
  return { email: row.email, locale: row.locale, accountName: row.accountName, state };
}

/** Consumes a join link in one conditional UPDATE: of racing requests, exactly one gets the row. */
export function consumeJoinLinkToken(tx: Db, tokenHash: string, now: number) {
  return tx
    .update(communityJoinLinks)
    .set({ consumedAt: new Date(now) })
    .where(
      and(
        eq(communityJoinLinks.tokenHash, tokenHash),
        isNull(communityJoinLinks.consumedAt),
        isNull(communityJoinLinks.supersededAt),
        gt(communityJoinLinks.expiresAt, new Date(now)),
      ),
    )
    .returning({ id: communityJoinLinks.id, email: communityJoinLinks.email, accountId: communityJoinLinks.accountId })
    .get();
}

export function setJoinLinkContact(tx: Db, linkId: number, contactId: number) {
  tx.update(communityJoinLinks).set({ contactId }).where(eq(communityJoinLinks.id, linkId)).run();
}

/** A contact who joined by themselves (or whom the CS team let in): their address, name and language. */
export function insertJoinedContact(tx: Db, contact: { email: string; name: string | null; locale: "en" | "ja"; accountId: number }) {
  return tx
    .insert(contacts)
    .values(contact)
    .returning({ id: contacts.id, email: contacts.email, name: contacts.name, locale: contacts.locale, accountId: contacts.accountId })
    .get();
}

export function findContactRowByEmail(tx: Db, email: string) {
  return tx
    .select({ id: contacts.id, email: contacts.email, name: contacts.name, locale: contacts.locale, accountId: contacts.accountId })
    .from(contacts)
    .where(eq(contacts.email, email))
    .get();
}
