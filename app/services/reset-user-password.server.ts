import { z } from "zod";
import { audit } from "../models/audit.server";
import { deleteStaffSessions, updateUserPasswordHash, type StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { assertCan } from "./actor.server";
import { NewPassword } from "../domain/staff-users";
import { hashPassword } from "../utils/password.server";
import { loadTargetUser } from "./staff-user-admin.server";

export const ResetUserPassword = z.object({
  userId: z.coerce.number().int().positive(),
  password: NewPassword(),
});

/**
 * Sets a new password for a console user and signs them out everywhere (a reset usually means
 * the old password may be known to someone else). An admin resetting their own password keeps
 * the session they are using (`keepSessionId`).
 */
export async function resetUserPassword(
  actor: StaffUser,
  input: { userId: number; password: string },
  options: { ip?: string; keepSessionId?: string } = {},
): Promise<void> {
  const { userId, password } = ResetUserPassword.parse(input);
  assertCan({ user: actor }, "manage:user:any");
  // Hashing is slow and async: do it before the transaction opens.
  const passwordHash = await hashPassword(password);
  transaction((tx) => {
    const target = loadTargetUser(userId, tx);
    updateUserPasswordHash(tx, target.id, passwordHash);
    deleteStaffSessions(tx, target.id, target.id === actor.id ? options.keepSessionId : undefined);
    audit({ actorUserId: actor.id, action: "user.password_reset", entity: "user", entityId: target.id, ip: options.ip }, tx);
  });
}
