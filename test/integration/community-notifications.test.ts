import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { allowManyPosts } from "../factories/community-moderation";
import { communityCategories, communityMembers, communityNotifications, communityWatches, jobs, outbox } from "../../db/schema";
import "../../app/jobs.server";
import { putEmailFrequency } from "../../app/models/community-notification.server";
import { ensureContactMember } from "../../app/models/community-member.server";
import { suppressAddress } from "../../app/models/suppression.server";
import { acceptAnswer } from "../../app/services/community-accept-answer.server";
import { editPost } from "../../app/services/community-edit-post.server";
import { likePost } from "../../app/services/community-like.server";
import { COMMUNITY_NOTIFY_JOB, runCommunityNotifyJob } from "../../app/services/community-notify.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { requireCommunityReader, type CommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { communityNotifyJob } from "../../app/jobs/job-types.server";
import { contactCookie, createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";
import { createContactMember, watch } from "../factories/community";
import { outboxEmails } from "../factories/outbox";

type Person = { reader: CommunityReader; memberId: number; email: string };

async function person(options: { segment?: "high" | "low" | "tech"; handle?: string; locale?: "en" | "ja" } = {}): Promise<Person> {
  const contact = createContact({ accountId: createAccount({ segment: options.segment ?? "tech" }).id, locale: options.locale ?? "en" });
  const member = ensureContactMember(db, contact);
  db.update(communityMembers)
    .set({ guidelinesAcceptedAt: new Date(), ...(options.handle ? { handle: options.handle } : {}) })
    .where(eq(communityMembers.id, member.id))
    .run();
  const reader = await requireCommunityReader(getRequest("/community", await contactCookie(contact.id)));
  return { reader, memberId: member.id, email: contact.email };
}

async function staffPerson(): Promise<Person> {
  const user = createStaff("csm");
  const reader = await requireCommunityReader(getRequest("/community", await staffCookie(user.id)));
  return { reader, memberId: 0, email: user.email };
}

/** Runs every queued notification job of this file by hand (the worker's handler does the same). */
async function runNotifyJobs() {
  const queued = db
    .select()
    .from(jobs)
    .where(and(eq(jobs.type, COMMUNITY_NOTIFY_JOB), eq(jobs.status, "queued")))
    .all();
  for (const job of queued) {
    await runCommunityNotifyJob(communityNotifyJob.parse(job.payload));
    db.update(jobs).set({ status: "done" }).where(eq(jobs.id, job.id)).run();
  }
  return queued;
}

const notificationsOf = (memberId: number) => db.select().from(communityNotifications).where(eq(communityNotifications.recipientId, memberId)).all();
const emailsTo = (email: string) => outboxEmails(eq(outbox.toEmail, email));
const notifyJobCount = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM jobs WHERE type = ${COMMUNITY_NOTIFY_JOB}`).n;

describe("community notifications", () => {
  let asker: Person;
  let answerer: Person;
  beforeAll(async () => {
    allowManyPosts();
    asker = await person({ handle: "asker" });
    answerer = await person({ handle: "answerer" });
    await runNotifyJobs();
  });

  it("a reply queues one job and writes nothing else for others; the job tells the topic's author once, never the replier", async () => {
    const { topicId } = startTopic(asker.reader, { category: "questions", title: "Exporting by week", body: "How do I export by week?" });
    await runNotifyJobs();
    const jobsBefore = notifyJobCount();
    const { postId } = replyToTopic(answerer.reader, topicId, { body: "Use the weekly filter, then Export." });
    expect(notifyJobCount()).toBe(jobsBefore + 1);
    expect(notificationsOf(asker.memberId).filter((n) => n.postId === postId)).toHaveLength(0);

    await runNotifyJobs();
    const told = notificationsOf(asker.memberId).filter((n) => n.postId === postId);
    expect(told.map((n) => n.kind)).toEqual(["reply_to_topic"]);
    expect(notificationsOf(answerer.memberId).filter((n) => n.postId === postId)).toHaveLength(0);
    // The replier now watches the topic (the default for topics you replied to).
    const level = db
      .select({ level: communityWatches.level })
      .from(communityWatches)
      .where(and(eq(communityWatches.memberId, answerer.memberId), eq(communityWatches.topicId, topicId)))
      .get();
    expect(level?.level).toBe("watching");
  });

  it("the job runs through the worker's handler too", async () => {
    const { topicId } = startTopic(asker.reader, { category: "tips", title: "A tip about tags", body: "Tag detractors by theme." });
    const { postId } = replyToTopic(answerer.reader, topicId, { body: "Nice tip." });
    const summary = await runDueJobs({ limit: 50 });
    expect(summary.dead).toBe(0);
    expect(
      notificationsOf(asker.memberId)
        .filter((n) => n.postId === postId)
        .map((n) => n.kind),
    ).toEqual(["reply_to_topic"]);
  });

  it("a retried job writes no second notification and queues no second email", async () => {
    putEmailFrequency(db, asker.memberId, "instant", Date.now());
    const { topicId } = startTopic(asker.reader, { category: "questions", title: "Retry safety", body: "Does a retry send twice?" });
    const { postId } = replyToTopic(answerer.reader, topicId, { body: "It should not." });
    const payload = { event: "post" as const, postId, actorId: answerer.memberId };
    const first = await runCommunityNotifyJob(payload);
    const again = await runCommunityNotifyJob(payload);
    expect(first).toMatchObject({ notified: 1, emailed: 1 });
    expect(again).toMatchObject({ notified: 0, emailed: 0 });
    expect(notificationsOf(asker.memberId).filter((n) => n.postId === postId)).toHaveLength(1);
    expect(emailsTo(asker.email).filter((e) => e.subject.includes("Retry safety"))).toHaveLength(1);
    await runNotifyJobs();
    expect(emailsTo(asker.email).filter((e) => e.subject.includes("Retry safety"))).toHaveLength(1);
    putEmailFrequency(db, asker.memberId, "daily", Date.now());
  });

  it("an instant email carries a one-click unsubscribe for its kind, as a slot, never a working token", async () => {
    putEmailFrequency(db, asker.memberId, "instant", Date.now());
    const { topicId } = startTopic(asker.reader, { category: "questions", title: "Header check", body: "Headers?" });
    replyToTopic(answerer.reader, topicId, { body: "Here." });
    await runNotifyJobs();
    const [email] = emailsTo(asker.email).filter((e) => e.subject.includes("Header check"));
    expect(email.headers).toMatchObject({
      "List-Unsubscribe": "<http://localhost:3000/community/unsubscribe/KZCOMMUNSUBTOKEN>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(email.links).toEqual({ kind: "community-unsubscribe", memberId: asker.memberId, emailKind: "reply_to_topic" });
    expect(email.html).toContain("/community/unsubscribe/KZCOMMUNSUBTOKEN");
    putEmailFrequency(db, asker.memberId, "daily", Date.now());
  });

  it("a mention of a member who may not read the restricted category tells them nothing; one who may is told", async () => {
    const outsider = await person({ segment: "tech", handle: "outsider" });
    const insider = await person({ segment: "high", handle: "insider" });
    const highOnly = db
      .insert(communityCategories)
      .values({ slug: "high-touch", kind: "discussion", nameEn: "High touch", nameJa: "ハイタッチ", segments: ["high"] })
      .returning()
      .get();
    const author = await person({ segment: "high" });
    startTopic(author.reader, { category: highOnly.slug, title: "For high touch only", body: "Hello @outsider and @insider" });
    await runNotifyJobs();
    expect(notificationsOf(outsider.memberId)).toHaveLength(0);
    expect(notificationsOf(insider.memberId).map((n) => n.kind)).toEqual(["mention"]);
  });

  it("a member watching the topic and mentioned gets one notification, the mention; a muting one gets none", async () => {
    const watcher = await person({ handle: "watcher1" });
    const muter = await person({ handle: "muter1" });
    const { topicId } = startTopic(asker.reader, { category: "questions", title: "Watchers", body: "Anyone?" });
    watch([watcher.memberId], { topicId }, "watching");
    watch([muter.memberId], { topicId }, "muted");
    await runNotifyJobs();
    const { postId } = replyToTopic(answerer.reader, topicId, { body: "cc @watcher1 @muter1" });
    await runNotifyJobs();
    expect(
      notificationsOf(watcher.memberId)
        .filter((n) => n.postId === postId)
        .map((n) => n.kind),
    ).toEqual(["mention"]);
    expect(notificationsOf(muter.memberId)).toHaveLength(0);
  });

  it("watchers of a topic's category hear of new posts; 300 watchers are told once each, in chunks, and a re-run adds nobody", async () => {
    const category = db.select().from(communityCategories).where(eq(communityCategories.slug, "tips")).get()!;
    const watchers = Array.from({ length: 300 }, () => createContactMember({}, { guidelinesAcceptedAt: new Date() }));
    watch(
      watchers.map((m) => m.id),
      { categoryId: category.id },
      "watching",
    );
    const { postId } = startTopic(asker.reader, { category: "tips", title: "Category watchers", body: "Hello all." });
    await runNotifyJobs();
    const count = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_notifications WHERE post_id = ${postId}`).n;
    expect(count()).toBe(300);
    expect((await runCommunityNotifyJob({ event: "post", postId, actorId: asker.memberId })).notified).toBe(0);
    expect(count()).toBe(300);
    db.delete(communityWatches).where(eq(communityWatches.categoryId, category.id)).run();
  });

  it("a suppressed (bounced) address gets the notification in the portal but no email", async () => {
    const bounced = await person();
    putEmailFrequency(db, bounced.memberId, "instant", Date.now());
    suppressAddress(db, bounced.email, "bounced", null);
    const { topicId } = startTopic(bounced.reader, { category: "questions", title: "Bounced author", body: "My mail bounces." });
    replyToTopic(answerer.reader, topicId, { body: "Answer." });
    await runNotifyJobs();
    expect(notificationsOf(bounced.memberId).map((n) => n.kind)).toEqual(["reply_to_topic"]);
    expect(emailsTo(bounced.email)).toHaveLength(0);
  });

  it("likes group into one notification per post that counts them; an accepted answer tells the answerer", async () => {
    const third = await person();
    const { topicId } = startTopic(asker.reader, { category: "questions", title: "Likes and answers", body: "Question?" });
    const { postId } = replyToTopic(answerer.reader, topicId, { body: "Answer!" });
    likePost(asker.reader, postId);
    likePost(third.reader, postId);
    acceptAnswer(asker.reader, postId);
    await runNotifyJobs();
    const told = notificationsOf(answerer.memberId).filter((n) => n.postId === postId);
    expect(told.map((n) => [n.kind, n.count]).sort()).toEqual([
      ["answer_accepted", 1],
      ["like", 2],
    ]);
    const like = told.find((n) => n.kind === "like")!;
    expect(like.actorId).toBe(third.memberId);
    // The same like job again counts nothing twice.
    await runCommunityNotifyJob({ event: "like", postId, actorId: third.memberId });
    expect(notificationsOf(answerer.memberId).filter((n) => n.kind === "like" && n.postId === postId)[0].count).toBe(2);
  });

  it("staff are told of replies to their topics too", async () => {
    const staff = await staffPerson();
    const { topicId } = startTopic(staff.reader, { category: "announcements", title: "Maintenance on Sunday", body: "Short downtime." });
    const { postId } = replyToTopic(answerer.reader, topicId, { body: "Thanks!" });
    await runNotifyJobs();
    const staffMember =
      staff.reader.viewer.kind === "staff" ? db.select().from(communityMembers).where(eq(communityMembers.userId, staff.reader.viewer.user.id)).get()! : null;
    expect(
      notificationsOf(staffMember!.id)
        .filter((n) => n.postId === postId)
        .map((n) => n.kind),
    ).toEqual(["reply_to_topic"]);
  });

  it("an edit that mentions someone new tells only them, once; a mention already there, or a member already told of the post, is not told again", async () => {
    const known = await person({ handle: "known1" });
    const added = await person({ handle: "added1" });
    const later = await person({ handle: "later1" });
    putEmailFrequency(db, added.memberId, "instant", Date.now());
    const { topicId } = startTopic(asker.reader, { category: "questions", title: "Mentions by edit", body: "Where is the export?" });
    await runNotifyJobs();
    const { postId } = replyToTopic(answerer.reader, topicId, { body: "Ask @known1." });
    await runNotifyJobs();
    const told = (memberId: number) =>
      notificationsOf(memberId)
        .filter((n) => n.postId === postId)
        .map((n) => n.kind);
    expect(told(known.memberId)).toEqual(["mention"]);

    // An edit adding no mention queues nothing.
    const before = notifyJobCount();
    editPost(answerer.reader, postId, { body: "Ask @known1, please." });
    expect(notifyJobCount()).toBe(before);

    // The edit adds @added1 (and names @asker, already told of this reply as the topic's author; @known1 leaves).
    editPost(answerer.reader, postId, { body: "Ask @added1; @asker can check." });
    expect(notifyJobCount()).toBe(before + 1);
    expect(told(added.memberId)).toEqual([]);
    await runNotifyJobs();
    expect(told(added.memberId)).toEqual(["mention"]);
    expect(emailsTo(added.email).filter((e) => e.subject.includes("Mentions by edit"))).toHaveLength(1);
    expect(told(known.memberId)).toEqual(["mention"]);
    expect(told(asker.memberId)).toEqual(["reply_to_topic"]);

    // Dropping a mention and writing it again is no news; a third edit's new name is.
    editPost(answerer.reader, postId, { body: "Ask @known1." });
    editPost(answerer.reader, postId, { body: "Ask @added1 or @later1." });
    await runNotifyJobs();
    expect(told(added.memberId)).toEqual(["mention"]);
    expect(told(later.memberId)).toEqual(["mention"]);
    expect(emailsTo(added.email).filter((e) => e.subject.includes("Mentions by edit"))).toHaveLength(1);
    // The same job again (a retry) tells nobody twice.
    const [last] = db
      .select()
      .from(jobs)
      .where(eq(jobs.type, COMMUNITY_NOTIFY_JOB))
      .orderBy(sql`${jobs.id} DESC`)
      .limit(1)
      .all();
    expect(await runCommunityNotifyJob(communityNotifyJob.parse(last.payload))).toMatchObject({ notified: 0 });
  });
});
