import { DAY_MS } from "../domain/days";
import type { JoinRequestDecision } from "../domain/community-join";
import { ServiceError } from "../domain/service-error";
import type { Language } from "../locales";
import { audit } from "../models/audit.server";
import { ensureContactMember } from "../models/community-member.server";
import { findContactRowByEmail, insertJoinedContact } from "../models/community-join.server";
import { decideJoinRequest, findAccountName, findJoinRequest, insertJoinRequest } from "../models/community-join-request.server";
import { findContactByEmail, normalizeContactEmail } from "../models/contact.server";
import { transaction } from "../utils/db.server";
import { newSignInLink } from "../utils/email-links.server";
import { hit } from "../utils/rate-limit.server";
import { assertCan, auditActorFields, type StaffActor } from "./actor.server";
import { queueSignInLink, renderSignInEmail } from "./request-magic-link.server";

/**
 * "Ask to join" limits. Per network the limit is visible (429, "try again in N minutes"): it
 * stops a script, and tells a person at a shared office why. Per address it is quiet: past it
 * the page thanks them as usual and nothing is stored, so nobody can fill the CS team's queue
 * with one victim's address, nor learn anything from the answer.
 */
export const JOIN_REQUEST_LIMITS = {
  perIp: { limit: 5, windowMs: 60 * 60_000 },
  perEmail: { limit: 3, windowMs: DAY_MS },
};

/** Where an approved person lands after signing in: the guidelines first, then the community. */
export const APPROVED_MEMBER_LANDING = "/community/welcome?redirectTo=%2Fcommunity";

export type JoinRequestInput = { name: string; email: string; company: string; message?: string; website?: string; ip: string; language: Language };

/**
 * `/community/join`: records a request for the CS team. The answer is the same whoever asks —
 * a customer's employee, a stranger, a bot that filled the honeypot, an address past its quiet
 * cap — and nothing in it depends on whether the company is a customer: the company is not even
 * looked up here (the team matches it when they decide).
 */
export function submitJoinRequest(input: JoinRequestInput, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
  const ip = hit(`join-request:ip:${input.ip}`, JOIN_REQUEST_LIMITS.perIp, now);
  if (!ip.ok) return { ok: false, retryAfterSeconds: ip.retryAfterSeconds };
  // A filled honeypot: thanked like everyone, nothing kept.
  if (input.website?.trim()) return { ok: true };
  const email = normalizeContactEmail(input.email);
  if (!hit(`join-request:email:${email}`, JOIN_REQUEST_LIMITS.perEmail, now).ok) return { ok: true };
  transaction((tx) => {
    const request = insertJoinRequest(tx, {
      name: input.name.trim(),
      email,
      company: input.company.trim(),
      message: input.message?.trim() ?? "",
      locale: input.language,
      createdAt: now,
    });
    audit({ action: "community.join_requested", entity: "join_request", entityId: request.id, ip: input.ip, detail: { email } }, tx);
  });
  return { ok: true };
}

function refuseDecided(status: "approved" | "declined" | "pending"): never {
  throw new ServiceError(409, "joinRequestDecided", { status, context: status });
}

/**
 * Approve: the person becomes a contact of the chosen account (in the language they wrote in)
 * and a community member who has yet to accept the guidelines, and a sign-in link goes to them
 * in their language. If the address is already a contact of that account, that contact is used;
 * of another account, the approval is refused (the team moves contacts elsewhere).
 */
export async function approveJoinRequest(actor: StaffActor, decision: Extract<JoinRequestDecision, { intent: "approve" }>, now = Date.now()) {
  assertCan(actor, "moderate:community:any");
  const request = findJoinRequest(decision.id);
  if (!request) throw new ServiceError(404, "joinRequestMissing");
  if (request.status !== "pending") refuseDecided(request.status);
  const locale = request.locale;
  // Rendering is async: before the transaction, in the language the contact will have.
  const known = findContactByEmail(request.email);
  const rendered = await renderSignInEmail({ name: known?.name ?? request.name, locale: known?.locale ?? locale }, APPROVED_MEMBER_LANDING);
  const link = newSignInLink();
  return transaction((tx) => {
    const accountName = findAccountName(tx, decision.accountId);
    if (accountName === undefined) throw new ServiceError(400, "joinRequestAccount", {}, "accountId");
    const current = findContactRowByEmail(tx, request.email);
    if (current && current.accountId !== decision.accountId) throw new ServiceError(409, "joinRequestContactElsewhere", { email: request.email }, "accountId");
    const contact = current ?? insertJoinedContact(tx, { email: request.email, name: request.name, locale, accountId: decision.accountId });
    const decided = decideJoinRequest(tx, request.id, {
      status: "approved",
      decidedByUserId: actor.user.id,
      decidedAt: now,
      accountId: decision.accountId,
      contactId: contact.id,
    });
    if (!decided) refuseDecided(findJoinRequest(request.id, tx)?.status ?? "approved");
    ensureContactMember(tx, contact);
    queueSignInLink(tx, contact, rendered, link, now);
    audit(
      {
        ...auditActorFields(actor),
        action: "community.join_request_approved",
        entity: "join_request",
        entityId: request.id,
        detail: { email: request.email, accountId: decision.accountId, contactId: contact.id, newContact: !current },
      },
      tx,
    );
    return { email: request.email, accountName, contactId: contact.id };
  });
}

/** Decline with a reason kept for the team (the person is not told it, nor emailed). */
export function declineJoinRequest(actor: StaffActor, decision: Extract<JoinRequestDecision, { intent: "decline" }>, now = Date.now()) {
  assertCan(actor, "moderate:community:any");
  return transaction((tx) => {
    const request = findJoinRequest(decision.id, tx);
    if (!request) throw new ServiceError(404, "joinRequestMissing");
    const decided = decideJoinRequest(tx, request.id, { status: "declined", decidedByUserId: actor.user.id, decidedAt: now, declineReason: decision.reason });
    if (!decided) refuseDecided(request.status);
    audit(
      {
        ...auditActorFields(actor),
        action: "community.join_request_declined",
        entity: "join_request",
        entityId: request.id,
        detail: { email: request.email, reason: decision.reason },
      },
      tx,
    );
    return { email: request.email };
  });
}
