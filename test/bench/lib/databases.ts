import { copyFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { openDb, openSqlite, runMigrations } from "../../../db/client";
import type { ScaleName } from "../../../db/seed";
import { spawnNode, tempDir, watchPeakRss } from "./processes";

/** A new, migrated, empty database file in its own temp directory. */
export function migratedDatabase(name = "empty"): string {
  const file = join(tempDir(name), "kizuna.db");
  const { db, sqlite } = openDb(file);
  runMigrations(db);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return file;
}

/** Rows per table (SQLite's and drizzle's bookkeeping tables left out). */
export function rowCounts(file: string): Record<string, number> {
  const sqlite = openSqlite(file);
  try {
    const tables = sqlite
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
      )
      .all();
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = sqlite.prepare<[], { n: number }>(`SELECT count(*) AS n FROM "${name}"`).get()!.n;
    return counts;
  } finally {
    sqlite.close();
  }
}

export type SeedRun = {
  file: string;
  /** Wall time of `npm run cli -- seed --scale …` (process start to exit). */
  seconds: number;
  peakRssMb: number | null;
  rows: Record<string, number>;
  totalRows: number;
  bytes: number;
};

/** Seeds a new database through the CLI, as a person would, timing it and watching its memory. */
export async function seedWithCli(scale: ScaleName): Promise<SeedRun> {
  const file = migratedDatabase(`seed-${scale}`);
  const started = performance.now();
  const node = spawnNode("db/cli.ts", ["seed", "--scale", scale], {
    DATABASE_URL: `file:${file}`,
    SESSION_SECRET: "bench-session-secret-0123456789abcdef0123456789",
  });
  const memory = watchPeakRss(node.pid);
  const code = await node.exited;
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = memory.stop();
  if (code !== 0) throw new Error(`seed --scale ${scale} exited with ${code}:\n${node.output()}`);
  const rows = rowCounts(file);
  const bytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
  return { file, seconds, peakRssMb, rows, totalRows: Object.values(rows).reduce((a, b) => a + b, 0), bytes };
}

const seeded = new Map<ScaleName, Promise<SeedRun>>();

/**
 * The seed of `scale`, run once per harness run and shared: benches that need seeded data get
 * their own copy of it to read and write.
 */
export function seedOnce(scale: ScaleName): Promise<SeedRun> {
  let run = seeded.get(scale);
  if (!run) {
    run = seedWithCli(scale);
    seeded.set(scale, run);
  }
  return run;
}

/**
 * A copy of the seed of `scale`. `BENCH_LARGE_DATABASE=FILE` names an already seeded large
 * database to copy instead of seeding one (the app migrates it at start): for running the large
 * benches again without waiting for the seed.
 */
export async function seededDatabase(scale: ScaleName): Promise<string> {
  const given = scale === "large" ? process.env.BENCH_LARGE_DATABASE : undefined;
  if (given && !existsSync(given)) throw new Error(`BENCH_LARGE_DATABASE names ${given}, which does not exist.`);
  const template = given ?? (await seedOnce(scale)).file;
  const file = join(tempDir(`copy-${scale}`), "kizuna.db");
  copyFileSync(template, file);
  if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, `${file}-wal`);
  return file;
}
