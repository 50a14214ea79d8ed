import type { Db } from "../../db/client";
import { can } from "../domain/permissions";
import { countActiveAdmins, findUserById, type StaffUser } from "../models/user.server";

/** A refused user-management change, with the message to show the admin and the HTTP status. */
export class UserAdminError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404,
  ) {
    super(message);
  }
}

/** Services check the permission again: a route forgetting `requireStaff` must still not let it through. */
export function assertCanManageUsers(actor: StaffUser) {
  if (!can(actor.role, "manage:user:any")) {
    throw new UserAdminError(`Your role (${actor.role}) does not allow managing users.`, 403);
  }
}

export function loadTargetUser(id: number, conn: Db) {
  const user = findUserById(id, conn);
  if (!user) throw new UserAdminError("That user does not exist.", 404);
  return user;
}

/**
 * Run inside the transaction, after the change: if it left no active admin, throwing rolls the
 * change back. Checking after writing (in one IMMEDIATE transaction) also covers two admins
 * demoting each other at the same moment.
 */
export function assertAnActiveAdminRemains(tx: Db, actor: StaffUser, target: { id: number; name: string }, change: "demote" | "disable") {
  if (countActiveAdmins(tx) > 0) return;
  const verb = change === "demote" ? "change the role of" : "disable";
  throw new UserAdminError(
    actor.id === target.id
      ? `You are the last active admin, so you cannot ${change === "demote" ? "change your own role" : "disable your own account"}. Make another user an admin first.`
      : `${target.name} is the last active admin; you cannot ${verb} them. Make another user an admin first.`,
    400,
  );
}
