import type { Database, Statement } from "better-sqlite3";
import { personKey, rollUp, validateUsageEvents, type CountedEvent, type UsageEventError, type ValidUsageEvent } from "../domain/usage-events";
import { dayInZone } from "../domain/zone-days";
import { teamTimeZone } from "../models/settings.server";
import { sha256 } from "../utils/crypto.server";
import { onboardingAdvanceJob } from "../jobs/job-types.server";
import { db, sqlite } from "../utils/db.server";

export type RecordedUsage = { accepted: number; duplicates: number; errors: UsageEventError[] };

/** The person column: a 52-bit hash of the person's key (a safe integer, so SQLite and JS agree). */
export function personHash(key: string): number {
  return parseInt(sha256(key).slice(0, 13), 16);
}

type Statements = {
  accountByExternalId: Statement<[string], { id: number }>;
  contactByEmail: Statement<[string], { id: number; accountId: number }>;
  contactByProductUserId: Statement<[string], { id: number; accountId: number; email: string }>;
  typeByName: Statement<[string], { id: number }>;
  insertType: Statement<[string], { id: number }>;
  insertEvent: Statement<unknown[]>;
  addDaily: Statement<unknown[]>;
  addDailyPerson: Statement<unknown[]>;
  isEnrolled: Statement<[number], { one: number }>;
};

// Ingestion is benchmarked (P10): statements are prepared once per connection.
const prepared = new WeakMap<Database, Statements>();

function statements(): Statements {
  const conn = sqlite();
  let s = prepared.get(conn);
  if (!s) {
    s = {
      accountByExternalId: conn.prepare("SELECT id FROM accounts WHERE external_id = ?"),
      contactByEmail: conn.prepare("SELECT id, account_id AS accountId FROM contacts WHERE email = ?"),
      contactByProductUserId: conn.prepare("SELECT id, account_id AS accountId, email FROM contacts WHERE product_user_id = ?"),
      typeByName: conn.prepare("SELECT id FROM usage_event_types WHERE name = ?"),
      insertType: conn.prepare("INSERT INTO usage_event_types (name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id"),
      insertEvent: conn.prepare(
        `INSERT INTO usage_events (event_id, account_id, contact_id, person, type_id, occurred_at, received_at, properties)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING`,
      ),
      addDaily: conn.prepare(
        `INSERT INTO usage_daily (account_id, day, type_id, events) VALUES (?, ?, ?, ?)
         ON CONFLICT(account_id, day, type_id) DO UPDATE SET events = events + excluded.events`,
      ),
      addDailyPerson: conn.prepare(
        `INSERT INTO usage_daily_people (account_id, day, person, events) VALUES (?, ?, ?, ?)
         ON CONFLICT(account_id, day, person) DO UPDATE SET events = events + excluded.events`,
      ),
      isEnrolled: conn.prepare("SELECT 1 AS one FROM guide_enrolments WHERE account_id = ?"),
    };
    prepared.set(conn, s);
  }
  return s;
}

/** Memoises a lookup for the length of one call (a batch names few accounts, people and types, many times). */
function memo<K, V>(look: (key: K) => V): (key: K) => V {
  const seen = new Map<K, V>();
  return (key) => {
    if (seen.has(key)) return seen.get(key)!;
    const value = look(key);
    seen.set(key, value);
    return value;
  };
}

/**
 * Resolves events one by one, as the transaction writes them: the account (an unknown one is a
 * bad row: an account is never invented), the person — the contact at that account named by
 * email or product user id, or an unknown person counted by their address or id, who never
 * becomes a contact — and the type's id (a new type is added).
 */
function resolver(s: Statements, errors: UsageEventError[]) {
  const accountId = memo((externalId: string) => s.accountByExternalId.get(externalId)?.id);
  const byEmail = memo((email: string) => s.contactByEmail.get(email));
  const byUserId = memo((userId: string) => s.contactByProductUserId.get(userId));
  const hashOf = memo(personHash);
  const typeId = memo((name: string) => s.typeByName.get(name)?.id ?? s.insertType.get(name)!.id);
  return (event: ValidUsageEvent) => {
    const account = accountId(event.accountExternalId);
    if (account === undefined) {
      errors.push({
        index: event.index,
        path: "accountExternalId",
        code: "unknown_reference",
        message: `no account has the external id ${event.accountExternalId}; send the account first (PUT /api/v1/accounts)`,
      });
      return null;
    }
    let contact: { id: number; email: string } | undefined;
    if (event.email !== null) {
      const found = byEmail(event.email);
      if (found?.accountId === account) contact = { id: found.id, email: event.email };
    } else if (event.userId !== null) {
      const found = byUserId(event.userId);
      if (found?.accountId === account) contact = found;
    }
    const key = personKey({ email: contact?.email ?? event.email, userId: event.userId });
    return { accountId: account, contactId: contact?.id ?? null, person: key === null ? null : hashOf(key), typeId: typeId(event.type) };
  };
}

/**
 * `POST /api/v1/events`: records a batch of usage events. Valid events are written and counted
 * in the day rollups in one transaction; bad ones are listed; a replayed event id (in this call or
 * any earlier one) is a duplicate and changes nothing, whatever its body says.
 */
export function recordUsageEvents(inputs: readonly unknown[], now = Date.now()): RecordedUsage {
  const { valid, errors, duplicates: repeatedInCall } = validateUsageEvents(inputs, now);
  const s = statements();
  const zone = teamTimeZone();
  const write = sqlite().transaction(() => {
    const resolve = resolver(s, errors);
    const counted: CountedEvent[] = [];
    let replayed = 0;
    for (const event of valid) {
      const to = resolve(event);
      if (!to) continue;
      const inserted = s.insertEvent.run(event.eventId, to.accountId, to.contactId, to.person, to.typeId, event.occurredAt, now, event.properties).changes;
      if (inserted === 1) counted.push({ accountId: to.accountId, day: dayInZone(event.occurredAt, zone), typeId: to.typeId, person: to.person });
      else replayed++;
    }
    const rollup = rollUp(counted);
    for (const row of rollup.byType.values()) s.addDaily.run(row.accountId, row.day, row.typeId, row.events);
    for (const row of rollup.byPerson.values()) s.addDailyPerson.run(row.accountId, row.day, row.person, row.events);
    // The step engine runs for each enrolled account the batch moved, as a job queued with the
    // events (the worker's next tick, ≤ 0.5 s), so steps complete within seconds of acceptance.
    for (const accountId of new Set(counted.map((event) => event.accountId))) {
      if (s.isEnrolled.get(accountId)) onboardingAdvanceJob.enqueue(db, { accountId }, {}, now);
    }
    return { accepted: counted.length, replayed };
  });
  const { accepted, replayed } = write.immediate();
  errors.sort((a, b) => a.index - b.index);
  return { accepted, duplicates: repeatedInCall + replayed, errors };
}
