import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, revenueMovements } from "../../db/schema";
import type { RevenueMovement, RevenueMovementType } from "../domain/revenue";
import type { Money } from "../domain/segments";
import { db } from "../utils/db.server";

export type NewRevenueMovement = {
  accountId: number;
  type: RevenueMovementType;
  date: string;
  arr: Money;
  reason: string | null;
  source: "api" | "acv_change" | "console" | "start";
  idempotencyKey: string;
};

/** Stores a movement unless it is already there (same key, or same account, type, day and ARR); true when stored. */
export function insertRevenueMovement(tx: Db, movement: NewRevenueMovement): boolean {
  const result = tx
    .insert(revenueMovements)
    .values({
      accountId: movement.accountId,
      type: movement.type,
      date: movement.date,
      arrAmount: movement.arr.amount,
      arrCurrency: movement.arr.currency,
      reason: movement.reason,
      source: movement.source,
      idempotencyKey: movement.idempotencyKey,
    })
    .onConflictDoNothing()
    .run();
  return result.changes > 0;
}

/** One account's movements in the order they happened (by day, then as recorded). */
export function listAccountMovements(accountId: number, conn: Db = db) {
  return conn
    .select({
      id: revenueMovements.id,
      date: revenueMovements.date,
      type: revenueMovements.type,
      arrAmount: revenueMovements.arrAmount,
      arrCurrency: revenueMovements.arrCurrency,
      reason: revenueMovements.reason,
      source: revenueMovements.source,
    })
    .from(revenueMovements)
    .where(eq(revenueMovements.accountId, accountId))
    .orderBy(asc(revenueMovements.date), asc(revenueMovements.id))
    .all();
}

/** The movement in force now: the latest by day, then by recording order. */
export function latestRevenueMovement(accountId: number, conn: Db = db) {
  return conn
    .select({ type: revenueMovements.type, arrAmount: revenueMovements.arrAmount, arrCurrency: revenueMovements.arrCurrency })
    .from(revenueMovements)
    .where(eq(revenueMovements.accountId, accountId))
    .orderBy(desc(revenueMovements.date), desc(revenueMovements.id))
    .limit(1)
    .get();
}

/** The last movement dated on or before `day` (the ARR at the end of that day). */
export function movementInForceOn(accountId: number, day: string, conn: Db = db) {
  return conn
    .select({ type: revenueMovements.type, arrAmount: revenueMovements.arrAmount, arrCurrency: revenueMovements.arrCurrency })
    .from(revenueMovements)
    .where(and(eq(revenueMovements.accountId, accountId), lte(revenueMovements.date, day)))
    .orderBy(desc(revenueMovements.date), desc(revenueMovements.id))
    .limit(1)
    .get();
}

/**
 * Every account's movements dated on or before `to`, grouped per account in the order they
 * happened: what the retention figures of any period ending by `to` are read from.
 */
export function movementsByAccountUpTo(to: string, conn: Db = db): Map<number, RevenueMovement[]> {
  const rows = conn
    .select({
      accountId: revenueMovements.accountId,
      date: revenueMovements.date,
      type: revenueMovements.type,
      amount: revenueMovements.arrAmount,
      currency: revenueMovements.arrCurrency,
      reason: revenueMovements.reason,
    })
    .from(revenueMovements)
    .where(lte(revenueMovements.date, to))
    .orderBy(asc(revenueMovements.accountId), asc(revenueMovements.date), asc(revenueMovements.id))
    .all();
  const byAccount = new Map<number, RevenueMovement[]>();
  for (const row of rows) {
    let list = byAccount.get(row.accountId);
    if (!list) byAccount.set(row.accountId, (list = []));
    list.push({ date: row.date, type: row.type, arr: { amount: row.amount, currency: row.currency }, reason: row.reason });
  }
  return byAccount;
}

/** Sets the account's ACV, segment and status to what its latest movement says; true when anything changed. */
export function setAccountRevenueState(
  tx: Db,
  accountId: number,
  state: { acv: Money; segment: string | undefined; status: "active" | "churned" },
  now = new Date(),
): boolean {
  // A currency without segment thresholds keeps the segment it had.
  const segment = state.segment === undefined ? sql`${accounts.segment}` : sql`${state.segment}`;
  const result = tx
    .update(accounts)
    .set({ acvAmount: state.acv.amount, acvCurrency: state.acv.currency, segment, status: state.status, updatedAt: now })
    .where(
      and(
        eq(accounts.id, accountId),
        sql`(${accounts.acvAmount} <> ${state.acv.amount} OR ${accounts.acvCurrency} <> ${state.acv.currency} OR ${accounts.segment} <> ${segment} OR ${accounts.status} <> ${state.status})`,
      ),
    )
    .run();
  return result.changes > 0;
}

/** Id, segment, CSM and status of the accounts with these ids (for the KPI page's links and filters). */
export function accountsByIds(ids: readonly number[], conn: Db = db) {
  if (ids.length === 0) return [];
  return conn
    .select({
      id: accounts.id,
      externalId: accounts.externalId,
      name: accounts.name,
      segment: accounts.segment,
      csmUserId: accounts.csmUserId,
      status: accounts.status,
    })
    .from(accounts)
    .where(inArray(accounts.id, [...ids]))
    .all();
}

/** Who may change an account's revenue state, and that state: its CSM, status and ACV. */
export function accountRevenueOwner(accountId: number, conn: Db = db) {
  return conn
    .select({ id: accounts.id, csmUserId: accounts.csmUserId, status: accounts.status, acvAmount: accounts.acvAmount, acvCurrency: accounts.acvCurrency })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .get();
}
