import { and, count, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { staffRecoveryCodes, users } from "../../db/schema";
import { db } from "../utils/db.server";

/** A person's TOTP state: the sealed secrets (never shown once enabled) and the last step accepted. */
export function findTwoFactor(userId: number) {
  return db
    .select({
      totpSecret: users.totpSecret,
      totpPendingSecret: users.totpPendingSecret,
      totpEnabledAt: users.totpEnabledAt,
      totpLastStep: users.totpLastStep,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
}

export function setPendingTotpSecret(userId: number, sealed: string | null) {
  db.update(users).set({ totpPendingSecret: sealed }).where(eq(users.id, userId)).run();
}

/** Turns TOTP on with the confirmed secret and replaces the recovery codes. */
export function enableTotp(tx: Db, userId: number, sealed: string, step: number, codeHashes: string[], now: Date) {
  tx.update(users).set({ totpSecret: sealed, totpPendingSecret: null, totpEnabledAt: now, totpLastStep: step }).where(eq(users.id, userId)).run();
  replaceRecoveryCodes(tx, userId, codeHashes);
}

/** Replaces a person's recovery codes (the old ones stop working). */
export function replaceRecoveryCodes(tx: Db, userId: number, codeHashes: string[]) {
  tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, userId)).run();
  tx.insert(staffRecoveryCodes)
    .values(codeHashes.map((codeHash) => ({ userId, codeHash })))
    .run();
}

/**
 * Records `step` as the last accepted one, only if it is later than the one stored: of two requests
 * carrying the same code, one wins this UPDATE and the other finds nothing to change.
 */
export function claimTotpStep(userId: number, step: number): boolean {
  const result = db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .run();
  return result.changes === 1;
}

/** Uses up one recovery code; false when it is not one of the person's or was used already. */
export function useRecoveryCode(userId: number, codeHash: string, now: Date): boolean {
  const result = db
    .update(staffRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(staffRecoveryCodes.userId, userId), eq(staffRecoveryCodes.codeHash, codeHash), isNull(staffRecoveryCodes.usedAt)))
    .run();
  return result.changes === 1;
}

export function countUnusedRecoveryCodes(userId: number): number {
  return (
    db
      .select({ n: count() })
      .from(staffRecoveryCodes)
      .where(and(eq(staffRecoveryCodes.userId, userId), isNull(staffRecoveryCodes.usedAt)))
      .get()?.n ?? 0
  );
}

/** Removes a person's second factor entirely (an admin's reset). */
export function clearTwoFactor(tx: Db, userId: number) {
  tx.update(users).set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, userId)).run();
  tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, userId)).run();
}
