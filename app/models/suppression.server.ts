import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { suppressions } from "../../db/schema";
import { db } from "../utils/db.server";

export type SuppressionReason = (typeof suppressions.$inferSelect)["reason"];

/**
 * Puts an address on the suppression list (hard bounce or spam complaint) with the caller's
 * transaction. The first reason stays: a later event for the same address changes nothing.
 */
export function suppressAddress(tx: Db, email: string, reason: SuppressionReason, detail: string | null, now = Date.now()): boolean {
  const inserted = tx
    .insert(suppressions)
    .values({ email: email.trim().toLowerCase(), reason, detail: detail?.slice(0, 500) ?? null, createdAt: now })
    .onConflictDoNothing()
    .run();
  return inserted.changes === 1;
}

export function findSuppression(email: string, conn: Db = db) {
  return conn.select().from(suppressions).where(eq(suppressions.email, email.trim().toLowerCase())).get();
}
