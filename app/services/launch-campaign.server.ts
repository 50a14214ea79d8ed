import type { Db } from "../../db/client";
import { DAY_MS } from "../domain/campaign-rules";
import { audit } from "../models/audit.server";
import { countSampledRecipients, findCampaign, updateCampaign, type CampaignRow } from "../models/campaign.server";
import { getSetting } from "../models/settings.server";
import { ServiceError } from "../domain/service-error";
import { transaction } from "../utils/db.server";
import { fanOutJob, reminderJob } from "../jobs/job-types.server";
import { assertMayWriteCampaigns, auditActor, insertDraftCampaign, validateCampaign, type CampaignActor } from "./create-campaign.server";

export type LaunchOptions = {
  /** Epoch ms to start sending; absent or null sends now. */
  scheduledAt?: number | null;
  now?: number;
  ip?: string;
};

export type LaunchResult = { campaign: CampaignRow; recipients: number };

const MAX_SCHEDULE_AHEAD_MS = 365 * DAY_MS;

/** A start time must lie in the future, at most a year ahead; null or absent means now. */
export function checkSchedule(scheduledAt: number | null | undefined, now: number) {
  if (scheduledAt === undefined || scheduledAt === null) return;
  if (!Number.isFinite(scheduledAt)) throw new ServiceError(400, "scheduleInvalid", {}, "scheduledAt");
  if (scheduledAt <= now) throw new ServiceError(400, "scheduleInPast", {}, "scheduledAt");
  if (scheduledAt > now + MAX_SCHEDULE_AHEAD_MS) throw new ServiceError(400, "scheduleTooFar", {}, "scheduledAt");
}

/**
 * The launch itself, inside the caller's transaction: freezes the survey texts into the
 * campaign, counts the recipients exactly (exclusions and sample), and queues the fan-out job
 * that writes invitations and their emails in chunks (docs/decisions/011-campaign-fan-out.md).
 * Nothing is sent from here; a crash before commit leaves the campaign a draft.
 */
function launchInTransaction(tx: Db, actor: CampaignActor, campaign: CampaignRow, options: LaunchOptions, now: number): LaunchResult {
  if (campaign.status !== "draft") throw new ServiceError(409, "campaignNotDraft", { status: campaign.status });
  const scheduledAt = options.scheduledAt ?? null;
  const startAt = scheduledAt ?? now;
  const rules = campaign.rules;
  // A scheduled wave is counted now as an estimate and again when it starts sending.
  const recipients = countSampledRecipients(campaign.id, campaign.targeting, rules, now, scheduledAt === null ? now : undefined, tx);
  if (recipients === 0) throw new ServiceError(400, "campaignNoRecipients");
  updateCampaign(tx, campaign.id, {
    status: scheduledAt === null ? "sending" : "scheduled",
    scheduledAt,
    launchedAt: scheduledAt === null ? now : null,
    survey: getSetting("npsSurvey"),
    recipients,
  });
  fanOutJob.enqueue(tx, { campaignId: campaign.id, day: 0, afterContactId: 0 }, { runAt: startAt }, now);
  if (rules.reminderAfterDays !== null) {
    reminderJob.enqueue(tx, { campaignId: campaign.id }, { runAt: startAt + rules.reminderAfterDays * DAY_MS }, now);
  }
  const who = auditActor(actor);
  audit(
    {
      actorUserId: who.actorUserId,
      action: "campaign.launched",
      entity: "campaign",
      entityId: campaign.id,
      ip: options.ip,
      detail: { recipients, scheduledAt, ...(who.via ? { via: who.via } : {}) },
    },
    tx,
  );
  return { campaign: findCampaign(campaign.id, tx)!, recipients };
}

/** Launches a draft campaign now or at `scheduledAt`. */
export function launchCampaign(actor: CampaignActor, campaignId: number, options: LaunchOptions = {}): LaunchResult {
  assertMayWriteCampaigns(actor);
  const now = options.now ?? Date.now();
  checkSchedule(options.scheduledAt, now);
  return transaction((tx) => {
    const campaign = findCampaign(campaignId, tx);
    if (!campaign) throw new ServiceError(404, "campaignNotFound", { id: campaignId });
    return launchInTransaction(tx, actor, campaign, options, now);
  });
}

/**
 * Creates and launches in one transaction, so a refused launch (nobody to invite, a bad
 * schedule) leaves no draft behind. The console's Launch button and the API use this.
 */
export function createAndLaunchCampaign(actor: CampaignActor, input: unknown, options: LaunchOptions = {}): LaunchResult {
  assertMayWriteCampaigns(actor);
  const now = options.now ?? Date.now();
  const valid = validateCampaign(input);
  checkSchedule(options.scheduledAt, now);
  return transaction((tx) => launchInTransaction(tx, actor, insertDraftCampaign(tx, actor, valid, now, options.ip), options, now));
}
