import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { cases, invitationsDaily, npsCsmPeriod, npsDaily, npsPeriod, responseRollup, responses } from "../../db/schema";
import { loader } from "../../app/routes/cs._index";
import { countInvitationsDaily } from "../../app/models/nps-rollup.server";
import { changeCaseStatus } from "../../app/services/change-case-status.server";
import { indexResponse } from "../../app/services/index-response.server";
import { openFollowUpCase } from "../../app/services/open-follow-up-case.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { db, transaction } from "../../app/utils/db.server";
import { createStaff, getRequest, staffCookie } from "../factories";
import { createInvitation } from "../factories/nps";

type Dashboard = Awaited<ReturnType<typeof loader>>;

async function load(query = ""): Promise<Dashboard | Response> {
  const viewer = createStaff("viewer");
  try {
    return await loader({ request: getRequest(`/cs${query}`, await staffCookie(viewer.id)), params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

let ip = 0;
function answer(score: number, segment: "high" | "low" | "tech" = "low", locale: "en" | "ja" = "en") {
  const { token } = createInvitation({ segment, locale });
  const result = recordNpsResponse(token, String(score), undefined, `198.51.100.${++ip % 250}`);
  if (result.kind !== "recorded") throw new Error(result.kind);
  indexResponse(result.responseId);
  return result.responseId;
}

beforeEach(() => {
  for (const table of [npsDaily, npsPeriod, npsCsmPeriod, invitationsDaily, responseRollup]) db.delete(table).run();
  db.delete(cases).run();
  db.delete(responses).run();
});

describe("the NPS dashboard", () => {
  it("shows NPS with its margin, the distribution, the response rate and breakdowns for the default year", async () => {
    // 5 promoters, 3 passives, 2 detractors: NPS 30, Var = (0.5 + 0.2 − 0.09) / 10 = 0.061, SE 24.7, margin ±48.4
    for (const score of [10, 10, 9, 9, 9]) answer(score, "high", "ja");
    for (const score of [8, 7, 7]) answer(score);
    for (const score of [3, 6]) answer(score, "tech");
    transaction((tx) => countInvitationsDaily(tx, sql`1 = 1`, "UTC"));

    const d = (await load()) as Dashboard;
    expect(d.summary).toMatchObject({ n: 10, promoters: 5, passives: 3, detractors: 2, nps: 30 });
    expect(d.summary.margin).toBeCloseTo(48.4, 1);
    expect(d.summary.histogram).toEqual([0, 0, 0, 1, 0, 0, 1, 2, 1, 3, 2]);
    expect(d.invitations).toBeGreaterThanOrEqual(10);
    expect(d.responseRate).toBeCloseTo(10 / d.invitations, 5);
    const bySegment = d.breakdowns.find((b) => b.dimension === "segment")!.rows;
    expect(bySegment.map((r) => [r.label, r.summary.n, r.summary.nps])).toEqual([
      ["High touch", 5, 100],
      ["Low touch", 3, 0],
      ["Tech touch", 2, -100],
    ]);
    expect(d.breakdowns.find((b) => b.dimension === "locale")!.rows.map((r) => r.label)).toEqual(["English", "Japanese"]);
    expect(d.trend.at(-1)!.summary.n).toBe(10);
    // Nothing in the year before: no change to speak of.
    expect(d.change).toEqual({ delta: null, seDiff: null, significant: false });
  });

  it("narrows every figure to the filters in the URL", async () => {
    answer(10, "high");
    answer(2, "low");
    const d = (await load("?segment=high&by=week&window=1")) as Dashboard;
    expect(d.summary).toMatchObject({ n: 1, nps: 100 });
    expect(d.view).toMatchObject({ segment: "high", granularity: "week", window: 1 });
  });

  it("shows where the period's follow-up cases stand and today's overdue queue, for everyone or one owner", async () => {
    const csm = createStaff("csm");
    const detractors = [answer(2, "high"), answer(4, "low"), answer(0, "high")];
    answer(10, "high");
    const opened = detractors.map((id) => openFollowUpCase(id)!.caseId);
    db.update(cases)
      .set({ ownerUserId: csm.id })
      .where(sql`id = ${opened[0]}`)
      .run();
    changeCaseStatus({ user: csm }, opened[0], "contacted", null);
    changeCaseStatus({ user: csm }, opened[0], "resolved", null);
    // The third is past its due time.
    db.update(cases)
      .set({ dueAt: Date.now() - 60_000 })
      .where(sql`id = ${opened[2]}`)
      .run();

    const d = (await load()) as Dashboard;
    expect(d.followUp).toEqual({ opened: { open: 2, contacted: 0, resolved: 1, wont_fix: 0 }, openNow: 2, overdueNow: 1 });
    const mine = (await load(`?csm=${csm.id}`)) as Dashboard;
    expect(mine.followUp).toEqual({ opened: { open: 0, contacted: 0, resolved: 1, wont_fix: 0 }, openNow: 0, overdueNow: 0 });
  });

  it("answers 400 with a sentence for filters it cannot read, never a 500", async () => {
    for (const query of ["?from=2026-02-30", "?segment=enterprise", "?campaign=abc", "?window=40", "?from=2026-05-01&to=2026-04-01", "?colour=red"]) {
      const result = await load(query);
      expect(result, query).toBeInstanceOf(Response);
      expect((result as Response).status, query).toBe(400);
      expect(await (result as Response).text(), query).toMatch(/\w+ \w+/);
    }
  });
});
