import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { advocacyRecords, auditLog, communityMembers, responses, stories, storyConsents } from "../../db/schema";
import { allowManyPosts } from "../factories/community-moderation";
import { categoryFor } from "../../app/domain/nps";
import { ensureContactMember } from "../../app/models/community-member.server";
import { action as memberStoryAction, loader as memberStoryLoader } from "../../app/routes/community.stories.$id";
import { action as newStoryAction } from "../../app/routes/community.stories.new";
import { action as consoleStoryAction } from "../../app/routes/cs.community.stories.$id";
import { action as advocacyAction } from "../../app/routes/cs.accounts_.$id.advocacy";
import { rebuildAdvocacyRecords } from "../../app/services/advocacy.server";
import { accountAdvocacyTimeline, contactAdvocacyTimeline } from "../../app/services/advocacy-timeline.server";
import { acceptAnswer, unacceptAnswer } from "../../app/services/community-accept-answer.server";
import { likePost, unlikePost } from "../../app/services/community-like.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { runResponsePipeline } from "../../app/services/run-response-pipeline.server";
import { storyListing, storyPage } from "../../app/services/story-pages.server";
import { requireCommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { contactCookie, createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

const STORY = {
  title: "Onboarding in half the time",
  industry: "Logistics",
  productArea: "Guides",
  challenge: "New depots took **two months** to get going.",
  solution: "We built a checklist and guides for each role.",
  results: "Onboarding fell from 60 to 30 days; support tickets fell 40%.",
  quote: "Our depots start in weeks now.",
  quoteBy: "Hanako Sato, Operations",
  language: "en",
};

async function member(accountName = "Sakura Logistics") {
  const account = createAccount({ name: accountName, segment: "high" });
  const contact = createContact({ accountId: account.id, name: "Hanako Sato" });
  const row = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, row.id)).run();
  const cookie = await contactCookie(contact.id);
  const reader = await requireCommunityReader(getRequest("/community", cookie));
  return { account, contact, cookie, reader };
}

async function staff(role: "csm" | "admin" | "viewer" = "csm") {
  const user = createStaff(role);
  return { user, cookie: await staffCookie(user.id) };
}

const storyCount = () => db.select({ n: count() }).from(stories).get()!.n;
const storyRow = (id: number) => db.select().from(stories).where(eq(stories.id, id)).get()!;
const status = (result: unknown) => (result instanceof Response ? result.status : ((result as { init?: ResponseInit | null }).init?.status ?? 200));
const body = <T>(result: unknown) => (result as { data: T }).data;

async function draftAsMember(cookie: string, intent: "save" | "submit" = "submit"): Promise<number> {
  const result = await newStoryAction(args(formRequest("/community/stories/new", { ...STORY, intent }, cookie)));
  expect(status(result)).toBe(303);
  const location = (result as Response).headers.get("Location")!;
  return Number(location.match(/\/community\/stories\/(\d+)/)![1]);
}

async function consoleAct(cookie: string, id: number, form: Record<string, string>) {
  const result = await consoleStoryAction(args(formRequest(`/cs/community/stories/${id}`, form, cookie), { id: String(id) }));
  return { status: status(result), data: body<{ ok: boolean; message: string; errors?: Record<string, string> }>(result) };
}

async function memberAct(cookie: string, id: number, form: Record<string, string>) {
  try {
    const result = await memberStoryAction(args(formRequest(`/community/stories/${id}`, form, cookie), { id: String(id) }));
    return { status: status(result), data: result instanceof Response ? null : body<{ errors: Record<string, string> }>(result) };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: null };
    throw thrown;
  }
}

describe("customer stories", () => {
  beforeAll(() => allowManyPosts());

  it("takes a member's story from draft to published through the team's review, and names the company only with a community consent", async () => {
    const author = await member();
    const { cookie: staffCookie } = await staff();
    const id = await draftAsMember(author.cookie, "save");
    expect(storyRow(id)).toMatchObject({ status: "draft", accountId: author.account.id, contactId: author.contact.id, segment: "high" });
    expect(storyRow(id).resultsHtml).toContain("40%");

    // The author submits; the team comments and sends it back; the author sees the comment and edits.
    expect((await memberAct(author.cookie, id, { ...STORY, intent: "submit" })).status).toBe(303);
    expect(storyRow(id).status).toBe("in_review");
    expect((await memberAct(author.cookie, id, { ...STORY, title: "Edited while in review", intent: "save" })).status).toBe(409);
    expect((await consoleAct(staffCookie, id, { intent: "sendBack", body: "Could you add how many depots?" })).data.ok).toBe(true);
    expect(storyRow(id).status).toBe("draft");
    const page = storyPage(author.reader, id)!;
    expect(page.comments.map((comment) => comment.body)).toEqual(["Could you add how many depots?"]);
    expect(page.mayEdit).toBe(true);
    expect((await memberAct(author.cookie, id, { ...STORY, results: "12 depots onboarded in 30 days, not 60.", intent: "submit" })).status).toBe(303);
    expect(storyRow(id)).toMatchObject({ status: "in_review", results: "12 depots onboarded in 30 days, not 60." });

    // No consent, no publishing.
    const refused = await consoleAct(staffCookie, id, { intent: "publish" });
    expect(refused.status).toBe(409);
    expect(storyRow(id).status).toBe("in_review");

    const consented = await consoleAct(staffCookie, id, {
      intent: "consent",
      contactId: String(author.contact.id),
      agreedOn: "2026-12-01",
      community: "on",
      website: "on",
    });
    expect(consented.data).toMatchObject({ ok: true });
    expect((await consoleAct(staffCookie, id, { intent: "publish" })).data.ok).toBe(true);
    expect(storyRow(id).status).toBe("published");

    // Another customer reads it in the listing, with the company named.
    const reader = (await member("Other Co")).reader;
    const listed = storyListing(reader, {})!.stories.find((story) => story.id === id);
    expect(listed?.company?.name).toBe("Sakura Logistics");
    expect(storyPage(reader, id)?.comments).toEqual([]);

    // The story marks its account and contact as a reference.
    const timeline = contactAdvocacyTimeline(author.contact.id);
    expect(timeline.entries.map((entry) => entry.kind)).toContain("story_published");
  });

  it("keeps the company anonymous when the consent leaves out the community", async () => {
    const author = await member("Hidden Name KK");
    const { cookie } = await staff();
    const id = await draftAsMember(author.cookie);
    await consoleAct(cookie, id, { intent: "consent", contactId: String(author.contact.id), agreedOn: "2026-12-01", salesDeck: "on" });
    expect((await consoleAct(cookie, id, { intent: "publish" })).data.ok).toBe(true);
    const reader = (await member("Reader Co")).reader;
    const listed = storyListing(reader, {})!.stories.find((story) => story.id === id)!;
    expect(listed.company).toBeNull();
    const html = JSON.stringify(await memberStoryLoader(args(getRequest(`/community/stories/${id}`, (await member("Third")).cookie), { id: String(id) })));
    expect(html).not.toContain("Hidden Name KK");
  });

  it("unpublishes at once and hides the company everywhere when the consent is revoked, and audits it", async () => {
    const author = await member("Revoking Corp");
    const { cookie } = await staff();
    const id = await draftAsMember(author.cookie);
    await consoleAct(cookie, id, { intent: "consent", contactId: String(author.contact.id), agreedOn: "2026-12-01", community: "on" });
    await consoleAct(cookie, id, { intent: "publish" });
    expect(storyRow(id).status).toBe("published");

    expect((await consoleAct(cookie, id, { intent: "revokeConsent" })).data.ok).toBe(true);
    expect(storyRow(id)).toMatchObject({ status: "draft", publishedAt: null });
    const reader = (await member("Another reader")).reader;
    expect(storyListing(reader, {})!.stories.map((story) => story.id)).not.toContain(id);
    expect(storyPage(reader, id)).toBeNull();
    // Even the author's own page and the team's view no longer name the company.
    expect(storyPage(author.reader, id)?.company).toBeNull();
    expect(db.select().from(storyConsents).where(eq(storyConsents.storyId, id)).get()?.revokedAt).not.toBeNull();
    expect(contactAdvocacyTimeline(author.contact.id).entries.map((entry) => entry.kind)).not.toContain("story_published");
    const audited = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "story"), eq(auditLog.entityId, String(id))))
      .all()
      .map((row) => row.action);
    expect(audited).toEqual(expect.arrayContaining(["story.consent_recorded", "story.published", "story.consent_revoked", "story.unpublished"]));
    // A second revoke has nothing to revoke.
    expect((await consoleAct(cookie, id, { intent: "revokeConsent" })).status).toBe(409);
  });

  it("refuses a member who forges the team's actions on their own story (403), and changes nothing", async () => {
    const author = await member("Forger Inc");
    const id = await draftAsMember(author.cookie);
    const { cookie } = await staff();
    await consoleAct(cookie, id, { intent: "consent", contactId: String(author.contact.id), agreedOn: "2026-12-01", community: "on" });

    expect((await memberAct(author.cookie, id, { intent: "publish" })).status).toBe(403);
    expect((await memberAct(author.cookie, id, { intent: "sendBack", body: "ok" })).status).toBe(403);
    expect(storyRow(id).status).toBe("in_review");

    // The console's own action turns a customer away before anything is read.
    let outcome: unknown;
    try {
      outcome = await consoleStoryAction(args(formRequest(`/cs/community/stories/${id}`, { intent: "publish" }, author.cookie), { id: String(id) }));
    } catch (thrown) {
      outcome = thrown;
    }
    expect(outcome).toBeInstanceOf(Response);
    expect([302, 303, 401, 403]).toContain((outcome as Response).status);
    expect(storyRow(id).status).toBe("in_review");

    // A viewer (reads the console, moderates nothing) is refused too.
    const viewer = await staff("viewer");
    let viewerOutcome: unknown;
    try {
      viewerOutcome = await consoleStoryAction(args(formRequest(`/cs/community/stories/${id}`, { intent: "publish" }, viewer.cookie), { id: String(id) }));
    } catch (thrown) {
      viewerOutcome = thrown;
    }
    expect((viewerOutcome as Response).status).toBe(403);
    expect(storyRow(id).status).toBe("in_review");
  });

  it("hides a draft from other members and refuses their edits", async () => {
    const author = await member("Draft Owner");
    const id = await draftAsMember(author.cookie, "save");
    const other = await member("Nosy Co");
    expect(storyPage(other.reader, id)).toBeNull();
    expect((await memberAct(other.cookie, id, { ...STORY, title: "Taken over by someone else", intent: "save" })).status).toBe(404);
    expect(storyRow(id).title).toBe(STORY.title);
  });

  it("answers bad input with a 4xx and writes nothing", async () => {
    const author = await member("Bad Input Ltd");
    const before = storyCount();
    const vague = await newStoryAction(
      args(formRequest("/community/stories/new", { ...STORY, results: "Much better than before.", intent: "save" }, author.cookie)),
    );
    expect(status(vague)).toBe(400);
    expect(body<{ errors: Record<string, string> }>(vague).errors.results).toMatch(/number/);
    const empty = await newStoryAction(args(formRequest("/community/stories/new", { intent: "save" }, author.cookie)));
    expect(status(empty)).toBe(400);
    expect(storyCount()).toBe(before);

    const id = await draftAsMember(author.cookie);
    const { cookie } = await staff();
    const consents = () => db.select({ n: count() }).from(storyConsents).where(eq(storyConsents.storyId, id)).get()!.n;
    const noUse = await consoleAct(cookie, id, { intent: "consent", contactId: String(author.contact.id), agreedOn: "2026-12-01" });
    expect(noUse.status).toBe(400);
    const stranger = createContact({ accountId: createAccount().id });
    const wrongContact = await consoleAct(cookie, id, { intent: "consent", contactId: String(stranger.id), agreedOn: "2026-12-01", community: "on" });
    expect(wrongContact.status).toBe(422);
    const unknownIntent = await consoleAct(cookie, id, { intent: "explode" });
    expect(unknownIntent.status).toBe(400);
    expect(consents()).toBe(0);

    const records = () => db.select({ n: count() }).from(advocacyRecords).where(eq(advocacyRecords.accountId, author.account.id)).get()!.n;
    const recordsBefore = records();
    const future = await advocacyAction(
      args(
        formRequest(
          `/cs/accounts/${author.account.id}/advocacy`,
          { intent: "logReference", contactId: String(author.contact.id), on: "2999-01-01", prospect: "Future Corp", outcome: "positive" },
          cookie,
        ),
        { id: String(author.account.id) },
      ),
    );
    expect(status(future)).toBe(400);
    const badLink = await advocacyAction(
      args(
        formRequest(
          `/cs/accounts/${author.account.id}/advocacy`,
          { intent: "logReview", contactId: String(author.contact.id), on: "2026-11-01", site: "g2", url: "not a link" },
          cookie,
        ),
        { id: String(author.account.id) },
      ),
    );
    expect(status(badLink)).toBe(400);
    expect(records()).toBe(recordsBefore);
  });
});

describe("the advocacy timeline", () => {
  beforeAll(() => allowManyPosts());

  function promoterAnswer(contact: { id: number; accountId: number }, score: number) {
    const now = Date.now();
    return db
      .insert(responses)
      .values({ contactId: contact.id, accountId: contact.accountId, score, category: categoryFor(score), locale: "en", createdAt: now, updatedAt: now })
      .returning()
      .get();
  }

  it("gets a record when a promoter answers, and loses it when the answer drops below promoter", async () => {
    const contact = createContact({ accountId: createAccount({ name: "Promoter Co" }).id });
    const response = promoterAnswer(contact, 10);
    await runResponsePipeline(response.id);
    await runResponsePipeline(response.id); // a retried job writes nothing twice
    const entries = accountAdvocacyTimeline(contact.accountId).entries;
    expect(entries.filter((entry) => entry.kind === "promoter_answer")).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "promoter_answer", contactId: contact.id, source: "response", detail: { score: 10 } });

    db.update(responses).set({ score: 5, category: "detractor", updatedAt: Date.now() }).where(eq(responses.id, response.id)).run();
    await runResponsePipeline(response.id);
    expect(accountAdvocacyTimeline(contact.accountId).entries.map((entry) => entry.kind)).not.toContain("promoter_answer");
    // A passive's or detractor's answer never gets one.
    const passive = promoterAnswer(contact, 7);
    await runResponsePipeline(passive.id);
    expect(accountAdvocacyTimeline(contact.accountId).totals.promoter_answer).toBe(0);
  });

  it("gets a record when an answer is accepted and for each like received, and loses them when undone", async () => {
    const asker = await member("Asker Co");
    const answerer = await member("Answerer Co");
    const { topicId } = startTopic(asker.reader, { category: "questions", title: "How do I export by week?", body: "Is there a weekly export?" });
    const reply = replyToTopic(answerer.reader, topicId, { body: "Use the export with a weekly period." });
    acceptAnswer(asker.reader, reply.postId);
    likePost(asker.reader, reply.postId);
    let timeline = contactAdvocacyTimeline(answerer.contact.id);
    expect(timeline.totals).toMatchObject({ accepted_answer: 1, like_received: 1 });
    expect(timeline.entries.find((entry) => entry.kind === "accepted_answer")?.detail).toMatchObject({ topicId, title: "How do I export by week?" });
    // The asker did nothing for the answerer's account.
    expect(contactAdvocacyTimeline(asker.contact.id).totals.accepted_answer).toBe(0);

    unacceptAnswer(asker.reader, topicId);
    unlikePost(asker.reader, reply.postId);
    timeline = contactAdvocacyTimeline(answerer.contact.id);
    expect(timeline.totals).toMatchObject({ accepted_answer: 0, like_received: 0 });
  });

  it("logs a reference call and a review staff heard about, newest first, and the rebuild adds nothing twice", async () => {
    const author = await member("Reference Co");
    const { cookie } = await staff();
    const log = (form: Record<string, string>) =>
      advocacyAction(args(formRequest(`/cs/accounts/${author.account.id}/advocacy`, form, cookie), { id: String(author.account.id) }));
    expect(
      status(await log({ intent: "logReference", contactId: String(author.contact.id), on: "2026-11-02", prospect: "Nagoya Foods", outcome: "positive" })),
    ).toBe(200);
    expect(
      status(await log({ intent: "logReview", contactId: String(author.contact.id), on: "2026-11-20", site: "itreview", url: "https://www.itreview.jp/r/1" })),
    ).toBe(200);
    const entries = accountAdvocacyTimeline(author.account.id).entries;
    expect(entries.map((entry) => entry.kind).slice(0, 2)).toEqual(["review_written", "reference_given"]);
    expect(entries[1].detail).toMatchObject({ prospect: "Nagoya Foods", outcome: "positive" });

    rebuildAdvocacyRecords();
    expect(rebuildAdvocacyRecords()).toBe(0);
  });
});
