/**
 * The rules of Kizuna's own backups (docs/decisions/042): how a backup file is named, which files
 * the keep rule may delete, and when the backups need a person's attention. Pure, so the rules are
 * tested without a disk or a database.
 */
import { DAY_MS } from "./days";

export const BACKUP_KINDS = ["nightly", "manual", "pre-migration"] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** The team-local hour the nightly backup runs at (quiet hours, before the 08:00 digest reports on it). */
export const NIGHTLY_BACKUP_HOUR = 3;
/** Default of BACKUP_KEEP: days a backup is kept. */
export const DEFAULT_BACKUP_KEEP_DAYS = 14;
/** A last good backup older than this is called out (a nightly schedule missed more than once). */
export const BACKUP_STALE_MS = 36 * 60 * 60 * 1000;

const NAME = /^kizuna-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-(nightly|manual|pre-migration)\.db$/;

/** `kizuna-backup-20261207T030000Z-nightly.db`: the UTC moment it was taken and why; sorts by time. */
export function backupFileName(at: number, kind: BackupKind): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  return `kizuna-backup-${stamp}-${kind}.db`;
}

/** The moment and kind a Kizuna backup file's name says, or null for any other file (never touched). */
export function parseBackupFileName(name: string): { at: number; kind: BackupKind } | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, kind] = match;
  const at = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (Number.isNaN(at) || backupFileName(at, kind as BackupKind) !== name) return null;
  return { at, kind: kind as BackupKind };
}

/**
 * The backup files to delete at `now` when backups are kept `keepDays` days: Kizuna's own files
 * (by name) taken more than `keepDays` days ago. The newest Kizuna backup is never deleted, however
 * old: when backups have been failing for weeks, the last good one is all there is. Other files in
 * the directory are not Kizuna's to delete.
 */
export function backupsToPrune(names: readonly string[], now: number, keepDays: number): string[] {
  if (!Number.isInteger(keepDays) || keepDays < 1) throw new RangeError(`Backups are kept 1 day or more, not ${keepDays}`);
  const ours = names.flatMap((name) => {
    const parsed = parseBackupFileName(name);
    return parsed ? [{ name, at: parsed.at }] : [];
  });
  if (ours.length === 0) return [];
  const newest = ours.reduce((a, b) => (b.at > a.at || (b.at === a.at && b.name > a.name) ? b : a));
  const cutoff = now - keepDays * DAY_MS;
  return ours
    .filter((file) => file !== newest && file.at < cutoff)
    .map((file) => file.name)
    .sort();
}

/** A backup write in progress (`.kizuna-backup-….db.partial-<pid>`, or its journal), and the process writing it. */
export function partialBackupPid(name: string): number | null {
  const match = /^\.kizuna-backup-.+\.db\.partial-(\d+)(-journal|-wal|-shm)?$/.exec(name);
  return match ? Number(match[1]) : null;
}

export type BackupStatus = {
  lastSuccess: { at: number; file: string; bytes: number; ms: number } | null;
  lastFailure: { at: number; reason: string } | null;
  /** Failed backups since the last good one. */
  failuresSinceSuccess: number;
};

export type BackupHealth =
  | { state: "ok"; lastSuccessAt: number; ageHours: number; bytes: number }
  | { state: "stale"; lastSuccessAt: number; ageHours: number; bytes: number }
  | { state: "failed"; reason: string; failedAt: number; lastSuccessAt: number | null; ageHours: number | null }
  | { state: "never" };

/**
 * What the digest says about the backups at `now`: fine, too old (no good backup for 36 hours), or
 * failing (the latest attempt failed), or none yet. A failure after the last success wins: it is
 * what a person must act on.
 */
export function backupHealth(status: BackupStatus, now: number): BackupHealth {
  const { lastSuccess, lastFailure } = status;
  const ageHours = (at: number) => Math.max(0, Math.floor((now - at) / 3_600_000));
  if (lastFailure && (!lastSuccess || lastFailure.at > lastSuccess.at)) {
    return {
      state: "failed",
      reason: lastFailure.reason,
      failedAt: lastFailure.at,
      lastSuccessAt: lastSuccess?.at ?? null,
      ageHours: lastSuccess ? ageHours(lastSuccess.at) : null,
    };
  }
  if (!lastSuccess) return { state: "never" };
  const state = now - lastSuccess.at > BACKUP_STALE_MS ? "stale" : "ok";
  return { state, lastSuccessAt: lastSuccess.at, ageHours: ageHours(lastSuccess.at), bytes: lastSuccess.bytes };
}
