import { getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Trans, useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FieldError, useWordMessage } from "../components/settings-form";
import { CATEGORIES } from "../domain/nps";
import { ServiceError } from "../domain/service-error";
import { SurveyForm, surveyFormText, type SurveyDefinition, type SurveyFormText } from "../domain/survey";
import { getSetting } from "../models/settings.server";
import { updateSurveyDefinition, type SurveyIssues } from "../services/update-survey-definition.server";
import { refusalReply } from "../utils/refusal.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const LANGS = ["en", "ja"] as const;

/** The form's text under dotted names (`question.en`), as a browser posts it. */
function flatten(value: object, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === "object" && inner !== null) Object.assign(out, flatten(inner, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = String(inner);
  }
  return out;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const t = await fixedT(user.language, "admin");
  const survey = surveyFormText(getSetting("npsSurvey"));
  return { title: t("survey.title"), survey, values: flatten(survey) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const submission = parseWithZod(await request.formData(), { schema: SurveyForm });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: false }, { status: 400 });
  try {
    updateSurveyDefinition(user, submission.value, clientIp(request));
    return { result: submission.reply(), saved: true };
  } catch (error) {
    // The service re-validates with the same schema; should it still refuse, each field says why.
    if (error instanceof ServiceError && error.code === "surveyNotSaved") {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of (error.detail ?? []) as SurveyIssues) (fieldErrors[issue.path] ??= []).push(issue.message);
      return data({ result: submission.reply({ fieldErrors }), saved: false }, { status: 400 });
    }
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data({ result, saved: false }, { status });
  }
}

export default function SurveySettings() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  // A fresh form after each save, so the saved values show.
  const saved = actionData?.saved === true;
  return (
    <SurveyFormSection
      key={saved ? JSON.stringify(loaded.values) : "edit"}
      survey={loaded.survey}
      actionData={saved ? undefined : actionData}
      saved={saved}
      busy={navigation.state === "submitting"}
    />
  );
}

function SurveyFormSection({
  survey,
  actionData,
  saved,
  busy,
}: {
  survey: SurveyFormText;
  actionData: ReturnType<typeof useActionData<typeof action>>;
  saved: boolean;
  busy: boolean;
}) {
  const [form, fields] = useForm<SurveyFormText, SurveyDefinition>({
    id: "survey",
    lastResult: actionData?.result,
    defaultValue: survey,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SurveyForm }),
  });
  const question = fields.question.getFieldset();
  const followUp = fields.followUp.getFieldset();
  const thresholds = fields.thresholds.getFieldset();
  const errorCount = Object.keys(form.allErrors).filter((name) => name !== "").length;
  const formErrors = form.errors ?? [];
  const productName = String(fields.productName.value ?? "");
  const { t } = useTranslation("admin");
  const word = useWordMessage();
  const preview = (lang: "en" | "ja") => String(question[lang].value ?? "").replaceAll("{product}", productName || "…");

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("survey.heading")}</h1>
          <p>{t("survey.intro")}</p>
        </div>
      </div>
      {saved ? (
        <div className="notice success" role="status">
          {t("survey.saved")}
        </div>
      ) : null}
      {formErrors.length > 0 || errorCount > 0 ? (
        <div className="notice error" role="alert" id={form.errorId}>
          {formErrors.length > 0 ? formErrors.map(word).join(" ") : t("survey.notSaved", { count: errorCount })}
        </div>
      ) : null}
      <Form method="post" className="survey-form" {...getFormProps(form)}>
        <section className="card" aria-labelledby="question-heading">
          <h2 id="question-heading">{t("survey.question")}</h2>
          <TextField
            field={fields.productName}
            label={t("survey.productName")}
            hint={<Trans t={t} i18nKey="survey.productNameHint" components={{ code: <code /> }} />}
          />
          <div className="lang-pair">
            {LANGS.map((code) => (
              <TextField key={code} field={question[code]} label={t("survey.questionIn", { language: t(`survey.language.${code}`) })} multiline />
            ))}
          </div>
          <p className="muted small">
            <Trans
              t={t}
              i18nKey="survey.shownAs"
              values={{ en: preview("en"), ja: preview("ja") }}
              components={{ en: <span translate="no" lang="en" />, ja: <span translate="no" lang="ja" /> }}
            />
          </p>
        </section>

        <section className="card" aria-labelledby="followup-heading">
          <h2 id="followup-heading">{t("survey.followUp")}</h2>
          <p className="muted">{t("survey.followUpIntro")}</p>
          {CATEGORIES.map((category) => {
            const pair = followUp[category].getFieldset();
            return (
              <fieldset key={category}>
                <legend>{t(`survey.category.${category}`)}</legend>
                <div className="lang-pair">
                  {LANGS.map((code) => (
                    <TextField key={code} field={pair[code]} label={t(`survey.language.${code}`)} multiline />
                  ))}
                </div>
              </fieldset>
            );
          })}
        </section>

        <section className="card" aria-labelledby="thresholds-heading">
          <h2 id="thresholds-heading">{t("survey.categories")}</h2>
          <p className="muted">{t("survey.categoriesIntro")}</p>
          <div className="form-row top">
            <TextField field={thresholds.promoterMin} label={t("survey.promoterMin")} numeric />
            <TextField field={thresholds.detractorMax} label={t("survey.detractorMax")} numeric />
          </div>
        </section>

        <section className="card" aria-labelledby="links-heading">
          <h2 id="links-heading">{t("survey.links")}</h2>
          <div className="form-row top">
            <TextField field={fields.reviewUrl} label={t("survey.reviewUrl")} hint={t("survey.reviewUrlHint")} type="url" />
            <TextField field={fields.helpUrl} label={t("survey.helpUrl")} hint={t("survey.helpUrlHint")} type="url" />
          </div>
        </section>

        <section className="card" aria-labelledby="rules-heading">
          <h2 id="rules-heading">{t("survey.rules")}</h2>
          <p className="muted">{t("survey.rulesIntro")}</p>
          <div className="form-row top">
            <TextField field={fields.throttleDays} label={t("survey.throttleDays")} numeric />
            <TextField field={fields.minAccountAgeDays} label={t("survey.minAccountAgeDays")} numeric />
            <TextField field={fields.reminderAfterDays} label={t("survey.reminderAfterDays")} hint={t("survey.reminderHint")} numeric />
          </div>
        </section>

        <button type="submit" disabled={busy}>
          {busy ? t("survey.saving") : t("survey.save")}
        </button>
      </Form>
    </>
  );
}

function TextField({
  field,
  label,
  hint,
  multiline,
  numeric,
  maxLength = 500,
  type = "text",
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  hint?: ReactNode;
  multiline?: boolean;
  numeric?: boolean;
  maxLength?: number;
  type?: "text" | "url";
}) {
  const hintId = `${field.id}-hint`;
  const described = hint ? { ariaDescribedBy: hintId } : {};
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {multiline ? (
        <textarea {...getTextareaProps(field, described)} rows={2} maxLength={maxLength} />
      ) : (
        <input {...getInputProps(field, { type, ...described })} inputMode={numeric ? "numeric" : undefined} size={numeric ? 6 : undefined} />
      )}
      <FieldError errors={field.errors} id={field.errorId} />
    </div>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs", label: t("survey.back") }} />;
}
