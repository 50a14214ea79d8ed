import type { Db } from "../../db/client";
import { detractorSlackMessage, slackTestMessage } from "../domain/slack-message";
import { createFormatter } from "../domain/format";
import { teamDefaultLanguage } from "../domain/staff-language";
import type { Language } from "../locales";
import { audit } from "../models/audit.server";
import { findResponseForAlert } from "../models/detractor-alert.server";
import { getSetting, teamTimeZone } from "../models/settings.server";
import { db } from "../utils/db.server";
import { env } from "../utils/env.server";
import { slackDetractorJob, slackTestJob } from "../jobs/job-types.server";
import { postToSlack, SlackRejectedError } from "../utils/slack.server";
import { log } from "../utils/log.server";

export const SLACK_DETRACTOR_JOB = slackDetractorJob.type;
export const SLACK_TEST_JOB = slackTestJob.type;
export const SLACK_REJECTED_AUDIT = "alerts.slack_rejected";

/**
 * Queues the Slack alert for a detractor's response, once: the job's unique key makes a re-run
 * of the pipeline (a retry, a changed answer) find the first job instead of adding one.
 * Nothing is queued while no webhook is set. Returns the job id, or null.
 */
export function queueSlackDetractorAlert(responseId: number, conn: Db = db): number | null {
  if (!getSetting("alerts").slackWebhookUrl) return null;
  return slackDetractorJob.enqueue(conn, { responseId });
}

/** The team's Slack language: the alerts setting, else the team's (Japanese on Tokyo time, else English). */
export function slackLanguage(): Language {
  return getSetting("alerts").slackLanguage ?? teamDefaultLanguage(teamTimeZone());
}

export type SlackPostOutcome = "posted" | "no-webhook" | "response-gone" | "not-a-detractor" | "rejected";

/**
 * A 4xx other than 429 means the webhook is wrong; retrying would only hammer Slack for days.
 * It is logged and audited (without the URL) and the job ends; an admin sees it in the audit log.
 */
function rejected(error: SlackRejectedError, what: string, entityId: number | string): "rejected" {
  log().error({ err: { type: error.name, message: error.message } }, `alerts: ${what}`);
  audit({ action: SLACK_REJECTED_AUDIT, entity: "settings", entityId: "alerts", detail: { what, status: error.status, ref: String(entityId) } });
  return "rejected";
}

/** The job: posts the detractor alert for one response. Throws on a failure worth retrying. */
export async function postSlackDetractorAlert(responseId: number): Promise<SlackPostOutcome> {
  // Read when the job runs, not when it was queued: a removed or replaced URL applies at once.
  const webhookUrl = getSetting("alerts").slackWebhookUrl;
  if (!webhookUrl) return "no-webhook";
  const response = findResponseForAlert(responseId);
  if (!response) return "response-gone";
  // The answer may have changed before the job ran; a passive is no alert.
  if (response.category !== "detractor") return "not-a-detractor";
  const appUrl = env().APP_URL;
  const language = slackLanguage();
  const message = detractorSlackMessage(
    {
      score: response.score,
      comment: response.comment,
      contactName: response.contactName,
      contactEmail: response.contactEmail,
      accountName: response.accountName,
      acv: createFormatter(language).money(response.acvAmount, response.acvCurrency),
      segment: response.segment,
      renewalDate: response.renewalDate,
      consoleUrl: response.caseId !== null ? `${appUrl}/cs/cases/${response.caseId}` : `${appUrl}/cs/accounts/${response.accountId}`,
      linkLabel: response.caseId !== null ? "Open the case" : "Open the account",
    },
    language,
  );
  try {
    await postToSlack(webhookUrl, message);
  } catch (error) {
    if (error instanceof SlackRejectedError) return rejected(error, `detractor alert for response ${responseId}`, responseId);
    throw error;
  }
  return "posted";
}

/** The job behind "Send test message": posts a short message naming who asked. */
export async function postSlackTestMessage(requestedBy: string): Promise<SlackPostOutcome> {
  const webhookUrl = getSetting("alerts").slackWebhookUrl;
  if (!webhookUrl) return "no-webhook";
  try {
    await postToSlack(webhookUrl, slackTestMessage(requestedBy, slackLanguage()));
  } catch (error) {
    if (error instanceof SlackRejectedError) return rejected(error, "test message", "test");
    throw error;
  }
  return "posted";
}
