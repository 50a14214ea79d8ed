import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { invitationsDaily, npsDaily, responseRollup, responses } from "../../db/schema";
import { loader } from "../../app/routes/cs.responses._index";
import { encodeCursor } from "../../app/services/list-responses.server";
import { searchMatchQuery } from "../../app/domain/comment-search";
import { keyAfter, listResponsePage, stakeSearchByWalk, type ResponseListFilters, type ResponseListKey } from "../../app/models/response-list.server";
import { indexResponse } from "../../app/services/index-response.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, getRequest, setReportingRates, staffCookie } from "../factories";
import { createCampaign, createInvitation } from "../factories/nps";

type ResponseListPage = Awaited<ReturnType<typeof loader>>;

async function load(query = "", signedIn = true): Promise<ResponseListPage | Response> {
  const cookie = signedIn ? await staffCookie(createStaff("viewer").id) : undefined;
  try {
    return await loader({ request: getRequest(`/cs/responses${query}`, cookie), params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function page(query = ""): Promise<ResponseListPage> {
  const result = await load(query);
  if (result instanceof Response) throw new Error(`${result.status}: ${await result.text()}`);
  return result;
}

const at = (iso: string) => Date.parse(`${iso}T12:00:00Z`);
let ip = 0;

/** Records an answer for a contact (a new one unless given) at a moment, and indexes it as the pipeline would. */
function answer(score: number, options: { contactId?: number; accountId?: number; comment?: string; when?: number; campaignId?: number } = {}) {
  const contactId = options.contactId ?? createContact(options.accountId ? { accountId: options.accountId } : {}).id;
  const { token } = createInvitation({ contactId, campaignId: options.campaignId });
  const result = recordNpsResponse(token, String(score), options.comment, `203.0.113.${++ip % 250}`, options.when ?? Date.now());
  if (result.kind !== "recorded") throw new Error(result.kind);
  indexResponse(result.responseId);
  return result.responseId;
}

// The factories' accounts are in USD: give it a rate so their money at stake compares.
beforeAll(() => setReportingRates({ USD: "150", EUR: "160" }));

beforeEach(() => {
  for (const table of [npsDaily, invitationsDaily, responseRollup]) db.delete(table).run();
  db.delete(responses).run();
});

describe("the response lists", () => {
  it("ranks by money at stake: ACV high to low, then the nearest renewal, accounts without one last", async () => {
    const small = createAccount({ acvAmount: 100_000, renewalDate: "2027-01-01" });
    const bigLater = createAccount({ acvAmount: 9_000_000, renewalDate: "2027-06-01", segment: "high" });
    const bigSooner = createAccount({ acvAmount: 9_000_000, renewalDate: "2027-02-01", segment: "high" });
    const bigNoRenewal = createAccount({ acvAmount: 9_000_000, renewalDate: null, segment: "high" });
    const ids = {
      small: answer(2, { accountId: small.id }),
      bigNoRenewal: answer(3, { accountId: bigNoRenewal.id }),
      bigLater: answer(1, { accountId: bigLater.id }),
      bigSooner: answer(5, { accountId: bigSooner.id }),
    };
    const list = await page("?category=detractor");
    expect(list.rows.map((row) => row.id)).toEqual([ids.bigSooner, ids.bigLater, ids.bigNoRenewal, ids.small]);
    expect(list.query.sort).toBe("stake");
    expect(list.rows[0]).toMatchObject({
      accountId: bigSooner.id,
      acvAmount: 9_000_000,
      segment: "high",
      renewalDate: "2027-02-01",
      score: 5,
      category: "detractor",
    });
    expect(list.next).toBeNull();
  });

  it("shows each category in its own tab, with the count of every tab", async () => {
    for (const score of [0, 6]) answer(score);
    for (const score of [7, 8, 8]) answer(score);
    for (const score of [9, 10, 10, 10]) answer(score);
    for (const [category, scores] of [
      ["detractor", [0, 6]],
      ["passive", [7, 8, 8]],
      ["promoter", [9, 10, 10, 10]],
    ] as const) {
      const list = await page(`?category=${category}&sort=score`);
      expect(
        list.rows.map((row) => row.score),
        category,
      ).toEqual(scores);
      expect(list.rows.every((row) => row.category === category)).toBe(true);
    }
    const all = await page("?sort=newest");
    expect(all.rows).toHaveLength(9);
    expect(all.counts).toEqual({ detractor: 2, passive: 3, promoter: 4, all: 9 });
  });

  it("searches comments in English and Japanese, and counts the matches per tab", async () => {
    const slowJa = answer(3, { comment: "動作が遅いです" });
    const exports = answer(4, { comment: "Exports keep timing out." });
    answer(9, { comment: "Great onboarding, fast support." });
    answer(2, { comment: "Too expensive for what it does." });

    expect((await page(`?q=${encodeURIComponent("遅い")}`)).rows.map((row) => row.id)).toEqual([slowJa]);
    const english = await page("?q=export&category=detractor");
    expect(english.rows.map((row) => row.id)).toEqual([exports]);
    expect(english.counts).toMatchObject({ detractor: 1, passive: 0, promoter: 0, all: 1 });
    expect((await page("?q=onboarding&category=detractor")).rows).toEqual([]);
    expect((await page("?q=onboarding")).counts).toMatchObject({ promoter: 1, all: 1 });
    // Only punctuation: nothing to search for, so nothing matches.
    expect((await page(`?q=${encodeURIComponent("!!")}`)).rows).toEqual([]);
  });

  it("pages a search in every order like the whole sorted list, each row with its contact and previous score", async () => {
    const accounts = [
      createAccount({ acvAmount: 9_000_000, renewalDate: "2027-01-01", segment: "high" }),
      createAccount({ acvAmount: 5_000_000, renewalDate: "2027-03-01" }),
      createAccount({ acvAmount: 5_000_000, renewalDate: "2027-03-01", segment: "high" }),
      createAccount({ acvAmount: 100_000 }),
    ];
    const base = at("2026-05-01");
    for (let i = 0; i < 180; i++) {
      const contact = createContact({ accountId: accounts[i % 4].id, name: `Person ${i}` });
      // An earlier answer that does not match the search still gives the previous score.
      if (i % 5 === 0) answer(10, { contactId: contact.id, comment: "all good", when: base - 86_400_000 });
      answer(i % 11, { contactId: contact.id, comment: i % 3 === 0 ? "fine" : `slow exports ${i}`, when: base + Math.floor(i / 2) * 1000 });
    }
    const orders = {
      stake: "ifnull(a.acv_reporting_minor, -1) DESC, coalesce(a.renewal_date, '9999-12-31'), a.id, r.created_at DESC, r.id DESC",
      newest: "r.updated_at DESC, r.id DESC",
      score: "r.score, r.updated_at DESC, r.id DESC",
    };
    for (const [filter, accountWhere] of [
      ["", ""],
      ["&segment=high", "AND a.segment = 'high'"],
    ] as const) {
      for (const [sort, orderBy] of Object.entries(orders)) {
        const expected = db.all<{ id: number; name: string; previous: number | null }>(
          sql.raw(`SELECT r.id, c.name, (SELECT p.score FROM responses p WHERE p.contact_id = r.contact_id AND p.created_at < r.created_at) AS previous
            FROM responses r JOIN accounts a ON a.id = r.account_id JOIN contacts c ON c.id = r.contact_id
            WHERE r.comment LIKE 'slow%' ${accountWhere} ORDER BY ${orderBy}`),
        );
        expect(expected.length).toBeGreaterThan(50);
        const seen: { id: number; name: string; previous: number | null }[] = [];
        let after: string | null = null;
        do {
          const list: ResponseListPage = await page(`?q=slow&sort=${sort}${filter}${after ? `&after=${after}` : ""}`);
          seen.push(...list.rows.map((row) => ({ id: row.id, name: row.contactName!, previous: row.previousScore })));
          after = list.next;
        } while (after && seen.length < 500);
        expect(seen, `${sort}${filter}`).toEqual(expected);
      }
    }
  });

  it("finds a common word's page by walking the stake order, the same rows as sorting every match, falling back when the walk ends short", () => {
    const accounts = [
      createAccount({ acvAmount: 9_000_000, renewalDate: "2027-01-01", segment: "high" }),
      createAccount({ acvAmount: 5_000_000, renewalDate: "2027-03-01" }),
      createAccount({ acvAmount: 5_000_000, renewalDate: "2027-03-01", segment: "high" }),
      createAccount({ acvAmount: 3_000_000, renewalDate: null }),
      createAccount({ acvAmount: 100_000 }),
    ];
    const base = at("2026-05-01");
    for (let i = 0; i < 300; i++) {
      // "slow" everywhere; "crash" only in the smallest account, whose responses the walk reaches last.
      const account = accounts[i % 5];
      const comment = i % 4 === 0 ? "fine" : account === accounts[4] ? `slow crash ${i}` : `slow exports ${i}`;
      answer(i % 11, { accountId: account.id, comment, when: base + Math.floor(i / 3) * 60_000 });
    }
    const filters = (q: string, more: Partial<ResponseListFilters> = {}): ResponseListFilters => ({
      category: null,
      match: searchMatchQuery(q),
      segment: null,
      csmUserId: null,
      campaignId: null,
      fromMs: null,
      toMs: null,
      fromDay: null,
      toDay: null,
      ...more,
    });
    const matches = (f: ResponseListFilters) =>
      db.get<{ n: number }>(sql`SELECT count(*) AS n FROM responses r JOIN accounts a ON a.id = r.account_id
        WHERE r.id IN (SELECT rowid FROM responses_fts WHERE responses_fts MATCH ${f.match})
        ${f.category ? sql`AND r.category = ${f.category}` : sql``} ${f.segment ? sql`AND a.segment = ${f.segment}` : sql``}
        ${f.fromMs !== null ? sql`AND r.created_at >= ${f.fromMs}` : sql``}`)!.n;
    // Every page of each search, walked (with its real count as the hint) and sorted (no hint), agree.
    const cases = [
      filters("slow"),
      filters("slow", { category: "detractor" }),
      filters("slow", { segment: "high" }),
      filters("slow", { fromMs: base + 40 * 60_000 }),
      filters("crash"),
    ];
    let walked = 0;
    for (const f of cases) {
      const expected = matches(f);
      let after: Extract<ResponseListKey, { sort: "stake" }> | null = null;
      let pages = 0;
      for (;;) {
        const sorted = listResponsePage(f, "stake", after, 7);
        const hinted = listResponsePage(f, "stake", after, 7, db, expected);
        expect(hinted, JSON.stringify(f)).toEqual(sorted);
        if (stakeSearchByWalk(f, after, 7, db, expected)) walked++;
        pages++;
        if (sorted.length < 7) break;
        after = keyAfter(sorted.at(-1)!, "stake") as Extract<ResponseListKey, { sort: "stake" }>;
      }
      expect(pages).toBeGreaterThan(1);
    }
    expect(walked).toBeGreaterThan(20);
    // A hint far above the truth (counts are kept a minute) makes the walk too short for the word
    // bunched in the last account: it gives up, and the page is still the sorted one.
    expect(stakeSearchByWalk(filters("crash"), null, 7, db, 2_000)).toBeNull();
    expect(listResponsePage(filters("crash"), "stake", null, 7, db, 2_000)).toEqual(listResponsePage(filters("crash"), "stake", null, 7));
    expect(stakeSearchByWalk(filters("slow"), null, 7, db, matches(filters("slow")))?.map((row) => row.id)).toEqual(
      listResponsePage(filters("slow"), "stake", null, 7).map((row) => row.id),
    );
  });

  it("shows the contact's previous score and the change", async () => {
    const contact = createContact({ name: "Aiko Sato" });
    answer(9, { contactId: contact.id, when: at("2026-01-10") });
    answer(4, { contactId: contact.id, when: at("2026-04-10") });
    const latest = answer(6, { contactId: contact.id, when: at("2026-07-10") });
    const firstTimer = answer(5);
    const list = await page("?category=detractor&sort=newest");
    const byId = new Map(list.rows.map((row) => [row.id, row]));
    expect(byId.get(latest)).toMatchObject({ score: 6, previousScore: 4, contactName: "Aiko Sato", contactEmail: contact.email });
    expect(list.rows.find((row) => row.score === 4)).toMatchObject({ previousScore: 9 });
    expect(byId.get(firstTimer)?.previousScore).toBeNull();
  });

  it("pages by keyset without duplicates or gaps, through ties on ACV and renewal", async () => {
    const accounts = Array.from({ length: 4 }, () => createAccount({ acvAmount: 5_000_000, renewalDate: "2027-03-01" }));
    const expected = new Set<number>();
    const base = at("2026-05-01");
    for (let i = 0; i < 130; i++) {
      // Several responses share a second, so the id has to break ties.
      expected.add(answer(i % 7, { accountId: accounts[i % 4].id, when: base + Math.floor(i / 3) * 1000 }));
    }
    for (const sort of ["stake", "newest", "score"] as const) {
      const seen: number[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const list: ResponseListPage = await page(`?category=detractor&sort=${sort}${after ? `&after=${after}` : ""}`);
        expect(list.rows.length, sort).toBeLessThanOrEqual(50);
        seen.push(...list.rows.map((row) => row.id));
        after = list.next;
        pages++;
      } while (after && pages < 10);
      expect(pages, sort).toBe(3);
      expect(seen, sort).toHaveLength(130);
      expect(new Set(seen), sort).toEqual(expected);
      if (sort === "score") {
        const scoreOf = new Map(
          db
            .select({ id: responses.id, score: responses.score })
            .from(responses)
            .all()
            .map((row) => [row.id, row.score]),
        );
        const scores = seen.map((id) => scoreOf.get(id));
        expect(scores).toEqual([...scores].sort((a, b) => a! - b!));
      }
    }
  });

  it("narrows to the filters in the URL", async () => {
    const csm = createStaff("csm");
    const high = createAccount({ segment: "high", acvAmount: 8_000_000, csmUserId: csm.id });
    const campaign = createCampaign();
    const inHigh = answer(2, { accountId: high.id, when: at("2026-03-15") });
    const inCampaign = answer(3, { campaignId: campaign.id, when: at("2026-05-02") });
    const early = answer(4, { when: at("2026-01-01") });
    const ids = async (query: string) => (await page(query)).rows.map((row) => row.id).sort((a, b) => a - b);
    expect(await ids("?segment=high")).toEqual([inHigh]);
    expect(await ids(`?csm=${csm.id}`)).toEqual([inHigh]);
    expect(await ids(`?campaign=${campaign.id}`)).toEqual([inCampaign]);
    expect(await ids("?from=2026-03-15&to=2026-05-02")).toEqual([inHigh, inCampaign]);
    expect(await ids("?to=2026-01-01")).toEqual([early]);
    expect(await ids("?from=2026-05-03")).toEqual([]);
    const counted = await page(`?campaign=${campaign.id}`);
    expect(counted.counts).toMatchObject({ detractor: 1, all: 1 });
    // An empty field of a GET form means "all".
    expect(await ids("?segment=&csm=&q=")).toHaveLength(3);
  });

  it("answers 400 with a sentence naming the parameter it cannot read", async () => {
    answer(3);
    const second = await page("?category=detractor");
    const stakeCursor = encodeCursor({ sort: "stake", stake: 100, renewalKey: "2027-01-01", accountId: 1, createdAt: 1, id: 1 });
    const tampered = Buffer.from(JSON.stringify({ sort: "stake", k: ["DROP TABLE", 1, 1, 1, 1] })).toString("base64url");
    const cases: [string, RegExp][] = [
      ["?category=angry", /category/],
      ["?from=2026-02-30", /from/],
      ["?to=yesterday", /to/],
      ["?from=2026-05-01&to=2026-04-01", /from/],
      ["?segment=enterprise", /segment/],
      ["?csm=abc", /csm/],
      ["?campaign=-1", /campaign/],
      ["?sort=random", /sort/],
      [`?after=${tampered}`, /after/],
      ["?after=not-a-cursor!", /after/],
      [`?after=${stakeCursor.slice(0, -3)}`, /after/],
      [`?sort=newest&after=${stakeCursor}`, /after/],
      ["?colour=red", /colour/],
      [`?q=${"x".repeat(201)}`, /q parameter/],
    ];
    for (const [query, names] of cases) {
      const result = await load(query);
      expect(result, query).toBeInstanceOf(Response);
      expect((result as Response).status, query).toBe(400);
      const text = await (result as Response).text();
      expect(text, query).toMatch(names);
      expect(text, query).toMatch(/^The .+\.$/);
    }
    expect(second.rows).toHaveLength(1);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const result = await load("?category=detractor", false);
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).status).toBe(302);
    expect((result as Response).headers.get("Location")).toMatch(/^\/cs\/login/);
  });
});
