import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ConsoleError } from "../components/console-error";
import { isCalendarDate } from "../domain/rows";
import { minorDigits, parseMajorAmount, type SegmentThresholds } from "../domain/segments";
import { countAccountsByCurrency } from "../models/account.server";
import { getSetting } from "../models/settings.server";
import { requestSlackTestMessage, updateAlertSettings } from "../services/update-alert-settings.server";
import { updateCloseTheLoopSettings } from "../services/update-close-the-loop-settings.server";
import { updatePromoterSettings, type ReviewUrlChange } from "../services/update-promoter-settings.server";
import { refusalOf } from "../utils/refusal.server";
import { updateSegmentThresholds } from "../services/update-segment-thresholds.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Settings · Kizuna console" }];

function isIsoCurrency(code: string): boolean {
  return Intl.supportedValuesOf("currency").includes(code);
}

function amountHint(currency: string) {
  return minorDigits(currency) === 0 ? "a whole amount such as 3,000,000" : "an amount such as 25,000 or 25,000.50";
}

/** Thresholds are typed in major units (what people say: "¥3,000,000") and stored in minor units. */
const SettingsForm = z
  .object({
    rows: z
      .array(
        z.object({
          currency: z.string().trim().toUpperCase().optional(),
          high: z.string().trim().max(30).optional(),
          low: z.string().trim().max(30).optional(),
          remove: z.literal("on").optional(),
        }),
      )
      .max(50, "Use at most 50 currencies.")
      .default([]),
  })
  .transform(({ rows }, ctx) => {
    const thresholds: SegmentThresholds = {};
    rows.forEach((row, index) => {
      if (row.remove || (!row.currency && !row.high && !row.low)) return;
      const path = (field: string) => ["rows", index, field];
      const currency = row.currency ?? "";
      if (!/^[A-Z]{3}$/.test(currency) || !isIsoCurrency(currency)) {
        ctx.addIssue({ code: "custom", path: path("currency"), message: "Use a 3-letter ISO currency code such as GBP." });
        return;
      }
      if (thresholds[currency]) {
        ctx.addIssue({ code: "custom", path: path("currency"), message: `${currency} is listed twice; keep one row per currency.` });
        return;
      }
      const high = row.high ? parseMajorAmount(row.high, currency) : null;
      const low = row.low ? parseMajorAmount(row.low, currency) : null;
      if (high === null) ctx.addIssue({ code: "custom", path: path("high"), message: `Enter ${amountHint(currency)}.` });
      if (low === null) ctx.addIssue({ code: "custom", path: path("low"), message: `Enter ${amountHint(currency)}.` });
      if (high !== null && low !== null && high <= low) {
        ctx.addIssue({ code: "custom", path: path("high"), message: "Must be above the low-touch threshold." });
      }
      if (high !== null && low !== null) thresholds[currency] = { high, low };
    });
    return thresholds;
  });

/** Tech-touch case thresholds: one amount per currency, typed in major units like the segment thresholds. */
const TechRow = z.object({
  currency: z.string().trim().toUpperCase().optional(),
  amount: z.string().trim().max(30).optional(),
  remove: z.literal("on").optional(),
});

const CloseTheLoopForm = z
  .object({
    slaBusinessDays: z.string().trim().max(10).optional(),
    timeZone: z.string().trim().max(100).optional(),
    holidays: z.string().max(5000, "Keep the list under 5,000 characters.").optional(),
    tech: z.array(TechRow).max(50, "Use at most 50 currencies.").default([]),
  })
  .transform((form, ctx) => {
    const sla = Number(form.slaBusinessDays ?? "");
    if (!/^\d+$/.test(form.slaBusinessDays ?? "") || sla < 1 || sla > 30) {
      ctx.addIssue({ code: "custom", path: ["slaBusinessDays"], message: "Enter whole business days from 1 to 30." });
    }
    const timeZone = form.timeZone ?? "";
    if (!isTimeZone(timeZone)) ctx.addIssue({ code: "custom", path: ["timeZone"], message: "Choose an IANA time zone such as Asia/Tokyo." });

    const holidays: string[] = [];
    (form.holidays ?? "").split(/\r?\n/).forEach((line, index) => {
      const day = line.trim();
      if (!day) return;
      if (!isCalendarDate(day))
        ctx.addIssue({ code: "custom", path: ["holidays"], message: `Line ${index + 1} ("${day.slice(0, 20)}") is not a date written as YYYY-MM-DD.` });
      else holidays.push(day);
    });
    if (new Set(holidays).size > 100) ctx.addIssue({ code: "custom", path: ["holidays"], message: "List at most 100 holidays; remove past years." });

    const techTouchCaseThresholds: Record<string, number> = {};
    form.tech.forEach((row, index) => {
      if (row.remove || (!row.currency && !row.amount)) return;
      const path = (field: string) => ["tech", index, field];
      const currency = row.currency ?? "";
      if (!/^[A-Z]{3}$/.test(currency) || !isIsoCurrency(currency)) {
        ctx.addIssue({ code: "custom", path: path("currency"), message: "Use a 3-letter ISO currency code such as GBP." });
        return;
      }
      if (techTouchCaseThresholds[currency] !== undefined) {
        ctx.addIssue({ code: "custom", path: path("currency"), message: `${currency} is listed twice; keep one row per currency.` });
        return;
      }
      const amount = row.amount ? parseMajorAmount(row.amount, currency) : null;
      if (amount === null) ctx.addIssue({ code: "custom", path: path("amount"), message: `Enter ${amountHint(currency)}.` });
      else techTouchCaseThresholds[currency] = amount;
    });
    return { slaBusinessDays: sla, timeZone, holidays, techTouchCaseThresholds };
  });

const SLACK_PREFIX = "https://hooks.slack.com/";

const AlertsForm = z.object({
  slackWebhookUrl: z
    .string({ error: "Paste the incoming-webhook URL Slack gave you." })
    .trim()
    .min(1, "Paste the incoming-webhook URL Slack gave you.")
    .max(500, "That is longer than any Slack webhook URL.")
    .refine((url) => {
      try {
        const parsed = new URL(url);
        return url.startsWith(SLACK_PREFIX) && parsed.protocol === "https:" && parsed.host === "hooks.slack.com" && parsed.pathname.length > 1;
      } catch {
        return false;
      }
    }, `Use a Slack incoming-webhook URL: it starts with ${SLACK_PREFIX}`),
});

/** As the service allows; repeated here because the form checks it in the browser too. */
const REVIEW_URL_MAX = 500;

/** An http(s) address a customer can open: no other scheme (javascript:, ftp:), no user:password@. */
function isWebAddress(url: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "https:" || parsed.protocol === "http:") && parsed.hostname !== "" && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/** Empty means no review link: the "Ask for a review" action is then unavailable. */
const PromoterForm = z.object({
  reviewUrl: z
    .string()
    .trim()
    .max(REVIEW_URL_MAX, `Keep the link under ${REVIEW_URL_MAX} characters.`)
    .refine((url) => url === "" || isWebAddress(url), "Use a web address starting with https:// (or http://), such as https://www.g2.com/products/…/reviews.")
    .optional()
    .transform((url) => url || null),
});

const REVIEW_URL_SAVED: Record<ReviewUrlChange, string> = {
  set: "Saved. Promoters can now be asked for a review from their response.",
  replaced: "Saved. Review asks from now on link to the new address.",
  removed: "Removed. “Ask for a review” is unavailable until a link is set.",
  unchanged: "That review link is already saved.",
};

function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Enough of the webhook to recognise it, not enough to post with: it is a secret. */
function maskWebhook(url: string): string {
  const path = new URL(url).pathname;
  return `${SLACK_PREFIX}${path.split("/")[1] ?? ""}/…${path.slice(-4)}`;
}

const INTENTS = ["segments", "close-the-loop", "alerts", "slack-remove", "slack-test", "promoter-actions"] as const;
type Intent = (typeof INTENTS)[number];

/** Minor units back to what an admin typed: 2500000 USD cents → "25,000". */
function majorText(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat("en", { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(amount / 10 ** digits);
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:settings:any");
  const thresholds = getSetting("segmentThresholds");
  const loop = getSetting("closeTheLoop");
  const webhook = getSetting("alerts").slackWebhookUrl;
  return {
    rows: Object.entries(thresholds)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, { high, low }]) => ({ currency, high: majorText(high, currency), low: majorText(low, currency) })),
    accountsByCurrency: countAccountsByCurrency(),
    closeTheLoop: {
      slaBusinessDays: String(loop.slaBusinessDays),
      timeZone: loop.timeZone,
      holidays: loop.holidays.join("\n"),
      tech: Object.entries(loop.techTouchCaseThresholds)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amount]) => ({ currency, amount: majorText(amount, currency) })),
    },
    // Never the URL itself: the page shows that one is set and which, not the secret.
    slackWebhook: webhook ? maskWebhook(webhook) : null,
    reviewUrl: getSetting("promoterActions").reviewUrl,
    timeZones: timeZoneChoices(loop.timeZone),
  };
}

/** Every zone the runtime knows, UTC first, and the saved one even if the runtime dropped it. */
function timeZoneChoices(saved: string): string[] {
  const zones = Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC");
  return ["UTC", ...(zones.includes(saved) || saved === "UTC" ? [] : [saved]), ...zones];
}

type ActionResult = {
  intent: Intent;
  result: SubmissionResult<string[]>;
  /** Segment thresholds saved: how many accounts moved. */
  saved?: { changed: number; currencies: string[] } | null;
  /** What the other sections did, for the notice. */
  message?: string | null;
};

/** Each section posts its own form, told apart by `intent`; a form without one is the thresholds form. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const formData = await request.formData();
  const rawIntent = formData.get("intent") ?? "segments";
  const intent = INTENTS.find((name) => name === rawIntent);
  if (!intent) throw data("Unknown settings form.", { status: 400 });
  const ip = clientIp(request);
  const refused = (error: unknown, reply: (options: { formErrors: string[] }) => SubmissionResult<string[]>) => {
    const refusal = refusalOf(error);
    return data<ActionResult>({ intent, result: reply({ formErrors: [refusal.message] }) }, { status: refusal.status });
  };

  if (intent === "segments") {
    const submission = parseWithZod(formData, { schema: SettingsForm });
    if (submission.status !== "success") return data<ActionResult>({ intent, result: submission.reply(), saved: null }, { status: 400 });
    try {
      const saved = updateSegmentThresholds(user, submission.value, ip);
      return data<ActionResult>({ intent, result: submission.reply({ resetForm: true }), saved });
    } catch (error) {
      return refused(error, (options) => submission.reply(options));
    }
  }

  if (intent === "close-the-loop") {
    const submission = parseWithZod(formData, { schema: CloseTheLoopForm });
    if (submission.status !== "success") return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 });
    try {
      updateCloseTheLoopSettings(user, submission.value, ip);
      return data<ActionResult>({
        intent,
        result: submission.reply({ resetForm: true }),
        message: "Saved. New cases fall due by these rules; open cases keep their due time.",
      });
    } catch (error) {
      return refused(error, (options) => submission.reply(options));
    }
  }

  if (intent === "alerts") {
    const submission = parseWithZod(formData, { schema: AlertsForm });
    // The reply never echoes the URL back into the page: it is a secret.
    if (submission.status !== "success") return data<ActionResult>({ intent, result: submission.reply({ hideFields: ["slackWebhookUrl"] }) }, { status: 400 });
    try {
      const { slackWebhook } = updateAlertSettings(user, { slackWebhookUrl: submission.value.slackWebhookUrl }, ip);
      const message =
        slackWebhook === "unchanged"
          ? "That webhook is already saved."
          : "Saved. Detractor alerts now go to Slack too; send a test message to check the channel.";
      return data<ActionResult>({ intent, result: submission.reply({ resetForm: true }), message });
    } catch (error) {
      return refused(error, (options) => submission.reply({ ...options, hideFields: ["slackWebhookUrl"] }));
    }
  }

  if (intent === "promoter-actions") {
    const submission = parseWithZod(formData, { schema: PromoterForm });
    if (submission.status !== "success") return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 });
    try {
      const { change } = updatePromoterSettings(user, { reviewUrl: submission.value.reviewUrl }, ip);
      return data<ActionResult>({ intent, result: submission.reply({ resetForm: true }), message: REVIEW_URL_SAVED[change] });
    } catch (error) {
      return refused(error, (options) => submission.reply(options));
    }
  }

  const submission = parseWithZod(formData, { schema: z.object({}) });
  try {
    if (intent === "slack-remove") {
      updateAlertSettings(user, { slackWebhookUrl: null }, ip);
      return data<ActionResult>({ intent, result: submission.reply({ resetForm: true }), message: "Removed. Detractor alerts go by email only." });
    }
    requestSlackTestMessage(user, ip);
    return data<ActionResult>({
      intent,
      result: submission.reply(),
      message: "Test message queued: it should appear in the channel within a few seconds. If it does not, check the audit log.",
    });
  } catch (error) {
    return refused(error, (options) => submission.reply(options));
  }
}

export default function Settings() {
  const { rows, accountsByCurrency, closeTheLoop, slackWebhook, reviewUrl, timeZones } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: Intent) => (actionData?.intent === intent ? actionData : undefined);
  // A fresh form after each save, so the saved values (and a new blank row) show.
  return (
    <>
      <ThresholdsForm key={JSON.stringify(rows)} rows={rows} accountsByCurrency={accountsByCurrency} actionData={resultFor("segments")} />
      <CloseTheLoopSection key={JSON.stringify(closeTheLoop)} values={closeTheLoop} timeZones={timeZones} actionData={resultFor("close-the-loop")} />
      <AlertsSection slackWebhook={slackWebhook} actionData={actionData && ALERTS_INTENTS.includes(actionData.intent) ? actionData : undefined} />
      <PromoterAsksSection key={reviewUrl ?? ""} reviewUrl={reviewUrl} actionData={resultFor("promoter-actions")} />
    </>
  );
}

/** The Alerts section's own form and its remove and test buttons. */
const ALERTS_INTENTS: readonly Intent[] = ["alerts", "slack-remove", "slack-test"];

type SectionResult = ActionResult | undefined;

/** The intent of the settings form being submitted, or null: each section disables its own button. */
function usePendingIntent() {
  const navigation = useNavigation();
  return navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
}

function FormNotice({ actionData, errors, errorId }: { actionData: SectionResult; errors: string[] | undefined; errorId: string }) {
  if (errors?.length) {
    return (
      <div className="notice error" role="alert" id={errorId}>
        {errors.join(" ")}
      </div>
    );
  }
  return actionData?.message ? (
    <div className="notice success" role="status">
      {actionData.message}
    </div>
  ) : null;
}

function FieldError({ errors, id }: { errors: string[] | undefined; id: string }) {
  return errors ? (
    <p className="field-error" id={id}>
      {errors[0]}
    </p>
  ) : null;
}

type CloseTheLoopValues = { slaBusinessDays: string; timeZone: string; holidays: string; tech: { currency: string; amount: string }[] };

function CloseTheLoopSection({ values, timeZones, actionData }: { values: CloseTheLoopValues; timeZones: string[]; actionData: SectionResult }) {
  const busy = usePendingIntent() === "close-the-loop";
  const [form, fields] = useForm({
    id: "close-the-loop",
    lastResult: actionData?.result,
    defaultValue: { ...values, tech: [...values.tech, { currency: "", amount: "" }] },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CloseTheLoopForm }),
  });
  const tech = fields.tech.getFieldList();
  return (
    <section className="card settings-section" aria-labelledby="loop-heading">
      <h2 id="loop-heading">Closing the loop</h2>
      <p className="muted">
        Every detractor of a high- or low-touch account gets a follow-up case, owned by the account’s CSM and due within the SLA. Tech-touch detractors get an
        automated help email, and a case too when their account’s ACV reaches the amount below. Due times count business days (Monday to Friday, less holidays)
        in the team’s time zone.
      </p>
      <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="close-the-loop" />
        <div className="form-row top">
          <div className="field">
            <label htmlFor={fields.slaBusinessDays.id}>Follow-up SLA (business days)</label>
            <p className="hint" id={`${fields.slaBusinessDays.id}-hint`}>
              From 1 to 30. A case opened on Friday with 2 days is due on Tuesday.
            </p>
            <input {...getInputProps(fields.slaBusinessDays, { type: "text" })} inputMode="numeric" size={6} autoComplete="off" />
            <FieldError errors={fields.slaBusinessDays.errors} id={fields.slaBusinessDays.errorId} />
          </div>
          <div className="field">
            <label htmlFor={fields.timeZone.id}>Team time zone</label>
            <p className="hint" id={`${fields.timeZone.id}-hint`}>
              Decides weekdays, holidays and the 08:00 admin digest.
            </p>
            <select {...getSelectProps(fields.timeZone)}>
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
            <FieldError errors={fields.timeZone.errors} id={fields.timeZone.errorId} />
          </div>
        </div>
        <div className="field">
          <label htmlFor={fields.holidays.id}>Holidays</label>
          <p className="hint" id={`${fields.holidays.id}-hint`}>
            One date per line as YYYY-MM-DD (in the team’s time zone), e.g. 2027-01-01. At most 100.
          </p>
          <textarea {...getTextareaProps(fields.holidays)} rows={6} className="holiday-list" spellCheck={false} />
          <FieldError errors={fields.holidays.errors} id={fields.holidays.errorId} />
        </div>
        <h3 className="settings-subheading">Tech-touch cases from</h3>
        <div className="table-wrap flat">
          <table className="thresholds">
            <caption className="visually-hidden">ACV from which a tech-touch detractor gets a follow-up case, per currency</caption>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col">Case when ACV is at least</th>
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {tech.map((row, index) => (
                <TechThresholdRow key={row.key} row={row} isNew={index >= values.tech.length} />
              ))}
            </tbody>
          </table>
        </div>
        <p className="hint muted">Amounts in whole units of the currency. A currency without a row: its tech-touch detractors get the help email only.</p>
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save closing the loop"}
        </button>
      </Form>
    </section>
  );
}

function TechThresholdRow({ row, isNew }: { row: FieldMetadata<{ currency?: string; amount?: string; remove?: "on" }>; isNew: boolean }) {
  const { currency, amount, remove } = row.getFieldset();
  const code = (currency.initialValue ?? "").toUpperCase();
  return (
    <tr>
      <td>
        <label htmlFor={currency.id} className="visually-hidden">
          {isNew ? "New currency code" : `Currency ${code}`}
        </label>
        <input {...getInputProps(currency, { type: "text" })} placeholder={isNew ? "e.g. GBP" : undefined} autoComplete="off" />
        <FieldError errors={currency.errors} id={currency.errorId} />
      </td>
      <td>
        <label htmlFor={amount.id} className="visually-hidden">
          {`Tech-touch case threshold${code ? ` in ${code}` : ""}`}
        </label>
        <input {...getInputProps(amount, { type: "text" })} inputMode="decimal" autoComplete="off" />
        <FieldError errors={amount.errors} id={amount.errorId} />
      </td>
      <td>
        {isNew ? null : (
          <label className="inline-check">
            <input {...getInputProps(remove, { type: "checkbox" })} /> <span className="visually-hidden">Remove {code}</span>
          </label>
        )}
      </td>
    </tr>
  );
}

function AlertsSection({ slackWebhook, actionData }: { slackWebhook: string | null; actionData: SectionResult }) {
  const pending = usePendingIntent();
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
      <h2 id="alerts-heading">Alerts</h2>
      <p className="muted">
        Detractor alerts always go to the account’s CSM by email. With a Slack incoming webhook they are posted to a channel as well: score, contact, account,
        ACV, renewal, the comment and a link to the case. Create the webhook in Slack (Apps → Incoming Webhooks) and paste its URL here.
      </p>
      <FormNotice actionData={actionData} errors={form.errors ?? otherErrors ?? undefined} errorId={form.errorId} />
      <p>
        {slackWebhook ? (
          <>
            Slack webhook: <code className="webhook-mask">{slackWebhook}</code>
          </>
        ) : (
          <span className="muted">No Slack webhook: alerts go by email only.</span>
        )}
      </p>
      <Form method="post" {...getFormProps(form)} autoComplete="off">
        <input type="hidden" name="intent" value="alerts" />
        <div className="field">
          <label htmlFor={fields.slackWebhookUrl.id}>{slackWebhook ? "Replace the webhook URL" : "Slack incoming-webhook URL"}</label>
          <p className="hint" id={`${fields.slackWebhookUrl.id}-hint`}>
            Starts with {SLACK_PREFIX}. Kept secret: the page never shows it again in full.
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
          {pending === "alerts" ? "Saving…" : "Save webhook"}
        </button>
      </Form>
      {slackWebhook ? (
        <div className="form-row settings-actions">
          <Form method="post">
            <input type="hidden" name="intent" value="slack-test" />
            <button type="submit" className="secondary" disabled={pending === "slack-test"}>
              {pending === "slack-test" ? "Queueing…" : "Send test message"}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="slack-remove" />
            <button type="submit" className="danger" disabled={pending === "slack-remove"}>
              {pending === "slack-remove" ? "Removing…" : "Remove webhook"}
            </button>
          </Form>
        </div>
      ) : null}
    </section>
  );
}

function PromoterAsksSection({ reviewUrl, actionData }: { reviewUrl: string | null; actionData: SectionResult }) {
  const busy = usePendingIntent() === "promoter-actions";
  const [form, fields] = useForm({
    id: "promoter-actions",
    lastResult: actionData?.result,
    defaultValue: { reviewUrl: reviewUrl ?? "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PromoterForm }),
  });
  return (
    <section className="card settings-section" aria-labelledby="promoter-heading">
      <h2 id="promoter-heading">Promoter asks</h2>
      <p className="muted">
        From a promoter’s response a CSM can ask for a reference, invite them to the community or ask for a review. The review ask emails the contact, in their
        language, a link to the page below.
      </p>
      <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
      <p>
        {reviewUrl ? (
          <>
            Review link:{" "}
            <a href={reviewUrl} className="webhook-mask" rel="noopener noreferrer" target="_blank">
              {reviewUrl}
            </a>
          </>
        ) : (
          <span className="muted">No review link: “Ask for a review” is unavailable.</span>
        )}
      </p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="promoter-actions" />
        <div className="field">
          <label htmlFor={fields.reviewUrl.id}>Review page URL</label>
          <p className="hint" id={`${fields.reviewUrl.id}-hint`}>
            Your product’s page on a review site such as G2 or ITreview, starting with https://. Leave empty for none. The survey’s thank-you page has its own
            link, under NPS survey.
          </p>
          <input
            {...getInputProps(fields.reviewUrl, { type: "url" })}
            placeholder="https://www.g2.com/products/…/reviews"
            className="webhook-input"
            spellCheck={false}
            autoComplete="off"
          />
          <FieldError errors={fields.reviewUrl.errors} id={fields.reviewUrl.errorId} />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save review link"}
        </button>
      </Form>
    </section>
  );
}

type Row = { currency: string; high: string; low: string };

function ThresholdsForm({ rows, accountsByCurrency, actionData }: { rows: Row[]; accountsByCurrency: Record<string, number>; actionData: SectionResult }) {
  const busy = usePendingIntent() === "segments";
  const [form, fields] = useForm({
    id: "segments",
    lastResult: actionData?.result,
    defaultValue: { rows: [...rows, { currency: "", high: "", low: "" }] },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsForm }),
  });
  const list = fields.rows.getFieldList();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Settings</h1>
          <p>Rules that shape how Kizuna treats each account.</p>
        </div>
      </div>
      <section className="card" aria-labelledby="segments-heading">
        <h2 id="segments-heading">Segment thresholds</h2>
        <p className="muted">
          Accounts fall into a touch model by annual contract value: at or above the high-touch amount a CSM owns the account; at or above the low-touch amount
          it gets standardized plays; below that it is tech touch (automated only). Amounts are per currency, in whole units. Saving re-derives every account’s
          segment.
        </p>
        {actionData?.saved ? (
          <div className="notice success" role="status">
            Saved.{" "}
            {actionData.saved.changed === 0
              ? "No account changed segment."
              : `${actionData.saved.changed.toLocaleString("en")} account${actionData.saved.changed === 1 ? "" : "s"} changed segment.`}
          </div>
        ) : null}
        <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="segments" />
          <div className="table-wrap flat">
            <table className="thresholds">
              <caption className="visually-hidden">ACV thresholds per currency</caption>
              <thead>
                <tr>
                  <th scope="col">Currency</th>
                  <th scope="col">High touch from</th>
                  <th scope="col">Low touch from</th>
                  <th scope="col" className="num">
                    Accounts
                  </th>
                  <th scope="col">Remove</th>
                </tr>
              </thead>
              <tbody>
                {list.map((row, index) => (
                  <ThresholdRow key={row.key} row={row} isNew={index >= rows.length} accounts={accountsByCurrency} />
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint muted">To add a currency, fill in the empty last row. A currency your accounts use cannot be removed.</p>
          <button type="submit" disabled={busy}>
            {busy ? "Saving…" : "Save and recompute segments"}
          </button>
        </Form>
      </section>
    </>
  );
}

function ThresholdRow({
  row,
  isNew,
  accounts,
}: {
  row: FieldMetadata<{ currency?: string; high?: string; low?: string; remove?: "on" }>;
  isNew: boolean;
  accounts: Record<string, number>;
}) {
  const { currency, high, low, remove } = row.getFieldset();
  const code = (currency.initialValue ?? "").toUpperCase();
  const used = accounts[code] ?? 0;
  const cell = (field: typeof high, label: string, placeholder?: string) => (
    <td>
      <label htmlFor={field.id} className="visually-hidden">
        {label}
      </label>
      <input {...getInputProps(field, { type: "text" })} inputMode={field === currency ? undefined : "decimal"} placeholder={placeholder} autoComplete="off" />
      <FieldError errors={field.errors} id={field.errorId} />
    </td>
  );
  return (
    <tr>
      {cell(currency, isNew ? "New currency code" : `Currency ${code}`, isNew ? "e.g. GBP" : undefined)}
      {cell(high, `High-touch threshold${code ? ` in ${code}` : ""}`)}
      {cell(low, `Low-touch threshold${code ? ` in ${code}` : ""}`)}
      <td className="num">{isNew ? "" : used.toLocaleString("en")}</td>
      <td>
        {isNew ? null : (
          <label className="inline-check">
            <input {...getInputProps(remove, { type: "checkbox" })} disabled={used > 0} /> <span className="visually-hidden">Remove {code}</span>
            {used > 0 ? <span className="muted small">in use</span> : null}
          </label>
        )}
      </td>
    </tr>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs", label: "Back to the overview" }} />;
}
