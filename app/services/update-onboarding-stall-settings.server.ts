import { audit } from "../models/audit.server";
import { putSetting } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import { assertMayChangeSettings } from "./settings-access.server";

/** Saves whether stalled high-touch accounts get an onboarding task (admins only). */
export function updateOnboardingStallSettings(actor: StaffUser, input: { highTouchTasks: boolean }, ip?: string) {
  assertMayChangeSettings(actor);
  putSetting("onboardingStall", { highTouchTasks: input.highTouchTasks });
  audit({ actorUserId: actor.id, action: "settings.onboarding_stall_updated", entity: "settings", entityId: "onboardingStall", ip, detail: input });
}
