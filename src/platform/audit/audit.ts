/** Append-only record of every change an admin, merchant, key or CLI user makes. */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Actor } from '../auth/roles.js';
import type { Db, Executor } from '../db/database.js';
import { auditLog } from './schema.js';

export interface AuditEntry {
  cityId: string | null;
  actor: Pick<Actor, 'label'>;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
  requestId?: string | null;
}

export type AuditLog = ReturnType<typeof createAuditLog>;

export function createAuditLog(db: Db) {
  return {
    /** Writes in the caller's transaction when given one, so the record commits with the change. */
    async record(entry: AuditEntry, ex: Executor = db): Promise<void> {
      await ex.insert(auditLog).values({
        cityId: entry.cityId,
        actor: entry.actor.label,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        data: entry.data ?? {},
        ip: entry.ip ?? null,
        requestId: entry.requestId ?? null,
      });
    },
    async list(cityId: string, options: { limit?: number; before?: number; entityType?: string; entityId?: string } = {}) {
      return db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.cityId, cityId),
            options.before ? lt(auditLog.id, options.before) : undefined,
            options.entityType ? eq(auditLog.entityType, options.entityType) : undefined,
            options.entityId ? eq(auditLog.entityId, options.entityId) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(Math.min(options.limit ?? 50, 500));
    },
  };
}
