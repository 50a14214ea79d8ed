import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts, contacts } from "./accounts";

/**
 * Usage events from the customer's product (decision 048): kept raw for the retention period,
 * rolled up per account and day for good. Stored compactly: the type is a small integer, the
 * person a 52-bit hash of their key (domain/usage-events.ts `personKey`), times epoch ms.
 */
export const usageEventTypes = sqliteTable("usage_event_types", {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull().unique(),
});

export const usageEvents = sqliteTable(
  "usage_events",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** The sender's id for the event, unique per install: a replay is found here and changes nothing. */
    eventId: text().notNull().unique(),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The contact, when the event named one (by email or product user id). */
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    /** Hash of the person's key; null when the event named nobody. */
    person: integer(),
    typeId: integer()
      .notNull()
      .references(() => usageEventTypes.id),
    occurredAt: integer().notNull(),
    /** When Kizuna accepted it: raw events are pruned by this, oldest (lowest id) first. */
    receivedAt: integer().notNull(),
    /** The event's properties as JSON text (a flat object), or null. */
    properties: text(),
  },
  (t) => [index("usage_events_account_type_idx").on(t.accountId, t.typeId, t.occurredAt), index("usage_events_contact_idx").on(t.contactId)],
);

/** Events per account, team-calendar day and type: what usage trends read once raw events are pruned. */
export const usageDaily = sqliteTable(
  "usage_daily",
  {
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    day: text().notNull(),
    typeId: integer()
      .notNull()
      .references(() => usageEventTypes.id),
    events: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.typeId] })],
);

/** Events per account, day and person: active users per day, week or month. */
export const usageDailyPeople = sqliteTable(
  "usage_daily_people",
  {
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    day: text().notNull(),
    /** Hash of the person's key (a contact's is the hash of their address's key). */
    person: integer().notNull(),
    events: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.person] })],
);

/** Which account a Segment `userId` belongs to, learnt from Segment's `group` calls. */
export const usageSegmentUsers = sqliteTable("usage_segment_users", {
  userId: text().primaryKey(),
  accountId: integer()
    .notNull()
    .references(() => accounts.id, { onDelete: "cascade" }),
  updatedAt: integer()
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
});
