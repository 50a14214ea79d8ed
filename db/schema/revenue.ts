import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const REVENUE_MOVEMENT_KINDS = ["new", "expansion", "contraction", "churn", "reactivation"] as const;
/** Where a movement came from: the revenue-events API, an ACV change (API or CSV), the console, or the account's creation. */
export const REVENUE_MOVEMENT_SOURCES = ["api", "acv_change", "console", "start"] as const;

/**
 * An account's ARR over time (docs/decisions/055): each row is one dated movement carrying the
 * ARR *after* it. `accounts.acv_*` always equals the ARR of the latest movement (by date, then id).
 */
export const revenueMovements = sqliteTable(
  "revenue_movements",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    type: text({ enum: REVENUE_MOVEMENT_KINDS }).notNull(),
    /** ISO calendar day in the team's zone. */
    date: text().notNull(),
    /** The ARR after the movement, in minor units of `arrCurrency`. */
    arrAmount: integer().notNull(),
    arrCurrency: text().notNull(),
    /** A churn's reason, one of the admin's list (setting `churnReasons`). */
    reason: text(),
    source: text({ enum: REVENUE_MOVEMENT_SOURCES }).notNull(),
    /**
     * Unique per install: `api:<id>` for the API's events; for derived movements the account,
     * type, date and amount, so recording the same movement twice stores it once.
     */
    idempotencyKey: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("revenue_movements_key_idx").on(t.idempotencyKey),
    // A backfilled movement of the same type, date and amount is the same movement, whatever its id.
    uniqueIndex("revenue_movements_same_idx").on(t.accountId, t.type, t.date, t.arrAmount, t.arrCurrency),
    index("revenue_movements_account_date_idx").on(t.accountId, t.date),
  ],
);
