import { createHash } from "node:crypto";
import { copyFileSync } from "node:fs";
import { openSqlite } from "../../../db/client";
import { DEFAULT_SURVEY } from "../../../app/domain/survey";
import { migratedDatabase } from "./databases";

/** A survey token as the app issues them: 43 base64url characters (256 bits), here derived from `i`. */
export function benchToken(i: number): string {
  return createHash("sha256").update(`bench-token-${i}`).digest("base64url");
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/**
 * A database with one sending campaign and `invitations` open invitations (one contact each),
 * so every request of the load answers a real invitation. Returns the file and a copy maker,
 * so the app and the baseline each start from the same data.
 */
export function answerDatabase(invitations: number): { file: string; copy(name: string): string } {
  const file = migratedDatabase("answer");
  const sqlite = openSqlite(file);
  const now = Date.now();
  sqlite.transaction(() => {
    const account = sqlite
      .prepare(
        "INSERT INTO accounts (external_id, name, acv_amount, acv_currency, segment, start_date) VALUES ('bench', 'Bench Inc.', 1000000, 'USD', 'low', '2020-01-01') RETURNING id",
      )
      .get() as { id: number };
    const campaign = sqlite
      .prepare(
        "INSERT INTO campaigns (name, status, targeting, rules, survey, launched_at, recipients, created_at) VALUES ('Bench wave', 'sending', '{}', ?, ?, ?, ?, ?) RETURNING id",
      )
      .get(
        JSON.stringify({ throttleDays: 90, minAccountAgeDays: 30, samplePercent: null, dailyCap: null, reminderAfterDays: null }),
        JSON.stringify(DEFAULT_SURVEY),
        now,
        invitations,
        now,
      ) as { id: number };
    const contact = sqlite.prepare("INSERT INTO contacts (email, name, locale, account_id) VALUES (?, ?, ?, ?) RETURNING id");
    const invitation = sqlite.prepare(
      "INSERT INTO invitations (campaign_id, contact_id, account_id, token_hash, unsubscribe_token_hash, locale, status, due_at, sent_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'delivered', ?, ?, ?)",
    );
    for (let i = 0; i < invitations; i++) {
      const locale = i % 3 === 0 ? "ja" : "en";
      const { id } = contact.get(`bench${i}@example.com`, `Bench ${i}`, locale, account.id) as { id: number };
      invitation.run(campaign.id, id, account.id, sha256(benchToken(i)), sha256(`unsubscribe-${i}`), locale, now, now, now);
    }
  })();
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return {
    file,
    copy(name) {
      const target = migratedDatabase(name);
      copyFileSync(file, target);
      return target;
    },
  };
}
