import type { BackupStatus } from "../domain/backups";
import { db, preparedOn } from "../utils/db.server";

type Row = { at: number; detail: string | null };

const detailOf = (row: Row): Record<string, unknown> => {
  try {
    return row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/**
 * The outcome of the backups kept in BACKUP_DIR (audit entity `backup`), read from the audit log
 * through its entity index, so the web process (metrics) and the worker (the digest) agree
 * whichever process took the backup.
 */
export function readBackupStatus(): BackupStatus {
  const last = (action: string) =>
    preparedOn(db, "SELECT at, detail FROM audit_log WHERE entity = 'backup' AND action = ? ORDER BY at DESC, id DESC LIMIT 1").get(action) as Row | undefined;
  const success = last("backup.completed");
  const failure = last("backup.failed");
  const failuresSinceSuccess = (
    preparedOn(db, "SELECT count(*) AS n FROM audit_log WHERE entity = 'backup' AND action = 'backup.failed' AND at > ?").get(success?.at ?? -1) as {
      n: number;
    }
  ).n;
  const successDetail = success ? detailOf(success) : {};
  const failureDetail = failure ? detailOf(failure) : {};
  return {
    lastSuccess: success
      ? { at: success.at, file: String(successDetail.file ?? ""), bytes: Number(successDetail.bytes ?? 0), ms: Number(successDetail.ms ?? 0) }
      : null,
    lastFailure: failure ? { at: failure.at, reason: String(failureDetail.reason ?? "") } : null,
    failuresSinceSuccess,
  };
}
