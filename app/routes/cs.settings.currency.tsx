import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormNotice, usePendingIntent } from "../components/settings-form";
import { useFormat } from "../components/use-format";
import { createFormatter } from "../domain/format";
import { CurrencySettingsForm, ExchangeRateForm, majorText } from "../domain/money";
import { teamToday } from "../models/settings.server";
import { currencyOverview, putExchangeRates, updateCurrencySettings } from "../services/currency-settings.server";
import { refusalReply } from "../utils/refusal.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const INTENTS = ["currency", "rate"] as const;
type Intent = (typeof INTENTS)[number];

type ActionResult = { intent: Intent; result: SubmissionResult<string[]>; message?: string };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const t = await fixedT(user.language, "admin");
  const overview = currencyOverview();
  return {
    ...overview,
    title: t("settings.sectionTitle", { section: t("settings.sections.currency") }),
    today: teamToday(),
    isoCurrencies: Intl.supportedValuesOf("currency"),
  };
}

/** Two forms, told apart by `intent`: the reporting currency (with the case threshold) and a dated rate. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const formData = await request.formData();
  const intent = INTENTS.find((name) => name === formData.get("intent"));
  const t = await fixedT(user.language, "admin");
  if (!intent) throw new Response(t("settings.currency.unknownForm"), { status: 400 });
  const format = createFormatter(user.language);
  const ip = clientIp(request);
  const submission = parseWithZod(formData, { schema: intent === "currency" ? CurrencySettingsForm : ExchangeRateForm });
  if (submission.status !== "success") return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 });
  try {
    if (intent === "currency") {
      const saved = updateCurrencySettings(user, submission.payload, ip);
      return data<ActionResult>({
        intent,
        result: submission.reply({ resetForm: true }),
        message: [
          t("settings.currency.saved"),
          saved.changed === 0
            ? t("settings.currency.noneChanged")
            : t("settings.currency.reconverted", { count: saved.changed, n: format.number(saved.changed), currency: saved.reportingCurrency }),
        ].join(" "),
      });
    }
    const saved = putExchangeRates(user, [submission.payload], ip);
    const rate = saved.rates[0];
    return data<ActionResult>({
      intent,
      result: submission.reply({ resetForm: true }),
      message: [
        t("settings.currency.rateSaved", { currency: rate.currency, day: format.day(rate.effectiveDate) }),
        saved.changed === 0
          ? t("settings.currency.noneChanged")
          : t("settings.currency.rateReconverted", { count: saved.changed, n: format.number(saved.changed) }),
        t("settings.currency.segmentsUnchanged"),
      ].join(" "),
    });
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
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
  const { t } = useTranslation("admin");
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
      <h2 id="reporting-heading">{t("settings.currency.reportingHeading")}</h2>
      <p className="muted">{t("settings.currency.reportingHelp")}</p>
      <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="currency" />
        <div className="form-row top">
          <div className="field">
            <label htmlFor={fields.reportingCurrency.id}>{t("settings.currency.reportingCurrency")}</label>
            <input {...getInputProps(fields.reportingCurrency, { type: "text" })} list="iso-currencies" size={6} autoComplete="off" />
            <FieldError errors={fields.reportingCurrency.errors} id={fields.reportingCurrency.errorId} />
          </div>
          <div className="field">
            <label htmlFor={fields.caseThreshold.id}>{t("settings.currency.caseThreshold")}</label>
            <p className="hint" id={`${fields.caseThreshold.id}-hint`}>
              {t("settings.currency.caseThresholdHint")}
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
        <p className="hint muted">{t("settings.currency.reportingChangeHint")}</p>
        <button type="submit" disabled={busy}>
          {busy ? t("settings.saving") : t("settings.currency.saveReporting")}
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
  const { t } = useTranslation("admin");
  const format = useFormat();
  return (
    <section className="card settings-section" aria-labelledby="in-force-heading">
      <h2 id="in-force-heading">{t("settings.currency.inForceHeading")}</h2>
      {missing.length > 0 ? (
        <p className="notice warn" role="status">
          {t("settings.currency.missing", { count: missing.length, reporting: reportingCurrency, currencies: missing.join(", ") })}
        </p>
      ) : null}
      {currencies.length === 0 ? (
        <p className="muted">{t("settings.currency.noAccounts")}</p>
      ) : (
        <div className="table-wrap flat">
          <table>
            <caption className="visually-hidden">{t("settings.currency.inForceCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("settings.currencyCode")}</th>
                <th scope="col" className="num">
                  {t("settings.currency.accounts")}
                </th>
                <th scope="col">{t("settings.currency.unitIn", { currency: reportingCurrency })}</th>
                <th scope="col">{t("settings.currency.since")}</th>
              </tr>
            </thead>
            <tbody>
              {currencies.map(({ currency, accounts, factor }) => (
                <tr key={currency}>
                  <th scope="row">{currency}</th>
                  <td className="num">{format.number(accounts)}</td>
                  <td>
                    {factor ? (
                      currency === reportingCurrency ? (
                        t("settings.currency.isReporting")
                      ) : (
                        factor.rate
                      )
                    ) : (
                      <strong className="no-rate">{t("settings.currency.noRate")}</strong>
                    )}
                  </td>
                  <td>{factor?.effectiveDate ? format.day(factor.effectiveDate) : "—"}</td>
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
  const { t } = useTranslation("admin");
  const format = useFormat();
  const [form, fields] = useForm({
    id: "rate",
    lastResult: actionData?.result,
    defaultValue: { currency: "", effectiveDate: today, rate: "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExchangeRateForm }),
  });
  return (
    <section className="card settings-section" aria-labelledby="rates-heading">
      <h2 id="rates-heading">{t("settings.currency.ratesHeading")}</h2>
      <p className="muted">{t("settings.currency.ratesHelp", { currency: reportingCurrency })}</p>
      <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="rate" />
        <div className="form-row top">
          <div className="field">
            <label htmlFor={fields.currency.id}>{t("settings.currencyCode")}</label>
            <input
              {...getInputProps(fields.currency, { type: "text" })}
              list="iso-currencies"
              placeholder={t("settings.currency.rateCurrencyPlaceholder")}
              size={6}
              autoComplete="off"
            />
            <FieldError errors={fields.currency.errors} id={fields.currency.errorId} />
          </div>
          <div className="field">
            <label htmlFor={fields.rate.id}>{t("settings.currency.rateWorth", { currency: reportingCurrency })}</label>
            <input
              {...getInputProps(fields.rate, { type: "text" })}
              inputMode="decimal"
              placeholder={t("settings.currency.ratePlaceholder")}
              autoComplete="off"
            />
            <FieldError errors={fields.rate.errors} id={fields.rate.errorId} />
          </div>
          <div className="field">
            <label htmlFor={fields.effectiveDate.id}>{t("settings.currency.inForceFrom")}</label>
            <input {...getInputProps(fields.effectiveDate, { type: "date" })} />
            <FieldError errors={fields.effectiveDate.errors} id={fields.effectiveDate.errorId} />
          </div>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t("settings.saving") : t("settings.currency.addRate")}
        </button>
      </Form>
      {rates.length === 0 ? (
        <p className="muted">{t("settings.currency.noRates", { currency: reportingCurrency })}</p>
      ) : (
        <div className="table-wrap flat">
          <table>
            <caption>{t("settings.currency.ratesCaption", { currency: reportingCurrency })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("settings.currency.from")}</th>
                <th scope="col">{t("settings.currencyCode")}</th>
                <th scope="col">{t("settings.currency.unitIn", { currency: reportingCurrency })}</th>
                <th scope="col">{t("settings.currency.enteredBy")}</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((rate) => (
                <tr key={`${rate.currency}-${rate.effectiveDate}`}>
                  <td>
                    {format.day(rate.effectiveDate)}
                    {rate.effectiveDate > today ? <span className="muted small"> {t("settings.currency.upcoming")}</span> : null}
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
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs/settings", label: t("settings.back") }} />;
}
