import { asc, eq, type SQL } from "drizzle-orm";
import { outbox, outboxBodies } from "../../db/schema";
import type { OutboxRow } from "../../app/models/outbox.server";
import { db } from "../../app/utils/db.server";

/**
 * Outbox emails with their bodies, oldest first, filtered by `where` (on `outbox`'s columns).
 * The body lives in its own table (`outbox_bodies`); an email whose body was removed reads as
 * empty strings, as the console shows it.
 */
export function outboxEmails(where?: SQL): OutboxRow[] {
  return db
    .select({ row: outbox, html: outboxBodies.html, text: outboxBodies.text })
    .from(outbox)
    .leftJoin(outboxBodies, eq(outboxBodies.outboxId, outbox.id))
    .where(where)
    .orderBy(asc(outbox.id))
    .all()
    .map(({ row, html, text }) => ({ ...row, html: html ?? "", text: text ?? "" }));
}

/** The first outbox email `where` selects, with its body (see outboxEmails). */
export function outboxEmail(where: SQL): OutboxRow | undefined {
  return outboxEmails(where)[0];
}
