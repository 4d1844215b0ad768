/**
 * Fixed-window rate limits whose counters are shared by every app process: in the
 * database by default, in Redis when configured. Used where guessing pays (logins,
 * codes, magic links).
 */
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../db/database.js';
import { rateLimitCounters } from './schema.js';

export interface RateLimitRule {
  /** Stable name, part of the counter key, e.g. 'login:ip'. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window resets. */
  retryAfterSeconds: number;
}

export interface RateLimitStore {
  /** Adds one hit and returns the count in the current window. */
  increment(key: string, windowStart: Date, windowSeconds: number): Promise<number>;
}

export interface RateLimiter {
  hit(rule: RateLimitRule, subject: string): Promise<RateLimitResult>;
}

export function createRateLimiter(store: RateLimitStore, now: () => Date = () => new Date()): RateLimiter {
  return {
    async hit(rule, subject) {
      const nowMs = now().getTime();
      const windowMs = rule.windowSeconds * 1000;
      const windowStart = new Date(Math.floor(nowMs / windowMs) * windowMs);
      const count = await store.increment(`${rule.name}:${subject}`, windowStart, rule.windowSeconds);
      return {
        allowed: count <= rule.limit,
        remaining: Math.max(0, rule.limit - count),
        retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - nowMs) / 1000)),
      };
    },
  };
}

export function databaseRateLimitStore(db: Db): RateLimitStore {
  return {
    async increment(key, windowStart, windowSeconds) {
      const expiresAt = new Date(windowStart.getTime() + windowSeconds * 1000);
      const rows = await db
        .insert(rateLimitCounters)
        .values({ key, windowStart, count: 1, expiresAt })
        .onConflictDoUpdate({ target: [rateLimitCounters.key, rateLimitCounters.windowStart], set: { count: sql`${rateLimitCounters.count} + 1` } })
        .returning({ count: rateLimitCounters.count });
      return rows[0]?.count ?? 1;
    },
  };
}

export function redisRateLimitStore(redis: Redis): RateLimitStore {
  return {
    async increment(key, windowStart, windowSeconds) {
      const redisKey = `torget:rl:${key}:${windowStart.getTime()}`;
      const results = await redis.multi().incr(redisKey).expire(redisKey, windowSeconds + 5).exec();
      const count = results?.[0]?.[1];
      return typeof count === 'number' ? count : Number(count ?? 1);
    },
  };
}

/** Deletes expired counters; run by a scheduled job. */
export async function pruneRateLimitCounters(db: Db, now = new Date()): Promise<number> {
  const rows = await db.delete(rateLimitCounters).where(sql`${rateLimitCounters.expiresAt} < ${now}`).returning({ key: rateLimitCounters.key });
  return rows.length;
}
