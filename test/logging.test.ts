import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createLogger } from '../src/platform/logger.js';
import { createServices } from '../src/services.js';
import { createApp } from '../src/app.js';
import { testConfig } from '../src/platform/config.js';
import { fixedClock } from '../src/platform/clock.js';
import { workerDatabase } from './harness.js';
import { clientIp } from '../src/platform/http/client-ip.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, log: createLogger('debug', stream as never) };
}

describe('logs', () => {
  it('never contain tokens, passwords or API keys', async () => {
    const { lines, log } = capture();
    const database = await workerDatabase('pglite');
    const services = await createServices(testConfig(), database, { log, clock: fixedClock('2026-12-11T10:00:00Z') });
    const app = createApp(services);
    const secretToken = 'TOKEN_abcdefghijklmnopqrstuvwxyz0123456789';
    await app.request(`/logga-in/lank?token=${secretToken}`);
    await app.request('/logga-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'torget_csrf=cccccccccccccccccccccccc' },
      body: 'email=a%40b.test&password=HEMLIGT-losenord-123&_csrf=cccccccccccccccccccccccc',
    });
    await app.request('/api/v1/cities', { headers: { authorization: 'Bearer tgk_AAAAAAAAAAAA_SECRETSECRETSECRETSECRETSECRETSECRETSEC' } });
    log.error({ password: 'HEMLIGT-2', token: 'TOKEN-2', headers: { authorization: 'Bearer X-2', cookie: 'torget_session=S-2' } }, 'direct');
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(all).toContain('"path":"/logga-in/lank"');
    for (const secret of [secretToken, 'HEMLIGT', 'SECRETSECRET', 'TOKEN-2', 'X-2', 'S-2']) expect(all).not.toContain(secret);
    await services.close();
  });
});

describe('client address behind proxies', () => {
  const app = (hops: number) => {
    const h = new Hono();
    h.get('/', (c) => c.text(clientIp(c, hops)));
    return h;
  };
  const xff = { 'x-forwarded-for': '6.6.6.6, 203.0.113.5, 10.0.0.2' };
  it('ignores X-Forwarded-For without trusted proxies, so clients cannot pick their address', async () => {
    expect(await (await app(0).request('/', { headers: xff })).text()).toBe('127.0.0.1');
  });
  it('takes the address the trusted proxies saw, not what the client wrote', async () => {
    expect(await (await app(1).request('/', { headers: xff })).text()).toBe('10.0.0.2');
    expect(await (await app(2).request('/', { headers: xff })).text()).toBe('203.0.113.5');
  });
});
