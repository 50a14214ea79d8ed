import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { invitationsDaily, npsCsmPeriod, npsDaily, npsPeriod, responseRollup, responses } from "../../db/schema";
import { searchMatchQuery } from "../../app/domain/comment-search";
import { countInvitationsDaily, rebuildNpsRollups } from "../../app/models/nps-rollup.server";
import { rebuildCommentIndex } from "../../app/models/comment-search.server";
import { indexResponse } from "../../app/services/index-response.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { db, sqlite, transaction } from "../../app/utils/db.server";
import { createInvitation } from "../factories/nps";

const countsByScore = () =>
  Object.fromEntries(
    db.all<{ score: number; n: number }>(sql`SELECT score, sum(responses) AS n FROM nps_daily GROUP BY score HAVING n <> 0`).map((r) => [r.score, r.n]),
  );

const search = (input: string) =>
  db.all<{ rowid: number }>(sql`SELECT rowid FROM responses_fts WHERE responses_fts MATCH ${searchMatchQuery(input)} ORDER BY rowid`).map((r) => r.rowid);

let ip = 0;
function answer(token: string, score: number, comment?: string) {
  const result = recordNpsResponse(token, String(score), comment, `192.0.2.${++ip % 250}`);
  if (result.kind !== "recorded") throw new Error(`not recorded: ${result.kind}`);
  indexResponse(result.responseId);
  return result.responseId;
}

beforeEach(() => {
  for (const table of [npsDaily, npsPeriod, npsCsmPeriod, invitationsDaily, responseRollup]) db.delete(table).run();
  db.run(sql`DELETE FROM responses_fts`);
  db.delete(responses).run();
});

describe("dashboard counts", () => {
  it("counts a first answer once, moves it when the score changes, and drops it when the response goes", () => {
    const a = createInvitation();
    const b = createInvitation({ campaignId: a.campaignId });
    const first = answer(a.token, 3, "Too slow");
    answer(b.token, 9);
    indexResponse(first); // the pipeline may run twice: still counted once
    expect(countsByScore()).toEqual({ 3: 1, 9: 1 });

    answer(a.token, 8, "Better now");
    expect(countsByScore()).toEqual({ 8: 1, 9: 1 });

    db.delete(responses)
      .where(sql`id = ${first}`)
      .run();
    indexResponse(first);
    expect(countsByScore()).toEqual({ 9: 1 });
  });

  it("keys counts by the team's day of the first answer (UTC by default) and the account's segment", () => {
    const a = createInvitation({ segment: "high" });
    const id = answer(a.token, 10);
    const row = db.select().from(npsDaily).get()!;
    const created = db
      .select({ createdAt: responses.createdAt })
      .from(responses)
      .where(sql`id = ${id}`)
      .get()!.createdAt;
    expect(row).toMatchObject({ segment: "high", score: 10, responses: 1, campaignId: a.campaignId, day: new Date(created).toISOString().slice(0, 10) });
  });

  it("gives the same counts rebuilt from the rows as kept answer by answer", () => {
    const invitations = Array.from({ length: 6 }, () => createInvitation());
    invitations.forEach((inv, i) => answer(inv.token, i * 2));
    answer(invitations[0].token, 7);
    transaction((tx) => countInvitationsDaily(tx, sql`1 = 1`, "UTC"));
    const kept = { responses: countsByScore(), invitations: db.all(sql`SELECT sum(invitations) AS n FROM invitations_daily`) };
    sqlite().transaction(() => rebuildNpsRollups(sqlite(), "UTC"))();
    expect({ responses: countsByScore(), invitations: db.all(sql`SELECT sum(invitations) AS n FROM invitations_daily`) }).toEqual(kept);
  });
});

/** Each coarser table summed by its own key, next to nps_daily summed to the same key (rows at 0 left out). */
function coarserAndDaily() {
  const period = (grain: string, periodOf: string) => ({
    kept: db.all(
      sql`SELECT period, campaign_id, segment, stage, locale, score, responses FROM nps_period WHERE grain = ${grain} AND responses <> 0 ORDER BY 1, 2, 3, 4, 5, 6`,
    ),
    summed: db.all(sql`SELECT ${sql.raw(periodOf)} AS period, campaign_id, segment, stage, locale, score, sum(responses) AS responses FROM nps_daily
      GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(responses) <> 0 ORDER BY 1, 2, 3, 4, 5, 6`),
  });
  const csmPeriod = (grain: string, periodOf: string) => ({
    kept: db.all(
      sql`SELECT period, csm_user_id, campaign_id, segment, score, responses FROM nps_csm_period WHERE grain = ${grain} AND responses <> 0 ORDER BY 1, 2, 3, 4, 5`,
    ),
    summed: db.all(sql`SELECT ${sql.raw(periodOf)} AS period, csm_user_id, campaign_id, segment, score, sum(responses) AS responses FROM nps_daily
      GROUP BY 1, 2, 3, 4, 5 HAVING sum(responses) <> 0 ORDER BY 1, 2, 3, 4, 5`),
  });
  return {
    day: period("day", "day"),
    week: period("week", "date(day, 'weekday 0', '-6 days')"),
    month: period("month", "substr(day, 1, 8) || '01'"),
    csmDay: csmPeriod("day", "day"),
    csmMonth: csmPeriod("month", "substr(day, 1, 8) || '01'"),
  };
}

describe("weekly and monthly counts", () => {
  it("stay the sums of the daily counts through answers, changes, deletions and a rebuild", () => {
    const invitations = Array.from({ length: 5 }, (_, i) => createInvitation({ segment: (["high", "low", "tech"] as const)[i % 3] }));
    const ids = invitations.map((inv, i) => answer(inv.token, i * 2 + 1));
    // Spread the answers over weeks and months, as if answered on those days.
    ["2025-12-29", "2026-01-04", "2026-01-05", "2026-02-28", "2026-03-01"].forEach((day, i) => {
      db.run(sql`UPDATE responses SET created_at = ${Date.parse(`${day}T12:00:00Z`)} WHERE id = ${ids[i]}`);
    });
    sqlite().transaction(() => rebuildNpsRollups(sqlite(), "UTC"))();
    answer(invitations[0].token, 10);
    db.delete(responses)
      .where(sql`id = ${ids[1]}`)
      .run();

    const tables = coarserAndDaily();
    for (const [name, table] of Object.entries(tables)) expect(table.kept, name).toEqual(table.summed);
    // 2025-12-29 and 2026-01-04 share an ISO week; the deleted answer (01-04) left its week at 1.
    expect(tables.week.kept.map((row) => (row as { period: string }).period)).toEqual(["2025-12-29", "2026-01-05", "2026-02-23", "2026-02-23"]);
    expect(db.get<{ n: number }>(sql`SELECT sum(responses) AS n FROM nps_period WHERE grain = 'month'`)!.n).toBe(4);
  });
});

describe("comment search", () => {
  it("finds English words by prefix and Japanese by substring, and follows edits", () => {
    const en = createInvitation();
    const ja = createInvitation({ locale: "ja" });
    const enId = answer(en.token, 4, "Exports keep timing out");
    const jaId = answer(ja.token, 5, "CSVの出力がとても遅いです");
    expect(search("export")).toEqual([enId]);
    expect(search("遅い")).toEqual([jaId]);
    expect(search("csv 出力")).toEqual([jaId]);
    expect(search("import")).toEqual([]);

    answer(en.token, 4, "Imports are fine now");
    expect(search("export")).toEqual([]);
    expect(search("imports")).toEqual([enId]);

    sqlite().transaction(() => rebuildCommentIndex(sqlite()))();
    expect(search("遅い")).toEqual([jaId]);
  });
});
