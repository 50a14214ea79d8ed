import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, users } from "../../db/schema";
import { sha256 } from "../../app/utils/crypto.server";
import { db } from "../../app/utils/db.server";
import { verifyPassword } from "../../app/utils/password.server";
import { openDb } from "../../db/client";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");

/** Runs `npm run cli -- …` as a user would (without npm's banner), against this file's database. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, ["db/cli.ts", ...args], { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), "kizuna-cli-"));
function freshDatabaseUrl(name: string): string {
  const file = join(dir, `${name}.db`);
  copyFileSync(process.env.KIZUNA_TEST_BASE_DB!, file);
  return `file:${file}`;
}

// Each case starts the CLI as its own process (about a second each).
describe("npm run cli", { timeout: 60_000 }, () => {
  it("prints help listing every command, exit 0, without touching a database", async () => {
    const file = join(dir, "never-created.db");
    const { code, stdout } = await cli(["help"], { DATABASE_URL: `file:${file}` });
    expect(code).toBe(0);
    for (const command of ["migrate", "seed [--scale demo|large]", "user create --email", "api-key create --name", "backup [FILE]", "restore FILE", "help"]) {
      expect(stdout).toContain(command);
    }
    expect(stdout).toContain("Exit codes");
    expect(existsSync(file)).toBe(false);
  });

  it("rejects an unknown command or option with a message and exit 2", async () => {
    const [unknown, badOption, missingValue, badScale] = await Promise.all([
      cli(["frobnicate"]),
      cli(["migrate", "--dry-run"]),
      cli(["seed", "--scale"]),
      cli(["seed", "--scale", "huge"]),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    expect(unknown.stderr).toContain("npm run cli -- help");
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("Unknown option --dry-run");
    expect(missingValue.code).toBe(2);
    expect(missingValue.stderr).toContain("--scale needs a value");
    expect(badScale.code).toBe(2);
    expect(badScale.stderr).toContain("use demo or large");
  });

  it("stops with one line naming a bad environment variable, exit 1", async () => {
    const { code, stderr } = await cli(["migrate"], { DATABASE_URL: "" });
    expect(code).toBe(1);
    expect(stderr).toContain("Invalid DATABASE_URL");
  });

  it("migrates a new database file", async () => {
    const file = join(dir, "new.db");
    const { code, stdout } = await cli(["migrate"], { DATABASE_URL: `file:${file}` });
    expect(code).toBe(0);
    expect(stdout).toContain("up to date");
    const { sqlite } = openDb(file);
    expect(sqlite.prepare("SELECT count(*) AS n FROM accounts").get()).toEqual({ n: 0 });
    sqlite.close();
  });

  it("refuses a short password with the console's message and creates nothing", async () => {
    const { code, stderr } = await cli(["user", "create", "--email", "short@example.com", "--role", "csm", "--password", "tiny"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--password: Use at least 12 characters.");
    expect(stderr).not.toContain("tiny");
    expect(db.select().from(users).where(eq(users.email, "short@example.com")).get()).toBeUndefined();
  });

  it("refuses an unknown role and creates nothing", async () => {
    const { code, stderr } = await cli(["user", "create", "--email", "boss@example.com", "--role", "owner", "--password", "a-long-enough-password"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Choose admin, CSM or viewer.");
    expect(db.select().from(users).where(eq(users.email, "boss@example.com")).get()).toBeUndefined();
  });

  it("creates a user who can sign in with that password, and refuses the same email twice", async () => {
    const args = ["user", "create", "--email", "Aiko.Sato@Example.com", "--role", "admin", "--password", "a-long-enough-password", "--name", "佐藤 愛子"];
    const created = await cli(args);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("Created admin aiko.sato@example.com");
    const user = db.select().from(users).where(eq(users.email, "aiko.sato@example.com")).get()!;
    expect(user).toMatchObject({ role: "admin", name: "佐藤 愛子" });
    expect(await verifyPassword(user.passwordHash, "a-long-enough-password")).toBe(true);

    const again = await cli(args);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
  });

  it("prints a new API key once, as the last line, stored only as its SHA-256", async () => {
    const { code, stdout } = await cli(["api-key", "create", "--name", "CRM sync", "--scopes", "accounts:write,contacts:write"]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    const key = lines[lines.length - 1];
    expect(key).toMatch(/^kz_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/);
    expect(stdout.endsWith(`${key}\n`)).toBe(true);
    const row = db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, sha256(key)))
      .get()!;
    expect(row).toMatchObject({ name: "CRM sync", scopes: ["accounts:write", "contacts:write"], revokedAt: null });
    expect(key.startsWith(row.prefix)).toBe(true);
    expect(JSON.stringify(db.select().from(apiKeys).all())).not.toContain(key);
  });

  it("refuses an unknown scope and creates no key", async () => {
    const before = db.select().from(apiKeys).all().length;
    const { code, stderr } = await cli(["api-key", "create", "--name", "bad", "--scopes", "accounts:write,everything"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--scopes "everything": Scopes are:');
    expect(db.select().from(apiKeys).all().length).toBe(before);
  });

  it("seeds a new database once, creating the first admin, and refuses to seed it again", async () => {
    const url = freshDatabaseUrl("seeded");
    const first = await cli(["seed", "--today", "2026-03-15"], { DATABASE_URL: url });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("admin@kizuna.localhost");
    expect(first.stdout).toMatch(/Seeded 7 users, 24 exchange_rates, 300 accounts, 1,500 contacts/);

    const second = await cli(["seed"], { DATABASE_URL: url });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("already has 300 accounts");
  });

  it("refuses a digest as of a time that is not a time, or in the future, and queues nothing", async () => {
    const url = freshDatabaseUrl("digest-refused");
    const [notATime, future] = await Promise.all([
      cli(["digest", "--at", "yesterday"], { DATABASE_URL: url }),
      cli(["digest", "--at", new Date(Date.now() + 86_400_000).toISOString()], { DATABASE_URL: url }),
    ]);
    expect(notATime.code).toBe(2);
    expect(notATime.stderr).toContain('--at "yesterday": use a time such as');
    expect(future.code).toBe(2);
    expect(future.stderr).toContain("cannot report on the future");
  });

  it("runs the digest by hand: nothing to report on an empty database sends nothing", async () => {
    const { code, stdout } = await cli(["digest"], { DATABASE_URL: freshDatabaseUrl("digest-empty") });
    expect(code).toBe(0);
    expect(stdout).toMatch(/No active admin to send it to\.|Nothing to report: no digest sent\./);
  });
});
