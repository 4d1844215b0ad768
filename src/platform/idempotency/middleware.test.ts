import { randomUUID } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, workerDatabase } from '../../../test/harness.js';
import type { Actor } from '../auth/roles.js';
import { fixedClock } from '../clock.js';
import type { Database } from '../db/database.js';
import { DomainError, ProblemRegistry } from '../errors.js';
import type { AppEnv } from '../http/types.js';
import { problemResponse } from '../http/problem.js';
import { idempotencyProblems } from './errors.js';
import { idempotent } from './middleware.js';
import { createIdempotencyStore } from './store.js';

const Payment = z.object({ cardId: z.string().min(1), amountOre: z.number().int().positive() });

/** A money-moving route behind the middleware; `behaviour` decides what the handler does. */
function buildApp(database: Database) {
  const problems = new ProblemRegistry();
  problems.register(idempotencyProblems);
  problems.register({ 'test.too_little': { status: 409, title: 'För lite', titleEn: 'Too little', description: 'Test.' } });
  const clock = fixedClock('2026-12-11T10:00:00Z');
  const store = createIdempotencyStore({ db: database.db, clock });
  const state = {
    runs: 0,
    moved: 0,
    behaviour: 'ok' as 'ok' | 'crash' | 'refuse',
    gate: null as Promise<void> | null,
    entered: null as (() => void) | null,
  };
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => (result.success ? undefined : problemResponse(c, problems, new DomainError('validation', 'Fel.'))),
  });
  app.use('*', async (c, next) => {
    const who = c.req.header('x-test-actor') ?? 'apikey:one';
    c.set('actor', { kind: 'apikey', id: who, label: who, grants: [], hasTwoFactor: false } satisfies Actor);
    await next();
  });
  app.onError((err, c) =>
    err instanceof DomainError ? problemResponse(c, problems, err) : problemResponse(c, problems, new DomainError('internal', 'Något gick fel.')),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/pay',
      middleware: [idempotent(store, { name: 'test.pay', problems })] as const,
      request: { body: { required: true, content: { 'application/json': { schema: Payment } } } },
      responses: { 201: { description: 'Paid', content: { 'application/json': { schema: z.object({ paymentId: z.string(), amountOre: z.number() }) } } } },
    }),
    async (c) => {
      const input = c.req.valid('json');
      state.runs++;
      state.entered?.();
      if (state.gate) await state.gate;
      if (state.behaviour === 'crash') throw new Error('database went away');
      if (state.behaviour === 'refuse') throw new DomainError('test.too_little', 'Saldot räcker inte.', { balanceOre: 10 });
      state.moved += input.amountOre;
      return c.json({ paymentId: randomUUID(), amountOre: input.amountOre }, 201);
    },
  );
  return { app, state, clock, store };
}

const pay = (app: OpenAPIHono<AppEnv>, key: string | null, body: unknown, headers: Record<string, string> = {}) =>
  app.request('/pay', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'idempotency-key': key }), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describeEachDatabase('idempotent middleware', (ctx) => {
  let database: Database;
  beforeAll(async () => {
    database = await workerDatabase(ctx().kind);
  });

  it('replays the first answer and moves nothing twice', async () => {
    const { app, state } = buildApp(database);
    const key = randomUUID();
    const first = await pay(app, key, { cardId: 'c1', amountOre: 5000 });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    const firstBody = await first.json();
    expect(firstBody).toMatchObject({ amountOre: 5000 });

    // Same request, key order and whitespace changed: still the same request.
    const again = await pay(app, key, '{ "amountOre": 5000, "cardId": "c1" }');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await again.json()).toEqual(firstBody);
    expect(state).toMatchObject({ runs: 1, moved: 5000 });

    // Another caller with the same key is another request.
    const other = await pay(app, key, { cardId: 'c1', amountOre: 5000 }, { 'x-test-actor': 'apikey:two' });
    expect(other.status).toBe(201);
    expect(state).toMatchObject({ runs: 2, moved: 10_000 });
  });

  it('refuses a key reused for a different request (422)', async () => {
    const { app, state } = buildApp(database);
    const key = randomUUID();
    await pay(app, key, { cardId: 'c1', amountOre: 5000 });
    const res = await pay(app, key, { cardId: 'c1', amountOre: 6000 });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'idempotency.key_reused', status: 422, type: '/problems/idempotency.key_reused' });
    expect(state.runs).toBe(1);
  });

  it('requires a well-formed key (400)', async () => {
    const { app, state } = buildApp(database);
    for (const key of [null, '', 'has space', 'x'.repeat(256), 'nyckel-å']) {
      const res = await pay(app, key, { cardId: 'c1', amountOre: 100 });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ code: 'idempotency.key_required' });
    }
    expect((await pay(app, 'x'.repeat(255), { cardId: 'c1', amountOre: 100 })).status).toBe(201);
    expect(state.runs).toBe(1);
  });

  it('runs the handler once for two simultaneous requests with one key', async () => {
    const { app, state } = buildApp(database);
    const key = randomUUID();
    const responses = await Promise.all([pay(app, key, { cardId: 'c1', amountOre: 700 }), pay(app, key, { cardId: 'c1', amountOre: 700 })]);
    expect(state).toMatchObject({ runs: 1, moved: 700 });
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
  });

  it('answers 409 with Retry-After while the first request is still running', async () => {
    const { app, state } = buildApp(database);
    const key = randomUUID();
    let release!: () => void;
    state.gate = new Promise((resolve) => (release = resolve));
    const entered = new Promise<void>((resolve) => (state.entered = resolve));
    const first = pay(app, key, { cardId: 'c1', amountOre: 700 });
    await entered;
    const second = await pay(app, key, { cardId: 'c1', amountOre: 700 });
    expect(second.status).toBe(409);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await second.json()).toMatchObject({ code: 'idempotency.in_progress' });
    release();
    expect((await first).status).toBe(201);
    const third = await pay(app, key, { cardId: 'c1', amountOre: 700 });
    expect(third.headers.get('idempotency-replayed')).toBe('true');
    expect(state).toMatchObject({ runs: 1, moved: 700 });
  });

  it('does not save a 5xx: a retry runs the handler again', async () => {
    const { app, state } = buildApp(database);
    const key = randomUUID();
    state.behaviour = 'crash';
    expect((await pay(app, key, { cardId: 'c1', amountOre: 300 })).status).toBe(500);
    state.behaviour = 'ok';
    const retry = await pay(app, key, { cardId: 'c1', amountOre: 300 });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotency-replayed')).toBeNull();
    expect(state).toMatchObject({ runs: 2, moved: 300 });
  });

  it('saves a 4xx answer and replays it as problem+json', async () => {
    const { app, state } = buildApp(database);
    const key = randomUUID();
    state.behaviour = 'refuse';
    const first = await pay(app, key, { cardId: 'c1', amountOre: 300 });
    expect(first.status).toBe(409);
    state.behaviour = 'ok';
    const again = await pay(app, key, { cardId: 'c1', amountOre: 300 });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(state.runs).toBe(1);
  });

  it('takes over a key left in progress by a crashed process', async () => {
    const { app, state, store, clock } = buildApp(database);
    const key = randomUUID();
    // What a process that died mid-request leaves behind: a claimed key, no answer.
    const { hashRequest } = await import('./middleware.js');
    const body = JSON.stringify({ cardId: 'c1', amountOre: 900 });
    expect(await store.begin('apikey:one:test.pay', key, hashRequest('POST', '/pay', body))).toEqual({ kind: 'new' });
    expect((await pay(app, key, body)).status).toBe(409);
    clock.advance(61_000);
    const res = await pay(app, key, body);
    expect(res.status).toBe(201);
    expect(state).toMatchObject({ runs: 1, moved: 900 });
  });

  it('leaves the body readable for the zod validator after it', async () => {
    const { app, state } = buildApp(database);
    const ok = await pay(app, randomUUID(), { cardId: 'c9', amountOre: 1234 });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ amountOre: 1234 });
    // An invalid body still reaches the validator, which answers 400 (and is saved).
    const key = randomUUID();
    const bad = await pay(app, key, { cardId: '', amountOre: -1 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'validation' });
    expect(state.runs).toBe(1);
  });
});
