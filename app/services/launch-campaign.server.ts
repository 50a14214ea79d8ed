import type { Db } from "../../db/client";
import { DAY_MS } from "../domain/campaign-rules";
import { audit } from "../models/audit.server";
import {
  countSampledRecipients,
  FAN_OUT_JOB,
  findCampaign,
  REMINDER_JOB,
  updateCampaign,
  type CampaignRow,
  type FanOutPayload,
  type ReminderPayload,
} from "../models/campaign.server";
import { getSetting } from "../models/settings.server";
import { transaction } from "../utils/db.server";
import { enqueueJob } from "../utils/jobs.server";
import { assertMayWriteCampaigns, auditActor, CampaignError, insertDraftCampaign, validateCampaign, type CampaignActor } from "./create-campaign.server";

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
  if (!Number.isFinite(scheduledAt)) throw new CampaignError("The start time is not a valid date.", 400, "scheduledAt");
  if (scheduledAt <= now) throw new CampaignError("The start time is in the past: pick a time in the future, or send now.", 400, "scheduledAt");
  if (scheduledAt > now + MAX_SCHEDULE_AHEAD_MS) throw new CampaignError("Schedule a campaign at most a year ahead.", 400, "scheduledAt");
}

/**
 * The launch itself, inside the caller's transaction: freezes the survey texts into the
 * campaign, counts the recipients exactly (exclusions and sample), and queues the fan-out job
 * that writes invitations and their emails in chunks (docs/decisions/011-campaign-fan-out.md).
 * Nothing is sent from here; a crash before commit leaves the campaign a draft.
 */
function launchInTransaction(tx: Db, actor: CampaignActor, campaign: CampaignRow, options: LaunchOptions, now: number): LaunchResult {
  if (campaign.status !== "draft") throw new CampaignError(`This campaign is ${campaign.status}; only a draft can be launched.`, 409);
  const scheduledAt = options.scheduledAt ?? null;
  const startAt = scheduledAt ?? now;
  const rules = campaign.rules;
  // A scheduled wave is counted now as an estimate and again when it starts sending.
  const recipients = countSampledRecipients(campaign.id, campaign.targeting, rules, now, scheduledAt === null ? now : undefined, tx);
  if (recipients === 0) throw new CampaignError("No contact would be invited: widen the targeting or relax the rules, then preview again.", 400);
  updateCampaign(tx, campaign.id, {
    status: scheduledAt === null ? "sending" : "scheduled",
    scheduledAt,
    launchedAt: scheduledAt === null ? now : null,
    survey: getSetting("npsSurvey"),
    recipients,
  });
  const fanOut: FanOutPayload = { campaignId: campaign.id, day: 0, afterContactId: 0 };
  enqueueJob(tx, FAN_OUT_JOB, fanOut, { runAt: startAt, uniqueKey: `campaign:${campaign.id}:fan-out:0:0` }, now);
  if (rules.reminderAfterDays !== null) {
    const reminders: ReminderPayload = { campaignId: campaign.id };
    const runAt = startAt + rules.reminderAfterDays * DAY_MS;
    enqueueJob(tx, REMINDER_JOB, reminders, { runAt, uniqueKey: `campaign:${campaign.id}:reminders:${runAt}` }, now);
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
    if (!campaign) throw new CampaignError(`No campaign with id ${campaignId}.`, 404);
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
