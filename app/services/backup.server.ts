import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { backupTo, BackupCheckFailed } from "../../db/client";
import { backupFileName, backupsToPrune, NIGHTLY_BACKUP_HOUR, partialBackupPid, type BackupKind } from "../domain/backups";
import { dueDigestSlot } from "../domain/digest-schedule";
import { backupJob } from "../jobs/job-types.server";
import { readBackupStatus } from "../models/backup.server";
import { audit } from "../models/audit.server";
import { countPendingMigrations } from "../models/health.server";
import { teamTimeZone } from "../models/settings.server";
import { sqlite, transaction } from "../utils/db.server";
import { env } from "../utils/env.server";
import { log } from "../utils/log.server";

/**
 * Kizuna's backups (docs/decisions/042): one checked online copy of the database, taken the same
 * way by the nightly job, by `cli backup` and before migrations run, and recorded the same way
 * (audit log, from which /metrics and the admin digest read, and a log line).
 */

export type BackupOutcome =
  | { ok: true; kind: BackupKind | "file"; file: string; bytes: number; ms: number; at: number }
  | { ok: false; kind: BackupKind | "file"; file: string; reason: string; ms: number; at: number };

/** The backup directory (absolute), or undefined when scheduled backups are off. */
export function backupDir(): string | undefined {
  const dir = env().BACKUP_DIR;
  return dir ? resolve(dir) : undefined;
}

function reasonOf(error: unknown): string {
  if (error instanceof BackupCheckFailed) return error.message;
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  return (code && !message.includes(code) ? `${code}: ${message}` : message).slice(0, 500);
}

/**
 * Copies the live database to `file` and checks the copy; never throws for a failed backup (the
 * outcome says why). `file` appears only complete and checked: a failed check leaves no file.
 */
export async function takeBackup(file: string, kind: BackupKind | "file", now = Date.now()): Promise<BackupOutcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    if (resolve(file) === resolve(env().databaseFile)) throw new Error("The backup file is the live database itself.");
    const { bytes } = await backupTo(env().databaseFile, file);
    return { ok: true, kind, file, bytes, ms: ms(), at: now };
  } catch (error) {
    return { ok: false, kind, file, reason: reasonOf(error), ms: ms(), at: now };
  }
}

/** Writes the outcome to the audit log (which /metrics and the digest read) and to the log. */
export function recordBackupOutcome(outcome: BackupOutcome) {
  const entity = outcome.kind === "file" ? "backup_file" : "backup";
  const name = outcome.file.split(/[\\/]/).pop()!;
  const detail = outcome.ok
    ? { kind: outcome.kind, file: outcome.file, bytes: outcome.bytes, ms: outcome.ms }
    : { kind: outcome.kind, file: outcome.file, reason: outcome.reason, ms: outcome.ms };
  audit({ action: outcome.ok ? "backup.completed" : "backup.failed", entity, entityId: name, detail });
  if (outcome.ok) log().info({ backup: detail }, `backup ${outcome.kind} ok: ${name}`);
  else log().error({ backup: detail }, `backup ${outcome.kind} failed: ${outcome.reason}`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

/**
 * Deletes what the keep rule says may go (Kizuna's backups older than BACKUP_KEEP days, never the
 * newest) and the temporary files of backups whose process died mid-copy. Returns the names deleted.
 */
export function pruneBackups(dir: string, now = Date.now(), keepDays = env().BACKUP_KEEP): string[] {
  const names = readdirSync(dir);
  const stale = names.filter((name) => {
    const pid = partialBackupPid(name);
    return pid !== null && pid !== process.pid && !processIsAlive(pid);
  });
  const expired = backupsToPrune(names, now, keepDays);
  for (const name of [...stale, ...expired]) rmSync(join(dir, name), { force: true });
  if (expired.length > 0) log().info({ deleted: expired, keepDays }, `backups older than ${keepDays} days deleted`);
  return [...expired, ...stale];
}

/**
 * A backup into BACKUP_DIR under a Kizuna backup name, recorded; after a good one, older backups
 * past the keep rule are deleted. `record: false` leaves recording to the caller (before
 * migrations, the audit log is written once the schema is current).
 */
export async function backupIntoDir(kind: BackupKind, options: { now?: number; record?: boolean } = {}): Promise<BackupOutcome> {
  const dir = backupDir();
  if (!dir) throw new Error("BACKUP_DIR is not set.");
  const now = options.now ?? Date.now();
  const outcome = await takeBackup(join(dir, backupFileName(now, kind)), kind, now);
  if (outcome.ok) {
    try {
      pruneBackups(dir, now);
    } catch (error) {
      log().error({ err: error }, "deleting old backups failed");
    }
  }
  if (options.record !== false) recordBackupOutcome(outcome);
  return outcome;
}

/**
 * Before migrations run on start: with BACKUP_DIR set, an existing Kizuna database (not a new or
 * empty file) and migrations this code has that the database does not, a backup first. Returns the
 * outcome to record once migrated, or null when no backup was due.
 */
export async function backupBeforeMigrations(): Promise<BackupOutcome | null> {
  if (!backupDir()) return null;
  const file = env().databaseFile;
  if (file === ":memory:" || !existsSync(file) || statSync(file).size === 0) return null;
  const migrated = sqlite().prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!migrated || countPendingMigrations() === 0) return null;
  return backupIntoDir("pre-migration", { record: false });
}

/** Thrown when the backup before migrations fails: the start stops rather than migrate without one. */
export class PreMigrationBackupFailed extends Error {}

/**
 * Runs `migrate` with a backup first when one is due (backupBeforeMigrations). A failed backup stops
 * here, the database untouched; the outcome is recorded either way.
 */
export async function migrateWithBackup(migrate: () => void): Promise<BackupOutcome | null> {
  const outcome = await backupBeforeMigrations();
  if (outcome && !outcome.ok) {
    try {
      recordBackupOutcome(outcome);
    } catch {
      // The schema is older than this code: the log line below still says it.
    }
    throw new PreMigrationBackupFailed(
      `The backup before migrating failed (${outcome.reason}); the database was not migrated. Fix BACKUP_DIR (${backupDir()}) or unset it to start without a backup.`,
    );
  }
  migrate();
  if (outcome) recordBackupOutcome(outcome);
  return outcome;
}

/**
 * Called by the worker's housekeeping every minute when BACKUP_DIR is set: once 03:00 in the team's
 * zone has passed, queues that day's backup under a key built from the local date (the jobs table's
 * unique index makes every later call a no-op). A worker that was down at 03:00 takes the day's
 * backup when it comes back the same day.
 */
export function scheduleNightlyBackup(now = Date.now()): number | null {
  if (!backupDir()) return null;
  const slot = dueDigestSlot(now, teamTimeZone(), NIGHTLY_BACKUP_HOUR);
  if (!slot) return null;
  return transaction((tx) => backupJob.enqueue(tx, slot, { maxAttempts: 3 }, now));
}

/**
 * The nightly job: one backup for the slot. A good backup since the slot's time means this run is
 * a repeat (the job's process died after the copy): nothing to do. A failure is recorded and
 * thrown, so the job is tried again later and ends dead (visible in the metrics) if it keeps failing.
 */
export async function runNightlyBackup(slot: { day: string; at: number }, now = Date.now()): Promise<BackupOutcome | null> {
  if (!backupDir()) return null;
  const last = readBackupStatus().lastSuccess;
  if (last && last.at >= slot.at) return null;
  const outcome = await backupIntoDir("nightly", { now });
  if (!outcome.ok) throw new Error(`The nightly backup failed: ${outcome.reason}`);
  return outcome;
}
