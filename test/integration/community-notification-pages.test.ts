import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { communityCategories, communityEmailUnsubscribes, communityMembers, communityNotifications, communityWatches, jobs, outbox } from "../../db/schema";
import { communityNotifyJob } from "../../app/jobs/job-types.server";
import { ensureContactMember } from "../../app/models/community-member.server";
import { putEmailFrequency } from "../../app/models/community-notification.server";
import { action as notificationsAction, loader as notificationsLoader } from "../../app/routes/community_.notifications";
import { action as preferencesAction, loader as preferencesLoader } from "../../app/routes/community_.preferences";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "../../app/routes/community_.unsubscribe.$token";
import { action as watchAction } from "../../app/routes/community_.watch";
import { loader as portalLoader } from "../../app/routes/portal";
import { COMMUNITY_NOTIFY_JOB, runCommunityNotifyJob } from "../../app/services/community-notify.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { requireCommunityReader, type CommunityReader } from "../../app/utils/community-access.server";
import { db, sqlite } from "../../app/utils/db.server";
import { fillLinks } from "../../app/utils/email-links.server";
import { contactCookie, createAccount, createContact, formRequest, getRequest } from "../factories";
import { outboxEmails } from "../factories/outbox";

type Person = { reader: CommunityReader; memberId: number; email: string; cookie: string };

async function person(segment: "high" | "low" | "tech" = "tech", locale: "en" | "ja" = "en"): Promise<Person> {
  const contact = createContact({ accountId: createAccount({ segment }).id, locale });
  const member = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, member.id)).run();
  const cookie = await contactCookie(contact.id);
  return { reader: await requireCommunityReader(getRequest("/community", cookie)), memberId: member.id, email: contact.email, cookie };
}

async function runNotifyJobs() {
  for (const job of db
    .select()
    .from(jobs)
    .where(and(eq(jobs.type, COMMUNITY_NOTIFY_JOB), eq(jobs.status, "queued")))
    .all()) {
    await runCommunityNotifyJob(communityNotifyJob.parse(job.payload));
    db.update(jobs).set({ status: "done" }).where(eq(jobs.id, job.id)).run();
  }
}

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const statusOf = (result: unknown) => (result instanceof Response ? result.status : ((result as { init?: ResponseInit | null }).init?.status ?? 200));
const payloadOf = <T>(result: unknown) => (result as { data: T }).data;
const totalChanges = () => (sqlite().prepare("SELECT total_changes() AS n").get() as { n: number }).n;
const stopped = (memberId: number) =>
  db
    .select({ kind: communityEmailUnsubscribes.kind })
    .from(communityEmailUnsubscribes)
    .where(eq(communityEmailUnsubscribes.memberId, memberId))
    .all()
    .map((row) => row.kind)
    .sort();

/** The unsubscribe token as the sent email carries it (the worker fills the slot the same way). */
function unsubscribeTokenIn(email: string, subjectPart: string): string {
  const row = outboxEmails(eq(outbox.toEmail, email)).find((e) => e.subject.includes(subjectPart))!;
  const sent = fillLinks({ html: row.html, text: row.text, headers: row.headers }, row.links);
  return /\/community\/unsubscribe\/([A-Za-z0-9_-]+)>/.exec(sent.headers["List-Unsubscribe"])![1];
}

async function getUnsubscribe(token: string) {
  return unsubscribeLoader(args(getRequest(`/community/unsubscribe/${token}`), { token }));
}

describe("community notification pages", () => {
  let author: Person;
  let replier: Person;
  let replyToken: string;
  let mentionToken: string;
  beforeAll(async () => {
    author = await person();
    replier = await person();
    db.update(communityMembers).set({ handle: "pageauthor" }).where(eq(communityMembers.id, author.memberId)).run();
    putEmailFrequency(db, author.memberId, "instant", Date.now());
    const { topicId } = startTopic(author.reader, { category: "questions", title: "Unsubscribe kinds", body: "Question." });
    replyToTopic(replier.reader, topicId, { body: "A reply." });
    const other = startTopic(replier.reader, { category: "tips", title: "Mention kinds", body: "Thanks @pageauthor" });
    await runNotifyJobs();
    replyToken = unsubscribeTokenIn(author.email, "Unsubscribe kinds");
    mentionToken = unsubscribeTokenIn(author.email, "Mention kinds");
    expect(other.topicId).toBeGreaterThan(0);
  });

  it("a GET on the unsubscribe link shows what it stops and changes nothing", async () => {
    const before = totalChanges();
    const page = await getUnsubscribe(replyToken);
    expect(statusOf(page)).toBe(200);
    expect(payloadOf(page)).toMatchObject({ state: "subscribed", kind: "reply_to_topic" });
    expect(totalChanges()).toBe(before);
    expect(stopped(author.memberId)).toEqual([]);
  });

  it("one-click (RFC 8058) stops only the kind its token was made for; another kind's emails keep coming", async () => {
    const reply = await unsubscribeAction(
      args(formRequest(`/community/unsubscribe/${replyToken}`, { "List-Unsubscribe": "One-Click" }), { token: replyToken }),
    );
    expect(statusOf(reply)).toBe(200);
    expect(stopped(author.memberId)).toEqual(["reply_to_topic"]);

    // A new mention still emails; a new reply does not.
    const { topicId } = startTopic(author.reader, { category: "questions", title: "After unsubscribing", body: "Again?" });
    replyToTopic(replier.reader, topicId, { body: "Reply, and cc @pageauthor" });
    const { topicId: second } = startTopic(author.reader, { category: "questions", title: "Plain reply after", body: "Again?" });
    replyToTopic(replier.reader, second, { body: "Just a reply." });
    await runNotifyJobs();
    const subjects = outboxEmails(eq(outbox.toEmail, author.email)).map((e) => e.subject);
    expect(subjects.some((s) => s.includes("mentioned you") && s.includes("After unsubscribing"))).toBe(true);
    expect(subjects.some((s) => s.includes("Plain reply after"))).toBe(false);

    // The mention link then stops mentions, through the page's own button.
    const done = await unsubscribeAction(args(formRequest(`/community/unsubscribe/${mentionToken}`, { intent: "unsubscribe" }), { token: mentionToken }));
    expect(payloadOf(done)).toEqual({ outcome: "stopped" });
    expect(stopped(author.memberId)).toEqual(["mention", "reply_to_topic"]);
  });

  it("an unknown or malformed token is a 404 and writes nothing", async () => {
    const before = totalChanges();
    expect(statusOf(await getUnsubscribe("x".repeat(43)))).toBe(404);
    expect(statusOf(await getUnsubscribe("bad token"))).toBe(404);
    const post = await unsubscribeAction(
      args(formRequest(`/community/unsubscribe/${"y".repeat(43)}`, { "List-Unsubscribe": "One-Click" }), { token: "y".repeat(43) }),
    );
    expect(statusOf(post)).toBe(404);
    expect(totalChanges()).toBe(before);
  });

  it("the list shows unread first, marks read only by POST and only the member's own; the portal header counts unread", async () => {
    const list = await notificationsLoader(args(getRequest("/community/notifications", author.cookie)));
    expect(list.unread).toBeGreaterThanOrEqual(3);
    expect(list.items[0].unread).toBe(true);
    const header = (await portalLoader(args(getRequest("/portal", author.cookie)))) as { unreadNotifications: number };
    expect(header.unreadNotifications).toBe(list.unread);

    // Someone else's POST with the author's notification id changes nothing.
    const theirs = await notificationsAction(args(formRequest("/community/notifications", { intent: "read", id: String(list.items[0].id) }, replier.cookie)));
    expect(statusOf(theirs)).toBe(303);
    expect(db.select().from(communityNotifications).where(eq(communityNotifications.id, list.items[0].id)).get()!.readAt).toBeNull();

    await notificationsAction(args(formRequest("/community/notifications", { intent: "read", id: String(list.items[0].id) }, author.cookie)));
    const after = await notificationsLoader(args(getRequest("/community/notifications", author.cookie)));
    expect(after.unread).toBe(list.unread - 1);
    // The read one moved after the unread ones.
    expect(after.items.findIndex((item) => item.id === list.items[0].id)).toBe(after.unread);

    await notificationsAction(args(formRequest("/community/notifications", { intent: "readAll" }, author.cookie)));
    expect(((await portalLoader(args(getRequest("/portal", author.cookie)))) as { unreadNotifications: number }).unreadNotifications).toBe(0);
  });

  it("bad input is a 400 that writes nothing", async () => {
    const before = totalChanges();
    expect(statusOf(await notificationsAction(args(formRequest("/community/notifications", { intent: "read", id: "abc" }, author.cookie))))).toBe(400);
    expect(statusOf(await preferencesAction(args(formRequest("/community/preferences", { intent: "email", frequency: "hourly" }, author.cookie))))).toBe(400);
    expect(
      statusOf(await watchAction(args(formRequest("/community/watch", { intent: "watch", target: "topic", id: "1", level: "loud" }, author.cookie)))),
    ).toBe(400);
    await expect(notificationsLoader(args(getRequest("/community/notifications?page=-3", author.cookie)))).rejects.toMatchObject({ init: { status: 400 } });
    expect(totalChanges()).toBe(before);
  });

  it("the preferences page saves the frequency and the kinds left checked", async () => {
    const saved = await preferencesAction(
      args(formRequest("/community/preferences", { intent: "email", frequency: "daily", kinds: ["mention", "like", "digest"] }, replier.cookie)),
    );
    expect(statusOf(saved)).toBe(303);
    const page = await preferencesLoader(args(getRequest("/community/preferences", replier.cookie)));
    expect(page.frequency).toBe("daily");
    expect(page.enabled.sort()).toEqual(["digest", "like", "mention"]);
  });

  it("a member cannot watch a category restricted to another segment (404), and can mute a topic", async () => {
    const highOnly = db
      .insert(communityCategories)
      .values({ slug: "pages-high", kind: "discussion", nameEn: "High", nameJa: "ハイ", segments: ["high"] })
      .returning()
      .get();
    const refused = await watchAction(
      args(formRequest("/community/watch", { intent: "watch", target: "category", id: String(highOnly.id), level: "watching" }, replier.cookie)),
    );
    expect(statusOf(refused)).toBe(404);
    expect(db.select().from(communityWatches).where(eq(communityWatches.categoryId, highOnly.id)).all()).toHaveLength(0);

    const { topicId } = startTopic(author.reader, { category: "questions", title: "To be muted", body: "Mute me." });
    await runNotifyJobs();
    const muted = await watchAction(
      args(
        formRequest(
          "/community/watch",
          { intent: "watch", target: "topic", id: String(topicId), level: "muted", redirectTo: `/community/t/${topicId}` },
          author.cookie,
        ),
      ),
    );
    expect(statusOf(muted)).toBe(303);
    expect((muted as Response).headers.get("Location")).toBe(`/community/t/${topicId}`);
    replyToTopic(replier.reader, topicId, { body: "Nobody hears this." });
    await runNotifyJobs();
    expect(db.all(sql`SELECT recipient_id, kind FROM community_notifications WHERE topic_id = ${topicId} AND recipient_id = ${author.memberId}`)).toEqual([]);
  });

  it("a category page shows the member's watch level, and its form (the topic page's) watches the category and comes back", async () => {
    const { loader: categoryLoader } = await import("../../app/routes/community.c.$slug");
    const load = async () =>
      (await categoryLoader(args(getRequest("/community/c/tips", author.cookie), { slug: "tips" }))) as { watchLevel: string; categoryId: number };
    const before = await load();
    expect(before.watchLevel).toBe("tracking");
    const saved = await watchAction(
      args(
        formRequest(
          "/community/watch",
          { intent: "watch", target: "category", id: String(before.categoryId), level: "watching", redirectTo: "/community/c/tips" },
          author.cookie,
        ),
      ),
    );
    expect((saved as Response).headers.get("Location")).toBe("/community/c/tips");
    expect((await load()).watchLevel).toBe("watching");
    // Watching the category, the member hears of a new topic in it.
    const { topicId } = startTopic((await person()).reader, { category: "tips", title: "A tip for the watchers", body: "Use filters." });
    await runNotifyJobs();
    expect(db.all(sql`SELECT kind FROM community_notifications WHERE topic_id = ${topicId} AND recipient_id = ${author.memberId}`)).not.toEqual([]);
  });
});
