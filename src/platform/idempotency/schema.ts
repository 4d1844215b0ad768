import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per `Idempotency-Key` seen on a money-moving request, kept at least 24 h.
 * `scope` keeps keys of different callers and routes apart (`apikey:<id>:giftcards.redeem`).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** sha256 (hex) of method, path and the raw body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    status: text('status').$type<'in_progress' | 'done'>().notNull().default('in_progress'),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** While in progress: after this moment the request is presumed dead (a crash) and may be taken over. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_created').on(t.createdAt)],
);
