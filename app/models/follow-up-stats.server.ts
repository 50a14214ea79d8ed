import { sql } from "drizzle-orm";
import type { CaseStatus } from "../../db/schema";
import { DAY_MS } from "../domain/days";
import { zoneDaysRange } from "../domain/zone-days";
import { db } from "../utils/db.server";
import type { DashboardFilters } from "./nps-dashboard.server";

export type FollowUpStats = {
  /** Cases opened in the period, by where they stand now. */
  opened: Record<CaseStatus, number>;
  /** Cases open or contacted today, whenever opened, and how many of them are past due. */
  openNow: number;
  overdueNow: number;
};

/**
 * How the loop was closed for the cases opened in the range (the team's days), and today's queue, for
 * everyone or one owner. Everyone's: the whole UTC days inside the range from `cases_opened_daily`
 * (kept by triggers, migration 0015) and the hours at its edges (the team's zone is rarely UTC) on
 * `cases_status_opened_idx`; one owner's on that index alone. A segment or campaign would need each
 * case's account or response (~50 ms a year on the large seed), so the dashboard shows these across
 * segments and campaigns and says so. Detractor follow-ups only: other tasks (onboarding, risk) are
 * not closing the loop, and `cases_opened_daily` counts follow-ups only too.
 */
export function followUpStats(f: Pick<DashboardFilters, "from" | "to" | "csmUserId">, now: number, timeZone: string): FollowUpStats {
  const owner = f.csmUserId !== null ? sql` AND owner_user_id = ${f.csmUserId}` : sql``;
  const { start: from, end: to } = zoneDaysRange(f.from, f.to, timeZone);
  const opened: Record<CaseStatus, number> = { open: 0, contacted: 0, resolved: 0, wont_fix: 0 };
  const count = (start: number, end: number) => {
    if (start >= end) return;
    const rows = db.all<{ status: CaseStatus; n: number }>(sql`
      SELECT status, count(*) AS n FROM cases
      WHERE kind = 'follow_up' AND status IN ('open', 'contacted', 'resolved', 'wont_fix') AND created_at >= ${start} AND created_at < ${end}${owner}
      GROUP BY status`);
    for (const row of rows) opened[row.status] += row.n;
  };
  const firstDay = Math.ceil(from / DAY_MS);
  const endDay = Math.floor(to / DAY_MS);
  if (f.csmUserId === null && firstDay < endDay) {
    const rows = db.all<{ status: CaseStatus; n: number }>(sql`
      SELECT status, sum(cases) AS n FROM cases_opened_daily WHERE day >= ${firstDay} AND day < ${endDay} GROUP BY status`);
    for (const row of rows) if (row.status in opened) opened[row.status] += row.n;
    count(from, firstDay * DAY_MS);
    count(endDay * DAY_MS, to);
  } else {
    count(from, to);
  }
  const queue = db.get<{ openNow: number; overdueNow: number }>(sql`
    SELECT count(*) AS openNow, coalesce(sum(due_at < ${now}), 0) AS overdueNow
    FROM cases WHERE kind = 'follow_up' AND status IN ('open', 'contacted')${owner}`)!;
  return { opened, ...queue };
}
