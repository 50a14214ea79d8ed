import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./auth";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const SEGMENTS = ["high", "low", "tech"] as const;
export const STAGES = ["onboarding", "adoption", "expansion", "renewal"] as const;
export const LOCALES = ["en", "ja"] as const;
export const ACCOUNT_STATUSES = ["active", "churned"] as const;

export const accounts = sqliteTable(
  "accounts",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    externalId: text().notNull().unique(),
    name: text().notNull(),
    domain: text(),
    /** Annual contract value in minor units of `acvCurrency` (JPY has no minor unit). */
    acvAmount: integer().notNull(),
    acvCurrency: text().notNull(),
    /**
     * ACV in minor units of the reporting currency at the rate in force today; null while the
     * account's currency has no rate. Derived: kept by the triggers of migration 0008 on every
     * write of the ACV, and rewritten when rates change (app/models/exchange-rate.server.ts).
     */
    acvReportingMinor: integer(),
    /** Touch model, derived from ACV by the admin's thresholds; stored so lists can filter on it. */
    segment: text({ enum: SEGMENTS }).notNull(),
    /** Customer since (ISO date); creation date when the CRM does not say. */
    startDate: text().notNull(),
    renewalDate: text(),
    stage: text({ enum: STAGES }).notNull().default("onboarding"),
    csmUserId: integer().references(() => users.id, { onDelete: "set null" }),
    /** Licensed seats, when the CRM says: usage is read against them (active users / seats). */
    seats: integer(),
    /** Churned accounts get no surveys, guides or nudges; kept by the revenue movements (a churn, then a reactivation). */
    status: text({ enum: ACCOUNT_STATUSES }).notNull().default("active"),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    index("accounts_segment_idx").on(t.segment),
    index("accounts_csm_idx").on(t.csmUserId),
    index("accounts_name_idx").on(t.name),
    // Self sign-up by company domain looks an address's domain up here (case-insensitively).
    index("accounts_domain_idx").on(sql`lower(${t.domain})`),
    // Money at stake, as the response and account lists order it (see ACCOUNT_STAKE_KEY).
    index("accounts_stake_idx").on(sql`ifnull(${t.acvReportingMinor}, -1) DESC`, sql`coalesce(${t.renewalDate}, '9999-12-31')`, t.id),
  ],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** Lower-cased and trimmed; unique. */
    email: text().notNull().unique(),
    name: text(),
    locale: text({ enum: LOCALES }).notNull().default("en"),
    title: text(),
    /** The person's user id in the customer's product, so usage events may name them by it; unique. */
    productUserId: text().unique(),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    unsubscribedAt: integer({ mode: "timestamp_ms" }),
    /**
     * When the person's data was erased on their request: the row stays, emptied of every
     * identity, so their answers keep counting as anonymous scores (docs/decisions/043).
     */
    erasedAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    index("contacts_account_idx").on(t.accountId),
    // The contact lists leave erased people out: their count reads this index, as it read the whole table's before.
    index("contacts_live_idx")
      .on(t.accountId)
      .where(sql`${t.erasedAt} IS NULL`),
  ],
);

/**
 * Addresses of erased people, as an HMAC of the normalised address keyed by the app's secret:
 * an import, the API or a community sign-up checks an address against it without the list
 * holding any address (docs/decisions/043).
 */
export const doNotContact = sqliteTable("do_not_contact", {
  emailHash: text().primaryKey(),
  createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
});
