import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Who changed what, when and from where. Append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cityId: uuid('city_id'),
    /** 'user:<uuid>', 'apikey:<uuid>', 'cli:<os user>' or 'system'. */
    actor: text('actor').notNull(),
    action: text('action').notNull(), // e.g. 'business.update'
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    /** What changed; never secrets. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
    requestId: text('request_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_city_idx').on(t.cityId, t.createdAt), index('audit_entity_idx').on(t.entityType, t.entityId)],
);
