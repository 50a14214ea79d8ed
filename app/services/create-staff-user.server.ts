import { users } from "../../db/schema";
import { NewStaffUser } from "../domain/staff-users";
import { audit } from "../models/audit.server";
import { findUserByEmail } from "../models/user.server";
import { db } from "../utils/db.server";
import { hashPassword } from "../utils/password.server";
import { ServiceError } from "../domain/service-error";
import { assertCan, auditActorFields, type Actor } from "./actor.server";

/** Creates a console user (by an admin, or by the operator at the command line). */
export async function createStaffUser(input: NewStaffUser, actor: Actor) {
  assertCan(actor, "manage:user:any");
  const value = NewStaffUser.parse(input);
  const duplicate = () => new ServiceError(409, "userDuplicateEmail", { email: value.email }, "email");
  if (findUserByEmail(value.email)) throw duplicate();
  const passwordHash = await hashPassword(value.password);
  const created = db
    .insert(users)
    .values({ email: value.email, name: value.name, role: value.role, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email, role: users.role })
    .get();
  if (!created) throw duplicate();
  const { actorUserId, ip } = auditActorFields(actor);
  audit({ actorUserId, ip, action: "user.created", entity: "user", entityId: created.id, detail: { role: value.role } });
  return created;
}
