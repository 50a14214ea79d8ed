import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FormNotice, usePendingIntent, type SettingsResult } from "../components/settings-form";
import { StaffSignInSettingsForm } from "../domain/two-factor-forms";
import { getSetting } from "../models/settings.server";
import { updateStaffSignInSettings } from "../services/staff-two-factor.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { oidcProvider } from "../utils/oidc.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const t = await fixedT(user.language, "admin");
  return {
    title: t("settings.sectionTitle", { section: t("settings.sections.signIn") }),
    settings: getSetting("staffSignIn"),
    sso: oidcProvider(),
  };
}

/** "Require two-factor for admins" (docs/decisions/044); single sign-on is configured by the server's environment and only shown here. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const submission = parseWithZod(await request.formData(), { schema: StaffSignInSettingsForm });
  if (submission.status !== "success") return data<SettingsResult>({ intent: "sign-in", result: submission.reply() }, { status: 400 });
  try {
    updateStaffSignInSettings(user, submission.value, clientIp(request));
    const t = await fixedT(user.language, "staffAuth");
    return data<SettingsResult>({ intent: "sign-in", result: submission.reply(), message: t("settings.saved") });
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data<SettingsResult>({ intent: "sign-in", result }, { status });
  }
}

export default function SignInSettings() {
  const { settings, sso } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = usePendingIntent() === "sign-in";
  const { t } = useTranslation("staffAuth");
  const [form, fields] = useForm({
    id: "sign-in",
    lastResult: actionData?.result,
    defaultValue: { requireTwoFactorForAdmins: settings.requireTwoFactorForAdmins ? "on" : undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffSignInSettingsForm }),
  });
  return (
    <>
      <section className="card settings-section" aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">{t("settings.heading")}</h2>
        <p className="muted">{t("settings.intro")}</p>
        <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="sign-in" />
          <div className="field">
            <label className="choice" htmlFor={fields.requireTwoFactorForAdmins.id}>
              <input {...getInputProps(fields.requireTwoFactorForAdmins, { type: "checkbox" })} aria-describedby="require-hint" />
              <span>{t("settings.require")}</span>
            </label>
            <p className="hint" id="require-hint">
              {t("settings.requireHint")}
            </p>
          </div>
          <button type="submit" disabled={busy}>
            {t("settings.save")}
          </button>
        </Form>
      </section>
      <section className="card settings-section" aria-labelledby="sso-heading">
        <h2 id="sso-heading">{t("settings.ssoHeading")}</h2>
        <p>{sso ? t("settings.ssoOn", { provider: sso.name }) : t("settings.ssoOff")}</p>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs/settings", label: t("settings.back") }} />;
}
