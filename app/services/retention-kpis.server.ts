/**
 * GRR, NRR, logo churn and churn by reason for a period (docs/decisions/055), read from the
 * revenue movements with the arithmetic of app/domain/revenue.ts: every account's ARR at the start
 * of `from` and at the end of `to`, converted at the rates in force on `to`. A segment is the one
 * the account's ARR at the start of `from` falls in by today's thresholds — the segment it was in
 * then, as segments follow ARR.
 */
import { factorsInForce } from "../domain/money";
import { arrAtStartOf, retention, type RetentionAccount, type RetentionResult } from "../domain/revenue";
import { segmentFor, type Segment } from "../domain/segments";
import { listExchangeRates } from "../models/exchange-rate.server";
import { accountsByIds, movementsByAccountUpTo } from "../models/revenue-movement.server";
import { getSetting } from "../models/settings.server";
import { db } from "../utils/db.server";
import type { Db } from "../../db/client";

export type RetentionQuery = { from: string; to: string; segment?: Segment };

export function retentionKpis(query: RetentionQuery, conn: Db = db): RetentionResult {
  return retentionForPeriods([query], query.segment, conn)[0];
}

/**
 * The figures of several periods with one read of the movements (the KPI page's months, quarters
 * or years), each period at the rates in force at its own end.
 */
export function retentionForPeriods(periods: readonly { from: string; to: string }[], segment: Segment | undefined, conn: Db = db): RetentionResult[] {
  if (periods.length === 0) return [];
  const { reportingCurrency } = getSetting("currency");
  const rates = listExchangeRates(conn);
  const latest = periods.reduce((max, period) => (period.to > max ? period.to : max), periods[0].to);
  const movements = movementsByAccountUpTo(latest, conn);
  const everyone: RetentionAccount[] = [...movements].map(([accountId, list]) => ({ accountId, movements: list }));
  const thresholds = segment ? getSetting("segmentThresholds") : undefined;
  const stored = segment ? new Map(accountsByIds([...movements.keys()], conn).map((row) => [row.id, row.segment])) : undefined;
  return periods.map(({ from, to }) => {
    const cohort = !segment
      ? everyone
      : everyone.filter(({ accountId, movements: list }) => {
          const start = arrAtStartOf(list, from);
          if (!start) return false;
          // A currency without thresholds keeps the segment the account is stored with.
          const then = thresholds![start.currency] ? segmentFor(start, thresholds!) : stored!.get(accountId);
          return then === segment;
        });
    return retention(cohort, from, to, factorsInForce(rates, reportingCurrency, to), reportingCurrency);
  });
}
