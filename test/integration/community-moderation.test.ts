import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, communityFlags, communityMembers, communityPosts, communityTopics, contactSessions } from "../../db/schema";
import { DEFAULT_COMMUNITY_RULES } from "../../app/domain/posting-rules";
import { isServiceError } from "../../app/domain/service-error";
import { ensureContactMember } from "../../app/models/community-member.server";
import { listTopicPosts } from "../../app/models/community-post.server";
import { getSetting, putSetting } from "../../app/models/settings.server";
import { findUserById } from "../../app/models/user.server";
import { likePost } from "../../app/services/community-like.server";
import { acceptAnswer } from "../../app/services/community-accept-answer.server";
import { badgesOf, grantBadge } from "../../app/services/community-badges.server";
import { editPost } from "../../app/services/community-edit-post.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { refreshTrustLevelsBatch } from "../../app/services/community-trust.server";
import { flagPost } from "../../app/services/flag-community-post.server";
import { approvePost, deletePost, hidePost, rejectPost, resolveFlags, unhidePost } from "../../app/services/moderate-community-post.server";
import { lockTopic, mergeTopics, moveTopic, pinTopic, splitTopic } from "../../app/services/moderate-community-topic.server";
import { suspendMember, unsuspendMember } from "../../app/services/suspend-community-member.server";
import { requireCommunityReader, type CommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { categoryId, expectedCounters, storedCounters } from "../factories/community-moderation";
import { contactCookie, createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";

async function memberReader(options: { joinedDaysAgo?: number } = {}): Promise<CommunityReader & { memberId: number; contactId: number }> {
  const contact = createContact({ accountId: createAccount({ segment: "tech" }).id });
  const member = ensureContactMember(db, contact);
  db.update(communityMembers)
    .set({ guidelinesAcceptedAt: new Date(), createdAt: new Date(Date.now() - (options.joinedDaysAgo ?? 0) * 86_400_000) })
    .where(eq(communityMembers.id, member.id))
    .run();
  const reader = await requireCommunityReader(getRequest("/community", await contactCookie(contact.id)));
  return { ...reader, memberId: member.id, contactId: contact.id };
}

function staff(role: "admin" | "csm" | "viewer") {
  return findUserById(createStaff(role).id)!;
}

async function staffReader(user: { id: number }) {
  return requireCommunityReader(getRequest("/community", await staffCookie(user.id)));
}

function refusal(fn: () => unknown): { status: number; code: string; field?: string } {
  try {
    fn();
  } catch (error) {
    if (isServiceError(error)) return { status: error.status, code: error.code, field: error.field };
    throw error;
  }
  throw new Error("expected a refusal");
}

const post = (id: number) => db.select().from(communityPosts).where(eq(communityPosts.id, id)).get()!;
const topic = (id: number) => db.select().from(communityTopics).where(eq(communityTopics.id, id)).get()!;
const member = (id: number) => db.select().from(communityMembers).where(eq(communityMembers.id, id)).get()!;
const auditActions = () =>
  db
    .select({ action: auditLog.action })
    .from(auditLog)
    .all()
    .map((r) => r.action as string);
const expectCountersRight = () => expect(storedCounters()).toEqual(expectedCounters());

beforeEach(() => putSetting("communityRules", DEFAULT_COMMUNITY_RULES));

describe("members flag posts", () => {
  it("keeps one open flag per post and member, and refuses one's own post", async () => {
    const author = await memberReader();
    const flagger = await memberReader();
    const { postId } = startTopic(author, { category: "questions", title: "Export to CSV?", body: "Buy cheap watches" });
    expect(flagPost(flagger, postId, { reason: "spam" }).created).toBe(true);
    expect(flagPost(flagger, postId, { reason: "inappropriate" }).created).toBe(false);
    expect(db.select().from(communityFlags).where(eq(communityFlags.postId, postId)).all()).toHaveLength(1);
    expect(refusal(() => flagPost(author, postId, { reason: "spam" }))).toMatchObject({ status: 422, code: "communityFlagOwnPost" });
    // "Other" needs the member's words.
    const third = await memberReader();
    expect(refusal(() => flagPost(third, postId, { reason: "other" }))).toMatchObject({ status: 400, field: "note" });
    expect(flagPost(third, postId, { reason: "other", note: "Advertising" }).created).toBe(true);
    expect(refusal(() => flagPost(flagger, postId, { reason: "rude" }))).toMatchObject({ status: 400, field: "reason" });
    expect(auditActions()).toContain("community.post_flagged");
  });
});

describe("posting rules in the posting services", () => {
  it("publishes a new member's first topic at once by default", async () => {
    const author = await memberReader();
    const result = startTopic(author, { category: "questions", title: "First question here", body: "Hello, how do I start?" });
    expect(result.held).toBe(false);
    expect(post(result.postId).state).toBe("published");
  });

  it("holds first posts when the admin turned holding on, out of others' sight and every count, until approved", async () => {
    putSetting("communityRules", { ...DEFAULT_COMMUNITY_RULES, holdFirstPosts: true });
    const author = await memberReader();
    const other = await memberReader();
    const result = startTopic(author, { category: "questions", title: "Held question", body: "Am I held?" });
    expect(result.held).toBe(true);
    expect(post(result.postId)).toMatchObject({ state: "held", heldReasons: ["first_post"] });
    expect(topic(result.topicId).hiddenAt).not.toBeNull();
    // Another member reads nothing of it, cannot reply to it or flag it.
    expect(listTopicPosts(result.topicId, { memberId: other.memberId, staff: false }, { offset: 0, limit: 50 })).toHaveLength(0);
    expect(refusal(() => replyToTopic(other, result.topicId, { body: "me too" }))).toMatchObject({ status: 404 });
    expect(refusal(() => flagPost(other, result.postId, { reason: "spam" }))).toMatchObject({ status: 404 });
    expect(member(author.memberId).topicCount).toBe(0);
    expectCountersRight();

    approvePost(staff("csm"), { postId: result.postId });
    expect(post(result.postId).state).toBe("published");
    expect(topic(result.topicId).hiddenAt).toBeNull();
    expect(member(author.memberId).topicCount).toBe(1);
    expect(
      badgesOf([author.memberId])
        .get(author.memberId)
        ?.map((b) => b.code),
    ).toEqual(["first_post"]);
    expectCountersRight();
    expect(auditActions()).toContain("community.post_approved");
  });

  it("holds a post with a blocked Japanese word found inside a longer word, and a new member's post with many links", async () => {
    putSetting("communityRules", { ...DEFAULT_COMMUNITY_RULES, blockedWords: { en: ["casino"], ja: ["副業"] } });
    const author = await memberReader();
    const ja = startTopic(author, { category: "questions", title: "お得なお知らせ", body: "簡単な副業収入のご案内です" });
    expect(post(ja.postId)).toMatchObject({ state: "held", heldReasons: ["blocked_words:副業"] });
    const en = replyToTopic(author, startTopic(await memberReader(), { category: "tips", title: "Casual tip", body: "A casual tip." }).topicId, {
      body: "See https://a.example and https://b.example",
    });
    expect(post(en.postId)).toMatchObject({ state: "held", heldReasons: ["new_member_links"] });
    // "casual" is not "casino": English words match whole words only.
    expect(post(startTopic(author, { category: "tips", title: "Casino night", body: "fun" }).postId).state).toBe("held");
    expectCountersRight();
  });

  it("refuses what a new member may not post yet: images, too many mentions, more posts than the hourly limit", async () => {
    const author = await memberReader();
    expect(refusal(() => startTopic(author, { category: "tips", title: "With a picture", body: "![x](https://img.example/x.png)" }))).toMatchObject({
      status: 422,
      code: "communityNoImages",
    });
    expect(refusal(() => startTopic(author, { category: "tips", title: "Hello all", body: "@alice @bob @carol hi" }))).toMatchObject({
      status: 422,
      code: "communityTooManyMentions",
    });
    const { topicId } = startTopic(author, { category: "tips", title: "Many replies", body: "first" });
    for (let i = 0; i < DEFAULT_COMMUNITY_RULES.limits.new.postsPerHour - 1; i++) replyToTopic(author, topicId, { body: `reply ${i}` });
    expect(refusal(() => replyToTopic(author, topicId, { body: "one too many" }))).toMatchObject({ status: 429, code: "communityRateLimited" });
    expect(db.select().from(communityPosts).where(eq(communityPosts.authorId, author.memberId)).all()).toHaveLength(5);
  });

  it("holds an edit that brings in a blocked word, and the post leaves the counts", async () => {
    const author = await memberReader();
    const { topicId } = startTopic(await memberReader(), { category: "tips", title: "A fine tip", body: "tip" });
    const { postId } = replyToTopic(author, topicId, { body: "thanks" });
    putSetting("communityRules", { ...DEFAULT_COMMUNITY_RULES, blockedWords: { en: ["casino"], ja: [] } });
    expect(editPost(author, postId, { body: "visit my casino" }).held).toBe(true);
    expect(post(postId).state).toBe("held");
    expect(topic(topicId).replyCount).toBe(0);
    expectCountersRight();
    rejectPost(staff("admin"), { postId });
    expect(post(postId).state).toBe("rejected");
    expectCountersRight();
  });
});

describe("moderators act on posts and topics, counters equal to a recount after every action", () => {
  it("hides, unhides, agrees with flags, deletes, locks, pins, moves, merges and splits, each in the audit log", async () => {
    const csm = staff("csm");
    const asker = await memberReader();
    const helper = await memberReader();
    const flagger = await memberReader();
    const a = startTopic(asker, { category: "questions", title: "How to export?", body: "Where is export?" });
    const r1 = replyToTopic(helper, a.topicId, { body: "Under reports." });
    const r2 = replyToTopic(flagger, a.topicId, { body: "Also in settings." });
    likePost(asker, r1.postId);
    acceptAnswer(asker, r1.postId);
    const b = startTopic(helper, { category: "questions", title: "Export again?", body: "Same question" });
    const rb = replyToTopic(asker, b.topicId, { body: "See the other topic" });
    expectCountersRight();

    hidePost(csm, { postId: r1.postId, reason: "Off topic" });
    expect(post(r1.postId).hiddenReason).toBe("Off topic");
    expect(member(helper.memberId).likesReceived).toBe(0);
    expectCountersRight();
    unhidePost(csm, { postId: r1.postId });
    expect(member(helper.memberId).likesReceived).toBe(1);
    expectCountersRight();

    flagPost(asker, r2.postId, { reason: "spam" });
    flagPost(helper, r2.postId, { reason: "off_topic" });
    expect(resolveFlags(csm, { postId: r2.postId, outcome: "agree", reason: "Spam" })).toEqual({ flags: 2, hidden: true });
    expectCountersRight();
    expect(refusal(() => resolveFlags(csm, { postId: r2.postId, outcome: "disagree" }))).toMatchObject({ status: 409, code: "communityNoOpenFlags" });

    lockTopic(csm, { topicId: a.topicId, locked: true });
    expect(refusal(() => replyToTopic(helper, a.topicId, { body: "late" }))).toMatchObject({ code: "communityLocked" });
    lockTopic(csm, { topicId: a.topicId, locked: false });
    pinTopic(csm, { topicId: a.topicId, pin: "global" });
    expect(topic(a.topicId)).toMatchObject({ pinnedGlobally: true });
    pinTopic(csm, { topicId: a.topicId, pin: "none" });
    expect(topic(a.topicId).pinnedAt).toBeNull();

    moveTopic(csm, { topicId: b.topicId, categoryId: categoryId("tips") });
    expectCountersRight();

    const merged = mergeTopics(csm, { topicId: b.topicId, intoTopicId: a.topicId });
    expect(merged.moved).toBe(2);
    const numbers = db
      .select({ n: communityPosts.postNumber })
      .from(communityPosts)
      .where(eq(communityPosts.topicId, a.topicId))
      .orderBy(communityPosts.postNumber)
      .all()
      .map((r) => r.n);
    expect(numbers).toEqual([1, 2, 3, 4, 5]);
    expect(topic(b.topicId).deletedAt).not.toBeNull();
    expect(member(helper.memberId).topicCount).toBe(0);
    expectCountersRight();

    const split = splitTopic(csm, { topicId: a.topicId, postIds: [b.postId, rb.postId], title: "Exporting, the second question" });
    expect(
      db
        .select({ n: communityPosts.postNumber })
        .from(communityPosts)
        .where(eq(communityPosts.topicId, split.topicId))
        .all()
        .map((r) => r.n),
    ).toEqual([1, 2]);
    expect(topic(split.topicId).authorId).toBe(helper.memberId);
    expectCountersRight();
    expect(refusal(() => splitTopic(csm, { topicId: a.topicId, postIds: [a.postId], title: "Nope nope" }))).toMatchObject({
      code: "communitySplitOpeningPost",
    });

    deletePost(csm, { postId: r1.postId });
    expect(topic(a.topicId).acceptedPostId).toBeNull();
    expectCountersRight();
    deletePost(csm, { postId: b.postId });
    expect(topic(split.topicId).deletedAt).not.toBeNull();
    expectCountersRight();

    expect(auditActions()).toEqual(
      expect.arrayContaining([
        "community.post_hidden",
        "community.post_unhidden",
        "community.flags_agreed",
        "community.topic_locked",
        "community.topic_unlocked",
        "community.topic_pinned",
        "community.topic_unpinned",
        "community.topic_moved",
        "community.topics_merged",
        "community.topic_split",
        "community.post_deleted",
      ]),
    );
  });

  it("refuses a viewer, who may not moderate, and writes nothing", async () => {
    const author = await memberReader();
    const { postId, topicId } = startTopic(author, { category: "tips", title: "A tip to hide", body: "tip" });
    const viewer = staff("viewer");
    expect(refusal(() => hidePost(viewer, { postId, reason: "x" })).status).toBe(403);
    expect(refusal(() => lockTopic(viewer, { topicId, locked: true })).status).toBe(403);
    expect(refusal(() => suspendMember(viewer, { memberId: author.memberId, until: "2099-01-01", reason: "x" })).status).toBe(403);
    expect(post(postId).hiddenAt).toBeNull();
  });
});

describe("suspensions", () => {
  it("end the member's sessions, refuse every community action with the reason, and can be lifted", async () => {
    const csm = staff("csm");
    const bad = await memberReader();
    const other = await memberReader();
    const { postId, topicId } = startTopic(other, { category: "tips", title: "Something to like", body: "tip" });
    expect(db.select().from(contactSessions).where(eq(contactSessions.contactId, bad.contactId)).all().length).toBeGreaterThan(0);
    suspendMember(csm, { memberId: bad.memberId, until: "2099-12-31", reason: "Repeated spam" });
    expect(db.select().from(contactSessions).where(eq(contactSessions.contactId, bad.contactId)).all()).toHaveLength(0);
    expect(refusal(() => replyToTopic(bad, topicId, { body: "hi" }))).toMatchObject({ status: 403, code: "communitySuspended" });
    // The member reads the last day of the suspension on the team's calendar, and why.
    try {
      replyToTopic(bad, topicId, { body: "hi" });
    } catch (error) {
      expect(isServiceError(error) && error.params).toEqual({ until: "2099-12-31", reason: "Repeated spam" });
    }
    expect(refusal(() => startTopic(bad, { category: "tips", title: "New topic here", body: "x" }))).toMatchObject({ code: "communitySuspended" });
    expect(refusal(() => likePost(bad, postId))).toMatchObject({ code: "communitySuspended" });
    expect(refusal(() => flagPost(bad, postId, { reason: "spam" }))).toMatchObject({ code: "communitySuspended" });
    unsuspendMember(csm, { memberId: bad.memberId });
    expect(replyToTopic(bad, topicId, { body: "sorry" }).held).toBe(false);
    expect(auditActions()).toEqual(expect.arrayContaining(["community.member_suspended", "community.member_unsuspended"]));
  });

  it("cannot reach staff: a csm suspending an admin is refused", async () => {
    const admin = staff("admin");
    const adminReader = await staffReader(admin);
    startTopic(adminReader, { category: "announcements", title: "Welcome all", body: "hello" });
    const adminMember = db.select().from(communityMembers).where(eq(communityMembers.userId, admin.id)).get()!;
    expect(refusal(() => suspendMember(staff("csm"), { memberId: adminMember.id, until: "2099-12-31", reason: "coup" }))).toMatchObject({
      status: 422,
      code: "communityStaffNotSuspendable",
    });
    expect(member(adminMember.id).suspendedUntil).toBeNull();
  });

  it("refuses an end date in the past", async () => {
    const m = await memberReader();
    expect(refusal(() => suspendMember(staff("csm"), { memberId: m.memberId, until: "2020-01-01", reason: "x" }))).toMatchObject({
      code: "communitySuspendPast",
    });
  });
});

describe("badges and trust levels", () => {
  it("awards badges from the events once, and levels from the nightly walk", async () => {
    const asker = await memberReader();
    const helper = await memberReader({ joinedDaysAgo: 20 });
    const { topicId } = startTopic(asker, { category: "questions", title: "Need help please", body: "?" });
    const replies = Array.from({ length: 4 }, (_, i) => replyToTopic(helper, topicId, { body: `answer ${i}` }));
    acceptAnswer(asker, replies[0].postId);
    expect(grantBadge(db, helper.memberId, "first_post")).toBe(false);
    const codes = badgesOf([helper.memberId, asker.memberId]);
    expect(codes.get(helper.memberId)?.map((b) => b.code)).toEqual(["first_post", "first_accepted_answer"]);
    expect(codes.get(asker.memberId)?.map((b) => b.code)).toEqual(["first_post"]);
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_member_badges WHERE member_id = ${helper.memberId}`).n).toBe(2);
    // 20 days here and posts written: basic; not yet member (fewer than 10 posts, no likes).
    expect(member(helper.memberId).trustLevel).toBe("basic");
    db.update(communityMembers)
      .set({ createdAt: new Date(Date.now() - 3 * 86_400_000) })
      .where(eq(communityMembers.id, asker.memberId))
      .run();
    refreshTrustLevelsBatch({ day: "2026-12-07", afterId: 0 });
    expect(member(asker.memberId).trustLevel).toBe("basic");
  });
});

describe("the console pages", () => {
  it("let a CSM agree with a flag from the queue, and refuse a made-up action with a 400", async () => {
    const { loader, action } = await import("../../app/routes/cs.community.moderation");
    const csm = createStaff("csm");
    const cookie = await staffCookie(csm.id);
    const author = await memberReader();
    const { postId } = startTopic(author, { category: "tips", title: "Cheap watches here", body: "Buy now" });
    flagPost(await memberReader(), postId, { reason: "spam" });
    const page = (await loader({ request: getRequest("/cs/community/moderation", cookie), params: {}, context: {} })) as {
      queue: { flagged: { postId: number; flags: { reason: string }[] }[] };
    };
    expect(page.queue.flagged.find((p) => p.postId === postId)?.flags.map((f) => f.reason)).toEqual(["spam"]);
    const bad = await action({
      request: formRequest("/cs/community/moderation", { intent: "explode", postId: String(postId) }, cookie),
      params: {},
      context: {},
    });
    expect((bad as unknown as { init: { status: number } }).init.status).toBe(400);
    expect(post(postId).hiddenAt).toBeNull();
    const noReason = await action({
      request: formRequest("/cs/community/moderation", { intent: "agree", postId: String(postId) }, cookie),
      params: {},
      context: {},
    });
    expect((noReason as unknown as { init: { status: number } }).init.status).toBe(400);
    await action({
      request: formRequest("/cs/community/moderation", { intent: "agree", postId: String(postId), reason: "Spam" }, cookie),
      params: {},
      context: {},
    });
    expect(post(postId).hiddenReason).toBe("Spam");
  });

  it("let an admin save the posting rules, and refuse a bad limit without writing", async () => {
    const { action } = await import("../../app/routes/cs.community.rules");
    const cookie = await staffCookie(createStaff("admin").id);
    const form: Record<string, string> = { holdFirstPosts: "on", newMemberHoldLinks: "3", blockedEn: "casino\ncasino\n", blockedJa: "副業\n" };
    for (const level of ["new", "basic", "member", "regular"])
      Object.assign(form, { [`${level}.postsPerHour`]: "7", [`${level}.linksPerPost`]: "4", [`${level}.mentionsPerPost`]: "2" });
    const bad = await action({ request: formRequest("/cs/community/rules", { ...form, "new.postsPerHour": "0" }, cookie), params: {}, context: {} });
    expect((bad as unknown as { init: { status: number } }).init.status).toBe(400);
    expect(getSetting("communityRules")).toEqual(DEFAULT_COMMUNITY_RULES);
    await action({ request: formRequest("/cs/community/rules", form, cookie), params: {}, context: {} });
    expect(getSetting("communityRules")).toMatchObject({
      holdFirstPosts: true,
      newMemberHoldLinks: 3,
      blockedWords: { en: ["casino"], ja: ["副業"] },
      limits: { new: { postsPerHour: 7, images: false } },
    });
    expect(auditActions()).toContain("settings.community_rules_updated");
  });
});

describe("the nightly trust-level walk", () => {
  it("is queued once per team day however often the worker asks, and its job lifts a member whose days have passed", async () => {
    const { scheduleTrustLevels } = await import("../../app/services/community-trust.server");
    const { runDueJobs } = await import("../../app/services/run-due-jobs.server");
    await import("../../app/jobs.server");
    const m = await memberReader({ joinedDaysAgo: 3 });
    startTopic(m, { category: "tips", title: "A tip from me", body: "tip" });
    db.update(communityMembers).set({ trustLevel: "new" }).where(eq(communityMembers.id, m.memberId)).run();
    const now = Date.now();
    scheduleTrustLevels(now);
    scheduleTrustLevels(now + 60_000);
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM jobs WHERE type = 'community.trust-levels'`).n).toBe(1);
    // Jobs the other tests' posts queued (notifications) are due too: run until none is left.
    while ((await runDueJobs({ clock: () => now + 120_000, limit: 100 })).claimed > 0);
    expect(member(m.memberId).trustLevel).toBe("basic");
  });
});

describe("a flagged post its author deletes", () => {
  it("leaves the queue, its flags closed without a judgement against anyone", async () => {
    const { deletePost: deleteOwnPost } = await import("../../app/services/community-delete-post.server");
    const { listModerationQueue } = await import("../../app/models/community-moderation.server");
    const author = await memberReader();
    const { topicId } = startTopic(await memberReader(), { category: "tips", title: "Tip with a reply", body: "tip" });
    const { postId } = replyToTopic(author, topicId, { body: "buy my stuff" });
    flagPost(await memberReader(), postId, { reason: "spam" });
    expect(listModerationQueue(db).flagged.map((p) => p.postId)).toContain(postId);
    deleteOwnPost(author, postId);
    expect(listModerationQueue(db).flagged.map((p) => p.postId)).not.toContain(postId);
    expect(db.select().from(communityFlags).where(eq(communityFlags.postId, postId)).get()).toMatchObject({ outcome: null });
    expect(db.select().from(communityFlags).where(eq(communityFlags.postId, postId)).get()!.resolvedAt).not.toBeNull();
  });
});
