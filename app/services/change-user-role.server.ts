import { z } from "zod";
import { ROLES, type Role } from "../domain/permissions";
import { audit } from "../models/audit.server";
import { updateUserRole, type StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { assertCan } from "./actor.server";
import { assertAnActiveAdminRemains, loadTargetUser } from "./staff-user-admin.server";

export const ChangeUserRole = z.object({
  userId: z.coerce.number().int().positive(),
  role: z.enum(ROLES, "Choose admin, csm or viewer."),
});

/** Changes a console user's role; refused if it would leave no active admin. */
export function changeUserRole(actor: StaffUser, input: { userId: number; role: Role }, ip?: string): { changed: boolean } {
  const { userId, role } = ChangeUserRole.parse(input);
  assertCan({ user: actor }, "manage:user:any");
  return transaction((tx) => {
    const target = loadTargetUser(userId, tx);
    if (target.role === role) return { changed: false };
    updateUserRole(tx, target.id, role);
    if (target.role === "admin") assertAnActiveAdminRemains(tx, actor, target, "demote");
    audit({ actorUserId: actor.id, action: "user.role_changed", entity: "user", entityId: target.id, ip, detail: { from: target.role, to: role } }, tx);
    return { changed: true };
  });
}
