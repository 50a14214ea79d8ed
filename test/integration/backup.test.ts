import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findUserByEmail } from "../../app/models/user.server";
import { closeDb, db, sqlite } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { openDb } from "../../db/client";
import { seedDatabase } from "../../db/seed";
import { createAccount, createStaff } from "../factories";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");
const dir = mkdtempSync(join(tmpdir(), "kizuna-backup-"));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, ["db/cli.ts", ...args], { cwd: root, env: process.env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const countIn = (file: string, table: string) => {
  const copy = new Database(file, { readonly: true });
  try {
    return (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    copy.close();
  }
};

describe("npm run cli -- backup", { timeout: 60_000 }, () => {
  it("writes a consistent copy while another connection keeps writing, and a restore brings it back", async () => {
    seedDatabase(db, { today: "2026-03-15" });
    const before = createAccount({ externalId: "before-backup", name: "Written Before The Backup" });
    createStaff("viewer", { email: "kept@kizuna.test" });

    // Another connection writes every few milliseconds for as long as the backup runs.
    let written = 0;
    const writer = setInterval(() => {
      createAccount({ externalId: `during-${++written}` });
    }, 3);
    const file = join(dir, "kizuna-backup.db");
    const result = await cli(["backup", file]);
    clearInterval(writer);
    const writtenWhileRunning = written;

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Backed up .* to .*kizuna-backup\.db: \d+(\.\d)? (KB|MB)/);
    expect(writtenWhileRunning).toBeGreaterThan(0);

    const copy = new Database(file, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(copy.prepare("SELECT name FROM accounts WHERE id = ?").get(before.id)).toEqual({ name: "Written Before The Backup" });
    const during = (copy.prepare("SELECT count(*) AS n FROM accounts WHERE external_id LIKE 'during-%'").get() as { n: number }).n;
    expect(during).toBeLessThanOrEqual(writtenWhileRunning);
    expect((copy.prepare("SELECT count(*) AS n FROM contacts").get() as { n: number }).n).toBe(1_500);
    copy.close();

    // Changes after the backup are not in it; restoring brings the database back to the backup.
    createAccount({ externalId: "after-backup" });
    const accountsInBackup = countIn(file, "accounts");

    // Restore as the README says: stop, remove the write-ahead log, copy the file into place, start.
    closeDb();
    const live = env().databaseFile;
    for (const suffix of ["", "-wal", "-shm"]) rmSync(live + suffix, { force: true });
    copyFileSync(file, live);

    expect(sqlite().prepare("SELECT count(*) AS n FROM accounts").get()).toEqual({ n: accountsInBackup });
    expect(sqlite().prepare("SELECT count(*) AS n FROM accounts WHERE external_id = 'after-backup'").get()).toEqual({ n: 0 });
    expect(findUserByEmail("kept@kizuna.test")).toMatchObject({ role: "viewer" });

    // openDb (what the server and worker use) reads the restored file too.
    const reopened = openDb(live);
    expect(reopened.sqlite.prepare("SELECT name FROM accounts WHERE external_id = 'before-backup'").get()).toEqual({ name: "Written Before The Backup" });
    reopened.sqlite.close();
  });

  it("refuses to overwrite an existing file unless --force", async () => {
    const file = join(dir, "existing.db");
    writeFileSync(file, "not a backup");
    const refused = await cli(["backup", file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("already exists; pass --force");
    expect(readFileSync(file, "utf8")).toBe("not a backup");

    // A stale write-ahead log beside the old file must not be replayed onto the new backup.
    writeFileSync(`${file}-wal`, "stale");
    const forced = await cli(["backup", file, "--force"]);
    expect(forced.code).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(countIn(file, "accounts")).toBeGreaterThan(0);
  });

  it("needs a FILE, exit 2", async () => {
    const { code, stderr } = await cli(["backup"]);
    expect(code).toBe(2);
    expect(stderr).toContain("backup needs the FILE to write");
  });
});
