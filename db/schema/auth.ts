import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts } from "./accounts";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** CS team members who sign in to the console. */
export const users = sqliteTable("users", {
  id: integer().primaryKey({ autoIncrement: true }),
  email: text().notNull().unique(),
  name: text().notNull(),
  role: text({ enum: ["admin", "csm", "viewer"] }).notNull(),
  passwordHash: text().notNull(),
  createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  disabledAt: integer({ mode: "timestamp_ms" }),
  /** The console's language for this person; null until their first sign-in sets it from the browser. */
  locale: text({ enum: ["en", "ja"] }),
  /** The TOTP secret, encrypted (app/utils/secret-box.server.ts); null until the person confirms a code from their authenticator. */
  totpSecret: text(),
  /** A secret being enrolled: shown on the enrolment page until confirmed, then moved to `totpSecret`. */
  totpPendingSecret: text(),
  totpEnabledAt: integer({ mode: "timestamp_ms" }),
  /** The 30-second step of the last code accepted: a code of that step or an earlier one is never accepted again. */
  totpLastStep: integer(),
});

/** Single-use recovery codes for the TOTP second factor, stored as SHA-256 hashes. */
export const staffRecoveryCodes = sqliteTable(
  "staff_recovery_codes",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text().notNull(),
    usedAt: integer({ mode: "timestamp_ms" }),
  },
  (t) => [index("staff_recovery_codes_user_idx").on(t.userId)],
);

/** Server-side sessions; `id` is the SHA-256 of the cookie token, never the token itself. */
export const staffSessions = sqliteTable(
  "staff_sessions",
  {
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer({ mode: "timestamp_ms" }).notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    /** How the person signed in: a password (a second factor may apply) or the company's OpenID Connect provider (which does its own MFA). */
    method: text({ enum: ["password", "oidc"] })
      .notNull()
      .default("password"),
    /**
     * Null for a signed-in session. `totp`: the password was right and a code is awaited; such a session
     * grants nothing but that step. (`enrol`, an admin held until they set up two-factor, is worked out on
     * each request from the setting instead, so sessions begun before it was turned on are held too.)
     */
    pending: text({ enum: ["totp", "enrol"] }),
  },
  (t) => [index("staff_sessions_user_idx").on(t.userId)],
);

export const contactSessions = sqliteTable(
  "contact_sessions",
  {
    id: text().primaryKey(),
    contactId: integer()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer({ mode: "timestamp_ms" }).notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("contact_sessions_contact_idx").on(t.contactId)],
);

/** One-time sign-in links for customer contacts. */
export const magicLinks = sqliteTable(
  "magic_links",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    contactId: integer()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    consumedAt: integer({ mode: "timestamp_ms" }),
    supersededAt: integer({ mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("magic_links_token_idx").on(t.tokenHash), index("magic_links_contact_idx").on(t.contactId)],
);

export const apiKeys = sqliteTable("api_keys", {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull(),
  /** Visible part shown in the console, e.g. `kz_3f9a1c`. */
  prefix: text().notNull(),
  keyHash: text().notNull().unique(),
  /** JSON array of scope strings. */
  scopes: text({ mode: "json" }).$type<string[]>().notNull(),
  createdByUserId: integer().references(() => users.id, { onDelete: "set null" }),
  createdAt: integer({ mode: "timestamp_ms" }).notNull().default(now),
  lastUsedAt: integer({ mode: "timestamp_ms" }),
  revokedAt: integer({ mode: "timestamp_ms" }),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: integer({ mode: "timestamp_ms" }).notNull().default(now),
    actorUserId: integer().references(() => users.id, { onDelete: "set null" }),
    /** e.g. `auth.sign_in`, `auth.sign_in_failed`, `user.role_changed`, `api_key.created`, `export`. */
    action: text().notNull(),
    entity: text(),
    entityId: text(),
    ip: text(),
    detail: text({ mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    // One entity's history (a response's consents, a case's changes) without reading the whole log.
    index("audit_log_entity_idx").on(t.entity, t.entityId),
  ],
);

/** Fixed-window counters for rate limits, shared by every process on the database. */
export const rateLimits = sqliteTable("rate_limits", {
  key: text().primaryKey(),
  count: integer().notNull(),
  resetAt: integer().notNull(),
});
