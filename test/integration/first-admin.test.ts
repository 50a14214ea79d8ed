import { readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { boot } from "../../app/boot.server";
import { ensureFirstAdmin, FIRST_ADMIN_EMAIL, firstAdminPasswordPath } from "../../app/services/ensure-first-admin.server";
import { findUserForSignIn } from "../../app/models/user.server";
import { users } from "../../db/schema";
import { db } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { verifyPassword } from "../../app/utils/password.server";
import { createStaff } from "../factories";
import { clearCommunity } from "../factories/community-participation";
import { captureLog } from "../setup/capture-log";

/** The password the file beside the database holds. */
function passwordInFile(file: string): string {
  const match = /^password: (\S+)$/m.exec(readFileSync(file, "utf8"));
  if (!match) throw new Error(`No password line in ${file}`);
  return match[1];
}

afterEach(() => {
  vi.restoreAllMocks();
  // Start-up loads the demo data, whose CSMs post in the community; their posts would keep their users.
  clearCommunity();
  db.delete(users).run();
});

describe("the first admin", () => {
  it("is created when only CSMs exist, and never twice", async () => {
    createStaff("csm");
    const first = await ensureFirstAdmin();
    expect(first?.email).toBe(FIRST_ADMIN_EMAIL);
    const stored = findUserForSignIn(FIRST_ADMIN_EMAIL)!;
    expect(stored.role).toBe("admin");
    expect(await verifyPassword(stored.passwordHash, passwordInFile(first!.passwordFile))).toBe(true);
    expect(await ensureFirstAdmin()).toBeNull();
  });

  it("has its password in a file beside the database that only this user can read, replacing an older one", async () => {
    const expected = firstAdminPasswordPath(env().databaseFile);
    expect(dirname(expected)).toBe(dirname(env().databaseFile));
    writeFileSync(expected, "an older file anyone could read\n", { mode: 0o644 });
    const admin = await ensureFirstAdmin();
    expect(admin?.passwordFile).toBe(expected);
    expect(statSync(expected).mode & 0o777).toBe(0o600);
    expect(readFileSync(expected, "utf8")).toContain(`email:    ${FIRST_ADMIN_EMAIL}`);
    expect(passwordInFile(expected)).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it("start-up prints where the password is, never the password", async () => {
    process.env.KIZUNA_DEMO = "0";
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    const log = captureLog("info");
    try {
      await boot("server");
    } finally {
      log.restore();
    }
    const file = join(dirname(env().databaseFile), "first-admin-password");
    const output = [...lines, log.text()].join("\n");
    expect(output).toContain(`Its password is in ${file}`);
    expect(output).not.toContain(passwordInFile(file));
  });
});
