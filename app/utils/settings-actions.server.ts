import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { z } from "zod";
import type { SettingsResult } from "../components/settings-form";
import { AlertsForm, CloseTheLoopForm, PromoterForm, SegmentThresholdsForm } from "../domain/settings-forms";
import type { StaffUser } from "../models/user.server";
import { requestSlackTestMessage, updateAlertSettings } from "../services/update-alert-settings.server";
import { updateCloseTheLoopSettings } from "../services/update-close-the-loop-settings.server";
import { updatePromoterSettings, type ReviewUrlChange } from "../services/update-promoter-settings.server";
import { updateSegmentThresholds } from "../services/update-segment-thresholds.server";
import { refusalOf } from "./refusal.server";

/*
 * Each settings section's form handling (parse → service → reply), used by the section's own
 * route and by POST /cs/settings, which still accepts every section's form by its `intent`
 * field (a form without one is the thresholds form), as it always has.
 */

export const SETTINGS_SECTIONS = {
  segments: ["segments"],
  "close-the-loop": ["close-the-loop"],
  alerts: ["alerts", "slack-remove", "slack-test"],
  "promoter-asks": ["promoter-actions"],
} as const;
export type SettingsSection = keyof typeof SETTINGS_SECTIONS;

const REVIEW_URL_SAVED: Record<ReviewUrlChange, string> = {
  set: "Saved. Promoters can now be asked for a review from their response.",
  replaced: "Saved. Review asks from now on link to the new address.",
  removed: "Removed. “Ask for a review” is unavailable until a link is set.",
  unchanged: "That review link is already saved.",
};

type Reply = (options: { formErrors: string[] }) => SettingsResult["result"];

function refused(intent: string, error: unknown, reply: Reply) {
  const refusal = refusalOf(error);
  return data<SettingsResult>({ intent, result: reply({ formErrors: [refusal.message] }) }, { status: refusal.status });
}

/** Handles one settings form; `section` limits which intents this route accepts (all for POST /cs/settings). */
export function handleSettingsForm(user: StaffUser, formData: FormData, ip: string | undefined, section?: SettingsSection) {
  const allowed: readonly string[] = section ? SETTINGS_SECTIONS[section] : Object.values(SETTINGS_SECTIONS).flat();
  // A form without an intent is the section's own main form (on POST /cs/settings, the thresholds form).
  const rawIntent = formData.get("intent") ?? allowed[0];
  const intent = allowed.find((name) => name === rawIntent);
  if (!intent) throw data("Unknown settings form.", { status: 400 });

  if (intent === "segments") {
    const submission = parseWithZod(formData, { schema: SegmentThresholdsForm });
    if (submission.status !== "success") return data<SettingsResult>({ intent, result: submission.reply(), saved: null }, { status: 400 });
    try {
      const saved = updateSegmentThresholds(user, submission.value, ip);
      return data<SettingsResult>({ intent, result: submission.reply({ resetForm: true }), saved });
    } catch (error) {
      return refused(intent, error, (options) => submission.reply(options));
    }
  }

  if (intent === "close-the-loop") {
    const submission = parseWithZod(formData, { schema: CloseTheLoopForm });
    if (submission.status !== "success") return data<SettingsResult>({ intent, result: submission.reply() }, { status: 400 });
    try {
      updateCloseTheLoopSettings(user, submission.value, ip);
      return data<SettingsResult>({
        intent,
        result: submission.reply({ resetForm: true }),
        message: "Saved. New cases fall due by these rules; open cases keep their due time.",
      });
    } catch (error) {
      return refused(intent, error, (options) => submission.reply(options));
    }
  }

  if (intent === "alerts") {
    const submission = parseWithZod(formData, { schema: AlertsForm });
    // The reply never echoes the URL back into the page: it is a secret.
    if (submission.status !== "success")
      return data<SettingsResult>({ intent, result: submission.reply({ hideFields: ["slackWebhookUrl"] }) }, { status: 400 });
    try {
      const { slackWebhook } = updateAlertSettings(user, { slackWebhookUrl: submission.value.slackWebhookUrl }, ip);
      const message =
        slackWebhook === "unchanged"
          ? "That webhook is already saved."
          : "Saved. Detractor alerts now go to Slack too; send a test message to check the channel.";
      return data<SettingsResult>({ intent, result: submission.reply({ resetForm: true }), message });
    } catch (error) {
      return refused(intent, error, (options) => submission.reply({ ...options, hideFields: ["slackWebhookUrl"] }));
    }
  }

  if (intent === "promoter-actions") {
    const submission = parseWithZod(formData, { schema: PromoterForm });
    if (submission.status !== "success") return data<SettingsResult>({ intent, result: submission.reply() }, { status: 400 });
    try {
      const { change } = updatePromoterSettings(user, { reviewUrl: submission.value.reviewUrl }, ip);
      return data<SettingsResult>({ intent, result: submission.reply({ resetForm: true }), message: REVIEW_URL_SAVED[change] });
    } catch (error) {
      return refused(intent, error, (options) => submission.reply(options));
    }
  }

  const submission = parseWithZod(formData, { schema: z.object({}) });
  try {
    if (intent === "slack-remove") {
      updateAlertSettings(user, { slackWebhookUrl: null }, ip);
      return data<SettingsResult>({ intent, result: submission.reply({ resetForm: true }), message: "Removed. Detractor alerts go by email only." });
    }
    requestSlackTestMessage(user, ip);
    return data<SettingsResult>({
      intent,
      result: submission.reply(),
      message: "Test message queued: it should appear in the channel within a few seconds. If it does not, check the audit log.",
    });
  } catch (error) {
    return refused(intent, error, (options) => submission.reply(options));
  }
}
