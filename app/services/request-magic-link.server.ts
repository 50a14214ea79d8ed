import { LINK_SLOTS } from "../domain/email-links";
import { MAGIC_LINK_TTL_MINUTES } from "../domain/magic-link";
import { audit } from "../models/audit.server";
import { findContactByEmail, normalizeContactEmail } from "../models/contact.server";
import { insertMagicLink, supersedeOpenLinks } from "../models/magic-link.server";
import { transaction } from "../utils/db.server";
import { newSignInLink } from "../utils/email-links.server";
import { enqueueEmail, renderEmail } from "../utils/email.server";
import { env } from "../utils/env.server";
import { hitAll } from "../utils/rate-limit.server";

export const MAGIC_LINK_REQUEST_LIMITS = {
  perEmail: { limit: 5, windowMs: 15 * 60_000 },
  perIp: { limit: 20, windowMs: 15 * 60_000 },
};

export type MagicLinkRequestResult = { ok: true } | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/** The address a sign-in link points to; `redirectTo` must already be a safe same-site path. */
export function magicLinkUrl(token: string, redirectTo?: string | null) {
  const url = `${env().APP_URL}/login/${token}`;
  return redirectTo && redirectTo !== "/portal" ? `${url}?redirectTo=${encodeURIComponent(redirectTo)}` : url;
}

/**
 * Emails a one-time sign-in link to a customer contact. The caller shows the same answer
 * whatever happens here (except a rate limit), so the page never reveals whether an address
 * belongs to a contact. Unknown addresses still pay for a render, so the answer's timing says
 * little either.
 */
export async function requestMagicLink(input: { email: string; ip: string; redirectTo?: string | null }, now = Date.now()): Promise<MagicLinkRequestResult> {
  const email = normalizeContactEmail(input.email);
  const rate = hitAll(
    [
      [`magic-link:email:${email}`, MAGIC_LINK_REQUEST_LIMITS.perEmail],
      [`magic-link:ip:${input.ip}`, MAGIC_LINK_REQUEST_LIMITS.perIp],
    ],
    now,
  );
  if (!rate.ok) {
    audit({ action: "auth.magic_link_throttled", entity: "contact", ip: input.ip, detail: { email } });
    return { ok: false, reason: "rate-limited", retryAfterSeconds: rate.retryAfterSeconds };
  }

  const contact = findContactByEmail(email);
  // The email is rendered and stored with a slot where the token goes; the worker derives the
  // token from the salt and the server secret when it sends (decision 021), so neither the
  // outbox nor a backup of it holds a working link.
  const link = newSignInLink();
  const props = { name: contact?.name ?? null, url: magicLinkUrl(LINK_SLOTS.signIn, input.redirectTo), expiresMinutes: MAGIC_LINK_TTL_MINUTES };
  // Rendering is async and must happen before the transaction opens.
  const rendered = await renderEmail("magic-link", props, contact?.locale ?? "en");
  if (!contact) return { ok: true };

  transaction((tx) => {
    supersedeOpenLinks(tx, contact.id, now);
    insertMagicLink(tx, { contactId: contact.id, tokenHash: link.tokenHash, createdAt: now, expiresAt: now + MAGIC_LINK_TTL_MINUTES * 60_000 });
    // The link exists if and only if its email is queued: both commit or neither does.
    enqueueEmail(tx, {
      template: "magic-link",
      to: contact.email,
      locale: contact.locale,
      contactId: contact.id,
      ...rendered,
      links: { kind: "sign-in", salt: link.salt },
    });
  });
  return { ok: true };
}
