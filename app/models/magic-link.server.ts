import { and, count, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, magicLinks } from "../../db/schema";
import { db } from "../utils/db.server";

/** Whether a link still signs its contact in, and if not, why not. */
export type MagicLinkState = "valid" | "expired" | "consumed" | "superseded";

/** Marks every still-open link of a contact as superseded, so only the newest one works. */
export function supersedeOpenLinks(tx: Db, contactId: number, now: number) {
  tx.update(magicLinks)
    .set({ supersededAt: new Date(now) })
    .where(and(eq(magicLinks.contactId, contactId), isNull(magicLinks.consumedAt), isNull(magicLinks.supersededAt)))
    .run();
}

export function insertMagicLink(tx: Db, link: { contactId: number; tokenHash: string; createdAt: number; expiresAt: number }): number {
  return tx
    .insert(magicLinks)
    .values({ contactId: link.contactId, tokenHash: link.tokenHash, createdAt: new Date(link.createdAt), expiresAt: new Date(link.expiresAt) })
    .returning({ id: magicLinks.id })
    .get().id;
}

/** Links (one per sign-in email) a contact was sent since `since`: the daily email cap counts these. */
export function countLinksSentSince(tx: Db, contactId: number, since: number): number {
  return tx
    .select({ n: count() })
    .from(magicLinks)
    .where(and(eq(magicLinks.contactId, contactId), gt(magicLinks.createdAt, new Date(since))))
    .get()!.n;
}

/** Read-only look-up for the "Continue as …" page: who the link is for and whether it still works. */
export function findMagicLink(tokenHash: string, now: number) {
  const row = db
    .select({
      contactId: magicLinks.contactId,
      expiresAt: magicLinks.expiresAt,
      consumedAt: magicLinks.consumedAt,
      supersededAt: magicLinks.supersededAt,
      name: contacts.name,
      email: contacts.email,
      locale: contacts.locale,
    })
    .from(magicLinks)
    .innerJoin(contacts, eq(contacts.id, magicLinks.contactId))
    .where(eq(magicLinks.tokenHash, tokenHash))
    .get();
  if (!row) return undefined;
  const state: MagicLinkState = row.consumedAt ? "consumed" : row.supersededAt ? "superseded" : row.expiresAt.getTime() <= now ? "expired" : "valid";
  return { contactId: row.contactId, name: row.name, email: row.email, locale: row.locale, state };
}

/**
 * Consumes a link in ONE conditional UPDATE: the checks and the write are a single statement,
 * so of two racing requests (in any process) exactly one gets the contact id back.
 */
export function consumeMagicLinkToken(tokenHash: string, now: number, conn: Db = db): number | undefined {
  return conn
    .update(magicLinks)
    .set({ consumedAt: new Date(now) })
    .where(and(eq(magicLinks.tokenHash, tokenHash), isNull(magicLinks.consumedAt), isNull(magicLinks.supersededAt), gt(magicLinks.expiresAt, new Date(now))))
    .returning({ contactId: magicLinks.contactId })
    .get()?.contactId;
}
