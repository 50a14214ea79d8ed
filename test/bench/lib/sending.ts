import { createHash, randomBytes } from "node:crypto";
import { openSqlite } from "../../../db/client";
import type { FakeEmail, FakeRequest } from "../../fake-resend/server";
import { migratedDatabase } from "./databases";

/**
 * Shared by the sending and crash benches: a database of contacts every campaign rule lets
 * through, an API key to launch a wave as an integration would, and the checks made on what the
 * fake Resend received.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const CONTACTS_PER_ACCOUNT = 10;

export type SendingDatabase = { file: string; contacts: number; apiKey: string };

/**
 * A migrated database with `contacts` contacts, all eligible for a wave: their accounts started
 * a year ago (past the minimum account age), nobody unsubscribed, suppressed or surveyed before.
 * Written with raw SQL in one transaction: 100,000 contacts take about a second.
 */
export function sendingDatabase(name: string, contacts: number): SendingDatabase {
  const file = migratedDatabase(name);
  const sqlite = openSqlite(file);
  const now = Date.now();
  const started = new Date(now - 365 * DAY_MS).toISOString().slice(0, 10);
  const segments = ["high", "low", "tech"] as const;
  const insertAccount = sqlite.prepare(
    "INSERT INTO accounts (id, external_id, name, acv_amount, acv_currency, segment, start_date, stage, created_at, updated_at) VALUES (?, ?, ?, ?, 'USD', ?, ?, 'adoption', ?, ?)",
  );
  const insertContact = sqlite.prepare("INSERT INTO contacts (id, email, name, locale, account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const createdAt = now - 60 * DAY_MS;
  sqlite.transaction(() => {
    const accounts = Math.ceil(contacts / CONTACTS_PER_ACCOUNT);
    for (let a = 1; a <= accounts; a++) {
      insertAccount.run(a, `bench-${a}`, `Bench Account ${a}`, 1_000_000 + a, segments[a % 3], started, createdAt, createdAt);
    }
    for (let c = 1; c <= contacts; c++) {
      const account = Math.ceil(c / CONTACTS_PER_ACCOUNT);
      insertContact.run(c, `contact${c}@bench.example.com`, c % 7 === 0 ? null : `Contact ${c}`, c % 4 === 0 ? "ja" : "en", account, createdAt, createdAt);
    }
  })();
  // The key the API expects (kz_<8 hex>_<secret>), stored as its SHA-256 like the console does.
  const prefix = `kz_${randomBytes(4).toString("hex")}`;
  const apiKey = `${prefix}_${randomBytes(24).toString("base64url")}`;
  sqlite
    .prepare("INSERT INTO api_keys (name, prefix, key_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)")
    .run("Bench", prefix, createHash("sha256").update(apiKey).digest("hex"), JSON.stringify(["campaigns:write", "campaigns:read"]), now);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return { file, contacts, apiKey };
}

/** Creates and launches a wave to everyone through `POST /api/v1/campaigns`, as an integration would. */
export async function launchThroughApi(appUrl: string, apiKey: string, name: string): Promise<{ id: number; recipients: number }> {
  const response = await fetch(`${appUrl}/api/v1/campaigns`, {
    method: "POST",
    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name, launch: true }),
  });
  const body = (await response.json()) as { id: number; recipients: number; error?: { message: string } };
  if (response.status !== 201) throw new Error(`POST /api/v1/campaigns answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** A small seeded PRNG (mulberry32): the same seed kills at the same moments. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type DeliveryCheck = {
  /** Emails the fake accepted (replays of an idempotent request add none). */
  accepted: number;
  /** Contacts of the database with exactly one accepted invitation. */
  exactlyOnce: number;
  /** Accepted emails beyond the first per (recipient, campaign). */
  duplicates: number;
  /** Contacts with no accepted invitation. */
  missing: number;
  /** Recipients whose accepted emails differ in body (only possible with duplicates). */
  recipientsWithSeveralBodies: number;
  /** Distinct idempotency keys among accepted (non-replayed, 2xx) requests, and those requests. */
  distinctKeys: number;
  acceptedRequests: number;
  /** Requests answered from the idempotency cache: a resend the fake recognised. */
  replayed: number;
  rateLimited: number;
  /** Answers other than 200 and 429 (409 in-flight duplicates, 5xx…). */
  otherFailures: number;
  /** Emails to addresses that are not contacts of the wave. */
  strangers: number;
};

function campaignOf(email: FakeEmail): string {
  return email.tags.find((tag) => tag.name === "campaign")?.value ?? "none";
}

/**
 * What must hold at the provider: one accepted invitation per contact, per campaign. Bodies are
 * compared by hash, per recipient, so a resend that changed the links would show.
 */
export function checkDelivery(emails: FakeEmail[], requests: FakeRequest[], contacts: number): DeliveryCheck {
  const perRecipient = new Map<string, { count: number; bodies: Set<string> }>();
  let strangers = 0;
  for (const email of emails) {
    const to = email.to[0]?.toLowerCase() ?? "";
    const match = /^contact(\d+)@bench\.example\.com$/.exec(to);
    if (!match || Number(match[1]) < 1 || Number(match[1]) > contacts) {
      strangers += 1;
      continue;
    }
    const key = `${to} ${campaignOf(email)}`;
    let entry = perRecipient.get(key);
    if (!entry) perRecipient.set(key, (entry = { count: 0, bodies: new Set() }));
    entry.count += 1;
    entry.bodies.add(email.bodyHash);
  }
  let exactlyOnce = 0;
  let duplicates = 0;
  let recipientsWithSeveralBodies = 0;
  const recipients = new Set<string>();
  for (const [key, entry] of perRecipient) {
    recipients.add(key.split(" ")[0]);
    if (entry.count === 1) exactlyOnce += 1;
    duplicates += entry.count - 1;
    if (entry.bodies.size > 1) recipientsWithSeveralBodies += 1;
  }
  const accepted = requests.filter((r) => r.status === 200 && !r.replayed);
  return {
    accepted: emails.length,
    exactlyOnce,
    duplicates,
    missing: contacts - recipients.size,
    recipientsWithSeveralBodies,
    distinctKeys: new Set(accepted.map((r) => r.idempotencyKey)).size,
    acceptedRequests: accepted.length,
    replayed: requests.filter((r) => r.replayed).length,
    rateLimited: requests.filter((r) => r.status === 429).length,
    otherFailures: requests.filter((r) => r.status !== 200 && r.status !== 429).length,
    strangers,
  };
}

/** A positive number from the environment, or `fallback`. */
export function envNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${text}".`);
  return value;
}
