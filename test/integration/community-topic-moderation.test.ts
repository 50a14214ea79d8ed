import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, communityMembers, communityPosts, communityTopics } from "../../db/schema";
import { DEFAULT_COMMUNITY_RULES } from "../../app/domain/posting-rules";
import { ensureContactMember } from "../../app/models/community-member.server";
import { putSetting } from "../../app/models/settings.server";
import { likePost } from "../../app/services/community-like.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { requireCommunityReader, type CommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { categoryId, expectedCounters, storedCounters } from "../factories/community-moderation";
import { contactCookie, createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";
import { action, loader } from "../../app/routes/community.t.$id.($slug)";

/*
 * The topic page's moderation forms (`intent=lock|unlock|pin|move|merge|split` posted to the
 * topic's URL): what a CSM does with them, what a member forging them gets (403, nothing
 * written), and bad input (4xx with the words the page shows, nothing written).
 */

async function member(): Promise<CommunityReader & { cookie: string; memberId: number }> {
  const contact = createContact({ accountId: createAccount({ segment: "tech" }).id });
  const row = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, row.id)).run();
  const cookie = await contactCookie(contact.id);
  return { ...(await requireCommunityReader(getRequest("/community", cookie))), cookie, memberId: row.id };
}

const paramsOf = (path: string) => ({ id: path.split("/")[3], slug: path.split("/")[4] });

async function post(path: string, form: Record<string, string | string[]>, cookie: string) {
  try {
    const result = await action({ request: formRequest(path, form, cookie), params: paramsOf(path), context: {} });
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), reply: null };
    const reply = result as unknown as { init: { status: number } | null; data: { message: string; field: string | null; intent: string } };
    return { status: reply.init?.status ?? 200, location: null, reply: reply.data };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location"), reply: null };
    throw thrown;
  }
}

type Page = {
  topic: { id: number; locked: boolean; pinned: string | null; category: { slug: string } };
  moderation: { pin: string; categoryId: number; categories: { id: number; name: string }[] } | null;
  moderated: string | null;
  splitting: boolean;
};
async function page(path: string, cookie: string): Promise<Page> {
  return (await loader({ request: getRequest(path, cookie), params: paramsOf(path.split("?")[0]), context: {} })) as unknown as Page;
}

const topicRow = (id: number) => db.select().from(communityTopics).where(eq(communityTopics.id, id)).get()!;
const postRow = (id: number) => db.select().from(communityPosts).where(eq(communityPosts.id, id)).get()!;
const indexedTitle = (postId: number) => db.get<{ title: string | null }>(sql`SELECT title FROM community_search WHERE rowid = ${postId}`)?.title || null;
const audits = () => db.select().from(auditLog).all();
const communityAudits = () => audits().filter((row) => /^community\.topic_/.test(row.action));
const snapshot = () => ({
  topics: db.select().from(communityTopics).all(),
  posts: db.select({ id: communityPosts.id, topicId: communityPosts.topicId, postNumber: communityPosts.postNumber }).from(communityPosts).all(),
  audits: audits().length,
});

beforeEach(() => putSetting("communityRules", DEFAULT_COMMUNITY_RULES));

async function scene() {
  const asker = await member();
  const helper = await member();
  const other = await member();
  const a = startTopic(asker, { category: "questions", title: "How do I export responses?", body: "Where is the export?" });
  const r1 = replyToTopic(helper, a.topicId, { body: "Under Reports." });
  const r2 = replyToTopic(other, a.topicId, { body: "A different question: can I import contacts?" });
  const r3 = replyToTopic(asker, a.topicId, { body: "And where do contacts come from?", replyToPostId: r2.postId });
  likePost(asker, r1.postId);
  const b = startTopic(helper, { category: "questions", title: "Exporting responses, again", body: "Same question here" });
  const csm = createStaff("csm");
  return { asker, helper, other, a, r1, r2, r3, b, csm, csmCookie: await staffCookie(csm.id) };
}

describe("a CSM moderates from the topic page", () => {
  it("closes, reopens, pins, moves, merges and splits, each answered 303 with a notice and recorded in the audit log", async () => {
    const { a, b, r1, r2, r3, csm, csmCookie, asker } = await scene();
    const path = a.path;

    // Members see no panel; the CSM does, with every category to move to.
    expect((await page(path, asker.cookie)).moderation).toBeNull();
    const before = await page(path, csmCookie);
    expect(before.moderation).toMatchObject({ pin: "none", categoryId: categoryId("questions") });
    expect(before.moderation!.categories.map((c) => c.id)).toContain(categoryId("tips"));

    const locked = await post(path, { intent: "lock" }, csmCookie);
    expect(locked).toMatchObject({ status: 303, location: `${path}?moderated=lock` });
    expect(topicRow(a.topicId).lockedAt).not.toBeNull();
    const closed = await page(`${path}?moderated=lock`, csmCookie);
    expect(closed).toMatchObject({ topic: { locked: true }, moderated: "lock" });
    // A closed topic takes no reply, from the form either.
    const late = await post(path, { body: "One more thing" }, asker.cookie);
    expect(late.status).toBe(409);
    expect(late.reply?.message).toBe("This topic is closed to new replies.");
    expect(await post(path, { intent: "unlock" }, csmCookie)).toMatchObject({ status: 303 });
    expect(topicRow(a.topicId).lockedAt).toBeNull();

    expect(await post(path, { intent: "pin", pin: "global" }, csmCookie)).toMatchObject({ status: 303, location: `${path}?moderated=pin` });
    expect(topicRow(a.topicId)).toMatchObject({ pinnedGlobally: true });
    // Everyone sees the pin marker; the member, too.
    expect((await page(path, asker.cookie)).topic.pinned).toBe("global");
    await post(path, { intent: "pin", pin: "category" }, csmCookie);
    expect((await page(path, csmCookie)).topic.pinned).toBe("category");

    expect(await post(path, { intent: "move", categoryId: String(categoryId("tips")) }, csmCookie)).toMatchObject({ status: 303 });
    expect(topicRow(a.topicId).categoryId).toBe(categoryId("tips"));
    expect(storedCounters()).toEqual(expectedCounters());

    // Split two replies (one answering the other) into a new topic in Q&A.
    const split = await post(
      path,
      { intent: "split", postIds: [String(r2.postId), String(r3.postId)], title: "Importing contacts", categoryId: String(categoryId("questions")) },
      csmCookie,
    );
    expect(split.status).toBe(303);
    const newId = postRow(r2.postId).topicId;
    expect(newId).not.toBe(a.topicId);
    expect(split.location).toMatch(new RegExp(`^/community/t/${newId}/[^?]*\\?moderated=split$`));
    expect(topicRow(newId)).toMatchObject({ title: "Importing contacts", categoryId: categoryId("questions") });
    expect([postRow(r2.postId).postNumber, postRow(r3.postId).postNumber]).toEqual([1, 2]);
    expect(postRow(r3.postId).replyToPostId).toBe(r2.postId);
    // Search finds the new topic by its title, on its new opening post.
    expect(indexedTitle(r2.postId)).toContain("importing");
    expect(storedCounters()).toEqual(expectedCounters());

    // Merge the other topic into this one by its address as the browser shows it: its posts and their likes come along.
    const merged = await post(b.path, { intent: "merge", into: `https://kizuna.example${path}?page=1#post-2` }, csmCookie);
    expect(merged).toMatchObject({ status: 303, location: `${path}?moderated=merge` });
    expect(topicRow(b.topicId).deletedAt).not.toBeNull();
    expect(postRow(b.postId)).toMatchObject({ topicId: a.topicId, postNumber: 3 });
    expect(postRow(r1.postId).likeCount).toBe(1);
    expect(indexedTitle(b.postId)).toBeNull();
    expect(storedCounters()).toEqual(expectedCounters());
    // The merged topic's address forwards to the topic it was merged into, for readers and for
    // search engines (301); a reply posted to the old address is refused, not turned into a GET.
    await expect(page(b.path, csmCookie)).rejects.toMatchObject({ status: 301, headers: expect.any(Headers) });
    const forwarded = await page(b.path, csmCookie).catch((thrown: Response) => thrown.headers.get("Location"));
    expect(forwarded).toBe(path);
    const bReader = await member();
    expect(await page(`/community/t/${b.topicId}`, bReader.cookie).catch((thrown: Response) => [thrown.status, thrown.headers.get("Location")])).toEqual([
      301,
      path,
    ]);
    expect(await post(b.path, { body: "A reply to the old address." }, bReader.cookie)).toMatchObject({ status: 404 });

    const actions = communityAudits().map((row) => [row.action, row.actorUserId]);
    expect(actions).toEqual([
      ["community.topic_locked", csm.id],
      ["community.topic_unlocked", csm.id],
      ["community.topic_pinned", csm.id],
      ["community.topic_pinned", csm.id],
      ["community.topic_moved", csm.id],
      ["community.topic_split", csm.id],
    ]);
    expect(audits().filter((row) => row.action === "community.topics_merged")).toEqual([
      expect.objectContaining({ actorUserId: csm.id, entityId: String(b.topicId) }),
    ]);
  });

  it("opens the split step with the panel's link, only for moderators", async () => {
    const { a, csmCookie, asker } = await scene();
    expect((await page(`${a.path}?split=1`, csmCookie)).splitting).toBe(true);
    expect((await page(`${a.path}?split=1`, asker.cookie)).splitting).toBe(false);
  });
});

describe("members and staff who do not moderate", () => {
  it("get a 403 for every moderation form they forge, and nothing is written", async () => {
    const { a, b, r2, asker, helper } = await scene();
    const viewer = await staffCookie(createStaff("viewer").id);
    const before = snapshot();
    const forms: Record<string, string | string[]>[] = [
      { intent: "lock" },
      { intent: "unlock" },
      { intent: "pin", pin: "global" },
      { intent: "move", categoryId: String(categoryId("tips")) },
      { intent: "merge", into: String(b.topicId) },
      { intent: "split", postIds: [String(r2.postId)], title: "Mine now" },
      // Bad input does not tell them more than good input.
      { intent: "pin", pin: "sideways" },
    ];
    for (const cookie of [asker.cookie, helper.cookie, viewer]) {
      for (const form of forms) {
        const answer = await post(a.path, form, cookie);
        expect(answer.status, JSON.stringify(form)).toBe(403);
        expect(answer.reply?.message).toBe("Only the community's moderators can do this.");
      }
    }
    expect(snapshot()).toEqual(before);
  });

  it("signed out, are sent to sign in", async () => {
    const { a } = await scene();
    const answer = await post(a.path, { intent: "lock" }, "");
    expect(answer.status).toBe(302);
    expect(topicRow(a.topicId).lockedAt).toBeNull();
  });
});

describe("bad input from a moderator", () => {
  it("is refused with a 4xx the page shows beside the form, and nothing is written", async () => {
    const { a, b, r1, csmCookie } = await scene();
    const before = snapshot();
    const cases: [Record<string, string | string[]>, number, string][] = [
      [{ intent: "pin", pin: "sideways" }, 400, "Choose where to pin the topic: nowhere, in its category or everywhere."],
      [{ intent: "pin" }, 400, "Choose where to pin the topic: nowhere, in its category or everywhere."],
      [{ intent: "move", categoryId: "abc" }, 400, "Choose a category."],
      [{ intent: "move", categoryId: "987654" }, 404, "This category does not exist."],
      [{ intent: "merge", into: "the other one" }, 400, "Enter the number or the address of the topic to merge into (e.g. 123 or https://…/community/t/123)."],
      [
        { intent: "merge", into: "https://kizuna.example/community/c/questions" },
        400,
        "Enter the number or the address of the topic to merge into (e.g. 123 or https://…/community/t/123).",
      ],
      [{ intent: "merge", into: String(a.topicId) }, 422, "Choose another topic to merge into."],
      [{ intent: "merge", into: "987654" }, 404, "This topic no longer exists."],
      [{ intent: "split", title: "Nothing ticked" }, 400, "Choose the replies to move into the new topic."],
      [{ intent: "split", postIds: [String(r1.postId)], title: "  " }, 400, "Fill this in."],
      [{ intent: "split", postIds: [String(a.postId)], title: "The question itself" }, 422, "The opening post stays with its topic; choose replies only."],
      // A reply of another topic is not this topic's to split.
      [{ intent: "split", postIds: [String(b.postId)], title: "Someone else's" }, 404, "This post no longer exists."],
      [{ intent: "split", postIds: ["x"], title: "Not a post" }, 400, "Choose the replies to move into the new topic."],
    ];
    for (const [form, status, message] of cases) {
      const answer = await post(a.path, form, csmCookie);
      expect(answer.status, JSON.stringify(form)).toBe(status);
      if (answer.reply?.message !== message) expect({ form, message: answer.reply?.message }).toEqual({ form, message });
      expect(answer.reply?.intent).toBe(form.intent);
    }
    expect(snapshot()).toEqual(before);
  });
});
