import { DAY_MS } from "../domain/days";
import { JOIN_LINK_TTL_MINUTES, joinableDomain } from "../domain/community-join";
import { LINK_SLOTS } from "../domain/email-links";
import type { Language } from "../locales";
import { audit } from "../models/audit.server";
import { countJoinLinksSentSince, insertJoinLink, supersedeOpenJoinLinks } from "../models/community-join.server";
import { normalizeContactEmail } from "../models/contact.server";
import { isOnDoNotContact } from "../models/do-not-contact.server";
import { accountForInvite, contactAccountOfEmail } from "../models/onboarding-view.server";
import { transaction } from "../utils/db.server";
import { newJoinLink } from "../utils/email-links.server";
import { enqueueEmail, renderEmail } from "../utils/email.server";
import { hit } from "../utils/rate-limit.server";
import { JOIN_EMAILS_PER_DAY, joinLinkUrl } from "./request-join-link.server";

/** Invitations one member may send in a day: enough for a team, too few to use the portal as a mailer. */
export const INVITES_PER_DAY = 10;
/** Where an invited teammate lands once they have joined: the checklist they were invited to. */
export const INVITE_LANDING = "/portal/onboarding";

export type InviteResult =
  | { ok: true }
  | { ok: false; reason: "other-domain"; domain: string | null }
  | { ok: false; reason: "already-teammate" | "yourself" }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/** True when the address is at the account's company domain (case-insensitive, `www.` ignored on the stored side; free mail never). */
export function isAtAccountDomain(email: string, accountDomain: string | null): boolean {
  const domain = joinableDomain(email);
  if (!domain || !accountDomain) return false;
  const stored = accountDomain
    .trim()
    .toLowerCase()
    .replace(/^www\./, "");
  return domain === stored;
}

/**
 * "Invite a teammate" on the onboarding checklist: a colleague's address at the account's own
 * domain gets the community's join link (the same one-time link as domain sign-up, decision 039's
 * `/login/join`), in the inviter's language, landing on the checklist. Another domain is refused
 * with the domain that would work; a teammate already a contact is told to sign in. The member's
 * daily count is visible (429); the recipient's daily cap of join emails and the do-not-contact
 * list are quiet (the page thanks as usual, nothing is sent).
 */
export async function inviteTeammate(
  inviter: { id: number; email: string; name: string | null; accountId: number },
  input: { email: string; language: Language; ip: string },
  now = Date.now(),
): Promise<InviteResult> {
  const email = normalizeContactEmail(input.email);
  const account = accountForInvite(inviter.accountId);
  if (!account) return { ok: false, reason: "other-domain", domain: null };
  if (email === inviter.email) return { ok: false, reason: "yourself" };
  if (!isAtAccountDomain(email, account.domain)) return { ok: false, reason: "other-domain", domain: account.domain?.replace(/^www\./i, "") ?? null };
  if (contactAccountOfEmail(email)?.accountId === account.id) return { ok: false, reason: "already-teammate" };
  const quota = hit(`onboarding-invite:contact:${inviter.id}`, { limit: INVITES_PER_DAY, windowMs: DAY_MS }, now);
  if (!quota.ok) return { ok: false, reason: "rate-limited", retryAfterSeconds: quota.retryAfterSeconds };
  // A person erased at their request, or a contact of another account, gets nothing; the inviter is thanked as usual.
  if (isOnDoNotContact(email) || contactAccountOfEmail(email)) return { ok: true };

  const link = newJoinLink();
  const rendered = await renderEmail(
    "onboarding-invite",
    {
      inviterName: inviter.name?.trim() || inviter.email,
      accountName: account.name,
      url: joinLinkUrl(LINK_SLOTS.join, INVITE_LANDING),
      expiresMinutes: JOIN_LINK_TTL_MINUTES,
    },
    input.language,
  );
  transaction((tx) => {
    if (countJoinLinksSentSince(tx, email, now - DAY_MS) >= JOIN_EMAILS_PER_DAY) return;
    supersedeOpenJoinLinks(tx, email, now);
    insertJoinLink(tx, {
      email,
      accountId: account.id,
      tokenHash: link.tokenHash,
      locale: input.language,
      createdAt: now,
      expiresAt: now + JOIN_LINK_TTL_MINUTES * 60_000,
    });
    enqueueEmail(tx, { template: "onboarding-invite", to: email, locale: input.language, ...rendered, links: { kind: "join", salt: link.salt } });
    audit({ action: "onboarding.teammate_invited", entity: "account", entityId: account.id, ip: input.ip, detail: { by: inviter.email, email } }, tx);
  });
  return { ok: true };
}
