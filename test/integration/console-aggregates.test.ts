import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { invitationsDaily, npsDaily, responseRollup, responses } from "../../db/schema";
import { searchMatchQuery } from "../../app/domain/comment-search";
import { countInvitationsDaily, rebuildNpsRollups } from "../../app/models/nps-rollup.server";
import { rebuildCommentIndex } from "../../app/models/comment-search.server";
import { indexResponse } from "../../app/services/index-response.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { db, sqlite, transaction } from "../../app/utils/db.server";
import { createInvitation } from "../factories/nps";

const countsByScore = () =>
  Object.fromEntries(
    db
      .all<{ score: number; n: number }>(sql`SELECT score, sum(responses) AS n FROM nps_daily GROUP BY score HAVING n <> 0`)
      .map((r) => [r.score, r.n]),
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
  for (const table of [npsDaily, invitationsDaily, responseRollup]) db.delete(table).run();
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

    db.delete(responses).where(sql`id = ${first}`).run();
    indexResponse(first);
    expect(countsByScore()).toEqual({ 9: 1 });
  });

  it("keys counts by the UTC day of the first answer and the account's segment", () => {
    const a = createInvitation({ segment: "high" });
    const id = answer(a.token, 10);
    const row = db.select().from(npsDaily).get()!;
    const created = db.select({ createdAt: responses.createdAt }).from(responses).where(sql`id = ${id}`).get()!.createdAt;
    expect(row).toMatchObject({ segment: "high", score: 10, responses: 1, campaignId: a.campaignId, day: new Date(created).toISOString().slice(0, 10) });
  });

  it("gives the same counts rebuilt from the rows as kept answer by answer", () => {
    const invitations = Array.from({ length: 6 }, () => createInvitation());
    invitations.forEach((inv, i) => answer(inv.token, i * 2));
    answer(invitations[0].token, 7);
    transaction((tx) => countInvitationsDaily(tx, sql`1 = 1`));
    const kept = { responses: countsByScore(), invitations: db.all(sql`SELECT sum(invitations) AS n FROM invitations_daily`) };
    sqlite().transaction(() => rebuildNpsRollups(sqlite()))();
    expect({ responses: countsByScore(), invitations: db.all(sql`SELECT sum(invitations) AS n FROM invitations_daily`) }).toEqual(kept);
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
