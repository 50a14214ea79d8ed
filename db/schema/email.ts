import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts } from "./accounts";

export const OUTBOX_STATUSES = ["queued", "sending", "sent", "local", "dead"] as const;

/**
 * How the worker mints the tokens of an email's links when it sends it: the stored body holds
 * slots where the tokens go (docs/decisions/021-no-working-links-at-rest.md), never a token.
 */
export type OutboxLinks =
  | { kind: "sign-in"; salt: string }
  | { kind: "invitation"; campaignId: number; contactId: number }
  /** A community join link (self sign-up by company domain): its own key, so it never works as a sign-in link. */
  | { kind: "join"; salt: string }
  /** A community email's one-click unsubscribe: it stops `emailKind` (a notification kind or the digest) for one member. */
  | { kind: "community-unsubscribe"; memberId: number; emailKind: string }
  /** A user-group event's email: its calendar (.ics) and survey links, for one registration. */
  | { kind: "meetup"; registrationId: number }
  /** An onboarding email's one-click unsubscribe: it stops onboarding email (not surveys) for one contact. */
  | { kind: "onboarding-unsubscribe"; contactId: number };

/**
 * Every email leaves through this table. A row is written in the same transaction as the
 * change that caused it; the worker claims rows by lease and delivers them. The email's body
 * is kept apart, in `outbox_bodies`: the worker rewrites this row at every step (claimed, sent),
 * and a row of a hundred bytes is rewritten in a tenth of the time of one carrying 10 kB of HTML
 * (docs/decisions/029-sending-under-load.md).
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    template: text().notNull(),
    toEmail: text().notNull(),
    fromEmail: text().notNull(),
    replyTo: text(),
    subject: text().notNull(),
    headers: text({ mode: "json" }).$type<Record<string, string>>().notNull(),
    tags: text({ mode: "json" }).$type<{ name: string; value: string }[]>().notNull(),
    /** Null: the email has no link that needs a token. */
    links: text({ mode: "json" }).$type<OutboxLinks>(),
    locale: text().notNull(),
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    status: text({ enum: OUTBOX_STATUSES }).notNull().default("queued"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer().notNull(),
    leaseUntil: integer(),
    /** The boot id of the process holding the lease: a process that knows itself alone resumes other boots' leases at start. */
    leaseBoot: text(),
    /** Set when claimed; a reclaimed batch is resent with the same grouping and the same key. */
    batchId: text(),
    providerId: text(),
    lastError: text(),
    createdAt: integer().notNull(),
    sentAt: integer(),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_batch_idx").on(t.batchId),
    index("outbox_created_idx").on(t.createdAt),
    index("outbox_provider_idx").on(t.providerId),
    // Batches waiting to be resent (claimOutboxBatch names this index: see there).
    index("outbox_batched_idx")
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.batchId} IS NOT NULL AND ${t.status} IN ('queued', 'sending')`),
  ],
);

/**
 * An outbox email's HTML and text parts, one row per email, written with it. The body of an
 * email that held working links (queued before links were minted at send time) is deleted once
 * the provider has it (docs/decisions/027-no-working-links-at-rest.md); every other stays for
 * the console's preview.
 */
export const outboxBodies = sqliteTable("outbox_bodies", {
  outboxId: integer()
    .primaryKey()
    .references(() => outbox.id, { onDelete: "cascade" }),
  html: text().notNull(),
  text: text().notNull(),
});

/**
 * A body many emails share: a wave's invitation (or reminder) as rendered once per language,
 * with a slot where each recipient's greeting goes and the link slots the worker fills when it
 * sends. Stored once (by its content's hash) instead of once per email: a wave of 100,000
 * writes 100,000 small rows, not a gigabyte (docs/decisions/040-a-wave-body-stored-once.md).
 */
export const outboxTemplates = sqliteTable(
  "outbox_templates",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** SHA-256 of the HTML and text: the same rendering is stored once, however many job runs render it. */
    hash: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [uniqueIndex("outbox_templates_hash_idx").on(t.hash)],
);

/** An email whose body is a shared template: which one, and what goes in its slots (plain text; HTML-escaped in the HTML part). */
export const outboxFills = sqliteTable("outbox_fills", {
  outboxId: integer()
    .primaryKey()
    .references(() => outbox.id, { onDelete: "cascade" }),
  templateId: integer()
    .notNull()
    .references(() => outboxTemplates.id),
  values: text({ mode: "json" }).$type<Record<string, string>>().notNull(),
});
