import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/free-port";

/*
 * A backup taken while the app is being written to, restored into the stopped instance: every
 * write the API acknowledged before the backup started is there, and every batch is there whole
 * or not at all. The server, the writes, the backup and the restore are each real processes.
 */
const BATCH = 10;

function startKizuna(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["build/server/index.js"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** `npm run cli -- …` as one Node process; resolves with its exit code and output. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "db/cli.ts", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function waitUntilReady(base: string) {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("The server did not become ready.");
}

test("a backup taken while the API writes restores every write acknowledged before it started", async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), "kizuna-backup-e2e-"));
  const file = join(dir, "kizuna.db");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production" as const,
    PORT: String(port),
    APP_URL: base,
    DATABASE_URL: `file:${file}`,
    BACKUP_DIR: join(dir, "backups"),
    KIZUNA_DEMO: "0",
    LOG_LEVEL: "warn",
  };
  const made = spawnSync(process.execPath, ["--import", "tsx", "db/cli.ts", "api-key", "create", "--name", "stream", "--scopes", "accounts:write"], {
    env,
    encoding: "utf8",
  });
  expect(made.status, made.stderr).toBe(0);
  const key = made.stdout.trim().split("\n").at(-1)!;
  // Some weight, so the copy takes a moment while the writes go on.
  const filler = new Database(file);
  filler.exec(
    "CREATE TABLE filler (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 80) INSERT INTO filler SELECT randomblob(1000000) FROM n;",
  );
  filler.close();

  const server = startKizuna(env);
  await waitUntilReady(base);

  // A client writing batches of accounts one after another (within the API's rate limit), noting when each was acknowledged.
  const acked: { batch: number; at: number }[] = [];
  const failed: { batch: number; result: string }[] = [];
  let writing = true;
  const writer = (async () => {
    for (let batch = 0; writing; batch++) {
      const accounts = Array.from({ length: BATCH }, (_, i) => ({
        externalId: `b${batch}-${i}`,
        name: `Batch ${batch} #${i}`,
        acv: { amount: 100_000, currency: "JPY" },
      }));
      try {
        const response = await fetch(`${base}/api/v1/accounts`, {
          method: "PUT",
          headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
          body: JSON.stringify({ accounts }),
        });
        await response.text();
        if (response.ok) acked.push({ batch, at: Date.now() });
        else failed.push({ batch, result: `status ${response.status}` });
      } catch (error) {
        failed.push({ batch, result: String(error) });
      }
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  })();
  await expect.poll(() => acked.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);

  const backupStartedAt = Date.now();
  const backup = await cli(["backup"], env);
  const backupEndedAt = Date.now();
  expect(backup.code, backup.stderr).toBe(0);
  expect(backup.stdout).toMatch(/Backed up .* to .*kizuna-backup-\d{8}T\d{6}Z-manual\.db: .* \(integrity check ok\)/);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  writing = false;
  await writer;
  expect(failed).toEqual([]);
  const [taken] = readdirSync(join(dir, "backups")).filter((name) => name.endsWith("-manual.db"));

  // While the server runs, a restore is refused.
  const refused = await cli(["restore", join(dir, "backups", taken)], env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("Kizuna is running on");

  server.child.kill("SIGTERM");
  expect(await server.exited, server.output()).toBe(0);
  const lastBatch = Math.max(...acked.map((a) => a.batch));

  const restored = await cli(["restore", join(dir, "backups", taken)], env);
  expect(restored.code, restored.stderr).toBe(0);
  expect(restored.stdout).toContain("Kept the previous database as");

  const database = new Database(file, { readonly: true });
  const present = new Set((database.prepare("SELECT external_id FROM accounts").pluck().all() as string[]) ?? []);
  database.close();
  const batchesIn = (batch: number) => Array.from({ length: BATCH }, (_, i) => present.has(`b${batch}-${i}`));
  const before = acked.filter((a) => a.at < backupStartedAt);
  expect(before.length).toBeGreaterThanOrEqual(5);
  // The app kept taking writes while the backup ran.
  expect(acked.filter((a) => a.at > backupStartedAt && a.at < backupEndedAt).length).toBeGreaterThan(0);
  // Every batch acknowledged before the backup started is in it, whole.
  expect(before.filter((a) => batchesIn(a.batch).some((has) => !has))).toEqual([]);
  // Any batch is whole or absent; those acknowledged after the backup ended are absent.
  for (let batch = 0; batch <= lastBatch; batch++) expect(new Set(batchesIn(batch)).size, `batch ${batch}`).toBe(1);
  for (const a of acked.filter((a) => a.at > backupEndedAt + 50)) expect(batchesIn(a.batch).some(Boolean), `batch ${a.batch}`).toBe(false);

  // The restored instance starts and serves.
  const again = startKizuna(env);
  await waitUntilReady(base);
  again.child.kill("SIGTERM");
  expect(await again.exited).toBe(0);
});
