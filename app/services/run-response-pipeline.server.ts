import { and, eq, gte, type SQL } from "drizzle-orm";
import { auditLog } from "../../db/schema";
import { createFormatter } from "../domain/format";
import { staffEmailLanguage } from "../domain/staff-language";
import { audit } from "../models/audit.server";
import { findResponseCore, type ResponseCore } from "../models/response-detail.server";
import { answeredSurvey, teamTimeZone } from "../models/settings.server";
import { findSuppression } from "../models/suppression.server";
import { db, transaction } from "../utils/db.server";
import { enqueueEmail, renderEmail } from "../utils/email.server";
import { env } from "../utils/env.server";
import { applyTagRulesToResponse } from "./apply-tag-rules.server";
import { indexResponse } from "./index-response.server";
import { openFollowUpCase } from "./open-follow-up-case.server";
import { advocacyResponseHook } from "./advocacy.server";
import { registerResponseHook, runResponseHooks } from "./response-hooks.server";
import { responseRecordedJob } from "../jobs/job-types.server";
import { queueSlackDetractorAlert } from "./slack-alerts.server";

// A promoter's answer goes on the account's advocacy timeline (decision 047).
registerResponseHook("advocacy-timeline", advocacyResponseHook);

/** The pipeline job, one per recorded answer (`queueRecordedResponses` enqueues it with `{ responseId }`). */
export const RESPONSE_RECORDED_JOB = responseRecordedJob.type;

export const DETRACTOR_ALERT_AUDIT = "nps.detractor_alert_sent";
export const DETRACTOR_HELP_AUDIT = "nps.detractor_help_sent";

export type PipelineOutcome = {
  /** What happened to the follow-up email for this response. */
  followUp: "alerted-csm" | "sent-help" | "already-sent" | "not-a-detractor" | "no-active-csm" | "contact-opted-out" | "response-gone";
};

/**
 * Whether the follow-up for this response was already queued. The marker is an audit entry
 * written in the same transaction as the outbox row, so "queued" and "recorded as queued" are
 * one fact: a job re-run after a crash finds it and sends nothing twice. The search starts at
 * the response's creation time, a range on the audit log's time index.
 */
function followUpRecorded(conn: typeof db, action: string, response: ResponseCore): boolean {
  const clauses: SQL[] = [
    gte(auditLog.at, new Date(response.createdAt - 60_000)),
    eq(auditLog.action, action),
    eq(auditLog.entity, "response"),
    eq(auditLog.entityId, String(response.id)),
  ];
  return (
    conn
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(...clauses))
      .limit(1)
      .get() !== undefined
  );
}

async function queueOnce(
  action: typeof DETRACTOR_ALERT_AUDIT | typeof DETRACTOR_HELP_AUDIT,
  response: ResponseCore,
  build: () => Promise<Parameters<typeof enqueueEmail>[1]>,
  detail: Record<string, unknown>,
): Promise<boolean> {
  if (followUpRecorded(db, action, response)) return false;
  // Rendering is async, so it happens before the transaction; the check is repeated inside it.
  const email = await build();
  return transaction((tx) => {
    if (followUpRecorded(tx, action, response)) return false;
    const outboxId = enqueueEmail(tx, email);
    audit({ action, entity: "response", entityId: response.id, detail: { ...detail, outboxId } }, tx);
    return true;
  });
}

async function alertCsm(response: ResponseCore, caseId: number | null): Promise<boolean> {
  const accountUrl = `${env().APP_URL}/cs/accounts/${response.accountId}`;
  const caseUrl = caseId === null ? null : `${env().APP_URL}/cs/cases/${caseId}`;
  // In the CSM's language: their own, else the team's (domain/staff-language).
  const language = staffEmailLanguage(response.csmLocale, teamTimeZone());
  return queueOnce(
    DETRACTOR_ALERT_AUDIT,
    response,
    async () => {
      const rendered = await renderEmail(
        "detractor-alert",
        {
          csmName: response.csmName!,
          contactName: response.contactName,
          contactEmail: response.contactEmail,
          accountName: response.accountName,
          score: response.score,
          comment: response.comment,
          acv: createFormatter(language).money(response.acvAmount, response.acvCurrency),
          renewalDate: response.renewalDate,
          campaignName: response.campaignName,
          accountUrl,
          caseUrl,
        },
        language,
      );
      return {
        template: "detractor-alert",
        to: response.csmEmail!,
        locale: language,
        ...rendered,
        // The CSM's reply goes straight to the customer.
        replyTo: response.contactEmail,
        tags: [
          { name: "kind", value: "detractor-alert" },
          { name: "response", value: String(response.id) },
        ],
      };
    },
    { to: response.csmEmail, score: response.score },
  );
}

async function sendHelp(response: ResponseCore): Promise<boolean> {
  const survey = answeredSurvey(response.campaignSurvey);
  const helpUrl = survey.helpUrl ?? `${env().APP_URL}/portal`;
  const locale = response.contactLocale;
  return queueOnce(
    DETRACTOR_HELP_AUDIT,
    response,
    async () => {
      const rendered = await renderEmail("detractor-help", { name: response.contactName, productName: survey.productName, helpUrl }, locale);
      return {
        template: "detractor-help",
        to: response.contactEmail,
        locale,
        contactId: response.contactId,
        ...rendered,
        tags: [
          { name: "kind", value: "detractor-help" },
          { name: "response", value: String(response.id) },
        ],
      };
    },
    { to: response.contactEmail, score: response.score },
  );
}

async function followUp(response: ResponseCore, caseId: number | null): Promise<PipelineOutcome["followUp"]> {
  if (response.category !== "detractor") return "not-a-detractor";
  if (response.segment === "tech") {
    if (response.unsubscribedAt || findSuppression(response.contactEmail)) return "contact-opted-out";
    return (await sendHelp(response)) ? "sent-help" : "already-sent";
  }
  if (!response.csmEmail || response.csmDisabledAt) return "no-active-csm";
  return (await alertCsm(response, caseId)) ? "alerted-csm" : "already-sent";
}

/**
 * What happens after a response is recorded, kept apart from recording it (the answer is
 * already committed when this runs as a job): the console's counts and search index, a detractor alert to the CSM of a high- or
 * low-touch account, an automated help email to a tech-touch detractor, then the registered
 * response hooks (scores). Safe to run again: each email is queued at most once per response,
 * and hooks recompute. A hook's failure is thrown so the job retries.
 */
export async function runResponsePipeline(responseId: number): Promise<PipelineOutcome> {
  indexResponse(responseId);
  applyTagRulesToResponse(responseId);
  const response = findResponseCore(responseId);
  if (!response) return { followUp: "response-gone" };
  // The case opens before the alert, so the alert can link to it.
  const followUpCase = openFollowUpCase(response.id);
  const outcome = await followUp(response, followUpCase?.caseId ?? null);
  // Slack is posted by its own job (once per response), so a slow or broken webhook never holds this up.
  if (response.category === "detractor") queueSlackDetractorAlert(response.id);
  await runResponseHooks({
    responseId: response.id,
    contactId: response.contactId,
    accountId: response.accountId,
    campaignId: response.campaignId,
    score: response.score,
    category: response.category,
    locale: response.locale,
    updatedAt: response.updatedAt,
  });
  return { followUp: outcome };
}
