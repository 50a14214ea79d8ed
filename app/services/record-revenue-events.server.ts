/**
 * `PUT /api/v1/revenue-events`: movements sent by the CRM or a billing system, for backfill or
 * as they happen. All or nothing: every event is checked first (shape, account, churn reason) and
 * any error writes nothing. Idempotent by `id`: a replay stores nothing new and changes no account.
 */
import { apiMovementKey, RevenueEvent } from "../domain/revenue-events";
import { rowErrorsFromZod, type RowErrorCode } from "../domain/rows";
import { ServiceError } from "../domain/service-error";
import { accountIdLookup } from "../models/account.server";
import { audit } from "../models/audit.server";
import { getSetting } from "../models/settings.server";
import { transaction } from "../utils/db.server";
import { assertCan, auditActorFields, type Actor } from "./actor.server";
import { recordRevenueMovement } from "./record-revenue-movement.server";

const FIELDS = ["id", "accountExternalId", "type", "date", "arr", "reason"];

/** One refused event, worded for the API (it has no reader's language). */
export type RevenueEventError = { index: number; path: string; code: RowErrorCode; message: string };

export type RevenueEventsOutcome = { recorded: number; unchanged: number };

/**
 * Throws ServiceError 422 `rowsRejected` with the errors as its detail when any event is wrong:
 * those coded `unknown_reference` name what Kizuna lacks (422), the others are malformed (400).
 */
export function recordRevenueEvents(actor: Actor, inputs: readonly unknown[], now = new Date()): RevenueEventsOutcome {
  assertCan(actor, "write:revenue:any");
  return transaction((tx) => {
    const idOf = accountIdLookup(tx);
    const reasons = new Set(getSetting("revenue").churnReasons);
    const errors: RevenueEventError[] = [];
    const valid: { event: RevenueEvent; accountId: number }[] = [];
    const seen = new Map<string, number>();
    for (const [index, input] of inputs.entries()) {
      const parsed = RevenueEvent.safeParse(input);
      if (!parsed.success) {
        errors.push(...rowErrorsFromZod(index, parsed.error, FIELDS).map(({ reason: _reason, ...error }) => error));
        continue;
      }
      const event = parsed.data;
      const first = seen.get(event.id);
      if (first !== undefined) {
        errors.push({ index, path: "id", code: "duplicate", message: `${event.id} already appears at events.${first}; send each movement once` });
        continue;
      }
      seen.set(event.id, index);
      const accountId = idOf(event.accountExternalId);
      if (accountId === undefined) {
        errors.push({
          index,
          path: "accountExternalId",
          code: "unknown_reference",
          message: `no account has the external id ${event.accountExternalId}; create it through PUT /api/v1/accounts first`,
        });
        continue;
      }
      if (event.reason && !reasons.has(event.reason)) {
        errors.push({
          index,
          path: "reason",
          code: "unknown_reference",
          message: `${event.reason} is not a churn reason here; use one of ${[...reasons].join(", ")}`,
        });
        continue;
      }
      valid.push({ event, accountId });
    }
    if (errors.length > 0) throw new ServiceError(422, "rowsRejected", { count: new Set(errors.map((e) => e.index)).size }, undefined, errors);

    let recorded = 0;
    for (const { event, accountId } of valid) {
      const stored = recordRevenueMovement(
        tx,
        {
          accountId,
          type: event.type,
          date: event.date,
          arr: event.arr,
          reason: event.reason ?? null,
          source: "api",
          idempotencyKey: apiMovementKey(event.id),
        },
        now,
      );
      if (stored) recorded += 1;
    }
    if (recorded > 0) {
      const fields = auditActorFields(actor);
      audit(
        {
          actorUserId: fields.actorUserId,
          ip: fields.ip,
          action: "revenue.events_recorded",
          entity: "account",
          detail: { ...fields.detail, events: inputs.length, recorded },
        },
        tx,
      );
    }
    return { recorded, unchanged: valid.length - recorded };
  });
}
