/**
 * The store behind `Idempotency-Key`: the first request with a key claims a row
 * ('in_progress'), its response is saved ('done') and replayed to every retry with the
 * same request. A row left in progress by a crashed process may be taken over once its
 * lock has run out. Keys are kept at least 24 hours.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { idempotencyKeys } from './schema.js';

export type BeginResult =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;

/** How long a claimed key is presumed alive; a longer request may see a second run (see README). */
export const DEFAULT_LOCK_SECONDS = 60;
/** Keys younger than this are never pruned: clients may retry for a day. */
export const MIN_RETENTION_HOURS = 24;

export function createIdempotencyStore(deps: { db: Db; clock: Clock; lockSeconds?: number }) {
  const { db, clock } = deps;
  const lockMs = (deps.lockSeconds ?? DEFAULT_LOCK_SECONDS) * 1000;
  const where = (scope: string, key: string) => and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));

  return {
    /**
     * Claims `key` in `scope` for a request whose hash is `requestHash`. 'new' means the
     * caller runs the request and must then `complete` or `abandon` the key.
     */
    async begin(scope: string, key: string, requestHash: string): Promise<BeginResult> {
      // A few rounds: the row may be abandoned or taken over between our statements.
      for (let attempt = 0; attempt < 3; attempt++) {
        const now = clock.now();
        const lockedUntil = new Date(now.getTime() + lockMs);
        const inserted = await db
          .insert(idempotencyKeys)
          .values({ scope, key, requestHash, status: 'in_progress', createdAt: now, lockedUntil })
          .onConflictDoNothing()
          .returning({ key: idempotencyKeys.key });
        if (inserted.length > 0) return { kind: 'new' };

        const [row] = await db.select().from(idempotencyKeys).where(where(scope, key));
        if (!row) continue; // abandoned meanwhile: try to claim it again
        if (row.requestHash !== requestHash) return { kind: 'mismatch' };
        if (row.status === 'done') return { kind: 'replay', status: row.responseStatus ?? 200, body: row.responseBody };
        if (row.lockedUntil && row.lockedUntil > now) return { kind: 'in_progress' };

        // Stuck past its lock (the process died): the first to move the lock wins.
        const taken = await db
          .update(idempotencyKeys)
          .set({ lockedUntil })
          .where(and(where(scope, key), eq(idempotencyKeys.status, 'in_progress'), sql`(${idempotencyKeys.lockedUntil} is null or ${idempotencyKeys.lockedUntil} <= ${now})`))
          .returning({ key: idempotencyKeys.key });
        if (taken.length > 0) return { kind: 'new' };
      }
      return { kind: 'in_progress' };
    },

    /** Saves the response to replay to later requests with the same key. */
    async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
      await db
        .update(idempotencyKeys)
        .set({ status: 'done', responseStatus: status, responseBody: body ?? null, lockedUntil: null })
        .where(where(scope, key));
    },

    /** Forgets a key still in progress (the request failed on our side), so a retry runs again. */
    async abandon(scope: string, key: string): Promise<void> {
      await db.delete(idempotencyKeys).where(and(where(scope, key), eq(idempotencyKeys.status, 'in_progress')));
    },

    /** Deletes keys older than `olderThanHours` (never fewer than 24); returns how many. */
    async prune(olderThanHours = 48): Promise<number> {
      const hours = Math.max(MIN_RETENTION_HOURS, olderThanHours);
      const cutoff = new Date(clock.now().getTime() - hours * 3600_000);
      const rows = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff)).returning({ key: idempotencyKeys.key });
      return rows.length;
    },
  };
}

