import { z } from "zod";
import { hasControlCharacters } from "./header-text";
import { emailAddress, rowErrorsFromZod, type RowErrorCode } from "./rows";

/**
 * Usage events: what the customer's product reports its users doing (decision 048). They are a
 * stream, not an all-or-nothing import: each valid event is kept, each bad one is listed with its
 * index, path, code and message, and a replayed event id is a duplicate that changes nothing.
 */

/** At most this many events a call (the onboarding issue's public contract). */
export const MAX_EVENTS_PER_CALL = 1_000;
/** An event's properties, as JSON, may be this long: enough for filters, too short for payloads. */
export const MAX_PROPERTIES_BYTES = 2_048;
/** Events more than this far in the future are a sender's clock error, not usage. */
export const FUTURE_SLACK_MS = 24 * 3_600_000;

/** The row error codes (domain/rows.ts): events use invalid_value, unknown_field and unknown_reference. */
export type UsageEventErrorCode = RowErrorCode;
export type UsageEventError = { index: number; path: string; code: UsageEventErrorCode; message: string };

const oneLineText = (max: number, what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? `required: ${what}` : "must be text") })
    .trim()
    .min(1, { error: `required: ${what}`, abort: true })
    .max(max, { error: `at most ${max} characters`, abort: true })
    .refine((value) => !hasControlCharacters(value), "contains control characters");

// ISO 8601 with an offset (Z or ±hh:mm), checked by one plain pattern and the calendar: zod's
// own ISO parser and a union per property value cost most of a 1,000-event batch's validation.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const occurredAt = z
  .string({ error: "required: when it happened, an ISO 8601 time with its offset" })
  .refine((value) => ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)), "use an ISO 8601 time with its offset, e.g. 2026-04-01T09:30:00Z");

/** Why a properties value is refused, or null: a flat object of strings (≤ 500), numbers, booleans and nulls, ≤ 2 kB as JSON. */
export function propertiesProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "use an object of names to values";
  for (const [name, item] of Object.entries(value)) {
    if (name.length > 100) return "property names are at most 100 characters";
    if (item === null || typeof item === "number" || typeof item === "boolean") continue;
    if (typeof item !== "string") return `${name}: use a string, number, boolean or null (no nested objects or lists)`;
    if (item.length > 500) return `${name}: at most 500 characters`;
  }
  return JSON.stringify(value).length > MAX_PROPERTIES_BYTES ? `at most ${MAX_PROPERTIES_BYTES} bytes of properties` : null;
}

const properties = z.unknown().superRefine((value, ctx) => {
  const problem = propertiesProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
}) as z.ZodType<Record<string, string | number | boolean | null>>;

export const UsageEventRow = z.strictObject({
  id: oneLineText(200, "the event's id (unique in your product, e.g. a UUID)"),
  type: oneLineText(100, "the event's type, e.g. report_created"),
  accountExternalId: oneLineText(100, "the external id of the account"),
  email: emailAddress.optional(),
  userId: oneLineText(200, "the person's id in your product").optional(),
  occurredAt,
  properties: properties.optional(),
});
export type UsageEventRow = z.infer<typeof UsageEventRow>;

export const USAGE_EVENT_FIELDS = ["id", "type", "accountExternalId", "email", "userId", "occurredAt", "properties"] as const;
const FIELD_SET: ReadonlySet<string> = new Set(USAGE_EVENT_FIELDS);

/** The text `oneLineText(max)` accepts, trimmed as it returns it; undefined for anything it would refuse. */
function plainText(value: unknown, max: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  return text.length > 0 && text.length <= max && !hasControlCharacters(text) ? text : undefined;
}

/**
 * The row as `UsageEventRow` would return it, or null when any field is off — then the schema
 * reads it again to word the errors. A thousand well-formed events a call are the common case,
 * and zod's generic walk over each was most of a batch's validation (P10); the schema stays the
 * one definition of what is valid, and a unit test holds the two to the same answers.
 */
export function wellFormedUsageEvent(input: unknown): UsageEventRow | null {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return null;
  const row = input as Record<string, unknown>;
  for (const key in row) if (!FIELD_SET.has(key)) return null;
  const id = plainText(row.id, 200);
  const type = plainText(row.type, 100);
  const accountExternalId = plainText(row.accountExternalId, 100);
  if (id === undefined || type === undefined || accountExternalId === undefined) return null;
  const event: UsageEventRow = { id, type, accountExternalId, occurredAt: "" };
  if (row.email !== undefined) {
    if (typeof row.email !== "string") return null;
    const email = row.email.trim().toLowerCase();
    if (email.length > 254 || !z.regexes.email.test(email)) return null;
    event.email = email;
  }
  if (row.userId !== undefined) {
    const userId = plainText(row.userId, 200);
    if (userId === undefined) return null;
    event.userId = userId;
  }
  const at = row.occurredAt;
  if (typeof at !== "string" || !ISO_TIME.test(at) || Number.isNaN(Date.parse(at))) return null;
  event.occurredAt = at;
  if (row.properties !== undefined) {
    if (propertiesProblem(row.properties) !== null) return null;
    event.properties = row.properties as UsageEventRow["properties"];
  }
  return event;
}

/** An event ready to be written: the account and person resolved by the caller. */
export type ValidUsageEvent = {
  index: number;
  eventId: string;
  type: string;
  accountExternalId: string;
  email: string | null;
  userId: string | null;
  occurredAt: number;
  properties: string | null;
};

/**
 * Checks each event on its own: the valid ones, in order, and one error per bad field. An id
 * repeated inside the same call is a duplicate of the first (as a replay across calls is).
 */
export function validateUsageEvents(inputs: readonly unknown[], now: number): { valid: ValidUsageEvent[]; errors: UsageEventError[]; duplicates: number } {
  const valid: ValidUsageEvent[] = [];
  const errors: UsageEventError[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const [index, input] of inputs.entries()) {
    let event = wellFormedUsageEvent(input);
    if (!event) {
      const parsed = UsageEventRow.safeParse(input);
      if (!parsed.success) {
        for (const error of rowErrorsFromZod(index, parsed.error, USAGE_EVENT_FIELDS))
          errors.push({ index, path: error.path, code: error.code, message: error.message });
        continue;
      }
      event = parsed.data;
    }
    const occurredAt = Date.parse(event.occurredAt);
    if (occurredAt > now + FUTURE_SLACK_MS) {
      errors.push({ index, path: "occurredAt", code: "invalid_value", message: "is more than a day in the future; check the sender's clock" });
      continue;
    }
    if (seen.has(event.id)) {
      duplicates++;
      continue;
    }
    seen.add(event.id);
    valid.push({
      index,
      eventId: event.id,
      type: event.type,
      accountExternalId: event.accountExternalId,
      email: event.email ?? null,
      userId: event.userId ?? null,
      occurredAt,
      properties: event.properties && Object.keys(event.properties).length > 0 ? JSON.stringify(event.properties) : null,
    });
  }
  return { valid, errors, duplicates };
}

/**
 * Who did it, as one key per person, so a person counts once among active users however the
 * product names them: by email address when one is known (sent, or the address of the contact
 * whose product user id was sent), else by the product's user id. A person the product reports
 * before the CRM imports them as a contact keeps the same key afterwards.
 */
export function personKey(person: { email: string | null; userId: string | null }): string | null {
  if (person.email !== null) return `e:${person.email}`;
  if (person.userId !== null) return `u:${person.userId}`;
  return null;
}

/** A resolved event, as the rollups count it. */
export type CountedEvent = { accountId: number; day: string; typeId: number; person: number | null };

export type DailyRollup = {
  /** Events per account, day and type. */
  byType: Map<string, { accountId: number; day: string; typeId: number; events: number }>;
  /** Events per account, day and person (active users); `person` is the hash of the person's key. */
  byPerson: Map<string, { accountId: number; day: string; person: number; events: number }>;
};

/**
 * The day rollups of a batch, added up in memory first: a thousand events from one product
 * fall on a few accounts and days, so the rollup tables take a few writes, not a thousand.
 */
export function rollUp(events: readonly CountedEvent[]): DailyRollup {
  const byType: DailyRollup["byType"] = new Map();
  const byPerson: DailyRollup["byPerson"] = new Map();
  for (const event of events) {
    const typeKey = `${event.accountId}|${event.day}|${event.typeId}`;
    const typeRow = byType.get(typeKey);
    if (typeRow) typeRow.events++;
    else byType.set(typeKey, { accountId: event.accountId, day: event.day, typeId: event.typeId, events: 1 });
    if (event.person === null) continue;
    const personKeyOfDay = `${event.accountId}|${event.day}|${event.person}`;
    const personRow = byPerson.get(personKeyOfDay);
    if (personRow) personRow.events++;
    else byPerson.set(personKeyOfDay, { accountId: event.accountId, day: event.day, person: event.person, events: 1 });
  }
  return { byType, byPerson };
}
