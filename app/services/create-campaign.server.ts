import type { Db } from "../../db/client";
import { CampaignInput, CampaignRules, normalizeTargeting, type CampaignTargeting } from "../domain/campaign-rules";
import { readFieldMessage } from "../domain/field-message";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import { existingAccountExternalIds, existingUserIds, insertCampaign, type CampaignRow } from "../models/campaign.server";
import { getSetting } from "../models/settings.server";
import { transaction } from "../utils/db.server";
import { assertCan, type ApiKeyActor, type StaffActor } from "./actor.server";

/** Who acts on campaigns: a staff user in the console, or an API key. */
export type CampaignActor = StaffActor | ApiKeyActor;

export function assertMayWriteCampaigns(actor: CampaignActor) {
  assertCan(actor, "write:campaign:any");
}

export function auditActor(actor: CampaignActor): { actorUserId: number | null; via?: string } {
  return "user" in actor ? { actorUserId: actor.user.id } : { actorUserId: null, via: `api key ${actor.apiKey.prefix}` };
}

export { CampaignInput } from "../domain/campaign-rules";
export type ValidCampaign = { name: string; targeting: CampaignTargeting; rules: CampaignRules };

/** The rules a new campaign starts from: the survey's, with no sampling and no cap. */
export function defaultCampaignRules(): CampaignRules {
  const survey = getSetting("npsSurvey");
  return {
    throttleDays: survey.throttleDays,
    minAccountAgeDays: survey.minAccountAgeDays,
    samplePercent: null,
    dailyCap: null,
    reminderAfterDays: survey.reminderAfterDays,
  };
}

function listPreview(values: (string | number)[]): string {
  const shown = values.slice(0, 5).join(", ");
  return values.length > 5 ? `${shown} and ${values.length - 5} more` : shown;
}

/**
 * Parses and checks a campaign definition without writing anything: the shapes, then that the
 * CSMs and accounts it names exist (a typo would silently shrink the wave).
 */
export function validateCampaign(input: unknown): ValidCampaign {
  const parsed = CampaignInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.filter((part) => typeof part === "string").join(".");
    // The schema's messages are codes: the refusal carries the code, worded by whoever reads it.
    const coded = readFieldMessage(issue.message);
    if (coded) throw new ServiceError(400, coded.code, coded.params, field);
    throw new ServiceError(400, "campaignInvalidField", { field: field || "campaign" }, field);
  }
  const targeting = normalizeTargeting(parsed.data.targeting);
  const rules = CampaignRules.parse({ ...defaultCampaignRules(), ...parsed.data.rules });
  if (targeting.csmUserIds) {
    const known = existingUserIds(targeting.csmUserIds);
    const unknown = targeting.csmUserIds.filter((id) => !known.has(id));
    if (unknown.length) throw new ServiceError(400, "campaignUnknownCsms", { ids: listPreview(unknown) }, "targeting.csmUserIds");
  }
  if (targeting.accountExternalIds) {
    const known = existingAccountExternalIds(targeting.accountExternalIds);
    const unknown = targeting.accountExternalIds.filter((id) => !known.has(id));
    if (unknown.length) throw new ServiceError(400, "campaignUnknownAccounts", { ids: listPreview(unknown) }, "targeting.accountExternalIds");
  }
  return { name: parsed.data.name, targeting, rules };
}

/** Inserts a validated campaign as a draft, audited, with the caller's transaction handle. */
export function insertDraftCampaign(tx: Db, actor: CampaignActor, campaign: ValidCampaign, now: number, ip?: string): CampaignRow {
  const row = insertCampaign(tx, {
    name: campaign.name,
    status: "draft",
    targeting: campaign.targeting,
    rules: campaign.rules,
    createdByUserId: "user" in actor ? actor.user.id : null,
    createdAt: now,
  });
  const who = auditActor(actor);
  audit(
    {
      actorUserId: who.actorUserId,
      action: "campaign.created",
      entity: "campaign",
      entityId: row.id,
      ip,
      detail: { name: row.name, targeting: row.targeting, rules: row.rules, ...(who.via ? { via: who.via } : {}) },
    },
    tx,
  );
  return row;
}

/** Creates a draft campaign (launch it with `launchCampaign`). */
export function createCampaign(actor: CampaignActor, input: unknown, options: { now?: number; ip?: string } = {}): CampaignRow {
  assertMayWriteCampaigns(actor);
  const campaign = validateCampaign(input);
  const now = options.now ?? Date.now();
  return transaction((tx) => insertDraftCampaign(tx, actor, campaign, now, options.ip));
}
