/**
 * Permissions are `action:entity:access`. `any` reaches every row; `own` only rows the user owns
 * (a CSM's own accounts and cases). A role is the set of permissions it grants.
 */
export const ROLES = ["admin", "csm", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export type Action = "read" | "write" | "import" | "export" | "manage";
export type Entity = "account" | "contact" | "response" | "campaign" | "case" | "user" | "api-key" | "outbox" | "settings" | "audit";
export type Access = "any" | "own";
export type Permission = `${Action}:${Entity}:${Access}`;

const READ_ALL: Permission[] = ["read:account:any", "read:contact:any", "read:response:any", "read:campaign:any", "read:case:any"];

const GRANTS: Record<Role, Permission[]> = {
  viewer: READ_ALL,
  csm: [...READ_ALL, "write:case:any", "write:response:any", "write:account:own", "write:contact:own", "export:response:any", "export:contact:any"],
  admin: [
    ...READ_ALL,
    "write:case:any",
    "write:response:any",
    "write:account:any",
    "write:contact:any",
    "import:account:any",
    "import:contact:any",
    "export:response:any",
    "export:contact:any",
    "write:campaign:any",
    "manage:user:any",
    "manage:api-key:any",
    "manage:settings:any",
    "read:outbox:any",
    "read:audit:any",
  ],
};

export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return new Set(GRANTS[role]);
}

/** `own` is satisfied by `any`; `any` needs `any`. */
export function can(role: Role, permission: Permission): boolean {
  const granted = permissionsOf(role);
  if (granted.has(permission)) return true;
  const [action, entity, access] = permission.split(":");
  return access === "own" && granted.has(`${action}:${entity}:any` as Permission);
}
