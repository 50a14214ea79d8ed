import { and, asc, desc, eq, gt, isNull, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import { auditLog, contacts, users } from "../../db/schema";
import type { AuditAction } from "../domain/audit-actions";
import { db } from "../utils/db.server";

export type AuditEntry = {
  actorUserId?: number | null;
  /** A code from the registry (app/domain/audit-actions.ts), so every action has a name people read. */
  action: AuditAction;
  entity?: string;
  entityId?: string | number;
  ip?: string;
  detail?: Record<string, unknown>;
};

/** Records one entry; pass the transaction handle when the entry must commit with the change. */
export function audit(entry: AuditEntry, conn: Db = db) {
  conn
    .insert(auditLog)
    .values({
      actorUserId: entry.actorUserId ?? null,
      action: entry.action,
      entity: entry.entity ?? null,
      entityId: entry.entityId === undefined ? null : String(entry.entityId),
      ip: entry.ip ?? null,
      detail: entry.detail ?? null,
    })
    .run();
}

export function recentAudit(limit = 100) {
  return db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
}

/** `"none"` selects entries without a staff actor: customers, the CLI, the system. */
export type AuditFilter = { action?: string; actor?: number | "none"; entity?: string; entityId?: string | number };
export type AuditPage = { before?: number; after?: number; limit?: number };

const actor = alias(users, "actor");
const targetUser = alias(users, "target_user");

function filterClauses(filter: AuditFilter): SQL[] {
  const clauses: SQL[] = [];
  if (filter.action) clauses.push(eq(auditLog.action, filter.action));
  if (filter.actor === "none") clauses.push(isNull(auditLog.actorUserId));
  else if (filter.actor !== undefined) clauses.push(eq(auditLog.actorUserId, filter.actor));
  if (filter.entity) clauses.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId !== undefined) clauses.push(eq(auditLog.entityId, String(filter.entityId)));
  return clauses;
}

function existsWhere(clauses: SQL[]): boolean {
  return (
    db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(...clauses))
      .limit(1)
      .get() !== undefined
  );
}

/**
 * Newest first, keyset-paginated on the id (ids grow with time): `before` pages to older
 * entries, `after` back to newer ones. Each entry names its actor and, for users and contacts,
 * its subject, so the page reads as sentences rather than ids.
 */
export function listAudit(filter: AuditFilter = {}, page: AuditPage = {}) {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
  const clauses = filterClauses(filter);
  const newerFirst = page.after === undefined;
  const cursor = page.after !== undefined ? gt(auditLog.id, page.after) : page.before !== undefined ? lt(auditLog.id, page.before) : undefined;
  const rows = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      ip: auditLog.ip,
      detail: auditLog.detail,
      actorUserId: auditLog.actorUserId,
      actorName: actor.name,
      actorEmail: actor.email,
      targetUserName: targetUser.name,
      targetUserEmail: targetUser.email,
      contactEmail: contacts.email,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorUserId))
    .leftJoin(targetUser, and(eq(auditLog.entity, "user"), eq(targetUser.id, sql`cast(${auditLog.entityId} as integer)`)))
    .leftJoin(contacts, and(eq(auditLog.entity, "contact"), eq(contacts.id, sql`cast(${auditLog.entityId} as integer)`)))
    .where(and(...clauses, cursor))
    .orderBy(newerFirst ? desc(auditLog.id) : asc(auditLog.id))
    .limit(limit)
    .all();
  const entries = newerFirst ? rows : rows.reverse();
  const newest = entries[0]?.id;
  const oldest = entries[entries.length - 1]?.id;
  return {
    entries,
    newerCursor: newest !== undefined && existsWhere([...clauses, gt(auditLog.id, newest)]) ? newest : null,
    olderCursor: oldest !== undefined && existsWhere([...clauses, lt(auditLog.id, oldest)]) ? oldest : null,
  };
}

export type AuditListEntry = ReturnType<typeof listAudit>["entries"][number];

/** The actions that occur in the log, for the filter menu. */
export function listAuditActions(): string[] {
  return db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .orderBy(asc(auditLog.action))
    .all()
    .map((row) => row.action);
}
