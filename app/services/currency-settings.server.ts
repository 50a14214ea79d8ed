import { z } from "zod";
import {
  currenciesWithoutRate,
  CurrencySettingsForm,
  ExchangeRateForm,
  factorsInForce,
  nextRateChange,
  type CurrencySettings,
  type ExchangeRateInput,
} from "../domain/money";
import { epochFromLocal } from "../domain/time-zones";
import { dayInZone } from "../domain/zone-days";
import { countAccountsByCurrency } from "../models/account.server";
import { audit } from "../models/audit.server";
import {
  listExchangeRates,
  listRatesQuotedIn,
  listUnconvertedCurrencies,
  putExchangeRate,
  readFactorsInForce,
  recomputeReportingAmounts,
  writeFactorsInForce,
} from "../models/exchange-rate.server";
import { getSetting, putSetting, teamTimeZone } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import type { Db } from "../../db/client";
import { transaction } from "../utils/db.server";
import { enqueueJob } from "../utils/jobs.server";
import { refusalOfIssue } from "../domain/field-message";
import { ServiceError } from "../domain/service-error";
import { assertMayChangeSettings } from "./settings-access.server";

/** Re-reads the rates in force on the team's day and re-converts every account's ACV. */
export const REPORTING_REFRESH_JOB = "currency.refresh-reporting";
const RefreshPayload = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
export const parseRefreshPayload = (payload: unknown) => RefreshPayload.parse(payload);

/**
 * Makes the conversions in force on the team's day `now` the ones every account uses, in the
 * caller's transaction: the factors table, then one UPDATE of the accounts whose converted ACV
 * changes. A rate dated later gets a job at the start of its day (in the team's time zone), so
 * it comes into force without anyone saving anything. Segments are never touched: they stay
 * per currency. Returns how many accounts changed.
 */
export function refreshReportingAmounts(tx: Db, now = Date.now()): { day: string; changed: number; nextChange: string | null } {
  const { reportingCurrency } = getSetting("currency");
  const timeZone = teamTimeZone();
  const day = dayInZone(now, timeZone);
  const rates = listExchangeRates(tx);
  writeFactorsInForce(tx, factorsInForce(rates, reportingCurrency, day).values());
  const changed = recomputeReportingAmounts(tx);
  const nextChange = nextRateChange(rates, reportingCurrency, day);
  if (nextChange) {
    const [year, month, date] = nextChange.split("-").map(Number);
    const runAt = epochFromLocal({ year, month, day: date, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
    enqueueJob(tx, REPORTING_REFRESH_JOB, { day: nextChange }, { runAt, uniqueKey: `${REPORTING_REFRESH_JOB}:${reportingCurrency}:${nextChange}` }, now);
  }
  return { day, changed, nextChange };
}

function invalid(error: z.ZodError, prefix = ""): ServiceError {
  return refusalOfIssue(error.issues[0], prefix);
}

/**
 * Sets the reporting currency and the tech-touch case threshold (in it), and re-converts every
 * account in the same transaction when the currency changes. Rates quoted in the previous
 * reporting currency are kept but no longer used.
 */
export function updateCurrencySettings(actor: StaffUser, input: unknown, ip?: string, now = Date.now()): CurrencySettings & { changed: number } {
  assertMayChangeSettings(actor);
  const parsed = CurrencySettingsForm.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const after = parsed.data;
  return transaction((tx) => {
    const before = getSetting("currency");
    putSetting("currency", after);
    const { changed } = refreshReportingAmounts(tx, now);
    audit(
      {
        actorUserId: actor.id,
        action: "settings.currency_updated",
        entity: "settings",
        entityId: "currency",
        ip,
        detail: { before, after, accountsChanged: changed },
      },
      tx,
    );
    return { ...after, changed };
  });
}

const MAX_RATES_AT_ONCE = 500;

/**
 * Adds dated rates into the reporting currency (or corrects the rate of a date) and re-converts
 * every account in the same transaction. A rate for the reporting currency itself is refused.
 */
export function putExchangeRates(actor: StaffUser, inputs: readonly unknown[], ip?: string, now = Date.now()): { rates: ExchangeRateInput[]; changed: number } {
  assertMayChangeSettings(actor);
  if (inputs.length === 0) throw new ServiceError(400, "currencyRatesNone", {}, "rates");
  if (inputs.length > MAX_RATES_AT_ONCE) throw new ServiceError(400, "currencyRatesTooMany", { max: MAX_RATES_AT_ONCE }, "rates");
  const rates: ExchangeRateInput[] = [];
  for (const [i, input] of inputs.entries()) {
    const parsed = ExchangeRateForm.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error, inputs.length > 1 ? `rates[${i}].` : "");
    rates.push(parsed.data);
  }
  const { reportingCurrency } = getSetting("currency");
  const self = rates.find((rate) => rate.currency === reportingCurrency);
  if (self) throw new ServiceError(400, "currencyRateOfItself", { currency: reportingCurrency }, "currency");
  return transaction((tx) => {
    const replaced = rates.map((rate) => putExchangeRate(tx, { ...rate, quoteCurrency: reportingCurrency }, actor.id));
    const { changed } = refreshReportingAmounts(tx, now);
    audit(
      {
        actorUserId: actor.id,
        action: "settings.exchange_rates_updated",
        entity: "settings",
        entityId: "currency",
        ip,
        detail: { quoteCurrency: reportingCurrency, rates: rates.map((rate, i) => ({ ...rate, replaced: replaced[i] })), accountsChanged: changed },
      },
      tx,
    );
    return { rates, changed };
  });
}

/** What the currency settings page shows. */
export function currencyOverview() {
  const settings = getSetting("currency");
  const factors = readFactorsInForce();
  const inUse = countAccountsByCurrency();
  return {
    settings,
    inForce: [...factors.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    currencies: Object.entries(inUse)
      .map(([currency, accounts]) => ({ currency, accounts, factor: factors.get(currency) ?? null }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    missing: currenciesWithoutRate(Object.keys(inUse), factors),
    rates: listRatesQuotedIn(settings.reportingCurrency),
  };
}

/** Which currencies accounts use that have no rate in force, and the reporting currency: what a list says above its rows. */
export type ReportingContext = { reportingCurrency: string; missing: string[] };
export function reportingContext(): ReportingContext {
  return { reportingCurrency: getSetting("currency").reportingCurrency, missing: listUnconvertedCurrencies() };
}
