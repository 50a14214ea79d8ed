import type { SQL } from "drizzle-orm";
import { fillBodyTemplate, type BodyValues } from "../../app/domain/email-body-template";
import { outboxEmailsWhere, readBodyTemplate, type OutboxRow } from "../../app/models/outbox.server";

/**
 * Outbox emails with their bodies, oldest first, filtered by `where` (on `outbox`'s columns), read
 * as the console reads them: a written-out body, or a wave's shared template with the email's
 * values put in; a removed body reads as empty strings.
 */
export function outboxEmails(where?: SQL): OutboxRow[] {
  return outboxEmailsWhere(where);
}

/** The first outbox email `where` selects, with its body (see outboxEmails). */
export function outboxEmail(where: SQL): OutboxRow | undefined {
  return outboxEmails(where)[0];
}

/** An email queued with a shared body, written out as its recipient reads it (link slots still in). */
export function writtenOut<T extends { body: { templateId: number; values: BodyValues } }>(email: T): T & { html: string; text: string } {
  const template = readBodyTemplate(email.body.templateId);
  if (!template) throw new Error(`No stored body template ${email.body.templateId}.`);
  return { ...email, ...fillBodyTemplate(template, email.body.values) };
}
