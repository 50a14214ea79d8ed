import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, communityCategories, communityTopics, contacts, rateLimits } from "../../db/schema";
import * as topicsRoute from "../../app/routes/api.v1.community.topics";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { createApiKey } from "../../app/services/create-api-key.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff } from "../factories";
import { acceptAnswer, clearCommunity, createMember, createReply, createTopic } from "../factories/community-participation";

type Topic = {
  id: number;
  title: string;
  category: string;
  url: string;
  authorEmail: string;
  accountExternalId: string | null;
  createdAt: string;
  lastPostedAt: string;
  replies: number;
  solved: boolean;
};

async function get(query: string, key?: string) {
  const request = new Request(`http://localhost/api/v1/community/topics${query}`, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  const response = await topicsRoute.loader({ request, params: {}, context: {} });
  return { status: response.status, body: await response.json() };
}

/** Follows nextCursor to the end, as an export job would. */
async function all(query: string, key: string): Promise<Topic[]> {
  const topics: Topic[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const separator = query ? "&" : "?";
    const { status, body } = await get(`${query}${cursor ? `${separator}cursor=${cursor}` : ""}`, key);
    expect(status).toBe(200);
    topics.push(...body.topics);
    cursor = body.nextCursor;
    if (!cursor) return topics;
  }
  throw new Error("the cursor never ended");
}

const T0 = Date.parse("2026-11-01T00:00:00Z");
let key: string;
let member: ReturnType<typeof createMember>;

beforeEach(() => {
  clearCommunity();
  db.delete(rateLimits).run();
  db.delete(contacts).run();
  db.delete(accounts).run();
  key = createApiKey({ name: "Warehouse", scopes: ["community:read"] }, CLI_ACTOR).key;
  const account = createAccount({ externalId: "crm-77" });
  member = createMember({ contactId: createContact({ accountId: account.id, email: "aiko@hoshino.example" }).id });
});

describe("GET /api/v1/community/topics", () => {
  it("gives each topic's fields, with an absolute URL and solved only for an accepted Q&A answer", async () => {
    const staff = createMember({ userId: createStaff("csm", { email: "team@kizuna.test" }).id });
    const question = createTopic(member.id, { createdAt: new Date(T0), title: "How do I export?", slug: "how-do-i-export" });
    const answer = createReply(question.id, staff.id, new Date(T0 + 60_000));
    acceptAnswer(question.id, answer, new Date(T0 + 120_000));
    const tip = createTopic(member.id, { category: "tips", createdAt: new Date(T0 + 1_000_000), title: "日本語のタイトル", slug: "" });
    // Accepted post ids outside Q&A never read as solved.
    db.update(communityTopics).set({ acceptedPostId: answer.id }).where(eq(communityTopics.id, tip.id)).run();
    const news = createTopic(staff.id, { category: "announcements", createdAt: new Date(T0 + 2_000_000), title: "Release" });

    const { status, body } = await get("", key);
    expect(status).toBe(200);
    expect(body).toEqual({
      topics: [
        {
          id: question.id,
          title: "How do I export?",
          category: "questions",
          url: `http://localhost:3000/community/t/${question.id}/how-do-i-export`,
          authorEmail: "aiko@hoshino.example",
          accountExternalId: "crm-77",
          createdAt: "2026-11-01T00:00:00.000Z",
          lastPostedAt: "2026-11-01T00:01:00.000Z",
          replies: 1,
          solved: true,
        },
        expect.objectContaining({ id: tip.id, category: "tips", url: `http://localhost:3000/community/t/${tip.id}`, solved: false }),
        expect.objectContaining({ id: news.id, authorEmail: "team@kizuna.test", accountExternalId: null, solved: false }),
      ],
      nextCursor: null,
    });
  });

  it("pages through topics sharing one lastPostedAt exactly once, in order, while new replies move topics to the end", async () => {
    const made = Array.from({ length: 23 }, (_, i) => createTopic(member.id, { createdAt: new Date(T0 + (i < 15 ? 0 : i) * 1000) }));
    const first = await get("?limit=10", key);
    expect(first.body.topics).toHaveLength(10);
    const rest = await all(`?limit=10`, key);
    expect(rest.map((topic) => topic.id)).toEqual(made.map((topic) => topic.id));
    // The 15 ties come back by id; the cursor is opaque to the caller.
    expect(first.body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    createReply(made[0].id, member.id, new Date(T0 + 100_000));
    const after = await all("?limit=7", key);
    expect(after.map((topic) => topic.id)).toEqual([...made.slice(1), made[0]].map((topic) => topic.id));
  });

  it("filters by since (on lastPostedAt) and by category slug", async () => {
    createTopic(member.id, { createdAt: new Date(T0 - 86_400_000) });
    const late = createTopic(member.id, { createdAt: new Date(T0 + 3_600_000) });
    const tip = createTopic(member.id, { category: "tips", createdAt: new Date(T0 + 7_200_000) });
    expect((await all("?since=2026-11-01", key)).map((t) => t.id)).toEqual([late.id, tip.id]);
    expect((await all("?since=2026-11-01T01:30:00Z", key)).map((t) => t.id)).toEqual([tip.id]);
    expect((await all("?category=tips", key)).map((t) => t.id)).toEqual([tip.id]);
    expect((await all("?since=2026-11-01&category=questions", key)).map((t) => t.id)).toEqual([late.id]);
  });

  it("leaves hidden, deleted and segment-restricted topics out", async () => {
    const shown = createTopic(member.id, { createdAt: new Date(T0) });
    createTopic(member.id, { createdAt: new Date(T0 + 1), hiddenAt: new Date(T0 + 5) });
    createTopic(member.id, { createdAt: new Date(T0 + 2), deletedAt: new Date(T0 + 5) });
    const restricted = db
      .insert(communityCategories)
      .values({ slug: "enterprise-lounge", kind: "discussion", nameEn: "Lounge", nameJa: "ラウンジ", segments: ["high"] })
      .returning()
      .get();
    createTopic(member.id, { category: restricted.slug, createdAt: new Date(T0 + 3) });
    expect((await all("", key)).map((t) => t.id)).toEqual([shown.id]);
    // A restricted category is not even named to the caller.
    expect(await get("?category=enterprise-lounge", key)).toMatchObject({ status: 400, body: { error: { code: "invalid_query" } } });
  });

  it("refuses bad parameters with a 400 naming the parameter, and writes nothing", async () => {
    for (const [query, message] of [
      ["?limit=101", "limit: at most 100"],
      ["?limit=0", "limit: at least 1"],
      ["?limit=ten", "limit: a whole number from 1 to 100"],
      ["?since=2026-02-30", "since: 2026-02-30 is not a real date"],
      ["?since=yesterday", "since: use an ISO date or time"],
      ["?cursor=bogus", "cursor: not a cursor from this API"],
      ["?category=No%20Such", "category: use a category slug"],
      ["?category=nonexistent", "category: no category has the slug nonexistent"],
      ["?page=2", "page: unknown parameter"],
    ]) {
      const { status, body } = await get(query, key);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("invalid_query");
      expect(body.error.message).toContain(message);
    }
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_topics`).n).toBe(0);
  });

  it("answers 401 without a key, 403 for a key without community:read, and 405 to a POST", async () => {
    expect((await get("")).status).toBe(401);
    const other = createApiKey({ name: "Responses", scopes: ["responses:read"] }, CLI_ACTOR).key;
    expect(await get("", other)).toMatchObject({ status: 403, body: { error: { code: "insufficient_scope" } } });
    const response = topicsRoute.action({ request: new Request("http://localhost/api/v1/community/topics", { method: "POST" }), params: {}, context: {} });
    expect(response.status).toBe(405);
  });
});
