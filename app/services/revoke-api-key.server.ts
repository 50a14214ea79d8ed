import { z } from "zod";
import { ServiceError } from "../domain/service-error";
import { findApiKeyById, setApiKeyRevoked } from "../models/api-key.server";
import { audit } from "../models/audit.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { assertCan } from "./actor.server";

const KeyId = z.number().int().positive();

/** Revokes an API key at once: the next request with it gets 401. Audited. */
export function revokeApiKey(actor: StaffUser, keyId: number, ip?: string): { name: string; prefix: string } {
  const id = KeyId.parse(keyId);
  assertCan({ user: actor }, "manage:api-key:any");
  return transaction((tx) => {
    const key = findApiKeyById(id, tx);
    if (!key) throw new ServiceError(404, "apiKeyNotFound");
    if (!setApiKeyRevoked(tx, id, new Date())) throw new ServiceError(409, "apiKeyAlreadyRevoked", { name: key.name, prefix: key.prefix });
    audit({ actorUserId: actor.id, action: "api_key.revoked", entity: "api_key", entityId: id, ip, detail: { name: key.name, prefix: key.prefix } });
    return { name: key.name, prefix: key.prefix };
  });
}
