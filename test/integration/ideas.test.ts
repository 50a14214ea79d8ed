import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, communityMembers, ideas } from "../../db/schema";
import { DEFAULT_COMMUNITY_RULES } from "../../app/domain/posting-rules";
import { ensureContactMember } from "../../app/models/community-member.server";
import { listBoard } from "../../app/models/idea.server";
import { putSetting } from "../../app/models/settings.server";
import { askingDrift, rebuildIdeaAsking } from "../../app/services/idea-asking.server";
import { changeIdeaStatus, mergeIdeas, triageIdea } from "../../app/services/idea-triage.server";
import { logIdeaRequest, fileIdeaRequestFromApi } from "../../app/services/idea-requests.server";
import { voteForIdea, withdrawVote } from "../../app/services/idea-votes.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { putExchangeRates } from "../../app/services/currency-settings.server";
import { requireCommunityReader, type CommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { contactCookie, createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";

/*
 * Ideas: votes, requests on behalf of accounts, merges and account changes keep each idea's
 * revenue asking (distinct accounts, ARR in the reporting currency, segments) equal to what a
 * rebuild from scratch computes; refusals write nothing.
 */

type Member = CommunityReader & { memberId: number; accountId: number };

async function member(accountId: number, locale: "en" | "ja" = "en"): Promise<Member> {
  const contact = createContact({ accountId, locale });
  const row = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, row.id)).run();
  const cookie = await contactCookie(contact.id);
  return { ...(await requireCommunityReader(getRequest("/community", cookie))), memberId: row.id, accountId };
}

async function staffReader(role: "csm" | "viewer" | "admin" = "csm") {
  const user = createStaff(role);
  return { user, reader: await requireCommunityReader(getRequest("/community", await staffCookie(user.id))) };
}

const figures = (id: number) => {
  const row = db.select().from(ideas).where(eq(ideas.topicId, id)).get()!;
  return { votes: row.voteCount, accounts: row.accountCount, arr: row.arrMinor, high: row.highCount, low: row.lowCount, tech: row.techCount };
};
const counts = () =>
  db.get<{ votes: number; requests: number; changes: number }>(sql`SELECT (SELECT count(*) FROM idea_votes) AS votes,
  (SELECT count(*) FROM idea_requests) AS requests, (SELECT count(*) FROM idea_status_changes) AS changes`);

beforeEach(() => putSetting("communityRules", { ...DEFAULT_COMMUNITY_RULES, topicsPerHour: { new: 1000, basic: 1000, member: 1000, regular: 1000 } } as never));

let admin: ReturnType<typeof createStaff>;
beforeEach(() => {
  admin = createStaff("admin");
  // Reporting in JPY: 1 USD = 150 JPY, 1 EUR = 160 JPY (USD and EUR have cents, JPY none).
  putExchangeRates(admin, [
    { currency: "USD", effectiveDate: "2020-01-01", rate: "150" },
    { currency: "EUR", effectiveDate: "2020-01-01", rate: "160" },
  ]);
});

describe("the ideas category", () => {
  it("exists in a fresh database as kind ideas, and a topic posted there is an idea with its problem and its author's account", async () => {
    const kind = db.get<{ kind: string }>(sql`SELECT kind FROM community_categories WHERE slug = 'ideas'`);
    expect(kind?.kind).toBe("ideas");
    const acme = createAccount({ acvAmount: 1_000_000, acvCurrency: "USD", segment: "high" });
    const author = await member(acme.id);
    const { topicId } = startTopic(author, {
      category: "ideas",
      title: "Export responses by week",
      body: "A weekly export.",
      problem: "We rebuild it by hand.",
    });
    const idea = db.select().from(ideas).where(eq(ideas.topicId, topicId)).get()!;
    expect(idea).toMatchObject({ status: "new", problem: "We rebuild it by hand.", authorAccountId: acme.id, listed: true });
    // $10,000.00 at 150 JPY per dollar.
    expect(figures(topicId)).toEqual({ votes: 0, accounts: 1, arr: 1_500_000, high: 1, low: 0, tech: 0 });
  });
});

describe("votes and requests", () => {
  it("counts each account once, sums ACVs of mixed currencies in the reporting currency, and a withdrawal takes the account back out", async () => {
    const usd = createAccount({ acvAmount: 1_000_000, acvCurrency: "USD", segment: "high" }); // $10,000 → ¥1,500,000
    const eur = createAccount({ acvAmount: 500_000, acvCurrency: "EUR", segment: "low" }); // €5,000 → ¥800,000
    const jpy = createAccount({ acvAmount: 300_000, acvCurrency: "JPY", segment: "tech" }); // ¥300,000
    const author = await member(jpy.id);
    const { topicId } = startTopic(author, { category: "ideas", title: "Slack alerts for detractors", body: "Please." });
    const a1 = await member(usd.id);
    const a2 = await member(usd.id);
    const b = await member(eur.id);
    voteForIdea(a1, topicId);
    voteForIdea(a2, topicId);
    expect(voteForIdea(a2, topicId)).toEqual({ voted: false });
    voteForIdea(b, topicId);
    expect(figures(topicId)).toEqual({ votes: 3, accounts: 3, arr: 1_500_000 + 800_000 + 300_000, high: 1, low: 1, tech: 1 });
    withdrawVote(a1, topicId);
    expect(figures(topicId)).toMatchObject({ votes: 2, accounts: 3 });
    withdrawVote(a2, topicId);
    expect(figures(topicId)).toEqual({ votes: 1, accounts: 2, arr: 800_000 + 300_000, high: 0, low: 1, tech: 1 });
    // A request for the USD account brings it back; a second request does not count it twice.
    const csm = createStaff("csm");
    logIdeaRequest(csm, topicId, { account: usd.externalId, quote: "We need it before renewal", importance: "critical" });
    logIdeaRequest(csm, topicId, { account: usd.name, importance: "nice" });
    expect(figures(topicId)).toEqual({ votes: 1, accounts: 3, arr: 2_600_000, high: 1, low: 1, tech: 1 });
    expect(askingDrift()).toEqual([]);
  });

  it("refuses staff and viewers a vote, and votes on a closed idea, writing nothing", async () => {
    const author = await member(createAccount().id);
    const { topicId } = startTopic(author, { category: "ideas", title: "Dark mode for the portal", body: "Please." });
    for (const role of ["viewer", "csm"] as const) {
      const { reader } = await staffReader(role);
      expect(() => voteForIdea(reader, topicId)).toThrow(expect.objectContaining({ status: 403, code: "ideaVoteCustomers" }));
    }
    changeIdeaStatus(admin, topicId, { status: "declined", note: "Not for now." });
    const voter = await member(createAccount().id);
    const before = counts();
    expect(() => voteForIdea(voter, topicId)).toThrow(expect.objectContaining({ status: 409, code: "ideaVoteClosed" }));
    expect(counts()).toEqual(before);
  });

  it("refuses an unknown account or a contact of another account (422), and bad input (400), writing nothing", async () => {
    const author = await member(createAccount().id);
    const { topicId } = startTopic(author, { category: "ideas", title: "Custom fields on contacts", body: "Please." });
    const csm = createStaff("csm");
    const other = createContact({});
    const account = createAccount();
    const before = counts();
    expect(() => logIdeaRequest(csm, topicId, { account: "nobody-123" })).toThrow(expect.objectContaining({ status: 422, code: "ideaUnknownAccount" }));
    expect(() => logIdeaRequest(csm, topicId, { account: account.externalId, contactEmail: other.email })).toThrow(
      expect.objectContaining({ status: 422, code: "ideaUnknownContact" }),
    );
    expect(() => logIdeaRequest(csm, topicId, { account: account.externalId, importance: "urgent" })).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => fileIdeaRequestFromApi(1, topicId, { accountExternalId: "nobody" })).toThrow(expect.objectContaining({ status: 422 }));
    const viewer = createStaff("viewer");
    expect(() => logIdeaRequest(viewer, topicId, { account: account.externalId })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => changeIdeaStatus(viewer, topicId, { status: "planned", note: "x" })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => changeIdeaStatus(csm, topicId, { status: "planned", note: "" })).toThrow(expect.objectContaining({ status: 400, code: "ideaStatusNote" }));
    expect(() => triageIdea(csm, topicId, { offer: "paid_addon", trackerUrl: "http://jira.example/X-1", areas: "", ownerUserId: "" })).toThrow(
      expect.objectContaining({ status: 400, code: "ideaTrackerUrl" }),
    );
    expect(counts()).toEqual(before);
  });
});

describe("account changes", () => {
  it("an ACV change, a rate change and a segment change move every idea the account asks for", async () => {
    const usd = createAccount({ acvAmount: 1_000_000, acvCurrency: "USD", segment: "low" });
    const voter = await member(usd.id);
    const one = startTopic(await member(createAccount({ acvAmount: 0, acvCurrency: "JPY" }).id), {
      category: "ideas",
      title: "Idea one here",
      body: "x",
    }).topicId;
    const two = startTopic(await member(createAccount({ acvAmount: 0, acvCurrency: "JPY" }).id), {
      category: "ideas",
      title: "Idea two here",
      body: "x",
    }).topicId;
    voteForIdea(voter, one);
    voteForIdea(voter, two);
    expect(figures(one).arr).toBe(1_500_000);
    db.update(accounts).set({ acvAmount: 2_000_000 }).where(eq(accounts.id, usd.id)).run();
    expect([figures(one).arr, figures(two).arr]).toEqual([3_000_000, 3_000_000]);
    putExchangeRates(admin, [{ currency: "USD", effectiveDate: "2021-01-01", rate: "100" }]);
    expect([figures(one).arr, figures(two).arr]).toEqual([2_000_000, 2_000_000]);
    db.update(accounts).set({ segment: "high" }).where(eq(accounts.id, usd.id)).run();
    expect(figures(two)).toMatchObject({ high: 1, low: 1 });
    expect(askingDrift()).toEqual([]);
  });
});

describe("the ranking by ARR asking", () => {
  it("orders ideas by their accounts' ACVs in the reporting currency, not by raw amounts or votes; a merge and a rate change re-rank", async () => {
    // This test's own rates, newer than any other test's: 1 USD = 150 JPY, 1 EUR = 160 JPY.
    putExchangeRates(admin, [
      { currency: "USD", effectiveDate: "2026-01-01", rate: "150" },
      { currency: "EUR", effectiveDate: "2026-01-01", rate: "160" },
    ]);
    const usd = createAccount({ acvAmount: 1_000_000, acvCurrency: "USD", segment: "high" }); // $10,000.00 → ¥1,500,000 (raw 1,000,000)
    const eur = createAccount({ acvAmount: 800_000, acvCurrency: "EUR", segment: "low" }); // €8,000.00 → ¥1,280,000 (raw 800,000)
    const yen = Array.from({ length: 4 }, () => createAccount({ acvAmount: 300_000, acvCurrency: "JPY", segment: "tech" })); // 4 × ¥300,000
    const [enterprise, european, ...small] = [await member(usd.id), await member(eur.id), ...(await Promise.all(yen.map((a) => member(a.id))))];
    const [big, euro, popular] = [
      startTopic(enterprise, { category: "ideas", title: "Ranked idea from a dollar account", body: "x" }).topicId,
      startTopic(european, { category: "ideas", title: "Ranked idea from a euro account", body: "x" }).topicId,
      startTopic(small[0], { category: "ideas", title: "Ranked idea many yen accounts vote for", body: "x" }).topicId,
    ];
    for (const who of small) voteForIdea(who, popular);
    const order = (sort: "arr" | "votes") =>
      listBoard({ sort, limit: 100 })
        .filter((row) => [big, euro, popular].includes(row.id))
        .map((row) => [row.id, row.arrMinor]);
    // ¥1,500,000 > ¥1,280,000 > ¥1,200,000; raw amounts would put the yen idea first (1,200,000 > 1,000,000 > 800,000), and so do votes.
    expect(order("arr")).toEqual([
      [big, 1_500_000],
      [euro, 1_280_000],
      [popular, 1_200_000],
    ]);
    expect(order("votes")[0][0]).toBe(popular);
    // The euro idea is a duplicate of the popular one: its account joins it, and it leaves the board.
    mergeIdeas(admin, { ideaId: euro, intoIdeaId: popular });
    expect(order("arr")).toEqual([
      [popular, 2_480_000],
      [big, 1_500_000],
    ]);
    // The dollar doubles: the dollar account's idea passes it again.
    putExchangeRates(admin, [{ currency: "USD", effectiveDate: "2026-02-01", rate: "300" }]);
    expect(order("arr")).toEqual([
      [big, 3_000_000],
      [popular, 2_480_000],
    ]);
    expect(askingDrift()).toEqual([]);
  });
});

describe("the trending order", () => {
  it("ranks by votes of the last 14 days, then all votes, pages by offset and keeps the board's filters", async () => {
    const account = createAccount();
    const people: Member[] = [];
    for (let i = 0; i < 4; i++) people.push(await member(account.id));
    const [old, fresh, quiet] = ["Old favourite", "Fresh idea", "Quiet idea"].map(
      (title) => startTopic(people[0], { category: "ideas", title: `${title} for trending`, body: "x" }).topicId,
    );
    for (const who of people) voteForIdea(who, old);
    voteForIdea(people[1], fresh);
    voteForIdea(people[2], fresh);
    const now = Date.now();
    // The old favourite's four votes are a month old; the fresh idea's two are from yesterday.
    db.run(sql`UPDATE idea_votes SET created_at = ${now - 30 * 86_400_000} WHERE idea_id = ${old}`);
    db.run(sql`UPDATE idea_votes SET created_at = ${now - 86_400_000} WHERE idea_id = ${fresh}`);
    const mine = (rows: { id: number }[]) => rows.map((row) => row.id).filter((id) => [old, fresh, quiet].includes(id));
    const all = listBoard({ sort: "trending", limit: 100, now });
    expect(mine(all)).toEqual([fresh, old, quiet]);
    expect(all.find((row) => row.id === fresh)).toMatchObject({ recentVotes: 2, votes: 2, title: "Fresh idea for trending" });
    // Offset pages continue where the last one stopped.
    const pages = [0, 1, 2].map((offset) => listBoard({ sort: "trending", limit: 1, after: { key: 0, id: offset }, now }));
    expect(pages.flat().map((row) => row.id)).toEqual(all.slice(0, 3).map((row) => row.id));
    // A status filter applies before the order.
    changeIdeaStatus(admin, fresh, { status: "planned", note: "Soon." });
    expect(mine(listBoard({ sort: "trending", statuses: ["new"], limit: 100, now }))).toEqual([old, quiet]);
  });
});

describe("merging duplicates", () => {
  it("moves votes and requests, counts a member who voted both once, makes the source a duplicate that forwards", async () => {
    const a = createAccount({ acvAmount: 100_000, acvCurrency: "JPY", segment: "tech" });
    const b = createAccount({ acvAmount: 200_000, acvCurrency: "JPY", segment: "low" });
    const c = createAccount({ acvAmount: 400_000, acvCurrency: "JPY", segment: "high" });
    const targetAuthor = await member(a.id);
    const sourceAuthor = await member(b.id);
    const both = await member(c.id);
    const target = startTopic(targetAuthor, { category: "ideas", title: "Weekly export of responses", body: "x" }).topicId;
    const source = startTopic(sourceAuthor, { category: "ideas", title: "Export every week", body: "x" }).topicId;
    voteForIdea(both, target);
    voteForIdea(both, source);
    voteForIdea(targetAuthor, source);
    logIdeaRequest(admin, source, { account: c.externalId });
    mergeIdeas(admin, { ideaId: source, intoIdeaId: target });
    // Target: voters `both` and the source's author (the target's author's vote on the source stays theirs as author): a, b, c.
    expect(figures(target)).toEqual({ votes: 2, accounts: 3, arr: 700_000, high: 1, low: 1, tech: 1 });
    expect(figures(source)).toEqual({ votes: 0, accounts: 0, arr: 0, high: 0, low: 0, tech: 0 });
    const merged = db.select().from(ideas).where(eq(ideas.topicId, source)).get()!;
    expect(merged).toMatchObject({ status: "duplicate", listed: false });
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM idea_requests WHERE idea_id = ${target}`)?.n).toBe(1);
    expect(askingDrift()).toEqual([]);
  });
});

/** Every idea's reasons by account, as stored. */
const reasons = () =>
  db.all<{ ideaId: number; accountId: number; author: number; votes: number; requests: number }>(
    sql`SELECT idea_id AS ideaId, account_id AS accountId, author, votes, requests FROM idea_accounts ORDER BY idea_id, account_id`,
  );

/** Writes to idea_accounts that the ideas' figures do not follow (drift made by hand). */
function pausedAccountTriggers(write: () => void) {
  db.run(sql`INSERT INTO idea_rebuilding (id) VALUES (1)`);
  try {
    write();
  } finally {
    db.run(sql`DELETE FROM idea_rebuilding`);
  }
}

describe("the full rebuild", () => {
  it("after a random mix of operations the incremental figures equal a rebuild, and a rebuild repairs drift", async () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const pool = Array.from({ length: 6 }, (_, i) =>
      createAccount({ acvAmount: 100_000 * (i + 1), acvCurrency: ["JPY", "USD", "EUR"][i % 3], segment: (["high", "low", "tech"] as const)[i % 3] }),
    );
    const members: Member[] = [];
    for (let i = 0; i < 10; i++) members.push(await member(pool[i % pool.length].id));
    const ideaIds: number[] = [];
    for (let i = 0; i < 5; i++) ideaIds.push(startTopic(members[i], { category: "ideas", title: `Random idea number ${i}`, body: "x" }).topicId);
    for (let step = 0; step < 120; step++) {
      const live = ideaIds.filter((id) => db.select().from(ideas).where(eq(ideas.topicId, id)).get()!.listed);
      const idea = live[random(live.length)];
      const who = members[random(members.length)];
      const account = pool[random(pool.length)];
      try {
        switch (random(7)) {
          case 0:
          case 1:
            voteForIdea(who, idea);
            break;
          case 2:
            withdrawVote(who, idea);
            break;
          case 3:
            logIdeaRequest(admin, idea, { account: account.externalId });
            break;
          case 4:
            db.update(accounts)
              .set({ acvAmount: 50_000 * (1 + random(20)) })
              .where(eq(accounts.id, account.id))
              .run();
            break;
          case 5:
            db.update(accounts)
              .set({ segment: (["high", "low", "tech"] as const)[random(3)] })
              .where(eq(accounts.id, account.id))
              .run();
            break;
          case 6:
            if (live.length > 2 && random(4) === 0) {
              const into = live.find((id) => id !== idea)!;
              mergeIdeas(admin, { ideaId: idea, intoIdeaId: into });
            } else
              putExchangeRates(admin, [
                { currency: ["USD", "EUR"][random(2)], effectiveDate: `2022-01-${String(1 + random(28)).padStart(2, "0")}`, rate: String(100 + random(100)) },
              ]);
            break;
        }
      } catch (error) {
        // Closed ideas refuse votes; that is a refusal, not drift.
        if (!(error instanceof Error && "status" in error)) throw error;
      }
    }
    expect(askingDrift()).toEqual([]);
    // The trending order's votes by day followed every vote, withdrawal and merge too.
    const days = (query: ReturnType<typeof sql>) => db.all<{ day: number; ideaId: number; votes: number }>(query);
    expect(days(sql`SELECT day, idea_id AS ideaId, votes FROM idea_vote_days ORDER BY day, idea_id`)).toEqual(
      days(sql`SELECT created_at / 86400000 AS day, idea_id AS ideaId, count(*) AS votes FROM idea_votes GROUP BY 1, 2 ORDER BY 1, 2`),
    );
    const before = db.select().from(ideas).all();
    const reasonsBefore = reasons();
    expect(reasonsBefore.length).toBeGreaterThan(5);
    const rebuilt = rebuildIdeaAsking();
    // Right figures: the rebuild reads everything and writes nothing.
    expect(rebuilt).toMatchObject({ ideas: 0, accountRows: reasonsBefore.length, accountRowsWritten: 0 });
    expect(db.select().from(ideas).all()).toEqual(before);
    expect(reasons()).toEqual(reasonsBefore);
    // Drift (a figure written by hand) is found and repaired.
    db.run(sql`UPDATE ideas SET arr_minor = arr_minor + 1, vote_count = 99 WHERE topic_id = ${ideaIds[0]}`);
    expect(askingDrift()).toHaveLength(1);
    expect(rebuildIdeaAsking().ideas).toBe(1);
    expect(askingDrift()).toEqual([]);
    // Drifted reasons (a count off, a stray account, a missing one), written with the account triggers paused, are repaired row by row.
    const [first, second] = reasonsBefore;
    pausedAccountTriggers(() => {
      db.run(sql`UPDATE idea_accounts SET votes = votes + 5 WHERE idea_id = ${first.ideaId} AND account_id = ${first.accountId}`);
      db.run(sql`DELETE FROM idea_accounts WHERE idea_id = ${second.ideaId} AND account_id = ${second.accountId}`);
      db.run(sql`INSERT INTO idea_accounts (idea_id, account_id, votes) VALUES (${ideaIds[0]}, ${createAccount().id}, 1)`);
    });
    expect(rebuildIdeaAsking()).toMatchObject({ accountRowsWritten: 3 });
    expect(reasons()).toEqual(reasonsBefore);
    // From nothing (every reason and figure emptied), the rebuild writes them all back as they were.
    pausedAccountTriggers(() => db.run(sql`DELETE FROM idea_accounts`));
    db.run(sql`UPDATE ideas SET vote_count = 0, account_count = 0, arr_minor = 0, high_count = 0, low_count = 0, tech_count = 0`);
    expect(rebuildIdeaAsking()).toMatchObject({ accountRowsWritten: reasonsBefore.length });
    expect(db.select().from(ideas).all()).toEqual(before);
    expect(reasons()).toEqual(reasonsBefore);
    expect(askingDrift()).toEqual([]);
  });
});
