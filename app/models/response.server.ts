import { and, between, desc, eq, gt, inArray, max, min } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditLog, responseChanges, responses } from "../../db/schema";
import { db } from "../utils/db.server";

/**
 * What a respondent said yes or no to on the thank-you page. Kept as audit entries on the
 * response (who, when, from where), the latest entry winning, so a change of mind is history.
 */
export const CONSENT_ACTIONS = { reference: "nps.reference_consent", contact: "nps.contact_consent" } as const;
export type ConsentKind = keyof typeof CONSENT_ACTIONS;

export function findResponseConsents(responseId: number): Record<ConsentKind, boolean | null> {
  const rows = db
    .select({ action: auditLog.action, detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.entity, "response"), eq(auditLog.entityId, String(responseId)), inArray(auditLog.action, Object.values(CONSENT_ACTIONS))))
    .orderBy(desc(auditLog.id))
    .all();
  const latest = (kind: ConsentKind) => {
    const row = rows.find((r) => r.action === CONSENT_ACTIONS[kind]);
    return row ? row.detail?.value === true : null;
  };
  return { reference: latest("reference"), contact: latest("contact") };
}

/** Earlier answers to one response, newest first. */
export function listResponseChanges(responseId: number) {
  return db
    .select({ score: responseChanges.score, comment: responseChanges.comment, changedAt: responseChanges.changedAt })
    .from(responseChanges)
    .where(eq(responseChanges.responseId, responseId))
    .orderBy(desc(responseChanges.id))
    .all();
}

export function responseExists(responseId: number, conn: Db = db): boolean {
  return conn.select({ id: responses.id }).from(responses).where(eq(responses.id, responseId)).get() !== undefined;
}

/** The comments of the responses with ids in [fromId, toId], read by the primary key's range. */
export function listCommentsInIdRange(conn: Db, fromId: number, toId: number): { id: number; comment: string | null }[] {
  return conn
    .select({ id: responses.id, comment: responses.comment })
    .from(responses)
    .where(between(responses.id, fromId, toId))
    .all();
}

export function maxResponseId(conn: Db = db): number | null {
  return (
    conn
      .select({ id: max(responses.id) })
      .from(responses)
      .get()?.id ?? null
  );
}

/** The next response id above `afterId`, or null: one index lookup however many ids were deleted. */
export function nextResponseIdAfter(afterId: number, conn: Db = db): number | null {
  return (
    conn
      .select({ id: min(responses.id) })
      .from(responses)
      .where(gt(responses.id, afterId))
      .get()?.id ?? null
  );
}
