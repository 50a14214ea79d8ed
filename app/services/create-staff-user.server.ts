import { users } from "../../db/schema";
import { NewStaffUser } from "../domain/staff-users";
import { audit } from "../models/audit.server";
import { findUserByEmail } from "../models/user.server";
import { db } from "../utils/db.server";
import { hashPassword } from "../utils/password.server";

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
