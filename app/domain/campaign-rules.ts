import { z } from "zod";
import { fieldMessage } from "./field-message";

/**
 * The rules of a survey wave, written down once: who is left out (and why), who is sampled,
 * when each recipient is due under a daily cap, and who gets the one reminder. Pure: the
 * audience SQL and the jobs use the cut-offs computed here, and the unit tests pin them.
 */

export { DAY_MS } from "./days";
import { DAY_MS } from "./days";

export const CAMPAIGN_SEGMENTS = ["high", "low", "tech"] as const;
export const CAMPAIGN_STAGES = ["onboarding", "adoption", "expansion", "renewal"] as const;
export const CAMPAIGN_LOCALES = ["en", "ja"] as const;

/** Why a targeted contact is not invited, in the order the checks apply (first match wins). */
export const EXCLUSION_REASONS = ["unsubscribed", "suppressed", "throttled", "tooNew"] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

const externalId = z
  .string()
  .trim()
  .min(1, fieldMessage("campaignAccountId", { max: 200 }))
  .max(200, fieldMessage("campaignAccountId", { max: 200 }));

/** Days in a rule: whole, within bounds, refused with a code the reader's page words. */
const days = (min: number, max: number) =>
  z
    .number(fieldMessage("campaignWholeNumber"))
    .int(fieldMessage("campaignWholeNumber"))
    .min(min, fieldMessage("campaignDays", { min, max }))
    .max(max, fieldMessage("campaignDays", { min, max }));

/** Who a wave targets. Every list is optional; an empty list means "no filter on that". */
export const CampaignTargeting = z.object({
  segments: z
    .array(z.enum(CAMPAIGN_SEGMENTS, fieldMessage("campaignSegments")))
    .max(3, fieldMessage("campaignSegments"))
    .optional(),
  stages: z
    .array(z.enum(CAMPAIGN_STAGES, fieldMessage("campaignStages")))
    .max(4, fieldMessage("campaignStages"))
    .optional(),
  csmUserIds: z
    .array(z.number(fieldMessage("campaignCsms")).int(fieldMessage("campaignCsms")).positive(fieldMessage("campaignCsms")))
    .max(500, fieldMessage("campaignCsms"))
    .optional(),
  locales: z
    .array(z.enum(CAMPAIGN_LOCALES, fieldMessage("campaignLocales")))
    .max(2, fieldMessage("campaignLocales"))
    .optional(),
  accountExternalIds: z
    .array(externalId)
    .max(10_000, fieldMessage("campaignAccountsTooMany", { max: "10,000" }))
    .optional(),
});
export type CampaignTargeting = z.infer<typeof CampaignTargeting>;

export const CampaignRules = z.object({
  throttleDays: days(0, 365),
  minAccountAgeDays: days(0, 365),
  samplePercent: z
    .number(fieldMessage("campaignWholeNumber"))
    .int(fieldMessage("campaignWholeNumber"))
    .min(1, fieldMessage("campaignSampleMin"))
    .max(100, fieldMessage("campaignSampleMax"))
    .nullable(),
  dailyCap: z
    .number(fieldMessage("campaignWholeNumber"))
    .int(fieldMessage("campaignWholeNumber"))
    .min(1, fieldMessage("campaignDailyCapMin"))
    .max(1_000_000, fieldMessage("campaignDailyCapMax", { max: "1,000,000" }))
    .nullable(),
  reminderAfterDays: days(1, 30).nullable(),
});
export type CampaignRules = z.infer<typeof CampaignRules>;

/** A campaign's name, as the console form and the API give it. */
export const CampaignName = z
  .string(fieldMessage("campaignName"))
  .trim()
  .min(1, fieldMessage("campaignName"))
  .max(120, fieldMessage("campaignNameTooLong", { max: 120 }));

/** A campaign definition as the console and the API submit it; missing rules come from the survey settings. */
export const CampaignInput = z.object({
  name: CampaignName,
  targeting: CampaignTargeting.default({}),
  rules: CampaignRules.partial().default({}),
});
export type CampaignInput = z.input<typeof CampaignInput>;

/** Drops empty lists so a stored targeting reads as exactly what filters apply. */
export function normalizeTargeting(targeting: CampaignTargeting): CampaignTargeting {
  const out: CampaignTargeting = {};
  for (const key of Object.keys(targeting) as (keyof CampaignTargeting)[]) {
    const list = targeting[key];
    if (list && list.length > 0) (out as Record<string, unknown>)[key] = [...new Set(list as unknown[])];
  }
  return out;
}

/**
 * Invitations created after this instant count as "surveyed recently". A contact last invited
 * exactly `throttleDays` ago is eligible again; a throttle of 0 days never excludes anyone.
 */
export function throttleCutoff(now: number, throttleDays: number): number {
  return now - throttleDays * DAY_MS;
}

export function isThrottled(lastInvitedAt: number | null, now: number, throttleDays: number): boolean {
  return throttleDays > 0 && lastInvitedAt !== null && lastInvitedAt > throttleCutoff(now, throttleDays);
}

/** ISO date (UTC) of `epochMs`. */
export function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/**
 * Accounts that started after this ISO date are too new to survey: an account that started
 * exactly `minAccountAgeDays` days ago (by UTC calendar date) is old enough.
 */
export function newestEligibleStartDate(now: number, minAccountAgeDays: number): string {
  return isoDate(now - minAccountAgeDays * DAY_MS);
}

export function isAccountTooNew(startDate: string, now: number, minAccountAgeDays: number): boolean {
  return startDate > newestEligibleStartDate(now, minAccountAgeDays);
}

export type ContactFacts = {
  unsubscribedAt: number | null;
  suppressed: boolean;
  /** Creation time of the contact's most recent invitation in another wave. */
  lastInvitedAt: number | null;
  accountStartDate: string;
};

/** The first rule that leaves a contact out of a wave, or null when the contact is invited. */
export function exclusionReason(contact: ContactFacts, rules: Pick<CampaignRules, "throttleDays" | "minAccountAgeDays">, now: number): ExclusionReason | null {
  if (contact.unsubscribedAt !== null) return "unsubscribed";
  if (contact.suppressed) return "suppressed";
  if (isThrottled(contact.lastInvitedAt, now, rules.throttleDays)) return "throttled";
  if (isAccountTooNew(contact.accountStartDate, now, rules.minAccountAgeDays)) return "tooNew";
  return null;
}

/**
 * A stable bucket 0…9,999 for a contact in a wave (FNV-1a, then a murmur3 finalizer for an
 * even spread). The same campaign and contact always land in the same bucket, so re-running
 * a fan-out after a crash, or previewing twice, picks the same sample.
 */
export function sampleBucket(campaignId: number, contactId: number): number {
  const input = `${campaignId}:${contactId}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) % 10_000;
}

/** Keeps a contact when its bucket falls below the percentage; no sampling keeps everyone. */
export function isSampled(campaignId: number, contactId: number, samplePercent: number | null): boolean {
  if (samplePercent === null || samplePercent >= 100) return true;
  return sampleBucket(campaignId, contactId) < samplePercent * 100;
}

/**
 * Under a daily cap, the i-th recipient (0-based, in send order) is due `floor(i / cap)` days
 * after the start; without a cap everyone is due at the start.
 */
export function dripDueAt(start: number, index: number, dailyCap: number | null): number {
  if (dailyCap === null) return start;
  return start + Math.floor(index / dailyCap) * DAY_MS;
}

/** How many days a wave of `recipients` takes under a daily cap (at least one). */
export function dripDays(recipients: number, dailyCap: number | null): number {
  if (dailyCap === null || recipients === 0) return 1;
  return Math.ceil(recipients / dailyCap);
}

export type ReminderFacts = {
  status: string;
  /** When the provider reported the first email sent (webhook). */
  sentAt: number | null;
  answeredAt: number | null;
  remindedAt: number | null;
  contactUnsubscribedAt: number | null;
  suppressed: boolean;
  /** The first email's outbox row: with local delivery (no webhook) its hand-over is the send. */
  outboxStatus?: string | null;
  outboxSentAt?: number | null;
};

/** Invitation states in which the email reached (or is reaching) the contact. */
export const REMINDABLE_STATUSES = ["sent", "delivered", "delayed"] as const;

/** Outbox states in which the email has left Kizuna: handed to the provider, or delivered locally. */
export const HANDED_OVER_OUTBOX_STATUSES = ["sent", "local"] as const;

const handedOver = (status: string | null | undefined) => (HANDED_OVER_OUTBOX_STATUSES as readonly (string | null | undefined)[]).includes(status);

/** When the first email went out: the provider's report, else the outbox's hand-over. */
export function firstEmailSentAt(invitation: Pick<ReminderFacts, "sentAt" | "outboxStatus" | "outboxSentAt">): number | null {
  return invitation.sentAt ?? (handedOver(invitation.outboxStatus) ? (invitation.outboxSentAt ?? null) : null);
}

/** The first email reached the contact, or left Kizuna while no webhook has said more (still `queued`). */
export function reachedContact(invitation: Pick<ReminderFacts, "status" | "outboxStatus">): boolean {
  return (REMINDABLE_STATUSES as readonly string[]).includes(invitation.status) || (invitation.status === "queued" && handedOver(invitation.outboxStatus));
}

/** A first email sent at or before this instant is old enough for the reminder. */
export function reminderCutoff(now: number, reminderAfterDays: number): number {
  return now - reminderAfterDays * DAY_MS;
}

/** Campaign states in which reminders go out. */
export const REMINDING_CAMPAIGN_STATUSES = ["sending", "sent"] as const;

/**
 * One reminder, to non-responders only: the first email went out at least `reminderAfterDays`
 * ago, nobody answered, the address did not bounce or complain, the contact did not
 * unsubscribe, no reminder was sent yet, and the wave still runs.
 */
export function isReminderDue(invitation: ReminderFacts, campaign: { status: string; reminderAfterDays: number | null }, now: number): boolean {
  if (campaign.reminderAfterDays === null) return false;
  if (!(REMINDING_CAMPAIGN_STATUSES as readonly string[]).includes(campaign.status)) return false;
  if (!reachedContact(invitation)) return false;
  if (invitation.answeredAt !== null || invitation.remindedAt !== null) return false;
  if (invitation.contactUnsubscribedAt !== null || invitation.suppressed) return false;
  const sentAt = firstEmailSentAt(invitation);
  return sentAt !== null && sentAt <= reminderCutoff(now, campaign.reminderAfterDays);
}

/** Answered over invitations that reached people, as a percent with one decimal; null before any did. */
export function responseRate(answered: number, reached: number): number | null {
  if (reached <= 0) return null;
  return Math.round((answered / reached) * 1000) / 10;
}
