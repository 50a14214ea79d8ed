/**
 * The one way a revenue movement is recorded (docs/decisions/055): store it (once — a movement
 * recorded again is the same movement), then make the account's ACV, segment and status what its
 * latest movement says. A backfilled movement older than the latest therefore changes no ACV; a
 * newer one updates the ACV through the same UPDATE the reporting-currency triggers watch.
 */
import type { Db } from "../../db/client";
import { derivedMovementKey, movementTypeFor } from "../domain/revenue-events";
import { segmentFor, type Money } from "../domain/segments";
import {
  insertRevenueMovement,
  latestRevenueMovement,
  movementInForceOn,
  setAccountRevenueState,
  type NewRevenueMovement,
} from "../models/revenue-movement.server";
import { getSetting } from "../models/settings.server";

/** Records one movement and brings the account in line with its latest; true when the movement is new. */
export function recordRevenueMovement(tx: Db, movement: NewRevenueMovement, now = new Date()): boolean {
  const stored = insertRevenueMovement(tx, movement);
  syncAccountToLatestMovement(tx, movement.accountId, now);
  return stored;
}

/**
 * An ACV that the CRM changed (API or CSV), effective on `date`: an expansion, contraction, churn
 * or reactivation against the ARR in force that day; nothing when the ARR then was already this.
 */
export function recordAcvChange(tx: Db, accountId: number, acv: Money, date: string, now = new Date()): boolean {
  const before = movementInForceOn(accountId, date, tx);
  const previous = before ? { amount: before.arrAmount, currency: before.arrCurrency } : null;
  if (previous && previous.amount === acv.amount && previous.currency === acv.currency) {
    syncAccountToLatestMovement(tx, accountId, now);
    return false;
  }
  const type = movementTypeFor(previous, acv);
  return recordRevenueMovement(
    tx,
    {
      accountId,
      type,
      date,
      arr: acv,
      reason: null,
      source: type === "new" ? "start" : "acv_change",
      idempotencyKey: derivedMovementKey(accountId, type, date, acv),
    },
    now,
  );
}

/** Makes `accounts.acv` equal the ARR of the latest movement, its segment follow, and its status say whether it churned. */
export function syncAccountToLatestMovement(tx: Db, accountId: number, now = new Date()) {
  const latest = latestRevenueMovement(accountId, tx);
  if (!latest) return;
  const acv = { amount: latest.arrAmount, currency: latest.arrCurrency };
  const thresholds = getSetting("segmentThresholds");
  const segment = thresholds[acv.currency] ? segmentFor(acv, thresholds) : undefined;
  setAccountRevenueState(tx, accountId, { acv, segment, status: latest.type === "churn" ? "churned" : "active" }, now);
}

/** The ACV changes of an accounts upsert, each recorded on the row's `acvEffectiveDate` or on `today`. */
export function recordAcvChanges(
  tx: Db,
  planned: readonly { outcome: string; existingId?: number; row: { externalId: string; acvAmount: number; acvCurrency: string } }[],
  inputs: { previousAcv: ReadonlyMap<number, Money>; effectiveDate: ReadonlyMap<string, string> },
  today: string,
  now = new Date(),
) {
  for (const plan of planned) {
    if (plan.outcome !== "updated" || plan.existingId === undefined) continue;
    const previous = inputs.previousAcv.get(plan.existingId);
    const acv = { amount: plan.row.acvAmount, currency: plan.row.acvCurrency };
    if (!previous || (acv.amount === previous.amount && acv.currency === previous.currency)) continue;
    recordAcvChange(tx, plan.existingId, acv, inputs.effectiveDate.get(plan.row.externalId) ?? today, now);
  }
}
