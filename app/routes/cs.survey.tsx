import { getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ConsoleError } from "../components/console-error";
import { FieldError } from "../components/settings-form";
import { CATEGORIES, type Category } from "../domain/nps";
import { ServiceError } from "../domain/service-error";
import { SurveyForm, surveyFormText, type SurveyDefinition, type SurveyFormText } from "../domain/survey";
import { getSetting } from "../models/settings.server";
import { updateSurveyDefinition, type SurveyIssues } from "../services/update-survey-definition.server";
import { refusalReply } from "../utils/refusal.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "NPS survey · Kizuna console" }];

const LANGS = [
  { code: "en", label: "English" },
  { code: "ja", label: "Japanese" },
] as const;

const CATEGORY_LABEL: Record<Category, string> = { promoter: "Promoters", passive: "Passives", detractor: "Detractors" };

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
  await requireStaff(request, "manage:settings:any");
  const survey = surveyFormText(getSetting("npsSurvey"));
  return { survey, values: flatten(survey) };
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
    const { result, status } = refusalReply(submission, error);
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
  const preview = (lang: "en" | "ja") => String(question[lang].value ?? "").replaceAll("{product}", productName || "…");

  return (
    <>
      <div className="page-head">
        <div>
          <h1>NPS survey</h1>
          <p>What every survey wave asks, and the rules it follows. Campaigns already launched keep the texts they were sent with.</p>
        </div>
      </div>
      {saved ? (
        <div className="notice success" role="status">
          Survey saved. New campaigns use it from now on.
        </div>
      ) : null}
      {formErrors.length > 0 || errorCount > 0 ? (
        <div className="notice error" role="alert" id={form.errorId}>
          {formErrors.length > 0 ? formErrors.join(" ") : `The survey was not saved: ${errorCount} field${errorCount === 1 ? " needs" : "s need"} attention.`}
        </div>
      ) : null}
      <Form method="post" className="survey-form" {...getFormProps(form)}>
        <section className="card" aria-labelledby="question-heading">
          <h2 id="question-heading">Question</h2>
          <TextField field={fields.productName} label="Product name" hint="Replaces {product} in the texts below." />
          <div className="lang-pair">
            {LANGS.map(({ code, label }) => (
              <TextField key={code} field={question[code]} label={`Question (${label})`} multiline />
            ))}
          </div>
          <p className="muted small">
            Shown as: “{preview("en")}” / “{preview("ja")}”
          </p>
        </section>

        <section className="card" aria-labelledby="followup-heading">
          <h2 id="followup-heading">Follow-up question by category</h2>
          <p className="muted">Asked on the answer page after the score, different for each category.</p>
          {CATEGORIES.map((category) => {
            const pair = followUp[category].getFieldset();
            return (
              <fieldset key={category}>
                <legend>{CATEGORY_LABEL[category]}</legend>
                <div className="lang-pair">
                  {LANGS.map(({ code, label }) => (
                    <TextField key={code} field={pair[code]} label={label} multiline />
                  ))}
                </div>
              </fieldset>
            );
          })}
        </section>

        <section className="card" aria-labelledby="thresholds-heading">
          <h2 id="thresholds-heading">Categories</h2>
          <p className="muted">Japanese respondents tend to score lower; some teams move the lines for that.</p>
          <div className="form-row top">
            <TextField field={thresholds.promoterMin} label="Promoters from score" numeric />
            <TextField field={thresholds.detractorMax} label="Detractors up to score" numeric />
          </div>
        </section>

        <section className="card" aria-labelledby="links-heading">
          <h2 id="links-heading">Thank-you page links</h2>
          <div className="form-row top">
            <TextField
              field={fields.reviewUrl}
              label="Public review page"
              hint="Promoters are invited to leave a review here (G2, ITreview, …). Empty: not offered."
              type="url"
            />
            <TextField field={fields.helpUrl} label="Help resources" hint="Shown to tech-touch detractors. Empty: not shown." type="url" />
          </div>
        </section>

        <section className="card" aria-labelledby="rules-heading">
          <h2 id="rules-heading">Default campaign rules</h2>
          <p className="muted">New campaigns start from these; each campaign can change them.</p>
          <div className="form-row top">
            <TextField field={fields.throttleDays} label="Skip contacts surveyed within (days)" numeric />
            <TextField field={fields.minAccountAgeDays} label="Skip accounts younger than (days)" numeric />
            <TextField field={fields.reminderAfterDays} label="Remind non-responders after (days)" hint="Empty: no reminder." numeric />
          </div>
        </section>

        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save survey"}
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
  hint?: string;
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
  return <ConsoleError back={{ to: "/cs", label: "Back to the overview" }} />;
}
