import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormNotice, usePendingIntent, type SettingsResult } from "../components/settings-form";
import { AlertsForm, SLACK_PREFIX } from "../domain/settings-forms";
import { getSetting } from "../models/settings.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { fixedT } from "../utils/i18n.server";
import { handleSettingsForm } from "../utils/settings-actions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];
// "Alerts · Settings · Kizuna console" }];

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
  return { title, slackWebhook: webhook ? maskWebhook(webhook) : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  return handleSettingsForm(user, await request.formData(), clientIp(request), "alerts");
}

export default function AlertSettings() {
  const { slackWebhook } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <AlertsSection slackWebhook={slackWebhook} actionData={actionData} />;
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
