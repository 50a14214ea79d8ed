import { and, eq } from "drizzle-orm";
import { type z } from "zod";
import type { Db } from "../../db/client";
import { promoterActions, PROMOTER_ACTIONS } from "../../db/schema";
import { ServiceError, type ErrorCode, type ErrorParams } from "../domain/service-error";
import { parseInput } from "../domain/form-input";
import { PROMOTER_ACTION_LABEL } from "../domain/promoter-actions";
import { staffEmailLanguage } from "../domain/staff-language";
import { PROMOTER_ACTION_KINDS, PromoterActionInput } from "../domain/response-forms";
import { audit } from "../models/audit.server";
import { findCaseIdForResponse, insertCaseEvent } from "../models/case.server";
import { findResponseConsents } from "../models/response.server";
import { findResponseCore, type ResponseCore } from "../models/response-detail.server";
import { answeredSurvey, getSetting, teamTimeZone } from "../models/settings.server";
import { findSuppression } from "../models/suppression.server";
import type { StaffUser } from "../models/user.server";
import { db, transaction } from "../utils/db.server";
import { enqueueEmail, renderEmail, type EmailToQueue } from "../utils/email.server";
import { env } from "../utils/env.server";
import { assertCan } from "./actor.server";

export type PromoterActionKind = (typeof PROMOTER_ACTIONS)[number];

// The console's list of kinds is the database's.
const _consoleKinds: readonly PromoterActionKind[] = PROMOTER_ACTION_KINDS;
const _databaseKinds: readonly (typeof PROMOTER_ACTION_KINDS)[number][] = PROMOTER_ACTIONS;

export type PromoterActionOutcome = {
  kind: PromoterActionKind;
  actionId: number;
  emailedTo: string | null;
  /** Who was emailed about a reference candidate (the account's CSM), and the language an ask to the contact went in: for the page to word. */
  csmName: string | null;
  emailLanguage: "en" | "ja" | null;
};

/** Why an ask cannot go: a code of the console's `errors` with its params; the page words it in the reader's language. */
export type AskBlock = { code: ErrorCode; params: ErrorParams };

/** Why an ask cannot go to this contact, or null when it can (the page shows the same reason). */
export function marketingAskBlock(contact: { unsubscribedAt: Date | null; suppression: string | null; name: string | null; email: string }): AskBlock | null {
  if (contact.unsubscribedAt) return { code: "promoterAskUnsubscribed", params: { who: contact.name ?? contact.email } };
  if (contact.suppression)
    return { code: contact.suppression === "bounced" ? "promoterAskBounced" : "promoterAskComplained", params: { email: contact.email } };
  return null;
}

export function reviewUrlBlock(reviewUrl: string | null): AskBlock | null {
  return reviewUrl ? null : { code: "promoterReviewUrlMissing", params: {} };
}

type PreparedEmail = Omit<EmailToQueue, "contactId"> & { contactId?: number };

async function prepareEmail(kind: PromoterActionKind, response: ResponseCore, actor: StaffUser, reviewUrl: string | null): Promise<PreparedEmail | null> {
  const tags = [
    { name: "kind", value: `promoter-${kind}` },
    { name: "response", value: String(response.id) },
  ];
  const productName = answeredSurvey(response.campaignSurvey).productName;
  if (kind === "community") {
    const rendered = await renderEmail(
      "promoter-community",
      { name: response.contactName, productName, score: response.score, communityUrl: `${env().APP_URL}/portal` },
      response.contactLocale,
    );
    return { template: "promoter-community", to: response.contactEmail, locale: response.contactLocale, contactId: response.contactId, ...rendered, tags };
  }
  if (kind === "review") {
    const rendered = await renderEmail(
      "promoter-review",
      { name: response.contactName, productName, score: response.score, reviewUrl: reviewUrl! },
      response.contactLocale,
    );
    return { template: "promoter-review", to: response.contactEmail, locale: response.contactLocale, contactId: response.contactId, ...rendered, tags };
  }
  if (!response.csmEmail || response.csmDisabledAt) return null;
  // In the CSM's language: their own, else the team's (domain/staff-language).
  const language = staffEmailLanguage(response.csmLocale, teamTimeZone());
  const rendered = await renderEmail(
    "promoter-reference",
    {
      csmName: response.csmName!,
      actorName: actor.name,
      contactName: response.contactName,
      contactEmail: response.contactEmail,
      accountName: response.accountName,
      score: response.score,
      comment: response.comment,
      consent: findResponseConsents(response.id).reference,
      responseUrl: `${env().APP_URL}/cs/responses/${response.id}`,
    },
    language,
  );
  return { template: "promoter-reference", to: response.csmEmail, locale: language, ...rendered, replyTo: response.contactEmail, tags };
}

function alreadyDone(kind: PromoterActionKind, at: number): ServiceError {
  const day = new Date(at).toISOString().slice(0, 10);
  // The kind is the context: each language names the action in its own words.
  return new ServiceError(409, "promoterActionDone", { label: PROMOTER_ACTION_LABEL[kind], day, context: kind });
}

/**
 * Records one promoter action (each at most once per response) and queues its email in the same
 * transaction: the community invite and the review ask to the contact in their language, the
 * reference candidate to the account's CSM. Marketing-like asks are refused for contacts who
 * unsubscribed or whose address is suppressed; a follow-up case gets a timeline entry.
 */
export async function recordPromoterAction(actor: StaffUser, input: z.input<typeof PromoterActionInput>, now = Date.now()): Promise<PromoterActionOutcome> {
  const { responseId, kind } = parseInput(PromoterActionInput, input);
  assertCan({ user: actor }, "write:response:any");

  const response = findResponseCore(responseId);
  if (!response) throw new ServiceError(404, "responseGone");
  if (response.category !== "promoter") {
    throw new ServiceError(400, "promoterActionNotPromoter", { score: response.score });
  }
  const found = findExisting(responseId, kind);
  if (found) throw alreadyDone(kind, found.createdAt);
  const reviewUrl = kind === "review" ? getSetting("promoterActions").reviewUrl : null;
  if (kind === "review") {
    const blocker = reviewUrlBlock(reviewUrl);
    if (blocker) throw new ServiceError(409, blocker.code, blocker.params);
  }
  if (kind !== "reference") {
    const blocker = marketingAskBlock({
      ...response,
      name: response.contactName,
      email: response.contactEmail,
      suppression: findSuppression(response.contactEmail)?.reason ?? null,
    });
    if (blocker) throw new ServiceError(409, blocker.code, blocker.params);
  }

  // Rendering is async, so it happens before the transaction; the once-only check is repeated inside it.
  const email = await prepareEmail(kind, response, actor, reviewUrl);
  return transaction((tx) => {
    const raced = findExisting(responseId, kind, tx);
    if (raced) throw alreadyDone(kind, raced.createdAt);
    const outboxId = email ? enqueueEmail(tx, email, now) : null;
    const action = tx
      .insert(promoterActions)
      .values({ responseId, kind, actorUserId: actor.id, outboxId, createdAt: now })
      .returning({ id: promoterActions.id })
      .get();
    const caseId = findCaseIdForResponse(responseId, tx);
    if (caseId !== undefined) {
      insertCaseEvent(tx, {
        caseId,
        kind: "promoter-action",
        actorUserId: actor.id,
        body: email ? `${PROMOTER_ACTION_LABEL[kind]}: emailed ${email.to}` : PROMOTER_ACTION_LABEL[kind],
        data: { kind, promoterActionId: action.id, ...(email ? { to: email.to } : {}) },
        outboxId,
        now,
      });
    }
    audit(
      { actorUserId: actor.id, action: `response.promoter_${kind}`, entity: "response", entityId: responseId, detail: { outboxId, to: email?.to ?? null } },
      tx,
    );
    const emailLanguage = email ? (email.locale === "ja" ? "ja" : "en") : null;
    return { kind, actionId: action.id, emailedTo: email?.to ?? null, csmName: kind === "reference" && email ? response.csmName : null, emailLanguage };
  });
}

function findExisting(responseId: number, kind: PromoterActionKind, conn: Db = db) {
  return conn
    .select({ createdAt: promoterActions.createdAt })
    .from(promoterActions)
    .where(and(eq(promoterActions.responseId, responseId), eq(promoterActions.kind, kind)))
    .get();
}
