import { randomUUID } from "node:crypto";
import { Resend, type CreateEmailOptions } from "resend";
import {
  classifyProviderFailure,
  deliveryBackoffMs,
  exhaustedWindowPauseUntil,
  MAX_DELIVERY_ATTEMPTS,
  normalizeProviderFailure,
  providerPauseUntil,
  trackRateWindow,
  windowHasRoom,
  type ProviderFailure,
  type RateWindow,
} from "../domain/delivery-policy";
import { maskLinkTokens } from "../domain/email-links";
import { fieldMessage, joinMessages } from "../domain/field-message";
import { claimOutboxBatch, markDueOutboxLocal, markOutboxDead, markOutboxSent, requeueOutbox, type SendableOutboxRow } from "../models/outbox.server";
import { fillLinks } from "../utils/email-links.server";
import { env } from "../utils/env.server";
import { countProviderRateLimited } from "../utils/metrics.server";

/** Resend's batch endpoint takes at most 100 emails a call. */
export const OUTBOX_BATCH_LIMIT = 100;
/** Long enough for a slow send to finish; short enough that a crashed worker's batch is retried soon. */
export const OUTBOX_LEASE_MS = 2 * 60_000;
export const SEND_TIMEOUT_MS = 30_000;

export type DeliverySummary = {
  /** Rows taken from the queue in this step (0: nothing was due, or the sender is paused). */
  claimed: number;
  sent: number;
  local: number;
  retried: number;
  dead: number;
  /** Set while the provider asked us to wait, or a batch of wave emails is filling: nothing is sent before this time. */
  pausedUntil: number | null;
};

const idle = (): DeliverySummary => ({ claimed: 0, sent: 0, local: 0, retried: 0, dead: 0, pausedUntil: null });

// The provider's rate limit is per account, not per batch: while it asks us to wait, every send
// in this process waits (rows stay queued and lose no attempt).
let notBefore = 0;
// The provider's current rate-limit window as its answers describe it (see trackRateWindow).
let rateWindow: RateWindow | null = null;
// Requests sent and not yet answered, across the worker's sending lanes.
let inFlight = 0;
// Requests are numbered as sent; an answer that overtook a later request's answer is stale news
// about the rate window (lanes' answers can arrive out of order).
let lastSent = 0;
let lastTracked = 0;

export type ProviderResult =
  | { ok: true; ids: (string | null)[]; headers: Record<string, string> | null }
  | { ok: false; failure: ProviderFailure; headers: Record<string, string> | null };

/**
 * The idempotency key of a request. One email: its row (with its creation time, so a fresh
 * database reusing ids within Resend's 24-hour window never collides). Several: the batch,
 * whose id is random and kept across retries, so a resent batch is recognized.
 */
export function idempotencyKeyFor(rows: Pick<SendableOutboxRow, "id" | "createdAt" | "batchId">[]): string {
  return rows.length === 1 ? `outbox-${rows[0].id}-${rows[0].createdAt}` : `batch-${rows[0].batchId}`;
}

/**
 * The email as it leaves: the row's body with its links' tokens minted now (they are never
 * stored, docs/decisions/027-no-working-links-at-rest.md). The same row gives the same body on
 * every attempt, so a resend matches its idempotency key.
 */
function toResendEmail(row: SendableOutboxRow): CreateEmailOptions {
  const { html, text, headers } = fillLinks(row, row.links);
  return {
    from: row.fromEmail,
    to: [row.toEmail],
    subject: row.subject,
    html,
    text,
    ...(row.replyTo ? { replyTo: row.replyTo } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(row.tags.length ? { tags: row.tags } : {}),
  };
}

/**
 * The one call to the provider: the real Resend SDK, `emails.send` for one row and
 * `batch.send` for several, each with its idempotency key and a timeout.
 */
export async function postToResend(resend: Resend, rows: SendableOutboxRow[], timeoutMs = SEND_TIMEOUT_MS): Promise<ProviderResult> {
  const options = { idempotencyKey: idempotencyKeyFor(rows), signal: AbortSignal.timeout(timeoutMs) };
  // The SDK hands on whatever JSON an error answer held (a proxy's page, a body without a
  // status): normalized, an error it could not read counts as temporary, never as a refusal.
  if (rows.length === 1) {
    const { data, error, headers } = await resend.emails.send(toResendEmail(rows[0]), options);
    return error || !data ? { ok: false, failure: normalizeProviderFailure(error), headers } : { ok: true, ids: [idOf(data)], headers };
  }
  const { data, error, headers } = await resend.batch.send(rows.map(toResendEmail), options);
  if (error || !data) return { ok: false, failure: normalizeProviderFailure(error), headers };
  // Accepted: the emails are on their way even if the answer lists no ids to keep.
  const listed: unknown[] = Array.isArray(data.data) ? data.data : [];
  return { ok: true, ids: rows.map((_, i) => idOf(listed[i])), headers };
}

function idOf(entry: unknown): string | null {
  const id = typeof entry === "object" && entry !== null ? (entry as { id?: unknown }).id : undefined;
  return typeof id === "string" ? id : null;
}

let client: { key: string; baseUrl: string | undefined; resend: Resend } | null = null;

function resendClient(key: string, baseUrl: string | undefined): Resend {
  if (!client || client.key !== key || client.baseUrl !== baseUrl) {
    client = { key, baseUrl, resend: new Resend(key, baseUrl ? { baseUrl } : undefined) };
  }
  return client.resend;
}

/**
 * The failure as the console words it in its reader's language: a code with the provider's own
 * status, error name and message (those stay as Resend wrote them).
 */
function describe(failure: ProviderFailure): string {
  // The message is shown in the console: a provider quoting a link must not show its token.
  const said = { name: failure.name, message: maskLinkTokens(failure.message) };
  return failure.statusCode === null
    ? fieldMessage("outboxProviderSilent", said)
    : fieldMessage("outboxProviderRefused", { status: failure.statusCode, ...said });
}

/**
 * One step of the worker: takes the next batch from the outbox and delivers it.
 * - With RESEND_API_KEY: through the Resend SDK (batch API when several are due), with an
 *   idempotency key per request, so a crash mid-send means a retry, never a duplicate.
 *   429: the sender pauses until the provider's window reopens, the rows wait without losing
 *   an attempt. 5xx/timeouts: exponential backoff with jitter, dead after MAX_DELIVERY_ATTEMPTS.
 *   Validation errors: dead at once; a batch refused as a whole is retried one email at a time
 *   so one bad address does not sink the others.
 * - Without: every due row is marked `local`; admins read it at /cs/outbox.
 */
export async function deliverOutbox(options: { now?: number; timeoutMs?: number; limit?: number } = {}): Promise<DeliverySummary> {
  const now = options.now ?? Date.now();
  const { RESEND_API_KEY, RESEND_BASE_URL } = env();
  if (!RESEND_API_KEY) {
    const local = markDueOutboxLocal(now);
    return { ...idle(), claimed: local, local };
  }
  if (now < notBefore) return { ...idle(), pausedUntil: notBefore };
  // Another lane's request may spend the rest of the window: wait for its reset.
  if (!windowHasRoom(rateWindow, inFlight, now)) return { ...idle(), pausedUntil: rateWindow!.resetsBy };

  const { rows, fillUntil } = claimOutboxBatch(now, now + OUTBOX_LEASE_MS, randomUUID(), options.limit ?? OUTBOX_BATCH_LIMIT);
  // A part-filled batch of a wave's emails is filling: look again when it is full or has waited.
  if (fillUntil !== undefined) return { ...idle(), pausedUntil: fillUntil };
  const summary = { ...idle(), claimed: rows.length };
  if (rows.length === 0) return summary;

  const resend = resendClient(RESEND_API_KEY, RESEND_BASE_URL);
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const batchId = rows[0].batchId!;
  // Pauses count from the provider's answer, not from the claim: `now` moved on by the
  // request's duration (a caller's `now` is honoured, shifted by the real elapsed time).
  const clockAtClaim = Date.now();
  const answeredAt = () => now + (Date.now() - clockAtClaim);
  const send = async (batch: SendableOutboxRow[]): Promise<ProviderResult & { seq: number }> => {
    const seq = ++lastSent;
    inFlight += 1;
    try {
      return { ...(await postToResend(resend, batch, timeoutMs)), seq };
    } finally {
      inFlight -= 1;
    }
  };
  const result = await send(rows);
  const outcome = settle(batchId, rows, result, now, answeredAt(), summary);

  if (outcome === "rejected-batch") {
    // Resend validates a batch strictly: one bad email refuses all. Send each on its own, under
    // its own key; a crash here reclaims the batch, which is refused again and split again.
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (now < notBefore) {
        for (const waiting of rows.slice(i)) {
          requeueOutbox(batchId, [waiting.id], {
            nextAttemptAt: notBefore,
            lastError: fieldMessage("outboxRateLimited"),
            countAttempt: false,
            keepBatchId: soloBatchId(batchId, waiting),
          });
        }
        summary.retried += rows.length - i;
        break;
      }
      const single = await send([row]);
      settle(batchId, [row], single, now, answeredAt(), summary, soloBatchId(batchId, row));
    }
  }
  summary.pausedUntil = notBefore > now ? notBefore : null;
  return summary;
}

/** A row split out of a batch keeps a batch id of its own, so its retries are sent alone. */
function soloBatchId(batchId: string, row: SendableOutboxRow) {
  return `${batchId}.${row.id}`;
}

/** Records what the provider said about `rows`; returns "rejected-batch" when a batch must be split. */
function settle(
  batchId: string,
  rows: SendableOutboxRow[],
  result: ProviderResult & { seq: number },
  now: number,
  answeredAt: number,
  summary: DeliverySummary,
  retryBatchId?: string,
): "done" | "rejected-batch" {
  const ids = rows.map((r) => r.id);
  if (result.ok) {
    markOutboxSent(
      batchId,
      rows.map((row, i) => ({ id: row.id, providerId: result.ids[i] })),
      now,
    );
    summary.sent += rows.length;
    if (result.seq > lastTracked) {
      lastTracked = result.seq;
      rateWindow = trackRateWindow(rateWindow, result.headers, answeredAt);
    }
    const pause = exhaustedWindowPauseUntil(rateWindow);
    if (pause !== null) notBefore = Math.max(notBefore, pause);
    return "done";
  }

  const { failure } = result;
  const kind = classifyProviderFailure(failure);
  if (kind === "rate-limited") {
    countProviderRateLimited();
    const quota = failure.name === "daily_quota_exceeded" || failure.name === "monthly_quota_exceeded";
    notBefore = Math.max(notBefore, providerPauseUntil(result.headers, now, { rateLimited: true, quota })!);
    rateWindow = null;
    requeueOutbox(batchId, ids, { nextAttemptAt: notBefore, lastError: describe(failure), countAttempt: false, keepBatchId: retryBatchId });
    summary.retried += rows.length;
    return "done";
  }
  if (kind === "retry") {
    const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
    if (attempts >= MAX_DELIVERY_ATTEMPTS) {
      markOutboxDead(batchId, ids, joinMessages(fieldMessage("outboxGaveUp", { attempts }), describe(failure)));
      summary.dead += rows.length;
    } else {
      requeueOutbox(batchId, ids, {
        nextAttemptAt: now + deliveryBackoffMs(attempts),
        lastError: describe(failure),
        countAttempt: true,
        keepBatchId: retryBatchId,
      });
      summary.retried += rows.length;
    }
    return "done";
  }
  if (failure.name === "invalid_idempotent_request") {
    // An earlier request under this key was answered with another body (the email changed
    // between attempts, say a deploy altered its template): it was probably delivered then.
    // Sending it under a new key could deliver it twice, so it stops here, with the reason.
    markOutboxDead(batchId, ids, joinMessages(describe(failure), fieldMessage("outboxProbablyDelivered")));
    summary.dead += rows.length;
    return "done";
  }
  if (rows.length > 1) return "rejected-batch";
  markOutboxDead(batchId, ids, describe(failure));
  summary.dead += 1;
  return "done";
}

/** Lets tests and an operator's restart start without a pause inherited from earlier calls. */
export function resetDeliveryPause() {
  notBefore = 0;
  rateWindow = null;
  lastTracked = lastSent;
}

/** Where email goes with the current configuration, so the console can say it plainly. */
export function deliveryMode(): "resend" | "local" {
  return env().RESEND_API_KEY ? "resend" : "local";
}
