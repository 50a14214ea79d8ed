import Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { migrationsFolder, openSqlite, syncDirectory } from "../../db/client";
import { parseBackupFileName } from "../domain/backups";
import { installLockPath } from "../utils/install-lock.server";

/**
 * `cli restore FILE` (docs/decisions/042): puts a backup in place of the database of a stopped
 * instance. Every check happens before anything changes, and the database it replaces is kept
 * aside (renamed, with its write-ahead log), never deleted.
 */

/** The restore was refused; nothing was changed. */
export class RestoreRefused extends Error {}

export type RestoreReport = {
  file: string;
  databaseFile: string;
  bytes: number;
  /** Where the replaced database went (null when there was none). */
  keptAside: string | null;
  /** When the backup was taken, when its name says so. */
  takenAt: number | null;
  migrationsInBackup: number;
  /** Migrations this version applies to the restored database on its next start. */
  pendingMigrations: number;
};

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

function startsWithSqliteHeader(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

const stampOf = (at: number) =>
  new Date(at)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");

/**
 * Holds the install's lock exclusively, which no server or worker process of this database can
 * hold with it (every one holds it shared for its whole life, and the kernel lets go of it when a
 * process dies, kill -9 included). Refuses when one is running; while held, none can start.
 */
function lockStoppedInstall(databaseFile: string): () => void {
  const lock = new Database(installLockPath(databaseFile));
  try {
    lock.pragma("busy_timeout = 0");
    lock.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    lock.close();
    const code = (error as { code?: string }).code;
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED")
      throw new RestoreRefused(
        `Kizuna is running on ${databaseFile} (a server or worker holds ${installLockPath(databaseFile)}): stop every Kizuna process first, then restore. Nothing was changed.`,
      );
    throw error;
  }
  return () => {
    try {
      lock.exec("COMMIT");
    } finally {
      lock.close();
    }
  };
}

/** Checks the staged copy: sound, a Kizuna database, and not from a newer version. Returns its migration count and how many this version still has to apply. */
function checkStagedCopy(staged: string, file: string): { migrationsInBackup: number; pendingMigrations: number } {
  let copy: Database.Database;
  try {
    copy = new Database(staged, { fileMustExist: true });
  } catch (error) {
    throw new RestoreRefused(`${file} cannot be opened as a SQLite database (${(error as Error).message}). Nothing was changed.`);
  }
  try {
    let problems: string[];
    try {
      problems = copy.prepare("PRAGMA integrity_check(10)").pluck().all() as string[];
    } catch (error) {
      throw new RestoreRefused(`${file} is damaged: ${(error as Error).message}. Nothing was changed.`);
    }
    if (problems.length !== 1 || problems[0] !== "ok")
      throw new RestoreRefused(`${file} is damaged (PRAGMA integrity_check: ${problems.join("; ").slice(0, 300)}). Nothing was changed.`);
    const tables = new Set(copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    if (!["__drizzle_migrations", "accounts", "contacts", "users", "audit_log"].every((table) => tables.has(table)))
      throw new RestoreRefused(`${file} is a SQLite database but not a Kizuna one (it lacks Kizuna's tables and migrations). Nothing was changed.`);
    const applied = copy.prepare("SELECT created_at FROM __drizzle_migrations").pluck().all() as (number | string)[];
    const shipped = readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis);
    const known = new Set(shipped);
    const unknown = applied.map(Number).filter((millis) => !known.has(millis));
    if (unknown.length > 0)
      throw new RestoreRefused(
        `${file} comes from a newer or different Kizuna: ${unknown.length} of its migrations are not in this version. Restore it with the version that wrote it (or a newer one). Nothing was changed.`,
      );
    const last = Math.max(0, ...applied.map(Number));
    return { migrationsInBackup: applied.length, pendingMigrations: shipped.filter((millis) => millis > last).length };
  } finally {
    copy.close();
  }
}

/**
 * Restores `file` into `databaseFile`: refuses while the instance runs and when the file is not a
 * sound Kizuna backup this version can run; then keeps the current database aside (renamed to
 * `<database>.before-restore-<time>`, its -wal and -shm with it) and puts a copy of the backup in
 * its place. The backup file itself is only read.
 */
export function restoreBackup(file: string, databaseFile: string, now = Date.now()): RestoreReport {
  const source = resolve(file);
  const live = resolve(databaseFile);
  if (databaseFile === ":memory:") throw new RestoreRefused("DATABASE_URL names an in-memory database: there is nothing to restore into.");
  if (source === live) throw new RestoreRefused(`${file} is the database itself; name a backup file.`);
  if (!existsSync(source) || !statSync(source).isFile()) throw new RestoreRefused(`${file} does not exist or is not a file. Nothing was changed.`);
  if (!startsWithSqliteHeader(source)) throw new RestoreRefused(`${file} is not a SQLite database (it lacks SQLite's file header). Nothing was changed.`);
  if (existsSync(`${source}-wal`) && statSync(`${source}-wal`).size > 0)
    throw new RestoreRefused(
      `${file} has a write-ahead log beside it (${file}-wal): it is a database in use or a copy of one, not a backup. Take backups with \`npm run cli -- backup\`. Nothing was changed.`,
    );

  // A new machine restoring into a directory that does not exist yet.
  mkdirSync(dirname(live), { recursive: true });
  const unlock = lockStoppedInstall(live);
  const staged = join(dirname(live), `.${basename(live)}.restoring-${process.pid}`);
  const cleanStaged = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(staged + suffix, { force: true });
  };
  try {
    // Checked as a copy beside the database: the backup is never opened for writing, and what is
    // checked is exactly what is put in place (a rename on the same file system).
    copyFileSync(source, staged);
    const { migrationsInBackup, pendingMigrations } = checkStagedCopy(staged, file);
    const fd = openSync(staged, "r+");
    try {
      // fsync via the fd: the copy is on disk before the old database moves.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }

    let keptAside: string | null = null;
    if (existsSync(live)) {
      keptAside = `${live}.before-restore-${stampOf(now)}`;
      renameSync(live, keptAside);
      // The write-ahead log holds the old database's last commits: it goes with it, so the kept
      // copy opens complete, and cannot be replayed onto the restored file.
      for (const suffix of ["-wal", "-shm"]) if (existsSync(live + suffix)) renameSync(live + suffix, keptAside + suffix);
    }
    for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(live + suffix, { force: true });
    try {
      renameSync(staged, live);
    } catch (error) {
      if (keptAside) renameSync(keptAside, live);
      throw error;
    }
    syncDirectory(dirname(live));

    // The restored database says so in its own audit log.
    const restored = openSqlite(live);
    try {
      restored
        .prepare("INSERT INTO audit_log (at, action, entity, entity_id, detail) VALUES (?, 'backup.restored', 'backup', ?, ?)")
        .run(now, basename(source), JSON.stringify({ file: source, keptAside }));
    } finally {
      restored.close();
    }

    return {
      file: source,
      databaseFile: live,
      bytes: statSync(live).size,
      keptAside,
      takenAt: parseBackupFileName(basename(source))?.at ?? null,
      migrationsInBackup,
      pendingMigrations,
    };
  } finally {
    cleanStaged();
    unlock();
  }
}
