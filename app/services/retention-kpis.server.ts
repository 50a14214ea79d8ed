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
  const { reportingCurrency } = getSetting("currency");
  const factors = factorsInForce(listExchangeRates(conn), reportingCurrency, query.to);
  const movements = movementsByAccountUpTo(query.to, conn);
  let cohort: RetentionAccount[] = [...movements].map(([accountId, list]) => ({ accountId, movements: list }));
  if (query.segment) {
    const thresholds = getSetting("segmentThresholds");
    const stored = new Map(accountsByIds([...movements.keys()], conn).map((row) => [row.id, row.segment]));
    cohort = cohort.filter(({ accountId, movements: list }) => {
      const start = arrAtStartOf(list, query.from);
      if (!start) return false;
      // A currency without thresholds keeps the segment the account is stored with.
      const segment = thresholds[start.currency] ? segmentFor(start, thresholds) : stored.get(accountId);
      return segment === query.segment;
    });
  }
  return retention(cohort, query.from, query.to, factors, reportingCurrency);
}
