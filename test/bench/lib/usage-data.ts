import { createHash } from "node:crypto";
import { openSqlite } from "../../../db/client";

/** The bench's API key (scope events:write), stored as the app stores keys: by SHA-256. */
export const USAGE_BENCH_KEY = "kz_0badcafe_usage-bench-key-0123456789abcdef";

const EVENT_TYPES = ["login", "report_created", "dashboard_viewed", "invite_sent", "export_downloaded"];

/**
 * Adds to a migrated database `accounts` accounts of ten contacts each (their people named by
 * email or product user id) and an events:write key: whom a product's usage events name.
 */
export function addUsageData(file: string, accounts: number): string {
  const sqlite = openSqlite(file);
  sqlite.transaction(() => {
    const account = sqlite.prepare(
      "INSERT INTO accounts (external_id, name, acv_amount, acv_currency, segment, start_date) VALUES (?, ?, 1000000, 'USD', 'tech', '2025-01-01') RETURNING id",
    );
    const contact = sqlite.prepare("INSERT INTO contacts (email, name, locale, account_id, product_user_id) VALUES (?, ?, 'en', ?, ?)");
    for (let a = 0; a < accounts; a++) {
      const { id } = account.get(`usage-${a}`, `Usage ${a}`) as { id: number };
      for (let c = 0; c < 10; c++) contact.run(`user${c}@usage-${a}.example`, `User ${c}`, id, `usr-${a}-${c}`);
    }
    sqlite
      .prepare("INSERT INTO api_keys (name, prefix, key_hash, scopes) VALUES ('Usage bench', 'kz_0badcafe', ?, '[\"events:write\"]')")
      .run(createHash("sha256").update(USAGE_BENCH_KEY).digest("hex"));
  })();
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return file;
}

/**
 * `{"events": [...]}` bodies of `size` events each, every event id unique across all bodies. A
 * product's batch: a few accounts, their people named by email or product user id, the last
 * day's times, a property on some.
 */
export function usageBatches(count: number, size: number, accounts: number): string[] {
  const day = Date.now() - 86_400_000;
  return Array.from({ length: count }, (_, b) => {
    const events = Array.from({ length: size }, (_, i) => {
      const n = b * size + i;
      const a = (b * 7 + (i % 5)) % accounts;
      const c = n % 10;
      const person = n % 2 === 0 ? { email: `user${c}@usage-${a}.example` } : { userId: `usr-${a}-${c}` };
      return {
        id: `ev-${b}-${i}`,
        type: EVENT_TYPES[n % EVENT_TYPES.length],
        accountExternalId: `usage-${a}`,
        ...person,
        occurredAt: new Date(day + ((n * 997) % 86_400_000)).toISOString(),
        ...(n % 3 === 0 ? { properties: { plan: "pro", source: "web" } } : {}),
      };
    });
    return JSON.stringify({ events });
  });
}
