import { describe, expect, it } from 'vitest';
import { memoryPubSub, redisPubSub, type PubSub } from './pubsub.js';

async function exercise(publisher: PubSub, subscriber: PubSub) {
  const channel = `test-${Math.random().toString(36).slice(2)}`;
  const got: unknown[] = [];
  const unsubscribe = await subscriber.subscribe(channel, (m) => got.push(m));
  await new Promise((r) => setTimeout(r, 50));
  await publisher.publish(channel, { count: 3, level: 'green' });
  for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(got).toEqual([{ count: 3, level: 'green' }]);
  await unsubscribe();
  await publisher.publish(channel, { count: 4 });
  await new Promise((r) => setTimeout(r, 100));
  expect(got).toHaveLength(1);
}

describe('pub/sub', () => {
  it('delivers in memory within one process', async () => {
    const bus = memoryPubSub();
    await exercise(bus, bus);
  });

  const redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) {
    it('Redis: skipped because TEST_REDIS_URL is not set (CI sets it)', () => {
      process.stdout.write('[torget] Redis pub/sub test skipped: TEST_REDIS_URL is not set.\n');
    });
  } else {
    it('delivers through Redis between two connections, as between two processes', async () => {
      const a = redisPubSub(redisUrl);
      const b = redisPubSub(redisUrl);
      try {
        await exercise(a, b);
      } finally {
        await a.close();
        await b.close();
      }
    });
  }
});
