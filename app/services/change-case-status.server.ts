import { CaseStatusChange } from "../domain/case-forms";
import { nextStatuses, transitionCase, type CaseStatus } from "../domain/case-workflow";
import { parseInput } from "../domain/form-input";
import { audit } from "../models/audit.server";
import { findActiveOnboardingTask, findCase, insertCaseEvent, updateCase } from "../models/case.server";
import { transaction } from "../utils/db.server";
import { ServiceError } from "../domain/service-error";
import { assertMayWriteCases, type CaseActor } from "./case-access.server";

export const CASE_STATUS_AUDIT = "case.status_changed";

/**
 * Moves a case along its workflow (see `transitionCase`): the case, a "status" event carrying
 * the reason, and an audit entry commit together. Reopening is recorded like any other change.
 */
export function changeCaseStatus(actor: CaseActor, caseId: number, to: CaseStatus, reason: string | null, options: { now?: number } = {}) {
  assertMayWriteCases(actor);
  const checked = parseInput(CaseStatusChange, { status: to, reason });
  const now = options.now ?? Date.now();
  return transaction((tx) => {
    const current = findCase(caseId, tx);
    if (!current) throw new ServiceError(404, "caseNotFound", { id: caseId });
    const change = transitionCase(current.status, checked.status, checked.reason);
    // A missing or overlong reason is the form's fault (400, on the reason); a change the workflow forbids, the case's state (409, on the status).
    if (!change.ok) {
      const allowed = nextStatuses(current.status).includes(checked.status);
      throw new ServiceError(allowed ? 400 : 409, change.code, change.params, allowed ? "reason" : "status");
    }
    // An onboarding task reopened while a newer one for the same enrolment is being worked would be a second one (`cases_enrolment_active_idx`).
    if (change.reopened && current.enrolmentId !== null) {
      const other = findActiveOnboardingTask(current.enrolmentId, tx);
      if (other !== undefined && other !== caseId) throw new ServiceError(409, "taskAlreadyActive", { id: other }, "status");
    }
    updateCase(tx, caseId, { status: change.to, closeReason: change.closeReason, closedAt: change.closed ? now : null, updatedAt: now });
    const data = { from: current.status, to: change.to, ...(change.reopened ? { reopened: true } : {}) };
    insertCaseEvent(tx, { caseId, kind: "status", actorUserId: actor.user.id, body: checked.reason?.trim() || null, data, now });
    audit({ actorUserId: actor.user.id, action: CASE_STATUS_AUDIT, entity: "case", entityId: caseId, ip: actor.ip, detail: data }, tx);
    return { from: current.status, to: change.to };
  });
}
