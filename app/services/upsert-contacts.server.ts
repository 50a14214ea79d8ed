import type { Db } from "../../db/client";
import { resolveContactRowSteps, type ContactWrite } from "../domain/contact-rows";
import type { DescribeRow, RowError } from "../domain/rows";
import { runSteps, type Steps } from "../domain/steps";
import { accountIdLookup } from "../models/account.server";
import { contactUpsertStatements, type StoredContact } from "../models/contact.server";
import { doNotContactLookup } from "../models/do-not-contact.server";
import { db, transaction } from "../utils/db.server";
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

export type PlannedContact = { index: number; outcome: UpsertOutcome; row: Omit<StoredContact, "id">; existingId?: number };
export type ContactPlan = { planned: PlannedContact[]; errors: RowError[]; counts: UpsertCounts };

const COMPARED: (keyof Omit<StoredContact, "id">)[] = ["name", "locale", "title", "accountId", "productUserId"];

function merge(write: ContactWrite, existing: StoredContact | undefined): Omit<StoredContact, "id"> {
  return {
    email: write.email,
    name: write.name === undefined ? (existing?.name ?? null) : write.name,
    locale: write.locale ?? existing?.locale ?? "en",
    title: write.title === undefined ? (existing?.title ?? null) : write.title,
    accountId: write.accountId,
    productUserId: write.productUserId === undefined ? (existing?.productUserId ?? null) : write.productUserId,
  };
}

/** Validates contact rows against the current data and works out what each would do. Reads only. */
export function planContactUpsert(inputs: readonly unknown[], describeRow: DescribeRow, conn: Db = db): ContactPlan {
  return runSteps(planContactUpsertSteps(inputs, describeRow, conn));
}

/** `planContactUpsert`, pausing after each row: the CSV preview runs it in time slices. */
export function* planContactUpsertSteps(inputs: readonly unknown[], describeRow: DescribeRow, conn: Db = db): Steps<ContactPlan> {
  const findAccountId = accountIdLookup(conn);
  const statements = contactUpsertStatements(conn);
  const accountIds = new Map<string, number | undefined>();
  const isDoNotContact = doNotContactLookup(conn);
  const { writes, errors } = yield* resolveContactRowSteps(
    inputs,
    {
      accountIdByExternalId: (externalId) => {
        if (!accountIds.has(externalId)) accountIds.set(externalId, findAccountId(externalId));
        return accountIds.get(externalId);
      },
      emailByProductUserId: (productUserId) => statements.ownerOfProductUserId(productUserId),
      isDoNotContact,
    },
    describeRow,
  );
  const { planned, counts } = yield* classifyWriteSteps(writes, (write) => statements.find(write.email), merge, COMPARED);
  return { planned, errors: sortRowErrors(errors), counts };
}

/**
 * Creates or updates contacts by email, all or nothing (see upsertAccounts). A contact's
 * unsubscribe time is never touched: an import cannot re-subscribe anyone.
 */
export function upsertContacts(actor: UpsertActor, inputs: readonly unknown[], options: UpsertOptions): UpsertCounts {
  assertMayUpsert(actor, "import:contact:any");
  const now = new Date();
  return transaction((tx) =>
    writeUpsertPlan(tx, actor, "contact", inputs.length, planContactUpsert(inputs, options.describeRow, tx), contactUpsertStatements(tx), options, now),
  );
}
