import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Verification of Svix-signed webhooks (how Resend signs its deliveries): HMAC-SHA256 over
 * `${svix-id}.${svix-timestamp}.${raw body}` with the base64 secret after `whsec_`, sent as a
 * space-separated list of `v1,<base64>` signatures (several while a secret is being rotated).
 * Pure: the caller supplies the clock, so stale and future timestamps are testable.
 */

/** How far the signed timestamp may be from now, either way: limits replays of captured requests. */
export const SVIX_TOLERANCE_MS = 5 * 60_000;

export type SvixHeaders = { id: string | null; timestamp: string | null; signature: string | null };

export type SvixResult = { ok: true; id: string; timestampMs: number } | { ok: false; status: 400 | 401; message: string };

export class InvalidWebhookSecretError extends Error {}

/** The HMAC key inside `whsec_<base64>`. */
export function svixKey(secret: string): Buffer {
  const match = /^whsec_([A-Za-z0-9+/=]+)$/.exec(secret.trim());
  const key = match ? Buffer.from(match[1], "base64") : Buffer.alloc(0);
  if (key.length === 0) throw new InvalidWebhookSecretError("The webhook secret must look like whsec_<base64>.");
  return key;
}

/** The `v1,<base64>` signature for a message: what a sender (or a test) puts in `svix-signature`. */
export function signSvix(secret: string, id: string, timestamp: string, body: string): string {
  return `v1,${createHmac("sha256", svixKey(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

export function verifySvix(secret: string, headers: SvixHeaders, body: string, nowMs: number): SvixResult {
  const { id, timestamp, signature } = headers;
  const missing = [!id && "svix-id", !timestamp && "svix-timestamp", !signature && "svix-signature"].filter(Boolean);
  if (missing.length > 0) return { ok: false, status: 400, message: `Missing webhook header${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.` };
  if (!/^\d{1,12}$/.test(timestamp!)) return { ok: false, status: 400, message: "svix-timestamp must be whole seconds since 1970." };
  const timestampMs = Number(timestamp) * 1000;
  if (Math.abs(nowMs - timestampMs) > SVIX_TOLERANCE_MS) {
    return { ok: false, status: 401, message: "The webhook timestamp is more than 5 minutes from now; stale or replayed deliveries are refused." };
  }
  const expected = createHmac("sha256", svixKey(secret)).update(`${id}.${timestamp}.${body}`).digest();
  // Every listed signature is compared in full and in constant time; any match accepts.
  let matched = false;
  for (const entry of signature!.split(" ")) {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value) continue;
    const presented = Buffer.from(value, "base64");
    if (presented.length === expected.length && timingSafeEqual(presented, expected)) matched = true;
  }
  if (!matched) return { ok: false, status: 401, message: "The webhook signature does not match; check RESEND_WEBHOOK_SECRET." };
  return { ok: true, id: id!, timestampMs };
}
