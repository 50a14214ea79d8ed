import { z } from "zod";
import { can } from "../domain/permissions";
import { findApiKeyById, setApiKeyRevoked } from "../models/api-key.server";
import { audit } from "../models/audit.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";

/** A refused revocation, with the message to show and the HTTP status. */
export class ApiKeyError extends Error {
  constructor(
    message: string,
    readonly status: 403 | 404 | 409,
  ) {
    super(message);
  }
}

const KeyId = z.number().int().positive();

/** Revokes an API key at once: the next request with it gets 401. Audited. */
export function revokeApiKey(actor: StaffUser, keyId: number, ip?: string): { name: string; prefix: string } {
  const id = KeyId.parse(keyId);
  if (!can(actor.role, "manage:api-key:any")) throw new ApiKeyError(`Your role (${actor.role}) does not allow managing API keys.`, 403);
  return transaction((tx) => {
    const key = findApiKeyById(id, tx);
    if (!key) throw new ApiKeyError("That API key does not exist.", 404);
    if (!setApiKeyRevoked(tx, id, new Date())) throw new ApiKeyError(`The key ${key.name} (${key.prefix}) was already revoked.`, 409);
    audit({ actorUserId: actor.id, action: "api_key.revoked", entity: "api_key", entityId: id, ip, detail: { name: key.name, prefix: key.prefix } });
    return { name: key.name, prefix: key.prefix };
  });
}
