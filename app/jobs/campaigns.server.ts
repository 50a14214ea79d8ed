import { setImmediate as yieldToEventLoop, setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { DAY_MS, isSampled, REMINDING_CAMPAIGN_STATUSES } from "../domain/campaign-rules";
import {
  countInvitations,
  countInvitationsDueAt,
  countSampledRecipients,
  dueReminders,
  findCampaign,
  insertInvitation,
  markReminded,
  nextFanOutCandidates,
  nextReminderAt,
  updateCampaign,
  type CampaignRow,
} from "../models/campaign.server";
import { countInvitationsDaily } from "../models/nps-rollup.server";
import { nextQueuedOutboxId } from "../models/outbox.server";
import { teamTimeZone } from "../models/settings.server";
import { personalizeInvitation, renderInvitationTemplates, type InvitationTemplates } from "../services/nps-email.server";
import { transaction } from "../utils/db.server";
import { enqueueEmail } from "../utils/email.server";
import { invitationTokens } from "../utils/invitation-tokens.server";
import { fanOutJob, reminderJob, type FanOutPayload } from "./job-types.server";

/*
 * A wave's invitations are written by jobs, in chunks, each chunk one transaction that inserts
 * the invitations and their outbox rows together (docs/decisions/011-campaign-fan-out.md).
 * Both jobs are idempotent: the (campaign, contact) unique index and a NOT EXISTS check inside
 * each transaction mean a job that runs twice after a crash never invites anyone twice.
 */

/** Contacts looked at per transaction: big enough to be fast, small enough to keep writes short. */
export const FAN_OUT_CHUNK = 100;
/**
 * Emails queued ahead of the sender (5 s of the provider's usual limit): past this, the fan-out
 * pauses between chunks and leaves the process to the sender, which must never wait for CPU
 * while the provider's window has room (P2).
 */
export const FAN_OUT_AHEAD = 5_000;
const FAN_OUT_AHEAD_PAUSE_MS = 250;
/** A job run hands the rest to a follow-up job after this long, well inside its lease. */
const RUN_BUDGET_MS = 30_000;

type Clock = () => number;

/** A scheduled wave starts here: it freezes its audience (contacts existing now) and recounts. */
function startScheduledWave(campaignId: number, now: number): CampaignRow | undefined {
  return transaction((tx) => {
    const campaign = findCampaign(campaignId, tx);
    if (campaign?.status !== "scheduled") return campaign;
    updateCampaign(tx, campaignId, {
      status: "sending",
      launchedAt: now,
      recipients: countSampledRecipients(campaignId, campaign.targeting, campaign.rules, now, now, tx),
    });
    return findCampaign(campaignId, tx);
  });
}

type ChunkOutcome = { kind: "continue"; cursor: number; lastOutboxId: number | null } | { kind: "stop" };

/**
 * One transaction of the fan-out: the next contacts after `cursor`, each invited (invitation +
 * outbox row) unless a rule excludes it or the sample leaves it out, up to the day's cap.
 */
function fanOutChunk(tx: Db, payload: FanOutPayload, cursor: number, templates: InvitationTemplates, now: number, outOfTime: boolean): ChunkOutcome {
  const campaign = findCampaign(payload.campaignId, tx);
  // Cancelled (or closed) between chunks: stop; the cancel already handled what was queued.
  if (campaign?.status !== "sending" || campaign.launchedAt === null) return { kind: "stop" };
  const { rules } = campaign;
  const dayStart = campaign.launchedAt + payload.day * DAY_MS;
  const room = rules.dailyCap === null ? Infinity : rules.dailyCap - countInvitationsDueAt(tx, campaign.id, dayStart);
  if (room <= 0) {
    const next: FanOutPayload = { campaignId: campaign.id, day: payload.day + 1, afterContactId: cursor };
    fanOutJob.enqueue(tx, next, { runAt: campaign.launchedAt + next.day * DAY_MS }, now);
    return { kind: "stop" };
  }
  const candidates = nextFanOutCandidates(tx, campaign, cursor, FAN_OUT_CHUNK, now);
  if (candidates.length === 0) {
    updateCampaign(tx, campaign.id, { status: "sent", recipients: countInvitations(campaign.id, tx) });
    return { kind: "stop" };
  }
  let invited = 0;
  let firstInvitationId: number | null = null;
  let lastOutboxId: number | null = null;
  let last = cursor;
  for (const contact of candidates) {
    if (invited >= room) break;
    last = contact.contactId;
    if (contact.reason !== null || !isSampled(campaign.id, contact.contactId, rules.samplePercent)) continue;
    // Only the tokens' hashes are stored; the email carries slots the worker fills when it sends.
    const tokens = invitationTokens(campaign.id, contact.contactId);
    const email = personalizeInvitation(templates[contact.locale], { contactId: contact.contactId, name: contact.name });
    const outboxId = enqueueEmail(tx, { ...email, to: contact.email, contactId: contact.contactId }, now);
    const invitationId = insertInvitation(tx, {
      campaignId: campaign.id,
      contactId: contact.contactId,
      accountId: contact.accountId,
      tokenHash: tokens.tokenHash,
      unsubscribeTokenHash: tokens.unsubscribeTokenHash,
      locale: contact.locale,
      status: "queued",
      dueAt: dayStart,
      outboxId,
      createdAt: now,
    });
    firstInvitationId ??= invitationId;
    lastOutboxId = outboxId;
    invited += 1;
  }
  // The chunk's invitations are the newest rows (writers are serialised): count them for the
  // dashboard by their rowid range, which reads only them.
  if (firstInvitationId !== null) countInvitationsDaily(tx, sql`i.id >= ${firstInvitationId}`, teamTimeZone());
  if (outOfTime) {
    const next: FanOutPayload = { campaignId: campaign.id, day: payload.day, afterContactId: last };
    fanOutJob.enqueue(tx, next, {}, now);
    return { kind: "stop" };
  }
  return { kind: "continue", cursor: last, lastOutboxId };
}

/** The fan-out job: writes a wave's invitations and emails from `afterContactId` on. */
export async function fanOutCampaign(rawPayload: unknown, clock: Clock = Date.now): Promise<void> {
  const payload = fanOutJob.parse(rawPayload);
  const started = clock();
  const campaign = startScheduledWave(payload.campaignId, started);
  if (campaign?.status !== "sending") return;
  // Rendering is async and slow: once per job run, never inside a transaction.
  const templates = await renderInvitationTemplates(campaign, "invitation");
  let cursor = payload.afterContactId;
  for (;;) {
    const now = clock();
    const chunkStarted = performance.now();
    const outcome = transaction((tx) => fanOutChunk(tx, payload, cursor, templates, now, now - started > RUN_BUDGET_MS));
    if (outcome.kind === "stop") return;
    cursor = outcome.cursor;
    // A chunk holds the event loop; rest half as long as it took, so sending (which needs the
    // loop for every request) and web requests keep a third of the process while a big wave is
    // written, and the wave is written well ahead of what the sender sends: a sender that
    // catches up with the fan-out sends part-filled batches, spending the provider's rate limit.
    // Outbox ids grow as emails are queued: the wave's newest email against the next one to be
    // sent bounds how many wait between them.
    const next = outcome.lastOutboxId === null ? null : nextQueuedOutboxId();
    const ahead = next !== null && outcome.lastOutboxId! - next >= FAN_OUT_AHEAD;
    await sleep(ahead ? FAN_OUT_AHEAD_PAUSE_MS : Math.max(1, (performance.now() - chunkStarted) / 2));
  }
}

export const REMINDER_CHUNK = 500;

/** The reminder job: one reminder to each non-responder whose first email is old enough. */
export async function sendCampaignReminders(rawPayload: unknown, clock: Clock = Date.now): Promise<void> {
  const { campaignId } = reminderJob.parse(rawPayload);
  const campaign = findCampaign(campaignId);
  const delayDays = campaign?.rules.reminderAfterDays ?? null;
  if (!campaign || delayDays === null || !(REMINDING_CAMPAIGN_STATUSES as readonly string[]).includes(campaign.status)) return;
  const templates = await renderInvitationTemplates(campaign, "reminder");
  const started = clock();
  for (;;) {
    const now = clock();
    const done = transaction((tx) => {
      const current = findCampaign(campaignId, tx);
      if (!current || !(REMINDING_CAMPAIGN_STATUSES as readonly string[]).includes(current.status)) return true;
      const due = dueReminders(tx, campaignId, delayDays, now, REMINDER_CHUNK);
      for (const row of due) {
        const tokens = invitationTokens(campaignId, row.contactId);
        // The server secret changed since the first email: its links cannot be derived again, so
        // the invitation takes the tokens the current secret derives, which the reminder carries
        // (the first email's links stop working).
        const rotated =
          tokens.tokenHash !== row.tokenHash || tokens.unsubscribeTokenHash !== row.unsubscribeTokenHash
            ? { tokenHash: tokens.tokenHash, unsubscribeTokenHash: tokens.unsubscribeTokenHash }
            : undefined;
        const email = personalizeInvitation(templates[row.locale], { contactId: row.contactId, name: row.name });
        const outboxId = enqueueEmail(tx, { ...email, to: row.email, contactId: row.contactId }, now);
        markReminded(tx, row.invitationId, outboxId, now, rotated);
      }
      if (due.length === REMINDER_CHUNK && now - started > RUN_BUDGET_MS) {
        reminderJob.enqueue(tx, { campaignId, afterInvitationId: due[due.length - 1].invitationId }, {}, now);
        return true;
      }
      if (due.length === REMINDER_CHUNK) return false;
      const next = nextReminderAt(tx, campaignId, delayDays, now, current.status === "sending");
      if (next !== null) reminderJob.enqueue(tx, { campaignId }, { runAt: next }, now);
      return true;
    });
    if (done) return;
    await yieldToEventLoop();
  }
}

/** Never earlier than the job was due: a worker whose clock lags the web node's must not act early. */
const notBefore =
  (runAt: number): Clock =>
  () =>
    Math.max(Date.now(), runAt);

fanOutJob.handle((payload, job) => fanOutCampaign(payload, notBefore(job.runAt)));
reminderJob.handle((payload, job) => sendCampaignReminders(payload, notBefore(job.runAt)));
