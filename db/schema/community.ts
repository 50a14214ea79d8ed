import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts } from "./accounts";
import { users } from "./auth";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/**
 * What a category holds. `qa` topics are questions that can get an accepted answer;
 * `announcements` take topics from staff only. Ideas, use cases and events are added by the
 * community-programs work and keep their own tables beside the topic.
 */
export const CATEGORY_KINDS = ["qa", "discussion", "announcements", "ideas", "use_cases", "events"] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

/** Discourse's trust levels: computed from activity, they lift a new member's limits. */
export const TRUST_LEVELS = ["new", "basic", "member", "regular"] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export const communityCategories = sqliteTable("community_categories", {
  id: integer().primaryKey({ autoIncrement: true }),
  /** Stable: links, the API and the new-topic form's `category` field use it; a rename keeps it. */
  slug: text().notNull().unique(),
  kind: text({ enum: CATEGORY_KINDS }).notNull(),
  nameEn: text().notNull(),
  nameJa: text().notNull(),
  descriptionEn: text().notNull().default(""),
  descriptionJa: text().notNull().default(""),
  position: integer().notNull().default(0),
  /** `#rrggbb`, shown as the category's badge. */
  colour: text().notNull().default("#4f46e5"),
  /** Only staff start topics (members still reply). */
  staffOnlyTopics: integer({ mode: "boolean" }).notNull().default(false),
  /** JSON array of segments whose members see the category; null: everyone. Staff always see it. */
  segments: text({ mode: "json" }).$type<string[] | null>(),
  topicCount: integer().notNull().default(0),
  postCount: integer().notNull().default(0),
  createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  updatedAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
});

/**
 * Everyone who takes part: a contact (a customer, tied to their account) or a staff user, never
 * both. Every post, like, flag and notification points here, so the two kinds of people share
 * one model; staff show a team badge.
 */
export const communityMembers = sqliteTable(
  "community_members",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    contactId: integer().references(() => contacts.id, { onDelete: "cascade" }),
    userId: integer().references(() => users.id, { onDelete: "cascade" }),
    /** Unique, for `@mentions` and the profile's URL (`/community/u/:handle`); letters, digits, `_`, `-`. */
    handle: text().notNull(),
    /** Shown on posts; defaults to the contact's (or user's) name, editable by the member. */
    displayName: text().notNull(),
    /** Job title, shown under the name on the profile (the member's own words; may be empty). */
    title: text().notNull().default(""),
    /** The member chooses whether their company is shown beside their name. */
    showCompany: integer({ mode: "boolean" }).notNull().default(true),
    trustLevel: text({ enum: TRUST_LEVELS }).notNull().default("new"),
    /** When they accepted the community guidelines; null: they must before posting. */
    guidelinesAcceptedAt: integer({ mode: "timestamp_ms" }),
    lastSeenAt: integer({ mode: "timestamp_ms" }),
    suspendedUntil: integer({ mode: "timestamp_ms" }),
    suspendedReason: text(),
    // Participation, kept current by the services that write posts, likes and answers.
    topicCount: integer().notNull().default(0),
    replyCount: integer().notNull().default(0),
    acceptedAnswerCount: integer().notNull().default(0),
    likesReceived: integer().notNull().default(0),
    likesGiven: integer().notNull().default(0),
    lastPostedAt: integer({ mode: "timestamp_ms" }),
    /** The person was erased: the row stays as a "deleted member" so their posts and counts keep an author. */
    erasedAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("community_members_contact_idx").on(t.contactId),
    uniqueIndex("community_members_user_idx").on(t.userId),
    uniqueIndex("community_members_handle_idx").on(sql`lower(${t.handle})`),
    check("community_members_one_person", sql`(${t.contactId} IS NULL) <> (${t.userId} IS NULL)`),
    // The moderation queue lists suspended members: only the few ever suspended are in this index.
    index("community_members_suspended_idx")
      .on(t.suspendedUntil)
      .where(sql`${t.suspendedUntil} IS NOT NULL`),
    // The console's members list opens sorted by last post: its page is read from this index.
    index("community_members_last_posted_idx").on(sql`coalesce(${t.lastPostedAt}, 0)`, t.id),
  ],
);

export const communityTopics = sqliteTable(
  "community_topics",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    categoryId: integer()
      .notNull()
      .references(() => communityCategories.id),
    authorId: integer()
      .notNull()
      .references(() => communityMembers.id),
    /** Plain text, never HTML. */
    title: text().notNull(),
    /** URL slug from the title (may be empty for a title with no Latin letters). */
    slug: text().notNull().default(""),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
    /** The newest visible post's time: the "latest" order and the API's cursor. */
    lastPostedAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
    /** Visible replies (the opening post not counted). */
    replyCount: integer().notNull().default(0),
    likeCount: integer().notNull().default(0),
    /** Q&A: the accepted answer, shown right under the question. */
    acceptedPostId: integer(),
    acceptedAt: integer({ mode: "timestamp_ms" }),
    /** Pinned to the top of its category, or of the whole community when `pinnedGlobally`. */
    pinnedAt: integer({ mode: "timestamp_ms" }),
    pinnedGlobally: integer({ mode: "boolean" }).notNull().default(false),
    /** No new replies. */
    lockedAt: integer({ mode: "timestamp_ms" }),
    /** Hidden by a moderator, or waiting for approval (held first post). */
    hiddenAt: integer({ mode: "timestamp_ms" }),
    deletedAt: integer({ mode: "timestamp_ms" }),
    /** Merged into this topic (and deleted): its address forwards there, so links to it keep working. */
    mergedIntoId: integer(),
  },
  (t) => [
    index("community_topics_category_latest_idx").on(t.categoryId, t.lastPostedAt),
    index("community_topics_latest_idx").on(t.lastPostedAt),
    index("community_topics_author_idx").on(t.authorId),
    // The home page's "top" tab: most liked, then most answered.
    index("community_topics_top_idx").on(t.likeCount, t.replyCount),
    // Pinned topics are a handful among 100,000: the home and category pages find them without a scan.
    index("community_topics_pinned_idx")
      .on(t.pinnedAt)
      .where(sql`${t.pinnedAt} IS NOT NULL`),
  ],
);

export const POST_STATES = ["published", "held", "rejected"] as const;

export const communityPosts = sqliteTable(
  "community_posts",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    topicId: integer()
      .notNull()
      .references(() => communityTopics.id, { onDelete: "cascade" }),
    authorId: integer()
      .notNull()
      .references(() => communityMembers.id),
    /** 1 is the opening post; replies count up from 2, in the order they were written. */
    postNumber: integer().notNull(),
    /** Flat replies, Discourse-style: "in reply to" another post of the topic. */
    replyToPostId: integer(),
    /** The Markdown the author wrote. */
    source: text().notNull(),
    /** The sanitised HTML of `source`, rendered when written and again when `renderVersion` falls behind. */
    html: text().notNull(),
    renderVersion: integer().notNull(),
    state: text({ enum: POST_STATES }).notNull().default("published"),
    likeCount: integer().notNull().default(0),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
    editedAt: integer({ mode: "timestamp_ms" }),
    editCount: integer().notNull().default(0),
    hiddenAt: integer({ mode: "timestamp_ms" }),
    hiddenReason: text(),
    deletedAt: integer({ mode: "timestamp_ms" }),
    deletedById: integer().references(() => communityMembers.id),
    /** Why a held post waits for a moderator: the posting rules that held it (codes, see app/domain/posting-rules.ts). */
    heldReasons: text({ mode: "json" }).$type<string[] | null>(),
  },
  (t) => [
    uniqueIndex("community_posts_topic_number_idx").on(t.topicId, t.postNumber),
    index("community_posts_author_idx").on(t.authorId, t.createdAt),
    // Finds the posts an older renderer wrote (a few after a renderer change, none otherwise) without a scan.
    index("community_posts_render_version_idx").on(t.renderVersion),
    // The moderation queue reads held posts only: a small partial index, whatever the community's size.
    index("community_posts_held_idx")
      .on(t.createdAt)
      .where(sql`${t.state} = 'held'`),
  ],
);

/** Every earlier version of an edited post (staff see the history). */
export const communityPostRevisions = sqliteTable(
  "community_post_revisions",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    postId: integer()
      .notNull()
      .references(() => communityPosts.id, { onDelete: "cascade" }),
    /** The source (and, for an opening post, the title) before this edit. */
    source: text().notNull(),
    title: text(),
    editedById: integer()
      .notNull()
      .references(() => communityMembers.id),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [index("community_post_revisions_post_idx").on(t.postId)],
);

export const communityLikes = sqliteTable(
  "community_likes",
  {
    postId: integer()
      .notNull()
      .references(() => communityPosts.id, { onDelete: "cascade" }),
    memberId: integer()
      .notNull()
      .references(() => communityMembers.id, { onDelete: "cascade" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.postId, t.memberId] }), index("community_likes_member_idx").on(t.memberId)],
);

/** Why a member flags a post: a fixed list (the moderation queue counts them), with an optional note. */
export const FLAG_REASONS = ["spam", "inappropriate", "off_topic", "other"] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
export const FLAG_OUTCOMES = ["agreed", "disagreed"] as const;
export type FlagOutcome = (typeof FLAG_OUTCOMES)[number];

/**
 * A member's flag on a post. One open flag per post and member; a moderator resolves every open
 * flag of a post at once: agreeing hides the post, disagreeing dismisses the flags.
 */
export const communityFlags = sqliteTable(
  "community_flags",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    postId: integer()
      .notNull()
      .references(() => communityPosts.id, { onDelete: "cascade" }),
    memberId: integer()
      .notNull()
      .references(() => communityMembers.id, { onDelete: "cascade" }),
    reason: text({ enum: FLAG_REASONS }).notNull(),
    note: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
    resolvedAt: integer({ mode: "timestamp_ms" }),
    resolvedById: integer().references(() => users.id, { onDelete: "set null" }),
    outcome: text({ enum: FLAG_OUTCOMES }),
  },
  (t) => [
    uniqueIndex("community_flags_open_idx")
      .on(t.postId, t.memberId)
      .where(sql`${t.resolvedAt} IS NULL`),
    index("community_flags_queue_idx")
      .on(t.createdAt)
      .where(sql`${t.resolvedAt} IS NULL`),
    index("community_flags_member_idx").on(t.memberId),
    // Agreed flags against a member's posts (trust levels) are read by post.
    index("community_flags_post_idx").on(t.postId, t.outcome),
  ],
);

/**
 * The badges a member can earn. `automatic` ones are awarded by `awardBadges` from the member's
 * counters; the others by the area that knows (event attendance, case studies). Names are in the
 * strings (`communityModeration.badges`), keyed by code.
 */
export const BADGE_CODES = ["first_post", "first_accepted_answer", "ten_accepted_answers", "helpful", "event_attendee", "case_study_author"] as const;
export type BadgeCode = (typeof BADGE_CODES)[number];

export const communityBadges = sqliteTable("community_badges", {
  id: integer().primaryKey({ autoIncrement: true }),
  code: text({ enum: BADGE_CODES }).notNull().unique(),
  automatic: integer({ mode: "boolean" }).notNull().default(true),
  position: integer().notNull().default(0),
});

export const communityMemberBadges = sqliteTable(
  "community_member_badges",
  {
    memberId: integer()
      .notNull()
      .references(() => communityMembers.id, { onDelete: "cascade" }),
    badgeId: integer()
      .notNull()
      .references(() => communityBadges.id, { onDelete: "cascade" }),
    awardedAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.badgeId] })],
);
