import { z } from "zod";
import { audit } from "../models/audit.server";
import { updateUserDisabledAt, type StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { assertCan } from "./actor.server";
import { deleteSessionsOfUser } from "../utils/session.server";
import { assertAnActiveAdminRemains, loadTargetUser } from "./staff-user-admin.server";

export const SetUserDisabled = z.object({
  userId: z.coerce.number().int().positive(),
  disabled: z.boolean(),
});

/**
 * Disables a console user (their sessions end at once, they cannot sign in) or re-enables them.
 * Refused if it would leave no active admin.
 */
export function setUserDisabled(actor: StaffUser, input: { userId: number; disabled: boolean }, ip?: string, now = Date.now()): { changed: boolean } {
  const { userId, disabled } = SetUserDisabled.parse(input);
  assertCan({ user: actor }, "manage:user:any");
  return transaction((tx) => {
    const target = loadTargetUser(userId, tx);
    if (Boolean(target.disabledAt) === disabled) return { changed: false };
    updateUserDisabledAt(tx, target.id, disabled ? new Date(now) : null);
    if (disabled) {
      if (target.role === "admin") assertAnActiveAdminRemains(tx, actor, target, "disable");
      // Same connection, so this runs inside the transaction: a rollback keeps the sessions too.
      deleteSessionsOfUser(target.id);
    }
    audit({ actorUserId: actor.id, action: disabled ? "user.disabled" : "user.enabled", entity: "user", entityId: target.id, ip }, tx);
    return { changed: true };
  });
}
