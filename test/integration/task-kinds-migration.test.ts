import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { migrationsFolder, openDb, runMigrations } from "../../db/client";

/** The migrations folder as it stood before the first migration whose tag starts with `prefix`. */
function migrationsBefore(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kizuna-migrations-"));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalFile = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((entry) => entry.tag.includes(prefix));
  expect(cut).toBeGreaterThan(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return dir;
}

describe("migration task_kinds_and_nudges", () => {
  it("rebuilds the cases table keeping ids, timelines and daily counts, and counts follow-ups only from then on", () => {
    const file = join(mkdtempSync(join(tmpdir(), "kizuna-tasks-")), "kizuna.db");
    const { db, sqlite } = openDb(file);
    migrate(db, { migrationsFolder: migrationsBefore("task_kinds_and_nudges") });
    const day = Date.parse("2026-11-02T10:00:00Z");
    sqlite.exec(`
      INSERT INTO accounts (id, external_id, name, segment, acv_amount, acv_currency, start_date) VALUES (1, 'm-1', 'Migrated', 'low', 100, 'JPY', '2026-10-01');
      INSERT INTO contacts (id, email, account_id) VALUES (1, 'm@example.com', 1);
      INSERT INTO responses (id, contact_id, account_id, score, category, locale, created_at, updated_at) VALUES (7, 1, 1, 2, 'detractor', 'en', ${day}, ${day});
      INSERT INTO cases (id, response_id, account_id, contact_id, status, due_at, created_at, updated_at) VALUES (42, 7, 1, 1, 'open', ${day + 86_400_000}, ${day}, ${day});
      INSERT INTO case_events (case_id, kind, created_at) VALUES (42, 'opened', ${day}), (42, 'note', ${day + 1});
    `);
    const countsBefore = sqlite.prepare("SELECT day, status, cases FROM cases_opened_daily ORDER BY day, status").all();
    expect(countsBefore).toEqual([{ day: Math.floor(day / 86_400_000), status: "open", cases: 1 }]);

    // The same path the server takes at start: foreign keys off around the rebuild, so the timeline survives.
    runMigrations(db);

    expect(sqlite.prepare("SELECT id, kind, response_id AS responseId, enrolment_id AS enrolmentId FROM cases").all()).toEqual([
      { id: 42, kind: "follow_up", responseId: 7, enrolmentId: null },
    ]);
    expect(sqlite.prepare("SELECT count(*) AS n FROM case_events WHERE case_id = 42").get()).toEqual({ n: 2 });
    expect(sqlite.prepare("SELECT day, status, cases FROM cases_opened_daily ORDER BY day, status").all()).toEqual(countsBefore);
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);

    // The triggers came back: a follow-up's status change moves its count; an onboarding task counts nowhere.
    sqlite.exec(`UPDATE cases SET status = 'contacted' WHERE id = 42`);
    sqlite.exec(
      `INSERT INTO cases (kind, account_id, status, due_at, created_at, updated_at) VALUES ('onboarding_stalled', 1, 'open', ${day}, ${day}, ${day})`,
    );
    expect(sqlite.prepare("SELECT status, cases FROM cases_opened_daily WHERE cases > 0").all()).toEqual([{ status: "contacted", cases: 1 }]);
    // Deleting the response still deletes its follow-up (and its timeline), as before.
    sqlite.exec(`DELETE FROM responses WHERE id = 7`);
    expect(sqlite.prepare("SELECT kind FROM cases").all()).toEqual([{ kind: "onboarding_stalled" }]);
    expect(sqlite.prepare("SELECT count(*) AS n FROM case_events").get()).toEqual({ n: 0 });
    sqlite.close();
  });
});
