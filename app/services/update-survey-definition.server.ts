import { SurveyDefinition } from "../domain/survey";
import { audit } from "../models/audit.server";
import { getSetting, putSetting } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { ServiceError } from "../domain/service-error";
import { assertMayChangeSettings } from "./settings-access.server";

/** The refused survey fields a `surveyNotSaved` error carries: each path in the definition (e.g. `followUp.detractor.ja`) and why. */
export type SurveyIssues = { path: string; message: string }[];

/**
 * Saves the NPS survey an admin defines, audited with the before and after. Campaigns already
 * launched keep the snapshot they took, so this only shapes waves launched from now on.
 */
export function updateSurveyDefinition(actor: StaffUser, input: unknown, ip?: string): SurveyDefinition {
  assertMayChangeSettings(actor);
  const parsed = SurveyDefinition.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    throw new ServiceError<SurveyIssues>(400, "surveyNotSaved", { count: issues.length }, undefined, issues);
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
