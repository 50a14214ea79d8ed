import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts, contacts } from "./accounts";
import { users } from "./auth";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** What a customer did for us, as the advocacy timeline records it (the scoring issue weighs them). */
export const ADVOCACY_KINDS = [
  "promoter_answer",
  "accepted_answer",
  "like_received",
  "story_published",
  "meetup_attended",
  "meetup_spoke",
  "reference_given",
  "review_written",
] as const;
export type AdvocacyKind = (typeof ADVOCACY_KINDS)[number];

/** Where a record came from: the row it points at is `source` + `sourceId`. */
export const ADVOCACY_SOURCES = ["response", "community_post", "community_like", "story", "meetup", "staff"] as const;
export type AdvocacySource = (typeof ADVOCACY_SOURCES)[number];

/**
 * The advocacy timeline: one dated record per thing a contact (and so their account) did, with
 * its source. Written as things happen (community events, the response pipeline, the stories
 * and meetups services, staff logging references and reviews) through `recordAdvocacy`; `key`
 * makes each one idempotent (a retried job or a rebuild writes nothing twice), and undoing the
 * thing (a like withdrawn, an answer changed) removes its record.
 */
export const advocacyRecords = sqliteTable(
  "advocacy_records",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** `kind:source:sourceId[:contactId]`, unique: what makes a record written once. */
    key: text().notNull(),
    kind: text({ enum: ADVOCACY_KINDS }).notNull(),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    contactId: integer().references(() => contacts.id, { onDelete: "cascade" }),
    /** When it happened (not when it was recorded). */
    at: integer({ mode: "timestamp_ms" }).notNull(),
    source: text({ enum: ADVOCACY_SOURCES }).notNull(),
    sourceId: text(),
    /** What the page shows beside the kind: a score, a prospect and outcome, a review site and link, a title. */
    detail: text({ mode: "json" }).$type<Record<string, string | number | null>>(),
    recordedByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("advocacy_records_key_idx").on(t.key),
    index("advocacy_records_account_idx").on(t.accountId, t.at),
    index("advocacy_records_contact_idx").on(t.contactId, t.at),
  ],
);
