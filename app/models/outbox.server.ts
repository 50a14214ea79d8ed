import { and, asc, count, desc, eq, gt, inArray, isNull, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { outbox, outboxBodies, outboxFills, outboxTemplates, OUTBOX_STATUSES } from "../../db/schema";
import { fillBodyTemplate, type BodyTemplate, type BodyValues } from "../domain/email-body-template";
import { maskLinkTokens } from "../domain/email-links";
import { BOOT_ID } from "../utils/boot-id.server";
import { db, preparedOn, transaction } from "../utils/db.server";

/** An outbox row with its body (kept in `outbox_bodies`; empty once removed). */
export type OutboxRow = typeof outbox.$inferSelect & { html: string; text: string };
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Rows the worker may take: queued and due, or being sent by a worker whose lease ran out. */
function claimable(now: number): SQL {
  return or(and(eq(outbox.status, "queued"), lte(outbox.nextAttemptAt, now)), and(eq(outbox.status, "sending"), lt(outbox.leaseUntil, now)))!;
}

// Batches waiting to be resent are few, fresh queued rows may be 100,000: the partial index
// holds only the former, and naming it keeps the planner from walking the latter.
const PENDING_BATCH_SQL = `SELECT batch_id FROM outbox INDEXED BY outbox_batched_idx
  WHERE batch_id IS NOT NULL AND status IN ('queued', 'sending')
    AND ((status = 'queued' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until < ?))
  ORDER BY next_attempt_at, id LIMIT 1`;

function pendingBatch(now: number): string | undefined {
  const row = preparedOn(db, PENDING_BATCH_SQL).get(now, now) as { batch_id: string } | undefined;
  return row?.batch_id;
}

/** A wave's emails, written by the fan-out in chunks: worth a moment's wait to fill a batch. */
const BULK_TEMPLATES = ["nps-invitation", "nps-reminder"];
/** How long the first of a part-filled batch of wave emails may wait for the rest. */
export const BATCH_FILL_WAIT_MS = 300;

/** What the worker needs to send a claimed row (the console's columns are left out). */
export type SendableOutboxRow = Pick<
  OutboxRow,
  | "id"
  | "template"
  | "toEmail"
  | "fromEmail"
  | "replyTo"
  | "subject"
  | "html"
  | "text"
  | "headers"
  | "tags"
  | "links"
  | "attempts"
  | "batchId"
  | "leaseBoot"
  | "createdAt"
>;

type RawSendable = Omit<SendableOutboxRow, "headers" | "tags" | "links"> & {
  headers: string;
  tags: string;
  links: string | null;
  bodyTemplateId: number | null;
  bodyTemplateHash: string | null;
  bodyValues: string | null;
};

// The sender's statements are prepared once and return only ids: the claim is the sender's
// hottest write, and building it with the query builder and reading every column back (bodies
// included) through it cost about a third of a batch's CPU (see the sending bench). The bodies
// are then read once, by id.
const DUE_SQL = `SELECT template, created_at AS createdAt FROM outbox INDEXED BY outbox_due_idx
  WHERE status = 'queued' AND batch_id IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`;
const CLAIM_FRESH_SQL = `UPDATE outbox SET status = 'sending', lease_until = ?, lease_boot = ?, batch_id = ?
  WHERE id IN (SELECT id FROM outbox INDEXED BY outbox_due_idx WHERE status = 'queued' AND batch_id IS NULL AND next_attempt_at <= ?
    ORDER BY next_attempt_at, id LIMIT ?)
  AND status = 'queued' AND batch_id IS NULL RETURNING id`;
const RECLAIM_SQL = `UPDATE outbox SET status = 'sending', lease_until = ?, lease_boot = ?
  WHERE batch_id = ? AND ((status = 'queued' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until < ?)) RETURNING id`;
const SENDABLE_SQL = `SELECT o.id, o.template, o.to_email AS toEmail, o.from_email AS fromEmail, o.reply_to AS replyTo, o.subject,
    coalesce(b.html, '') AS html, coalesce(b.text, '') AS text, f.template_id AS bodyTemplateId, t.hash AS bodyTemplateHash, f."values" AS bodyValues,
    o.headers, o.tags, o.links, o.attempts, o.batch_id AS batchId, o.lease_boot AS leaseBoot, o.created_at AS createdAt
  FROM outbox o LEFT JOIN outbox_bodies b ON b.outbox_id = o.id LEFT JOIN outbox_fills f ON f.outbox_id = o.id
    LEFT JOIN outbox_templates t ON t.id = f.template_id
  WHERE o.id IN (SELECT value FROM json_each(?)) ORDER BY o.id`;

function sendableRows(ids: number[]): SendableOutboxRow[] {
  if (ids.length === 0) return [];
  const raw = preparedOn(db, SENDABLE_SQL).all(JSON.stringify(ids)) as RawSendable[];
  return raw.map(({ bodyTemplateId, bodyTemplateHash, bodyValues, ...row }) => ({
    ...row,
    ...withSharedBody(bodyTemplateId, bodyTemplateHash, JSON.parse(bodyValues ?? "null") as BodyValues | null),
    headers: row.headers === "{}" ? {} : (JSON.parse(row.headers) as Record<string, string>),
    tags: JSON.parse(row.tags) as SendableOutboxRow["tags"],
    links: row.links === null ? null : (JSON.parse(row.links) as SendableOutboxRow["links"]),
  }));
}

// Shared bodies never change once stored, so the few a wave uses are kept here (by their content's
// hash, which no other database's template with the same id shares) rather than read, 10 kB
// each, for every email of every batch.
const bodyTemplates = new Map<string, BodyTemplate>();
const BODY_TEMPLATES_KEPT = 16;
const BODY_TEMPLATE_SQL = `SELECT html, text FROM outbox_templates WHERE id = ?`;

function bodyTemplate(id: number, hash: string): BodyTemplate {
  let template = bodyTemplates.get(hash);
  if (!template) {
    template = readBodyTemplate(id) ?? { html: "", text: "" };
    if (bodyTemplates.size >= BODY_TEMPLATES_KEPT) bodyTemplates.delete(bodyTemplates.keys().next().value!);
    bodyTemplates.set(hash, template);
  }
  return template;
}

/** A stored shared body, as stored (its slots unfilled). */
export function readBodyTemplate(id: number): BodyTemplate | undefined {
  return preparedOn(db, BODY_TEMPLATE_SQL).get(id) as BodyTemplate | undefined;
}

/** An email of a wave: its body is the wave's shared template with its own values put in (nothing to add for any other). */
function withSharedBody(templateId: number | null, hash: string | null, values: BodyValues | null): Partial<BodyTemplate> {
  return templateId === null || hash === null || values === null ? {} : fillBodyTemplate(bodyTemplate(templateId, hash), values);
}

/**
 * Leases the next batch to send, in one UPDATE … RETURNING so two workers never take the same
 * row. A batch that was already formed (its worker crashed, or it is waiting to be retried)
 * comes back whole under its original `batchId`, so it is resent with the same idempotency key;
 * otherwise up to `limit` fresh due rows are stamped with `newBatchId`.
 *
 * While a wave is being written, the due rows may be a part-filled batch of its emails: sent at
 * once, they would spend a request of the provider's rate limit on a few emails, so they wait
 * up to BATCH_FILL_WAIT_MS for the fan-out to write more (`fillUntil`). Any other email due (a
 * sign-in link, an alert) goes at once and takes them along.
 */
export function claimOutboxBatch(
  now: number,
  leaseUntil: number,
  newBatchId: string,
  limit: number,
): { rows: SendableOutboxRow[]; reclaimed: boolean; fillUntil?: number } {
  const pending = pendingBatch(now);
  if (pending) {
    const reclaimed = preparedOn(db, RECLAIM_SQL).all(leaseUntil, BOOT_ID, pending, now, now) as { id: number }[];
    if (reclaimed.length > 0) return { rows: sendableRows(reclaimed.map((r) => r.id)), reclaimed: true };
  }

  const due = preparedOn(db, DUE_SQL).all(now, limit) as { template: string; createdAt: number }[];
  if (due.length > 0 && due.length < limit && due.every((row) => BULK_TEMPLATES.includes(row.template))) {
    const oldest = Math.min(...due.map((row) => row.createdAt));
    if (now < oldest + BATCH_FILL_WAIT_MS) return { rows: [], reclaimed: false, fillUntil: oldest + BATCH_FILL_WAIT_MS };
  }
  if (due.length === 0) return { rows: [], reclaimed: false };
  const claimed = preparedOn(db, CLAIM_FRESH_SQL).all(leaseUntil, BOOT_ID, newBatchId, now, limit) as { id: number }[];
  return { rows: sendableRows(claimed.map((r) => r.id)), reclaimed: false };
}

const OLDEST_FRESH_SQL = `SELECT id FROM outbox INDEXED BY outbox_due_idx WHERE status = 'queued' AND batch_id IS NULL ORDER BY next_attempt_at, id LIMIT 1`;

/** The id of the next email the sender will claim (null: none is waiting): one step into the queue's index. */
export function nextQueuedOutboxId(): number | null {
  return (preparedOn(db, OLDEST_FRESH_SQL).get() as { id: number } | undefined)?.id ?? null;
}

/**
 * Makes the batches other boots were sending claimable at once (resent under their own batch id
 * and idempotency key). Only for a process that holds the install lock alone.
 */
export function expireOutboxLeasesOfOtherBoots(bootId: string): number {
  return db
    .update(outbox)
    .set({ leaseUntil: 0 })
    .where(and(eq(outbox.status, "sending"), or(isNull(outbox.leaseBoot), ne(outbox.leaseBoot, bootId))))
    .run().changes;
}

/** Lets go of this process's own claims (at shutdown): whoever claims next takes them at once. */
export function expireOutboxLeasesOfBoot(bootId: string): number {
  return db
    .update(outbox)
    .set({ leaseUntil: 0 })
    .where(and(eq(outbox.status, "sending"), eq(outbox.leaseBoot, bootId)))
    .run().changes;
}

/** Only the holder of a batch's lease may settle its rows (a reclaimed batch has moved on). */
function heldBy(batchId: string, ids: number[]) {
  return and(inArray(outbox.id, ids), eq(outbox.batchId, batchId), eq(outbox.status, "sending"));
}

/**
 * Emails queued before links were minted at send time (no `links`) carry working tokens in their
 * body and headers; once the provider has them, the copy here is dropped: the body row is
 * deleted, the headers emptied. (Newer rows hold slots, never tokens, and keep their body for
 * the console's preview.)
 */
const LEGACY_LINK_BEARING = `links IS NULL AND template IN ('magic-link', 'nps-invitation', 'nps-reminder')`;
const LEGACY_HEADERS_EMPTIED = `CASE WHEN ${LEGACY_LINK_BEARING} THEN '{}' ELSE headers END`;

// One statement prepared once: building and preparing an UPDATE per email cost about 40 ms of a
// 100-email batch's CPU, a third of what the sender spent per batch (see the sending bench).
// The row is small (the body lives in outbox_bodies), so marking it sent rewrites a hundred bytes.
const MARK_SENT_SQL = `UPDATE outbox SET status = 'sent', provider_id = ?, sent_at = ?, lease_until = NULL, attempts = attempts + 1, headers = ${LEGACY_HEADERS_EMPTIED}
  WHERE id = ? AND batch_id = ? AND status = 'sending'`;
// Once per batch: the bodies of the legacy emails the batch just handed over.
const DROP_SENT_LEGACY_BODIES_SQL = `DELETE FROM outbox_bodies WHERE outbox_id IN
  (SELECT id FROM outbox WHERE batch_id = ? AND status = 'sent' AND ${LEGACY_LINK_BEARING})`;

/** Only the holder of the batch's lease settles its rows (as `heldBy`). */
export function markOutboxSent(batchId: string, sent: { id: number; providerId: string | null }[], now: number) {
  transaction((tx) => {
    const markSent = preparedOn(tx, MARK_SENT_SQL);
    for (const { id, providerId } of sent) markSent.run(providerId, now, id, batchId);
    preparedOn(tx, DROP_SENT_LEGACY_BODIES_SQL).run(batchId);
  });
}

/**
 * Puts rows back in the queue for `nextAttemptAt`. They keep a batch id (`keepBatchId`, usually
 * the current one) so the retry is the same request under the same idempotency key.
 */
export function requeueOutbox(
  batchId: string,
  ids: number[],
  change: { nextAttemptAt: number; lastError: string; countAttempt: boolean; keepBatchId?: string },
) {
  db.update(outbox)
    .set({
      status: "queued",
      leaseUntil: null,
      nextAttemptAt: change.nextAttemptAt,
      lastError: change.lastError,
      batchId: change.keepBatchId ?? batchId,
      ...(change.countAttempt ? { attempts: sql`${outbox.attempts} + 1` } : {}),
    })
    .where(heldBy(batchId, ids))
    .run();
}

export function markOutboxDead(batchId: string, ids: number[], lastError: string, countAttempt = true) {
  db.update(outbox)
    .set({ status: "dead", leaseUntil: null, lastError, ...(countAttempt ? { attempts: sql`${outbox.attempts} + 1` } : {}) })
    .where(heldBy(batchId, ids))
    .run();
}

/** Without a provider, "delivery" is the local outbox itself: every due row becomes `local`. */
export function markDueOutboxLocal(now: number): number {
  return transaction((tx) => {
    const due = claimable(now);
    tx.delete(outboxBodies)
      .where(
        inArray(
          outboxBodies.outboxId,
          tx
            .select({ id: outbox.id })
            .from(outbox)
            .where(and(due, sql.raw(LEGACY_LINK_BEARING))),
        ),
      )
      .run();
    return tx
      .update(outbox)
      .set({ status: "local", sentAt: now, leaseUntil: null, attempts: sql`${outbox.attempts} + 1`, headers: sql.raw(LEGACY_HEADERS_EMPTIED) })
      .where(due)
      .run().changes;
  });
}

// Console reads

export type OutboxListItem = Pick<
  OutboxRow,
  "id" | "template" | "toEmail" | "subject" | "locale" | "status" | "attempts" | "createdAt" | "sentAt" | "nextAttemptAt" | "lastError"
>;

export type OutboxFilter = { status?: OutboxStatus; to?: string };

function filterWhere(filter: OutboxFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(outbox.status, filter.status));
  if (filter.to) {
    // A substring match on the address; `%` and `_` typed by the admin match themselves.
    const pattern = `%${filter.to.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`${outbox.toEmail} like ${pattern} escape '\\'`);
  }
  return where;
}

const listColumns = {
  id: outbox.id,
  template: outbox.template,
  toEmail: outbox.toEmail,
  subject: outbox.subject,
  locale: outbox.locale,
  status: outbox.status,
  attempts: outbox.attempts,
  createdAt: outbox.createdAt,
  sentAt: outbox.sentAt,
  nextAttemptAt: outbox.nextAttemptAt,
  lastError: outbox.lastError,
};

function existsWhere(where: (SQL | undefined)[]): boolean {
  return (
    db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(...where))
      .limit(1)
      .get() !== undefined
  );
}

/**
 * One page of the outbox, newest first, by keyset on the id: `before` pages to older rows,
 * `after` back to newer ones. The cursors are null when nothing lies on that side.
 */
export function listOutbox(filter: OutboxFilter, page: { before?: number; after?: number; limit?: number } = {}) {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
  const clauses = filterWhere(filter);
  const newerFirst = page.after === undefined;
  const cursor = page.after !== undefined ? gt(outbox.id, page.after) : page.before !== undefined ? lt(outbox.id, page.before) : undefined;
  const rows: OutboxListItem[] = db
    .select(listColumns)
    .from(outbox)
    .where(and(...clauses, cursor))
    .orderBy(newerFirst ? desc(outbox.id) : asc(outbox.id))
    .limit(limit)
    .all();
  const items = (newerFirst ? rows : rows.reverse()).map((row) => (row.lastError ? { ...row, lastError: maskLinkTokens(row.lastError) } : row));
  const newest = items[0]?.id;
  const oldest = items[items.length - 1]?.id;
  return {
    items,
    newerCursor: newest !== undefined && existsWhere([...clauses, gt(outbox.id, newest)]) ? newest : null,
    olderCursor: oldest !== undefined && existsWhere([...clauses, lt(outbox.id, oldest)]) ? oldest : null,
  };
}

export function countOutboxByStatus(filter: Pick<OutboxFilter, "to"> = {}): Record<OutboxStatus, number> {
  const where = filterWhere(filter);
  const rows = db
    .select({ status: outbox.status, n: count() })
    .from(outbox)
    .where(and(...where))
    .groupBy(outbox.status)
    .all();
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** One email with its body (empty strings once the body was removed). */
export function findOutboxEmail(id: number): OutboxRow | undefined {
  return outboxEmailsWhere(eq(outbox.id, id))[0];
}

/**
 * Outbox emails with their bodies, oldest first: written out (`outbox_bodies`), or a wave's
 * shared template with the email's values put in (`outbox_fills`). A removed body reads as
 * empty strings, as the console shows it.
 */
export function outboxEmailsWhere(where?: SQL): OutboxRow[] {
  return db
    .select({
      row: outbox,
      html: outboxBodies.html,
      text: outboxBodies.text,
      templateId: outboxFills.templateId,
      hash: outboxTemplates.hash,
      values: outboxFills.values,
    })
    .from(outbox)
    .leftJoin(outboxBodies, eq(outboxBodies.outboxId, outbox.id))
    .leftJoin(outboxFills, eq(outboxFills.outboxId, outbox.id))
    .leftJoin(outboxTemplates, eq(outboxTemplates.id, outboxFills.templateId))
    .where(where)
    .orderBy(asc(outbox.id))
    .all()
    .map(({ row, html, text, templateId, hash, values }) => ({ ...row, html: html ?? "", text: text ?? "", ...withSharedBody(templateId, hash, values) }));
}

/** One email as the console shows it: what the worker needs to mint tokens is left out. */
export type ConsoleOutboxEmail = Omit<OutboxRow, "links"> & { hasLinks: boolean };

/**
 * One email for the console, every link's token masked in its body, headers and last error
 * (docs/decisions/027-no-working-links-at-rest.md): an admin reading the outbox learns what the
 * email said, never a link that works.
 */
export function findOutboxEmailForConsole(id: number): ConsoleOutboxEmail | undefined {
  const row = findOutboxEmail(id);
  if (!row) return undefined;
  const { links, ...rest } = row;
  return {
    ...rest,
    html: maskLinkTokens(row.html),
    text: maskLinkTokens(row.text),
    headers: Object.fromEntries(Object.entries(row.headers).map(([name, value]) => [name, maskLinkTokens(value)])),
    lastError: row.lastError === null ? null : maskLinkTokens(row.lastError),
    hasLinks: links !== null,
  };
}
