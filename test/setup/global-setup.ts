import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { openDb, runMigrations } from "../../db/client";

/** Builds one migrated base database; each test file copies it (fast, isolated). */
export default function setup() {
  const file = join(tmpdir(), "kizuna-test", `base-${process.pid}.db`);
  mkdirSync(dirname(file), { recursive: true });
  rmSync(file, { force: true });
  const { db, sqlite } = openDb(file);
  runMigrations(db);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  process.env.KIZUNA_TEST_BASE_DB = file;
  return () => rmSync(file, { force: true });
}
