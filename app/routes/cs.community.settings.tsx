import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { useFormat } from "../components/use-format";
import { FieldError, FormError } from "../components/settings-form";
import { CommunityQueueForm } from "../domain/community-console";
import { COMMUNITY_READERS, CommunitySettingsForm } from "../domain/community-settings";
import { getSetting } from "../models/settings.server";
import { updateCommunityQueueSettings, updateCommunitySettings } from "../services/community-settings.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/**
 * `/cs/community/settings`: who may read the community, the guidelines members accept, and (its
 * own form, `intent=queue`) how long a question waits before it counts as unanswered. Admins only.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:community:any");
  const t = await fixedT(user.language, "communityAdmin");
  return { title: t("settings.title"), settings: getSetting("community"), queue: getSetting("communityQueue") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:community:any");
  const formData = await request.formData();
  if (formData.get("intent") === "queue") {
    const submission = parseWithZod(formData, { schema: CommunityQueueForm });
    if (submission.status !== "success") return data({ form: "queue" as const, saved: false, result: submission.reply() }, { status: 400 });
    try {
      updateCommunityQueueSettings(user, submission.value, clientIp(request));
    } catch (error) {
      const { result, status } = refusalReply(submission, error, { language: user.language });
      return data({ form: "queue" as const, saved: false, result }, { status });
    }
    return { form: "queue" as const, saved: true, result: submission.reply() };
  }
  const submission = parseWithZod(formData, { schema: CommunitySettingsForm });
  if (submission.status !== "success") return data({ form: "community" as const, saved: false, result: submission.reply() }, { status: 400 });
  try {
    updateCommunitySettings(user, submission.value, clientIp(request));
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data({ form: "community" as const, saved: false, result }, { status });
  }
  return { form: "community" as const, saved: true, result: submission.reply() };
}

export default function CommunitySettingsPage() {
  const { settings, queue } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const actionData = reply?.form === "community" ? reply : undefined;
  const queueReply = reply?.form === "queue" ? reply : undefined;
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
  const [queueForm, queueFields] = useForm({
    id: "community-queue",
    lastResult: queueReply?.result,
    defaultValue: { unansweredAfterHours: String(queue.unansweredAfterHours) },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CommunityQueueForm }),
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
      {queueReply?.saved ? (
        <div className="notice success" role="status">
          {t("queueSettings.saved", { count: queue.unansweredAfterHours })}
        </div>
      ) : null}
      <Form method="post" {...getFormProps(queueForm)} className="community-admin-form stack" aria-labelledby="queue-heading">
        <input type="hidden" name="intent" value="queue" />
        <FormError errors={queueForm.errors} id={queueForm.errorId} />
        <section className="card">
          <h2 id="queue-heading">{t("queueSettings.heading")}</h2>
          <p className="hint muted" id="queue-hint">
            {t("queueSettings.hint")}
          </p>
          <div className="field">
            <label htmlFor={queueFields.unansweredAfterHours.id}>{t("queueSettings.label")}</label>
            <input
              {...getInputProps(queueFields.unansweredAfterHours, { type: "number" })}
              min={1}
              max={720}
              step={1}
              className="hours-input"
              aria-describedby={["queue-hint", queueFields.unansweredAfterHours.errors ? queueFields.unansweredAfterHours.errorId : null]
                .filter(Boolean)
                .join(" ")}
            />
            <FieldError errors={queueFields.unansweredAfterHours.errors} id={queueFields.unansweredAfterHours.errorId} />
          </div>
          <p className="flush">
            <button type="submit" disabled={busy}>
              {t("queueSettings.save")}
            </button>
          </p>
        </section>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
