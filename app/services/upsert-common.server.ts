import type { AuditAction } from "../domain/audit-actions";
import type { Permission } from "../domain/permissions";
import type { DescribeRow, RowError } from "../domain/rows";
import type { Steps } from "../domain/steps";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import type { Db } from "../../db/client";
import { assertCan, auditActorFields, type ApiKeyActor, type StaffActor } from "./actor.server";

/** Who asks for a bulk write: a console user (CSV import) or an API key. */
export type UpsertActor = StaffActor | ApiKeyActor;

export type UpsertOutcome = "new" | "updated" | "unchanged";
export type UpsertCounts = { created: number; updated: number; unchanged: number };

/** Some rows are invalid, so none was written (all-or-nothing): a `rowsRejected` ServiceError carries them. */
export type RowsRejected = ServiceError<RowError[]>;

export function isRowsRejected(error: unknown): error is RowsRejected {
  return error instanceof ServiceError && error.code === "rowsRejected";
}

/** Services check again what routes checked: a route that forgot must still not let a write through. */
export function assertMayUpsert(actor: UpsertActor, permission: Permission) {
  assertCan(actor, permission);
}

/** Errors in row order, then field order as reported. */
export function sortRowErrors(errors: RowError[]): RowError[] {
  return errors
    .map((error, position) => ({ error, position }))
    .sort((a, b) => a.error.index - b.error.index || a.position - b.position)
    .map(({ error }) => error);
}

export type UpsertOptions = {
  describeRow: DescribeRow;
  /** The audit entry's action and extra detail; counts are added. */
  audit: { action: AuditAction; detail?: Record<string, unknown>; onlyWhenChanged?: boolean };
};

type Plan<Row> = { planned: { outcome: UpsertOutcome; row: Row; existingId?: number | null }[]; errors: RowError[]; counts: UpsertCounts };
type Statements<Row> = { insert(row: Row, now: Date): unknown; update(row: Row & { id: number }, now: Date): unknown };

/**
 * Writes a validated plan inside the caller's transaction and records it in the audit log:
 * refused whole if any row is invalid, new rows inserted, changed rows updated, the rest untouched.
 */
export function writeUpsertPlan<Row>(
  tx: Db,
  actor: UpsertActor,
  entity: "account" | "contact",
  rows: number,
  plan: Plan<Row>,
  statements: Statements<Row>,
  options: UpsertOptions,
  now: Date,
): UpsertCounts {
  if (plan.errors.length > 0) throw new ServiceError(422, "rowsRejected", { count: new Set(plan.errors.map((e) => e.index)).size }, undefined, plan.errors);
  for (const { outcome, row, existingId } of plan.planned) {
    if (outcome === "new") statements.insert(row, now);
    else if (outcome === "updated") statements.update({ ...row, id: existingId! }, now);
  }
  const { counts } = plan;
  if (!options.audit.onlyWhenChanged || counts.created + counts.updated > 0) {
    const fields = auditActorFields(actor);
    audit({
      actorUserId: fields.actorUserId,
      ip: fields.ip,
      action: options.audit.action,
      entity,
      detail: { ...fields.detail, ...options.audit.detail, rows, ...counts },
    });
  }
  return counts;
}

/**
 * Works out what each valid row would do against what is stored: new, updated, or unchanged
 * (every compared field equal), with the counts the preview and the API answer show.
 */
export function* classifyWriteSteps<Write, Stored extends { id: number }, Row>(
  writes: readonly { index: number; write: Write }[],
  find: (write: Write) => Stored | undefined,
  merge: (write: Write, existing: Stored | undefined) => Row,
  compared: readonly (keyof Row & keyof Stored)[],
): Steps<{ planned: { index: number; outcome: UpsertOutcome; row: Row; existingId: number | undefined }[]; counts: UpsertCounts }> {
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
  const planned: { index: number; outcome: UpsertOutcome; row: Row; existingId: number | undefined }[] = [];
  for (const { index, write } of writes) {
    yield;
    const existing = find(write);
    const row = merge(write, existing);
    const outcome: UpsertOutcome = !existing ? "new" : compared.every((key) => (row[key] as unknown) === existing[key]) ? "unchanged" : "updated";
    counts[outcome === "new" ? "created" : outcome] += 1;
    planned.push({ index, outcome, row, existingId: existing?.id });
  }
  return { planned, counts };
}
