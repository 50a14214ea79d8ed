import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { users } from "../../db/schema";
import { audit } from "../models/audit.server";
import { countActiveAdmins } from "../models/user.server";
import { db } from "../utils/db.server";
import { env } from "../utils/env.server";
import { hashPassword } from "../utils/password.server";

export const FIRST_ADMIN_EMAIL = "admin@kizuna.localhost";

/** Beside the database (`data/first-admin-password`), like the session secret. */
export function firstAdminPasswordPath(databaseFile: string): string {
  return join(databaseFile === ":memory:" ? "data" : dirname(databaseFile), "first-admin-password");
}

/**
 * Writes the password to a file only this user can read (0600). Logs are kept, shipped and
 * shared; a password printed there outlives the reason to print it. An older file is replaced,
 * never reused with looser permissions.
 */
function savePassword(file: string, email: string, password: string, now: Date) {
  mkdirSync(dirname(file), { recursive: true });
  rmSync(file, { force: true });
  const text = [
    `Kizuna's first admin, created ${now.toISOString()}.`,
    "Sign in at /cs/login, then delete this file.",
    "",
    `email:    ${email}`,
    `password: ${password}`,
    "",
  ].join("\n");
  writeFileSync(file, text, { mode: 0o600, flag: "wx" });
}

/**
 * When no active admin exists (a new database, or one with only CSMs created by the CLI),
 * creates the first admin with a random password, written to a 0600 file beside the database.
 * Returns the address and that file's path (the password itself is never returned to be printed).
 */
export async function ensureFirstAdmin(now = new Date()): Promise<{ email: string; passwordFile: string } | null> {
  if (countActiveAdmins() > 0) return null;
  const password = randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(password);
  const created = db
    .insert(users)
    .values({ email: FIRST_ADMIN_EMAIL, name: "Kizuna Admin", role: "admin", passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id })
    .get();
  if (!created) return null;
  audit({ action: "user.created", entity: "user", entityId: created.id, detail: { role: "admin", by: "first start" } });
  const passwordFile = firstAdminPasswordPath(env().databaseFile);
  savePassword(passwordFile, FIRST_ADMIN_EMAIL, password, now);
  return { email: FIRST_ADMIN_EMAIL, passwordFile };
}

/** The lines start-up and the CLI print: where the password is, never the password. */
export function firstAdminNotice(admin: { email: string; passwordFile: string }): string[] {
  return [
    `Created the first admin, ${admin.email}. Its password is in ${admin.passwordFile}`,
    "  (readable only by this user): sign in at /cs/login, then delete the file.",
  ];
}
