import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, communityPosts, contacts, type communityMembers } from "../../db/schema";
import { lastWeeks, WEEK_MS } from "../../app/domain/community-console";
import { listCommunityMembers } from "../../app/models/community-member-list.server";
import { communityWeeklyStats } from "../../app/models/community-stats.server";
import { listUnansweredQuestions } from "../../app/models/community-unanswered.server";
import { putSetting } from "../../app/models/settings.server";
import { loader as unansweredLoader } from "../../app/routes/cs.community.unanswered";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, getRequest, setReportingRates, staffCookie } from "../factories";
import { acceptAnswer, clearCommunity, createMember, createReply, createTopic, like } from "../factories/community-participation";

const HOUR = 3_600_000;
const NOW = Date.parse("2026-12-07T12:00:00Z");
const ago = (hours: number) => new Date(NOW - hours * HOUR);

function customer(account: Partial<typeof accounts.$inferInsert> = {}, member: Partial<typeof communityMembers.$inferInsert> = {}) {
  const acct = createAccount(account);
  return { account: acct, member: createMember({ contactId: createContact({ accountId: acct.id }).id }, member) };
}

beforeEach(() => {
  clearCommunity();
  db.delete(contacts).run();
  db.delete(accounts).run();
});

describe("unanswered questions", () => {
  it("lists Q&A questions nobody but the asker answered for longer than the wait, and nothing else", () => {
    const asker = customer().member;
    const helper = customer().member;
    const waiting = createTopic(asker.id, { createdAt: ago(30), title: "Waiting" });
    createReply(waiting.id, asker.id, ago(29)); // the asker's own bump is not an answer
    const answered = createTopic(asker.id, { createdAt: ago(30) });
    createReply(answered.id, helper.id, ago(20));
    createTopic(asker.id, { createdAt: ago(10) }); // too young
    createTopic(asker.id, { createdAt: ago(30), category: "tips" }); // not a question
    createTopic(asker.id, { createdAt: ago(30), hiddenAt: ago(1) });
    createTopic(asker.id, { createdAt: ago(30), deletedAt: ago(1) });
    // An answer that was later hidden leaves the question waiting again.
    const hiddenAnswer = createTopic(asker.id, { createdAt: ago(40), title: "Answer hidden" });
    const reply = createReply(hiddenAnswer.id, helper.id, ago(39));
    db.update(communityPosts)
      .set({ hiddenAt: ago(2) })
      .where(eq(communityPosts.id, reply.id))
      .run();

    const { rows, total } = listUnansweredQuestions({ olderThanHours: 24, now: NOW, limit: 50 });
    expect(rows.map((row) => row.title).sort()).toEqual(["Answer hidden", "Waiting"]);
    expect(total).toBe(2);
    expect(listUnansweredQuestions({ olderThanHours: 35, now: NOW, limit: 50 }).rows.map((row) => row.title)).toEqual(["Answer hidden"]);
    expect(listUnansweredQuestions({ olderThanHours: 8, now: NOW, limit: 50 }).total).toBe(3);
  });

  it("puts the largest account first by ACV in the reporting currency, whatever the account's currency; no rate and staff last", () => {
    setReportingRates({ USD: "150", EUR: "160" }, "JPY");
    const csm = createStaff("csm", { name: "Sato Ken" });
    const yen = customer({ name: "Yen Co", acvAmount: 9_000_000, acvCurrency: "JPY", segment: "low", csmUserId: csm.id }); // ¥9.0M
    const dollars = customer({ name: "Dollar Inc", acvAmount: 8_000_000, acvCurrency: "USD", segment: "high" }); // $80,000 = ¥12M
    const euros = customer({ name: "Euro GmbH", acvAmount: 5_000_000, acvCurrency: "EUR", segment: "low" }); // €50,000 = ¥8M
    const noRate = customer({ name: "Pound Ltd", acvAmount: 99_000_000, acvCurrency: "GBP", segment: "high" });
    const staff = createMember({ userId: createStaff("admin").id });
    for (const who of [noRate.member, staff, euros.member, yen.member, dollars.member]) createTopic(who.id, { createdAt: ago(48) });

    const rows = listUnansweredQuestions({ olderThanHours: 24, now: NOW, limit: 50 }).rows;
    expect(rows.map((row) => row.accountName)).toEqual(["Dollar Inc", "Yen Co", "Euro GmbH", "Pound Ltd", null]);
    expect(rows[1]).toMatchObject({ segment: "low", csmName: "Sato Ken", acvReportingMinor: 9_000_000 });
  });

  it("takes its wait from the setting unless the page asks for another, and refuses a bad one", async () => {
    const asker = customer().member;
    createTopic(asker.id, { createdAt: new Date(Date.now() - 30 * HOUR) });
    const cookie = await staffCookie(createStaff("csm").id);
    const page = async (query: string) =>
      (await unansweredLoader({ request: getRequest(`/cs/community/unanswered${query}`, cookie), params: {}, context: {} })) as {
        hours: number;
        total: number;
      };
    expect(await page("")).toMatchObject({ hours: 24, total: 1 });
    putSetting("communityQueue", { unansweredAfterHours: 48 });
    expect(await page("")).toMatchObject({ hours: 48, total: 0 });
    expect(await page("?hours=12")).toMatchObject({ hours: 12, total: 1 });
    await expect(page("?hours=0")).rejects.toMatchObject({ status: 400 });
  });
});

describe("members list", () => {
  it("filters by account, segment (or the team), trust level and last visit, and counts what matches", () => {
    const high = customer({ name: "星野製作所", externalId: "crm-1", segment: "high" }, { trustLevel: "regular", lastSeenAt: ago(24) });
    const tech = customer({ name: "Tiny Tools", externalId: "crm-2", segment: "tech" }, { trustLevel: "new", lastSeenAt: ago(24 * 60) });
    const never = customer({ name: "Quiet KK", externalId: "crm-3", segment: "tech" }, { trustLevel: "new" });
    const staff = createMember({ userId: createStaff("csm").id }, { trustLevel: "regular", lastSeenAt: ago(1) });
    const list = (filters: Record<string, string>) =>
      listCommunityMembers({ sort: "name", dir: "asc", page: 1, pageSize: 50, now: NOW, ...filters })
        .rows.map((row) => row.id)
        .sort((a, b) => a - b);
    const ids = (...members: { id: number }[]) => members.map((m) => m.id).sort((a, b) => a - b);

    expect(list({})).toEqual(ids(high.member, tech.member, never.member, staff));
    expect(list({ account: "crm-1" })).toEqual(ids(high.member));
    expect(list({ account: "製作" })).toEqual(ids(high.member));
    expect(list({ account: "%" })).toEqual([]);
    expect(list({ segment: "tech" })).toEqual(ids(tech.member, never.member));
    expect(list({ segment: "staff" })).toEqual(ids(staff));
    expect(list({ trust: "regular" })).toEqual(ids(high.member, staff));
    expect(list({ seen: "within-7" })).toEqual(ids(high.member, staff));
    expect(list({ seen: "over-30" })).toEqual(ids(tech.member, never.member));
    expect(listCommunityMembers({ sort: "name", dir: "asc", page: 1, pageSize: 50, now: NOW, segment: "tech" }).total).toBe(2);
  });

  it("sorts by a count both ways, pages, and marks staff", () => {
    const made = Array.from({ length: 5 }, (_, i) => customer({}, { topicCount: i * 10, displayName: `M${i}` }).member);
    createMember({ userId: createStaff("admin").id }, { topicCount: 25, displayName: "Team" });
    const page1 = listCommunityMembers({ sort: "topics", dir: "desc", page: 1, pageSize: 4, now: NOW });
    expect(page1.total).toBe(6);
    expect(page1.rows.map((row) => row.displayName)).toEqual(["M4", "M3", "Team", "M2"]);
    expect(page1.rows[2].isStaff).toBe(1);
    expect(page1.rows[0].isStaff).toBe(0);
    const page2 = listCommunityMembers({ sort: "topics", dir: "desc", page: 2, pageSize: 4, now: NOW });
    expect(page2.rows.map((row) => row.displayName)).toEqual(["M1", "M0"]);
    expect(listCommunityMembers({ sort: "topics", dir: "asc", page: 1, pageSize: 1, now: NOW }).rows[0].id).toBe(made[0].id);
  });
});

describe("weekly statistics", () => {
  it("counts active members, new topics and the answer rate by week, with medians to the first and the accepted answer", () => {
    const weeks = lastWeeks(NOW, 3); // Nov 23, Nov 30, Dec 7 (Mondays)
    const [, last, current] = weeks;
    const a = customer().member;
    const b = customer().member;
    const c = customer().member;
    const at = (week: number, hours: number) => new Date(week + hours * HOUR);

    // Last week: three questions (answered after 2 h and 6 h, one not), one tip; b likes.
    const q1 = createTopic(a.id, { createdAt: at(last, 1) });
    const r1 = createReply(q1.id, b.id, at(last, 3));
    acceptAnswer(q1.id, r1, at(last, 11)); // accepted after 10 h
    const q2 = createTopic(a.id, { createdAt: at(last, 2) });
    createReply(q2.id, a.id, at(last, 3)); // the asker's own reply does not count
    createReply(q2.id, c.id, at(last, 8)); // first answer after 6 h
    createTopic(a.id, { createdAt: at(last, 5) });
    createTopic(c.id, { createdAt: at(last, 6), category: "tips" });
    like(r1, b.id, at(last, 20));
    // This week: one question answered after 3 h, one answer after 1 h, and a deleted topic that counts nowhere.
    const q4 = createTopic(b.id, { createdAt: at(current, 1) });
    createReply(q4.id, a.id, at(current, 4));
    const q5 = createTopic(b.id, { createdAt: at(current, 2) });
    createReply(q5.id, c.id, at(current, 3));
    createTopic(b.id, { createdAt: at(current, 2), deletedAt: at(current, 5) });

    const stats = communityWeeklyStats(weeks);
    expect(stats.map((w) => w.weekStart)).toEqual(weeks);
    expect(stats[0]).toEqual({
      weekStart: weeks[0],
      activeMembers: 0,
      newTopics: 0,
      questions: 0,
      answered: 0,
      medianFirstAnswerMs: null,
      medianAcceptedMs: null,
    });
    expect(stats[1]).toEqual({
      weekStart: last,
      activeMembers: 3,
      newTopics: 4,
      questions: 3,
      answered: 2,
      medianFirstAnswerMs: 4 * HOUR,
      medianAcceptedMs: 10 * HOUR,
    });
    expect(stats[2]).toMatchObject({ activeMembers: 3, newTopics: 2, questions: 2, answered: 2, medianFirstAnswerMs: 2 * HOUR, medianAcceptedMs: null });
    expect(current - last).toBe(WEEK_MS);
  });
});
