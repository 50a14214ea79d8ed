import Database from "better-sqlite3";
import { transaction } from "./db.server";

/**
 * "Is any other process of this install running?" answered by the operating system, not by a
 * pid file: a small SQLite file beside the database whose lock every server and worker process
 * holds shared for its whole life (a read transaction that never ends). SQLite's file locks
 * (POSIX advisory locks) are released by the kernel when the process dies, kill -9 included,
 * so they cannot go stale. A process that can take the lock EXCLUSIVE is alone.
 *
 * Start-ups take turns under the database's write lock, so the moment between "alone" and
 * holding the lock shared (SQLite cannot downgrade atomically) is never seen by another
 * process starting at the same time: two overlapping processes never both find themselves
 * alone (docs/decisions/023-resuming-leases-after-a-crash.md).
 */

const holder = globalThis as unknown as { __kizunaInstallLock?: Database.Database };

/** The lock file beside the database (`data/kizuna.db` → `data/kizuna.db-running`). */
export function installLockPath(databaseFile: string): string {
  return `${databaseFile}-running`;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

export type InstallLock = {
  /** True when no other process of the install held the lock as this one joined. */
  alone: boolean;
  /** Lets go of the lock (the process exiting does the same). */
  release(): void;
};

/**
 * Joins the processes of the install behind `databaseFile` and holds the lock shared until
 * `release` (or exit). `whileAlone` runs only if this process is the only one, while it holds
 * the lock exclusively and inside the database's write transaction. An in-memory database has
 * no other process: it is never "alone" in the sense that matters here, and holds no lock.
 */
export function joinInstall(databaseFile: string, whileAlone?: () => void): InstallLock {
  if (databaseFile === ":memory:") return { alone: false, release() {} };
  return transaction(() => {
    const lock = new Database(installLockPath(databaseFile));
    let alone = false;
    try {
      lock.pragma("busy_timeout = 0");
      try {
        lock.exec("BEGIN EXCLUSIVE");
        alone = true;
      } catch (error) {
        if (!isBusy(error)) throw error;
      }
      if (alone) {
        whileAlone?.();
        lock.exec("COMMIT");
      }
      // Shared from here on: other processes may join, none can be alone while this one lives.
      // A deferred transaction holds no lock until it reads; the read takes SHARED and keeps it.
      lock.exec("BEGIN");
      lock.prepare("SELECT count(*) FROM sqlite_master").get();
    } catch (error) {
      lock.close();
      throw error;
    }
    holder.__kizunaInstallLock = lock;
    return {
      alone,
      release() {
        if (lock.open) lock.close();
        if (holder.__kizunaInstallLock === lock) holder.__kizunaInstallLock = undefined;
      },
    };
  });
}
