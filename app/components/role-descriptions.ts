import type { Role } from "../domain/permissions";

/** One line per role, for pickers and user pages. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Everything, including users, API keys, settings and the audit log",
  csm: "Reads everything, works cases and their own accounts",
  viewer: "Reads everything, changes nothing",
};
