/**
 * Fixed-window rate limits whose counters are shared by every app process: in the
 * database by default, in Redis when configured. Used where guessing pays (logins,
 * codes, magic links).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../db/database.js';
import { namedStatement } from '../db/statement.js';
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
  /** The count in the current window, without adding to it. */
  read(key: string, windowStart: Date): Promise<number>;
  /** The counts of several counters in one round trip, in the order asked. */
  readMany(counters: Array<{ key: string; windowStart: Date }>): Promise<number[]>;
}

export interface RateLimiter {
  /** Counts one attempt. */
  hit(rule: RateLimitRule, subject: string): Promise<RateLimitResult>;
  /** Whether one more attempt would be allowed, without counting one (check before costly or revealing work). */
  peek(rule: RateLimitRule, subject: string): Promise<RateLimitResult>;
  /** `peek` for several subjects at once (one round trip): the first refusal, or allowed. */
  peekAll(checks: Array<{ rule: RateLimitRule; subject: string }>): Promise<RateLimitResult>;
}

export function createRateLimiter(store: RateLimitStore, now: () => Date = () => new Date()): RateLimiter {
  const windowOf = (rule: RateLimitRule) => {
    const nowMs = now().getTime();
    const windowMs = rule.windowSeconds * 1000;
    const start = new Date(Math.floor(nowMs / windowMs) * windowMs);
    return { start, retryAfterSeconds: Math.max(1, Math.ceil((start.getTime() + windowMs - nowMs) / 1000)) };
  };
  return {
    async hit(rule, subject) {
      const w = windowOf(rule);
      const count = await store.increment(`${rule.name}:${subject}`, w.start, rule.windowSeconds);
      return { allowed: count <= rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds: w.retryAfterSeconds };
    },
    async peek(rule, subject) {
      const w = windowOf(rule);
      const count = await store.read(`${rule.name}:${subject}`, w.start);
      return { allowed: count < rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds: w.retryAfterSeconds };
    },
    async peekAll(checks) {
      const windows = checks.map((c) => windowOf(c.rule));
      const counts = await store.readMany(checks.map((c, i) => ({ key: `${c.rule.name}:${c.subject}`, windowStart: windows[i]!.start })));
      const results = checks.map((c, i) => ({ allowed: counts[i]! < c.rule.limit, remaining: Math.max(0, c.rule.limit - counts[i]!), retryAfterSeconds: windows[i]!.retryAfterSeconds }));
      return results.find((r) => !r.allowed) ?? results.reduce((least, r) => (r.remaining < least.remaining ? r : least), { allowed: true, remaining: Infinity, retryAfterSeconds: 0 });
    },
  };
}

export function databaseRateLimitStore(db: Db): RateLimitStore {
  // Every code look-up asks this before it runs: parsed once per connection.
  const readCounters = namedStatement<{ key: string; window_start: Date | string; count: number }>(
    db,
    'ratelimit_read_counters',
    'select c.key, c.window_start, c.count from unnest($1::text[], $2::timestamptz[]) as wanted (key, window_start) join rate_limit_counters c on c.key = wanted.key and c.window_start = wanted.window_start',
  );
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
    async read(key, windowStart) {
      const [row] = await db.select({ count: rateLimitCounters.count }).from(rateLimitCounters).where(and(eq(rateLimitCounters.key, key), eq(rateLimitCounters.windowStart, windowStart)));
      return row?.count ?? 0;
    },
    async readMany(counters) {
      const rows = await readCounters([counters.map((c) => c.key), counters.map((c) => c.windowStart.toISOString())]);
      return counters.map((c) => rows.find((r) => r.key === c.key && new Date(r.window_start).getTime() === c.windowStart.getTime())?.count ?? 0);
    },
  };
}

/**
 * How the counters' Redis client is made: auto-pipelining sends the guard's reads from
 * requests in flight at once in one write (one system call instead of one each).
 */
export const redisClientOptions = { maxRetriesPerRequest: 2, enableAutoPipelining: true } as const;

export function redisRateLimitStore(redis: Redis): RateLimitStore {
  return {
    async increment(key, windowStart, windowSeconds) {
      const redisKey = `torget:rl:${key}:${windowStart.getTime()}`;
      const results = await redis.multi().incr(redisKey).expire(redisKey, windowSeconds + 5).exec();
      const count = results?.[0]?.[1];
      return typeof count === 'number' ? count : Number(count ?? 1);
    },
    async read(key, windowStart) {
      return Number((await redis.get(`torget:rl:${key}:${windowStart.getTime()}`)) ?? 0);
    },
    async readMany(counters) {
      if (counters.length === 0) return [];
      return (await redis.mget(counters.map((c) => `torget:rl:${c.key}:${c.windowStart.getTime()}`))).map((v) => Number(v ?? 0));
    },
  };
}

/** Deletes expired counters; run by a scheduled job. */
export async function pruneRateLimitCounters(db: Db, now = new Date()): Promise<number> {
  const rows = await db.delete(rateLimitCounters).where(sql`${rateLimitCounters.expiresAt} < ${now}`).returning({ key: rateLimitCounters.key });
  return rows.length;
}
