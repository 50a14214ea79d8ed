/**
 * Permissions are `action:entity:access`, and a role is the set of permissions it grants. Every
 * grant today is `any` (every row): the CSM's "own accounts and contacts" grants were never
 * enforced by anything (no console page writes accounts or contacts; imports need `import:*`),
 * so they were removed rather than left looking like a rule. A per-owner grant comes back with
 * the service that enforces it (checking the row's owner against the actor).
 */
export const ROLES = ["admin", "csm", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export type Action = "read" | "write" | "import" | "export" | "manage" | "moderate";
export type Entity =
  "account" | "contact" | "response" | "campaign" | "case" | "user" | "api-key" | "outbox" | "settings" | "audit" | "community" | "guide" | "idea" | "revenue";
export type Access = "any";
export type Permission = `${Action}:${Entity}:${Access}`;

const READ_ALL: Permission[] = [
  "read:account:any",
  "read:contact:any",
  "read:response:any",
  "read:campaign:any",
  "read:case:any",
  "read:guide:any",
  "read:idea:any",
  // GRR, NRR and churn (the KPI page, GET /api/v1/kpis).
  "read:revenue:any",
];

const GRANTS: Record<Role, Permission[]> = {
  viewer: READ_ALL,
  // CSMs moderate the community of the customers they look after, like admins (Discourse's moderators).
  csm: [
    ...READ_ALL,
    "write:case:any",
    "write:response:any",
    "export:response:any",
    "export:contact:any",
    "moderate:community:any",
    "write:idea:any",
    // Marking churn and reactivation: the service lets a CSM do it only on accounts they own.
    "write:revenue:any",
  ],
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
    // Personal data requests (export everything about a person, erase them): admins only.
    "manage:contact:any",
    "write:campaign:any",
    "manage:user:any",
    "manage:api-key:any",
    "manage:settings:any",
    "read:outbox:any",
    "read:audit:any",
    "moderate:community:any",
    "manage:community:any",
    "write:guide:any",
    "write:idea:any",
    "write:revenue:any",
  ],
};

export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return new Set(GRANTS[role]);
}

export function can(role: Role, permission: Permission): boolean {
  return permissionsOf(role).has(permission);
}
