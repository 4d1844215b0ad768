import { createRoute, z } from '@hono/zod-openapi';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createAuthService } from '../auth/service.js';
import { fixedClock } from '../clock.js';
import { testConfig } from '../config.js';
import { DomainError, ProblemRegistry } from '../errors.js';
import { createLogger } from '../logger.js';
import { createHttpApp, withLocalePrefix } from './app.js';
import { workerDatabase } from '../../../test/harness.js';

async function buildApp() {
  const database = await workerDatabase('pglite');
  const auth = createAuthService({ db: database.db, clock: fixedClock('2026-12-11T10:00:00Z') });
  const app = createHttpApp({ config: testConfig(), log: createLogger('silent'), auth, problems: new ProblemRegistry() });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/echo',
      request: { body: { content: { 'application/json': { schema: z.strictObject({ name: z.string().max(5), n: z.number().int() }) } } } },
      responses: { 200: { description: 'ok', content: { 'application/json': { schema: z.object({ name: z.string() }) } } } },
    }),
    (c) => c.json({ name: c.req.valid('json').name }, 200),
  );
  app.get('/api/v1/boom', () => {
    throw new Error('secret internals: SELECT * FROM users');
  });
  app.get('/api/v1/domain', () => {
    throw new DomainError('conflict', 'Redan ändrad.');
  });
  app.post('/form', (c) => c.text('changed'));
  app.get('/where', (c) => c.json({ locale: c.get('locale'), prefix: c.get('prefix'), path: c.req.path }));
  return withLocalePrefix(app);
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('HTTP platform', () => {
  it('answers validation errors as problem+json with errors[]', async () => {
    const app = await buildApp();
    const res = await app.request('/api/v1/echo', json({ name: 'toolongname', n: 1.5, extra: true }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await res.json();
    expect(body).toMatchObject({ type: '/problems/validation', status: 400, code: 'validation', title: expect.any(String), detail: expect.any(String) });
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/name');
    expect(paths).toContain('/n');
    expect(body.errors.some((e: { code: string }) => e.code === 'unrecognized_keys')).toBe(true);
  });

  it('answers malformed JSON with 400 problem+json, not a stack trace', async () => {
    const app = await buildApp();
    const res = await app.request('/api/v1/echo', json('{"name": "a",'));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('bad_request');
  });

  it('hides internals of unexpected errors', async () => {
    const app = await buildApp();
    const res = await app.request('/api/v1/boom');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/SELECT|secret internals|at .*\.ts/);
    expect(JSON.parse(text)).toMatchObject({ code: 'internal', type: '/problems/internal' });
  });

  it('maps domain errors and unknown routes to their problems', async () => {
    const app = await buildApp();
    expect(await (await app.request('/api/v1/domain')).json()).toMatchObject({ status: 409, code: 'conflict', detail: 'Redan ändrad.' });
    const missing = await app.request('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'not_found' });
  });

  it('refuses oversized bodies early', async () => {
    const app = await buildApp();
    const res = await app.request('/api/v1/echo', json({ name: 'x'.repeat(300 * 1024), n: 1 }));
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe('payload_too_large');
  });

  it('sends a strict CSP without unsafe-inline scripts, and a request id', async () => {
    const app = await buildApp();
    const res = await app.request('/where');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a form POST without the CSRF token and accepts it with one', async () => {
    const app = await buildApp();
    const form = (body: string, cookie?: string) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, body });
    expect((await app.request('/form', form('a=1'))).status).toBe(403);
    expect((await app.request('/form', form('a=1&_csrf=abcdefghijklmnopqrstuvwx', 'torget_csrf=zzzzzzzzzzzzzzzzzzzzzzzz'))).status).toBe(403);
    const ok = await app.request('/form', form('a=1&_csrf=abcdefghijklmnopqrstuvwx', 'torget_csrf=abcdefghijklmnopqrstuvwx'));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('changed');
  });

  it('serves English under /en with the same routes', async () => {
    const app = await buildApp();
    expect(await (await app.request('/en/where')).json()).toEqual({ locale: 'en', prefix: '/en', path: '/where' });
    expect(await (await app.request('/where')).json()).toEqual({ locale: 'sv', prefix: '', path: '/where' });
    // A client cannot smuggle the internal locale marker in.
    expect(await (await app.request('/where', { headers: { 'x-torget-locale': 'en' } })).json()).toMatchObject({ locale: 'sv' });
  });

  it('rejects an invalid API key with 401 problem+json', async () => {
    const app = await buildApp();
    const res = await app.request('/where', { headers: { authorization: 'Bearer tgk_nope' } });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('unauthorized');
  });

  it('reads JSON bodies from a real Node server the same as from app.request', async () => {
    const app = await buildApp();
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    try {
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const post = (path: string, body: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const ok = await post('/api/v1/echo', JSON.stringify({ name: 'åsa', n: 1 }));
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ name: 'åsa' });
      const invalid = await post('/api/v1/echo', JSON.stringify({ name: 'toolongname', n: 1 }));
      expect(invalid.status).toBe(400);
      expect((await invalid.json()).code).toBe('validation');
      const malformed = await post('/api/v1/echo', '{"name": "a",');
      expect((await malformed.json()).code).toBe('bad_request');
      // Rewritten requests (English, or a client's own locale header) are read the web way.
      const rewritten = await post('/api/v1/echo', JSON.stringify({ name: 'ok', n: 2 }), { 'x-torget-locale': 'en' });
      expect(await rewritten.json()).toEqual({ name: 'ok' });
      // Refused before the body is read: the server stays up and answers the next request.
      const refused = await post('/api/v1/echo', JSON.stringify({ name: 'a', n: 1 }), { authorization: 'Bearer nope' });
      expect(refused.status).toBe(401);
      expect((await post('/api/v1/echo', JSON.stringify({ name: 'b', n: 1 }))).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
