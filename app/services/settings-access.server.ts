import { can } from "../domain/permissions";
import type { StaffUser } from "../models/user.server";

/** A refused settings change, with the message to show and the HTTP status. */
export class SettingsError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403,
  ) {
    super(message);
  }
}

/** Every settings service checks this first, whatever the route already checked. */
export function assertMayChangeSettings(actor: StaffUser, what = "changing settings") {
  if (!can(actor.role, "manage:settings:any")) throw new SettingsError(`Your role (${actor.role}) does not allow ${what}.`, 403);
}
