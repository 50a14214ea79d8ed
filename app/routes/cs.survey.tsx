import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ConsoleError } from "../components/console-error";
import { ONE_LINE_MESSAGE } from "../domain/header-text";
import { CATEGORIES, type Category } from "../domain/nps";
import type { SurveyDefinition } from "../domain/survey";
import { getSetting } from "../models/settings.server";
import { updateSurveyDefinition, type SurveyIssues } from "../services/update-survey-definition.server";
import { refusalOf } from "../utils/refusal.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "NPS survey · Kizuna console" }];

const LANGS = [
  { code: "en", label: "English" },
  { code: "ja", label: "Japanese" },
] as const;

const CATEGORY_LABEL: Record<Category, string> = { promoter: "Promoters", passive: "Passives", detractor: "Detractors" };

const NUMBER_FIELDS = ["thresholds.promoterMin", "thresholds.detractorMax", "throttleDays", "minAccountAgeDays", "reminderAfterDays"] as const;
const URL_FIELDS = ["reviewUrl", "helpUrl"] as const;
const TEXT_FIELDS = ["productName", "question.en", "question.ja", ...CATEGORIES.flatMap((c) => [`followUp.${c}.en`, `followUp.${c}.ja`])];

type Values = Record<string, string>;
type Errors = Record<string, string>;

/** The stored definition as the form shows it: every field as text under its dotted path. */
function toValues(survey: SurveyDefinition): Values {
  const values: Values = {
    productName: survey.productName,
    "question.en": survey.question.en,
    "question.ja": survey.question.ja,
    "thresholds.promoterMin": String(survey.thresholds.promoterMin),
    "thresholds.detractorMax": String(survey.thresholds.detractorMax),
    reviewUrl: survey.reviewUrl ?? "",
    helpUrl: survey.helpUrl ?? "",
    throttleDays: String(survey.throttleDays),
    minAccountAgeDays: String(survey.minAccountAgeDays),
    reminderAfterDays: survey.reminderAfterDays === null ? "" : String(survey.reminderAfterDays),
  };
  for (const category of CATEGORIES) for (const { code } of LANGS) values[`followUp.${category}.${code}`] = survey.followUp[category][code];
  return values;
}

/** Text back into the definition's shape; whole numbers are checked here so the message is plain. */
function fromValues(values: Values): { input: unknown; errors: Errors } {
  const errors: Errors = {};
  const number = (key: string) => {
    const raw = values[key] ?? "";
    if (key === "reminderAfterDays" && raw === "") return null;
    if (!/^\d{1,4}$/.test(raw)) {
      errors[key] = "Enter a whole number.";
      return 0;
    }
    return Number(raw);
  };
  const url = (key: string) => (values[key] ? values[key] : null);
  const pair = (prefix: string) => ({ en: values[`${prefix}.en`] ?? "", ja: values[`${prefix}.ja`] ?? "" });
  const input = {
    productName: values.productName ?? "",
    question: pair("question"),
    followUp: Object.fromEntries(CATEGORIES.map((c) => [c, pair(`followUp.${c}`)])),
    thresholds: { promoterMin: number("thresholds.promoterMin"), detractorMax: number("thresholds.detractorMax") },
    reviewUrl: url("reviewUrl"),
    helpUrl: url("helpUrl"),
    throttleDays: number("throttleDays"),
    minAccountAgeDays: number("minAccountAgeDays"),
    reminderAfterDays: number("reminderAfterDays"),
  };
  return { input, errors };
}

const RANGES: Record<string, string> = {
  "thresholds.promoterMin": "Use a score from 0 to 10.",
  "thresholds.detractorMax": "Use a score from 0 to 10.",
  throttleDays: "Use 0 to 365 days.",
  minAccountAgeDays: "Use 0 to 365 days.",
  reminderAfterDays: "Use 1 to 30 days, or leave empty for no reminder.",
};

/** A message a person can act on for each refused field. */
function messageFor(path: string, message: string): [string, string] {
  if (path === "thresholds") return ["thresholds.detractorMax", "The detractor line must be below the promoter line."];
  if ((URL_FIELDS as readonly string[]).includes(path)) return [path, "Enter a full link starting with https:// or http://, or leave it empty."];
  if (RANGES[path]) return [path, RANGES[path]];
  if (message.includes(ONE_LINE_MESSAGE)) return [path, message];
  if (TEXT_FIELDS.includes(path))
    return [path, /too_small|>=1|at least 1/.test(message) ? "Enter this text." : "Keep it shorter (500 characters at most; 80 for the product name)."];
  return [path, message];
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:settings:any");
  return { values: toValues(getSetting("npsSurvey")) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const form = await request.formData();
  const values: Values = {};
  for (const key of [...TEXT_FIELDS, ...NUMBER_FIELDS, ...URL_FIELDS]) values[key] = String(form.get(key) ?? "").trim();
  const { input, errors } = fromValues(values);
  if (Object.keys(errors).length > 0) return data({ values, errors, saved: false }, { status: 400 });
  try {
    const saved = updateSurveyDefinition(user, input, clientIp(request));
    return { values: toValues(saved), errors: {} as Errors, saved: true };
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal.error.code === "surveyNotSaved") {
      const fieldErrors: Errors = {};
      for (const issue of (refusal.error.detail ?? []) as SurveyIssues) {
        const [field, message] = messageFor(issue.path, issue.message);
        fieldErrors[field] ??= message;
      }
      return data({ values, errors: fieldErrors, saved: false }, { status: 400 });
    }
    return data({ values, errors: { form: refusal.message } as Errors, saved: false }, { status: refusal.status });
  }
}

export default function SurveySettings() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const values = actionData?.values ?? loaded.values;
  const errors: Errors = actionData?.errors ?? {};
  const errorCount = Object.keys(errors).length;
  const preview = (lang: "en" | "ja") => (values[`question.${lang}`] ?? "").replaceAll("{product}", values.productName || "…");

  return (
    <>
      <div className="page-head">
        <div>
          <h1>NPS survey</h1>
          <p>What every survey wave asks, and the rules it follows. Campaigns already launched keep the texts they were sent with.</p>
        </div>
      </div>
      {actionData?.saved ? (
        <div className="notice success" role="status">
          Survey saved. New campaigns use it from now on.
        </div>
      ) : null}
      {errorCount > 0 ? (
        <div className="notice error" role="alert">
          {errors.form ?? `The survey was not saved: ${errorCount} field${errorCount === 1 ? " needs" : "s need"} attention.`}
        </div>
      ) : null}
      {/* A fresh form after each save so the saved values show. */}
      <Form method="post" className="survey-form" noValidate key={actionData?.saved ? JSON.stringify(values) : "edit"}>
        <section className="card" aria-labelledby="question-heading">
          <h2 id="question-heading">Question</h2>
          <TextField name="productName" label="Product name" hint="Replaces {product} in the texts below." values={values} errors={errors} />
          <div className="lang-pair">
            {LANGS.map(({ code, label }) => (
              <TextField key={code} name={`question.${code}`} label={`Question (${label})`} multiline values={values} errors={errors} />
            ))}
          </div>
          <p className="muted small">
            Shown as: “{preview("en")}” / “{preview("ja")}”
          </p>
        </section>

        <section className="card" aria-labelledby="followup-heading">
          <h2 id="followup-heading">Follow-up question by category</h2>
          <p className="muted">Asked on the answer page after the score, different for each category.</p>
          {CATEGORIES.map((category) => (
            <fieldset key={category}>
              <legend>{CATEGORY_LABEL[category]}</legend>
              <div className="lang-pair">
                {LANGS.map(({ code, label }) => (
                  <TextField key={code} name={`followUp.${category}.${code}`} label={label} multiline values={values} errors={errors} />
                ))}
              </div>
            </fieldset>
          ))}
        </section>

        <section className="card" aria-labelledby="thresholds-heading">
          <h2 id="thresholds-heading">Categories</h2>
          <p className="muted">Japanese respondents tend to score lower; some teams move the lines for that.</p>
          <div className="form-row top">
            <TextField name="thresholds.promoterMin" label="Promoters from score" numeric values={values} errors={errors} />
            <TextField name="thresholds.detractorMax" label="Detractors up to score" numeric values={values} errors={errors} />
          </div>
        </section>

        <section className="card" aria-labelledby="links-heading">
          <h2 id="links-heading">Thank-you page links</h2>
          <div className="form-row top">
            <TextField
              name="reviewUrl"
              label="Public review page"
              hint="Promoters are invited to leave a review here (G2, ITreview, …). Empty: not offered."
              type="url"
              values={values}
              errors={errors}
            />
            <TextField
              name="helpUrl"
              label="Help resources"
              hint="Shown to tech-touch detractors. Empty: not shown."
              type="url"
              values={values}
              errors={errors}
            />
          </div>
        </section>

        <section className="card" aria-labelledby="rules-heading">
          <h2 id="rules-heading">Default campaign rules</h2>
          <p className="muted">New campaigns start from these; each campaign can change them.</p>
          <div className="form-row top">
            <TextField name="throttleDays" label="Skip contacts surveyed within (days)" numeric values={values} errors={errors} />
            <TextField name="minAccountAgeDays" label="Skip accounts younger than (days)" numeric values={values} errors={errors} />
            <TextField name="reminderAfterDays" label="Remind non-responders after (days)" hint="Empty: no reminder." numeric values={values} errors={errors} />
          </div>
        </section>

        <button type="submit" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Saving…" : "Save survey"}
        </button>
      </Form>
    </>
  );
}

function TextField({
  name,
  label,
  hint,
  multiline,
  numeric,
  type = "text",
  values,
  errors,
}: {
  name: string;
  label: string;
  hint?: string;
  multiline?: boolean;
  numeric?: boolean;
  type?: "text" | "url";
  values: Values;
  errors: Errors;
}) {
  const id = name.replaceAll(".", "-");
  const error = errors[name];
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  const common = { id, name, defaultValue: values[name] ?? "", "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {multiline ? (
        <textarea rows={2} maxLength={500} {...common} />
      ) : (
        <input type={type} inputMode={numeric ? "numeric" : undefined} size={numeric ? 6 : undefined} {...common} />
      )}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs", label: "Back to the overview" }} />;
}
