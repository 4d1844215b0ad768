import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, workerDatabase } from '../../../test/harness.js';
import { fixedClock } from '../clock.js';
import type { Database } from '../db/database.js';
import { createIdempotencyStore } from './store.js';

describeEachDatabase('idempotency store', (ctx) => {
  let database: Database;
  beforeAll(async () => {
    database = await workerDatabase(ctx().kind);
  });
  const setup = () => {
    const clock = fixedClock('2026-12-11T10:00:00Z');
    return { clock, store: createIdempotencyStore({ db: database.db, clock }), scope: `user:${randomUUID()}:test.pay`, key: randomUUID() };
  };

  it('claims a new key, answers in progress, then replays the saved response', async () => {
    const { store, scope, key } = setup();
    expect(await store.begin(scope, key, 'h1')).toEqual({ kind: 'new' });
    expect(await store.begin(scope, key, 'h1')).toEqual({ kind: 'in_progress' });
    await store.complete(scope, key, 201, { id: 'abc', amountOre: 5000 });
    expect(await store.begin(scope, key, 'h1')).toEqual({ kind: 'replay', status: 201, body: { id: 'abc', amountOre: 5000 } });
    expect(await store.begin(scope, key, 'h2')).toEqual({ kind: 'mismatch' });
    // The same key in another scope is another key.
    expect(await store.begin(`${scope}x`, key, 'h2')).toEqual({ kind: 'new' });
  });

  it('forgets an abandoned key so a retry runs again', async () => {
    const { store, scope, key } = setup();
    expect(await store.begin(scope, key, 'h')).toEqual({ kind: 'new' });
    await store.abandon(scope, key);
    expect(await store.begin(scope, key, 'h')).toEqual({ kind: 'new' });
    await store.complete(scope, key, 200, { ok: true });
    await store.abandon(scope, key); // a finished key is never abandoned
    expect((await store.begin(scope, key, 'h')).kind).toBe('replay');
  });

  it('lets one caller take over a key stuck in progress past its lock', async () => {
    const { store, clock, scope, key } = setup();
    expect(await store.begin(scope, key, 'h')).toEqual({ kind: 'new' });
    clock.advance(59_000);
    expect(await store.begin(scope, key, 'h')).toEqual({ kind: 'in_progress' });
    clock.advance(2_000);
    const racers = await Promise.all([store.begin(scope, key, 'h'), store.begin(scope, key, 'h'), store.begin(scope, key, 'h')]);
    expect(racers.filter((r) => r.kind === 'new')).toHaveLength(1);
    expect(racers.filter((r) => r.kind === 'in_progress')).toHaveLength(2);
    // A different request still does not get in.
    expect(await store.begin(scope, key, 'other')).toEqual({ kind: 'mismatch' });
  });

  it('prunes old keys but keeps every key for at least 24 hours', async () => {
    const { store, clock, scope } = setup();
    const [old, recent] = [randomUUID(), randomUUID()];
    await store.begin(scope, old, 'h');
    await store.complete(scope, old, 200, {});
    clock.advance(20 * 3600_000);
    await store.begin(scope, recent, 'h');
    await store.complete(scope, recent, 201, { kept: true });
    clock.advance(5 * 3600_000); // old is 25 h, recent 5 h
    await store.prune(1); // clamped to 24 h
    expect(await store.begin(scope, old, 'h')).toEqual({ kind: 'new' });
    expect(await store.begin(scope, recent, 'h')).toEqual({ kind: 'replay', status: 201, body: { kept: true } });
  });
});
