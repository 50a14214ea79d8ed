import type { Db } from "../../db/client";
import { followUpDueAt, type FollowUpSla } from "../domain/case-workflow";
import { daysOffAround } from "../domain/japan-holidays";
import { isStalled, stallCutoff, stallOutcome } from "../domain/onboarding-nudges";
import { audit } from "../models/audit.server";
import { findAssignableUser, insertCaseEvent, insertOnboardingTaskIfAbsent } from "../models/case.server";
import { guideDelays, markEnrolmentStalled, quietUnstalledEnrolments, type QuietEnrolment } from "../models/onboarding-stall.server";
import { getSetting } from "../models/settings.server";
import { transaction } from "../utils/db.server";
import { CASE_OPENED_AUDIT } from "./open-follow-up-case.server";

export type StallCheckResult = { stalled: number; tasks: number; pooled: number; leftToCsm: number };

/** Enrolments marked stalled per transaction: short writer holds on a large first run. */
const CHUNK = 500;

/**
 * The stall check (a periodic job, and `npm run cli -- onboarding check`): every unfinished guide
 * that has not moved for its guide's `stallAfterDays` gets `stalled_at` — the pooled stalled list
 * reads it — and, by the account's touch model (`stallOutcome`), low-touch accounts (high-touch too
 * when the setting says so) get an "onboarding stalled" task for their CSM, due by the follow-up
 * SLA. Idempotent: an enrolment is marked once (`stalled_at IS NULL` guards the update) and never
 * gets a second task being worked (`cases_enrolment_active_idx`); it becomes a candidate again only
 * once progress clears `stalled_at`. Reads only enrolments not yet stalled, through an index.
 */
export function checkStalledOnboarding(now = Date.now()): StallCheckResult {
  const result: StallCheckResult = { stalled: 0, tasks: 0, pooled: 0, leftToCsm: 0 };
  const settings = getSetting("onboardingStall");
  const sla = getSetting("closeTheLoop");
  for (const guide of guideDelays()) {
    const due = quietUnstalledEnrolments(guide.id, stallCutoff(guide.stallAfterDays, now)).filter((e) => isStalled(e, guide.stallAfterDays, now));
    for (let at = 0; at < due.length; at += CHUNK) {
      transaction((tx) => {
        for (const enrolment of due.slice(at, at + CHUNK)) {
          if (!markEnrolmentStalled(enrolment.id, now, tx)) continue;
          result.stalled += 1;
          const outcome = stallOutcome(enrolment.segment, settings);
          if (outcome === "pooled") result.pooled += 1;
          else if (outcome === "left_to_csm") result.leftToCsm += 1;
          else if (openStalledTask(tx, enrolment, sla, now)) result.tasks += 1;
        }
      });
    }
  }
  return result;
}

/** Opens the enrolment's onboarding task for the account's CSM (unassigned when the CSM cannot work tasks); false when one is still being worked. */
function openStalledTask(tx: Db, enrolment: QuietEnrolment, sla: FollowUpSla & { japanHolidays?: boolean }, now: number): boolean {
  const csm = enrolment.csmUserId === null ? undefined : findAssignableUser(enrolment.csmUserId, tx);
  const ownerUserId = csm?.id ?? null;
  const dueAt = followUpDueAt(now, { ...sla, holidays: daysOffAround(sla, now) });
  const caseId = insertOnboardingTaskIfAbsent(tx, { enrolmentId: enrolment.id, accountId: enrolment.accountId, ownerUserId, dueAt, now });
  if (caseId === null) return false;
  insertCaseEvent(tx, { caseId, kind: "opened", actorUserId: null, data: { ownerUserId, kind: "onboarding_stalled" }, now });
  audit(
    {
      actorUserId: null,
      action: CASE_OPENED_AUDIT,
      entity: "case",
      entityId: caseId,
      detail: { kind: "onboarding_stalled", enrolmentId: enrolment.id, ownerUserId },
    },
    tx,
  );
  return true;
}
