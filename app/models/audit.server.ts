import { desc } from "drizzle-orm";
import { auditLog } from "../../db/schema";
import { db } from "../utils/db.server";

export type AuditEntry = {
  actorUserId?: number | null;
  action: string;
  entity?: string;
  entityId?: string | number;
  ip?: string;
  detail?: Record<string, unknown>;
};

export function audit(entry: AuditEntry) {
  db.insert(auditLog)
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
