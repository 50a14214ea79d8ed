/**
 * How durable work is retried: email delivery through the provider and background jobs.
 * Pure functions (time and randomness are passed in) so the rules are written down and tested.
 */

/** Emails are dead-lettered after this many failed provider attempts (about an hour of retries). */
export const MAX_DELIVERY_ATTEMPTS = 8;
const DELIVERY_BASE_MS = 15_000;
const DELIVERY_CAP_MS = 30 * 60_000;

/**
 * Exponential backoff with full jitter (a random wait between a floor and the exponential
 * ceiling), so many workers retrying after one provider outage spread out instead of
 * stampeding together. `attempts` is how many attempts have failed so far (1 after the first).
 */
export function deliveryBackoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(DELIVERY_CAP_MS, DELIVERY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(1_000, Math.round(random() * ceiling));
}

const JOB_BASE_MS = 10_000;
const JOB_CAP_MS = 60 * 60_000;

/** Job retries wait between half and all of an exponential delay: never instant, never in lockstep. */
export function jobBackoffMs(attempts: number, random: () => number = Math.random): number {
  const delay = Math.min(JOB_CAP_MS, JOB_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay / 2 + random() * (delay / 2));
}

export type ProviderFailure = { statusCode: number | null; name: string; message: string };

/**
 * The status of each error name Resend documents (https://resend.com/docs/api-reference/errors).
 * `validation_error` is documented as 400 and as 403; 400 stands for both (both are refusals).
 */
export const RESEND_ERROR_STATUS: Readonly<Record<string, number>> = {
  invalid_idempotency_key: 400,
  validation_error: 400,
  missing_api_key: 401,
  restricted_api_key: 401,
  invalid_api_key: 403,
  not_found: 404,
  method_not_allowed: 405,
  invalid_idempotent_request: 409,
  concurrent_idempotent_requests: 409,
  invalid_attachment: 422,
  invalid_from_address: 422,
  invalid_access: 422,
  invalid_parameter: 422,
  invalid_region: 422,
  missing_required_field: 422,
  monthly_quota_exceeded: 429,
  daily_quota_exceeded: 429,
  rate_limit_exceeded: 429,
  security_error: 451,
  application_error: 500,
  internal_server_error: 500,
};

const UNKNOWN_FAILURE = "unknown_error";

/**
 * What the provider's SDK handed back as an error, made safe to reason about. The SDK passes on
 * whatever JSON an error response held: a proxy's `{"error": "…"}`, `null` or a bare string all
 * arrive as the "error", with no status. The status is the body's own when it is a real HTTP
 * status, else the one Resend documents for the error's name, else unknown (null): the caller
 * treats unknown as temporary, like a 5xx, so one malformed answer never loses an email.
 */
export function normalizeProviderFailure(raw: unknown): ProviderFailure {
  const body = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const name = typeof body.name === "string" && /^[a-z0-9_]{1,64}$/.test(body.name) ? body.name : UNKNOWN_FAILURE;
  const given = typeof body.statusCode === "number" ? body.statusCode : typeof body.statusCode === "string" ? Number(body.statusCode) : NaN;
  // The SDK says `statusCode: null` itself when no answer came (network error, timeout).
  const documented = body.statusCode === null ? null : (RESEND_ERROR_STATUS[name] ?? null);
  const statusCode = Number.isInteger(given) && given >= 100 && given <= 599 ? given : documented;
  const message =
    typeof body.message === "string" && body.message.trim()
      ? body.message
      : typeof raw === "string" && raw.trim()
        ? raw
        : `The provider answered with an error the SDK could not read (${JSON.stringify(raw ?? null).slice(0, 200)}).`;
  return { statusCode, name, message: message.slice(0, 500) };
}

/**
 * What to do with email a provider refused:
 * - `rate-limited`: pause the whole sender and try again later, without counting an attempt;
 * - `retry`: a transient or unknown fault (5xx, timeout, network, an answer without a status, an
 *   in-flight duplicate, a bad key that an admin can fix): back off and count the attempt;
 * - `reject`: the provider will never accept this request as it is (a 4xx such as validation):
 *   dead-letter.
 * Pass failures through `normalizeProviderFailure` first.
 */
export function classifyProviderFailure(failure: ProviderFailure): "rate-limited" | "retry" | "reject" {
  const { statusCode, name } = failure;
  if (statusCode === 429 || name === "rate_limit_exceeded" || name === "daily_quota_exceeded" || name === "monthly_quota_exceeded") {
    return "rate-limited";
  }
  if (statusCode === null || statusCode >= 500 || statusCode < 400) return "retry";
  if (name === "concurrent_idempotent_requests") return "retry";
  if (name === "missing_api_key" || name === "invalid_api_key" || name === "restricted_api_key") return "retry";
  if (statusCode === 408) return "retry";
  return "reject";
}

/** Waiting for a quota to refill when the provider does not say how long: an hour, not a second. */
const QUOTA_PAUSE_MS = 60 * 60_000;
const DEFAULT_RATE_LIMIT_PAUSE_MS = 1_000;

function seconds(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * The time before which the provider should not be called again, from its response headers:
 * `retry-after` (seconds or an HTTP date) on a 429, or `ratelimit-reset` (seconds) when
 * `ratelimit-remaining` says the window is spent. Null when the headers ask for no pause.
 */
export function providerPauseUntil(headers: Record<string, string> | null, now: number, opts: { rateLimited: boolean; quota?: boolean }): number | null {
  const h = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const retryAfter = h["retry-after"];
  if (opts.rateLimited) {
    const secs = seconds(retryAfter);
    if (secs !== null) return now + Math.max(1, secs) * 1000;
    if (retryAfter) {
      const date = Date.parse(retryAfter);
      if (Number.isFinite(date)) return Math.max(now + 1000, date);
    }
    const reset = seconds(h["ratelimit-reset"]);
    if (reset !== null) return now + Math.max(1, reset) * 1000;
    return now + (opts.quota ? QUOTA_PAUSE_MS : DEFAULT_RATE_LIMIT_PAUSE_MS);
  }
  const remaining = seconds(h["ratelimit-remaining"]);
  const reset = seconds(h["ratelimit-reset"]);
  if (remaining === 0 && reset !== null) return now + reset * 1000;
  return null;
}

/**
 * What the provider's `ratelimit-*` headers have told us about its current window: requests
 * left, and the latest time by which it resets. Every answer in a window bounds the reset
 * (answered at `at`, "resets in R s" means by `at + R`); headers count whole seconds, rounded
 * up, so one answer alone can overstate the wait by almost a second, while the earliest bound of
 * the window is as close to the real reset as the headers allow.
 */
export type RateWindow = { remaining: number; resetsBy: number };

export function trackRateWindow(window: RateWindow | null, headers: Record<string, string> | null, at: number): RateWindow | null {
  const h = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const remaining = seconds(h["ratelimit-remaining"]);
  const reset = seconds(h["ratelimit-reset"]);
  if (remaining === null || reset === null) return null;
  const resetsBy = at + reset * 1000;
  // Within one window `remaining` only falls; more left than before, or a bound already past,
  // means a new window has opened and earlier bounds say nothing about it.
  const sameWindow = window !== null && remaining < window.remaining && at < window.resetsBy;
  return { remaining, resetsBy: sameWindow ? Math.min(window.resetsBy, resetsBy) : resetsBy };
}

/**
 * Whether one more request may start while `inFlight` are unanswered: not when those could
 * spend what is left of the window (each counts as sent). With no window known, yes.
 */
export function windowHasRoom(window: RateWindow | null, inFlight: number, now: number): boolean {
  return window === null || now >= window.resetsBy || window.remaining - inFlight > 0;
}

/** When the window is spent, the sender waits for its reset and no longer; null: send on. */
export function exhaustedWindowPauseUntil(window: RateWindow | null): number | null {
  return window !== null && window.remaining === 0 ? window.resetsBy : null;
}
