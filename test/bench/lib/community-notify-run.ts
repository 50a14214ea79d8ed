/**
 * Run as its own process against DATABASE_URL (a fresh migrated database): builds a community
 * with a topic of 1,000 watchers and a topic with none, then times, in this process, posting
 * replies through the community service (the reply's whole transaction, the notifications
 * listener included), the fan-out job of one reply to the watched topic, and the notification
 * list page's loader for a member with many notifications. Prints `RESULT <json>`.
 */
import { sql } from "drizzle-orm";
import { communityMembers, communityNotifications } from "../../../db/schema";
import { loader as notificationsLoader } from "../../../app/routes/community_.notifications";
import { runCommunityNotifyJob } from "../../../app/services/community-notify.server";
import { replyToTopic } from "../../../app/services/community-reply.server";
import { startTopic } from "../../../app/services/community-start-topic.server";
import { requireCommunityReader } from "../../../app/utils/community-access.server";
import { db } from "../../../app/utils/db.server";
import { contactCookie, getRequest } from "../../factories";
import { createContactMember, createReply, watch } from "../../factories/community";

const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 1000);
const REPLIES = Number(process.env.BENCH_REPLIES ?? 200);
const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? 5000);
const PAGE_LOADS = Number(process.env.BENCH_PAGE_LOADS ?? 300);

const p = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};

async function readerOf(member: { contactId: number | null }) {
  return requireCommunityReader(getRequest("/community", await contactCookie(member.contactId!)));
}

const accepted = { guidelinesAcceptedAt: new Date() };
const author = createContactMember({}, accepted);
const replier = createContactMember({}, accepted);
const authorReader = await readerOf(author);
const replierReader = await readerOf(replier);

const watched = startTopic(authorReader, { category: "questions", title: "A topic a thousand members watch", body: "Watch this." });
const quiet = startTopic(authorReader, { category: "questions", title: "A topic nobody watches", body: "Quiet here." });
const watchers: number[] = [];
for (let i = 0; i < WATCHERS; i++) watchers.push(createContactMember({}, accepted).id);
watch(watchers, { topicId: watched.topicId }, "watching");
// The quiet topic: its author mutes it, so a reply there notifies nobody (the baseline).
db.run(sql`UPDATE community_watches SET level = 'muted' WHERE topic_id = ${quiet.topicId}`);

const timeReply = (topicId: number) => {
  const started = performance.now();
  replyToTopic(replierReader, topicId, { body: "A reply of the usual length, with a sentence or two of help in it." });
  return performance.now() - started;
};
// Warm-up, then alternate, so both see the same machine load.
for (let i = 0; i < 20; i++) timeReply(i % 2 ? watched.topicId : quiet.topicId);
const watchedMs: number[] = [];
const quietMs: number[] = [];
for (let i = 0; i < REPLIES; i++) {
  watchedMs.push(timeReply(watched.topicId));
  quietMs.push(timeReply(quiet.topicId));
}

// One reply's fan-out job, as the worker runs it (1,000 in-app notifications + emails for the instant ones).
const { postId } = replyToTopic(replierReader, watched.topicId, { body: "The reply whose fan-out is timed." });
const fanOutStarted = performance.now();
const fanOut = await runCommunityNotifyJob({ event: "post", postId, actorId: replier.id });
const fanOutMs = performance.now() - fanOutStarted;

// A member with many notifications (a third unread), then the list page's loader.
const reader = createContactMember({}, accepted);
// Enough posts that every notification is its own (recipient, kind, post).
for (let i = 0; i < NOTIFICATIONS / 4; i++) createReply({ id: quiet.topicId }, replier);
const posts = db.all<{ id: number; topicId: number }>(sql`SELECT id, topic_id AS topicId FROM community_posts ORDER BY id`);
const base = Date.now() - NOTIFICATIONS * 60_000;
for (let at = 0; at < NOTIFICATIONS; at += 500) {
  const rows = [];
  for (let i = at; i < Math.min(NOTIFICATIONS, at + 500); i++) {
    const post = posts[i % posts.length];
    rows.push({
      recipientId: reader.id,
      kind: (["reply_to_topic", "reply_to_post", "mention", "answer_accepted", "like", "watched_topic"] as const)[Math.floor(i / posts.length) % 6],
      topicId: post.topicId,
      postId: post.id,
      actorId: replier.id,
      createdAt: new Date(base + i * 60_000),
      readAt: i % 3 === 0 ? null : new Date(base + i * 60_000 + 1000),
    });
  }
  db.insert(communityNotifications).values(rows).onConflictDoNothing().run();
}
const stored = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_notifications WHERE recipient_id = ${reader.id}`).n;
const cookie = await contactCookie(reader.contactId!);
const pageMs: number[] = [];
const deepMs: number[] = [];
for (let i = 0; i < 20; i++) await notificationsLoader({ request: getRequest("/community/notifications", cookie), params: {}, context: {} });
for (let i = 0; i < PAGE_LOADS; i++) {
  let started = performance.now();
  await notificationsLoader({ request: getRequest("/community/notifications", cookie), params: {}, context: {} });
  pageMs.push(performance.now() - started);
  started = performance.now();
  await notificationsLoader({ request: getRequest("/community/notifications?page=100", cookie), params: {}, context: {} });
  deepMs.push(performance.now() - started);
}
const members = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${communityMembers}`).n;

process.stdout.write(
  `RESULT ${JSON.stringify({
    members,
    watchers: WATCHERS,
    replies: REPLIES,
    watchedP95: p(watchedMs, 0.95),
    watchedP50: p(watchedMs, 0.5),
    quietP95: p(quietMs, 0.95),
    quietP50: p(quietMs, 0.5),
    fanOutMs,
    fanOutNotified: fanOut.notified,
    notifications: stored,
    pageP95: p(pageMs, 0.95),
    deepPageP95: p(deepMs, 0.95),
  })}\n`,
);
