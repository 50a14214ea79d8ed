import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts, contacts } from "./accounts";
import { users } from "./auth";
import { communityCategories, communityMembers } from "./community";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** draft → in review → published, and back to draft (staff send it back, or a consent is revoked). */
export const STORY_STATUSES = ["draft", "in_review", "published"] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];

/**
 * A customer's use-case story (事例), in its own table beside the `stories` category rather
 * than as a topic (decision 047): its structured fields, its review and its consent have no
 * place in a post. Written by a member (`authorMemberId`) or by staff for an account
 * (`authorUserId`); the account is always known, the company is shown only as the consent allows.
 */
export const stories = sqliteTable(
  "stories",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    categoryId: integer()
      .notNull()
      .references(() => communityCategories.id),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The customer the story is about (the member who wrote it, or the contact staff wrote it with). */
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    authorMemberId: integer().references(() => communityMembers.id, { onDelete: "set null" }),
    authorUserId: integer().references(() => users.id, { onDelete: "set null" }),
    language: text({ enum: ["en", "ja"] })
      .notNull()
      .default("en"),
    /** Plain text, never HTML. */
    title: text().notNull(),
    industry: text().notNull(),
    /** The account's touch segment when the story was last saved (the listing filters on it). */
    segment: text({ enum: ["high", "low", "tech"] }).notNull(),
    productArea: text().notNull().default(""),
    /** Markdown, with its sanitised HTML rendered when written. */
    challenge: text().notNull(),
    challengeHtml: text().notNull(),
    solution: text().notNull(),
    solutionHtml: text().notNull(),
    results: text().notNull(),
    resultsHtml: text().notNull(),
    quote: text().notNull().default(""),
    quoteBy: text().notNull().default(""),
    status: text({ enum: STORY_STATUSES }).notNull().default("draft"),
    submittedAt: integer({ mode: "timestamp_ms" }),
    publishedAt: integer({ mode: "timestamp_ms" }),
    publishedByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    index("stories_status_idx").on(t.status, t.publishedAt),
    index("stories_account_idx").on(t.accountId),
    index("stories_author_member_idx").on(t.authorMemberId),
  ],
);

/** The review thread: staff comments to the author, and the author's answers. */
export const storyComments = sqliteTable(
  "story_comments",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storyId: integer()
      .notNull()
      .references(() => stories.id, { onDelete: "cascade" }),
    authorUserId: integer().references(() => users.id, { onDelete: "set null" }),
    authorMemberId: integer().references(() => communityMembers.id, { onDelete: "set null" }),
    /** Plain text. */
    body: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [index("story_comments_story_idx").on(t.storyId, t.createdAt)],
);

/**
 * Who at the customer agreed to the story being shared, when, and for which uses. Staff record
 * it (the agreement came by email or in a meeting); one consent is in force per story at a time;
 * revoking it keeps the row (the record of what was agreed) and unpublishes the story.
 */
export const storyConsents = sqliteTable(
  "story_consents",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storyId: integer()
      .notNull()
      .references(() => stories.id, { onDelete: "cascade" }),
    contactId: integer()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    community: integer({ mode: "boolean" }).notNull().default(false),
    website: integer({ mode: "boolean" }).notNull().default(false),
    salesDeck: integer({ mode: "boolean" }).notNull().default(false),
    agreedAt: integer({ mode: "timestamp_ms" }).notNull(),
    recordedByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    note: text().notNull().default(""),
    revokedAt: integer({ mode: "timestamp_ms" }),
    revokedByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("story_consents_active_idx")
      .on(t.storyId)
      .where(sql`${t.revokedAt} IS NULL`),
    index("story_consents_story_idx").on(t.storyId, t.createdAt),
  ],
);
