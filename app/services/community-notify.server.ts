import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityNotifications, communityPostRevisions, communityPosts, type CommunityEmailKind, type NotificationKind } from "../../db/schema";
import { addedMentions, emailPlan, excerpt, groupedLike, postRecipients } from "../domain/community-notify";
import { LINK_SLOTS } from "../domain/email-links";
import { mentionsIn } from "../domain/mentions";
import { staffEmailLanguage } from "../domain/staff-language";
import { communityNotifyJob, type CommunityNotifyPayload } from "../jobs/job-types.server";
import type { Language } from "../locales";
import { findMemberByHandle } from "../models/community-member.server";
import {
  authorOfPostInTopic,
  eligibleRecipients,
  findPublishedPostFacts,
  insertNewNotifications,
  isVisiblePost,
  rememberUnsubscribeToken,
  watchersOf,
  watchTopicUnlessSet,
  type NotificationToWrite,
  type PostFacts,
  type Recipient,
} from "../models/community-notification.server";
import { teamTimeZone } from "../models/settings.server";
import { sha256 } from "../utils/crypto.server";
import { db, transaction } from "../utils/db.server";
import { communityUnsubscribeToken } from "../utils/email-links.server";
import { enqueueEmail, renderEmail, type RenderedEmail } from "../utils/email.server";
import { env } from "../utils/env.server";
import type { CommunityEvent } from "./community-events.server";

/*
 * Community notifications: who hears of a post, an accepted answer or a like, in the portal and
 * by email. The posting services call the seams below inside their own transaction; the heavy
 * part (a topic with thousands of watchers) runs as a job, so posting never waits on it.
 */

export const COMMUNITY_NOTIFY_JOB = communityNotifyJob.type;

/** Recipients written per transaction: short write locks, so web requests interleave with a big fan-out. */
export const FAN_OUT_CHUNK = 250;

/**
 * The seam for a post made visible (a topic or reply published at once, or a held post approved
 * by moderation): in that transaction, the author watches the topic (their own, or one they
 * replied to) unless they already chose a level, and ONE job is queued for the fan-out. A post
 * still held queues nothing; calling it again for the same post queues nothing more.
 */
export function queuePostPublished(tx: Db, postId: number, now = Date.now()): number | null {
  const post = tx
    .select({ topicId: communityPosts.topicId, authorId: communityPosts.authorId, state: communityPosts.state })
    .from(communityPosts)
    .where(eq(communityPosts.id, postId))
    .get();
  if (!post || post.state !== "published") return null;
  watchTopicUnlessSet(tx, post.authorId, post.topicId, "watching", now);
  return communityNotifyJob.enqueue(tx, { event: "post", postId, actorId: post.authorId }, {}, now);
}

/**
 * The notifications area's listener on the community events seam (app/services/community-events.server.ts):
 * one quick write per event — a job — in the event's own transaction.
 */
export function communityNotificationsListener(tx: Db, event: CommunityEvent): void {
  switch (event.kind) {
    case "topicStarted":
    case "replied":
      queuePostPublished(tx, event.postId);
      return;
    case "liked":
      communityNotifyJob.enqueue(tx, { event: "like", postId: event.postId, actorId: event.memberId });
      return;
    case "answerAccepted":
      communityNotifyJob.enqueue(tx, { event: "accepted", postId: event.postId, actorId: event.memberId });
      return;
    case "postEdited":
      queueMentionsAdded(tx, event.postId, event.memberId);
      return;
    default:
      return;
  }
}

/** The job: one event's notifications. */
export async function runCommunityNotifyJob(payload: CommunityNotifyPayload, now = Date.now()): Promise<FanOutOutcome> {
  if (payload.event === "post") return notifyPostPublished(payload.postId, now);
  if (payload.event === "like") return notifyLiked(payload.postId, payload.actorId, now);
  if (payload.event === "mentionsAdded") return notifyMentionsAdded(payload.postId, payload.memberIds ?? [], now);
  return notifyAnswerAccepted(payload.postId, payload.actorId, now);
}

export type FanOutOutcome = { notified: number; emailed: number; skipped?: "missing" | "not-visible" | "nobody" };

const postUrl = (topicId: number, postNumber: number) => `${env().APP_URL}/community/t/${topicId}${postNumber > 1 ? `#post-${postNumber}` : ""}`;
const communityUrl = (path: string) => `${env().APP_URL}/community/${path}`;
const unsubscribeUrl = () => communityUrl(`unsubscribe/${LINK_SLOTS.communityUnsubscribe}`);

/** The language an email to this recipient is written in: the contact's locale, or the staff user's own (else the team's). */
export function recipientLanguage(recipient: Pick<Recipient, "isStaff" | "locale">): Language {
  return recipient.isStaff ? staffEmailLanguage(recipient.locale, teamTimeZone()) : (recipient.locale ?? "en");
}

/**
 * Writes one community email into the outbox with a one-click unsubscribe for `kind` (RFC 8058).
 * The link holds a slot; the worker derives the token when it sends (decision 027), and its hash
 * is kept here so the landing page can find whom it stops.
 */
export function enqueueCommunityEmail(
  tx: Db,
  recipient: Pick<Recipient, "memberId" | "contactId" | "email">,
  kind: CommunityEmailKind,
  template: "community-notification" | "community-digest",
  language: Language,
  rendered: RenderedEmail,
  now = Date.now(),
): number {
  rememberUnsubscribeToken(tx, sha256(communityUnsubscribeToken(recipient.memberId, kind)), recipient.memberId, kind);
  return enqueueEmail(
    tx,
    {
      template,
      to: recipient.email,
      locale: language,
      contactId: recipient.contactId,
      ...rendered,
      headers: { "List-Unsubscribe": `<${unsubscribeUrl()}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      tags: [{ name: "kind", value: kind }],
      links: { kind: "community-unsubscribe", memberId: recipient.memberId, emailKind: kind },
    },
    now,
  );
}

type EmailPlan = ReturnType<typeof emailPlan>;
const planFor = (recipient: Recipient, kind: NotificationKind): EmailPlan =>
  recipient.suppressed ? "none" : emailPlan(recipient.frequency, kind, recipient.stopped);

function renderNotification(post: PostFacts, kind: NotificationKind, language: Language, count = 1) {
  return renderEmail(
    "community-notification",
    {
      kind,
      actorName: post.actorName,
      topicTitle: post.topicTitle,
      excerpt: kind === "like" || kind === "answer_accepted" ? "" : excerpt(post.source),
      count,
      postUrl: postUrl(post.topicId, post.postNumber),
      preferencesUrl: communityUrl("preferences"),
      unsubscribeUrl: unsubscribeUrl(),
    },
    language,
  );
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The job: notifies the topic's author, the author of the post replied to, the members
 * mentioned and the watchers of the topic and its category — each once, with their strongest
 * reason; never the author, nor anyone muting the topic, suspended, or unable to read the
 * category, and nobody at all for a post that is held, hidden or deleted. Recipients go in
 * chunks, each chunk one transaction with its instant emails, so a re-run (after a crash, or a
 * second call) writes nothing that exists and sends nothing twice.
 */
export async function notifyPostPublished(postId: number, now = Date.now()): Promise<FanOutOutcome> {
  const post = findPublishedPostFacts(postId);
  if (!post) return { notified: 0, emailed: 0, skipped: "missing" };
  if (!isVisiblePost(post)) return { notified: 0, emailed: 0, skipped: "not-visible" };

  const kinds = postRecipients({
    authorId: post.authorId,
    postNumber: post.postNumber,
    topicAuthorId: post.topicAuthorId,
    repliedToAuthorId: post.replyToPostId ? authorOfPostInTopic(post.replyToPostId, post.topicId) : null,
    mentionedIds: mentionsIn(post.source)
      .map((handle) => findMemberByHandle(handle)?.id)
      .filter((id): id is number => id !== undefined),
    watcherIds: watchersOf(post.topicId, post.categoryId),
  });
  return fanOut(post, kinds, now);
}

/**
 * The seam for an edit of a visible post (`postEdited`): the members the edit mentions that the
 * version before it did not (its revision, just written) are told in ONE job, keyed by the
 * revision, so an edit queues nothing twice. An edit that adds no mention queues nothing.
 */
export function queueMentionsAdded(tx: Db, postId: number, editorId: number, now = Date.now()): number | null {
  const post = tx.select({ source: communityPosts.source }).from(communityPosts).where(eq(communityPosts.id, postId)).get();
  const revision = tx
    .select({ id: communityPostRevisions.id, source: communityPostRevisions.source })
    .from(communityPostRevisions)
    .where(eq(communityPostRevisions.postId, postId))
    .orderBy(sql`${communityPostRevisions.id} DESC`)
    .limit(1)
    .get();
  if (!post || !revision) return null;
  const memberIds = addedMentions(mentionsIn(revision.source), mentionsIn(post.source))
    .map((handle) => findMemberByHandle(handle)?.id)
    .filter((id): id is number => id !== undefined);
  if (memberIds.length === 0) return null;
  return communityNotifyJob.enqueue(tx, { event: "mentionsAdded", postId, actorId: editorId, revisionId: revision.id, memberIds }, {}, now);
}

/**
 * The job for mentions an edit added: a mention notification to each member named, unless the
 * post already told them something (its publication's mention, reply or watch, an earlier
 * edit's mention): never twice for one post and member. Same rules as a new post otherwise.
 */
export async function notifyMentionsAdded(postId: number, memberIds: readonly number[], now = Date.now()): Promise<FanOutOutcome> {
  const post = findPublishedPostFacts(postId);
  if (!post) return { notified: 0, emailed: 0, skipped: "missing" };
  if (!isVisiblePost(post)) return { notified: 0, emailed: 0, skipped: "not-visible" };
  const told = new Set(
    db
      .select({ recipientId: communityNotifications.recipientId })
      .from(communityNotifications)
      .where(eq(communityNotifications.postId, postId))
      .all()
      .map((row) => row.recipientId),
  );
  const kinds = new Map<number, NotificationKind>(
    memberIds.filter((id) => id !== post.authorId && !told.has(id)).map((id) => [id, "mention" as NotificationKind]),
  );
  if (kinds.size === 0) return { notified: 0, emailed: 0, skipped: "nobody" };
  return fanOut(post, kinds, now);
}

/** Writes each member's notification of a post (and instant email) in chunks, each chunk one transaction. */
async function fanOut(post: PostFacts, kinds: Map<number, NotificationKind>, now: number): Promise<FanOutOutcome> {
  const memberIds = [...kinds.keys()].sort((a, b) => a - b);

  const rendered = new Map<string, Promise<RenderedEmail>>();
  const renderedFor = (kind: NotificationKind, language: Language) => {
    const key = `${kind}:${language}`;
    if (!rendered.has(key)) rendered.set(key, renderNotification(post, kind, language));
    return rendered.get(key)!;
  };

  let notified = 0;
  let emailed = 0;
  for (let at = 0; at < memberIds.length; at += FAN_OUT_CHUNK) {
    const recipients = eligibleRecipients(memberIds.slice(at, at + FAN_OUT_CHUNK), post, now);
    const planned = recipients.map((recipient) => {
      const kind = kinds.get(recipient.memberId)!;
      return { recipient, kind, plan: planFor(recipient, kind), language: recipientLanguage(recipient) };
    });
    // Rendering is async: done before the transaction, once per kind and language (the body names no recipient).
    const bodies = new Map<string, RenderedEmail>();
    for (const { kind, plan, language } of planned) {
      if (plan === "instant" && !bodies.has(`${kind}:${language}`)) bodies.set(`${kind}:${language}`, await renderedFor(kind, language));
    }
    const outcome = transaction((tx) => {
      const rows: NotificationToWrite[] = planned.map(({ recipient, kind, plan }) => ({
        recipientId: recipient.memberId,
        kind,
        topicId: post.topicId,
        postId: post.postId,
        actorId: post.authorId,
        createdAt: new Date(now),
        emailedAt: plan === "instant" ? new Date(now) : null,
        digestPending: plan === "digest",
      }));
      const written = new Set(insertNewNotifications(tx, rows).map((row) => row.recipientId));
      let sent = 0;
      for (const { recipient, kind, plan, language } of planned) {
        if (plan !== "instant" || !written.has(recipient.memberId)) continue;
        enqueueCommunityEmail(tx, recipient, kind, "community-notification", language, bodies.get(`${kind}:${language}`)!, now);
        sent++;
      }
      return { notified: written.size, emailed: sent };
    });
    notified += outcome.notified;
    emailed += outcome.emailed;
    if (at + FAN_OUT_CHUNK < memberIds.length) await yieldToEventLoop();
  }
  return { notified, emailed };
}

const displayNameOf = (memberId: number): string | null =>
  db.get<{ name: string } | undefined>(sql`SELECT display_name AS name FROM community_members WHERE id = ${memberId}`)?.name ?? null;

/**
 * One notification to one member (an accepted answer, a like), with its instant email in the
 * same transaction. `grouped` makes an existing row of the same kind and post count again and
 * turn unread (likes); without it an existing row means the event was already told.
 */
async function notifyOne(
  post: PostFacts,
  recipientId: number,
  kind: NotificationKind,
  actorId: number,
  now: number,
  grouped?: { count: number },
): Promise<FanOutOutcome> {
  if (recipientId === actorId) return { notified: 0, emailed: 0, skipped: "nobody" };
  const [recipient] = eligibleRecipients([recipientId], post, now);
  if (!recipient) return { notified: 0, emailed: 0, skipped: "nobody" };
  const plan = planFor(recipient, kind);
  const count = grouped?.count ?? 1;
  const language = recipientLanguage(recipient);
  const actorName = displayNameOf(actorId) ?? post.actorName;
  const rendered = plan === "instant" ? await renderNotification({ ...post, actorName }, kind, language, count) : null;
  return transaction((tx) => {
    const [written] = insertNewNotifications(tx, [
      {
        recipientId,
        kind,
        topicId: post.topicId,
        postId: post.postId,
        actorId,
        count,
        createdAt: new Date(now),
        emailedAt: plan === "instant" ? new Date(now) : null,
        digestPending: plan === "digest",
      },
    ]);
    if (written) {
      if (rendered) enqueueCommunityEmail(tx, recipient, kind, "community-notification", language, rendered, now);
      return { notified: 1, emailed: rendered ? 1 : 0 };
    }
    if (!grouped) return { notified: 0, emailed: 0 };
    // A later like of the same post: the one row counts it (only when something changed, so a re-run is a no-op).
    const regrouped = tx
      .update(communityNotifications)
      .set({ count, actorId, readAt: null, createdAt: new Date(now), digestPending: plan === "digest" ? true : undefined })
      .where(
        and(
          eq(communityNotifications.recipientId, recipientId),
          eq(communityNotifications.kind, kind),
          eq(communityNotifications.postId, post.postId),
          or(ne(communityNotifications.count, count), ne(communityNotifications.actorId, actorId), isNull(communityNotifications.actorId)),
        ),
      )
      .run();
    return { notified: regrouped.changes, emailed: 0 };
  });
}

/** An accepted answer: its author hears of it once, however often it is accepted again. */
export async function notifyAnswerAccepted(postId: number, acceptedById: number, now = Date.now()): Promise<FanOutOutcome> {
  const post = findPublishedPostFacts(postId);
  if (!post) return { notified: 0, emailed: 0, skipped: "missing" };
  if (!isVisiblePost(post)) return { notified: 0, emailed: 0, skipped: "not-visible" };
  return notifyOne(post, post.authorId, "answer_accepted", acceptedById, now);
}

/**
 * A like. Likes group, Discourse-style: one notification per liked post, counting the likes the
 * post has when the job runs and naming the latest liker; only the first like can send an email.
 * A like taken back before the job ran tells nobody.
 */
export async function notifyLiked(postId: number, likerId: number, now = Date.now()): Promise<FanOutOutcome> {
  const post = findPublishedPostFacts(postId);
  if (!post) return { notified: 0, emailed: 0, skipped: "missing" };
  if (!isVisiblePost(post)) return { notified: 0, emailed: 0, skipped: "not-visible" };
  const likes = db.all<{ memberId: number }>(sql`SELECT member_id AS memberId FROM community_likes WHERE post_id = ${postId}`);
  if (!likes.some((like) => like.memberId === likerId)) return { notified: 0, emailed: 0, skipped: "nobody" };
  const { count, actorId } = groupedLike(likes.length, likerId);
  return notifyOne(post, post.authorId, "like", actorId, now, { count });
}
