import { ServiceError } from "../domain/service-error";
import { migrateByStepKey } from "../domain/guides";
import { accountIdLookup } from "../models/account.server";
import { audit } from "../models/audit.server";
import { doneKeysOf, enrolmentsOnOtherVersions, guideRow, moveEnrolmentToVersion, versionStepTitles } from "../models/onboarding-console.server";
import { transaction } from "../utils/db.server";
import { assertCan, auditActorFields, type Actor } from "./actor.server";

export type MigrationReport = { moved: number; carried: number; dropped: { key: string; accounts: number }[] };

/**
 * Moves one account, or every account, of a guide from an older version to the current one.
 * Progress follows the step key (`migrateByStepKey`): completions of keys the current version still
 * has count again; those of removed keys stop counting (the rows stay, so moving back restores
 * them). The report says which keys were dropped for how many accounts. Audited.
 */
export function migrateGuideEnrolments(actor: Actor, guideId: number, accountExternalId: string | undefined, now = Date.now()): MigrationReport {
  assertCan(actor, "write:guide:any");
  const accountId = accountExternalId === undefined ? undefined : accountIdLookup()(accountExternalId);
  if (accountExternalId !== undefined && accountId === undefined) throw new ServiceError(404, "guideUnknownAccount", {}, "account");
  const guide = guideRow(guideId);
  if (!guide || guide.currentVersionId === null) throw new ServiceError(404, "guideNotFound");
  const target = guide.currentVersionId;
  return transaction((tx) => {
    const enrolments = enrolmentsOnOtherVersions(guideId, target, accountId, tx);
    if (enrolments.length === 0) throw new ServiceError(422, "guideMigrateNone");
    const keys = (versionStepTitles([target], tx).get(target) ?? []).map((step) => step.key);
    const done = doneKeysOf(
      enrolments.map((enrolment) => enrolment.id),
      tx,
    );
    const droppedCounts = new Map<string, number>();
    let carried = 0;
    for (const enrolment of enrolments) {
      const result = migrateByStepKey(done.get(enrolment.id) ?? [], keys);
      carried += result.carried.length;
      for (const key of result.dropped) droppedCounts.set(key, (droppedCounts.get(key) ?? 0) + 1);
      moveEnrolmentToVersion(enrolment.id, target, tx);
    }
    const dropped = [...droppedCounts.entries()].map(([key, accounts]) => ({ key, accounts })).sort((a, b) => (a.key < b.key ? -1 : 1));
    const fields = auditActorFields(actor);
    audit(
      {
        actorUserId: fields.actorUserId,
        ip: fields.ip,
        action: "guide.enrolments_migrated",
        entity: "guide",
        entityId: guideId,
        detail: { ...fields.detail, key: guide.key, toVersionId: target, accountId: accountId ?? null, moved: enrolments.length, carried, dropped, at: now },
      },
      tx,
    );
    return { moved: enrolments.length, carried, dropped };
  });
}
