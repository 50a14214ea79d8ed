import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FieldError, useWordMessage } from "../components/settings-form";
import { useFormat } from "../components/use-format";
import { CAMPAIGN_FORM_FIELD, CampaignForm, campaignFormToInput } from "../domain/campaign-form";
import { useHydrated } from "../components/use-hydrated";
import { CAMPAIGN_LOCALES, CAMPAIGN_SEGMENTS, CAMPAIGN_STAGES, EXCLUSION_REASONS } from "../domain/campaign-rules";
import { listActiveCsms } from "../models/user.server";
import { defaultCampaignRules } from "../services/create-campaign.server";
import { createAndLaunchCampaign } from "../services/launch-campaign.server";
import { previewCampaignAudience } from "../services/preview-campaign-audience.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "write:campaign:any");
  const t = await fixedT(user.language, "campaigns");
  const rules = defaultCampaignRules();
  return {
    title: t("new.title"),
    csms: listActiveCsms().map(({ id, name }) => ({ id, name })),
    defaults: {
      throttleDays: String(rules.throttleDays),
      minAccountAgeDays: String(rules.minAccountAgeDays),
      reminderAfterDays: rules.reminderAfterDays === null ? "" : String(rules.reminderAfterDays),
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:campaign:any");
  const submission = parseWithZod(await request.formData(), { schema: CampaignForm });
  if (submission.status !== "success") return data({ result: submission.reply(), preview: null }, { status: 400 });
  const { input, scheduledAt } = campaignFormToInput(submission.value);
  try {
    if (submission.value.intent === "preview") {
      const { campaign: _campaign, ...counts } = previewCampaignAudience({ user }, input, { scheduledAt });
      return { result: submission.reply(), preview: counts };
    }
    const { campaign } = createAndLaunchCampaign({ user }, input, { scheduledAt, ip: clientIp(request) });
    return redirect(`/cs/campaigns/${campaign.id}?launched=1`);
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { fieldNames: CAMPAIGN_FORM_FIELD, language: user.language });
    return data({ result, preview: null }, { status });
  }
}

/** The form as posted: text per field (a list for the checkbox groups and the CSMs). */
type FormText = Partial<Record<keyof CampaignForm, string | string[]>>;

/** Where a field's error goes: next to it, and named by the control it is about. */
function describedBy(field: { errors?: string[]; errorId: string }, ...others: string[]) {
  return [field.errors ? field.errorId : null, ...others].filter(Boolean).join(" ") || undefined;
}

export default function NewCampaign() {
  const { csms, defaults } = useLoaderData<typeof loader>();
  const { t } = useTranslation("campaigns");
  const format = useFormat();
  const word = useWordMessage();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<FormText, CampaignForm>({
    id: "new-campaign",
    lastResult: actionData?.result,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CampaignForm }),
  });
  const preview = actionData?.preview ?? null;
  const [schedule, setSchedule] = useState(fields.schedule.initialValue === "later" ? "later" : "now");
  // The browser's offset, so a schedule typed as local time means the same moment on the server.
  const tzOffset = useHydrated() ? String(new Date().getTimezoneOffset()) : "0";
  const busy = navigation.state === "submitting";
  const formErrors = [...(form.errors ?? []), ...(fields.intent.errors ?? [])];

  return (
    <>
      <p className="breadcrumb">
        <Link to="/cs/campaigns">{t("list.heading")}</Link> / {t("new.breadcrumb")}
      </p>
      <div className="page-head">
        <div>
          <h1>{t("new.heading")}</h1>
          <p>{t("new.intro")}</p>
        </div>
      </div>
      {formErrors.length > 0 ? (
        <div className="notice error" role="alert" id={form.errorId}>
          {formErrors.map(word).join(" ")}
        </div>
      ) : null}
      <Form method="post" className="campaign-form" {...getFormProps(form)}>
        <input type="hidden" name="tzOffset" value={tzOffset} />
        <section className="card" aria-labelledby="campaign-basics">
          <h2 id="campaign-basics">{t("new.name")}</h2>
          <div className="field">
            <label htmlFor={fields.name.id}>{t("new.nameLabel")}</label>
            <input {...getInputProps(fields.name, { type: "text" })} maxLength={120} placeholder={t("new.namePlaceholder")} />
            <FieldError id={fields.name.errorId} errors={fields.name.errors} />
          </div>
        </section>

        <section className="card" aria-labelledby="campaign-targeting">
          <h2 id="campaign-targeting">{t("new.who")}</h2>
          <p className="muted">{t("new.whoIntro")}</p>
          <div className="targeting-grid">
            <ChoiceList legend={t("new.segments")} field={fields.segments} options={CAMPAIGN_SEGMENTS.map((segment) => [segment, t(`segment.${segment}`)])} />
            <ChoiceList legend={t("new.stages")} field={fields.stages} options={CAMPAIGN_STAGES.map((stage) => [stage, t(`stage.${stage}`)])} />
            <ChoiceList legend={t("new.locales")} field={fields.locales} options={CAMPAIGN_LOCALES.map((locale) => [locale, t(`locale.${locale}`)])} />
            <div className="field">
              <label htmlFor={fields.csms.id}>{t("new.csms")}</label>
              <p className="hint" id={`${fields.csms.id}-hint`}>
                {t("new.csmsHint")}
              </p>
              <select {...getSelectProps(fields.csms, { ariaDescribedBy: `${fields.csms.id}-hint` })} multiple size={Math.min(Math.max(csms.length, 3), 6)}>
                {csms.map((csm) => (
                  <option key={csm.id} value={csm.id} translate="no">
                    {csm.name}
                  </option>
                ))}
              </select>
              <FieldError id={fields.csms.errorId} errors={fields.csms.errors} />
            </div>
          </div>
          <div className="field">
            <label htmlFor={fields.accounts.id}>{t("new.accounts")}</label>
            <p className="hint" id={`${fields.accounts.id}-hint`}>
              {t("new.accountsHint")}
            </p>
            <textarea {...getTextareaProps(fields.accounts, { ariaDescribedBy: `${fields.accounts.id}-hint` })} rows={3} />
            <FieldError id={fields.accounts.errorId} errors={fields.accounts.errors} />
          </div>
        </section>

        <section className="card" aria-labelledby="campaign-rules">
          <h2 id="campaign-rules">{t("new.rules")}</h2>
          <p className="muted">{t("new.rulesIntro")}</p>
          <div className="form-row top">
            <NumberField field={fields.throttleDays} label={t("new.throttleDays")} unit={t("new.withinDays")} />
            <NumberField field={fields.minAccountAgeDays} label={t("new.minAccountAgeDays")} unit={t("new.youngerDays")} />
            <NumberField field={fields.reminderAfterDays} label={t("new.reminderAfterDays")} unit={t("new.afterDays")} hint={t("new.noReminder")} />
          </div>
          <div className="form-row top">
            <NumberField field={fields.samplePercent} label={t("new.samplePercent")} unit={t("new.sampleUnit")} hint={t("new.sampleHint")} />
            <NumberField field={fields.dailyCap} label={t("new.dailyCap")} unit={t("new.dailyCapUnit")} hint={t("new.dailyCapHint")} />
          </div>
        </section>

        <section className="card" aria-labelledby="campaign-schedule">
          <h2 id="campaign-schedule">{t("new.when")}</h2>
          <fieldset className="choice-list">
            <legend className="visually-hidden">{t("new.start")}</legend>
            <label className="inline-check">
              <input type="radio" name={fields.schedule.name} value="now" checked={schedule === "now"} onChange={() => setSchedule("now")} /> {t("new.sendNow")}
            </label>
            <label className="inline-check">
              <input type="radio" name={fields.schedule.name} value="later" checked={schedule === "later"} onChange={() => setSchedule("later")} />{" "}
              {t("new.startLater")}
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor={fields.startAt.id}>{t("new.startAt")}</label>
            <p className="hint" id={`${fields.startAt.id}-hint`}>
              {t("new.startAtHint")}
            </p>
            <input {...getInputProps(fields.startAt, { type: "datetime-local", ariaDescribedBy: `${fields.startAt.id}-hint` })} />
            <FieldError id={fields.startAt.errorId} errors={fields.startAt.errors} />
          </div>
        </section>

        {preview ? <AudienceSummary preview={preview} /> : null}

        <div className="commit-bar">
          <button type="submit" name="intent" value="preview" className={preview ? "secondary" : undefined} disabled={busy}>
            {busy && navigation.formData?.get("intent") === "preview" ? t("new.counting") : preview ? t("new.previewAgain") : t("new.preview")}
          </button>
          {preview ? (
            <button type="submit" name="intent" value="launch" disabled={busy || preview.recipients === 0}>
              {busy && navigation.formData?.get("intent") === "launch"
                ? t("new.launching")
                : schedule === "later"
                  ? t("new.schedule")
                  : t("new.launch", { count: preview.recipients, formatted: format.number(preview.recipients) })}
            </button>
          ) : (
            <span className="muted">{t("new.previewFirst")}</span>
          )}
        </div>
      </Form>
    </>
  );
}

type Field = FieldMetadata<string | string[] | undefined, FormText>;

/** A group of checkboxes posting one name; its error names the group. */
function ChoiceList({ legend, field, options }: { legend: string; field: Field; options: [string, string][] }) {
  const boxes = getCollectionProps(field, { type: "checkbox", options: options.map(([value]) => value) });
  return (
    <fieldset className="choice-list" aria-invalid={field.errors ? true : undefined} aria-describedby={describedBy(field)}>
      <legend>{legend}</legend>
      {boxes.map((props, i) => (
        <label key={props.value} className="inline-check">
          <input {...props} key={props.key} /> {options[i][1]}
        </label>
      ))}
      <FieldError id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}

function NumberField({ field, label, unit, hint }: { field: Field; label: string; unit: string; hint?: string }) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <div className="with-unit">
        <input {...getInputProps(field, { type: "text", ariaDescribedBy: `${field.id}-unit` })} inputMode="numeric" size={8} />
        <span id={`${field.id}-unit`} className="muted">
          {unit}
        </span>
      </div>
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldError id={field.errorId} errors={field.errors} />
    </div>
  );
}

type Preview = NonNullable<NonNullable<ReturnType<typeof useActionData<typeof action>>>["preview"]>;

function AudienceSummary({ preview }: { preview: Preview }) {
  const { t } = useTranslation("campaigns");
  const format = useFormat();
  const n = (value: number) => format.number(value);
  return (
    <section className="card audience-summary" aria-labelledby="audience-heading" aria-live="polite">
      <h2 id="audience-heading">{t("audience.heading")}</h2>
      <ol className="audience-funnel">
        <li>
          <span className="value">{n(preview.targeted)}</span> {t("audience.targeted")}
        </li>
        {EXCLUSION_REASONS.map((reason) => (
          <li key={reason} className={preview.excluded[reason] > 0 ? "minus" : "minus zero"}>
            <span className="value">− {n(preview.excluded[reason])}</span> {t(`audience.excluded.${reason}`)}
          </li>
        ))}
        <li className="result">
          <span className="value">{n(preview.eligible)}</span> {t("audience.invited")}
        </li>
        {preview.sampled ? (
          <li className="result">
            <span className="value">≈ {n(preview.recipients)}</span> {t("audience.afterSampling")}
          </li>
        ) : null}
      </ol>
      {preview.days > 1 ? <p className="muted">{t("audience.days", { count: preview.days })}</p> : null}
      {preview.recipients === 0 ? (
        <div className="notice warn" role="status">
          {t("audience.nobody")}
        </div>
      ) : preview.sampled ? (
        <p className="muted small">{t("audience.sampleNote")}</p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("campaigns");
  return <ConsoleError back={{ to: "/cs/campaigns", label: t("new.back") }} />;
}
