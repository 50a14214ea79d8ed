import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { communityCategories, communityLikes, communityMembers, communityPostRevisions, communityPosts, communityTopics } from "../../db/schema";
import { DEFAULT_COMMUNITY_RULES } from "../../app/domain/posting-rules";
import { isServiceError } from "../../app/domain/service-error";
import { putSetting } from "../../app/models/settings.server";
import { ensureContactMember } from "../../app/models/community-member.server";
import { acceptAnswer, unacceptAnswer } from "../../app/services/community-accept-answer.server";
import { deletePost } from "../../app/services/community-delete-post.server";
import { editPost } from "../../app/services/community-edit-post.server";
import { likePost, unlikePost } from "../../app/services/community-like.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { requireCommunityReader, type CommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { contactCookie, createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";

async function memberReader(segment: "high" | "low" | "tech" = "tech", options: { guidelines?: boolean } = {}): Promise<CommunityReader> {
  const contact = createContact({ accountId: createAccount({ segment }).id });
  const member = ensureContactMember(db, contact);
  if (options.guidelines !== false) db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, member.id)).run();
  return requireCommunityReader(getRequest("/community", await contactCookie(contact.id)));
}

async function staffReader(): Promise<CommunityReader> {
  const user = createStaff("csm");
  return requireCommunityReader(getRequest("/community", await staffCookie(user.id)));
}

const member = (id: number | null) => db.select().from(communityMembers).where(eq(communityMembers.id, id!)).get()!;
const memberOf = (reader: CommunityReader) =>
  db
    .select()
    .from(communityMembers)
    .where(reader.viewer.kind === "contact" ? eq(communityMembers.contactId, reader.viewer.contact.id) : eq(communityMembers.userId, reader.viewer.user.id))
    .get()!;
const topic = (id: number) => db.select().from(communityTopics).where(eq(communityTopics.id, id)).get()!;
const category = (slug: string) => db.select().from(communityCategories).where(eq(communityCategories.slug, slug)).get()!;
const rows = (table: typeof communityTopics | typeof communityPosts | typeof communityLikes | typeof communityPostRevisions) =>
  db.select({ n: count() }).from(table).get()!.n;
const rowCounts = () => ({ topics: rows(communityTopics), posts: rows(communityPosts), likes: rows(communityLikes), revisions: rows(communityPostRevisions) });

function refusal(fn: () => unknown): { status: number; code: string; field?: string } {
  try {
    fn();
  } catch (error) {
    if (isServiceError(error)) return { status: error.status, code: error.code, field: error.field };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("community topics, replies, likes and accepted answers", () => {
  let asker: CommunityReader;
  let answerer: CommunityReader;
  let third: CommunityReader;
  beforeAll(async () => {
    // These members post more in a minute than a new member's hourly limit: the posting rules are tested in community-moderation.test.ts.
    putSetting("communityRules", { ...DEFAULT_COMMUNITY_RULES, limits: { ...DEFAULT_COMMUNITY_RULES.limits, new: DEFAULT_COMMUNITY_RULES.limits.regular } });
    asker = await memberReader();
    answerer = await memberReader();
    third = await memberReader();
  });

  it("keeps every counter right through a question, replies, likes, an accepted answer and deletes", () => {
    const before = category("questions");
    const {
      topicId,
      postId: questionId,
      path,
    } = startTopic(asker, { category: "questions", title: "CSV の取り込みでエラーが出ます", body: "**どう**すればいいですか？" });
    expect(path).toBe(`/community/t/${topicId}/csv`);
    const question = db.select().from(communityPosts).where(eq(communityPosts.id, questionId)).get()!;
    expect(question.html).toContain("<strong>どう</strong>");
    expect(question.renderVersion).toBeGreaterThan(0);

    const first = replyToTopic(answerer, topicId, { body: "Use UTF-8." });
    const second = replyToTopic(third, topicId, { body: "Same here", replyToPostId: first.postId });
    expect([first.postNumber, second.postNumber]).toEqual([2, 3]);
    likePost(asker, first.postId);
    likePost(third, first.postId);
    likePost(asker, first.postId); // twice counts once
    acceptAnswer(asker, first.postId);

    let t = topic(topicId);
    expect(t).toMatchObject({ replyCount: 2, likeCount: 2, acceptedPostId: first.postId });
    expect(category("questions")).toMatchObject({ topicCount: before.topicCount + 1, postCount: before.postCount + 3 });
    expect(memberOf(asker)).toMatchObject({ topicCount: 1, replyCount: 0, likesGiven: 1 });
    expect(memberOf(answerer)).toMatchObject({ replyCount: 1, likesReceived: 2, acceptedAnswerCount: 1 });
    expect(memberOf(third)).toMatchObject({ replyCount: 1, likesGiven: 1 });

    // The asker changes their mind: one accepted answer, moved.
    acceptAnswer(asker, second.postId);
    expect(memberOf(answerer).acceptedAnswerCount).toBe(0);
    expect(memberOf(third).acceptedAnswerCount).toBe(1);
    unlikePost(third, first.postId);
    expect(memberOf(answerer).likesReceived).toBe(1);
    expect(memberOf(third).likesGiven).toBe(0);

    // Deleting the accepted answer leaves the question unsolved and out of every count.
    deletePost(third, second.postId);
    t = topic(topicId);
    expect(t).toMatchObject({ replyCount: 1, likeCount: 1, acceptedPostId: null });
    expect(t.lastPostedAt.getTime()).toBe(db.select().from(communityPosts).where(eq(communityPosts.id, first.postId)).get()!.createdAt.getTime());
    expect(memberOf(third)).toMatchObject({ replyCount: 0, acceptedAnswerCount: 0 });
    expect(category("questions").postCount).toBe(before.postCount + 2);

    // Deleting the opening post deletes the topic.
    deletePost(asker, questionId);
    expect(topic(topicId).deletedAt).not.toBeNull();
    expect(category("questions")).toMatchObject({ topicCount: before.topicCount, postCount: before.postCount });
    expect(memberOf(asker).topicCount).toBe(0);
  });

  it("unaccepts, and refuses accepting for anyone but the asker or staff, the question itself, or outside Q&A", async () => {
    const { topicId, postId } = startTopic(asker, { category: "questions", title: "How do I export responses?", body: "Where is the button?" });
    const reply = replyToTopic(answerer, topicId, { body: "Responses → Export" });
    expect(refusal(() => acceptAnswer(answerer, reply.postId))).toMatchObject({ status: 403, code: "communityNotAsker" });
    expect(refusal(() => acceptAnswer(asker, postId))).toMatchObject({ status: 400, code: "communityAnswerInvalid" });
    const staff = await staffReader();
    acceptAnswer(staff, reply.postId);
    expect(topic(topicId).acceptedPostId).toBe(reply.postId);
    unacceptAnswer(asker, topicId);
    expect(topic(topicId).acceptedPostId).toBeNull();
    expect(memberOf(answerer).acceptedAnswerCount).toBe(0);

    const tip = startTopic(asker, { category: "tips", title: "A tip about filters", body: "Save them." });
    const tipReply = replyToTopic(answerer, tip.topicId, { body: "Thanks" });
    expect(refusal(() => acceptAnswer(asker, tipReply.postId))).toMatchObject({ status: 409, code: "communityNotQa" });
  });

  it("refuses liking one's own post, and editing or deleting someone else's", () => {
    const { topicId, postId } = startTopic(asker, { category: "tips", title: "Keyboard shortcuts", body: "Press ?" });
    const before = rowCounts();
    expect(refusal(() => likePost(asker, postId))).toMatchObject({ status: 403, code: "communityOwnPost" });
    expect(refusal(() => editPost(answerer, postId, { body: "vandalised" }))).toMatchObject({ status: 403, code: "communityNotYours" });
    expect(refusal(() => deletePost(answerer, postId))).toMatchObject({ status: 403, code: "communityNotYours" });
    expect(rowCounts()).toEqual(before);
    expect(topic(topicId).deletedAt).toBeNull();
  });

  it("keeps the version before an edit, and the old title when the question is retitled", async () => {
    const { topicId, postId } = startTopic(asker, { category: "questions", title: "Old title here", body: "first words" });
    editPost(asker, postId, { body: "second words", title: "New title here" });
    const staff = await staffReader();
    editPost(staff, postId, { body: "third words" });
    const revisions = db.select().from(communityPostRevisions).where(eq(communityPostRevisions.postId, postId)).all();
    expect(revisions.map((r) => [r.source, r.title])).toEqual([
      ["first words", "Old title here"],
      ["second words", "New title here"],
    ]);
    const post = db.select().from(communityPosts).where(eq(communityPosts.id, postId)).get()!;
    expect(post).toMatchObject({ source: "third words", editCount: 2 });
    expect(topic(topicId)).toMatchObject({ title: "New title here", slug: "new-title-here" });
  });

  it("refuses bad input with a 4xx on the field and writes nothing", () => {
    const before = rowCounts();
    expect(refusal(() => startTopic(asker, { category: "nope", title: "A fine title", body: "x" }))).toMatchObject({ status: 400, field: "category" });
    expect(refusal(() => startTopic(asker, { category: "tips", title: "abc", body: "x" }))).toMatchObject({ status: 400, field: "title" });
    expect(refusal(() => startTopic(asker, { category: "tips", title: "A fine title", body: "   " }))).toMatchObject({ status: 400, field: "body" });
    expect(refusal(() => startTopic(asker, { category: "tips", title: "A fine title", body: "x".repeat(20_001) }))).toMatchObject({
      status: 413,
      field: "body",
    });
    expect(refusal(() => replyToTopic(answerer, 99_999_999, { body: "hello" }))).toMatchObject({ status: 404 });
    const { topicId } = startTopic(asker, { category: "tips", title: "Another tip", body: "body" });
    const other = startTopic(asker, { category: "tips", title: "Yet another tip", body: "body" });
    const after = rowCounts();
    expect(refusal(() => replyToTopic(answerer, topicId, { body: "hi", replyToPostId: other.postId }))).toMatchObject({ status: 400, field: "replyTo" });
    expect(rowCounts()).toEqual(after);
    expect(after.topics).toBe(before.topics + 2);
  });

  it("lets only staff start topics in announcements", async () => {
    expect(refusal(() => startTopic(asker, { category: "announcements", title: "Big news for all", body: "x" }))).toMatchObject({
      status: 403,
      code: "communityStaffOnly",
    });
    const staff = await staffReader();
    const { topicId } = startTopic(staff, { category: "announcements", title: "Big news for all", body: "x" });
    // Customers still reply there.
    replyToTopic(answerer, topicId, { body: "Congrats" });
    expect(topic(topicId).replyCount).toBe(1);
    expect(member(topic(topicId).authorId).userId).not.toBeNull();
  });

  it("keeps a segment-restricted category from members outside its segments", async () => {
    db.insert(communityCategories)
      .values({ slug: "high-touch-lounge", kind: "discussion", nameEn: "Lounge", nameJa: "ラウンジ", segments: ["high"] })
      .run();
    const insider = await memberReader("high");
    const outsider = await memberReader("tech");
    const { topicId, postId } = startTopic(insider, { category: "high-touch-lounge", title: "Roadmap preview", body: "For high touch" });
    const before = rowCounts();
    expect(refusal(() => startTopic(outsider, { category: "high-touch-lounge", title: "Let me in please", body: "x" }))).toMatchObject({
      status: 400,
      code: "communityCategoryUnknown",
    });
    expect(refusal(() => replyToTopic(outsider, topicId, { body: "peek" }))).toMatchObject({ status: 404, code: "communityNotFound" });
    expect(refusal(() => likePost(outsider, postId))).toMatchObject({ status: 404 });
    expect(rowCounts()).toEqual(before);
  });

  it("refuses suspended members, members who have not accepted the guidelines, and replies to locked topics", async () => {
    const { topicId, postId } = startTopic(asker, { category: "tips", title: "A tip to reply to", body: "body" });
    const suspended = await memberReader();
    db.update(communityMembers)
      .set({ suspendedUntil: new Date(Date.now() + 86_400_000), suspendedReason: "Spam" })
      .where(eq(communityMembers.id, memberOf(suspended).id))
      .run();
    const newcomer = await memberReader("tech", { guidelines: false });
    const before = rowCounts();
    expect(refusal(() => replyToTopic(suspended, topicId, { body: "hi" }))).toMatchObject({ status: 403, code: "communitySuspended" });
    expect(refusal(() => likePost(suspended, postId))).toMatchObject({ status: 403, code: "communitySuspended" });
    expect(refusal(() => replyToTopic(newcomer, topicId, { body: "hi" }))).toMatchObject({ status: 403, code: "communityGuidelines" });
    db.update(communityTopics).set({ lockedAt: new Date() }).where(eq(communityTopics.id, topicId)).run();
    expect(refusal(() => replyToTopic(answerer, topicId, { body: "hi" }))).toMatchObject({ status: 409, code: "communityLocked" });
    expect(rowCounts()).toEqual(before);
    // A suspension that has ended is no suspension.
    db.update(communityMembers)
      .set({ suspendedUntil: new Date(Date.now() - 1000) })
      .where(eq(communityMembers.id, memberOf(suspended).id))
      .run();
    likePost(suspended, postId);
  });
});
