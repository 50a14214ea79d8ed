import type { Db } from "../../db/client";
import { followUpDueAt, needsFollowUpCase, type FollowUpSla } from "../domain/case-workflow";
import { daysOffAround } from "../domain/japan-holidays";
import { audit } from "../models/audit.server";
import { findAssignableUser, findCaseIdForResponse, findResponseForCase, insertCaseEvent, insertCaseIfAbsent } from "../models/case.server";
import { getSetting } from "../models/settings.server";
import { transaction } from "../utils/db.server";

export const CASE_OPENED_AUDIT = "case.opened";

export type OpenedCase = { caseId: number; created: boolean };

/**
 * Opens the case for a response inside the caller's transaction, unless it has one already
 * (`cases_response_idx` decides, so two racing callers still make one). Due by the SLA counted
 * from the answer, not from now, so a job that ran late does not buy the CSM extra days. Days off
 * are the team's holidays and, when the team counts them, Japan's public holidays.
 */
export function openCaseInTransaction(
  tx: Db,
  response: { id: number; accountId: number; contactId: number; createdAt: number },
  options: { ownerUserId: number | null; actorUserId: number | null; sla: FollowUpSla & { japanHolidays?: boolean }; now: number; ip?: string },
): OpenedCase {
  const caseId = insertCaseIfAbsent(tx, {
    responseId: response.id,
    accountId: response.accountId,
    contactId: response.contactId,
    ownerUserId: options.ownerUserId,
    dueAt: followUpDueAt(response.createdAt, { ...options.sla, holidays: daysOffAround(options.sla, response.createdAt) }),
    now: options.now,
  });
  if (caseId === null) return { caseId: findCaseIdForResponse(response.id, tx)!, created: false };
  insertCaseEvent(tx, { caseId, kind: "opened", actorUserId: options.actorUserId, data: { ownerUserId: options.ownerUserId }, now: options.now });
  audit(
    {
      actorUserId: options.actorUserId,
      action: CASE_OPENED_AUDIT,
      entity: "case",
      entityId: caseId,
      ip: options.ip,
      detail: { responseId: response.id, ownerUserId: options.ownerUserId },
    },
    tx,
  );
  return { caseId, created: true };
}

/**
 * The pipeline's step for a new answer: a detractor who needs a person (see `needsFollowUpCase`)
 * gets a case owned by the account's CSM when that CSM can work cases, else unassigned for the
 * team to pick up. Null when the response gets no case. Safe to run again: a re-run finds the
 * case and creates nothing.
 */
export function openFollowUpCase(responseId: number, options: { now?: number } = {}): OpenedCase | null {
  const now = options.now ?? Date.now();
  const response = findResponseForCase(responseId);
  if (!response) return null;
  if (response.caseId !== null) return { caseId: response.caseId, created: false };
  if (response.category !== "detractor") return null;
  const settings = getSetting("closeTheLoop");
  const acv = { amount: response.acvAmount, currency: response.acvCurrency, reporting: response.acvReportingMinor };
  const thresholds = { reporting: getSetting("currency").caseThresholdMinor, perCurrency: settings.techTouchCaseThresholds };
  if (!needsFollowUpCase(response.segment, acv, thresholds)) return null;
  const csm = response.csmUserId === null ? undefined : findAssignableUser(response.csmUserId);
  return transaction((tx) => openCaseInTransaction(tx, response, { ownerUserId: csm?.id ?? null, actorUserId: null, sla: settings, now }));
}
