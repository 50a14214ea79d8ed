import { readMigrationFiles } from "drizzle-orm/migrator";
import { migrationsFolder } from "../../db/client";
import { db, preparedOn, sqlite } from "../utils/db.server";

/** One real round-trip to the database file. Throws when it is unreachable. */
export function pingDatabase(): void {
  preparedOn(db, "SELECT count(*) FROM __drizzle_migrations").get();
}

let shipped: number[] | null = null;

/**
 * How many of the migrations this build ships the database has not had. The migrator applies
 * those newer than the newest it recorded, so that is what is compared.
 */
export function countPendingMigrations(): number {
  shipped ??= readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis);
  const row = preparedOn(db, "SELECT max(created_at) AS last FROM __drizzle_migrations").get() as { last: number | null } | undefined;
  const last = Number(row?.last ?? 0);
  return shipped.filter((millis) => millis > last).length;
}

/** How long the write probe waits for another process's write to finish: the probe must not hold up requests. */
const PROBE_WAIT_MS = 200;

export type WriteProbe = { writable: true; busy: boolean } | { writable: false; reason: string };

/**
 * Commits one small write (the file header's user version, set to what it is) and reports
 * whether the database took it. A write held by another process for longer than the probe
 * waits counts as writable: someone is writing to it. Anything else (a read-only file or
 * connection, a full disk, an I/O error) is the reason it is not.
 */
export function probeWrite(): WriteProbe {
  const conn = sqlite();
  const waited = conn.pragma("busy_timeout", { simple: true }) as number;
  conn.pragma(`busy_timeout = ${PROBE_WAIT_MS}`);
  try {
    const version = Number(conn.pragma("user_version", { simple: true }));
    conn.pragma(`user_version = ${version}`);
    return { writable: true, busy: false };
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") return { writable: true, busy: true };
    return { writable: false, reason: `${code || "error"}: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    try {
      conn.pragma(`busy_timeout = ${waited}`);
    } catch {
      // A closed connection has nothing to restore.
    }
  }
}
