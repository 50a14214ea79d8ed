import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { cases } from "../../db/schema";
import { zoneDaysRange } from "../../app/domain/zone-days";
import { followUpStats } from "../../app/models/follow-up-stats.server";
import { openFollowUpCase } from "../../app/services/open-follow-up-case.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { db } from "../../app/utils/db.server";
import { createStaff } from "../factories";
import { createInvitation } from "../factories/nps";

/*
 * The dashboard's "cases opened in the period" sums `cases_opened_daily` (kept by triggers) for
 * the whole UTC days of a range and counts its edges case by case. Both must always agree with
 * counting the cases themselves, through openings, status changes, moves and deletions, in any zone.
 */

const HOUR = 3_600_000;
const base = Date.parse("2026-03-01T00:00:00Z");
let ip = 0;

function detractorCase(): number {
  const { token } = createInvitation({ segment: "high" });
  const result = recordNpsResponse(token, "2", undefined, `192.0.2.${++ip % 250}`);
  if (result.kind !== "recorded") throw new Error(result.kind);
  return openFollowUpCase(result.responseId)!.caseId;
}

const kept = () =>
  db.all<{ day: number; status: string; n: number }>(sql`SELECT day, status, cases AS n FROM cases_opened_daily WHERE cases <> 0 ORDER BY day, status`);
const counted = () =>
  db.all<{ day: number; status: string; n: number }>(sql`SELECT created_at / 86400000 AS day, status, count(*) AS n FROM cases GROUP BY 1, 2 ORDER BY 1, 2`);

function direct(from: string, to: string, timeZone: string, owner: number | null) {
  const { start, end } = zoneDaysRange(from, to, timeZone);
  const opened = { open: 0, contacted: 0, resolved: 0, wont_fix: 0 };
  const rows = db.all<{ status: keyof typeof opened; n: number }>(
    sql`SELECT status, count(*) AS n FROM cases WHERE created_at >= ${start} AND created_at < ${end}
      ${owner !== null ? sql`AND owner_user_id = ${owner}` : sql``} GROUP BY status`,
  );
  for (const row of rows) opened[row.status] = row.n;
  return opened;
}

let owner: number;

beforeAll(() => {
  db.delete(cases).run();
  owner = createStaff("csm").id;
  // Cases opened every 7 hours over ten days, so many fall near midnight in one zone or another.
  const ids = Array.from({ length: 36 }, () => detractorCase());
  ids.forEach((id, i) =>
    db
      .update(cases)
      .set({ createdAt: base + i * 7 * HOUR + (i % 3) * 60_000, ownerUserId: i % 2 ? owner : null })
      .where(sql`id = ${id}`)
      .run(),
  );
  expect(kept()).toEqual(counted());
});

describe("cases opened per day", () => {
  it("stay the count of the cases through status changes, moves and deletions", () => {
    const ids = db.all<{ id: number }>(sql`SELECT id FROM cases ORDER BY id`).map((row) => row.id);
    db.update(cases)
      .set({ status: "contacted" })
      .where(sql`id IN (${ids[0]}, ${ids[1]}, ${ids[2]})`)
      .run();
    db.update(cases)
      .set({ status: "resolved" })
      .where(sql`id IN (${ids[1]}, ${ids[5]})`)
      .run();
    db.update(cases)
      .set({ status: "wont_fix", createdAt: base + 200 * HOUR })
      .where(sql`id = ${ids[7]}`)
      .run();
    // Unchanged values change nothing.
    db.update(cases)
      .set({ status: "resolved", updatedAt: Date.now() })
      .where(sql`id = ${ids[5]}`)
      .run();
    expect(kept()).toEqual(counted());
    db.delete(cases)
      .where(sql`id = ${ids[3]}`)
      .run();
    // A deleted response takes its case with it (ON DELETE CASCADE).
    db.run(sql`DELETE FROM responses WHERE id = (SELECT response_id FROM cases WHERE id = ${ids[4]})`);
    expect(db.get(sql`SELECT id FROM cases WHERE id = ${ids[4]}`)).toBeUndefined();
    expect(kept()).toEqual(counted());
  });

  for (const timeZone of ["UTC", "Asia/Tokyo", "Asia/Kolkata", "America/New_York"]) {
    it(`give the dashboard the same counts as counting the cases, in ${timeZone}`, () => {
      for (const [from, to] of [
        ["2026-03-01", "2026-03-10"],
        ["2026-03-02", "2026-03-05"],
        ["2026-03-04", "2026-03-04"],
        ["2026-02-20", "2026-03-31"],
      ]) {
        for (const csmUserId of [null, owner]) {
          const stats = followUpStats({ from, to, csmUserId }, Date.now(), timeZone);
          expect(stats.opened, `${from}..${to} ${csmUserId}`).toEqual(direct(from, to, timeZone, csmUserId));
        }
      }
    });
  }
});
