/**
 * Marking an account churned, and reactivating it, from the console (decision 055): admins, or
 * the account's own CSM. Each is a dated revenue movement through the one write path, so the
 * account's ACV and status follow, and each is audited.
 */
import { derivedMovementKey } from "../domain/revenue-events";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import { accountRevenueOwner } from "../models/revenue-movement.server";
import { getSetting } from "../models/settings.server";
import { transaction } from "../utils/db.server";
import { assertCan, type StaffActor } from "./actor.server";
import { recordRevenueMovement } from "./record-revenue-movement.server";

function loadOwnAccount(actor: StaffActor, accountId: number, tx: Parameters<Parameters<typeof transaction>[0]>[0]) {
  const account = accountRevenueOwner(accountId, tx);
  if (!account) throw new ServiceError(404, "notFound", { thing: "account" });
  if (actor.user.role !== "admin" && account.csmUserId !== actor.user.id) throw new ServiceError(403, "revenueNotOwnAccount");
  return account;
}

/** Records a churn on `date` with a reason from the admin's list: ARR 0, status churned. */
export function markAccountChurned(actor: StaffActor, input: { accountId: number; date: string; reason: string }, now = new Date()) {
  assertCan(actor, "write:revenue:any");
  if (!getSetting("revenue").churnReasons.includes(input.reason)) throw new ServiceError(400, "revenueChurnReason", {}, "reason");
  return transaction((tx) => {
    const account = loadOwnAccount(actor, input.accountId, tx);
    if (account.status === "churned") throw new ServiceError(409, "revenueAlreadyChurned");
    const arr = { amount: 0, currency: account.acvCurrency };
    recordRevenueMovement(
      tx,
      {
        accountId: account.id,
        type: "churn",
        date: input.date,
        arr,
        reason: input.reason,
        source: "console",
        idempotencyKey: derivedMovementKey(account.id, "churn", input.date, arr),
      },
      now,
    );
    audit(
      {
        actorUserId: actor.user.id,
        ip: actor.ip,
        action: "account.churned",
        entity: "account",
        entityId: account.id,
        detail: { date: input.date, reason: input.reason, arrBefore: account.acvAmount, currency: account.acvCurrency },
      },
      tx,
    );
  });
}

/** Records a reactivation on `date` at the ARR it comes back with: status active again. */
export function reactivateAccount(actor: StaffActor, input: { accountId: number; date: string; arrAmount: number }, now = new Date()) {
  assertCan(actor, "write:revenue:any");
  if (!Number.isInteger(input.arrAmount) || input.arrAmount <= 0) throw new ServiceError(400, "revenueReactivateArr", {}, "arrAmount");
  return transaction((tx) => {
    const account = loadOwnAccount(actor, input.accountId, tx);
    if (account.status !== "churned") throw new ServiceError(409, "revenueNotChurned");
    const arr = { amount: input.arrAmount, currency: account.acvCurrency };
    recordRevenueMovement(
      tx,
      {
        accountId: account.id,
        type: "reactivation",
        date: input.date,
        arr,
        reason: null,
        source: "console",
        idempotencyKey: derivedMovementKey(account.id, "reactivation", input.date, arr),
      },
      now,
    );
    audit(
      {
        actorUserId: actor.user.id,
        ip: actor.ip,
        action: "account.reactivated",
        entity: "account",
        entityId: account.id,
        detail: { date: input.date, arr: input.arrAmount, currency: account.acvCurrency },
      },
      tx,
    );
  });
}
