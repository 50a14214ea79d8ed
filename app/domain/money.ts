/**
 * Money in one reporting currency. Every account keeps its ACV in its own currency (integer minor
 * units); anything that ranks, sums or thresholds money across accounts uses the ACV converted
 * into the reporting currency at the rate in force on the day. Pure: the rules are tested here
 * and the database applies the factor this module computes (see convertMinor).
 */
import { z } from "zod";
import { fieldMessage } from "./field-message";
import { isCalendarDate } from "./rows";
import { formatMoney, minorDigits, parseMajorAmount, type Money } from "./segments";

/** What a rate row says: one unit of `currency` is worth `rate` units of `quoteCurrency` from `effectiveDate` on. */
export type ExchangeRate = { currency: string; quoteCurrency: string; effectiveDate: string; rate: string };

/** The conversion in force for one currency: minor units × `factor` = reporting minor units. */
export type FactorInForce = { currency: string; factor: number; rate: string; effectiveDate: string | null };

/** Currencies in force on a day, keyed by currency code. */
export type FactorsInForce = ReadonlyMap<string, FactorInForce>;

/** A converted amount, or `null` when the currency has no rate in force ("no rate"). */
export type ReportingAmount = number | null;

export const DEFAULT_REPORTING_CURRENCY = "JPY";

/** Up to 12 digits before and 12 after the point; at least one non-zero digit. */
const RATE_TEXT = /^\d{1,12}(\.\d{1,12})?$/;

export const currencyCode = z
  .string({ error: fieldMessage("currencyCodeFormat") })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, fieldMessage("currencyCodeFormat"))
  .refine((code) => Intl.supportedValuesOf("currency").includes(code), fieldMessage("currencyCodeUnknown"));

/** A rate as people type it: "150.25", "0.0067". Normalized without needless zeros. */
export const rateText = z
  .string({ error: fieldMessage("currencyRateMissing") })
  .trim()
  .transform((text) => text.replace(/[,_\s]/g, ""))
  .refine((text) => RATE_TEXT.test(text), fieldMessage("currencyRateFormat"))
  .transform(normalizeRate)
  .refine((text) => Number(text) > 0, fieldMessage("currencyRatePositive"));

/** "0150.2500" → "150.25"; "3." never gets here (the pattern refuses it). */
export function normalizeRate(text: string): string {
  const [whole, frac = ""] = text.split(".");
  const w = whole.replace(/^0+(?=\d)/, "");
  const f = frac.replace(/0+$/, "");
  return f ? `${w}.${f}` : w;
}

/**
 * The factor from `from`'s minor units to `to`'s minor units at `rate` (units of `to` per unit
 * of `from`). The exponents are applied to the decimal text before it becomes a number, so the
 * factor is the double nearest the exact value: "150" USD→JPY is 1.5 (yen per cent), "0.0067"
 * JPY→USD is 0.67 (cents per yen).
 */
export function conversionFactor(rate: string, from: string, to: string): number {
  return Number(`${rate}e${minorDigits(to) - minorDigits(from)}`);
}

/**
 * Minor units × factor, rounded half up to a whole minor unit. ACVs are never negative, so this
 * is exactly what SQL's `CAST(amount * factor + 0.5 AS INTEGER)` gives on the same double — the
 * database triggers and the recompute use that expression with the factor from here.
 */
export function convertMinor(amount: number, factor: number): number {
  return Math.floor(amount * factor + 0.5);
}

/** The latest rate from `currency` to `quoteCurrency` dated on or before `day`, if any. */
export function rateInForce(rates: readonly ExchangeRate[], currency: string, quoteCurrency: string, day: string): ExchangeRate | null {
  let best: ExchangeRate | null = null;
  for (const rate of rates) {
    if (rate.currency !== currency || rate.quoteCurrency !== quoteCurrency || rate.effectiveDate > day) continue;
    if (!best || rate.effectiveDate > best.effectiveDate) best = rate;
  }
  return best;
}

/**
 * Every currency's conversion into `reporting` in force on `day`: the reporting currency at
 * factor 1, each other currency at its latest rate dated on or before the day. A currency
 * missing here has no rate in force. Rates quoted in another currency (entered while another
 * reporting currency was chosen) are not used: they are kept for the record only.
 */
export function factorsInForce(rates: readonly ExchangeRate[], reporting: string, day: string): Map<string, FactorInForce> {
  const factors = new Map<string, FactorInForce>([[reporting, { currency: reporting, factor: 1, rate: "1", effectiveDate: null }]]);
  const currencies = new Set(rates.filter((r) => r.quoteCurrency === reporting && r.currency !== reporting).map((r) => r.currency));
  for (const currency of [...currencies].sort()) {
    const rate = rateInForce(rates, currency, reporting, day);
    if (rate) factors.set(currency, { currency, factor: conversionFactor(rate.rate, currency, reporting), rate: rate.rate, effectiveDate: rate.effectiveDate });
  }
  return factors;
}

/** An amount in the reporting currency, or null when its currency has no rate in force. */
export function toReporting(money: Money, factors: FactorsInForce): ReportingAmount {
  const f = factors.get(money.currency);
  return f ? convertMinor(money.amount, f.factor) : null;
}

/** The first day after `day` on which a rate into `reporting` comes into force, if any. */
export function nextRateChange(rates: readonly ExchangeRate[], reporting: string, day: string): string | null {
  let next: string | null = null;
  for (const rate of rates) {
    if (rate.quoteCurrency !== reporting || rate.effectiveDate <= day) continue;
    if (next === null || rate.effectiveDate < next) next = rate.effectiveDate;
  }
  return next;
}

/** Of the currencies in use, those without a rate in force, sorted. */
export function currenciesWithoutRate(inUse: Iterable<string>, factors: FactorsInForce): string[] {
  return [...new Set(inUse)].filter((currency) => !factors.has(currency)).sort();
}
/** The key lists order money at stake by: the converted amount, with "no rate" (-1) after every real amount. */
export function stakeKey(reporting: ReportingAmount): number {
  return reporting ?? -1;
}

/** "¥7,500,000", or "no rate" when there is no converted amount. */
export function formatReporting(amount: ReportingAmount, reportingCurrency: string, locale = "en"): string {
  return amount === null ? "no rate" : formatMoney({ amount, currency: reportingCurrency }, locale);
}

/** The original amount, with the converted one beside it when the currencies differ: "$50,000 (¥7,500,000)". */
export function formatWithReporting(money: Money, reporting: ReportingAmount, reportingCurrency: string, locale = "en"): string {
  const original = formatMoney(money, locale);
  if (money.currency === reportingCurrency && reporting !== null) return original;
  return `${original} (${formatReporting(reporting, reportingCurrency, locale)})`;
}

/** The major-unit text of a minor amount, for a form's default value: 1000000 JPY → "1000000", 123450 USD → "1234.50". */
export function majorText(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(amount);
  const s = String(amount).padStart(digits + 1, "0");
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** The currency settings form: the reporting currency and the tech-touch case threshold in it. */
export const CurrencySettingsForm = z
  .object({
    reportingCurrency: currencyCode,
    /** Major units of the reporting currency; empty = use the per-currency thresholds only. */
    caseThreshold: z.string().trim().max(30).optional(),
  })
  .transform((form, ctx) => {
    if (!form.caseThreshold) return { reportingCurrency: form.reportingCurrency, caseThresholdMinor: null };
    const minor = parseMajorAmount(form.caseThreshold, form.reportingCurrency);
    if (minor === null || !Number.isSafeInteger(minor)) {
      ctx.addIssue({
        code: "custom",
        path: ["caseThreshold"],
        message: fieldMessage(minorDigits(form.reportingCurrency) === 0 ? "currencyAmountWhole" : "currencyAmount", {
          currency: form.reportingCurrency,
          example: majorText(100_000 * 10 ** minorDigits(form.reportingCurrency), form.reportingCurrency),
        }),
      });
      return z.NEVER;
    }
    return { reportingCurrency: form.reportingCurrency, caseThresholdMinor: minor };
  });
export type CurrencySettings = z.output<typeof CurrencySettingsForm>;

/** The add-a-rate form (and the API's rate entries): one unit of `currency` in the reporting currency from `effectiveDate`. */
export const ExchangeRateForm = z.object({
  currency: currencyCode,
  effectiveDate: z
    .string({ error: fieldMessage("currencyDateFormat") })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, fieldMessage("currencyDateFormat"))
    .refine(isCalendarDate, fieldMessage("currencyDateUnknown")),
  rate: rateText,
});
export type ExchangeRateInput = z.output<typeof ExchangeRateForm>;
