import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FormNotice, usePendingIntent, type SettingsResult } from "../components/settings-form";
import { OnboardingStallSettingsForm } from "../domain/onboarding-stall-forms";
import { getSetting } from "../models/settings.server";
import { updateOnboardingStallSettings } from "../services/update-onboarding-stall-settings.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const t = await fixedT(user.language, "admin");
  return { title: t("settings.sectionTitle", { section: t("settings.sections.onboarding") }), settings: getSetting("onboardingStall") };
}

/** Whether stalled high-touch accounts get an "onboarding stalled" task too (decision 053). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const submission = parseWithZod(await request.formData(), { schema: OnboardingStallSettingsForm });
  if (submission.status !== "success") return data<SettingsResult>({ intent: "onboarding", result: submission.reply() }, { status: 400 });
  try {
    updateOnboardingStallSettings(user, submission.value, clientIp(request));
    const t = await fixedT(user.language, "tasks");
    return data<SettingsResult>({ intent: "onboarding", result: submission.reply(), message: t("settings.saved") });
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data<SettingsResult>({ intent: "onboarding", result }, { status });
  }
}

export default function OnboardingSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = usePendingIntent() === "onboarding";
  const { t } = useTranslation("tasks");
  const [form, fields] = useForm({
    id: "onboarding",
    lastResult: actionData?.result,
    defaultValue: { highTouchTasks: settings.highTouchTasks ? "on" : undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OnboardingStallSettingsForm }),
  });
  return (
    <section className="card settings-section" aria-labelledby="onboarding-stall-heading">
      <h2 id="onboarding-stall-heading">{t("settings.heading")}</h2>
      <p className="muted">{t("settings.intro")}</p>
      <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="onboarding" />
        <div className="field">
          <label className="choice" htmlFor={fields.highTouchTasks.id}>
            <input {...getInputProps(fields.highTouchTasks, { type: "checkbox" })} aria-describedby="high-touch-hint" />
            <span>{t("settings.highTouchTasks")}</span>
          </label>
          <p className="hint" id="high-touch-hint">
            {t("settings.highTouchTasksHint")}
          </p>
        </div>
        <button type="submit" disabled={busy}>
          {t("settings.save")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs/settings", label: t("settings.back") }} />;
}
