import { count, sql } from "drizzle-orm";
import { accounts, contacts } from "../../db/schema";
import type { Segment } from "../domain/segments";
import { db } from "../utils/db.server";

export function countAccountsBySegment(): Record<Segment, { accounts: number; acvByCurrency: Record<string, number> }> {
  const rows = db
    .select({ segment: accounts.segment, currency: accounts.acvCurrency, n: count(), acv: sql<number>`sum(${accounts.acvAmount})` })
    .from(accounts)
    .groupBy(accounts.segment, accounts.acvCurrency)
    .all();
  const result: Record<Segment, { accounts: number; acvByCurrency: Record<string, number> }> = {
    high: { accounts: 0, acvByCurrency: {} },
    low: { accounts: 0, acvByCurrency: {} },
    tech: { accounts: 0, acvByCurrency: {} },
  };
  for (const row of rows) {
    result[row.segment].accounts += row.n;
    result[row.segment].acvByCurrency[row.currency] = row.acv;
  }
  return result;
}

export function countContacts(): number {
  return db.select({ n: count() }).from(contacts).get()?.n ?? 0;
}
