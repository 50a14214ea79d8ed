import { dripDays } from "../domain/campaign-rules";
import { countAudience, type AudienceCounts } from "../models/campaign.server";
import { checkSchedule } from "./launch-campaign.server";
import { assertMayWriteCampaigns, validateCampaign, type CampaignActor, type ValidCampaign } from "./create-campaign.server";

export type AudiencePreview = AudienceCounts & {
  campaign: ValidCampaign;
  /** Recipients after sampling: an estimate here, counted exactly at launch (the sample is seeded by the campaign's id). */
  recipients: number;
  sampled: boolean;
  /** Days a daily cap spreads the wave over. */
  days: number;
};

/**
 * What a launch would do, written nowhere: how many contacts the targeting reaches, how many
 * each rule leaves out, and how many would be invited. Refuses bad input like a launch would.
 */
export function previewCampaignAudience(actor: CampaignActor, input: unknown, options: { scheduledAt?: number | null; now?: number } = {}): AudiencePreview {
  assertMayWriteCampaigns(actor);
  const now = options.now ?? Date.now();
  const campaign = validateCampaign(input);
  checkSchedule(options.scheduledAt, now);
  const counts = countAudience(campaign.targeting, campaign.rules, now, { createdBefore: now });
  const sampled = campaign.rules.samplePercent !== null && campaign.rules.samplePercent < 100;
  const recipients = sampled ? Math.round((counts.eligible * campaign.rules.samplePercent!) / 100) : counts.eligible;
  return { ...counts, campaign, recipients, sampled, days: dripDays(recipients, campaign.rules.dailyCap) };
}
