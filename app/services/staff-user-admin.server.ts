import type { Db } from "../../db/client";
import { ServiceError } from "../domain/service-error";
import { countActiveAdmins, findUserById, type StaffUser } from "../models/user.server";

export function loadTargetUser(id: number, conn: Db) {
  const user = findUserById(id, conn);
  if (!user) throw new ServiceError(404, "userNotFound");
  return user;
}

/**
 * Run inside the transaction, after the change: if it left no active admin, throwing rolls the
 * change back. Checking after writing (in one IMMEDIATE transaction) also covers two admins
 * demoting each other at the same moment.
 */
export function assertAnActiveAdminRemains(tx: Db, actor: StaffUser, target: { id: number; name: string }, change: "demote" | "disable") {
  if (countActiveAdmins(tx) > 0) return;
  const self = actor.id === target.id;
  const code = change === "demote" ? (self ? "lastAdminSelfDemote" : "lastAdminDemote") : self ? "lastAdminSelfDisable" : "lastAdminDisable";
  throw new ServiceError(400, code, { name: target.name });
}
