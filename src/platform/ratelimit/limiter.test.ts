import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { uniqueSuffix } from '../../../test/factories/index.js';
import { fixedClock } from '../clock.js';
import { createRateLimiter, databaseRateLimitStore, redisClientOptions, redisRateLimitStore, type RateLimitStore } from './limiter.js';

async function exerciseSharedLimit(makeStore: () => RateLimitStore) {
  const clock = fixedClock('2026-12-11T10:00:10Z');
  // Two limiters on one store stand for two app processes.
  const a = createRateLimiter(makeStore(), () => clock.now());
  const b = createRateLimiter(makeStore(), () => clock.now());
  const rule = { name: `test:${uniqueSuffix()}`, limit: 5, windowSeconds: 60 };
  const results = [];
  for (let i = 0; i < 6; i++) results.push(await (i % 2 ? a : b).hit(rule, '198.51.100.7'));
  expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);
  expect(results[5]!.retryAfterSeconds).toBe(50);
  expect((await a.hit(rule, '198.51.100.8')).allowed).toBe(true);
  // peekAll reads several counters in one round trip and answers with the first refusal.
  const other = { name: `test:${uniqueSuffix()}`, limit: 2, windowSeconds: 60 };
  await a.hit(other, 'apikey:1');
  expect(await b.peekAll([{ rule, subject: '198.51.100.8' }, { rule: other, subject: 'apikey:1' }])).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 50 });
  expect(await b.peekAll([{ rule: other, subject: 'apikey:1' }, { rule, subject: '198.51.100.7' }])).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 50 });
  await b.hit(other, 'apikey:1');
  expect((await a.peekAll([{ rule: other, subject: 'apikey:1' }])).allowed).toBe(false);
  expect((await a.peek(other, 'apikey:1')).allowed).toBe(false);
  clock.advance(60_000);
  expect((await b.hit(rule, '198.51.100.7')).allowed).toBe(true);
  expect(await a.peekAll([{ rule: other, subject: 'apikey:1' }, { rule, subject: '198.51.100.7' }])).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 50 });
}

describeEachDatabase('rate limits in the database', (ctx) => {
  it('counts hits across processes within a window', async () => {
    await exerciseSharedLimit(() => databaseRateLimitStore(ctx().services.db));
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
describe('rate limits in Redis', () => {
  if (!redisUrl) {
    it('is skipped: TEST_REDIS_URL is not set (CI sets it to the machine’s Redis)', () => {
      process.stdout.write('[torget] Redis rate-limit test skipped: TEST_REDIS_URL is not set.\n');
    });
    return;
  }
  it('counts hits across processes within a window', async () => {
    const clients: Redis[] = [];
    try {
      await exerciseSharedLimit(() => {
        const r = new Redis(redisUrl, redisClientOptions);
        clients.push(r);
        return redisRateLimitStore(r);
      });
    } finally {
      for (const c of clients) c.disconnect();
    }
  });
});
