import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, exchangeRates, reportingFactors, users } from "../../db/schema";
import type { ExchangeRate, FactorInForce } from "../domain/money";
import { db } from "../utils/db.server";

/**
 * The order lists rank money at stake by: the ACV in the reporting currency, high to low, with
 * the accounts whose currency has no rate (-1) after every converted amount; then the nearest
 * renewal; then the id. `accounts_stake_idx` is on exactly these expressions.
 */
export const ACCOUNT_STAKE_KEY = "ifnull(acv_reporting_minor, -1)";
export const ACCOUNT_RENEWAL_KEY = "coalesce(renewal_date, '9999-12-31')";

/** Every rate ever entered (the conversion reads the ones quoted in the reporting currency). */
export function listExchangeRates(conn: Db = db): ExchangeRate[] {
  return conn
    .select({
      currency: exchangeRates.currency,
      quoteCurrency: exchangeRates.quoteCurrency,
      effectiveDate: exchangeRates.effectiveDate,
      rate: exchangeRates.rate,
    })
    .from(exchangeRates)
    .all();
}

/** Rates quoted in `quoteCurrency`, newest date first, with who entered them. */
export function listRatesQuotedIn(quoteCurrency: string, limit = 200) {
  return db
    .select({
      currency: exchangeRates.currency,
      effectiveDate: exchangeRates.effectiveDate,
      rate: exchangeRates.rate,
      createdAt: exchangeRates.createdAt,
      createdBy: users.name,
    })
    .from(exchangeRates)
    .leftJoin(users, eq(users.id, exchangeRates.createdByUserId))
    .where(eq(exchangeRates.quoteCurrency, quoteCurrency))
    .orderBy(desc(exchangeRates.effectiveDate), asc(exchangeRates.currency))
    .limit(limit)
    .all();
}

/** Adds a rate, or replaces the one for the same currency, quote and date. Returns the rate it replaced. */
export function putExchangeRate(tx: Db, rate: ExchangeRate, userId: number | null): string | null {
  const before = tx
    .select({ rate: exchangeRates.rate })
    .from(exchangeRates)
    .where(
      sql`${exchangeRates.currency} = ${rate.currency} AND ${exchangeRates.quoteCurrency} = ${rate.quoteCurrency} AND ${exchangeRates.effectiveDate} = ${rate.effectiveDate}`,
    )
    .get();
  tx.insert(exchangeRates)
    .values({ ...rate, createdByUserId: userId })
    .onConflictDoUpdate({
      target: [exchangeRates.quoteCurrency, exchangeRates.currency, exchangeRates.effectiveDate],
      set: { rate: rate.rate, createdByUserId: userId, createdAt: new Date() },
    })
    .run();
  return before?.rate ?? null;
}

/** The conversions in force now, as last written by `writeFactorsInForce`. */
export function readFactorsInForce(conn: Db = db): Map<string, FactorInForce> {
  const rows = conn.select().from(reportingFactors).all();
  return new Map(rows.map((row) => [row.currency, row]));
}

/** Replaces the conversions in force (the accounts' triggers read them on every ACV write). */
export function writeFactorsInForce(tx: Db, factors: Iterable<FactorInForce>) {
  tx.delete(reportingFactors).run();
  for (const f of factors) tx.insert(reportingFactors).values(f).run();
}

/**
 * Rewrites every account's ACV in the reporting currency from the conversions in force: one
 * UPDATE, touching only the accounts whose amount changes, with the same formula as the
 * triggers and `convertMinor`. Run inside the transaction that wrote the factors.
 */
export function recomputeReportingAmounts(tx: Db): number {
  const converted = sql`(SELECT CAST(${accounts.acvAmount} * f.factor + 0.5 AS INTEGER) FROM ${reportingFactors} f WHERE f.currency = ${accounts.acvCurrency})`;
  return tx
    .update(accounts)
    .set({ acvReportingMinor: sql`${converted}` })
    .where(sql`${accounts.acvReportingMinor} IS NOT ${converted}`)
    .run().changes;
}

/** Currencies of accounts that have no converted ACV (no rate in force), sorted: read on `accounts_stake_idx`. */
export function listUnconvertedCurrencies(conn: Db = db): string[] {
  return conn
    .all<{ currency: string }>(sql.raw(`SELECT DISTINCT acv_currency AS currency FROM accounts WHERE ${ACCOUNT_STAKE_KEY} = -1 ORDER BY 1`))
    .map((row) => row.currency);
}
