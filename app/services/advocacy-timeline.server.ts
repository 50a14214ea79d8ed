import { desc, eq, sql } from "drizzle-orm";
import { advocacyRecords, contacts, users } from "../../db/schema";
import { advocacyLogForm, countByKind, orderTimeline, type AdvocacyKindValue } from "../domain/advocacy-timeline";
import { parseInput } from "../domain/form-input";
import { ServiceError } from "../domain/service-error";
import { dayInZone } from "../domain/zone-days";
import { audit } from "../models/audit.server";
import { teamTimeZone } from "../models/settings.server";
import { contactOfAccount } from "../models/story.server";
import { db, transaction } from "../utils/db.server";
import { assertCan, type StaffActor } from "./actor.server";
import { recordAdvocacy } from "./advocacy.server";

export const TIMELINE_LIMIT = 100;

export type TimelineEntry = {
  id: number;
  kind: AdvocacyKindValue;
  at: number;
  source: string;
  sourceId: string | null;
  contactId: number | null;
  contactName: string | null;
  detail: Record<string, string | number | null> | null;
  recordedBy: string | null;
};

function timeline(where: ReturnType<typeof eq>) {
  const rows = db
    .select({
      id: advocacyRecords.id,
      kind: advocacyRecords.kind,
      at: advocacyRecords.at,
      source: advocacyRecords.source,
      sourceId: advocacyRecords.sourceId,
      contactId: advocacyRecords.contactId,
      contactName: sql<string | null>`coalesce(${contacts.name}, ${contacts.email})`,
      detail: advocacyRecords.detail,
      recordedBy: users.name,
    })
    .from(advocacyRecords)
    .leftJoin(contacts, eq(contacts.id, advocacyRecords.contactId))
    .leftJoin(users, eq(users.id, advocacyRecords.recordedByUserId))
    .where(where)
    .orderBy(desc(advocacyRecords.at), desc(advocacyRecords.id))
    .limit(TIMELINE_LIMIT)
    .all();
  const counts = db
    .select({ kind: advocacyRecords.kind, n: sql<number>`count(*)` })
    .from(advocacyRecords)
    .where(where)
    .groupBy(advocacyRecords.kind)
    .all();
  const totals = countByKind([]);
  for (const row of counts) totals[row.kind] = row.n;
  const entries: TimelineEntry[] = orderTimeline(rows.map((row) => ({ ...row, at: row.at.getTime() })));
  return { entries, totals };
}

/** An account's advocacy timeline (newest first, the latest 100) with its totals by kind. */
export function accountAdvocacyTimeline(accountId: number) {
  return timeline(eq(advocacyRecords.accountId, accountId));
}

/** One contact's advocacy timeline. */
export function contactAdvocacyTimeline(contactId: number) {
  return timeline(eq(advocacyRecords.contactId, contactId));
}

/**
 * Staff log a reference call a contact gave (prospect, day, outcome) or a review they wrote (site
 * and link), for an account's contact. The day is the one it happened (today or before, the team's calendar).
 */
export function logAdvocacy(actor: StaffActor, accountId: number, input: unknown, now = new Date()): { id: number } {
  assertCan(actor, "write:response:any");
  const today = dayInZone(now.getTime(), teamTimeZone());
  const value = parseInput(advocacyLogForm(today), input);
  return transaction((tx) => {
    const contact = contactOfAccount(value.contactId, accountId, tx);
    if (!contact) throw new ServiceError(422, "advocacyContact", {}, "contactId");
    const at = new Date(`${value.on}T12:00:00Z`);
    const detail: Record<string, string | null> =
      value.intent === "logReference" ? { prospect: value.prospect, outcome: value.outcome, note: value.note || null } : { site: value.site, url: value.url };
    const id = recordAdvocacy(tx, {
      kind: value.intent === "logReference" ? "reference_given" : "review_written",
      contactId: contact.id,
      accountId,
      at,
      source: "staff",
      sourceId: null,
      detail,
      recordedByUserId: actor.user.id,
    })!;
    audit(
      {
        actorUserId: actor.user.id,
        ip: actor.ip,
        action: value.intent === "logReference" ? "advocacy.reference_logged" : "advocacy.review_logged",
        entity: "advocacy_record",
        entityId: id,
        detail: { accountId, contactId: contact.id, ...detail },
      },
      tx,
    );
    return { id };
  });
}
