import type { ApiScope } from "../domain/api-scopes";
import { can, type Permission } from "../domain/permissions";
import { ServiceError } from "../domain/service-error";
import type { StaffUser } from "../models/user.server";
import type { ApiKeyPrincipal } from "../utils/api.server";

/**
 * Who asks a service to do something: a console user (with the address the request came from,
 * for the audit log) or an API key. Every mutating service takes one and checks it with
 * `assertCan` before anything else, whatever the route already checked.
 */
export type StaffActor = { user: StaffUser; ip?: string };
export type ApiKeyActor = { apiKey: ApiKeyPrincipal; ip?: string };
/** The operator at the machine's command line (`cli`): they hold the database file, so nothing is refused to them. */
export type CliActor = { cli: true };
export type Actor = StaffActor | ApiKeyActor | CliActor;

export const CLI_ACTOR: CliActor = { cli: true };

/** The scope an API key needs for a permission; a permission not listed here is console-only. */
const SCOPE_FOR: Partial<Record<Permission, ApiScope>> = {
  "import:account:any": "accounts:write",
  "import:contact:any": "contacts:write",
  "write:campaign:any": "campaigns:write",
  "read:campaign:any": "campaigns:read",
  "read:contact:any": "contacts:read",
  "read:response:any": "responses:read",
  "read:guide:any": "guides:read",
  "write:guide:any": "guides:write",
  "write:revenue:any": "revenue:write",
  "read:revenue:any": "kpis:read",
};

export function isStaffActor(actor: Actor): actor is StaffActor {
  return "user" in actor;
}

/** Throws ServiceError 403 unless the actor's role grants the permission (or its key has the matching scope). */
export function assertCan(actor: Actor, permission: Permission): void {
  if ("cli" in actor) return;
  if (isStaffActor(actor)) {
    if (!can(actor.user.role, permission)) throw new ServiceError(403, "forbidden", { role: actor.user.role, permission });
    return;
  }
  const scope = SCOPE_FOR[permission];
  if (!scope) throw new ServiceError(403, "staffOnly");
  if (!actor.apiKey.scopes.includes(scope)) throw new ServiceError(403, "forbiddenScope", { scope });
}

/** What the audit log records about who acted. */
export function auditActorFields(actor: Actor): { actorUserId: number | null; ip?: string; detail?: { apiKeyId: number; apiKeyPrefix: string } } {
  if ("cli" in actor) return { actorUserId: null };
  return isStaffActor(actor)
    ? { actorUserId: actor.user.id, ip: actor.ip }
    : { actorUserId: null, ip: actor.ip, detail: { apiKeyId: actor.apiKey.id, apiKeyPrefix: actor.apiKey.prefix } };
}
