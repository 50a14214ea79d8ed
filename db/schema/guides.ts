import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts, contacts } from "./accounts";

/**
 * Onboarding guides (decision 049). A guide is what an admin names and assigns; its steps live in
 * immutable versions, so an account mid-way keeps the steps it started with. Progress is kept per
 * enrolment and step key (never per step row), so moving an enrolment to a newer version carries
 * the progress of every key that still exists without copying a row.
 */
export const guides = sqliteTable("guides", {
  id: integer().primaryKey({ autoIncrement: true }),
  /** The stable key the API upserts by (`PUT /api/v1/guides`). */
  key: text().notNull().unique(),
  nameEn: text().notNull(),
  nameJa: text().notNull(),
  descriptionEn: text(),
  descriptionJa: text(),
  /** Assignment, each a JSON array of strings; empty means any. */
  segments: text({ mode: "json" }).$type<string[]>().notNull().default([]),
  stages: text({ mode: "json" }).$type<string[]>().notNull().default([]),
  locales: text({ mode: "json" }).$type<string[]>().notNull().default([]),
  /** Time to first value target in days (the scoring issue compares TTV with it). */
  targetDays: integer(),
  /** Days without progress before a person gets their one nudge email for their next step. */
  nudgeAfterDays: integer().notNull().default(3),
  /** Days without progress before the account counts as stalled (a task, or the pooled stalled list). */
  stallAfterDays: integer().notNull().default(14),
  status: text({ enum: ["published", "archived"] })
    .notNull()
    .default("published"),
  /** The version accounts that start from now on get; null only between the two inserts of a new guide. */
  currentVersionId: integer(),
  createdAt: integer()
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  updatedAt: integer()
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
});

/** One published snapshot of a guide's steps. Never updated: a change is a new row. */
export const guideVersions = sqliteTable(
  "guide_versions",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    guideId: integer()
      .notNull()
      .references(() => guides.id, { onDelete: "cascade" }),
    /** 1, 2, 3 … per guide. */
    version: integer().notNull(),
    /** SHA-256 of the canonical steps JSON: an identical import is found without reading the steps. */
    stepsHash: text().notNull(),
    stepCount: integer().notNull(),
    /** The key of the first-value step: activation is reaching it. */
    firstValueKey: text().notNull(),
    publishedAt: integer().notNull(),
  },
  (t) => [uniqueIndex("guide_versions_guide_version_idx").on(t.guideId, t.version)],
);

/** A version's steps in order. `doneWhen` is the completion rule as JSON (domain/guides.ts `DoneWhen`). */
export const guideSteps = sqliteTable(
  "guide_steps",
  {
    versionId: integer()
      .notNull()
      .references(() => guideVersions.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    key: text().notNull(),
    titleEn: text().notNull(),
    titleJa: text().notNull(),
    bodyEn: text(),
    bodyJa: text(),
    videoUrl: text(),
    scope: text({ enum: ["user", "account"] }).notNull(),
    doneWhen: text({ mode: "json" }).notNull(),
    /** The event type name an event rule waits for (null for manual and community rules): the step engine finds the steps an event can move by it. */
    eventType: text(),
    firstValue: integer({ mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.key] }),
    uniqueIndex("guide_steps_position_idx").on(t.versionId, t.position),
    index("guide_steps_event_idx").on(t.eventType),
  ],
);

/**
 * An account's place in a guide: one at a time. `startedAt` is the account's start date (the TTV
 * clock); `activatedAt` is set once, when the first-value step is reached; `lastProgressAt` is what
 * nudges and the stalled list read.
 */
export const guideEnrolments = sqliteTable(
  "guide_enrolments",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer()
      .notNull()
      .unique()
      .references(() => accounts.id, { onDelete: "cascade" }),
    guideId: integer()
      .notNull()
      .references(() => guides.id, { onDelete: "cascade" }),
    versionId: integer()
      .notNull()
      .references(() => guideVersions.id),
    /** ISO date (YYYY-MM-DD): the account's start date when it was enrolled. */
    startedAt: text().notNull(),
    activatedAt: integer(),
    /** Whole days from `startedAt` to activation, kept with it so cohorts' medians read one column. */
    ttvDays: integer(),
    /** Steps done at the account level (account steps, and user steps someone did): the funnel and progress read it. */
    doneSteps: integer().notNull().default(0),
    lastProgressAt: integer(),
    /** When the account was found stalled (no progress for the guide's `stallAfterDays`); null again once it moves. */
    stalledAt: integer(),
    nudges: integer({ mode: "boolean" }).notNull().default(true),
    enrolledBy: text({ enum: ["publish", "admin", "start"] }).notNull(),
    createdAt: integer()
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [
    // TTV rides along, so the cohort figures (GROUP BY start date, TTV) read the index alone (decision 054).
    index("guide_enrolments_version_start_idx").on(t.versionId, t.startedAt, t.ttvDays),
    index("guide_enrolments_guide_start_idx").on(t.guideId, t.startedAt, t.ttvDays),
    index("guide_enrolments_stalled_idx").on(t.stalledAt),
    // The nudges' candidates: a guide's enrolments by when they last moved.
    index("guide_enrolments_progress_idx").on(t.guideId, t.lastProgressAt),
    // The stall check's candidates: not found stalled yet, by guide and how long they have been quiet.
    index("guide_enrolments_quiet_idx")
      .on(t.guideId, t.lastProgressAt, t.startedAt)
      .where(sql`${t.stalledAt} IS NULL`),
  ],
);

/**
 * A step done at the account level: for an account step, when anyone did it; for a user step, when
 * the first person did. One row per enrolment and key, so the funnel is a GROUP BY over this table.
 */
export const guideStepCompletions = sqliteTable(
  "guide_step_completions",
  {
    enrolmentId: integer()
      .notNull()
      .references(() => guideEnrolments.id, { onDelete: "cascade" }),
    stepKey: text().notNull(),
    doneAt: integer().notNull(),
    /** Who did it, as the usage events' person hash (null: the event named nobody). */
    person: integer(),
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    /** The address shown as `doneBy` (null when the person is not a contact). */
    doneBy: text(),
    source: text({ enum: ["event", "manual", "community", "admin"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enrolmentId, t.stepKey] }), index("guide_step_completions_key_idx").on(t.stepKey, t.enrolmentId)],
);

/** A user step done by one person (and, for account steps, who ticked them), for the member's checklist and the per-user view. */
export const guidePersonCompletions = sqliteTable(
  "guide_person_completions",
  {
    enrolmentId: integer()
      .notNull()
      .references(() => guideEnrolments.id, { onDelete: "cascade" }),
    stepKey: text().notNull(),
    person: integer().notNull(),
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    doneAt: integer().notNull(),
    source: text({ enum: ["event", "manual", "community", "admin"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enrolmentId, t.stepKey, t.person] }), index("guide_person_completions_contact_idx").on(t.contactId)],
);
