import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts } from "./accounts";
import { users } from "./auth";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/*
 * User-group events (ユーザー会). In code and data they are *meetups*, to keep them apart from
 * the product's usage events; people see "events" / 「イベント」.
 */

export const MEETUP_FORMATS = ["online", "venue"] as const;
export type MeetupFormat = (typeof MEETUP_FORMATS)[number];

export type MeetupMaterial = { title: string; url: string };

export const meetups = sqliteTable(
  "meetups",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** Plain text, never HTML. */
    title: text().notNull(),
    /** The Markdown staff wrote, and its sanitised HTML (the community's renderer). */
    descriptionSource: text().notNull().default(""),
    descriptionHtml: text().notNull().default(""),
    format: text({ enum: MEETUP_FORMATS }).notNull(),
    /** Online: shown only to confirmed registrations (the page, their .ics, their emails). */
    joinUrl: text(),
    /** In person: the place, as text (address and room). */
    venue: text(),
    /** UTC ms; the organisers' IANA zone says how staff entered them and how the event reads them. */
    startsAt: integer().notNull(),
    endsAt: integer().notNull(),
    timeZone: text().notNull(),
    capacity: integer().notNull(),
    /** No registration after it (UTC ms); null: until the start. */
    registrationDeadline: integer(),
    /** JSON array of segments whose members may register; null: everyone. */
    segments: text({ mode: "json" }).$type<string[] | null>(),
    /** Slides, recordings: added after the event. */
    materials: text({ mode: "json" })
      .$type<MeetupMaterial[]>()
      .notNull()
      .default(sql`'[]'`),
    /** Seats taken and waiting, kept by the registration services in the same transaction. */
    confirmedCount: integer().notNull().default(0),
    waitlistCount: integer().notNull().default(0),
    createdById: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    index("meetups_starts_idx").on(t.startsAt),
    check("meetups_capacity_positive", sql`${t.capacity} > 0`),
    check("meetups_ends_after_start", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const MEETUP_REGISTRATION_STATUSES = ["confirmed", "waitlisted", "cancelled"] as const;
export type MeetupRegistrationStatus = (typeof MEETUP_REGISTRATION_STATUSES)[number];

/**
 * One contact's place at a meetup: a seat (`confirmed`), a place in the waitlist (in
 * `waitlistedAt` order) or a cancelled one (kept: a new registration reuses the row). The
 * calendar and survey links' tokens are derived when an email is sent (never stored); their
 * SHA-256 is kept here so the landing pages find the registration.
 */
export const meetupRegistrations = sqliteTable(
  "meetup_registrations",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    meetupId: integer()
      .notNull()
      .references(() => meetups.id, { onDelete: "cascade" }),
    contactId: integer()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    status: text({ enum: MEETUP_REGISTRATION_STATUSES }).notNull(),
    registeredAt: integer().notNull(),
    waitlistedAt: integer(),
    confirmedAt: integer(),
    cancelledAt: integer(),
    /** Staff marked them present (by hand or from the attendee CSV). */
    attendedAt: integer(),
    speaker: integer({ mode: "boolean" }).notNull().default(false),
    calendarTokenHash: text(),
    surveyTokenHash: text(),
    dayReminderSentAt: integer(),
    hourReminderSentAt: integer(),
    surveySentAt: integer(),
    /** The last registration notice queued (`confirmed:<ms>`, `waitlisted:<ms>`): a re-run job sends nothing twice. */
    noticeSentFor: text(),
    /** The post-event survey: satisfaction 1–5 and an optional comment. */
    satisfaction: integer(),
    surveyComment: text(),
    surveyAnsweredAt: integer(),
  },
  (t) => [
    uniqueIndex("meetup_registrations_person_idx").on(t.meetupId, t.contactId),
    index("meetup_registrations_waitlist_idx").on(t.meetupId, t.status, t.waitlistedAt),
    index("meetup_registrations_contact_idx").on(t.contactId, t.attendedAt),
    uniqueIndex("meetup_registrations_calendar_idx").on(t.calendarTokenHash),
    uniqueIndex("meetup_registrations_survey_idx").on(t.surveyTokenHash),
    check("meetup_registrations_satisfaction", sql`${t.satisfaction} IS NULL OR ${t.satisfaction} BETWEEN 1 AND 5`),
  ],
);
