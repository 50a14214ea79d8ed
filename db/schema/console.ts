import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts, contacts } from "./accounts";
import { users } from "./auth";
import { outbox } from "./email";
import { guideEnrolments } from "./guides";
import { campaigns, responses } from "./nps";

/*
 * What the CS console adds on top of responses: pre-aggregated NPS for the dashboard, follow-up
 * cases (closing the loop), tags, and promoter actions. Full-text search over comments is an
 * FTS5 table kept by triggers, written in the migration (drizzle has no virtual tables).
 */

/** The keys the dashboard counts by: a day in the team's zone (`aggregate_days`) and the account's dimensions (0 for "none"). */
const dashboardKeys = () => ({
  day: text().notNull(),
  campaignId: integer().notNull(),
  segment: text().notNull(),
  csmUserId: integer().notNull(),
  stage: text().notNull(),
  locale: text().notNull(),
});

/**
 * Responses counted per team-zone day (of the first answer) and score, by the dimensions the
 * dashboard filters and breaks down by, as the account was when the response was counted.
 * "None" is 0 rather than NULL, so every row has one key (NULLs never conflict in SQLite).
 */
export const npsDaily = sqliteTable("nps_daily", { ...dashboardKeys(), score: integer().notNull(), responses: integer().notNull() }, (t) => [
  primaryKey({ columns: [t.day, t.campaignId, t.segment, t.csmUserId, t.stage, t.locale, t.score] }),
  // One CSM's view reads only their rows.
  index("nps_daily_csm_idx").on(t.csmUserId, t.day),
]);

/** Invitations created per UTC day, by the same dimensions: the response rate's denominator. */
export const invitationsDaily = sqliteTable("invitations_daily", { ...dashboardKeys(), invitations: integer().notNull() }, (t) => [
  primaryKey({ columns: [t.day, t.campaignId, t.segment, t.csmUserId, t.stage, t.locale] }),
]);

/**
 * Per campaign, the campaign list's figures: invitations, those that reached the contact (the
 * provider took the email, or the local outbox kept it), and answers. Kept by triggers on
 * `campaigns`, `invitations`, `outbox` and `responses` (migration 0008), so the list reads one
 * row per campaign instead of counting millions of invitations.
 */
export const campaignCounts = sqliteTable("campaign_counts", {
  campaignId: integer()
    .primaryKey()
    .references(() => campaigns.id, { onDelete: "cascade" }),
  invited: integer().notNull().default(0),
  reached: integer().notNull().default(0),
  answered: integer().notNull().default(0),
});

/**
 * Per campaign, its invitations counted by what the campaign page shows about each: its status,
 * whether a queued one's email was already taken by the provider (or kept by the local outbox),
 * and whether it was delivered, scanned or reminded. Kept by triggers on `invitations` and
 * `outbox` (migration 0014), so the campaign page sums a few dozen rows instead of reading every
 * invitation of the wave.
 */
export const campaignProgressCounts = sqliteTable(
  "campaign_progress_counts",
  {
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    status: text().notNull(),
    /** 1 when the invitation is queued and its outbox email is `sent` or `local`. */
    taken: integer().notNull(),
    delivered: integer().notNull(),
    scanned: integer().notNull(),
    reminded: integer().notNull(),
    invitations: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.status, t.taken, t.delivered, t.scanned, t.reminded] })],
);

export const NPS_GRAINS = ["day", "week", "month"] as const;
export type NpsGrain = (typeof NPS_GRAINS)[number];

/**
 * `nps_daily` summed without the CSM key, per day, ISO week (from its Monday) and month (from
 * its 1st): the unfiltered dashboard reads whole weeks or months here and only the days at the
 * range's edges, a few thousand rows instead of `nps_daily`'s hundreds of thousands. Kept by
 * triggers on `nps_daily` (migration 0006), so it is always its sum.
 */
export const npsPeriod = sqliteTable(
  "nps_period",
  {
    grain: text({ enum: NPS_GRAINS }).notNull(),
    /** The period's first day, `YYYY-MM-DD`. */
    period: text().notNull(),
    campaignId: integer().notNull(),
    segment: text().notNull(),
    stage: text().notNull(),
    locale: text().notNull(),
    score: integer().notNull(),
    responses: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.grain, t.period, t.campaignId, t.segment, t.stage, t.locale, t.score] })],
);

/** `nps_daily` per day and month by CSM (stage and locale summed away): the breakdown by CSM. Kept by the same triggers. */
export const npsCsmPeriod = sqliteTable(
  "nps_csm_period",
  {
    grain: text({ enum: NPS_GRAINS }).notNull(),
    period: text().notNull(),
    csmUserId: integer().notNull(),
    campaignId: integer().notNull(),
    segment: text().notNull(),
    score: integer().notNull(),
    responses: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.grain, t.period, t.csmUserId, t.campaignId, t.segment, t.score] })],
);

/**
 * What each response currently contributes to `nps_daily`, so a changed answer moves its count.
 * No foreign key: when a response is deleted, a trigger (migration 0004) takes its count back
 * out, which needs this row to still be there.
 */
export const responseRollup = sqliteTable("response_rollup", {
  responseId: integer().primaryKey(),
  ...dashboardKeys(),
  score: integer().notNull(),
});

/**
 * The time zone the days of `nps_daily`, `invitations_daily`, `nps_period` and `nps_csm_period`
 * are in: one row. It follows the team's zone setting once the day re-keying job has moved every
 * count (docs/decisions/017); while the two differ, the dashboard says it is being rebuilt.
 */
export const aggregateDays = sqliteTable("aggregate_days", {
  id: integer().primaryKey(),
  timeZone: text().notNull(),
});

export const CASE_STATUSES = ["open", "contacted", "resolved", "wont_fix"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * What a task is about. `follow_up`: a detractor's answer (bound to its response; the only kind the
 * closing-the-loop figures and `cases_opened_daily` count). `onboarding_stalled`: an account whose
 * guide stopped moving (bound to its enrolment, no response). `risk` and `expansion` are the
 * scoring's, not opened by anything yet.
 */
export const TASK_KINDS = ["follow_up", "onboarding_stalled", "risk", "expansion"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * A task for the CS team (the table keeps its first name, `cases`): owned by a CSM, due by a date,
 * with notes and a timeline whatever its kind. A follow-up has one per response; an onboarding
 * task at most one still being worked per enrolment.
 */
export const cases = sqliteTable(
  "cases",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    kind: text({ enum: TASK_KINDS }).notNull().default("follow_up"),
    /** The answer a follow-up is about; null for the other kinds. */
    responseId: integer().references(() => responses.id, { onDelete: "cascade" }),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The person a follow-up answers; null for tasks about a whole account. */
    contactId: integer().references(() => contacts.id, { onDelete: "cascade" }),
    /** The guide enrolment an onboarding task is about. */
    enrolmentId: integer().references(() => guideEnrolments.id, { onDelete: "set null" }),
    ownerUserId: integer().references(() => users.id, { onDelete: "set null" }),
    status: text({ enum: CASE_STATUSES }).notNull().default("open"),
    /** Why it was closed as won't fix (and, optionally, how it was resolved). */
    closeReason: text(),
    dueAt: integer().notNull(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
    closedAt: integer(),
  },
  (t) => [
    uniqueIndex("cases_response_idx").on(t.responseId),
    // Never two onboarding tasks being worked for one enrolment, however often the stall check runs.
    uniqueIndex("cases_enrolment_active_idx")
      .on(t.enrolmentId)
      .where(sql`${t.enrolmentId} IS NOT NULL AND ${t.status} IN ('open', 'contacted')`),
    index("cases_owner_idx").on(t.ownerUserId, t.status, t.dueAt),
    index("cases_status_idx").on(t.status, t.dueAt),
    // The queue filtered by kind, in due order.
    index("cases_kind_status_idx").on(t.kind, t.status, t.dueAt),
    index("cases_account_idx").on(t.accountId, t.status),
    // The dashboard counts the follow-ups opened in a period per status (and owner) from the index alone.
    index("cases_status_opened_idx").on(t.kind, t.status, t.createdAt, t.ownerUserId),
  ],
);

/**
 * Follow-ups (kind `follow_up` only) per UTC day of opening (days since the epoch) and status, kept by
 * triggers on `cases` (migration 0015, and again with the tasks' kinds): the dashboard sums the whole UTC days inside a range here and counts only the
 * hours at its edges on `cases_status_opened_idx`. UTC days, so a change of the team's zone needs
 * no rebuild: any zone's day is whole UTC days plus edges.
 */
export const casesOpenedDaily = sqliteTable(
  "cases_opened_daily",
  {
    day: integer().notNull(),
    status: text({ enum: CASE_STATUSES }).notNull(),
    cases: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.status] })],
);

export const CASE_EVENT_KINDS = ["opened", "assigned", "status", "note", "reply", "promoter-action"] as const;

/** The case's timeline: everything that happened to it, by whom. */
export const caseEvents = sqliteTable(
  "case_events",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    caseId: integer()
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    kind: text({ enum: CASE_EVENT_KINDS }).notNull(),
    actorUserId: integer().references(() => users.id, { onDelete: "set null" }),
    body: text(),
    data: text({ mode: "json" }).$type<Record<string, unknown>>(),
    outboxId: integer().references(() => outbox.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.createdAt)],
);

export const tags = sqliteTable("tags", {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull().unique(),
  createdAt: integer().notNull(),
});

/** Keywords (English and Japanese) that tag a response automatically. */
export const tagRules = sqliteTable("tag_rules", {
  id: integer().primaryKey({ autoIncrement: true }),
  tagId: integer()
    .notNull()
    .references(() => tags.id, { onDelete: "cascade" }),
  keywords: text({ mode: "json" }).$type<string[]>().notNull(),
  createdByUserId: integer().references(() => users.id, { onDelete: "set null" }),
  createdAt: integer().notNull(),
  updatedAt: integer().notNull(),
});

export const responseTags = sqliteTable(
  "response_tags",
  {
    responseId: integer()
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    tagId: integer()
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
    source: text({ enum: ["manual", "rule"] }).notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.tagId] }), index("response_tags_tag_idx").on(t.tagId, t.responseId)],
);

/**
 * Responses per tag, for the tags page: kept by triggers on `tags` and `response_tags`
 * (migration 0009), instead of counting hundreds of thousands of tag rows on each view.
 */
export const tagCounts = sqliteTable("tag_counts", {
  tagId: integer()
    .primaryKey()
    .references(() => tags.id, { onDelete: "cascade" }),
  responses: integer().notNull().default(0),
});

export const PROMOTER_ACTIONS = ["reference", "community", "review"] as const;

/** Promoter follow-ups (reference candidate, community invite, review ask): each once per response. */
export const promoterActions = sqliteTable(
  "promoter_actions",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    responseId: integer()
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    kind: text({ enum: PROMOTER_ACTIONS }).notNull(),
    actorUserId: integer().references(() => users.id, { onDelete: "set null" }),
    outboxId: integer().references(() => outbox.id, { onDelete: "set null" }),
    createdAt: integer().notNull(),
  },
  (t) => [uniqueIndex("promoter_actions_response_kind_idx").on(t.responseId, t.kind)],
);
