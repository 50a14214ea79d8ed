import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { z } from "zod";
import type { SettingsResult } from "../components/settings-form";
import { AlertsForm, CloseTheLoopForm, PromoterForm, SegmentThresholdsForm } from "../domain/settings-forms";
import type { ConsoleUser } from "../models/user.server";
import { requestSlackTestMessage, updateAlertSettings } from "../services/update-alert-settings.server";
import { updateCloseTheLoopSettings } from "../services/update-close-the-loop-settings.server";
import { updatePromoterSettings, type ReviewUrlChange } from "../services/update-promoter-settings.server";
import { updateSegmentThresholds } from "../services/update-segment-thresholds.server";
import { fixedT } from "./i18n.server";
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

type Reply = (options: { formErrors: string[] }) => SettingsResult["result"];

/** Handles one settings form; `section` limits which intents this route accepts (all for POST /cs/settings). Notices and refusals are in the user's language. */
export async function handleSettingsForm(user: ConsoleUser, formData: FormData, ip: string | undefined, section?: SettingsSection) {
  const t = await fixedT(user.language, "admin");
  const refused = (intent: string, error: unknown, reply: Reply) => {
    const refusal = refusalOf(error, user.language);
    return data<SettingsResult>({ intent, result: reply({ formErrors: [refusal.message] }) }, { status: refusal.status });
  };
  return handle(user, formData, ip, section, t, refused);
}

function handle(
  user: ConsoleUser,
  formData: FormData,
  ip: string | undefined,
  section: SettingsSection | undefined,
  t: (key: string) => string,
  refused: (intent: string, error: unknown, reply: Reply) => ReturnType<typeof data<SettingsResult>>,
) {
  const allowed: readonly string[] = section ? SETTINGS_SECTIONS[section] : Object.values(SETTINGS_SECTIONS).flat();
  // A form without an intent is the section's own main form (on POST /cs/settings, the thresholds form).
  const rawIntent = formData.get("intent") ?? allowed[0];
  const intent = allowed.find((name) => name === rawIntent);
  if (!intent) throw data(t("settings.unknownForm"), { status: 400 });

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
        message: t("settings.closeTheLoop.saved"),
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
      const message = slackWebhook === "unchanged" ? t("settings.alerts.unchanged") : t("settings.alerts.saved");
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
      return data<SettingsResult>({
        intent,
        result: submission.reply({ resetForm: true }),
        message: t(`settings.promoterAsks.saved.${change satisfies ReviewUrlChange}`),
      });
    } catch (error) {
      return refused(intent, error, (options) => submission.reply(options));
    }
  }

  const submission = parseWithZod(formData, { schema: z.object({}) });
  try {
    if (intent === "slack-remove") {
      updateAlertSettings(user, { slackWebhookUrl: null }, ip);
      return data<SettingsResult>({ intent, result: submission.reply({ resetForm: true }), message: t("settings.alerts.removed") });
    }
    requestSlackTestMessage(user, ip);
    return data<SettingsResult>({
      intent,
      result: submission.reply(),
      message: t("settings.alerts.testQueued"),
    });
  } catch (error) {
    return refused(intent, error, (options) => submission.reply(options));
  }
}
