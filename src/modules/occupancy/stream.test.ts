import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeOverEventStreams } from '../../platform/http/sse.js';
import { memoryPubSub } from '../../platform/pubsub/pubsub.js';
import { readSse } from '../../../test/sse.js';
import { createLiveHub } from './hub.js';
import type { PlaceState } from './service.js';
import { occupancyStream } from './stream.js';

const state = (placeId: string, id: number, count: number, businessId: string | null = null): PlaceState => ({ placeId, slug: placeId, name: placeId.toUpperCase(), kind: businessId ? 'business' : 'area', businessId, count, capacity: 10, level: count >= 10 ? 'red' : count >= 7 ? 'yellow' : 'green', id });

/**
 * The occupancy stream on a real Node server, with a memory pub/sub and a database
 * stand-in: `snapshots` is what the next stream's snapshot reads (a promise the test
 * may hold back), and `openOf` answers from a table.
 */
describe('occupancy streams on a Node server', () => {
  const pubsub = memoryPubSub();
  const opens = new Map<string, boolean>([['biz-1', true]]);
  let openCalls = 0;
  const hub = createLiveHub(pubsub, {
    heartbeatMs: 50,
    openOf: (_city, s) => {
      openCalls++;
      return s.businessId ? (opens.get(s.businessId) ?? null) : null;
    },
  });
  let snapshot: () => Promise<PlaceState[]> = async () => [state('p1', 5, 3, 'biz-1'), state('p2', 4, 1)];
  let server: ReturnType<typeof serve>;
  let base: string;
  const publish = (s: PlaceState) => pubsub.publish('occupancy:c1', { type: 'count', state: s });

  beforeAll(async () => {
    const app = new Hono();
    app.get('/city', (c) => occupancyStream(c, { hub, cityId: 'c1', accepts: (id) => id === 'p1' || id === 'p2', snapshot: () => snapshot() }));
    app.get('/p1', (c) => occupancyStream(c, { hub, cityId: 'c1', accepts: (id) => id === 'p1', queueEvents: true, snapshot: () => snapshot().then((all) => all.filter((s) => s.placeId === 'p1')) }));
    server = serve({ fetch: (req, env) => takeOverEventStreams(app.fetch(req, env), env), port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    hub.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const open = async (path: string, headers: Record<string, string> = {}) => {
    const controller = new AbortController();
    const res = await fetch(`${base}${path}`, { signal: controller.signal, headers });
    return { events: readSse(res), res, close: () => controller.abort() };
  };

  it('sends the snapshot first (with the opening state), then each change once, encoded once for every stream', async () => {
    const a = await open('/city');
    const b = await open('/city');
    expect(a.res.headers.get('content-type')).toContain('text/event-stream');
    const firstA = [await a.events.next(), await a.events.next()];
    const firstB = [await b.events.next(), await b.events.next()];
    expect(firstA).toEqual(firstB);
    expect(firstA.map((e) => [e.event, e.id, JSON.parse(e.data)])).toEqual([
      ['occupancy', '5', { slug: 'p1', name: 'P1', count: 3, capacity: 10, level: 'green', open: true }],
      ['occupancy', '4', { slug: 'p2', name: 'P2', count: 1, capacity: 10, level: 'green', open: null }],
    ]);
    const calls = openCalls;
    await publish(state('p1', 6, 8, 'biz-1'));
    for (const s of [a, b]) expect(JSON.parse((await s.events.next()).data)).toMatchObject({ slug: 'p1', count: 8, level: 'yellow', open: true });
    // One message, two streams: the opening state was asked once.
    expect(openCalls - calls).toBe(1);
    a.close();
    b.close();
  });

  it('drops a change older than one already sent, and starts a reconnect (Last-Event-ID) with the state as it is now', async () => {
    snapshot = async () => [state('p1', 6, 8, 'biz-1')];
    const s = await open('/p1');
    expect(JSON.parse((await s.events.next()).data)).toMatchObject({ count: 8 });
    await publish(state('p1', 5, 2, 'biz-1')); // overtaken by id 6: dropped
    await publish(state('p1', 7, 9, 'biz-1'));
    const next = await s.events.next();
    expect([next.id, JSON.parse(next.data).count]).toEqual(['7', 9]);
    s.close();
    snapshot = async () => [state('p1', 7, 9, 'biz-1')];
    const again = await open('/p1', { 'last-event-id': '6' });
    const first = await again.events.next();
    expect([first.id, JSON.parse(first.data).count]).toEqual(['7', 9]);
    again.close();
  });

  it('loses no change made while the snapshot is read, and sends it after the snapshot', async () => {
    let release!: (s: PlaceState[]) => void;
    snapshot = () => new Promise((resolve) => (release = resolve));
    const s = await open('/p1');
    await expect.poll(() => typeof release).toBe('function');
    await publish(state('p1', 8, 4, 'biz-1')); // heard while the database is being read
    release([state('p1', 7, 9, 'biz-1')]); // the read started before that change
    const first = await s.events.next();
    expect([first.id, JSON.parse(first.data).count]).toEqual(['8', 4]);
    await publish(state('p1', 9, 5, 'biz-1'));
    expect((await s.events.next()).id).toBe('9');
    s.close();
    snapshot = async () => [state('p1', 9, 5, 'biz-1')];
  });

  it('sends queue changes only to streams that asked, beats a heartbeat, and leaves the hub on disconnect', async () => {
    snapshot = async () => [state('p1', 9, 5, 'biz-1'), state('p2', 4, 1)];
    await expect.poll(() => hub.stats().streams, { timeout: 2000 }).toBe(0);
    const before = hub.stats();
    const counter = await open('/p1');
    const display = await open('/city');
    await counter.events.next();
    await display.events.next();
    await display.events.next();
    await pubsub.publish('occupancy:c1', { type: 'queue', placeId: 'p1', entryId: 'e1', status: 'waiting' });
    await publish(state('p2', 10, 2));
    const queued = await counter.events.next();
    expect([queued.event, JSON.parse(queued.data)]).toEqual(['queue', { entryId: 'e1', status: 'waiting' }]);
    // The display skipped the queue event: its next one is p2's count.
    expect(JSON.parse((await display.events.next()).data)).toMatchObject({ slug: 'p2', count: 2 });
    await expect.poll(() => counter.events.comments.length, { timeout: 2000 }).toBeGreaterThan(0);
    expect(counter.events.comments[0]).toBe(': ping');
    expect(hub.stats().streams).toBe(before.streams + 2);
    counter.close();
    display.close();
    await expect.poll(() => hub.stats(), { timeout: 2000 }).toEqual(before);
  });

  it('ends every stream when the hub closes (the server stops)', async () => {
    const res = await fetch(`${base}/city`);
    const body = res.text();
    await expect.poll(() => hub.stats().streams, { timeout: 2000 }).toBe(1);
    hub.close();
    expect(await body).toContain('event: occupancy');
    expect(hub.stats()).toEqual({ streams: 0, cities: 0 });
  });
});
