import { and, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  accounts,
  communityCategories,
  communityEmailPreferences,
  communityEmailUnsubscribes,
  communityMembers,
  communityNotifications,
  communityPosts,
  communityTopics,
  communityUnsubscribeTokens,
  communityWatches,
  contacts,
  suppressions,
  users,
  type CommunityEmailKind,
  type EmailFrequency,
  type NotificationKind,
  type WatchLevel,
} from "../../db/schema";
import { maySeeCategory } from "../domain/community-rules";
import type { Segment } from "../domain/segments";
import type { Language } from "../locales";
import { db } from "../utils/db.server";

/** A post with what deciding its notifications needs: its topic, category and whether anyone may see it. */
export function findPublishedPostFacts(postId: number, conn: Db = db) {
  return conn
    .select({
      postId: communityPosts.id,
      postNumber: communityPosts.postNumber,
      authorId: communityPosts.authorId,
      replyToPostId: communityPosts.replyToPostId,
      source: communityPosts.source,
      state: communityPosts.state,
      postHiddenAt: communityPosts.hiddenAt,
      postDeletedAt: communityPosts.deletedAt,
      createdAt: communityPosts.createdAt,
      topicId: communityTopics.id,
      topicTitle: communityTopics.title,
      topicAuthorId: communityTopics.authorId,
      topicHiddenAt: communityTopics.hiddenAt,
      topicDeletedAt: communityTopics.deletedAt,
      categoryId: communityTopics.categoryId,
      categorySegments: communityCategories.segments,
      actorName: communityMembers.displayName,
    })
    .from(communityPosts)
    .innerJoin(communityTopics, eq(communityTopics.id, communityPosts.topicId))
    .innerJoin(communityCategories, eq(communityCategories.id, communityTopics.categoryId))
    .innerJoin(communityMembers, eq(communityMembers.id, communityPosts.authorId))
    .where(eq(communityPosts.id, postId))
    .get();
}
export type PostFacts = NonNullable<ReturnType<typeof findPublishedPostFacts>>;

/** Whether a post can be read by members: published, neither it nor its topic hidden or deleted. */
export function isVisiblePost(post: Pick<PostFacts, "state" | "postHiddenAt" | "postDeletedAt" | "topicHiddenAt" | "topicDeletedAt">): boolean {
  return post.state === "published" && !post.postHiddenAt && !post.postDeletedAt && !post.topicHiddenAt && !post.topicDeletedAt;
}

/** The author of another post of the same topic (a reply's "in reply to"). */
export function authorOfPostInTopic(postId: number, topicId: number, conn: Db = db): number | null {
  const row = conn
    .select({ authorId: communityPosts.authorId })
    .from(communityPosts)
    .where(and(eq(communityPosts.id, postId), eq(communityPosts.topicId, topicId)))
    .get();
  return row?.authorId ?? null;
}

/**
 * Members watching a topic (its own row) or its category (with no row of their own on the
 * topic, which would override it), in member order.
 */
export function watchersOf(topicId: number, categoryId: number, conn: Db = db): number[] {
  return conn
    .all<{ memberId: number }>(
      sql`SELECT member_id AS memberId FROM community_watches WHERE topic_id = ${topicId} AND level = 'watching'
          UNION
          SELECT c.member_id FROM community_watches c
            WHERE c.category_id = ${categoryId} AND c.level = 'watching'
              AND NOT EXISTS (SELECT 1 FROM community_watches t WHERE t.topic_id = ${topicId} AND t.member_id = c.member_id)
          ORDER BY 1`,
    )
    .map((row) => row.memberId);
}

export type Recipient = {
  memberId: number;
  contactId: number | null;
  email: string;
  /** Contact locale, or the staff user's own (null: the team's, decided by the caller). */
  locale: Language | null;
  isStaff: boolean;
  frequency: EmailFrequency;
  stopped: Set<CommunityEmailKind>;
  suppressed: boolean;
};

/**
 * Of `memberIds`, those a notification about this topic may reach: not suspended, not a disabled
 * staff user, not muting the topic (or its category without a topic row of their own), and able
 * to read the category (a segment-restricted category reaches only its segments' contacts and staff).
 */
export function eligibleRecipients(
  memberIds: number[],
  topic: { topicId: number; categoryId: number; categorySegments: string[] | null },
  now: number,
  conn: Db = db,
): Recipient[] {
  if (memberIds.length === 0) return [];
  const rows = conn.all<{
    memberId: number;
    contactId: number | null;
    contactEmail: string | null;
    contactLocale: Language | null;
    userEmail: string | null;
    userLocale: Language | null;
    segment: string | null;
    frequency: EmailFrequency | null;
    stopped: string | null;
    suppressed: number;
  }>(sql`
    SELECT m.id AS memberId, m.contact_id AS contactId, c.email AS contactEmail, c.locale AS contactLocale,
           u.email AS userEmail, u.locale AS userLocale, a.segment AS segment, p.frequency AS frequency,
           (SELECT group_concat(kind) FROM community_email_unsubscribes s WHERE s.member_id = m.id) AS stopped,
           EXISTS (SELECT 1 FROM suppressions x WHERE x.email = lower(coalesce(c.email, u.email))) AS suppressed
    FROM community_members m
    LEFT JOIN contacts c ON c.id = m.contact_id
    LEFT JOIN accounts a ON a.id = c.account_id
    LEFT JOIN users u ON u.id = m.user_id
    LEFT JOIN community_email_preferences p ON p.member_id = m.id
    LEFT JOIN community_watches tw ON tw.topic_id = ${topic.topicId} AND tw.member_id = m.id
    LEFT JOIN community_watches cw ON cw.category_id = ${topic.categoryId} AND cw.member_id = m.id
    WHERE m.id IN (${sql.join(
      memberIds.map((id) => sql`${id}`),
      sql`, `,
    )})
      AND (m.suspended_until IS NULL OR m.suspended_until <= ${now})
      AND (m.user_id IS NULL OR u.disabled_at IS NULL)
      AND coalesce(tw.level, cw.level, 'regular') <> 'muted'
    ORDER BY m.id`);
  const segments = topic.categorySegments;
  return (
    rows
      .filter((row) => row.contactEmail !== null || row.userEmail !== null)
      // Who may read the topic: the same rule as the pages (staff read every category).
      .filter((row) => maySeeCategory({ staff: row.contactId === null, segment: row.segment as Segment | null }, { segments }))
      .map((row) => ({
        memberId: row.memberId,
        contactId: row.contactId,
        email: (row.contactEmail ?? row.userEmail)!,
        locale: row.contactId !== null ? (row.contactLocale ?? "en") : row.userLocale,
        isStaff: row.contactId === null,
        frequency: row.frequency ?? "daily",
        stopped: new Set((row.stopped ?? "").split(",").filter(Boolean) as CommunityEmailKind[]),
        suppressed: row.suppressed === 1,
      }))
  );
}

export type NotificationToWrite = {
  recipientId: number;
  kind: NotificationKind;
  topicId: number;
  postId: number;
  actorId: number | null;
  /** Grouped likes: how many the row stands for (1 otherwise). */
  count?: number;
  createdAt: Date;
  emailedAt: Date | null;
  digestPending: boolean;
};

/** Writes notifications that do not exist yet; returns only those written now (a re-run gets none). */
export function insertNewNotifications(tx: Db, rows: NotificationToWrite[]) {
  if (rows.length === 0) return [];
  return tx
    .insert(communityNotifications)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: communityNotifications.id, recipientId: communityNotifications.recipientId, kind: communityNotifications.kind })
    .all();
}

/** Records the hash of a one-click unsubscribe token put in an email. */
export function rememberUnsubscribeToken(tx: Db, tokenHash: string, memberId: number, kind: CommunityEmailKind) {
  tx.insert(communityUnsubscribeTokens).values({ tokenHash, memberId, kind }).onConflictDoNothing().run();
}

export function findUnsubscribeToken(tokenHash: string, conn: Db = db) {
  return conn
    .select({
      memberId: communityUnsubscribeTokens.memberId,
      kind: communityUnsubscribeTokens.kind,
      contactEmail: contacts.email,
      contactLocale: contacts.locale,
      userEmail: users.email,
      userLocale: users.locale,
    })
    .from(communityUnsubscribeTokens)
    .innerJoin(communityMembers, eq(communityMembers.id, communityUnsubscribeTokens.memberId))
    .leftJoin(contacts, eq(contacts.id, communityMembers.contactId))
    .leftJoin(users, eq(users.id, communityMembers.userId))
    .where(eq(communityUnsubscribeTokens.tokenHash, tokenHash))
    .get();
}

const visibleTopic = sql`${communityTopics.deletedAt} IS NULL AND ${communityTopics.hiddenAt} IS NULL AND ${communityPosts.deletedAt} IS NULL AND ${communityPosts.hiddenAt} IS NULL`;

/**
 * The portal header's badge: unread notifications about posts still visible, counted over the
 * partial index of unread rows (never a scan of the member's history).
 */
export function unreadNotificationCount(memberId: number, conn: Db = db): number {
  return (
    conn
      .select({ n: count() })
      .from(communityNotifications)
      .innerJoin(communityTopics, eq(communityTopics.id, communityNotifications.topicId))
      .innerJoin(communityPosts, eq(communityPosts.id, communityNotifications.postId))
      .where(and(eq(communityNotifications.recipientId, memberId), isNull(communityNotifications.readAt), visibleTopic))
      .get()?.n ?? 0
  );
}

export const NOTIFICATIONS_PAGE_SIZE = 30;

function notificationRows(memberId: number, unread: boolean, limit: number, offset: number, conn: Db) {
  if (limit <= 0) return [];
  const actor = sql<string | null>`(SELECT display_name FROM community_members a WHERE a.id = ${communityNotifications.actorId})`;
  return conn
    .select({
      id: communityNotifications.id,
      kind: communityNotifications.kind,
      topicId: communityNotifications.topicId,
      topicSlug: communityTopics.slug,
      topicTitle: communityTopics.title,
      postNumber: communityPosts.postNumber,
      actorName: actor,
      count: communityNotifications.count,
      createdAt: communityNotifications.createdAt,
      readAt: communityNotifications.readAt,
    })
    .from(communityNotifications)
    .innerJoin(communityTopics, eq(communityTopics.id, communityNotifications.topicId))
    .innerJoin(communityPosts, eq(communityPosts.id, communityNotifications.postId))
    .where(
      and(
        eq(communityNotifications.recipientId, memberId),
        unread ? isNull(communityNotifications.readAt) : isNotNull(communityNotifications.readAt),
        visibleTopic,
      ),
    )
    .orderBy(desc(communityNotifications.createdAt), desc(communityNotifications.id))
    .limit(limit)
    .offset(offset)
    .all();
}

/**
 * One page of a member's notifications: unread first (newest first), then the read ones (newest
 * first). Each half is read along its own index ((recipient, created) for unread, and for all).
 */
export function listNotificationsPage(memberId: number, page: number, pageSize = NOTIFICATIONS_PAGE_SIZE, conn: Db = db) {
  const unread = unreadNotificationCount(memberId, conn);
  const offset = (page - 1) * pageSize;
  // One row more than the page shows says whether there is a next page.
  const want = pageSize + 1;
  const items = offset < unread ? notificationRows(memberId, true, want, offset, conn) : [];
  items.push(...notificationRows(memberId, false, want - items.length, Math.max(0, offset - unread), conn));
  return { items: items.slice(0, pageSize), unread, hasNext: items.length > pageSize };
}

/** Marks one of the member's notifications read (someone else's id changes nothing). */
export function markNotificationRead(memberId: number, notificationId: number, now: number, conn: Db = db): boolean {
  return (
    conn
      .update(communityNotifications)
      .set({ readAt: new Date(now) })
      .where(and(eq(communityNotifications.id, notificationId), eq(communityNotifications.recipientId, memberId), isNull(communityNotifications.readAt)))
      .run().changes === 1
  );
}

export function markAllNotificationsRead(memberId: number, now: number, conn: Db = db): number {
  return conn
    .update(communityNotifications)
    .set({ readAt: new Date(now) })
    .where(and(eq(communityNotifications.recipientId, memberId), isNull(communityNotifications.readAt)))
    .run().changes;
}

export function emailPreferencesOf(memberId: number, conn: Db = db) {
  const frequency = conn
    .select({ frequency: communityEmailPreferences.frequency })
    .from(communityEmailPreferences)
    .where(eq(communityEmailPreferences.memberId, memberId))
    .get();
  const stopped = conn
    .select({ kind: communityEmailUnsubscribes.kind })
    .from(communityEmailUnsubscribes)
    .where(eq(communityEmailUnsubscribes.memberId, memberId))
    .all();
  return { frequency: frequency?.frequency ?? ("daily" as EmailFrequency), stopped: new Set(stopped.map((row) => row.kind)) };
}

export function putEmailFrequency(tx: Db, memberId: number, frequency: EmailFrequency, now: number) {
  tx.insert(communityEmailPreferences)
    .values({ memberId, frequency, updatedAt: new Date(now) })
    .onConflictDoUpdate({ target: communityEmailPreferences.memberId, set: { frequency, updatedAt: new Date(now) } })
    .run();
}

/** Stops (or restarts) one kind of email; returns whether anything changed. */
export function setEmailKindStopped(tx: Db, memberId: number, kind: CommunityEmailKind, stopped: boolean, now: number): boolean {
  if (stopped)
    return (
      tx
        .insert(communityEmailUnsubscribes)
        .values({ memberId, kind, createdAt: new Date(now) })
        .onConflictDoNothing()
        .run().changes === 1
    );
  return (
    tx
      .delete(communityEmailUnsubscribes)
      .where(and(eq(communityEmailUnsubscribes.memberId, memberId), eq(communityEmailUnsubscribes.kind, kind)))
      .run().changes === 1
  );
}

/** Sets a member's level on a topic or a category; `regular` removes the row. A write only when it changes. */
export function putWatchLevel(tx: Db, memberId: number, target: { topicId: number } | { categoryId: number }, level: WatchLevel | "regular", now: number) {
  const where =
    "topicId" in target
      ? and(eq(communityWatches.memberId, memberId), eq(communityWatches.topicId, target.topicId))
      : and(eq(communityWatches.memberId, memberId), eq(communityWatches.categoryId, target.categoryId));
  const existing = tx.select({ id: communityWatches.id, level: communityWatches.level }).from(communityWatches).where(where).get();
  if (level === "regular") {
    if (existing) tx.delete(communityWatches).where(eq(communityWatches.id, existing.id)).run();
    return;
  }
  if (existing?.level === level) return;
  if (existing)
    tx.update(communityWatches)
      .set({ level, updatedAt: new Date(now) })
      .where(eq(communityWatches.id, existing.id))
      .run();
  else
    tx.insert(communityWatches)
      .values({ memberId, ...target, level, updatedAt: new Date(now) })
      .run();
}

/** A level set only when the member has none on the topic yet (auto-watch must not undo a mute). */
export function watchTopicUnlessSet(tx: Db, memberId: number, topicId: number, level: WatchLevel, now: number) {
  tx.insert(communityWatches)
    .values({ memberId, topicId, level, updatedAt: new Date(now) })
    .onConflictDoNothing()
    .run();
}

export function watchLevelOnTopic(memberId: number, topicId: number, conn: Db = db): WatchLevel | null {
  return (
    conn
      .select({ level: communityWatches.level })
      .from(communityWatches)
      .where(and(eq(communityWatches.memberId, memberId), eq(communityWatches.topicId, topicId)))
      .get()?.level ?? null
  );
}

/** Every category with the member's level on it (null: regular), in the community's order. */
export function categoryWatchLevels(memberId: number, conn: Db = db) {
  return conn
    .select({
      id: communityCategories.id,
      slug: communityCategories.slug,
      nameEn: communityCategories.nameEn,
      nameJa: communityCategories.nameJa,
      segments: communityCategories.segments,
      level: communityWatches.level,
    })
    .from(communityCategories)
    .leftJoin(communityWatches, and(eq(communityWatches.categoryId, communityCategories.id), eq(communityWatches.memberId, memberId)))
    .orderBy(communityCategories.position, communityCategories.id)
    .all();
}

export function categoryIdBySlug(slug: string, conn: Db = db): number | null {
  return conn.select({ id: communityCategories.id }).from(communityCategories).where(eq(communityCategories.slug, slug)).get()?.id ?? null;
}

/** The account segment of a contact member (null for staff): restricted categories need it. */
export function memberSegment(memberId: number, conn: Db = db): string | null {
  return (
    conn
      .select({ segment: accounts.segment })
      .from(communityMembers)
      .innerJoin(contacts, eq(contacts.id, communityMembers.contactId))
      .innerJoin(accounts, eq(accounts.id, contacts.accountId))
      .where(eq(communityMembers.id, memberId))
      .get()?.segment ?? null
  );
}

export function isSuppressed(email: string, conn: Db = db): boolean {
  return conn.select({ email: suppressions.email }).from(suppressions).where(eq(suppressions.email, email.trim().toLowerCase())).get() !== undefined;
}
