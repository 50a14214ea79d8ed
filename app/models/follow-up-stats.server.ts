import { sql } from "drizzle-orm";
import type { CaseStatus } from "../../db/schema";
import { db } from "../utils/db.server";
import type { DashboardFilters } from "./nps-dashboard.server";
import { DAY_MS } from "../domain/days";

export type FollowUpStats = {
  /** Cases opened in the period, by where they stand now. */
  opened: Record<CaseStatus, number>;
  /** Cases open or contacted today, whenever opened, and how many of them are past due. */
  openNow: number;
  overdueNow: number;
};

/**
 * How the loop was closed for the cases opened in the range (UTC days), and today's queue, for
 * everyone or one owner. Counted per status on `cases_status_opened_idx` alone; a segment or
 * campaign would need each case's account or response (~50 ms a year on the large seed), so the
 * dashboard shows these across segments and campaigns and says so.
 */
export function followUpStats(f: Pick<DashboardFilters, "from" | "to" | "csmUserId">, now: number): FollowUpStats {
  const owner = f.csmUserId !== null ? sql` AND owner_user_id = ${f.csmUserId}` : sql``;
  const from = Date.parse(`${f.from}T00:00:00Z`);
  const to = Date.parse(`${f.to}T00:00:00Z`) + DAY_MS;
  const opened: Record<CaseStatus, number> = { open: 0, contacted: 0, resolved: 0, wont_fix: 0 };
  const rows = db.all<{ status: CaseStatus; n: number }>(sql`
    SELECT status, count(*) AS n FROM cases
    WHERE status IN ('open', 'contacted', 'resolved', 'wont_fix') AND created_at >= ${from} AND created_at < ${to}${owner}
    GROUP BY status`);
  for (const row of rows) opened[row.status] = row.n;
  const queue = db.get<{ openNow: number; overdueNow: number }>(sql`
    SELECT count(*) AS openNow, coalesce(sum(due_at < ${now}), 0) AS overdueNow
    FROM cases WHERE status IN ('open', 'contacted')${owner}`)!;
  return { opened, ...queue };
}
