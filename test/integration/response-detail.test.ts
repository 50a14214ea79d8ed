import { count } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, caseEvents, cases, jobs, outbox, promoterActions, responseChanges, responses, responseTags, tags } from "../../db/schema";
import { loader } from "../../app/routes/cs.responses.$id";
import { recordFollowUpConsent, recordNpsResponse } from "../../app/services/record-nps-response.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";
import { createCampaign, createInvitation } from "../factories/nps";

type Detail = Awaited<ReturnType<typeof loader>>;

async function load(id: string, role: "viewer" | "csm" | "admin" = "viewer"): Promise<Detail | Response> {
  const cookie = await staffCookie(createStaff(role).id);
  try {
    return await loader({ request: getRequest(`/cs/responses/${id}`, cookie), params: { id }, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

let ip = 0;
function answer(token: string, score: number, comment?: string, when = Date.now()) {
  const result = recordNpsResponse(token, String(score), comment, `192.0.2.${++ip % 250}`, when);
  if (result.kind !== "recorded") throw new Error(result.kind);
  return result.responseId;
}

const rowCount = (table: SQLiteTable) => db.select({ n: count() }).from(table).get()!.n;
const everything = () => [responses, responseChanges, responseTags, tags, promoterActions, cases, caseEvents, outbox, jobs, auditLog].map(rowCount);

const DAY = 86_400_000;

function scenario() {
  const csm = createStaff("csm", { name: "Yuki Tanaka" });
  const account = createAccount({
    name: "Sakura Logistics",
    segment: "high",
    acvAmount: 3_600_000,
    acvCurrency: "JPY",
    renewalDate: "2027-03-31",
    csmUserId: csm.id,
  });
  const hanako = createContact({ accountId: account.id, name: "Hanako Sato", locale: "ja" });
  const taro = createContact({ accountId: account.id, name: "Taro Suzuki", email: `taro${++ip}@sakura.example` });
  const silent = createContact({ accountId: account.id, name: "Ken Mori" });
  const spring = createCampaign({ name: "Spring wave" });
  const autumn = createCampaign({ name: "Autumn wave" });
  const t0 = Date.now() - 200 * DAY;
  const earlier = answer(createInvitation({ contactId: hanako.id, campaignId: spring.id }).token, 9, "Great onboarding", t0);
  const { token } = createInvitation({ contactId: hanako.id, campaignId: autumn.id });
  answer(token, 7, "OK", t0 + 100 * DAY);
  // She changed her answer an hour later: the page shows the change and its earlier version.
  const current = answer(token, 3, "Exports keep timing out", t0 + 100 * DAY + 3_600_000);
  answer(createInvitation({ contactId: taro.id, campaignId: autumn.id }).token, 10, "Love it", t0 + 101 * DAY);
  const followUp = db
    .insert(cases)
    .values({
      responseId: current,
      accountId: account.id,
      contactId: hanako.id,
      ownerUserId: csm.id,
      status: "contacted",
      dueAt: t0 + 102 * DAY,
      createdAt: t0,
      updatedAt: t0,
    })
    .returning()
    .get();
  return { csm, account, hanako, taro, silent, earlier, current, followUp, t0 };
}

beforeEach(() => {
  for (const table of [caseEvents, cases, promoterActions, responseTags, tags, responses]) db.delete(table).run();
});

describe("the response page", () => {
  it("shows the answer, its change, the respondent's history, the account's context and the case", async () => {
    const s = scenario();
    const page = (await load(String(s.current))) as Detail;
    const { detail } = page;
    expect(page.canWrite).toBe(false);
    expect(detail.response).toMatchObject({
      id: s.current,
      score: 3,
      category: "detractor",
      comment: "Exports keep timing out",
      campaignName: "Autumn wave",
      contactName: "Hanako Sato",
      contactLocale: "ja",
      accountId: s.account.id,
      accountName: "Sakura Logistics",
      acvAmount: 3_600_000,
      acvCurrency: "JPY",
      segment: "high",
      renewalDate: "2027-03-31",
      csmName: "Yuki Tanaka",
      createdAt: s.t0 + 100 * DAY,
      updatedAt: s.t0 + 100 * DAY + 3_600_000,
    });
    expect(detail.changes).toEqual([{ score: 7, comment: "OK", changedAt: s.t0 + 100 * DAY + 3_600_000 }]);
    expect(detail.history.map((row) => [row.id, row.score, row.campaignName])).toEqual([
      [s.current, 3, "Autumn wave"],
      [s.earlier, 9, "Spring wave"],
    ]);
    expect(detail.otherContacts).toEqual([
      expect.objectContaining({ name: "Taro Suzuki", email: s.taro.email, score: 10, category: "promoter" }),
      expect.objectContaining({ name: "Ken Mori", score: null, responseId: null }),
    ]);
    expect(detail.followUpCase).toMatchObject({ id: s.followUp.id, status: "contacted", ownerName: "Yuki Tanaka", dueAt: s.t0 + 102 * DAY });
    expect(detail.promoter).toBeNull();
    expect(detail.tags).toEqual([]);
  });

  it("shows a promoter's actions and what they said on the thank-you page", async () => {
    const { token } = createInvitation({ locale: "en" });
    const id = answer(token, 10, "Best tool we bought");
    recordFollowUpConsent(token, "reference", true, "192.0.2.200");
    const page = (await load(String(id), "csm")) as Detail;
    expect(page.canWrite).toBe(true);
    expect(page.detail.promoter?.consents).toEqual({ reference: true, contact: null });
    expect(page.detail.promoter?.actions).toEqual([
      { kind: "reference", done: null, block: null },
      { kind: "community", done: null, block: null },
      // No review site is set: the button says why, as a code the page words in the reader's language.
      { kind: "review", done: null, block: { code: "promoterReviewUrlMissing", params: {} } },
    ]);
    expect(page.detail.followUpCase).toBeNull();
  });

  it("answers 400 for an id that is not a number and 404 for one that does not exist", async () => {
    for (const bad of ["abc", "0", "-1", "1.5", "1e3", "99999999999999999999"]) {
      const result = await load(bad);
      expect(result instanceof Response && result.status, bad).toBe(400);
    }
    const missing = (await load("999999")) as Response;
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("There is no response 999999");
  });

  it("changes nothing on GET", async () => {
    const s = scenario();
    const before = everything();
    await load(String(s.current), "admin");
    await load(String(s.earlier), "csm");
    expect(everything()).toEqual(before);
  });
});
