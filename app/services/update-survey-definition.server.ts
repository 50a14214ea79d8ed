import { SurveyDefinition } from "../domain/survey";
import { audit } from "../models/audit.server";
import { getSetting, putSetting } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { assertMayChangeSettings, SettingsError } from "./settings-access.server";

/** A refused survey field: its path in the definition (e.g. `followUp.detractor.ja`) and why. */
export class SurveyDefinitionError extends SettingsError {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message, 400);
  }
}

/**
 * Saves the NPS survey an admin defines, audited with the before and after. Campaigns already
 * launched keep the snapshot they took, so this only shapes waves launched from now on.
 */
export function updateSurveyDefinition(actor: StaffUser, input: unknown, ip?: string): SurveyDefinition {
  assertMayChangeSettings(actor, "changing the survey");
  const parsed = SurveyDefinition.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    throw new SurveyDefinitionError(`The survey was not saved: ${issues.length} field${issues.length === 1 ? " needs" : "s need"} attention.`, issues);
  }
  return transaction((tx) => {
    const before = getSetting("npsSurvey");
    putSetting("npsSurvey", parsed.data);
    audit(
      { actorUserId: actor.id, action: "settings.nps_survey_updated", entity: "settings", entityId: "npsSurvey", ip, detail: { before, after: parsed.data } },
      tx,
    );
    return parsed.data;
  });
}
