import { z } from "zod";
import { fieldMessage, refusalOfIssue } from "../domain/field-message";
import { ServiceError } from "../domain/service-error";
import { NewPassword } from "../domain/staff-users";
import { audit } from "../models/audit.server";
import { deleteStaffSessions, findActivePasswordHash, updateUserPasswordHash, type StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { hashPassword, verifyPassword } from "../utils/password.server";
import { hit, refund } from "../utils/rate-limit.server";

export const ChangeOwnPassword = z.object({
  currentPassword: z.string(fieldMessage("passwordCurrent")).min(1, fieldMessage("passwordCurrent")).max(1024),
  password: NewPassword(fieldMessage("passwordEnter")),
});

/**
 * Wrong current passwords from one person's sessions, like failed sign-ins (docs/decisions/005):
 * someone holding a stolen session cannot guess the password behind it at speed.
 */
export const PASSWORD_CHANGE_LIMIT = { limit: 5, windowMs: 15 * 60_000 };

/**
 * A signed-in person changes their own password: the current one is required (a session left
 * open on a shared computer is not enough), the new one follows the same rules as everywhere.
 * Every other session of theirs is signed out; the one making the change stays. Each attempt
 * counts against the limit before the password is checked (parallel guesses cannot slip past it)
 * and is refunded when it succeeds. Audited, success or not, never with a password.
 */
export async function changeOwnPassword(
  actor: StaffUser,
  input: { currentPassword: string; password: string },
  options: { ip?: string; keepSessionId?: string; now?: number } = {},
): Promise<void> {
  const parsed = ChangeOwnPassword.safeParse(input);
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  const now = options.now ?? Date.now();
  const key = `staff-password-change:user:${actor.id}`;
  const attempt = hit(key, PASSWORD_CHANGE_LIMIT, now);
  if (!attempt.ok) {
    audit({ actorUserId: actor.id, action: "user.password_change_throttled", entity: "user", entityId: actor.id, ip: options.ip });
    throw new ServiceError(429, "passwordChangeTooMany", { count: Math.ceil(attempt.retryAfterSeconds / 60) });
  }
  const valid = await verifyPassword(findActivePasswordHash(actor.id), parsed.data.currentPassword);
  if (!valid) {
    audit({ actorUserId: actor.id, action: "user.password_change_failed", entity: "user", entityId: actor.id, ip: options.ip });
    throw new ServiceError(400, "passwordCurrentWrong", {}, "currentPassword");
  }
  refund(key, now);
  // Hashing is slow and async: do it before the transaction opens.
  const passwordHash = await hashPassword(parsed.data.password);
  transaction((tx) => {
    updateUserPasswordHash(tx, actor.id, passwordHash);
    deleteStaffSessions(tx, actor.id, options.keepSessionId);
    audit({ actorUserId: actor.id, action: "user.password_changed", entity: "user", entityId: actor.id, ip: options.ip }, tx);
  });
}
