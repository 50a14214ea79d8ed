import type { Db } from "../../db/client";
import { DAY_MS } from "../domain/days";
import { LINK_SLOTS } from "../domain/email-links";
import { MAGIC_LINK_TTL_MINUTES } from "../domain/magic-link";
import { audit } from "../models/audit.server";
import { findContactByEmail, normalizeContactEmail } from "../models/contact.server";
import { countLinksSentSince, insertMagicLink, supersedeOpenLinks } from "../models/magic-link.server";
import { safeRedirectPath } from "../utils/auth.server";
import { transaction } from "../utils/db.server";
import { newSignInLink } from "../utils/email-links.server";
import { enqueueEmail, renderEmail } from "../utils/email.server";
import { env } from "../utils/env.server";
import { hitAll } from "../utils/rate-limit.server";
import type { Language } from "../locales";
import { requestJoinLink } from "./request-join-link.server";

/**
 * Visible limits (429) stand in front of the requester's address only, so nobody can block a
 * customer's sign-in from elsewhere. The daily cap is on the emails one address receives, and it
 * is quiet: past it the page answers as usual and no email goes out (docs/decisions/005).
 */
export const MAGIC_LINK_REQUEST_LIMITS = {
  perEmailAndIp: { limit: 5, windowMs: 15 * 60_000 },
  perIp: { limit: 20, windowMs: 15 * 60_000 },
};

/** Sign-in emails one address receives in any 24 hours, whoever asks and from wherever. */
export const MAGIC_LINK_EMAILS_PER_DAY = 10;

export type MagicLinkRequestResult = { ok: true } | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/** The address a sign-in link points to; a `redirectTo` that is not a same-origin path is dropped. */
export function magicLinkUrl(token: string, redirectTo?: string | null) {
  const url = `${env().APP_URL}/login/${token}`;
  const path = safeRedirectPath(redirectTo, "/portal");
  return path !== "/portal" ? `${url}?redirectTo=${encodeURIComponent(path)}` : url;
}

/**
 * Emails a one-time sign-in link to a customer contact, or (for an address that is not a
 * contact) a community join link when its domain is a customer's (`requestJoinLink`). The caller
 * shows the same answer whatever happens here (except the requester's own rate limit), so the
 * page never reveals whether an address belongs to a contact, could join, or has had its emails
 * for the day. Every address pays for one render, so the answer's timing says little either.
 * `language` is the browser's: a join email is written in it.
 */
export async function requestMagicLink(
  input: { email: string; ip: string; redirectTo?: string | null; language?: Language },
  now = Date.now(),
): Promise<MagicLinkRequestResult> {
  const email = normalizeContactEmail(input.email);
  const rate = hitAll(
    [
      [`magic-link:email-ip:${email}:${input.ip}`, MAGIC_LINK_REQUEST_LIMITS.perEmailAndIp],
      [`magic-link:ip:${input.ip}`, MAGIC_LINK_REQUEST_LIMITS.perIp],
    ],
    now,
  );
  if (!rate.ok) {
    audit({ action: "auth.magic_link_throttled", entity: "contact", ip: input.ip, detail: { email } });
    return { ok: false, reason: "rate-limited", retryAfterSeconds: rate.retryAfterSeconds };
  }

  const contact = findContactByEmail(email);
  if (!contact) {
    await requestJoinLink({ email, ip: input.ip, language: input.language ?? "en", redirectTo: input.redirectTo }, now);
    return { ok: true };
  }
  // The email is rendered and stored with a slot where the token goes; the worker derives the
  // token from the salt and the server secret when it sends (decision 027), so neither the
  // outbox nor a backup of it holds a working link.
  const link = newSignInLink();
  // Rendering is async and must happen before the transaction opens.
  const rendered = await renderSignInEmail(contact, input.redirectTo);

  const sent = transaction((tx) => {
    // Counted inside the (immediate) transaction, so racing requests cannot both take the last one.
    if (countLinksSentSince(tx, contact.id, now - DAY_MS) >= MAGIC_LINK_EMAILS_PER_DAY) return false;
    queueSignInLink(tx, contact, rendered, link, now);
    return true;
  });
  // The open link stays the newest one: an address over its cap keeps the last link it was sent.
  if (!sent) audit({ action: "auth.magic_link_capped", entity: "contact", entityId: contact.id, ip: input.ip });
  return { ok: true };
}

/** A sign-in email rendered for a contact (before the transaction that queues it opens). */
export async function renderSignInEmail(contact: { name: string | null; locale: "en" | "ja" }, redirectTo?: string | null) {
  return renderEmail(
    "magic-link",
    { name: contact.name, url: magicLinkUrl(LINK_SLOTS.signIn, redirectTo), expiresMinutes: MAGIC_LINK_TTL_MINUTES },
    contact.locale,
  );
}

/**
 * Inside the caller's transaction: supersede the contact's open links, store the new one and
 * queue its email. The link exists if and only if its email is queued: both commit or neither does.
 */
export function queueSignInLink(
  tx: Db,
  contact: { id: number; email: string; locale: "en" | "ja" },
  rendered: Awaited<ReturnType<typeof renderSignInEmail>>,
  link: { salt: string; tokenHash: string },
  now: number,
) {
  supersedeOpenLinks(tx, contact.id, now);
  insertMagicLink(tx, { contactId: contact.id, tokenHash: link.tokenHash, createdAt: now, expiresAt: now + MAGIC_LINK_TTL_MINUTES * 60_000 });
  enqueueEmail(tx, {
    template: "magic-link",
    to: contact.email,
    locale: contact.locale,
    contactId: contact.id,
    ...rendered,
    links: { kind: "sign-in", salt: link.salt },
  });
}
