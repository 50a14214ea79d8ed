import { z } from "zod";
import { audit } from "../models/audit.server";
import { consumeMagicLinkToken, findMagicLink, type MagicLinkState } from "../models/magic-link.server";
import { sha256 } from "../utils/crypto.server";
import { hit } from "../utils/rate-limit.server";
import { startSession } from "../utils/session.server";

/** `newToken()` output: 32 random bytes in base64url. Anything else cannot be a link we sent. */
export const MagicLinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const MAGIC_LINK_CONSUME_LIMIT = { limit: 30, windowMs: 15 * 60_000 };

export type MagicLinkPreview =
  | { state: "valid"; name: string | null; email: string; locale: "en" | "ja" }
  | { state: Exclude<MagicLinkState, "valid">; email: string; locale: "en" | "ja" }
  | { state: "unknown" };

/**
 * What the link page shows on GET. Reads only: mail scanners fetch every link in an email,
 * and a fetch must never use up the link.
 */
export function previewMagicLink(token: string, now = Date.now()): MagicLinkPreview {
  if (!MagicLinkToken.safeParse(token).success) return { state: "unknown" };
  const link = findMagicLink(sha256(token), now);
  if (!link) return { state: "unknown" };
  if (link.state === "valid") return { state: "valid", name: link.name, email: link.email, locale: link.locale };
  return { state: link.state, email: link.email, locale: link.locale };
}

/** Uses up a link; of any number of racing calls with one token, exactly one gets the contact. */
export function consumeMagicLink(token: string, now = Date.now()): { contactId: number } | null {
  if (!MagicLinkToken.safeParse(token).success) return null;
  const contactId = consumeMagicLinkToken(sha256(token), now);
  return contactId === undefined ? null : { contactId };
}

export type MagicLinkSignInResult =
  | { ok: true; setCookie: string; contactId: number }
  | { ok: false; reason: "invalid"; preview: MagicLinkPreview }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/** The POST behind "Continue as …": consume the link, then start a customer session. */
export async function signInWithMagicLink(request: Request, token: string, ip: string, now = Date.now()): Promise<MagicLinkSignInResult> {
  const rate = hit(`magic-link-consume:ip:${ip}`, MAGIC_LINK_CONSUME_LIMIT, now);
  if (!rate.ok) return { ok: false, reason: "rate-limited", retryAfterSeconds: rate.retryAfterSeconds };
  const consumed = consumeMagicLink(token, now);
  if (!consumed) return { ok: false, reason: "invalid", preview: previewMagicLink(token, now) };
  const setCookie = await startSession("contact", consumed.contactId, request);
  audit({ action: "auth.contact_sign_in", entity: "contact", entityId: consumed.contactId, ip });
  return { ok: true, setCookie, contactId: consumed.contactId };
}
