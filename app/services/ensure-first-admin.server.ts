import { randomBytes } from "node:crypto";
import { users } from "../../db/schema";
import { audit } from "../models/audit.server";
import { countActiveAdmins } from "../models/user.server";
import { db } from "../utils/db.server";
import { hashPassword } from "../utils/password.server";

export const FIRST_ADMIN_EMAIL = "admin@kizuna.localhost";

/**
 * When no active admin exists (a new database, or one with only CSMs created by the CLI),
 * creates the first admin with a random password returned once.
 */
export async function ensureFirstAdmin(): Promise<{ email: string; password: string } | null> {
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
  return { email: FIRST_ADMIN_EMAIL, password };
}
