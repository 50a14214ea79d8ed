import Database from "better-sqlite3";
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * `npm run cli -- backup` and `restore` as the operator runs them: separate processes on a
 * database of their own, a running instance being another process.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");

type Run = { code: number; stdout: string; stderr: string };

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(tsx, ["db/cli.ts", ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: "warn", ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A fresh migrated Kizuna database in a directory of its own, with one account. */
function freshInstall(): { dir: string; file: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), "kizuna-restore-"));
  const file = join(dir, "kizuna.db");
  copyFileSync(process.env.KIZUNA_TEST_BASE_DB!, file);
  write(
    file,
    "INSERT INTO accounts (external_id, name, acv_amount, acv_currency, segment, start_date) VALUES ('live-1', 'Live One', 100, 'USD', 'tech', '2026-01-01')",
  );
  return { dir, file, env: { DATABASE_URL: `file:${file}`, BACKUP_DIR: join(dir, "backups") } };
}

function write(file: string, sql: string) {
  const database = new Database(file);
  try {
    database.exec(sql);
  } finally {
    database.close();
  }
}

function read<T>(file: string, sql: string): T[] {
  const database = new Database(file, { readonly: true });
  try {
    return database.prepare(sql).all() as T[];
  } finally {
    database.close();
  }
}

const accountIds = (file: string) => read<{ external_id: string }>(file, "SELECT external_id FROM accounts ORDER BY external_id").map((r) => r.external_id);
const digest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

async function backupOf(env: Record<string, string>, file: string): Promise<void> {
  const made = await cli(["backup", file], env);
  expect(made.code, made.stderr).toBe(0);
}

describe("npm run cli -- restore", { timeout: 180_000 }, () => {
  it("puts a backup in place, keeps the replaced database aside with its unwritten log, and says what it did", async () => {
    const { dir, file, env } = freshInstall();
    const backup = join(dir, "nightly.db");
    await backupOf(env, backup);
    // After the backup: a change that stays in the write-ahead log (the connection is left open, as a crashed process leaves it).
    const after = new Database(file);
    after.pragma("journal_mode = WAL");
    after.pragma("wal_autocheckpoint = 0");
    after.exec(
      "INSERT INTO accounts (external_id, name, acv_amount, acv_currency, segment, start_date) VALUES ('after-backup', 'After', 1, 'USD', 'tech', '2026-01-01')",
    );
    expect(existsSync(`${file}-wal`)).toBe(true);

    const restored = await cli(["restore", backup], env);
    after.close();
    expect(restored.code, restored.stderr).toBe(0);
    const aside = readdirSync(dir).find((name) => name.startsWith("kizuna.db.before-restore-") && !/-(wal|shm)$/.test(name))!;
    expect(restored.stdout).toContain(`Checked ${backup}`);
    expect(restored.stdout).toContain("integrity check ok");
    expect(restored.stdout).toContain(`Kept the previous database as ${join(dir, aside)}`);
    expect(restored.stdout).toContain(`Restored ${backup} to ${file}`);

    expect(accountIds(file)).toEqual(["live-1"]);
    // The kept database is complete: its last commit (from its write-ahead log) is in it.
    expect(accountIds(join(dir, aside))).toEqual(["after-backup", "live-1"]);
    expect(read(file, "SELECT action, entity_id FROM audit_log WHERE action = 'backup.restored'")).toEqual([
      { action: "backup.restored", entity_id: "nightly.db" },
    ]);
    // The backup file itself was only read.
    expect(existsSync(backup)).toBe(true);
  });

  it("refuses while Kizuna runs on the database, and changes nothing", async () => {
    const { dir, file, env } = freshInstall();
    const backup = join(dir, "b.db");
    await backupOf(env, backup);
    // A process of the install (as a server or worker holds it) from a script that starts like one.
    const running = spawn(process.execPath, ["--import", "tsx", "test/integration/processes/start.ts", "hold"], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        running.stdout.on("data", (chunk: Buffer) => chunk.toString().includes('"started":true') && resolve());
        running.on("exit", (code) => reject(new Error(`the running process exited ${code}`)));
      });
      const before = digest(file);
      const refused = await cli(["restore", backup], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`Kizuna is running on ${file}`);
      expect(refused.stderr).toContain("stop every Kizuna process first");
      expect(refused.stderr).toContain("Nothing was changed.");
      expect(digest(file)).toBe(before);
      expect(readdirSync(dir).filter((name) => name.includes("before-restore") || name.includes("restoring"))).toEqual([]);
    } finally {
      running.kill("SIGKILL");
    }
    // Once it has stopped (even killed), the same restore goes through.
    await new Promise((resolve) => running.once("exit", resolve).exitCode !== null && resolve(null));
    expect((await cli(["restore", backup], env)).code).toBe(0);
  });

  it("refuses a file that is not a sound Kizuna backup of this version or older, with a clear message, and changes nothing", async () => {
    const { dir, file, env } = freshInstall();
    const good = join(dir, "good.db");
    await backupOf(env, good);

    const text = join(dir, "notes.db");
    writeFileSync(text, "this is not a database\n".repeat(100));

    // A backup damaged on disk: garbage over pages after the first.
    const damaged = join(dir, "damaged.db");
    const bytes = readFileSync(good);
    bytes.fill(0xa5, 4096 * 3, Math.min(bytes.length, 4096 * 40));
    writeFileSync(damaged, bytes);

    const foreign = join(dir, "foreign.db");
    write(foreign, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');");

    const newer = join(dir, "newer.db");
    copyFileSync(good, newer);
    write(newer, "INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('from-the-future', 4102444800000)");

    const live = join(dir, "live-copy.db");
    copyFileSync(good, live);
    writeFileSync(`${live}-wal`, "not empty");

    const cases: [string, string, RegExp][] = [
      ["missing", join(dir, "nope.db"), /does not exist/],
      ["text", text, /is not a SQLite database \(it lacks SQLite's file header\)/],
      ["damaged", damaged, /is damaged|cannot be opened/],
      ["foreign", foreign, /is a SQLite database but not a Kizuna one/],
      ["newer", newer, /comes from a newer or different Kizuna: 1 of its migrations are not in this version/],
      ["with a log", live, /has a write-ahead log beside it/],
    ];
    const before = digest(file);
    // The install's lock file (kizuna.db-running) is every process's, created on first use: not a change.
    const files = () =>
      readdirSync(dir)
        .filter((name) => !name.endsWith("-running"))
        .sort();
    const listing = files();
    for (const [what, path, message] of cases) {
      const refused = await cli(["restore", path], env);
      expect(refused.code, what).toBe(1);
      expect(refused.stderr, what).toMatch(message);
      expect(refused.stderr, what).toContain("Nothing was changed.");
      expect(digest(file), what).toBe(before);
      expect(files(), what).toEqual(listing);
    }
    expect(accountIds(file)).toEqual(["live-1"]);

    const usage = await cli(["restore"], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("restore needs the backup FILE");
  });
});

describe("kill -9 during a backup", { timeout: 120_000 }, () => {
  it("leaves no file that counts as a backup, and the next backup works and clears the leftover", async () => {
    const { file, env } = freshInstall();
    // Enough data that the copy and its check take a moment.
    write(
      file,
      "CREATE TABLE filler (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 160) INSERT INTO filler SELECT randomblob(1000000) FROM n;",
    );
    const backups = env.BACKUP_DIR;

    // One process (not the tsx wrapper, whose child would outlive a kill).
    const child = spawn(process.execPath, ["--import", "tsx", "db/cli.ts", "backup"], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    // Killed as soon as its copy is being written.
    let killedMidway = false;
    for (let i = 0; i < 6000 && child.exitCode === null; i++) {
      if (existsSync(backups) && readdirSync(backups).some((name) => name.includes(".partial-"))) {
        child.kill("SIGKILL");
        killedMidway = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await exited;
    expect(killedMidway).toBe(true);
    // The write in progress may be left (hidden, under a temporary name), but no backup.
    const left = readdirSync(backups);
    expect(left.filter((name) => /^kizuna-backup-.*\.db$/.test(name))).toEqual([]);

    const next = await cli(["backup"], env);
    expect(next.code, next.stderr).toBe(0);
    const after = readdirSync(backups);
    const [taken] = after.filter((name) => /^kizuna-backup-.*-manual\.db$/.test(name));
    expect(after).toEqual([taken]);
    expect(read<{ n: number }>(join(backups, taken), "SELECT count(*) AS n FROM filler")).toEqual([{ n: 160 }]);
    expect(read(file, "SELECT action FROM audit_log WHERE entity = 'backup'")).toEqual([{ action: "backup.completed" }]);
  });
});
