import { DAY_MS } from "../domain/days";
import { JOIN_LINK_TTL_MINUTES, joinableDomain } from "../domain/community-join";
import { LINK_SLOTS } from "../domain/email-links";
import type { Language } from "../locales";
import { audit } from "../models/audit.server";
import { countJoinLinksSentSince, findAccountByDomain, insertJoinLink, supersedeOpenJoinLinks } from "../models/community-join.server";
import { isOnDoNotContact } from "../models/do-not-contact.server";
import { safeRedirectPath } from "../utils/auth.server";
import { transaction } from "../utils/db.server";
import { newJoinLink } from "../utils/email-links.server";
import { enqueueEmail, renderEmail } from "../utils/email.server";
import { env } from "../utils/env.server";

/** Join emails one address receives in any 24 hours, like sign-in emails (the quiet daily cap of decision 005). */
export const JOIN_EMAILS_PER_DAY = 10;

/** Where a join link lands; `redirectTo` (a same-origin path) is where the member goes once they have read the guidelines. */
export function joinLinkUrl(token: string, redirectTo?: string | null) {
  const url = `${env().APP_URL}/login/join/${token}`;
  const path = safeRedirectPath(redirectTo, "/community");
  // The sign-in page's own default (the portal) means "nowhere in particular": a new member starts in the community.
  return path !== "/community" && path !== "/portal" ? `${url}?redirectTo=${encodeURIComponent(path)}` : url;
}

/**
 * The `/login` request of an address that is not a contact. If its domain is exactly one
 * account's (free mail never is), a join link goes out in the browser's language; otherwise
 * nothing does. Either way the join email is rendered, so the page's answer and its time are the
 * same for every address: the caller says "if this address can join, a link is on its way".
 * The requester's rate limits were counted by the caller before anything else.
 */
export async function requestJoinLink(input: { email: string; ip: string; language: Language; redirectTo?: string | null }, now = Date.now()): Promise<void> {
  const email = input.email;
  const domain = joinableDomain(email);
  const account = domain ? findAccountByDomain(domain) : undefined;
  const link = newJoinLink();
  const rendered = await renderEmail(
    "community-join",
    { accountName: account?.name ?? "", url: joinLinkUrl(LINK_SLOTS.join, input.redirectTo), expiresMinutes: JOIN_LINK_TTL_MINUTES },
    input.language,
  );
  if (!account) return;
  // A person erased at their request is not signed up again by their company's domain: the page answers as for anyone (docs/decisions/043).
  if (isOnDoNotContact(email)) return;

  const sent = transaction((tx) => {
    if (countJoinLinksSentSince(tx, email, now - DAY_MS) >= JOIN_EMAILS_PER_DAY) return false;
    supersedeOpenJoinLinks(tx, email, now);
    insertJoinLink(tx, {
      email,
      accountId: account.id,
      tokenHash: link.tokenHash,
      locale: input.language,
      createdAt: now,
      expiresAt: now + JOIN_LINK_TTL_MINUTES * 60_000,
    });
    // The link exists if and only if its email is queued.
    enqueueEmail(tx, { template: "community-join", to: email, locale: input.language, ...rendered, links: { kind: "join", salt: link.salt } });
    return true;
  });
  if (!sent) audit({ action: "community.join_link_capped", entity: "account", entityId: account.id, ip: input.ip, detail: { email } });
}
