/**
 * Many app processes: two `torget serve` processes on one PostgreSQL and one Redis. A
 * count posted to the first reaches an SSE client connected to the second, through the
 * Redis pub/sub channel of the city. Skipped (with the reason printed) without
 * TEST_DATABASE_URL and TEST_REDIS_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl, createTestContext, type TestContext } from './harness.js';
import { apiKeyFor, insertBusiness, insertCity } from './factories/index.js';
import { readSse } from './sse.js';
import { startTorget, type TestServer } from './e2e/server.js';
import { systemActor } from '../src/platform/auth/roles.js';

const redisUrl = process.env.TEST_REDIS_URL ?? null;
const reason = !postgresUrl ? 'TEST_DATABASE_URL is not set' : !redisUrl ? 'TEST_REDIS_URL is not set' : null;
if (reason) process.stdout.write(`\n[torget] Two-process live test skipped: ${reason} (it needs PostgreSQL and Redis).\n\n`);

describe.skipIf(reason !== null)('live updates across two app processes (PostgreSQL + Redis)', () => {
  let ctx: TestContext;
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    ctx = await createTestContext('postgres');
    const env = { DATABASE_URL: postgresUrl!, REDIS_URL: redisUrl!, TORGET_JOBS: '0', TORGET_DEMO: '0', LOG_LEVEL: 'warn' };
    // One after the other: both run the (idempotent) migrations at start.
    first = await startTorget(env);
    second = await startTorget(env);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await ctx?.services.close();
  });

  it('a count posted to the first process reaches a stream on the second', async () => {
    const { services } = ctx;
    const city = await insertCity(services);
    const shop = await insertBusiness(services, city);
    await services.occupancy.configure(systemActor, city.id, shop.slug, { capacity: 4 });
    const key = await apiKeyFor(services, city, 'merchant-staff', shop.id);
    const path = `/api/v1/cities/${city.slug}/places/${shop.slug}/occupancy`;

    const controller = new AbortController();
    const events = readSse(await fetch(`${second.url}${path}/stream`, { signal: controller.signal }));
    expect(JSON.parse((await events.next(10_000)).data)).toMatchObject({ count: 0, level: 'green' });

    const posted = await fetch(`${first.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': 'two-processes-1' },
      body: JSON.stringify({ delta: 3 }),
    });
    expect(posted.status).toBe(200);
    const seen = await events.next(10_000);
    expect(seen.event).toBe('occupancy');
    expect(JSON.parse(seen.data)).toMatchObject({ slug: shop.slug, count: 3, capacity: 4, level: 'yellow' });

    // And the other way round: the second process's change reaches the first's stream.
    const back = readSse(await fetch(`${first.url}${path}/stream`, { signal: controller.signal }));
    expect(JSON.parse((await back.next(10_000)).data)).toMatchObject({ count: 3 });
    await fetch(`${second.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ delta: 1 }) });
    expect(JSON.parse((await back.next(10_000)).data)).toMatchObject({ count: 4, level: 'red' });
    controller.abort();
  }, 60_000);
});
