import { audit } from "../models/audit.server";
import { findOnboardingOptOut, stopOnboardingEmails } from "../models/onboarding-email.server";
import { sha256 } from "../utils/crypto.server";
import { transaction } from "../utils/db.server";

export type OnboardingUnsubscribeTarget = { email: string; language: "en" | "ja"; stopped: boolean };

/** Whom an onboarding unsubscribe link stops, for its landing page (reads only). */
export function findOnboardingUnsubscribeTarget(token: string): OnboardingUnsubscribeTarget | null {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const found = findOnboardingOptOut(sha256(token));
  return found ? { email: found.email, language: found.locale, stopped: found.stoppedAt !== null } : null;
}

/**
 * Stops onboarding email (nudges) for the contact the token was made for — surveys and community
 * email stay as they are. Idempotent: a repeat finds it stopped and writes nothing. Null for an
 * unknown token.
 */
export function stopOnboardingEmailsWithToken(
  token: string,
  context: { ip: string; via: "page" | "one-click" },
  now = Date.now(),
): "stopped" | "unchanged" | null {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const found = findOnboardingOptOut(sha256(token));
  if (!found) return null;
  return transaction((tx) => {
    if (!stopOnboardingEmails(tx, found.contactId, now)) return "unchanged";
    audit({ action: "contact.onboarding_unsubscribed", entity: "contact", entityId: found.contactId, ip: context.ip, detail: { via: context.via } }, tx);
    return "stopped";
  });
}
