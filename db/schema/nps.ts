import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts, contacts } from "./accounts";
import { users } from "./auth";

export const CAMPAIGN_STATUSES = ["draft", "scheduled", "sending", "sent", "cancelled", "closed"] as const;
export const INVITATION_STATUSES = ["pending", "queued", "sent", "delivered", "delayed", "bounced", "complained", "failed", "cancelled"] as const;
export const CATEGORIES = ["promoter", "passive", "detractor"] as const;

/** Who a wave targets and the rules applied at launch; shown in the console before launch. */
export type CampaignTargeting = {
  segments?: ("high" | "low" | "tech")[];
  stages?: ("onboarding" | "adoption" | "expansion" | "renewal")[];
  csmUserIds?: number[];
  locales?: ("en" | "ja")[];
  accountExternalIds?: string[];
};
export type CampaignRules = {
  throttleDays: number;
  minAccountAgeDays: number;
  samplePercent: number | null;
  dailyCap: number | null;
  reminderAfterDays: number | null;
};

/** A survey wave: one invitation per targeted contact, sent now, later, or dripped by a daily cap. */
export const campaigns = sqliteTable(
  "campaigns",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    name: text().notNull(),
    status: text({ enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
    targeting: text({ mode: "json" }).$type<CampaignTargeting>().notNull(),
    rules: text({ mode: "json" }).$type<CampaignRules>().notNull(),
    /** The survey's texts as they were at launch, so later edits never rewrite what people saw. */
    survey: text({ mode: "json" }).$type<unknown>(),
    scheduledAt: integer(),
    launchedAt: integer(),
    closesAt: integer(),
    cancelledAt: integer(),
    recipients: integer().notNull().default(0),
    createdByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
  },
  (t) => [index("campaigns_status_idx").on(t.status, t.scheduledAt)],
);

/** One contact's invitation in one wave. The token is only stored as its SHA-256. */
export const invitations = sqliteTable(
  "invitations",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    contactId: integer()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** SHA-256 of the survey token (links to /s/TOKEN). */
    tokenHash: text().notNull(),
    /** SHA-256 of a separate unsubscribe token (/u/TOKEN): one token, one purpose. */
    unsubscribeTokenHash: text().notNull(),
    locale: text({ enum: ["en", "ja"] }).notNull(),
    status: text({ enum: INVITATION_STATUSES }).notNull().default("pending"),
    /** When the invitation may be sent (a daily cap spreads a wave over days). */
    dueAt: integer().notNull(),
    outboxId: integer(),
    sentAt: integer(),
    deliveredAt: integer(),
    bouncedAt: integer(),
    remindedAt: integer(),
    /** A request through the hidden honeypot link: a scanner fetched this email's links. */
    scannedAt: integer(),
    createdAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("invitations_token_idx").on(t.tokenHash),
    uniqueIndex("invitations_unsubscribe_token_idx").on(t.unsubscribeTokenHash),
    uniqueIndex("invitations_campaign_contact_idx").on(t.campaignId, t.contactId),
    index("invitations_contact_idx").on(t.contactId, t.createdAt),
    index("invitations_due_idx").on(t.status, t.dueAt),
    index("invitations_outbox_idx").on(t.outboxId),
  ],
);

/** The current answer to one invitation; earlier answers are kept in `responseChanges`. */
export const responses = sqliteTable(
  "responses",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    invitationId: integer().references(() => invitations.id, { onDelete: "set null" }),
    campaignId: integer().references(() => campaigns.id, { onDelete: "set null" }),
    contactId: integer()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    score: integer().notNull(),
    comment: text(),
    category: text({ enum: CATEGORIES }).notNull(),
    locale: text({ enum: ["en", "ja"] }).notNull(),
    channel: text({ enum: ["email", "portal"] })
      .notNull()
      .default("email"),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex("responses_invitation_idx").on(t.invitationId),
    index("responses_updated_idx").on(t.updatedAt, t.id),
    index("responses_contact_idx").on(t.contactId, t.createdAt),
    index("responses_account_idx").on(t.accountId, t.createdAt),
    index("responses_category_idx").on(t.category, t.updatedAt),
    // A wave's answered count (an invitation is answered when it has a response).
    index("responses_campaign_idx").on(t.campaignId),
    // The response lists ordered by score (lowest first, then newest), within a category and across all.
    index("responses_category_score_idx").on(t.category, t.score, sql`${t.updatedAt} DESC`, sql`${t.id} DESC`),
    index("responses_score_idx").on(t.score, sql`${t.updatedAt} DESC`, sql`${t.id} DESC`),
  ],
);

/**
 * Answers recorded but not yet handed to the response pipeline: the answer transaction appends
 * one row here (a rowid table without indexes: one page written), and the worker moves them into
 * pipeline jobs in batches. No foreign key, so the hot insert does no lookup; the pipeline
 * skips responses that are gone.
 */
export const responseEvents = sqliteTable("response_events", {
  id: integer().primaryKey(),
  responseId: integer().notNull(),
});

export const responseChanges = sqliteTable(
  "response_changes",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    responseId: integer()
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    score: integer().notNull(),
    comment: text(),
    changedAt: integer().notNull(),
  },
  (t) => [index("response_changes_response_idx").on(t.responseId)],
);

/** Addresses that bounced or complained: never emailed a survey again. */
export const suppressions = sqliteTable("suppressions", {
  email: text().primaryKey(),
  reason: text({ enum: ["bounced", "complained"] }).notNull(),
  detail: text(),
  createdAt: integer()
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
});

/** Provider webhook deliveries already processed, keyed by `svix-id`, so a replay is a no-op. */
export const webhookEvents = sqliteTable("webhook_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  receivedAt: integer().notNull(),
});
