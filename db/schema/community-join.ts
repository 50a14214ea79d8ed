import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts, contacts } from "./accounts";
import { users } from "./auth";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/**
 * One-time links that let someone at a customer's email domain become a contact of that account.
 * Like sign-in links (decision 009), only the SHA-256 of the token is kept; the newest link for
 * an address supersedes the older ones, and one conditional UPDATE consumes it.
 */
export const communityJoinLinks = sqliteTable(
  "community_join_links",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** Lower-cased and trimmed, as contacts' addresses are. */
    email: text().notNull(),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(),
    /** The language of the browser that asked: the email's, and the new contact's. */
    locale: text({ enum: ["en", "ja"] }).notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    consumedAt: integer({ mode: "timestamp_ms" }),
    supersededAt: integer({ mode: "timestamp_ms" }),
    /** The contact the link created (or found, when one was added in the meantime). */
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("community_join_links_token_idx").on(t.tokenHash), index("community_join_links_email_idx").on(t.email, t.createdAt)],
);

export const JOIN_REQUEST_STATUSES = ["pending", "approved", "declined"] as const;
export type JoinRequestStatus = (typeof JOIN_REQUEST_STATUSES)[number];

/** "Ask to join": people whose address matches no customer's domain ask the CS team for access. */
export const communityJoinRequests = sqliteTable(
  "community_join_requests",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    name: text().notNull(),
    /** Lower-cased and trimmed. */
    email: text().notNull(),
    company: text().notNull(),
    message: text().notNull().default(""),
    /** The language the form was filled in: the new contact's if approved. */
    locale: text({ enum: ["en", "ja"] }).notNull(),
    status: text({ enum: JOIN_REQUEST_STATUSES }).notNull().default("pending"),
    accountId: integer().references(() => accounts.id, { onDelete: "set null" }),
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    decidedByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    decidedAt: integer({ mode: "timestamp_ms" }),
    declineReason: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [index("community_join_requests_status_idx").on(t.status, t.createdAt)],
);
