import type { Db } from "../../db/client";
import { resolveAccountRowSteps, type AccountWrite } from "../domain/account-rows";
import { todayIso, type DescribeRow, type RowError } from "../domain/rows";
import { runSteps, type Steps } from "../domain/steps";
import { accountUpsertStatements, type StoredAccount } from "../models/account.server";
import { getSetting, teamToday } from "../models/settings.server";
import { listActiveCsms } from "../models/user.server";
import { db, transaction } from "../utils/db.server";
import { recordAcvChanges } from "./record-revenue-movement.server";
import {
  assertMayUpsert,
  classifyWriteSteps,
  sortRowErrors,
  writeUpsertPlan,
  type UpsertActor,
  type UpsertCounts,
  type UpsertOptions,
  type UpsertOutcome,
} from "./upsert-common.server";

export type PlannedAccount = { index: number; outcome: UpsertOutcome; row: Omit<StoredAccount, "id">; existingId?: number };
/** What the revenue history needs of the updates: each account's ACV before, and the day a row says its change takes effect. */
export type AcvHistoryInputs = { previousAcv: Map<number, { amount: number; currency: string }>; effectiveDate: Map<string, string> };
export type AccountPlan = { planned: PlannedAccount[]; errors: RowError[]; counts: UpsertCounts; acvHistory: AcvHistoryInputs };

const COMPARED: (keyof Omit<StoredAccount, "id">)[] = [
  "name",
  "domain",
  "acvAmount",
  "acvCurrency",
  "segment",
  "startDate",
  "renewalDate",
  "stage",
  "csmUserId",
  "seats",
];

/** The stored row after applying a write: absent fields keep their value or take the default. */
function merge(write: AccountWrite, existing: StoredAccount | undefined, today: string): Omit<StoredAccount, "id"> {
  return {
    externalId: write.externalId,
    name: write.name,
    domain: write.domain === undefined ? (existing?.domain ?? null) : write.domain,
    acvAmount: write.acvAmount,
    acvCurrency: write.acvCurrency,
    segment: write.segment,
    startDate: write.startDate ?? existing?.startDate ?? today,
    renewalDate: write.renewalDate === undefined ? (existing?.renewalDate ?? null) : write.renewalDate,
    stage: write.stage ?? existing?.stage ?? "onboarding",
    csmUserId: write.csmUserId === undefined ? (existing?.csmUserId ?? null) : write.csmUserId,
    seats: write.seats === undefined ? (existing?.seats ?? null) : write.seats,
  };
}

/**
 * Validates the rows against the current data and works out what each would do (new, updated,
 * unchanged). Reads only: the CSV preview shows this, and the write re-plans inside its transaction.
 */
export function planAccountUpsert(inputs: readonly unknown[], describeRow: DescribeRow, conn: Db = db, now = new Date()): AccountPlan {
  return runSteps(planAccountUpsertSteps(inputs, describeRow, conn, now));
}

/** `planAccountUpsert`, pausing after each row: the CSV preview runs it in time slices. */
export function* planAccountUpsertSteps(inputs: readonly unknown[], describeRow: DescribeRow, conn: Db = db, now = new Date()): Steps<AccountPlan> {
  const staff = new Map(listActiveCsms().map((user) => [user.email, user.id]));
  const { writes, errors } = yield* resolveAccountRowSteps(
    inputs,
    { thresholds: getSetting("segmentThresholds"), activeStaffIdByEmail: (email) => staff.get(email) },
    describeRow,
  );
  const statements = accountUpsertStatements(conn);
  const today = todayIso(now);
  // Noted row by row inside the sliced loop, so the CSV preview of a large file stays in short slices.
  const acvHistory: AcvHistoryInputs = { previousAcv: new Map(), effectiveDate: new Map() };
  const { planned, counts } = yield* classifyWriteSteps<AccountWrite, StoredAccount, Omit<StoredAccount, "id">>(
    writes,
    (write) => {
      const existing = statements.find(write.externalId);
      if (existing) acvHistory.previousAcv.set(existing.id, { amount: existing.acvAmount, currency: existing.acvCurrency });
      return existing;
    },
    (write, existing) => {
      if (write.acvEffectiveDate) acvHistory.effectiveDate.set(write.externalId, write.acvEffectiveDate);
      return merge(write, existing, today);
    },
    COMPARED,
  );
  return { planned, errors: sortRowErrors(errors), counts, acvHistory };
}

/**
 * Creates or updates accounts by external id, all or nothing: if any row is invalid nothing is
 * written and `RowsRejectedError` lists every problem. One IMMEDIATE transaction with prepared
 * statements; rows that would not change are not rewritten (their updatedAt stays).
 */
export function upsertAccounts(actor: UpsertActor, inputs: readonly unknown[], options: UpsertOptions): UpsertCounts {
  assertMayUpsert(actor, "import:account:any");
  const now = new Date();
  return transaction((tx) => {
    const plan = planAccountUpsert(inputs, options.describeRow, tx, now);
    const counts = writeUpsertPlan(tx, actor, "account", inputs.length, plan, accountUpsertStatements(tx), options, now);
    // A new account's `new` movement is written by the database on insert; a changed ACV is a dated movement.
    recordAcvChanges(tx, plan.planned, plan.acvHistory, teamToday(now.getTime()), now);
    return counts;
  });
}
