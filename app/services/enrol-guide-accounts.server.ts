import { ServiceError } from "../domain/service-error";
import type { GuideEnrolForm } from "../domain/guide-form";
import { cohortRange } from "../domain/onboarding-metrics";
import { audit } from "../models/audit.server";
import { insertEnrolment } from "../models/guide-progress.server";
import { guideRow, unenrolledAccountsMatching } from "../models/onboarding-console.server";
import { transaction } from "../utils/db.server";
import { assertCan, auditActorFields, type Actor } from "./actor.server";

export const MAX_ADMIN_ENROL = 10_000;

/**
 * An admin enrols accounts publishing left out (they started before the enrolment window) in a
 * guide's current version: picked by segment, stage, start month or a list of external ids, among
 * accounts with no guide yet. Nudges stay off unless the admin turns them on, so enrolling
 * years-old customers never emails them. Audited with the pick and the count.
 */
export function enrolGuideAccounts(actor: Actor, guideId: number, pick: GuideEnrolForm, now = Date.now()): { enrolled: number } {
  assertCan(actor, "write:guide:any");
  const guide = guideRow(guideId);
  if (!guide) throw new ServiceError(404, "guideNotFound");
  if (guide.status !== "published" || guide.currentVersionId === null) throw new ServiceError(409, "guideArchived");
  const range = pick.startMonth ? cohortRange(pick.startMonth) : undefined;
  return transaction((tx) => {
    const accounts = unenrolledAccountsMatching(
      { segments: pick.segments, stages: pick.stages, startFrom: range?.from, startTo: range?.to, externalIds: pick.externalIds },
      tx,
    );
    if (accounts.length === 0) throw new ServiceError(422, "guideNoAccounts");
    if (accounts.length > MAX_ADMIN_ENROL) throw new ServiceError(422, "guideTooManyAccounts", { count: accounts.length, max: MAX_ADMIN_ENROL });
    for (const account of accounts) {
      insertEnrolment(
        { accountId: account.id, guideId, versionId: guide.currentVersionId!, startedAt: account.startDate, nudges: pick.nudges, enrolledBy: "admin" },
        now,
        tx,
      );
    }
    const fields = auditActorFields(actor);
    audit(
      {
        actorUserId: fields.actorUserId,
        ip: fields.ip,
        action: "guide.accounts_enrolled",
        entity: "guide",
        entityId: guideId,
        detail: {
          ...fields.detail,
          key: guide.key,
          enrolled: accounts.length,
          nudges: pick.nudges,
          pick: { segments: pick.segments, stages: pick.stages, startMonth: pick.startMonth ?? null, externalIds: pick.externalIds.length },
        },
      },
      tx,
    );
    return { enrolled: accounts.length };
  });
}
