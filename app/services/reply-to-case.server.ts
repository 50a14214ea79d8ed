import { CaseReply } from "../domain/case-forms";
import { replyParagraphs } from "../domain/case-workflow";
import { parseInput } from "../domain/form-input";
import type { Language } from "../locales";
import { audit } from "../models/audit.server";
import { findCase, findCaseDetail, insertCaseEvent, updateCase } from "../models/case.server";
import { findSuppression, type SuppressionReason } from "../models/suppression.server";
import { transaction } from "../utils/db.server";
import { enqueueEmail, renderEmail } from "../utils/email.server";
import { hit, type RateLimit } from "../utils/rate-limit.server";
import { errorMessage, ServiceError } from "../domain/service-error";
import { assertMayWriteCases, type CaseActor } from "./case-access.server";

export const CASE_REPLY_AUDIT = "case.reply_sent";
/** A CSM writes personal replies, not bulk mail: more than this an hour is a script or a mistake. */
export const CASE_REPLY_LIMIT: RateLimit = { limit: 30, windowMs: 60 * 60 * 1000 };

export type CaseReplyResult = { outboxId: number; locale: Language; movedToContacted: boolean };

/** Why a reply to this address is refused, in the reader's language; the case page shows it in place of the reply form. */
export function suppressedReplyMessage(email: string, reason: SuppressionReason, language: Language = "en"): string {
  return errorMessage(suppressedReplyCode(reason), { email }, language);
}

function suppressedReplyCode(reason: SuppressionReason) {
  return reason === "complained" ? "caseReplySuppressedComplained" : "caseReplySuppressedBounced";
}

/**
 * Emails the CSM's answer to the contact who gave the feedback, in the contact's language, with
 * the CSM's address as reply-to so the conversation continues between two people. The outbox
 * row, the "reply" event pointing at it and (for an open case) the move to contacted commit
 * together.
 *
 * Who may be written to: a 1:1 answer to someone's own feedback is transactional, like a
 * support reply, so a contact who unsubscribed from surveys still gets it (they opted out of
 * survey mail, not of a person answering them). An address on the suppression list is refused:
 * it hard-bounced (the mail cannot arrive) or its owner marked our mail as spam (another message
 * is unwanted and hurts the sender domain's reputation for every customer), so the CSM is told
 * to reach them another way.
 */
export async function replyToCase(actor: CaseActor, caseId: number, text: string, options: { now?: number } = {}): Promise<CaseReplyResult> {
  assertMayWriteCases(actor);
  const trimmed = parseInput(CaseReply, { reply: text }).reply;
  const paragraphs = replyParagraphs(trimmed);
  if (paragraphs.length === 0) throw new ServiceError(400, "caseReplyEmpty", {}, "reply");
  const detail = findCaseDetail(caseId);
  if (!detail) throw new ServiceError(404, "caseNotFound", { id: caseId });
  if (detail.contactId === null || detail.contactEmail === null || detail.contactLocale === null) throw new ServiceError(409, "taskHasNoContact", {}, "reply");
  const contact = { id: detail.contactId, email: detail.contactEmail, locale: detail.contactLocale, name: detail.contactName };
  const suppression = findSuppression(contact.email);
  if (suppression) throw new ServiceError(409, suppressedReplyCode(suppression.reason), { email: contact.email }, "reply");
  const rate = hit(`case-reply:user:${actor.user.id}`, CASE_REPLY_LIMIT, options.now);
  if (!rate.ok)
    throw new ServiceError(429, "caseReplyRateLimited", { limit: CASE_REPLY_LIMIT.limit, minutes: Math.ceil(rate.retryAfterSeconds / 60) }, "reply");

  const locale = contact.locale;
  // Rendering is async, so it happens before the transaction; React escapes the text, so what
  // the CSM typed arrives as typed, never as markup.
  const rendered = await renderEmail("case-reply", { contactName: contact.name, csmName: actor.user.name, paragraphs }, locale);
  const now = options.now ?? Date.now();
  return transaction((tx) => {
    const current = findCase(caseId, tx);
    if (!current) throw new ServiceError(404, "caseNotFound", { id: caseId });
    const outboxId = enqueueEmail(
      tx,
      {
        template: "case-reply",
        to: contact.email,
        locale,
        contactId: contact.id,
        replyTo: actor.user.email,
        ...rendered,
        tags: [
          { name: "kind", value: "case-reply" },
          { name: "case", value: String(caseId) },
        ],
      },
      now,
    );
    insertCaseEvent(tx, { caseId, kind: "reply", actorUserId: actor.user.id, body: trimmed, data: { to: contact.email, locale }, outboxId, now });
    const movedToContacted = current.status === "open";
    if (movedToContacted) {
      updateCase(tx, caseId, { status: "contacted", updatedAt: now });
      insertCaseEvent(tx, { caseId, kind: "status", actorUserId: actor.user.id, data: { from: "open", to: "contacted", via: "reply" }, now });
    } else {
      updateCase(tx, caseId, { updatedAt: now });
    }
    audit(
      { actorUserId: actor.user.id, action: CASE_REPLY_AUDIT, entity: "case", entityId: caseId, ip: actor.ip, detail: { outboxId, locale, movedToContacted } },
      tx,
    );
    return { outboxId, locale, movedToContacted };
  });
}
