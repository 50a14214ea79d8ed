import type { StaffUser } from "../models/user.server";
import { assertCan } from "./actor.server";

/** Every settings service checks this first, whatever the route already checked. */
export function assertMayChangeSettings(actor: StaffUser) {
  assertCan({ user: actor }, "manage:settings:any");
}
