import { audit } from "../models/audit.server";
import { getSetting, putSetting } from "../models/settings.server";
import { transaction } from "../utils/db.server";
import { assertCan, auditActorFields, type Actor } from "./actor.server";

/** The enrolment window of publishing (`guides.enrolWithinDays`) and how long raw usage events are kept (`usage.retentionDays`). Admins; audited. */
export function updateOnboardingSettings(actor: Actor, input: { enrolWithinDays: number; retentionDays: number }): void {
  assertCan(actor, "manage:settings:any");
  const before = { enrolWithinDays: getSetting("guides").enrolWithinDays, retentionDays: getSetting("usage").retentionDays };
  transaction((tx) => {
    putSetting("guides", { enrolWithinDays: input.enrolWithinDays });
    putSetting("usage", { retentionDays: input.retentionDays });
    const fields = auditActorFields(actor);
    audit(
      {
        actorUserId: fields.actorUserId,
        ip: fields.ip,
        action: "settings.onboarding_updated",
        entity: "settings",
        detail: { ...fields.detail, before, after: input },
      },
      tx,
    );
  });
}
