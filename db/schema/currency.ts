import { sql } from "drizzle-orm";
import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./auth";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/**
 * Exchange rates an admin entered: one unit of `currency` is worth `rate` units of `quoteCurrency`
 * (the reporting currency when it was entered) from `effectiveDate` on, until a later rate.
 * The rate is kept as the decimal text that was typed, so it reads back exactly.
 */
export const exchangeRates = sqliteTable(
  "exchange_rates",
  {
    currency: text().notNull(),
    quoteCurrency: text().notNull(),
    /** YYYY-MM-DD: the first day (in the team's time zone) the rate is in force. */
    effectiveDate: text().notNull(),
    rate: text().notNull(),
    createdByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.quoteCurrency, t.currency, t.effectiveDate] })],
);

/**
 * The conversion in force today, one row per currency that has one (the reporting currency
 * included, at factor 1): minor units of `currency` × `factor` = minor units of the reporting
 * currency. Derived from `exchange_rates` and rebuilt whenever rates, the reporting currency or
 * the day change; the accounts' triggers read it to fill `acv_reporting_minor`.
 */
export const reportingFactors = sqliteTable("reporting_factors", {
  currency: text().primaryKey(),
  factor: real().notNull(),
  /** The rate and its date the factor comes from ("1" and null for the reporting currency). */
  rate: text().notNull(),
  effectiveDate: text(),
});
