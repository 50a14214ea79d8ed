import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { useFormat } from "../components/use-format";
import { FieldError, FormError } from "../components/settings-form";
import { COMMUNITY_READERS, CommunitySettingsForm } from "../domain/community-settings";
import { getSetting } from "../models/settings.server";
import { updateCommunitySettings } from "../services/community-settings.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `/cs/community/settings`: who may read the community, and the guidelines members accept. Admins only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:community:any");
  const t = await fixedT(user.language, "communityAdmin");
  return { title: t("settings.title"), settings: getSetting("community") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:community:any");
  const submission = parseWithZod(await request.formData(), { schema: CommunitySettingsForm });
  if (submission.status !== "success") return data({ saved: false, result: submission.reply() }, { status: 400 });
  try {
    updateCommunitySettings(user, submission.value, clientIp(request));
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data({ saved: false, result }, { status });
  }
  return { saved: true, result: submission.reply() };
}

export default function CommunitySettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation("communityAdmin");
  const format = useFormat();
  const [form, fields] = useForm({
    id: "community-settings",
    lastResult: actionData?.result,
    defaultValue: { readers: settings.readers, guidelinesEn: settings.guidelines.en, guidelinesJa: settings.guidelines.ja },
    shouldValidate: "onBlur",
    // A fixed error clears while typing, so the button does not move under the pointer on blur.
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CommunitySettingsForm }),
  });
  const readerLabels = { members: t("settings.readersMembers"), everyone: t("settings.readersEveryone") } as const;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("settings.heading")}</h1>
        </div>
      </div>
      {actionData?.saved ? (
        <div className="notice success" role="status">
          {t("settings.saved")}
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="community-admin-form stack">
        <FormError errors={form.errors} id={form.errorId} />
        <section className="card">
          <fieldset aria-describedby="readers-hint">
            <legend>
              <h2>{t("settings.readersLegend")}</h2>
            </legend>
            {COMMUNITY_READERS.map((value) => (
              <label key={value} className="inline-check">
                <input type="radio" name={fields.readers.name} value={value} defaultChecked={fields.readers.initialValue === value} /> {readerLabels[value]}
              </label>
            ))}
            <p className="hint muted" id="readers-hint">
              {t("settings.readersHint")}
            </p>
            <FieldError errors={fields.readers.errors} id={fields.readers.errorId} />
          </fieldset>
        </section>
        <section className="card" aria-labelledby="guidelines-heading">
          <h2 id="guidelines-heading">{t("settings.guidelinesHeading")}</h2>
          <p className="hint muted">{t("settings.guidelinesHint")}</p>
          <div className="field-row">
            {([fields.guidelinesEn, fields.guidelinesJa] as const).map((field, i) => (
              <div className="field" key={field.name}>
                <label htmlFor={field.id}>{i === 0 ? t("settings.guidelinesEn") : t("settings.guidelinesJa")}</label>
                <textarea {...getTextareaProps(field)} className="guidelines" lang={i === 0 ? "en" : "ja"} />
                <FieldError errors={field.errors} id={field.errorId} />
              </div>
            ))}
          </div>
          <label className="inline-check">
            <input {...getInputProps(fields.askAgain, { type: "checkbox" })} /> {t("settings.askAgain")}
          </label>
          <p className="hint muted">
            {settings.guidelinesUpdatedAt
              ? t("settings.lastAsked", { when: format.dateTime(new Date(settings.guidelinesUpdatedAt)) })
              : t("settings.neverAsked")}
          </p>
        </section>
        <p>
          <button type="submit" disabled={busy}>
            {t("settings.save")}
          </button>
        </p>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
