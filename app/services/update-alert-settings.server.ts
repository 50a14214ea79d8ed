import type { z } from "zod";
import { audit } from "../models/audit.server";
import { getSetting, putSetting, SETTINGS } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { slackTestJob } from "../jobs/job-types.server";
import { refusalOfIssue } from "../domain/field-message";
import { ServiceError } from "../domain/service-error";
import { assertMayChangeSettings } from "./settings-access.server";

export type AlertSettings = z.infer<typeof SETTINGS.alerts.schema>;

/** A test is worth a few tries, not a day of them: whoever pressed the button is waiting. */
const TEST_MAX_ATTEMPTS = 3;

/**
 * Sets or removes the Slack incoming-webhook URL. The URL is a secret (anyone holding it can post
 * to the channel), so the audit entry says what happened to it, never what it is.
 */
export function updateAlertSettings(actor: StaffUser, input: AlertSettings, ip?: string): { slackWebhook: "set" | "replaced" | "removed" | "unchanged" } {
  assertMayChangeSettings(actor);
  const parsed = SETTINGS.alerts.schema.safeParse(input);
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  const next = parsed.data;
  return transaction((tx) => {
    const before = getSetting("alerts").slackWebhookUrl;
    const slackWebhook = before === next.slackWebhookUrl ? "unchanged" : next.slackWebhookUrl === null ? "removed" : before === null ? "set" : "replaced";
    if (slackWebhook === "unchanged") return { slackWebhook };
    // The webhook form carries only the URL: the Slack language stays as it was.
    putSetting("alerts", { ...getSetting("alerts"), slackWebhookUrl: next.slackWebhookUrl });
    audit({ actorUserId: actor.id, action: "settings.alerts_updated", entity: "settings", entityId: "alerts", ip, detail: { slackWebhook } }, tx);
    return { slackWebhook };
  });
}

/** Chooses the language Slack posts are written in (for the whole channel, so the team's, not a person's). */
export function updateSlackLanguage(actor: StaffUser, language: "en" | "ja", ip?: string): { changed: boolean } {
  assertMayChangeSettings(actor);
  if (language !== "en" && language !== "ja") throw new ServiceError(400, "invalidInput", { message: "Slack language is en or ja." });
  return transaction((tx) => {
    const before = getSetting("alerts");
    if (before.slackLanguage === language) return { changed: false };
    putSetting("alerts", { ...before, slackLanguage: language });
    audit({ actorUserId: actor.id, action: "settings.alerts_updated", entity: "settings", entityId: "alerts", ip, detail: { slackLanguage: language } }, tx);
    return { changed: true };
  });
}

/** Queues one test POST to the saved webhook; the worker sends it within a second or two. */
export function requestSlackTestMessage(actor: StaffUser, ip?: string): { jobId: number } {
  assertMayChangeSettings(actor);
  if (!getSetting("alerts").slackWebhookUrl) throw new ServiceError(400, "settingsSlackFirst");
  return transaction((tx) => {
    const jobId = slackTestJob.enqueue(tx, { requestedBy: actor.name }, { maxAttempts: TEST_MAX_ATTEMPTS });
    audit({ actorUserId: actor.id, action: "settings.slack_test_requested", entity: "settings", entityId: "alerts", ip, detail: { jobId } }, tx);
    return { jobId };
  });
}
