import { and, asc, desc, eq, like, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, communityJoinRequests, users } from "../../db/schema";
import { db } from "../utils/db.server";

export type JoinRequest = typeof communityJoinRequests.$inferSelect;

export function insertJoinRequest(
  tx: Db,
  values: { name: string; email: string; company: string; message: string; locale: "en" | "ja"; createdAt: number },
): JoinRequest {
  return tx
    .insert(communityJoinRequests)
    .values({ ...values, createdAt: new Date(values.createdAt) })
    .returning()
    .get();
}

export function findJoinRequest(id: number, conn: Db = db): JoinRequest | undefined {
  return conn.select().from(communityJoinRequests).where(eq(communityJoinRequests.id, id)).get();
}

/** Decides a pending request in one conditional UPDATE: of two moderators racing, one wins. */
export function decideJoinRequest(
  tx: Db,
  id: number,
  decision: { status: "approved" | "declined"; decidedByUserId: number; decidedAt: number; accountId?: number; contactId?: number; declineReason?: string },
): JoinRequest | undefined {
  return tx
    .update(communityJoinRequests)
    .set({ ...decision, decidedAt: new Date(decision.decidedAt) })
    .where(and(eq(communityJoinRequests.id, id), eq(communityJoinRequests.status, "pending")))
    .returning()
    .get();
}

const listColumns = {
  id: communityJoinRequests.id,
  name: communityJoinRequests.name,
  email: communityJoinRequests.email,
  company: communityJoinRequests.company,
  message: communityJoinRequests.message,
  locale: communityJoinRequests.locale,
  status: communityJoinRequests.status,
  createdAt: communityJoinRequests.createdAt,
  decidedAt: communityJoinRequests.decidedAt,
  declineReason: communityJoinRequests.declineReason,
  accountName: accounts.name,
  decidedBy: users.name,
};

/** The console's queue: pending requests, oldest first. */
export function listPendingJoinRequests(limit = 200) {
  return db
    .select(listColumns)
    .from(communityJoinRequests)
    .leftJoin(accounts, eq(accounts.id, communityJoinRequests.accountId))
    .leftJoin(users, eq(users.id, communityJoinRequests.decidedByUserId))
    .where(eq(communityJoinRequests.status, "pending"))
    .orderBy(asc(communityJoinRequests.createdAt), asc(communityJoinRequests.id))
    .limit(limit)
    .all();
}

/** The latest decisions, newest first. */
export function listDecidedJoinRequests(limit = 20) {
  return db
    .select(listColumns)
    .from(communityJoinRequests)
    .leftJoin(accounts, eq(accounts.id, communityJoinRequests.accountId))
    .leftJoin(users, eq(users.id, communityJoinRequests.decidedByUserId))
    .where(ne(communityJoinRequests.status, "pending"))
    .orderBy(desc(communityJoinRequests.decidedAt), desc(communityJoinRequests.id))
    .limit(limit)
    .all();
}

/** Accounts that may be the person's: the same email domain, or a name containing the company they gave (a handful). */
export function suggestAccounts(request: { email: string; company: string }, limit = 5): { id: number; name: string }[] {
  const domain = request.email.slice(request.email.lastIndexOf("@") + 1).toLowerCase();
  const company = request.company.trim().replace(/[%_\\]/g, "");
  const conditions = [sql`lower(${accounts.domain}) IN (${domain}, ${`www.${domain}`})`];
  if (company.length >= 2) conditions.push(like(accounts.name, `%${company}%`));
  return db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(or(...conditions))
    .orderBy(asc(accounts.name))
    .limit(limit)
    .all();
}

/** Every account by name, for the approve form's choice (bounded: the console's account list pages beyond). */
export function listAccountChoices(limit = 1000): { id: number; name: string }[] {
  return db.select({ id: accounts.id, name: accounts.name }).from(accounts).orderBy(asc(accounts.name)).limit(limit).all();
}

export function findAccountName(tx: Db, id: number): string | undefined {
  return tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, id)).get()?.name;
}
