import { z } from "zod";
import { users } from "../../db/schema";
import { ROLES } from "../domain/permissions";
import { audit } from "../models/audit.server";
import { findUserByEmail, normalizeEmail } from "../models/user.server";
import { db } from "../utils/db.server";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../utils/password.server";

export const NewStaffUser = z.object({
  email: z.string().trim().pipe(z.email("Enter a valid email address.")).transform(normalizeEmail),
  name: z.string().trim().min(1, "Enter a name.").max(120),
  role: z.enum(ROLES, "Choose admin, csm or viewer."),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1024),
});
export type NewStaffUser = z.infer<typeof NewStaffUser>;

export class DuplicateUserError extends Error {
  constructor(email: string) {
    super(`A user with the email ${email} already exists.`);
  }
}

/** Creates a console user (by an admin, or by the CLI when `actorUserId` is null). */
export async function createStaffUser(input: NewStaffUser, actorUserId: number | null) {
  const value = NewStaffUser.parse(input);
  if (findUserByEmail(value.email)) throw new DuplicateUserError(value.email);
  const passwordHash = await hashPassword(value.password);
  const created = db
    .insert(users)
    .values({ email: value.email, name: value.name, role: value.role, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email, role: users.role })
    .get();
  if (!created) throw new DuplicateUserError(value.email);
  audit({ actorUserId, action: "user.created", entity: "user", entityId: created.id, detail: { role: value.role } });
  return created;
}
