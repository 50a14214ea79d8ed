import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import * as schema from "./schema";

export type Sqlite = Database.Database;
export type Db = ReturnType<typeof drizzleFor>;

const drizzleFor = (sqlite: Sqlite) => drizzle({ client: sqlite, schema, casing: "snake_case" });

/** `file:data/kizuna.db`, `data/kizuna.db` and `:memory:` all name a SQLite file. */
export function databasePath(url: string): string {
  return url.startsWith("file:") ? url.slice("file:".length) : url;
}

/**
 * Opens the database with the settings every process must share: WAL so readers never block
 * the writer, foreign keys enforced, a busy timeout so the web process and a separate worker
 * wait for each other instead of failing, and synchronous=NORMAL (docs/decisions/003).
 */
export function openSqlite(path: string): Sqlite {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  // 8 MB of page cache per connection: the OS caches the file too, and a wave's writes (invitations,
  // outbox rows) would otherwise fill 32 MB of the process with pages read once (the web process
  // stays under 300 MB while sending: docs/decisions/040-a-wave-body-stored-once.md).
  sqlite.pragma("cache_size = -8192");
  sqlite.pragma("temp_store = MEMORY");
  return sqlite;
}

/** Pages of write-ahead log a connection lets grow before checkpointing it itself, while a checkpointer runs (about 40 MB). */
const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;
const CHECKPOINT_EVERY_MS = 500;

// The checkpointer's thread: its own connection, a PASSIVE checkpoint every moment (it never
// blocks a writer or a reader), and nothing else.
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const sqlite = new Database(workerData.path);
sqlite.pragma("busy_timeout = 5000");
sqlite.pragma("synchronous = NORMAL");
const timer = setInterval(() => {
  try { sqlite.pragma("wal_checkpoint(PASSIVE)"); } catch {}
}, workerData.everyMs);
parentPort.on("message", () => { clearInterval(timer); sqlite.close(); parentPort.close(); });
`;

/**
 * Moves checkpoints of the write-ahead log off the process's event loop (docs/decisions/003):
 * a thread with its own connection copies the log into the database file every moment, so
 * the commit that crosses SQLite's auto-checkpoint threshold no longer copies megabytes and
 * waits for two fsyncs while requests and the sender wait behind it (while a wave is sent,
 * that was most of what every write cost). The process's own connection keeps a larger
 * auto-checkpoint as a fallback, should the thread fall behind. Returns a stop function.
 */
export function startWalCheckpointer(sqlite: Sqlite, path: string): () => void {
  if (path === ":memory:") return () => {};
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(CHECKPOINTER_SOURCE, {
    eval: true,
    workerData: { driver, path, everyMs: CHECKPOINT_EVERY_MS },
    // It holds no data of its own: a small heap keeps the thread's memory small.
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1, codeRangeSizeMb: 4, stackSizeMb: 1 },
  });
  worker.unref();
  worker.on("error", (error) => {
    console.error("database: the checkpointer stopped; the connection checkpoints itself again:", error);
    sqlite.pragma("wal_autocheckpoint = 1000");
  });
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  return () => worker.postMessage("stop");
}

export function openDb(path: string): { sqlite: Sqlite; db: Db } {
  const sqlite = openSqlite(path);
  return { sqlite, db: drizzleFor(sqlite) };
}

// Resolves from this file (db/) and from the server build it is bundled into (build/) alike.
export const migrationsFolder = fileURLToPath(new URL("../db/migrations", import.meta.url));

export function runMigrations(db: Db) {
  // The migrator runs every pending migration in one transaction, where `PRAGMA foreign_keys` is a
  // no-op: a migration that rebuilds a table (create, copy, drop, rename — SQLite's way to change a
  // column) would otherwise cascade the drop into the rows that point at it. Keys are off around
  // the migrations and checked once after them, as SQLite's documented procedure asks.
  const applied = () => {
    try {
      return (db.$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n;
    } catch {
      return 0;
    }
  };
  const before = applied();
  db.$client.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder });
    // Only after a run that applied something: the check reads every table with a foreign key.
    const broken = applied() === before ? [] : (db.$client.pragma("foreign_key_check") as { table: string; parent: string }[]);
    if (broken.length > 0) {
      const first = broken[0];
      throw new Error(`migrations left ${broken.length} rows whose foreign key points nowhere (first: ${first.table} → ${first.parent})`);
    }
  } finally {
    db.$client.pragma("foreign_keys = ON");
  }
  // A migration's new index has no statistics, and the old ones can steer the planner to the
  // wrong index (after 0005 on the large seed, detractor pages took 1.5 s until ANALYZE): let
  // SQLite refresh what needs it, from a bounded sample so a big database starts quickly.
  db.$client.pragma("analysis_limit = 1000");
  db.$client.pragma("optimize = 0x10002");
}

// The backup's thread: its own connection copies the database with SQLite's backup API into a
// temporary file, checks the copy, and syncs it to disk; the caller renames it into place.
const BACKUP_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { closeSync, fsyncSync, openSync, statSync } = require("node:fs");
const Database = require(workerData.driver);
(async () => {
  const source = new Database(workerData.source, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    // After the first step, every remaining page in one step (one read transaction): in small
    // steps each write by the server restarts the copy, and under steady writes it never ends.
    await source.backup(workerData.partial, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const copy = new Database(workerData.partial, { fileMustExist: true });
  let problems;
  try {
    // A backup is one self-contained file: in rollback-journal mode, opening it (read-only too)
    // leaves no -wal or -shm beside it. Kizuna switches a restored file back to WAL when it opens it.
    copy.pragma("journal_mode = DELETE");
    problems = copy.prepare("PRAGMA integrity_check(20)").pluck().all();
  } catch (error) {
    // Damage that stops the check itself (SQLITE_CORRUPT) is a failed check too.
    problems = [error && error.message ? error.message : String(error)];
  } finally {
    copy.close();
  }
  if (problems.length !== 1 || problems[0] !== "ok") return parentPort.postMessage({ ok: false, problems });
  const fd = openSync(workerData.partial, "r+");
  try { fsyncSync(fd); } finally { closeSync(fd); }
  parentPort.postMessage({ ok: true, bytes: statSync(workerData.partial).size });
})().catch((error) => parentPort.postMessage({ ok: false, error: error && error.message ? error.message : String(error) }));
`;

/** The copy a backup made is not a sound database (PRAGMA integrity_check): it was deleted. */
export class BackupCheckFailed extends Error {}

/** Where a backup to `file` is written until it is complete and checked: hidden, and named for the process writing it. */
export function partialBackupPath(file: string, pid = process.pid): string {
  return join(dirname(file), `.${basename(file)}.partial-${pid}`);
}

/**
 * Online backup of the database at `sourcePath` through SQLite's backup API, safe while the server
 * is writing: a copy of every transaction committed before it started. It runs on a thread with its
 * own connection, so a process serving requests keeps serving them while it copies. The copy is
 * written beside `file` under a temporary name, checked with PRAGMA integrity_check, synced, and only
 * then renamed to `file`: `file` is never a half-written or unchecked backup, whatever happens to
 * the process (kill -9 included). Returns the backup's size in bytes.
 */
export async function backupTo(sourcePath: string, file: string): Promise<{ bytes: number }> {
  if (sourcePath === ":memory:") throw new Error("An in-memory database cannot be backed up by path.");
  mkdirSync(dirname(file), { recursive: true });
  const partial = partialBackupPath(file);
  try {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const result = await new Promise<{ ok: boolean; bytes?: number; problems?: string[]; error?: string }>((resolve, reject) => {
      const worker = new Worker(BACKUP_SOURCE, { eval: true, workerData: { driver, source: sourcePath, partial } });
      worker.once("message", (message) => {
        resolve(message);
        void worker.terminate();
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`The backup thread stopped (exit ${code}).`)));
    });
    if (result.error) throw new Error(result.error);
    if (!result.ok) throw new BackupCheckFailed(`The copy failed PRAGMA integrity_check: ${(result.problems ?? []).join("; ").slice(0, 500)}`);
    renameSync(partial, file);
    // A stale write-ahead log beside a replaced file would be replayed onto the new backup.
    for (const suffix of ["-wal", "-shm"]) rmSync(file + suffix, { force: true });
    syncDirectory(dirname(file));
    return { bytes: result.bytes! };
  } finally {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(partial + suffix, { force: true });
  }
}

/** Makes a rename in `dir` durable (a no-op where directories cannot be opened). */
export function syncDirectory(dir: string) {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Not every platform syncs a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
