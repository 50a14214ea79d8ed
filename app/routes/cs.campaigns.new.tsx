import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { ConsoleError } from "../components/console-error";
import { useHydrated } from "../components/use-hydrated";
import { SEGMENT_LABEL, stageLabel } from "../domain/segments";
import { CAMPAIGN_LOCALES, CAMPAIGN_SEGMENTS, CAMPAIGN_STAGES, EXCLUSION_LABEL, EXCLUSION_REASONS } from "../domain/campaign-rules";
import { listActiveCsms } from "../models/user.server";
import { defaultCampaignRules } from "../services/create-campaign.server";
import { createAndLaunchCampaign } from "../services/launch-campaign.server";
import { previewCampaignAudience } from "../services/preview-campaign-audience.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalOf } from "../utils/refusal.server";

export const meta: MetaFunction = () => [{ title: "New campaign · Kizuna console" }];

const LOCALE_LABEL: Record<(typeof CAMPAIGN_LOCALES)[number], string> = { en: "English", ja: "Japanese" };

type FieldErrors = Partial<Record<string, string>>;

/** What the form posts, as text; numbers are checked here so each error lands on its field. */
type Values = {
  name: string;
  segments: string[];
  stages: string[];
  locales: string[];
  csms: string[];
  accounts: string;
  throttleDays: string;
  minAccountAgeDays: string;
  samplePercent: string;
  dailyCap: string;
  reminderAfterDays: string;
  schedule: "now" | "later";
  startAt: string;
  tzOffset: string;
};

function readValues(form: FormData): Values {
  const text = (key: string) => String(form.get(key) ?? "").trim();
  const list = (key: string) => form.getAll(key).map(String);
  return {
    name: text("name"),
    segments: list("segments"),
    stages: list("stages"),
    locales: list("locales"),
    csms: list("csms"),
    accounts: text("accounts"),
    throttleDays: text("throttleDays"),
    minAccountAgeDays: text("minAccountAgeDays"),
    samplePercent: text("samplePercent"),
    dailyCap: text("dailyCap"),
    reminderAfterDays: text("reminderAfterDays"),
    schedule: text("schedule") === "later" ? "later" : "now",
    startAt: text("startAt"),
    tzOffset: text("tzOffset"),
  };
}

const wholeNumber = /^\d{1,7}$/;
const Intent = z.enum(["preview", "launch"]);
// The browser's offset from UTC in minutes (Date#getTimezoneOffset); absent with JS off: UTC.
const TzOffset = z.coerce.number().int().min(-900).max(900).catch(0);

/** Turns the form into the service's input, or field errors a person can act on. */
function toCampaignInput(values: Values): { input: unknown; scheduledAt: number | null } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const number = (key: keyof Values, label: string, optional: boolean): number | null => {
    const raw = values[key] as string;
    if (raw === "") {
      if (!optional) errors[key] = `Enter ${label}.`;
      return null;
    }
    if (!wholeNumber.test(raw)) {
      errors[key] = `Enter ${label} as a whole number.`;
      return null;
    }
    return Number(raw);
  };
  const rules = {
    throttleDays: number("throttleDays", "the throttle window in days", false),
    minAccountAgeDays: number("minAccountAgeDays", "the minimum account age in days", false),
    samplePercent: number("samplePercent", "a percentage", true),
    dailyCap: number("dailyCap", "a number of invitations per day", true),
    reminderAfterDays: number("reminderAfterDays", "a number of days", true),
  };
  const csmUserIds = values.csms.map((id) => (/^[1-9]\d{0,9}$/.test(id) ? Number(id) : NaN));
  if (csmUserIds.some(Number.isNaN)) errors.csms = "Pick CSMs from the list.";
  let scheduledAt: number | null = null;
  if (values.schedule === "later") {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(values.startAt);
    if (!match) errors.startAt = "Pick a date and time to start, or choose “Send now”.";
    else {
      const [, y, mo, d, h, mi] = match.map(Number);
      scheduledAt = Date.UTC(y, mo - 1, d, h, mi) + TzOffset.parse(values.tzOffset) * 60_000;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  const accountExternalIds = values.accounts.split(/[\s,;]+/).filter(Boolean);
  return {
    input: {
      name: values.name,
      targeting: { segments: values.segments, stages: values.stages, locales: values.locales, csmUserIds, accountExternalIds },
      rules,
    },
    scheduledAt,
  };
}

/** The service names fields as `rules.samplePercent`; the form calls it `samplePercent`. */
const FORM_FIELD: Record<string, keyof Values> = {
  name: "name",
  "targeting.segments": "segments",
  "targeting.stages": "stages",
  "targeting.locales": "locales",
  "targeting.csmUserIds": "csms",
  "targeting.accountExternalIds": "accounts",
  "rules.throttleDays": "throttleDays",
  "rules.minAccountAgeDays": "minAccountAgeDays",
  "rules.samplePercent": "samplePercent",
  "rules.dailyCap": "dailyCap",
  "rules.reminderAfterDays": "reminderAfterDays",
  scheduledAt: "startAt",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "write:campaign:any");
  const rules = defaultCampaignRules();
  return {
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
  const form = await request.formData();
  const intent = Intent.safeParse(form.get("intent"));
  const values = readValues(form);
  if (!intent.success) return data({ values, errors: { form: "Use the Preview or Launch button." } as FieldErrors, preview: null }, { status: 400 });
  const parsed = toCampaignInput(values);
  if ("errors" in parsed) return data({ values, errors: parsed.errors, preview: null }, { status: 400 });
  try {
    if (intent.data === "preview") {
      const preview = previewCampaignAudience({ user }, parsed.input, { scheduledAt: parsed.scheduledAt });
      const { campaign: _campaign, ...counts } = preview;
      return { values, errors: {} as FieldErrors, preview: counts };
    }
    const { campaign } = createAndLaunchCampaign({ user }, parsed.input, { scheduledAt: parsed.scheduledAt, ip: clientIp(request) });
    return redirect(`/cs/campaigns/${campaign.id}?launched=1`);
  } catch (error) {
    const refusal = refusalOf(error);
    const field = (refusal.field && FORM_FIELD[refusal.field]) || "form";
    return data({ values, errors: { [field]: refusal.message } as FieldErrors, preview: null }, { status: refusal.status });
  }
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={id}>
      {message}
    </p>
  ) : null;
}

function errorProps(name: string, errors: FieldErrors) {
  return errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {};
}

export default function NewCampaign() {
  const { csms, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const values: Partial<Values> = actionData?.values ?? {};
  const errors: FieldErrors = actionData?.errors ?? {};
  const preview = actionData?.preview ?? null;
  const [schedule, setSchedule] = useState(values.schedule ?? "now");
  // The browser's offset, so a schedule typed as local time means the same moment on the server.
  const tzOffset = useHydrated() ? String(new Date().getTimezoneOffset()) : "0";
  const busy = navigation.state === "submitting";
  const checked = (list: string[] | undefined, value: string) => list?.includes(value) ?? false;
  const text = (key: keyof Values, fallback = "") => (values[key] as string | undefined) ?? fallback;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/cs/campaigns">Campaigns</Link> / New
      </p>
      <div className="page-head">
        <div>
          <h1>New campaign</h1>
          <p>Choose who to survey and the rules, preview the audience, then launch.</p>
        </div>
      </div>
      {errors.form ? (
        <div className="notice error" role="alert">
          {errors.form}
        </div>
      ) : null}
      <Form method="post" className="campaign-form" noValidate>
        <input type="hidden" name="tzOffset" value={tzOffset} />
        <section className="card" aria-labelledby="campaign-basics">
          <h2 id="campaign-basics">Name</h2>
          <div className="field">
            <label htmlFor="name">Campaign name</label>
            <input
              id="name"
              name="name"
              type="text"
              required
              maxLength={120}
              defaultValue={text("name")}
              placeholder="e.g. Q3 relationship NPS"
              {...errorProps("name", errors)}
            />
            <FieldError id="name-error" message={errors.name} />
          </div>
        </section>

        <section className="card" aria-labelledby="campaign-targeting">
          <h2 id="campaign-targeting">Who</h2>
          <p className="muted">Leave a group empty to include everyone in it. Filters combine: a contact must match each one you set.</p>
          <div className="targeting-grid">
            <fieldset className="choice-list" {...errorProps("segments", errors)}>
              <legend>Segments</legend>
              {CAMPAIGN_SEGMENTS.map((segment) => (
                <label key={segment} className="inline-check">
                  <input type="checkbox" name="segments" value={segment} defaultChecked={checked(values.segments, segment)} /> {SEGMENT_LABEL[segment]}
                </label>
              ))}
              <FieldError id="segments-error" message={errors.segments} />
            </fieldset>
            <fieldset className="choice-list" {...errorProps("stages", errors)}>
              <legend>Lifecycle stages</legend>
              {CAMPAIGN_STAGES.map((stage) => (
                <label key={stage} className="inline-check">
                  <input type="checkbox" name="stages" value={stage} defaultChecked={checked(values.stages, stage)} /> {stageLabel(stage)}
                </label>
              ))}
              <FieldError id="stages-error" message={errors.stages} />
            </fieldset>
            <fieldset className="choice-list" {...errorProps("locales", errors)}>
              <legend>Contact language</legend>
              {CAMPAIGN_LOCALES.map((locale) => (
                <label key={locale} className="inline-check">
                  <input type="checkbox" name="locales" value={locale} defaultChecked={checked(values.locales, locale)} /> {LOCALE_LABEL[locale]}
                </label>
              ))}
              <FieldError id="locales-error" message={errors.locales} />
            </fieldset>
            <div className="field">
              <label htmlFor="csms">CSMs</label>
              <p className="hint" id="csms-hint">
                Accounts owned by these CSMs. Hold Ctrl or ⌘ to pick several.
              </p>
              <select
                id="csms"
                name="csms"
                multiple
                size={Math.min(Math.max(csms.length, 3), 6)}
                defaultValue={values.csms ?? []}
                aria-describedby={errors.csms ? "csms-error" : "csms-hint"}
                aria-invalid={errors.csms ? true : undefined}
              >
                {csms.map((csm) => (
                  <option key={csm.id} value={csm.id}>
                    {csm.name}
                  </option>
                ))}
              </select>
              <FieldError id="csms-error" message={errors.csms} />
            </div>
          </div>
          <div className="field">
            <label htmlFor="accounts">Account list</label>
            <p className="hint" id="accounts-hint">
              External ids of specific accounts, separated by commas or new lines. Leave empty for all accounts.
            </p>
            <textarea
              id="accounts"
              name="accounts"
              rows={3}
              defaultValue={text("accounts")}
              aria-describedby={errors.accounts ? "accounts-error" : "accounts-hint"}
              aria-invalid={errors.accounts ? true : undefined}
            />
            <FieldError id="accounts-error" message={errors.accounts} />
          </div>
        </section>

        <section className="card" aria-labelledby="campaign-rules">
          <h2 id="campaign-rules">Rules</h2>
          <p className="muted">Unsubscribed and suppressed (bounced or complained) contacts are always left out. The defaults come from the survey settings.</p>
          <div className="form-row top">
            <NumberField
              name="throttleDays"
              label="Skip contacts surveyed within"
              unit="days"
              value={text("throttleDays", defaults.throttleDays)}
              error={errors.throttleDays}
            />
            <NumberField
              name="minAccountAgeDays"
              label="Skip accounts younger than"
              unit="days"
              value={text("minAccountAgeDays", defaults.minAccountAgeDays)}
              error={errors.minAccountAgeDays}
            />
            <NumberField
              name="reminderAfterDays"
              label="Remind non-responders after"
              unit="days"
              hint="Empty: no reminder."
              value={text("reminderAfterDays", defaults.reminderAfterDays)}
              error={errors.reminderAfterDays}
            />
          </div>
          <div className="form-row top">
            <NumberField
              name="samplePercent"
              label="Sample"
              unit="% of the eligible contacts"
              hint="Empty: everyone (1–100)."
              value={text("samplePercent")}
              error={errors.samplePercent}
            />
            <NumberField
              name="dailyCap"
              label="Daily cap"
              unit="invitations per day"
              hint="Empty: send all at once."
              value={text("dailyCap")}
              error={errors.dailyCap}
            />
          </div>
        </section>

        <section className="card" aria-labelledby="campaign-schedule">
          <h2 id="campaign-schedule">When</h2>
          <fieldset className="choice-list">
            <legend className="visually-hidden">Start</legend>
            <label className="inline-check">
              <input type="radio" name="schedule" value="now" checked={schedule === "now"} onChange={() => setSchedule("now")} /> Send now
            </label>
            <label className="inline-check">
              <input type="radio" name="schedule" value="later" checked={schedule === "later"} onChange={() => setSchedule("later")} /> Start later
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="startAt">Start at</label>
            <p className="hint" id="startAt-hint">
              In your browser’s time zone (UTC when JavaScript is off). Used when “Start later” is chosen.
            </p>
            <input
              id="startAt"
              name="startAt"
              type="datetime-local"
              defaultValue={text("startAt")}
              aria-describedby={errors.startAt ? "startAt-error" : "startAt-hint"}
              aria-invalid={errors.startAt ? true : undefined}
            />
            <FieldError id="startAt-error" message={errors.startAt} />
          </div>
        </section>

        {preview ? <AudienceSummary preview={preview} /> : null}

        <div className="commit-bar">
          <button type="submit" name="intent" value="preview" className={preview ? "secondary" : undefined} disabled={busy}>
            {busy && navigation.formData?.get("intent") === "preview" ? "Counting…" : preview ? "Preview again" : "Preview audience"}
          </button>
          {preview ? (
            <button type="submit" name="intent" value="launch" disabled={busy || preview.recipients === 0}>
              {busy && navigation.formData?.get("intent") === "launch"
                ? "Launching…"
                : schedule === "later"
                  ? "Schedule campaign"
                  : `Launch to ${preview.recipients.toLocaleString("en")} contacts`}
            </button>
          ) : (
            <span className="muted">Preview the audience to see who will be invited before you launch.</span>
          )}
        </div>
      </Form>
    </>
  );
}

function NumberField({ name, label, unit, hint, value, error }: { name: string; label: string; unit: string; hint?: string; value: string; error?: string }) {
  const describedBy = [error ? `${name}-error` : null, `${name}-unit`].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <div className="with-unit">
        <input
          id={name}
          name={name}
          type="text"
          inputMode="numeric"
          defaultValue={value}
          size={8}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        />
        <span id={`${name}-unit`} className="muted">
          {unit}
        </span>
      </div>
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}

type Preview = NonNullable<NonNullable<ReturnType<typeof useActionData<typeof action>>>["preview"]>;

function AudienceSummary({ preview }: { preview: Preview }) {
  const n = (value: number) => value.toLocaleString("en");
  return (
    <section className="card audience-summary" aria-labelledby="audience-heading" aria-live="polite">
      <h2 id="audience-heading">Audience</h2>
      <ol className="audience-funnel">
        <li>
          <span className="value">{n(preview.targeted)}</span> targeted
        </li>
        {EXCLUSION_REASONS.map((reason) => (
          <li key={reason} className={preview.excluded[reason] > 0 ? "minus" : "minus zero"}>
            <span className="value">− {n(preview.excluded[reason])}</span> {EXCLUSION_LABEL[reason]}
          </li>
        ))}
        <li className="result">
          <span className="value">{n(preview.eligible)}</span> will be invited
        </li>
        {preview.sampled ? (
          <li className="result">
            <span className="value">≈ {n(preview.recipients)}</span> after sampling
          </li>
        ) : null}
      </ol>
      {preview.days > 1 ? <p className="muted">The daily cap spreads the wave over {preview.days} days.</p> : null}
      {preview.recipients === 0 ? (
        <div className="notice warn" role="status">
          Nobody would be invited. Widen the targeting or relax the rules.
        </div>
      ) : preview.sampled ? (
        <p className="muted small">The exact sample is drawn at launch; it is the same every time for the same campaign.</p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/campaigns", label: "Back to campaigns" }} />;
}
