import type { Language } from "../locales";
import { audit } from "../models/audit.server";
import { ensureContactMember } from "../models/community-member.server";
import {
  consumeJoinLinkToken,
  findContactRowByEmail,
  findJoinLink,
  insertJoinedContact,
  setJoinLinkContact,
  type JoinLinkState,
} from "../models/community-join.server";
import { sha256 } from "../utils/crypto.server";
import { transaction } from "../utils/db.server";
import { hit } from "../utils/rate-limit.server";
import { startSession } from "../utils/session.server";
import { MagicLinkToken } from "./consume-magic-link.server";

export const JOIN_LINK_CONSUME_LIMIT = { limit: 30, windowMs: 15 * 60_000 };

export type JoinLinkPreview =
  | { state: "valid"; email: string; accountName: string; locale: Language }
  | { state: Exclude<JoinLinkState, "valid">; email: string; locale: Language }
  | { state: "unknown" };

/** What the join page shows on GET: reads only (mail scanners open every link in an email). */
export function previewJoinLink(token: string, now = Date.now()): JoinLinkPreview {
  if (!MagicLinkToken.safeParse(token).success) return { state: "unknown" };
  const link = findJoinLink(sha256(token), now);
  if (!link) return { state: "unknown" };
  if (link.state === "valid") return { state: "valid", email: link.email, accountName: link.accountName, locale: link.locale };
  return { state: link.state, email: link.email, locale: link.locale };
}

export type JoinResult =
  | { ok: true; setCookie: string; contactId: number; created: boolean }
  | { ok: false; reason: "invalid"; preview: JoinLinkPreview }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/**
 * The POST behind "Join": uses up the link, makes the person a contact of the account their
 * domain matched (in the browser's language) and a community member, and signs them in. If a
 * contact with that address appeared in the meantime (an import, the CS team), the link signs
 * that contact in instead: the person proved they read that mailbox.
 */
export async function joinWithLink(
  request: Request,
  input: { token: string; ip: string; language: Language; name?: string | null },
  now = Date.now(),
): Promise<JoinResult> {
  const rate = hit(`community-join-consume:ip:${input.ip}`, JOIN_LINK_CONSUME_LIMIT, now);
  if (!rate.ok) return { ok: false, reason: "rate-limited", retryAfterSeconds: rate.retryAfterSeconds };
  if (!MagicLinkToken.safeParse(input.token).success) return { ok: false, reason: "invalid", preview: { state: "unknown" } };
  const tokenHash = sha256(input.token);
  const joined = transaction((tx) => {
    const link = consumeJoinLinkToken(tx, tokenHash, now);
    if (!link) return null;
    const existing = findContactRowByEmail(tx, link.email);
    const contact =
      existing ?? insertJoinedContact(tx, { email: link.email, name: input.name?.trim() || null, locale: input.language, accountId: link.accountId });
    setJoinLinkContact(tx, link.id, contact.id);
    ensureContactMember(tx, contact);
    audit(
      {
        action: "community.joined_by_domain",
        entity: "contact",
        entityId: contact.id,
        ip: input.ip,
        detail: { accountId: contact.accountId, created: !existing },
      },
      tx,
    );
    return { contactId: contact.id, created: !existing };
  });
  if (!joined) return { ok: false, reason: "invalid", preview: previewJoinLink(input.token, now) };
  const setCookie = await startSession("contact", joined.contactId, request);
  return { ok: true, setCookie, ...joined };
}
