import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts, contacts } from "./accounts";
import { apiKeys, users } from "./auth";
import { communityCategories, communityMembers, communityTopics } from "./community";
import { responses } from "./nps";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** An idea's life (the API's values): open ones move forward; declined and duplicate close it. */
export const IDEA_STATUSES = ["new", "under_review", "planned", "in_progress", "shipped", "declined", "duplicate"] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** Whether the idea would be sold apart: an expansion signal for the scoring work. */
export const IDEA_OFFERS = ["included", "paid_addon", "higher_plan"] as const;
export type IdeaOffer = (typeof IDEA_OFFERS)[number];

/** How much the account says it needs it (Productboard's insight importance). */
export const IDEA_IMPORTANCES = ["nice", "important", "critical"] as const;
export type IdeaImportance = (typeof IDEA_IMPORTANCES)[number];

export const IDEA_REQUEST_SOURCES = ["console", "api"] as const;

/**
 * An idea: a topic of an ideas category plus what the product team keeps about it. The row is
 * written by a trigger when a topic enters an ideas category (posted there, moved or split into
 * it), so every idea topic has one. The counters below are the revenue asking for it, kept by the
 * triggers of this area's migration on every vote, request, merge and account change (decision 045);
 * `rebuildIdeaAsking` recomputes them from scratch.
 */
export const ideas = sqliteTable(
  "ideas",
  {
    topicId: integer()
      .primaryKey()
      .references(() => communityTopics.id, { onDelete: "cascade" }),
    categoryId: integer()
      .notNull()
      .references(() => communityCategories.id),
    status: text({ enum: IDEA_STATUSES }).notNull().default("new"),
    /** The problem the idea solves, in the author's words (optional; plain text). */
    problem: text().notNull().default(""),
    offer: text({ enum: IDEA_OFFERS }).notNull().default("included"),
    /** The team's tracker issue (Jira, Linear, Backlog): an https URL. */
    trackerUrl: text(),
    /** The staff user who owns the idea for the product team. */
    ownerUserId: integer().references(() => users.id, { onDelete: "set null" }),
    /** The author's account when they posted (null: staff author). */
    authorAccountId: integer().references(() => accounts.id, { onDelete: "set null" }),
    /** Product area tags, lower-case words (JSON array). */
    areas: text({ mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    /** Its topic can be read (neither deleted, merged away nor hidden): boards and the API list only these. */
    listed: integer({ mode: "boolean" }).notNull().default(true),
    // The revenue asking, maintained by triggers.
    voteCount: integer().notNull().default(0),
    accountCount: integer().notNull().default(0),
    /** Sum of the distinct accounts' ACV in reporting minor units, at today's rates. */
    arrMinor: integer().notNull().default(0),
    highCount: integer().notNull().default(0),
    lowCount: integer().notNull().default(0),
    techCount: integer().notNull().default(0),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    index("ideas_arr_idx")
      .on(sql`${t.arrMinor} DESC`, sql`${t.topicId} DESC`)
      .where(sql`${t.listed} = 1`),
    index("ideas_votes_idx")
      .on(sql`${t.voteCount} DESC`, sql`${t.topicId} DESC`)
      .where(sql`${t.listed} = 1`),
    index("ideas_status_arr_idx")
      .on(t.status, sql`${t.arrMinor} DESC`, sql`${t.topicId} DESC`)
      .where(sql`${t.listed} = 1`),
    index("ideas_status_votes_idx")
      .on(t.status, sql`${t.voteCount} DESC`, sql`${t.topicId} DESC`)
      .where(sql`${t.listed} = 1`),
    index("ideas_status_new_idx")
      .on(t.status, sql`${t.topicId} DESC`)
      .where(sql`${t.listed} = 1`),
  ],
);

/** One vote per member and idea; `accountId` is the voter's account when they voted (null: staff). */
export const ideaVotes = sqliteTable(
  "idea_votes",
  {
    ideaId: integer()
      .notNull()
      .references(() => ideas.topicId, { onDelete: "cascade" }),
    memberId: integer()
      .notNull()
      .references(() => communityMembers.id, { onDelete: "cascade" }),
    accountId: integer().references(() => accounts.id, { onDelete: "set null" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.ideaId, t.memberId] }),
    index("idea_votes_member_idx").on(t.memberId),
    // The "trending" order counts recent votes.
    index("idea_votes_recent_idx").on(t.createdAt, t.ideaId),
    // The rebuild reads each idea's voters' accounts in order from it, without a sort (decision 051).
    index("idea_votes_account_idx").on(t.ideaId, t.accountId),
  ],
);

/**
 * Votes per idea and UTC day (`created_at / 86,400,000`), kept by triggers on `idea_votes` (decision
 * 051): the trending order sums the last 14 days' rows, a few per idea, instead of grouping every
 * recent vote on each request. A row leaves when its last vote does.
 */
export const ideaVoteDays = sqliteTable(
  "idea_vote_days",
  {
    day: integer().notNull(),
    ideaId: integer().notNull(),
    votes: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.ideaId] })],
);

/**
 * A request on behalf of an account: what a CSM heard in a meeting, or what a CRM or support tool
 * filed through the API (Productboard's insights). It counts the account behind the idea.
 */
export const ideaRequests = sqliteTable(
  "idea_requests",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    ideaId: integer()
      .notNull()
      .references(() => ideas.topicId, { onDelete: "cascade" }),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    quote: text().notNull().default(""),
    importance: text({ enum: IDEA_IMPORTANCES }).notNull().default("nice"),
    source: text({ enum: IDEA_REQUEST_SOURCES }).notNull().default("console"),
    loggedByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    apiKeyId: integer().references(() => apiKeys.id, { onDelete: "set null" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [index("idea_requests_idea_idx").on(t.ideaId, t.createdAt), index("idea_requests_account_idx").on(t.accountId)],
);

/**
 * The distinct accounts behind each idea, with how many reasons each has (its people's votes, its
 * requests, the author being one of its contacts): an account counts once however many ask, and
 * leaves when its last reason goes. Written only by triggers (and the rebuild).
 */
export const ideaAccounts = sqliteTable(
  "idea_accounts",
  {
    ideaId: integer().notNull(),
    accountId: integer().notNull(),
    author: integer().notNull().default(0),
    votes: integer().notNull().default(0),
    requests: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.ideaId, t.accountId] }), index("idea_accounts_account_idx").on(t.accountId)],
);

/** Every status change with its public note: the idea page's history, the roadmap and the changelog. */
export const ideaStatusChanges = sqliteTable(
  "idea_status_changes",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    ideaId: integer()
      .notNull()
      .references(() => ideas.topicId, { onDelete: "cascade" }),
    fromStatus: text({ enum: IDEA_STATUSES }).notNull(),
    status: text({ enum: IDEA_STATUSES }).notNull(),
    /** Public, Markdown source; shown rendered (raw HTML off, sanitised) on the idea page. */
    note: text().notNull().default(""),
    byUserId: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [index("idea_status_changes_idea_idx").on(t.ideaId, t.id), index("idea_status_changes_status_idx").on(t.status, t.createdAt)],
);

/** An NPS comment a CSM tied to an idea from the response page: the feedback loop. */
export const ideaResponseLinks = sqliteTable(
  "idea_response_links",
  {
    ideaId: integer()
      .notNull()
      .references(() => ideas.topicId, { onDelete: "cascade" }),
    responseId: integer()
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    linkedByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.ideaId, t.responseId] }), index("idea_response_links_response_idx").on(t.responseId)],
);

/** Present only inside the full rebuild's transaction: the account triggers stand still while it rewrites everything. */
export const ideaRebuilding = sqliteTable("idea_rebuilding", { id: integer().primaryKey() });
