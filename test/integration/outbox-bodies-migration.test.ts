import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { migrationsFolder, openDb } from "../../db/client";

/** The migrations folder as it stood before `tag` (its journal cut there). */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kizuna-migrations-"));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalFile = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(cut).toBeGreaterThan(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return dir;
}

describe("migration outbox_bodies", () => {
  it("moves every email's body into its own row, and leaves none for a body already removed", () => {
    const file = join(mkdtempSync(join(tmpdir(), "kizuna-bodies-")), "kizuna.db");
    const { db, sqlite } = openDb(file);
    migrate(db, { migrationsFolder: migrationsBefore("0016_outbox_bodies") });
    const insert = sqlite.prepare(
      `INSERT INTO outbox (template, to_email, from_email, subject, html, text, headers, tags, links, locale, status, next_attempt_at, created_at)
       VALUES (?, ?, 'nps@kizuna.test', 'Hello', ?, ?, '{}', '[]', NULL, 'en', ?, 0, 0) RETURNING id`,
    );
    const queued = (insert.get("case-reply", "a@example.com", "<p>Queued ☃</p>", "Queued ☃", "queued") as { id: number }).id;
    const sent = (insert.get("admin-digest", "b@example.com", "<p>Sent</p>", "Sent", "sent") as { id: number }).id;
    // Emptied by migration 0012: an email that held working links and had already left.
    const removed = (insert.get("magic-link", "c@example.com", "", "", "sent") as { id: number }).id;

    migrate(db, { migrationsFolder });

    expect(sqlite.prepare("SELECT outbox_id AS id, html, text FROM outbox_bodies ORDER BY outbox_id").all()).toEqual([
      { id: queued, html: "<p>Queued ☃</p>", text: "Queued ☃" },
      { id: sent, html: "<p>Sent</p>", text: "Sent" },
    ]);
    expect(sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE id = ?").get(removed)).toEqual({ n: 1 });
    const columns = (sqlite.prepare("SELECT name FROM pragma_table_info('outbox')").all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain("html");
    expect(columns).not.toContain("text");
    // The body goes with its email.
    sqlite.prepare("DELETE FROM outbox WHERE id = ?").run(sent);
    expect(sqlite.prepare("SELECT count(*) AS n FROM outbox_bodies WHERE outbox_id = ?").get(sent)).toEqual({ n: 0 });
    sqlite.close();
  });
});
