import { describe, expect, it } from 'vitest';
import { memoryPubSub, type PubSub } from '../../platform/pubsub/pubsub.js';
import { createLiveHub } from './hub.js';
import type { LiveMessage, PlaceState } from './service.js';

/** A memory pub/sub that counts subscriptions. */
function countingPubSub() {
  const inner = memoryPubSub();
  const counts = { subscribe: 0, unsubscribe: 0 };
  const pubsub: PubSub = {
    publish: (channel, message) => inner.publish(channel, message),
    async subscribe(channel, listener) {
      counts.subscribe++;
      const off = await inner.subscribe(channel, listener);
      return async () => {
        counts.unsubscribe++;
        await off();
      };
    },
    close: () => inner.close(),
  };
  return { pubsub, counts };
}

const state = (placeId: string, id: number, count: number): PlaceState => ({ placeId, slug: placeId, name: placeId, kind: 'business', businessId: null, count, capacity: 10, level: 'green', id });

describe('the live hub', () => {
  it('holds one subscription per city however many streams, fans out in memory, and lets go when the last leaves', async () => {
    const { pubsub, counts } = countingPubSub();
    const hub = createLiveHub(pubsub, { heartbeatMs: 10_000 });
    const got: LiveMessage[][] = [[], [], []];
    const leaves = await Promise.all(got.map((bucket) => hub.join('city-a', { onMessage: (m) => bucket.push(m), onHeartbeat: () => {} })));
    expect(counts.subscribe).toBe(1);
    expect(hub.stats()).toEqual({ streams: 3, cities: 1 });
    await pubsub.publish('occupancy:city-a', { type: 'count', state: state('p1', 5, 3) });
    await pubsub.publish('occupancy:city-b', { type: 'count', state: state('p2', 6, 1) });
    expect(got.map((b) => b.length)).toEqual([1, 1, 1]);
    for (const leave of leaves) leave();
    await expect.poll(() => counts.unsubscribe).toBe(1);
    expect(hub.stats()).toEqual({ streams: 0, cities: 0 });
    hub.close();
  });

  it('beats the heart of every stream from one timer', async () => {
    const { pubsub } = countingPubSub();
    const hub = createLiveHub(pubsub, { heartbeatMs: 20 });
    let beats = 0;
    const leave = await hub.join('city-a', { onMessage: () => {}, onHeartbeat: () => beats++ });
    await expect.poll(() => beats, { timeout: 1000 }).toBeGreaterThanOrEqual(2);
    leave();
    hub.close();
  });

  it('lays newer states heard on the channel over a cached snapshot, never older ones', async () => {
    const { pubsub } = countingPubSub();
    const hub = createLiveHub(pubsub);
    const leave = await hub.join('city-a', { onMessage: () => {}, onHeartbeat: () => {} });
    let loads = 0;
    const load = async () => {
      loads++;
      return state('p1', 5, 3);
    };
    expect(await hub.cached('city-a', 'k', 10_000, load)).toMatchObject({ id: 5 });
    expect(await hub.cached('city-a', 'k', 10_000, load)).toMatchObject({ id: 5 });
    expect(loads).toBe(1);
    await pubsub.publish('occupancy:city-a', { type: 'count', state: state('p1', 7, 4) });
    await pubsub.publish('occupancy:city-a', { type: 'count', state: state('p1', 6, 9) });
    expect(hub.fresher('city-a', state('p1', 5, 3))).toMatchObject({ id: 7, count: 4 });
    expect(hub.fresher('city-a', state('p1', 8, 2))).toMatchObject({ id: 8, count: 2 });
    leave();
    hub.close();
  });
});
