import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormNotice, usePendingIntent, type SettingsResult } from "../components/settings-form";
import { AlertsForm, SLACK_PREFIX, SlackLanguageForm } from "../domain/settings-forms";
import { getSetting } from "../models/settings.server";
import { slackLanguage } from "../services/slack-alerts.server";
import { updateSlackLanguage } from "../services/update-alert-settings.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { refusalOf } from "../utils/refusal.server";
import { clientIp } from "../utils/rate-limit.server";
import { handleSettingsForm } from "../utils/settings-actions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

type SectionResult = SettingsResult | undefined;

/** Enough of the webhook to recognise it, not enough to post with: it is a secret. */
function maskWebhook(url: string): string {
  const path = new URL(url).pathname;
  return `${SLACK_PREFIX}${path.split("/")[1] ?? ""}/…${path.slice(-4)}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const t = await fixedT(user.language, "admin");
  const title = t("settings.sectionTitle", { section: t("settings.sections.alerts") });
  const webhook = getSetting("alerts").slackWebhookUrl;
  // Never the URL itself: the page shows that one is set and which, not the secret.
  return { title, slackWebhook: webhook ? maskWebhook(webhook) : null, slackLanguage: slackLanguage() };
}

const SLACK_LANGUAGE_INTENT = "slack-language";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const formData = await request.formData();
  if (formData.get("intent") === SLACK_LANGUAGE_INTENT) {
    const submission = parseWithZod(formData, { schema: SlackLanguageForm });
    if (submission.status !== "success") return data<SettingsResult>({ intent: SLACK_LANGUAGE_INTENT, result: submission.reply() }, { status: 400 });
    try {
      updateSlackLanguage(user, submission.value.slackLanguage, clientIp(request));
      const t = await fixedT(user.language, "admin");
      return data<SettingsResult>({ intent: SLACK_LANGUAGE_INTENT, result: submission.reply(), message: t("slackLanguage.saved") });
    } catch (error) {
      const refusal = refusalOf(error, user.language);
      return data<SettingsResult>({ intent: SLACK_LANGUAGE_INTENT, result: submission.reply({ formErrors: [refusal.message] }) }, { status: refusal.status });
    }
  }
  return handleSettingsForm(user, formData, clientIp(request), "alerts");
}

export default function AlertSettings() {
  const { slackWebhook, slackLanguage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <AlertsSection slackWebhook={slackWebhook} actionData={actionData?.intent === SLACK_LANGUAGE_INTENT ? undefined : actionData} />
      <SlackLanguageSection language={slackLanguage} actionData={actionData?.intent === SLACK_LANGUAGE_INTENT ? actionData : undefined} />
    </>
  );
}

/** Which language Slack posts use: one for the channel, so the team's rather than a person's. */
function SlackLanguageSection({ language, actionData }: { language: "en" | "ja"; actionData: SectionResult }) {
  const { t } = useTranslation("admin");
  const pending = usePendingIntent();
  const [form, fields] = useForm({
    id: "slack-language",
    lastResult: actionData?.result,
    defaultValue: { slackLanguage: language },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SlackLanguageForm }),
  });
  return (
    <section className="card settings-section" aria-labelledby="slack-language-heading">
      <h2 id="slack-language-heading">{t("slackLanguage.heading")}</h2>
      <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value={SLACK_LANGUAGE_INTENT} />
        <div className="field">
          <label htmlFor={fields.slackLanguage.id}>{t("slackLanguage.label")}</label>
          <p className="hint" id={`${fields.slackLanguage.id}-hint`}>
            {t("slackLanguage.hint")}
          </p>
          <select {...getSelectProps(fields.slackLanguage)} key={language}>
            {/* Each language named in itself, as language menus do. */}
            <option value="ja" lang="ja">
              日本語
            </option>
            <option value="en" lang="en">
              English
            </option>
          </select>
          <FieldError errors={fields.slackLanguage.errors} id={fields.slackLanguage.errorId} />
        </div>
        <button type="submit" disabled={pending === SLACK_LANGUAGE_INTENT}>
          {t("slackLanguage.save")}
        </button>
      </Form>
    </section>
  );
}

function AlertsSection({ slackWebhook, actionData }: { slackWebhook: string | null; actionData: SectionResult }) {
  const pending = usePendingIntent();
  const { t } = useTranslation("admin");
  const [form, fields] = useForm({
    id: "alerts",
    lastResult: actionData?.intent === "alerts" ? actionData.result : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AlertsForm }),
  });
  // Remove and test post their own small forms; their refusals show here too.
  const otherErrors = actionData && actionData.intent !== "alerts" ? actionData.result.error?.[""] : undefined;
  return (
    <section className="card settings-section" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">{t("settings.alerts.heading")}</h2>
      <p className="muted">{t("settings.alerts.help")}</p>
      <FormNotice actionData={actionData} errors={form.errors ?? otherErrors ?? undefined} errorId={form.errorId} />
      <p>
        {slackWebhook ? (
          <>
            {t("settings.alerts.webhook")} <code className="webhook-mask">{slackWebhook}</code>
          </>
        ) : (
          <span className="muted">{t("settings.alerts.noWebhook")}</span>
        )}
      </p>
      <Form method="post" {...getFormProps(form)} autoComplete="off">
        <input type="hidden" name="intent" value="alerts" />
        <div className="field">
          <label htmlFor={fields.slackWebhookUrl.id}>{slackWebhook ? t("settings.alerts.replaceUrl") : t("settings.alerts.url")}</label>
          <p className="hint" id={`${fields.slackWebhookUrl.id}-hint`}>
            {t("settings.alerts.urlHint", { prefix: SLACK_PREFIX })}
          </p>
          <input
            {...getInputProps(fields.slackWebhookUrl, { type: "url" })}
            placeholder={`${SLACK_PREFIX}services/…`}
            className="webhook-input"
            spellCheck={false}
          />
          <FieldError errors={fields.slackWebhookUrl.errors} id={fields.slackWebhookUrl.errorId} />
        </div>
        <button type="submit" disabled={pending === "alerts"}>
          {pending === "alerts" ? t("settings.saving") : t("settings.alerts.save")}
        </button>
      </Form>
      {slackWebhook ? (
        <div className="form-row settings-actions">
          <Form method="post">
            <input type="hidden" name="intent" value="slack-test" />
            <button type="submit" className="secondary" disabled={pending === "slack-test"}>
              {pending === "slack-test" ? t("settings.alerts.queueing") : t("settings.alerts.test")}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="slack-remove" />
            <button type="submit" className="danger" disabled={pending === "slack-remove"}>
              {pending === "slack-remove" ? t("settings.alerts.removing") : t("settings.alerts.remove")}
            </button>
          </Form>
        </div>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs/settings", label: t("settings.back") }} />;
}
