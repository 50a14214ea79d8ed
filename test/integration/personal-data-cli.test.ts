import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openDb } from "../../db/client";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");
const dir = mkdtempSync(join(tmpdir(), "kizuna-privacy-cli-"));
const file = join(dir, "kizuna.db");
copyFileSync(process.env.KIZUNA_TEST_BASE_DB!, file);

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, ["db/cli.ts", ...args], { cwd: root, env: { ...process.env, DATABASE_URL: `file:${file}` } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The database's only contact (found by position: erasure changes its address). */
function contactRow() {
  const { sqlite } = openDb(file);
  try {
    return sqlite.prepare("SELECT id, email, name, erased_at AS erasedAt FROM contacts").get() as
      { id: number; email: string; name: string | null; erasedAt: number | null } | undefined;
  } finally {
    sqlite.close();
  }
}

describe("npm run cli -- contact export|erase", { timeout: 60_000 }, () => {
  const email = "hanako.cli@example.co.jp";

  it("exports as JSON, refuses to erase without --yes, erases with it, and then finds no one", async () => {
    const { sqlite } = openDb(file);
    const accountId = Number(
      sqlite
        .prepare(
          "INSERT INTO accounts (external_id, name, acv_amount, acv_currency, segment, start_date) VALUES ('cli-1', 'CLI Corp', 100, 'JPY', 'low', '2024-01-01')",
        )
        .run().lastInsertRowid,
    );
    sqlite.prepare("INSERT INTO contacts (email, name, account_id) VALUES (?, '佐藤 花子', ?)").run(email, accountId);
    sqlite.close();

    const exported = await cli(["contact", "export", email.toUpperCase()]);
    expect(exported.code).toBe(0);
    const data = JSON.parse(exported.stdout);
    expect(data.contact).toMatchObject({ email, name: "佐藤 花子", account: { name: "CLI Corp" } });
    expect(data.summary).toContain("Personal data held by Kizuna");

    const out = join(dir, "export.json");
    const toFile = await cli(["contact", "export", email, "--out", out]);
    expect(toFile.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).contact.email).toBe(email);
    expect(statSync(out).mode & 0o077).toBe(0);

    const unconfirmed = await cli(["contact", "erase", email]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain("--yes");
    expect(contactRow()).toMatchObject({ email, erasedAt: null });

    const erased = await cli(["contact", "erase", email, "--yes"]);
    expect(erased.code).toBe(0);
    expect(erased.stdout).toContain("do-not-contact");
    const row = contactRow()!;
    expect(row.email).not.toBe(email);
    expect(row.name).toBeNull();
    expect(row.erasedAt).not.toBeNull();

    const again = await cli(["contact", "export", email]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`No contact has the address ${email}`);
  });

  it("documents both commands in the help", async () => {
    const { code, stdout } = await cli(["help", "contact", "erase"]);
    expect(code).toBe(0);
    expect(stdout).toContain("contact erase EMAIL [--delete-posts] --yes");
  });
});
