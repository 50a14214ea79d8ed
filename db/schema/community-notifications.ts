import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./auth";
import { communityCategories, communityMembers, communityPosts, communityTopics } from "./community";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** What a notification is about; each also names an email a member may unsubscribe from. */
export const NOTIFICATION_KINDS = ["reply_to_topic", "reply_to_post", "mention", "answer_accepted", "like", "watched_topic", "idea_status"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Emails a member can stop one by one (RFC 8058 one-click): each notification kind, and the daily digest. */
export const COMMUNITY_EMAIL_KINDS = [...NOTIFICATION_KINDS, "digest"] as const;
export type CommunityEmailKind = (typeof COMMUNITY_EMAIL_KINDS)[number];

/** Discourse's levels: watching = every new post; tracking = unread counts, replies to you and mentions; muted = nothing. */
export const WATCH_LEVELS = ["watching", "tracking", "muted"] as const;
export type WatchLevel = (typeof WATCH_LEVELS)[number];

/** How a member hears of notifications by email. */
export const EMAIL_FREQUENCIES = ["instant", "daily", "off"] as const;
export type EmailFrequency = (typeof EMAIL_FREQUENCIES)[number];

/**
 * One row per (recipient, kind, post): an event never notifies anyone twice, whoever writes it
 * again (a re-run job, a second like). Likes coalesce into the row of the liked post: `count`
 * grows and `actorId` names the latest liker.
 */
export const communityNotifications = sqliteTable(
  "community_notifications",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    recipientId: integer()
      .notNull()
      .references(() => communityMembers.id, { onDelete: "cascade" }),
    kind: text({ enum: NOTIFICATION_KINDS }).notNull(),
    topicId: integer()
      .notNull()
      .references(() => communityTopics.id, { onDelete: "cascade" }),
    postId: integer()
      .notNull()
      .references(() => communityPosts.id, { onDelete: "cascade" }),
    actorId: integer().references(() => communityMembers.id, { onDelete: "set null" }),
    /** How many events the row stands for (likes coalesce); 1 for every other kind. */
    count: integer().notNull().default(1),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
    readAt: integer({ mode: "timestamp_ms" }),
    /** When its instant email was queued (null: none was). */
    emailedAt: integer({ mode: "timestamp_ms" }),
    /** Waiting for the member's daily digest; the digest clears it in the transaction that queues the email. */
    digestPending: integer({ mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    uniqueIndex("community_notifications_event_idx").on(t.recipientId, t.kind, t.postId),
    index("community_notifications_list_idx").on(t.recipientId, t.createdAt, t.id),
    // The portal header's badge: a count over this small partial index, never a scan.
    // and the list's unread-first half, newest first.
    index("community_notifications_unread_idx")
      .on(t.recipientId, t.createdAt)
      .where(sql`${t.readAt} IS NULL`),
    index("community_notifications_digest_idx")
      .on(t.recipientId, t.createdAt)
      .where(sql`${t.digestPending} = 1`),
  ],
);

/**
 * A member's level on one topic or one category (exactly one of the two). A topic's row wins over
 * its category's; no row at all means "regular": only what is addressed to the member.
 */
export const communityWatches = sqliteTable(
  "community_watches",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    memberId: integer()
      .notNull()
      .references(() => communityMembers.id, { onDelete: "cascade" }),
    topicId: integer().references(() => communityTopics.id, { onDelete: "cascade" }),
    categoryId: integer().references(() => communityCategories.id, { onDelete: "cascade" }),
    level: text({ enum: WATCH_LEVELS }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("community_watches_topic_member_idx")
      .on(t.topicId, t.memberId)
      .where(sql`${t.topicId} IS NOT NULL`),
    uniqueIndex("community_watches_category_member_idx")
      .on(t.categoryId, t.memberId)
      .where(sql`${t.categoryId} IS NOT NULL`),
    index("community_watches_member_idx").on(t.memberId),
    check("community_watches_one_target", sql`(${t.topicId} IS NULL) <> (${t.categoryId} IS NULL)`),
  ],
);

/** A member's email choice; no row means the default, a daily digest. */
export const communityEmailPreferences = sqliteTable("community_email_preferences", {
  memberId: integer()
    .primaryKey()
    .references(() => communityMembers.id, { onDelete: "cascade" }),
  frequency: text({ enum: EMAIL_FREQUENCIES }).notNull().default("daily"),
  updatedAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
});

/** The kinds of community email a member stopped (one-click or on the preferences page). */
export const communityEmailUnsubscribes = sqliteTable(
  "community_email_unsubscribes",
  {
    memberId: integer()
      .notNull()
      .references(() => communityMembers.id, { onDelete: "cascade" }),
    kind: text({ enum: COMMUNITY_EMAIL_KINDS }).notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.kind] })],
);

/**
 * The SHA-256 of each one-click unsubscribe token ever put in an email: the token itself is
 * derived from the server secret when the email is sent (docs/decisions/027) and stops exactly
 * one kind of email for one member; it signs nobody in and changes nothing else.
 */
export const communityUnsubscribeTokens = sqliteTable("community_unsubscribe_tokens", {
  tokenHash: text().primaryKey(),
  memberId: integer()
    .notNull()
    .references(() => communityMembers.id, { onDelete: "cascade" }),
  kind: text({ enum: COMMUNITY_EMAIL_KINDS }).notNull(),
  createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
});

/**
 * What a staff user was already told about the community, by key (`csm-digest:<day>`,
 * `unanswered:<topicId>`): the email and this row commit together, so a re-run sends nothing twice.
 */
export const communityStaffAlerts = sqliteTable(
  "community_staff_alerts",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
