import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

/*
 * An upgrade as it happens: a database one migration behind this code, a server starting on it
 * (a real process running the server's start-up) with BACKUP_DIR set.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));

/** A database migrated with every migration but the last, as the previous version left it. */
function databaseOneMigrationBehind(dir: string): { file: string; migrations: number } {
  const folder = join(dir, "migrations-before");
  cpSync(join(root, "db/migrations"), folder, { recursive: true });
  const journalFile = join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: unknown[] };
  journal.entries.pop();
  writeFileSync(journalFile, JSON.stringify(journal));
  const file = join(dir, "kizuna.db");
  const { db, sqlite } = openDb(file);
  migrate(db, { migrationsFolder: folder });
  sqlite
    .prepare("INSERT INTO accounts (external_id, name, acv_amount, acv_currency, segment, start_date) VALUES ('old', 'Old', 1, 'USD', 'tech', '2026-01-01')")
    .run();
  sqlite.close();
  return { file, migrations: journal.entries.length };
}

const migrationCount = (file: string) => {
  const database = new Database(file, { readonly: true });
  try {
    return (database.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n;
  } finally {
    database.close();
  }
};

/** Runs the server's start-up in a process of its own; resolves when it has started (then stops it) or exited. */
function boot(env: Record<string, string>): Promise<{ started: boolean; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/integration/processes/start.ts", "boot"], {
      cwd: root,
      env: { ...process.env, KIZUNA_DEMO: "0", LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('{"started":true}')) child.kill("SIGKILL");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("exit", (code) => resolve({ started: output.includes('{"started":true}'), code, output }));
  });
}

describe("the backup before migrations run on start", { timeout: 120_000 }, () => {
  it("is taken from the database as the previous version left it, then the migrations run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kizuna-upgrade-"));
    const { file, migrations } = databaseOneMigrationBehind(dir);
    const backups = join(dir, "backups");

    const started = await boot({ DATABASE_URL: `file:${file}`, BACKUP_DIR: backups });
    expect(started.started, started.output).toBe(true);
    expect(started.output).toContain("Backed up the database before migrating");

    const [taken, ...others] = readdirSync(backups);
    expect(others).toEqual([]);
    expect(taken).toMatch(/^kizuna-backup-\d{8}T\d{6}Z-pre-migration\.db$/);
    expect(migrationCount(join(backups, taken))).toBe(migrations);
    expect(migrationCount(file)).toBe(migrations + 1);
    const database = new Database(file, { readonly: true });
    expect(database.prepare("SELECT action, entity_id FROM audit_log WHERE entity = 'backup'").all()).toEqual([
      { action: "backup.completed", entity_id: taken },
    ]);
    database.close();

    // The next start has nothing to migrate: no second backup.
    expect((await boot({ DATABASE_URL: `file:${file}`, BACKUP_DIR: backups })).started).toBe(true);
    expect(readdirSync(backups)).toEqual([taken]);
  });

  it("stops the start with one line, the database not migrated, when that backup fails", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kizuna-upgrade-"));
    const { file, migrations } = databaseOneMigrationBehind(dir);
    writeFileSync(join(dir, "not-a-directory"), "");

    const refused = await boot({ DATABASE_URL: `file:${file}`, BACKUP_DIR: join(dir, "not-a-directory") });
    expect(refused.started).toBe(false);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("The backup before migrating failed");
    expect(refused.output).toContain("the database was not migrated");
    expect(migrationCount(file)).toBe(migrations);
  });

  it("is not taken for a new database", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kizuna-upgrade-"));
    const started = await boot({ DATABASE_URL: `file:${join(dir, "new.db")}`, BACKUP_DIR: join(dir, "backups") });
    expect(started.started, started.output).toBe(true);
    expect(existsSync(join(dir, "backups")) ? readdirSync(join(dir, "backups")) : []).toEqual([]);
  });
});
