import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { communityEmailPreferences, communityMembers } from "../../db/schema";
import "../../app/jobs.server";
import * as ideasApi from "../../app/routes/api.v1.ideas";
import * as requestsApi from "../../app/routes/api.v1.ideas.$id.requests";
import { action as topicAction } from "../../app/routes/community.t.$id.($slug)";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { createApiKey } from "../../app/services/create-api-key.server";
import { ensureContactMember } from "../../app/models/community-member.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { putExchangeRates } from "../../app/services/currency-settings.server";
import { changeIdeaStatus } from "../../app/services/idea-triage.server";
import { voteForIdea } from "../../app/services/idea-votes.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { requireCommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { contactCookie, createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";

/*
 * The idea pages and the API as a member, a staff user and a script meet them: a vote is a plain
 * form posted to the idea's address (JS off), staff and visitors cannot vote, the API ranks by
 * ARR and files requests (422 for an unknown account), and a status change reaches voters in
 * their own language.
 */

async function customer(accountId: number, locale: "en" | "ja" = "en") {
  const contact = createContact({ accountId, locale });
  const member = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, member.id)).run();
  db.insert(communityEmailPreferences).values({ memberId: member.id, frequency: "instant" }).run();
  const cookie = await contactCookie(contact.id);
  return { contact, member, cookie, reader: await requireCommunityReader(getRequest("/community", cookie)) };
}

async function post(path: string, form: Record<string, string>, cookie?: string) {
  const [, , , id, slug] = path.split("/");
  try {
    const result = await topicAction({ request: formRequest(path, form, cookie), params: { id, slug }, context: {} });
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    return { status: (result as unknown as { init: { status: number } | null }).init?.status ?? 200, location: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

const votes = (ideaId: number) => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM idea_votes WHERE idea_id = ${ideaId}`)!.n;

describe("the vote button", () => {
  it("is a form posted to the idea's address: vote, then withdraw, each a 303 back to the idea", async () => {
    const author = await customer(createAccount().id);
    const { topicId, path } = startTopic(author.reader, { category: "ideas", title: "Bulk edit contacts", body: "Please." });
    const voter = await customer(createAccount().id);
    expect(await post(path, { intent: "vote" }, voter.cookie)).toMatchObject({ status: 303, location: `${path}#idea-vote` });
    expect(votes(topicId)).toBe(1);
    expect(await post(path, { intent: "unvote" }, voter.cookie)).toMatchObject({ status: 303 });
    expect(votes(topicId)).toBe(0);
  });

  it("refuses staff (a viewer as a CSM) with 403, sends a visitor to sign in, and a vote on a Q&A topic is a 400: nothing written", async () => {
    const author = await customer(createAccount().id);
    const { topicId, path } = startTopic(author.reader, { category: "ideas", title: "Saved filters please", body: "Please." });
    for (const role of ["viewer", "csm"] as const) {
      const user = createStaff(role);
      expect((await post(path, { intent: "vote" }, await staffCookie(user.id))).status).toBe(403);
    }
    const visitor = await post(path, { intent: "vote" });
    expect([302, 303]).toContain(visitor.status);
    const question = startTopic(author.reader, { category: "questions", title: "How do I export?", body: "Where?" });
    expect((await post(question.path, { intent: "vote" }, author.cookie)).status).toBe(400);
    expect(votes(topicId)).toBe(0);
  });
});

describe("the API", () => {
  it("lists ideas by ARR asking with the issue's shape, and files a request (201) or refuses an unknown account or contact (422)", async () => {
    const admin = createStaff("admin");
    putExchangeRates(admin, [{ currency: "USD", effectiveDate: "2020-01-01", rate: "150" }]);
    const small = createAccount({ acvAmount: 100_000, acvCurrency: "JPY", segment: "tech" });
    const large = createAccount({ acvAmount: 10_000_000, acvCurrency: "USD", segment: "high" }); // $100,000 → ¥15,000,000
    const a = await customer(small.id);
    const popular = startTopic(a.reader, { category: "ideas", title: "Popular small idea", body: "x" }).topicId;
    const rich = startTopic(a.reader, { category: "ideas", title: "Idea a large account wants", body: "x" }).topicId;
    for (let i = 0; i < 3; i++) voteForIdea((await customer(small.id)).reader, popular);
    const write = createApiKey({ name: "CRM", scopes: ["ideas:write"] }, CLI_ACTOR).key;
    const read = createApiKey({ name: "BI", scopes: ["ideas:read"] }, CLI_ACTOR).key;
    const file = (id: number, body: unknown, key = write) =>
      requestsApi.action({
        request: new Request(`http://localhost/api/v1/ideas/${id}/requests`, {
          method: "POST",
          headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        }),
        params: { id: String(id) },
        context: {},
      });
    const created = await file(rich, { accountExternalId: large.externalId, quote: "Blocking our rollout", importance: "critical" });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: expect.any(Number) });
    expect((await file(rich, { accountExternalId: "no-such-account" })).status).toBe(422);
    expect((await file(rich, { accountExternalId: large.externalId, contactEmail: a.contact.email })).status).toBe(422);
    expect((await file(rich, { accountExternalId: large.externalId, importance: "urgent" })).status).toBe(400);
    expect((await file(rich, { accountExternalId: large.externalId }, read)).status).toBe(403);
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM idea_requests`)!.n).toBe(1);

    const list = await ideasApi.loader({
      request: new Request("http://localhost/api/v1/ideas?sort=arr", { headers: { Authorization: `Bearer ${read}` } }),
      params: {},
      context: {},
    });
    expect(list.status).toBe(200);
    const body = (await list.json()) as {
      ideas: { id: number; votes: number; accounts: number; arr: { amount: number; currency: string }; segments: object }[];
      nextCursor: null;
    };
    const mine = body.ideas.filter((idea) => idea.id === rich || idea.id === popular);
    expect(mine.map((idea) => idea.id)).toEqual([rich, popular]);
    expect(mine[0]).toMatchObject({ votes: 0, accounts: 2, arr: { amount: 15_000_000 + 100_000, currency: "JPY" }, segments: { high: 1, low: 0, tech: 1 } });
    expect(mine[1]).toMatchObject({ votes: 3, accounts: 1, arr: { amount: 100_000, currency: "JPY" } });
    const wrong = await ideasApi.loader({
      request: new Request("http://localhost/api/v1/ideas", { headers: { Authorization: `Bearer ${write}` } }),
      params: {},
      context: {},
    });
    expect(wrong.status).toBe(403);
  });
});

describe("status notifications", () => {
  it("tell voters in their language once per change; a re-run sends nothing more", async () => {
    const author = await customer(createAccount().id);
    const { topicId } = startTopic(author.reader, { category: "ideas", title: "Scheduled exports", body: "x" });
    const en = await customer(createAccount().id, "en");
    const ja = await customer(createAccount().id, "ja");
    voteForIdea(en.reader, topicId);
    voteForIdea(ja.reader, topicId);
    await runDueJobs({ limit: 50 });
    const csm = createStaff("csm");
    changeIdeaStatus(csm, topicId, { status: "planned", note: "Coming in March." });
    await runDueJobs({ limit: 50 });
    await runDueJobs({ limit: 50 });
    const mails = db.all<{ to: string; subject: string; text: string }>(
      sql`SELECT o.to_email AS "to", o.subject, b.text FROM outbox o JOIN outbox_bodies b ON b.outbox_id = o.id WHERE o.template = 'community-notification'`,
    );
    const toEn = mails.filter((mail) => mail.to === en.contact.email);
    const toJa = mails.filter((mail) => mail.to === ja.contact.email);
    expect(toEn).toHaveLength(1);
    expect(toJa).toHaveLength(1);
    expect(toEn[0].text).toContain("Planned: Coming in March.");
    expect(toJa[0].subject).toContain("アイデア「Scheduled exports」");
    expect(toJa[0].text).toContain("予定");
    const rows = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_notifications WHERE kind = 'idea_status' AND topic_id = ${topicId}`)!.n;
    expect(rows).toBe(3); // both voters and the author
  });
});

describe("the pages' loaders", () => {
  it("give a member the board without money and staff the ARR order, the idea panel, the console ranking and the idea's console page", async () => {
    const { loader: categoryLoader } = await import("../../app/routes/community.c.$slug");
    const { loader: topicLoader } = await import("../../app/routes/community.t.$id.($slug)");
    const { loader: rankingLoader } = await import("../../app/routes/cs.community.ideas._index");
    const { loader: detailLoader } = await import("../../app/routes/cs.community.ideas.$id");
    const { loader: roadmapLoader } = await import("../../app/routes/community.roadmap");
    const { loader: changelogLoader } = await import("../../app/routes/community.changelog");
    const rich = createAccount({ acvAmount: 9_000_000, acvCurrency: "JPY", segment: "high" });
    const author = await customer(rich.id);
    const { topicId, path } = startTopic(author.reader, { category: "ideas", title: "A board idea", body: "x", problem: "The problem." });
    const csm = createStaff("csm");
    changeIdeaStatus(csm, topicId, { status: "shipped", note: "Done **today**." });
    const staff = await staffCookie(csm.id);
    type Board = { board: { sort: string; sorts: string[]; ideas: { id: number; asking: unknown }[] } };
    const asMember = (await categoryLoader({
      request: getRequest("/community/c/ideas?sort=arr&status=all", author.cookie),
      params: { slug: "ideas" },
      context: {},
    })) as unknown as Board;
    expect(asMember.board.sort).toBe("votes");
    expect(asMember.board.sorts).not.toContain("arr");
    expect(asMember.board.ideas.find((idea) => idea.id === topicId)?.asking).toBeNull();
    const asStaff = (await categoryLoader({
      request: getRequest("/community/c/ideas?sort=arr&status=all", staff),
      params: { slug: "ideas" },
      context: {},
    })) as unknown as Board;
    expect(asStaff.board.sort).toBe("arr");
    expect(asStaff.board.ideas.find((idea) => idea.id === topicId)?.asking).toMatchObject({ accounts: 1, arrMinor: 9_000_000 });
    const [, , , id, slug] = path.split("/");
    const page = (await topicLoader({ request: getRequest(path, author.cookie), params: { id, slug }, context: {} })) as unknown as {
      idea: { problem: string; vote: string; staff: unknown; history: { html: string }[] };
    };
    expect(page.idea).toMatchObject({ problem: "The problem.", vote: "closed", staff: null });
    expect(page.idea.history[0].html).toContain("<strong>today</strong>");
    const ranking = (await rankingLoader({ request: getRequest("/cs/community/ideas?status=all", staff), params: {}, context: {} })) as unknown as {
      ideas: { id: number }[];
    };
    expect(ranking.ideas.map((idea) => idea.id)).toContain(topicId);
    const detail = (await detailLoader({
      request: getRequest(`/cs/community/ideas/${topicId}`, staff),
      params: { id: String(topicId) },
      context: {},
    })) as unknown as {
      accounts: { accountId: number }[];
    };
    expect(detail.accounts.map((row) => row.accountId)).toEqual([rich.id]);
    const roadmap = (await roadmapLoader({ request: getRequest("/community/roadmap", author.cookie), params: {}, context: {} })) as unknown as {
      columns: { status: string; ideas: { id: number }[] }[];
    };
    expect(roadmap.columns.find((column) => column.status === "shipped")?.ideas.map((idea) => idea.id)).toContain(topicId);
    const changelog = (await changelogLoader({ request: getRequest("/community/changelog", author.cookie), params: {}, context: {} })) as unknown as {
      entries: { title: string }[];
    };
    expect(changelog.entries.map((entry) => entry.title)).toContain("A board idea");
  });
});
