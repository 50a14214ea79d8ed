import { randomBytes } from "node:crypto";
import { apiKeys } from "../../db/schema";
import { NewApiKey } from "../domain/api-scopes";
import { audit } from "../models/audit.server";
import { sha256 } from "../utils/crypto.server";
import { db } from "../utils/db.server";
import { assertCan, auditActorFields, type Actor } from "./actor.server";

/**
 * Creates an API key and returns the secret once. The key is `kz_<prefix>_<secret>`: the
 * prefix is stored in clear to recognise a key in the console, the whole key only as SHA-256.
 */
export function createApiKey(input: NewApiKey, actor: Actor) {
  assertCan(actor, "manage:api-key:any");
  const value = NewApiKey.parse(input);
  const { actorUserId, ip } = auditActorFields(actor);
  const prefix = `kz_${randomBytes(4).toString("hex")}`;
  const key = `${prefix}_${randomBytes(24).toString("base64url")}`;
  const created = db
    .insert(apiKeys)
    .values({ name: value.name, prefix, keyHash: sha256(key), scopes: [...new Set(value.scopes)], createdByUserId: actorUserId })
    .returning({ id: apiKeys.id })
    .get();
  audit({ actorUserId, ip, action: "api_key.created", entity: "api_key", entityId: created.id, detail: { name: value.name, scopes: value.scopes, prefix } });
  return { id: created.id, prefix, key };
}
