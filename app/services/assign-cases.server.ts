import { z } from "zod";
import type { Db } from "../../db/client";
import { CaseOwnerId, SelectedIds } from "../domain/case-forms";
import { parseInput } from "../domain/form-input";
import { audit } from "../models/audit.server";
import { findAssignableUser, findCases, findFollowUpsForResponses, findResponsesForCases, insertCaseEvent, updateCase } from "../models/case.server";
import { getSetting } from "../models/settings.server";
import { transaction } from "../utils/db.server";
import { ServiceError } from "../domain/service-error";
import { assertMayWriteCases, type CaseActor } from "./case-access.server";
import { openCaseInTransaction } from "./open-follow-up-case.server";

export const CASE_ASSIGNED_AUDIT = "case.assigned";

export type AssignResult = { assigned: number; unchanged: number; opened: number };

/** The selection and the owner, checked by the same schemas as the forms that post them. */
function checkInput(ids: number[], ownerUserId: number | null, what: "case" | "response") {
  parseInput(z.object({ ids: SelectedIds(what), owner: CaseOwnerId }), { ids, owner: ownerUserId });
}

/** The new owner must be able to work the case: an active CSM or admin. Null unassigns. */
function checkAssignee(tx: Db, ownerUserId: number | null) {
  if (ownerUserId !== null && !findAssignableUser(ownerUserId, tx)) {
    throw new ServiceError(400, "assignableOwner", {}, "owner");
  }
}

function assignOne(tx: Db, actor: CaseActor, current: { id: number; ownerUserId: number | null }, ownerUserId: number | null, now: number): boolean {
  if (current.ownerUserId === ownerUserId) return false;
  updateCase(tx, current.id, { ownerUserId, updatedAt: now });
  const data = { from: current.ownerUserId, to: ownerUserId };
  insertCaseEvent(tx, { caseId: current.id, kind: "assigned", actorUserId: actor.user.id, data, now });
  audit({ actorUserId: actor.user.id, action: CASE_ASSIGNED_AUDIT, entity: "case", entityId: current.id, ip: actor.ip, detail: data }, tx);
  return true;
}

/**
 * Gives one or many cases to a CSM (or unassigns them, `ownerUserId` null), all or none: an
 * unknown case id refuses the whole batch. A case already with that owner is left alone.
 */
export function assignCases(actor: CaseActor, caseIds: number[], ownerUserId: number | null, options: { now?: number } = {}): AssignResult {
  assertMayWriteCases(actor);
  const ids = [...new Set(caseIds)];
  checkInput(ids, ownerUserId, "case");
  const now = options.now ?? Date.now();
  return transaction((tx) => {
    checkAssignee(tx, ownerUserId);
    const found = findCases(ids, tx);
    if (found.length !== ids.length) throw new ServiceError(404, "selectedCasesGone", {}, "ids");
    let assigned = 0;
    for (const current of found) if (assignOne(tx, actor, current, ownerUserId, now)) assigned += 1;
    return { assigned, unchanged: found.length - assigned, opened: 0 };
  });
}

/**
 * Bulk assign from the response list: each selected response's case goes to the owner, and a
 * response without a case gets one opened for it (by this user, due by the SLA from the answer),
 * whatever its score: choosing to follow up is the CSM's call.
 */
export function assignResponseFollowUps(actor: CaseActor, responseIds: number[], ownerUserId: number | null, options: { now?: number } = {}): AssignResult {
  assertMayWriteCases(actor);
  const ids = [...new Set(responseIds)];
  checkInput(ids, ownerUserId, "response");
  const now = options.now ?? Date.now();
  const sla = getSetting("closeTheLoop");
  return transaction((tx) => {
    checkAssignee(tx, ownerUserId);
    const found = findResponsesForCases(ids, tx);
    if (found.length !== ids.length) throw new ServiceError(404, "selectedResponsesGone", {}, "ids");
    const followUps = findFollowUpsForResponses(ids, tx);
    const result: AssignResult = { assigned: 0, unchanged: 0, opened: 0 };
    for (const response of found) {
      const existing = followUps.get(response.id);
      if (existing === undefined) {
        openCaseInTransaction(tx, response, { ownerUserId, actorUserId: actor.user.id, sla, now, ip: actor.ip });
        result.opened += 1;
        continue;
      }
      if (assignOne(tx, actor, { id: existing.caseId, ownerUserId: existing.ownerUserId }, ownerUserId, now)) result.assigned += 1;
      else result.unchanged += 1;
    }
    return result;
  });
}
