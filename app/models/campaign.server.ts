import { and, asc, count, desc, eq, gt, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, campaignCounts, campaignProgressCounts, campaigns, contacts, invitations, outbox, suppressions, users } from "../../db/schema";
import {
  EXCLUSION_REASONS,
  isSampled,
  newestEligibleStartDate,
  HANDED_OVER_OUTBOX_STATUSES,
  REMINDABLE_STATUSES,
  reminderCutoff,
  throttleCutoff,
  DAY_MS,
  type CampaignRules,
  type CampaignTargeting,
  type ExclusionReason,
} from "../domain/campaign-rules";
import { fanOutJob, reminderJob, type FanOutPayload, type ReminderPayload } from "../jobs/job-types.server";
import { fieldMessage } from "../domain/field-message";
import { db, preparedOn } from "../utils/db.server";
import { isUnanswered } from "./invitation.server";
import { countInvitationsDaily } from "./nps-rollup.server";
import { teamTimeZone } from "./settings.server";

export type CampaignRow = typeof campaigns.$inferSelect;

/** Background jobs of a wave (defined in app/jobs/job-types): writing its invitations and its reminders. */
export const FAN_OUT_JOB = fanOutJob.type;
export const REMINDER_JOB = reminderJob.type;
export type { FanOutPayload, ReminderPayload };

/** Contacts in the targeted accounts, segments, stages, CSMs and languages (all lists optional). */
function targetingClauses(targeting: CampaignTargeting): SQL[] {
  const clauses: SQL[] = [];
  if (targeting.segments?.length) clauses.push(inArray(accounts.segment, targeting.segments));
  if (targeting.stages?.length) clauses.push(inArray(accounts.stage, targeting.stages));
  if (targeting.locales?.length) clauses.push(inArray(contacts.locale, targeting.locales));
  // Long id lists travel as one JSON parameter rather than thousands of bound variables.
  if (targeting.csmUserIds?.length) clauses.push(sql`${accounts.csmUserId} IN (SELECT value FROM json_each(${JSON.stringify(targeting.csmUserIds)}))`);
  if (targeting.accountExternalIds?.length) {
    clauses.push(sql`${accounts.externalId} IN (SELECT value FROM json_each(${JSON.stringify(targeting.accountExternalIds)}))`);
  }
  return clauses;
}

type RuleInput = Pick<CampaignRules, "throttleDays" | "minAccountAgeDays">;

/**
 * The first rule that leaves a contact out, as SQL (same order as `exclusionReason` in the
 * domain): each check is an index lookup — the suppression list by its primary key, the
 * contact's recent invitations through `invitations_contact_idx` — so it stays fast on
 * hundreds of thousands of contacts. Invitations of `campaignId` itself never throttle.
 */
function exclusionCase(rules: RuleInput, now: number, campaignId: number): SQL<ExclusionReason | null> {
  const cutoff = throttleCutoff(now, rules.throttleDays);
  const throttled =
    rules.throttleDays > 0
      ? sql`WHEN EXISTS (SELECT 1 FROM ${invitations} i WHERE i.contact_id = ${contacts.id} AND i.created_at > ${cutoff} AND i.campaign_id <> ${campaignId}) THEN 'throttled'`
      : sql``;
  return sql<ExclusionReason | null>`CASE
    WHEN ${contacts.unsubscribedAt} IS NOT NULL THEN 'unsubscribed'
    WHEN EXISTS (SELECT 1 FROM ${suppressions} s WHERE s.email = ${contacts.email}) THEN 'suppressed'
    ${throttled}
    WHEN ${accounts.startDate} > ${newestEligibleStartDate(now, rules.minAccountAgeDays)} THEN 'tooNew'
    ELSE NULL END`;
}

export type AudienceCounts = {
  targeted: number;
  excluded: Record<ExclusionReason, number>;
  /** Targeted minus every exclusion: who would be invited before sampling. */
  eligible: number;
};

/** One grouped query: how many contacts the targeting reaches and how many each rule removes. */
export function countAudience(
  targeting: CampaignTargeting,
  rules: RuleInput,
  now: number,
  options: { createdBefore?: number; campaignId?: number } = {},
  conn: Db = db,
): AudienceCounts {
  const reason = exclusionCase(rules, now, options.campaignId ?? 0);
  const clauses = targetingClauses(targeting);
  if (options.createdBefore !== undefined) clauses.push(lte(contacts.createdAt, new Date(options.createdBefore)));
  const rows = conn
    .select({ reason, n: count() })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(and(...clauses))
    .groupBy(reason)
    .all();
  const excluded = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Record<ExclusionReason, number>;
  let targeted = 0;
  let eligible = 0;
  for (const row of rows) {
    targeted += row.n;
    if (row.reason === null) eligible += row.n;
    else excluded[row.reason] += row.n;
  }
  return { targeted, excluded, eligible };
}

/**
 * Ids of the contacts who would be invited (every exclusion applied, in id order). Used to
 * count a sample exactly at launch, where the campaign id that seeds the sample is known.
 */
export function eligibleContactIds(
  targeting: CampaignTargeting,
  rules: RuleInput,
  now: number,
  options: { createdBefore?: number; campaignId?: number } = {},
  conn: Db = db,
): number[] {
  const clauses = targetingClauses(targeting);
  if (options.createdBefore !== undefined) clauses.push(lte(contacts.createdAt, new Date(options.createdBefore)));
  clauses.push(sql`${exclusionCase(rules, now, options.campaignId ?? 0)} IS NULL`);
  return conn
    .select({ id: contacts.id })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(and(...clauses))
    .orderBy(asc(contacts.id))
    .all()
    .map((row) => row.id);
}

/** Recipients of a wave: the eligible contacts its deterministic sample keeps. */
export function countSampledRecipients(
  campaignId: number,
  targeting: CampaignTargeting,
  rules: CampaignRules,
  now: number,
  createdBefore: number | undefined,
  conn: Db = db,
): number {
  const ids = eligibleContactIds(targeting, rules, now, { createdBefore, campaignId }, conn);
  if (rules.samplePercent === null) return ids.length;
  return ids.filter((id) => isSampled(campaignId, id, rules.samplePercent)).length;
}

export type FanOutCandidate = {
  contactId: number;
  accountId: number;
  email: string;
  name: string | null;
  locale: "en" | "ja";
  reason: ExclusionReason | null;
};

/**
 * The next `limit` targeted contacts after `afterContactId` (id order) that this wave has not
 * invited yet, each with the rule that excludes it (or null). Only contacts that existed when
 * the wave started sending take part: later additions wait for the next wave.
 */
export function nextFanOutCandidates(
  tx: Db,
  campaign: Pick<CampaignRow, "id" | "targeting" | "rules" | "launchedAt">,
  afterContactId: number,
  limit: number,
  now: number,
): FanOutCandidate[] {
  const clauses = targetingClauses(campaign.targeting as CampaignTargeting);
  clauses.push(gt(contacts.id, afterContactId));
  clauses.push(lte(contacts.createdAt, new Date(campaign.launchedAt ?? now)));
  clauses.push(sql`NOT EXISTS (SELECT 1 FROM ${invitations} mine WHERE mine.campaign_id = ${campaign.id} AND mine.contact_id = ${contacts.id})`);
  return tx
    .select({
      contactId: contacts.id,
      accountId: contacts.accountId,
      email: contacts.email,
      name: contacts.name,
      locale: contacts.locale,
      reason: exclusionCase(campaign.rules as CampaignRules, now, campaign.id),
    })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(and(...clauses))
    .orderBy(asc(contacts.id))
    .limit(limit)
    .all();
}

export function insertCampaign(tx: Db, values: typeof campaigns.$inferInsert): CampaignRow {
  return tx.insert(campaigns).values(values).returning().get();
}

export function findCampaign(id: number, conn: Db = db): CampaignRow | undefined {
  return conn.select().from(campaigns).where(eq(campaigns.id, id)).get();
}

export function updateCampaign(tx: Db, id: number, change: Partial<typeof campaigns.$inferInsert>) {
  tx.update(campaigns).set(change).where(eq(campaigns.id, id)).run();
}

const INSERT_INVITATION = `INSERT INTO invitations (campaign_id, contact_id, account_id, token_hash, unsubscribe_token_hash, locale, status, due_at, outbox_id, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`;

type NewInvitation = Pick<
  typeof invitations.$inferInsert,
  "campaignId" | "contactId" | "accountId" | "tokenHash" | "unsubscribeTokenHash" | "locale" | "dueAt" | "createdAt"
> & {
  status: NonNullable<typeof invitations.$inferInsert.status>;
  outboxId: number | null;
};

/** One per recipient of a wave: a statement prepared once per connection (see `preparedOn`). */
export function insertInvitation(tx: Db, v: NewInvitation): number {
  const row = preparedOn(tx, INSERT_INVITATION).get(
    v.campaignId,
    v.contactId,
    v.accountId,
    v.tokenHash,
    v.unsubscribeTokenHash,
    v.locale,
    v.status,
    v.dueAt,
    v.outboxId,
    v.createdAt,
  ) as { id: number };
  return row.id;
}

/** How many invitations of a wave were written for the drip day starting at `dayStart`. */
export function countInvitationsDueAt(tx: Db, campaignId: number, dayStart: number): number {
  return (
    tx
      .select({ n: count() })
      .from(invitations)
      .where(and(eq(invitations.campaignId, campaignId), eq(invitations.dueAt, dayStart)))
      .get()?.n ?? 0
  );
}

export function countInvitations(campaignId: number, conn: Db = db): number {
  return conn.select({ n: count() }).from(invitations).where(eq(invitations.campaignId, campaignId)).get()?.n ?? 0;
}

/** Staff user ids among `ids` that exist; for refusing a targeting that names unknown CSMs. */
export function existingUserIds(ids: number[]): Set<number> {
  if (ids.length === 0) return new Set();
  return new Set(
    db
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.id, ids))
      .all()
      .map((r) => r.id),
  );
}

/** Account external ids among `ids` that exist. */
export function existingAccountExternalIds(ids: string[]): Set<string> {
  if (ids.length === 0) return new Set();
  return new Set(
    db
      .select({ externalId: accounts.externalId })
      .from(accounts)
      .where(sql`${accounts.externalId} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`)
      .all()
      .map((r) => r.externalId),
  );
}

/** Why an email of a cancelled wave was not sent: a code the console words in its reader's language. */
export const CANCELLED_BY_CAMPAIGN = fieldMessage("outboxCampaignCancelled");

/** Marks a wave's emails still waiting in the outbox (first emails and reminders) `dead` with `reason`; returns how many. */
export function markQueuedCampaignEmailsDead(tx: Db, campaignId: number, reason: string): number {
  return tx
    .update(outbox)
    .set({ status: "dead", lastError: reason })
    .where(
      and(eq(outbox.status, "queued"), sql`${outbox.id} IN (SELECT outbox_id FROM ${invitations} WHERE campaign_id = ${campaignId} AND outbox_id IS NOT NULL)`),
    )
    .run().changes;
}

/** A wave's invitations not sent yet: pending or queued, with no email or one that will not go out. */
export function unsentInvitationsOf(campaignId: number): SQL {
  return sql`campaign_id = ${campaignId} AND status IN ('pending', 'queued') AND (outbox_id IS NULL OR outbox_id IN (SELECT id FROM ${outbox} WHERE status = 'dead'))`;
}

/** Takes the invitations `where` selects out of the dashboard's daily invitation counts (the team's days). */
export function uncountInvitations(tx: Db, where: SQL) {
  countInvitationsDaily(tx, sql`i.id IN (SELECT id FROM ${invitations} WHERE ${where})`, teamTimeZone(), -1);
}

/** Sets the status of the invitations `where` selects; returns how many. */
export function setInvitationsStatus(tx: Db, where: SQL, status: "cancelled"): number {
  return tx.update(invitations).set({ status }).where(where).run().changes;
}

export type ReminderCandidate = {
  invitationId: number;
  contactId: number;
  name: string | null;
  email: string;
  locale: "en" | "ja";
  tokenHash: string;
  unsubscribeTokenHash: string;
};

/**
 * When an invitation's first email went out: the webhook's time when the provider reported it,
 * else the outbox's hand-over time (local delivery has no webhook).
 */
const handedOver = inArray(outbox.status, [...HANDED_OVER_OUTBOX_STATUSES]);
const firstSentAt = sql<number | null>`coalesce(${invitations.sentAt}, CASE WHEN ${handedOver} THEN ${outbox.sentAt} END)`;
/** The SQL form of the domain's `reachedContact`. */
const reachedContact = sql`(${inArray(invitations.status, [...REMINDABLE_STATUSES])} OR (${invitations.status} = 'queued' AND ${handedOver}))`;

/** Still open for a reminder: not answered, not reminded, contact reachable. */
function openForReminder(campaignId: number): SQL {
  return and(
    eq(invitations.campaignId, campaignId),
    isUnanswered,
    isNull(invitations.remindedAt),
    isNull(contacts.unsubscribedAt),
    sql`NOT EXISTS (SELECT 1 FROM ${suppressions} s WHERE s.email = ${contacts.email})`,
  )!;
}

/** Invitations of a wave due their one reminder now (the SQL form of `isReminderDue`). */
export function dueReminders(tx: Db, campaignId: number, reminderAfterDays: number, now: number, limit: number): ReminderCandidate[] {
  return tx
    .select({
      invitationId: invitations.id,
      contactId: invitations.contactId,
      name: contacts.name,
      email: contacts.email,
      locale: invitations.locale,
      tokenHash: invitations.tokenHash,
      unsubscribeTokenHash: invitations.unsubscribeTokenHash,
    })
    .from(invitations)
    .innerJoin(contacts, eq(contacts.id, invitations.contactId))
    .leftJoin(outbox, eq(outbox.id, invitations.outboxId))
    .where(and(openForReminder(campaignId), reachedContact, sql`${firstSentAt} <= ${reminderCutoff(now, reminderAfterDays)}`))
    .orderBy(asc(invitations.id))
    .limit(limit)
    .all();
}

/**
 * When the next reminder falls due, after the due ones are done: the earliest first email not
 * yet old enough plus the delay; and, while emails of the wave are still waiting to go out (or
 * the fan-out still runs), no later than one full delay from now. Null: nobody can need one.
 */
export function nextReminderAt(tx: Db, campaignId: number, reminderAfterDays: number, now: number, fanOutRunning: boolean): number | null {
  const delay = reminderAfterDays * DAY_MS;
  const earliest = tx
    .select({ at: sql<number | null>`min(${firstSentAt})` })
    .from(invitations)
    .innerJoin(contacts, eq(contacts.id, invitations.contactId))
    .leftJoin(outbox, eq(outbox.id, invitations.outboxId))
    .where(and(openForReminder(campaignId), reachedContact, sql`${firstSentAt} > ${reminderCutoff(now, reminderAfterDays)}`))
    .get()?.at;
  const waiting =
    fanOutRunning ||
    tx
      .select({ id: invitations.id })
      .from(invitations)
      .leftJoin(outbox, eq(outbox.id, invitations.outboxId))
      .where(
        and(
          eq(invitations.campaignId, campaignId),
          inArray(invitations.status, ["pending", "queued"]),
          sql`coalesce(${outbox.status}, 'queued') IN ('queued','sending')`,
        ),
      )
      .limit(1)
      .get() !== undefined;
  const candidates = [earliest == null ? null : earliest + delay, waiting ? now + delay : null].filter((at): at is number => at !== null);
  return candidates.length ? Math.min(...candidates) : null;
}

export function markReminded(tx: Db, invitationId: number, outboxId: number, now: number, hashes?: { tokenHash: string; unsubscribeTokenHash: string }) {
  tx.update(invitations)
    .set({ remindedAt: now, outboxId, ...(hashes ?? {}) })
    .where(eq(invitations.id, invitationId))
    .run();
}

export type CampaignProgress = {
  invitations: number;
  queued: number;
  sent: number;
  delivered: number;
  bounced: number;
  complained: number;
  failed: number;
  cancelled: number;
  answered: number;
  scanned: number;
  reminded: number;
};

/**
 * A wave's live counts. "Sent" counts every email handed to
 * the provider (or, without one, to the local outbox) whether or not a webhook said so yet.
 */
export function campaignProgress(campaignId: number, conn: Db = db): CampaignProgress {
  // Summed from `campaign_progress_counts` (kept by triggers, migration 0014): a few rows per
  // wave instead of every one of its invitations. The CASEs are the page's definitions.
  const c = campaignProgressCounts;
  const n = c.invitations;
  const handedOver = sql`(${c.status} IN ('sent','delivered','delayed','bounced','complained') OR (${c.status} = 'queued' AND ${c.taken} = 1))`;
  const row = conn
    .select({
      invitations: sql<number>`coalesce(sum(${n}), 0)`,
      queued: sql<number>`coalesce(sum(CASE WHEN ${c.status} = 'pending' OR (${c.status} = 'queued' AND ${c.taken} = 0) THEN ${n} ELSE 0 END), 0)`,
      sent: sql<number>`coalesce(sum(CASE WHEN ${handedOver} THEN ${n} ELSE 0 END), 0)`,
      delivered: sql<number>`coalesce(sum(CASE WHEN ${c.status} = 'delivered' OR ${c.delivered} = 1 THEN ${n} ELSE 0 END), 0)`,
      bounced: sql<number>`coalesce(sum(CASE WHEN ${c.status} = 'bounced' THEN ${n} ELSE 0 END), 0)`,
      complained: sql<number>`coalesce(sum(CASE WHEN ${c.status} = 'complained' THEN ${n} ELSE 0 END), 0)`,
      failed: sql<number>`coalesce(sum(CASE WHEN ${c.status} = 'failed' THEN ${n} ELSE 0 END), 0)`,
      cancelled: sql<number>`coalesce(sum(CASE WHEN ${c.status} = 'cancelled' THEN ${n} ELSE 0 END), 0)`,
      // Kept exact by the response triggers of migration 0010.
      answered: sql<number>`coalesce((SELECT ${campaignCounts.answered} FROM ${campaignCounts} WHERE ${campaignCounts.campaignId} = ${campaignId}), 0)`,
      scanned: sql<number>`coalesce(sum(CASE WHEN ${c.scanned} = 1 THEN ${n} ELSE 0 END), 0)`,
      reminded: sql<number>`coalesce(sum(CASE WHEN ${c.reminded} = 1 THEN ${n} ELSE 0 END), 0)`,
    })
    .from(c)
    .where(eq(c.campaignId, campaignId))
    .get();
  return row ?? { invitations: 0, queued: 0, sent: 0, delivered: 0, bounced: 0, complained: 0, failed: 0, cancelled: 0, answered: 0, scanned: 0, reminded: 0 };
}

/** The console's list of waves, newest first, with their reach and answers. */
export function listCampaigns(limit = 100, conn: Db = db) {
  return conn
    .select({
      id: campaigns.id,
      name: campaigns.name,
      status: campaigns.status,
      recipients: campaigns.recipients,
      scheduledAt: campaigns.scheduledAt,
      launchedAt: campaigns.launchedAt,
      createdAt: campaigns.createdAt,
      // Kept by triggers (campaign_counts): counting here read every invitation of every wave.
      invited: sql<number>`coalesce(${campaignCounts.invited}, 0)`,
      reached: sql<number>`coalesce(${campaignCounts.reached}, 0)`,
      answered: sql<number>`coalesce(${campaignCounts.answered}, 0)`,
    })
    .from(campaigns)
    .leftJoin(campaignCounts, eq(campaignCounts.campaignId, campaigns.id))
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(limit)
    .all();
}

export function userName(id: number | null): string | null {
  if (id === null) return null;
  return db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? null;
}
