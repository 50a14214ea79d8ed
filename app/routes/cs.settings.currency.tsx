import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormNotice, usePendingIntent } from "../components/settings-form";
import { CurrencySettingsForm, ExchangeRateForm, majorText } from "../domain/money";
import { teamToday } from "../models/settings.server";
import { currencyOverview, putExchangeRates, updateCurrencySettings } from "../services/currency-settings.server";
import { refusalReply } from "../utils/refusal.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Currency · Settings · Kizuna console" }];

const INTENTS = ["currency", "rate"] as const;
type Intent = (typeof INTENTS)[number];

type ActionResult = { intent: Intent; result: SubmissionResult<string[]>; message?: string };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:settings:any");
  const overview = currencyOverview();
  return { ...overview, today: teamToday(), isoCurrencies: Intl.supportedValuesOf("currency") };
}

const accountsText = (n: number) => `${n.toLocaleString("en")} account${n === 1 ? "" : "s"}`;

/** Two forms, told apart by `intent`: the reporting currency (with the case threshold) and a dated rate. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const formData = await request.formData();
  const intent = INTENTS.find((name) => name === formData.get("intent"));
  if (!intent) throw new Response("Unknown currency settings form.", { status: 400 });
  const ip = clientIp(request);
  const submission = parseWithZod(formData, { schema: intent === "currency" ? CurrencySettingsForm : ExchangeRateForm });
  if (submission.status !== "success") return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 });
  try {
    if (intent === "currency") {
      const saved = updateCurrencySettings(user, submission.payload, ip);
      return data<ActionResult>({
        intent,
        result: submission.reply({ resetForm: true }),
        message: `Saved. ${saved.changed === 0 ? "No account's converted ACV changed." : `${accountsText(saved.changed)} re-converted into ${saved.reportingCurrency}.`}`,
      });
    }
    const saved = putExchangeRates(user, [submission.payload], ip);
    const rate = saved.rates[0];
    return data<ActionResult>({
      intent,
      result: submission.reply({ resetForm: true }),
      message: `Rate for ${rate.currency} from ${rate.effectiveDate} saved. ${saved.changed === 0 ? "No account's converted ACV changed." : `${accountsText(saved.changed)} re-converted.`} Segments are unchanged: they follow each currency's own thresholds.`,
    });
  } catch (error) {
    const { result, status } = refusalReply(submission, error);
    return data<ActionResult>({ intent, result }, { status });
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function ReportingCurrencySection({
  settings,
  isoCurrencies,
  actionData,
}: Pick<Loaded, "settings" | "isoCurrencies"> & { actionData: ActionResult | undefined }) {
  const busy = usePendingIntent() === "currency";
  const [form, fields] = useForm({
    id: "currency",
    lastResult: actionData?.result,
    defaultValue: {
      reportingCurrency: settings.reportingCurrency,
      caseThreshold: settings.caseThresholdMinor === null ? "" : majorText(settings.caseThresholdMinor, settings.reportingCurrency),
    },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CurrencySettingsForm }),
  });
  return (
    <section className="card settings-section" aria-labelledby="reporting-heading">
      <h2 id="reporting-heading">Reporting currency</h2>
      <p className="muted">
        Each account keeps its ACV in its own currency. Wherever money is compared across accounts — money at stake in the response and account lists, the admin
        digest, the tech-touch case threshold — Kizuna uses the ACV converted into this currency at the rate in force today. Segments are not affected: they
        follow each currency’s own thresholds, so a rate change never moves an account to another touch model.
      </p>
      <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="currency" />
        <div className="form-row top">
          <div className="field">
            <label htmlFor={fields.reportingCurrency.id}>Reporting currency</label>
            <input {...getInputProps(fields.reportingCurrency, { type: "text" })} list="iso-currencies" size={6} autoComplete="off" />
            <FieldError errors={fields.reportingCurrency.errors} id={fields.reportingCurrency.errorId} />
          </div>
          <div className="field">
            <label htmlFor={fields.caseThreshold.id}>Tech-touch case when ACV is at least</label>
            <p className="hint" id={`${fields.caseThreshold.id}-hint`}>
              In the reporting currency, whole units. Empty: each currency’s own amount in Settings → Closing the loop, which also applies to currencies without
              a rate.
            </p>
            <input
              {...getInputProps(fields.caseThreshold, { type: "text" })}
              inputMode="decimal"
              autoComplete="off"
              aria-describedby={`${fields.caseThreshold.id}-hint`}
            />
            <FieldError errors={fields.caseThreshold.errors} id={fields.caseThreshold.errorId} />
          </div>
        </div>
        <p className="hint muted">Changing the reporting currency keeps the rates entered so far, but only rates into the new currency are used.</p>
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save reporting currency"}
        </button>
      </Form>
      <datalist id="iso-currencies">
        {isoCurrencies.map((code) => (
          <option key={code} value={code} />
        ))}
      </datalist>
    </section>
  );
}

function RatesInForceSection({ currencies, missing, reportingCurrency }: Pick<Loaded, "currencies" | "missing"> & { reportingCurrency: string }) {
  return (
    <section className="card settings-section" aria-labelledby="in-force-heading">
      <h2 id="in-force-heading">Rates in force today</h2>
      {missing.length > 0 ? (
        <p className="notice warn" role="status">
          No rate into {reportingCurrency} for {missing.join(", ")}: {missing.length === 1 ? "its" : "their"} accounts show “no rate” and rank after all the
          others by money at stake. Add a rate below.
        </p>
      ) : null}
      {currencies.length === 0 ? (
        <p className="muted">No accounts yet.</p>
      ) : (
        <div className="table-wrap flat">
          <table>
            <caption className="visually-hidden">The rate each currency in use converts at today</caption>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col" className="num">
                  Accounts
                </th>
                <th scope="col">1 unit in {reportingCurrency}</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {currencies.map(({ currency, accounts, factor }) => (
                <tr key={currency}>
                  <th scope="row">{currency}</th>
                  <td className="num">{accounts.toLocaleString("en")}</td>
                  <td>{factor ? currency === reportingCurrency ? "reporting currency" : factor.rate : <strong className="no-rate">no rate</strong>}</td>
                  <td>{factor?.effectiveDate ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AddRateSection({
  reportingCurrency,
  today,
  rates,
  actionData,
}: {
  reportingCurrency: string;
  today: string;
  rates: Loaded["rates"];
  actionData: ActionResult | undefined;
}) {
  const busy = usePendingIntent() === "rate";
  const [form, fields] = useForm({
    id: "rate",
    lastResult: actionData?.result,
    defaultValue: { currency: "", effectiveDate: today, rate: "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExchangeRateForm }),
  });
  return (
    <section className="card settings-section" aria-labelledby="rates-heading">
      <h2 id="rates-heading">Exchange rates</h2>
      <p className="muted">
        A rate says what one unit of a currency is worth in {reportingCurrency} from its date on (in the team’s time zone), until a later rate. A rate dated in
        the future comes into force on its day. Saving re-converts every account at once; a second rate for the same currency and date replaces the first.
      </p>
      <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="rate" />
        <div className="form-row top">
          <div className="field">
            <label htmlFor={fields.currency.id}>Currency</label>
            <input {...getInputProps(fields.currency, { type: "text" })} list="iso-currencies" placeholder="e.g. USD" size={6} autoComplete="off" />
            <FieldError errors={fields.currency.errors} id={fields.currency.errorId} />
          </div>
          <div className="field">
            <label htmlFor={fields.rate.id}>1 unit is worth ({reportingCurrency})</label>
            <input {...getInputProps(fields.rate, { type: "text" })} inputMode="decimal" placeholder="e.g. 150.25" autoComplete="off" />
            <FieldError errors={fields.rate.errors} id={fields.rate.errorId} />
          </div>
          <div className="field">
            <label htmlFor={fields.effectiveDate.id}>In force from</label>
            <input {...getInputProps(fields.effectiveDate, { type: "date" })} />
            <FieldError errors={fields.effectiveDate.errors} id={fields.effectiveDate.errorId} />
          </div>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Add rate"}
        </button>
      </Form>
      {rates.length === 0 ? (
        <p className="muted">No rates into {reportingCurrency} yet.</p>
      ) : (
        <div className="table-wrap flat">
          <table>
            <caption>Rates into {reportingCurrency}, latest first</caption>
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">Currency</th>
                <th scope="col">1 unit in {reportingCurrency}</th>
                <th scope="col">Entered by</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((rate) => (
                <tr key={`${rate.currency}-${rate.effectiveDate}`}>
                  <td>
                    {rate.effectiveDate}
                    {rate.effectiveDate > today ? <span className="muted small"> (upcoming)</span> : null}
                  </td>
                  <th scope="row">{rate.currency}</th>
                  <td className="mono">{rate.rate}</td>
                  <td>{rate.createdBy ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function CurrencySettings() {
  const { settings, currencies, missing, rates, today, isoCurrencies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: Intent) => (actionData?.intent === intent ? actionData : undefined);
  return (
    <>
      <ReportingCurrencySection key={JSON.stringify(settings)} settings={settings} isoCurrencies={isoCurrencies} actionData={resultFor("currency")} />
      <RatesInForceSection currencies={currencies} missing={missing} reportingCurrency={settings.reportingCurrency} />
      <AddRateSection key={rates.length} reportingCurrency={settings.reportingCurrency} today={today} rates={rates} actionData={resultFor("rate")} />
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/settings", label: "Back to the settings" }} />;
}
