import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiKeys, users } from "../../db/schema";
import { db } from "../utils/db.server";

/** Keys for the console list, newest first; never the hash. */
export function listApiKeys() {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      createdByName: users.name,
      createdByEmail: users.email,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .orderBy(desc(apiKeys.id))
    .all();
}

export function findApiKeyById(id: number, conn: Db = db) {
  return conn
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.id, id))
    .get();
}

/** Looks a presented key up by its SHA-256: an index lookup, so no secret is compared byte by byte. */
export function findApiKeyByHash(keyHash: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, keyHash))
    .get();
}

/** Records use at most once per `everyMs`, so busy keys do not write on every request. */
export function markApiKeyUsed(id: number, now: Date, everyMs = 60_000) {
  db.update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - everyMs)))))
    .run();
}

/** Revokes a key that is not revoked yet; false when it already was. */
export function setApiKeyRevoked(tx: Db, id: number, now: Date): boolean {
  return (
    tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .run().changes === 1
  );
}
