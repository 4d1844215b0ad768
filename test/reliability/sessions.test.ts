/**
 * Sessions and forms, across the whole app rather than one page at a time (the login
 * pages' own tests are in src/pages/auth.test.ts; tenant isolation in
 * test/isolation.test.ts):
 * - every state-changing page route registered on the app refuses a request made with a
 *   valid session but without the CSRF token, or with a wrong one;
 * - session and CSRF cookies are HttpOnly and SameSite, and Secure when served over https;
 * - no `next=` value sends a person off the site after a password or magic-link login;
 * - magic links work once and not after 20 minutes.
 */
import { expect, it } from 'vitest';
import { createTestContext, describeEachDatabase } from '../harness.js';
import { insertBusiness, insertCity, insertUser, sessionHeaders, uniqueSuffix } from '../factories/index.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../src/platform/http/app.js';
import { record } from './support.js';

const CSRF = 'sessions-suite-csrf-0123456789abc';
let address = 0;
/** A form post from an address of its own (one trusted proxy), so shared rate-limit counters do not interfere. */
const form = (fields: Record<string, string>, extraCookie = '') => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `192.0.2.${address++ % 250}-${process.pid}-${uniqueSuffix()}`, cookie: `${CSRF_COOKIE}=${CSRF}${extraCookie ? '; ' + extraCookie : ''}` },
  body: new URLSearchParams({ _csrf: CSRF, ...fields }).toString(),
});

/** Places a person might be sent after logging in, none of them on this site. */
const hostileNext = [
  'https://evil.example/',
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/%2F%2Fevil.example',
  '%2F%2Fevil.example',
  'javascript:alert(1)',
  ' //evil.example',
  '/\t/evil.example',
  'http:evil.example',
  '////evil.example',
  '/%5Cevil.example',
  'https:/\\evil.example',
];

/** Where a Location header sends a browser, from https://torget.example/logga-in. */
const landsOn = (location: string) => new URL(location, 'https://torget.example/logga-in');

describeEachDatabase('sessions, cookies, CSRF and redirects', (ctx) => {
  it('refuses every state-changing page form without the CSRF token, even with a session', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const business = await insertBusiness(services, city);
    const admin = await insertUser(services, 'association-admin', city);
    const { cookie } = await sessionHeaders(services, admin.userId);
    const routes = (app.app.routes as Array<{ method: string; path: string }>).filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.path.startsWith('/api/'));
    const unique = [...new Map(routes.map((r) => [`${r.method} ${r.path}`, r])).values()];
    expect(unique.length).toBeGreaterThanOrEqual(20);
    const values: Record<string, string> = { city: city.slug, business: business.slug, id: business.id, slug: business.slug, order: '00000000-0000-4000-8000-000000000000', ref: 'sim-x', token: 'x' };
    const before = JSON.stringify(await services.members.list(city.id, { includeArchived: true, limit: 500 }));
    let refused = 0;
    for (const route of unique) {
      const url = route.path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => values[name] ?? 'x');
      for (const variant of ['missing', 'wrong'] as const) {
        const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie}` };
        const body = new URLSearchParams({ name: 'Kapad', ...(variant === 'wrong' ? { _csrf: 'wrong-token-0123456789abcdef' } : {}) }).toString();
        if (variant === 'missing') headers.cookie = cookie!.replace(new RegExp(`${CSRF_COOKIE}=[^;]+;?\\s*`), '');
        const res = await app.request(url, { method: route.method, headers, body });
        expect(res.status, `${route.method} ${url} (${variant} token) answered ${res.status}`).toBe(403);
        refused++;
      }
    }
    expect(JSON.stringify(await services.members.list(city.id, { includeArchived: true, limit: 500 }))).toBe(before);
    record(`csrf-${ctx().kind}`, { stateChangingPageRoutes: unique.length, requestsRefused: refused });
  });

  it('sets session and CSRF cookies HttpOnly and SameSite, and Secure over https', async () => {
    const { services } = ctx();
    for (const publicUrl of ['http://localhost:3000', 'https://torget.example']) {
      const { app, services: s } = await createTestContext(ctx().kind, { publicUrl, secureCookies: publicUrl.startsWith('https'), trustedProxyHops: 1 });
      try {
        const password = `lösenord-${uniqueSuffix()}`;
        const user = await insertUser(services, 'association-admin', await insertCity(services), null, password);
        const res = await app.request('/logga-in', form({ email: user.email, password }));
        expect(res.status).toBe(303);
        const cookies = res.headers.getSetCookie();
        const page = await app.request('/logga-in');
        cookies.push(...page.headers.getSetCookie());
        for (const name of [SESSION_COOKIE, CSRF_COOKIE]) {
          const cookie = cookies.find((c) => c.startsWith(`${name}=`));
          expect(cookie, `${name} at ${publicUrl}`).toBeTruthy();
          expect(cookie).toMatch(/;\s*HttpOnly/i);
          expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
          if (publicUrl.startsWith('https')) expect(cookie).toMatch(/;\s*Secure/i);
          else expect(cookie).not.toMatch(/;\s*Secure/i);
        }
      } finally {
        await s.close();
      }
    }
  });

  it('never redirects off the site after a password or a magic-link login, whatever next= says', async () => {
    const { services, app } = ctx();
    const password = `lösenord-${uniqueSuffix()}`;
    let tried = 0;
    for (const next of hostileNext) {
      // A person per value: the login limits (10 an address per quarter hour) are not what this tests.
      const user = await insertUser(services, 'association-admin', await insertCity(services), null, password);
      const viaPassword = await app.request('/logga-in', form({ email: user.email, password, next }));
      expect(viaPassword.status, next).toBe(303);
      expect(landsOn(viaPassword.headers.get('location')!).host, `password login, next=${next}`).toBe('torget.example');
      // The login page itself must not carry the value into an attribute unescaped.
      const page = await (await app.request(`/logga-in?next=${encodeURIComponent(next)}`)).text();
      expect(page).not.toMatch(/href="(https?:)?\/\/evil/);

      const asked = await app.request('/logga-in/lank', form({ email: user.email, next }));
      expect(asked.status).toBeLessThan(500);
      const mails = (await services.outbox.list({ cityId: null, limit: 500 })).filter((m) => m.recipient === user.email);
      const token = /token=([\w-]+)/.exec(mails.at(-1)!.textBody)![1]!;
      const used = await app.request('/logga-in/lank/bekrafta', form({ token }));
      expect(used.status).toBe(303);
      expect(landsOn(used.headers.get('location')!).host, `magic link, next=${next}`).toBe('torget.example');
      tried += 2;
    }
    record(`redirects-${ctx().kind}`, { hostileNextValues: hostileNext.length, loginsTried: tried, offSite: 0 });
  });


  it('lets a magic link log in once, and not after 20 minutes', async () => {
    const { services, app } = ctx();
    const { app: later, clock, services: s } = await createTestContext(ctx().kind, { trustedProxyHops: 1 });
    try {
      const user = await insertUser(services, 'merchant-owner', await insertCity(services), (await insertBusiness(services, await insertCity(services))).id);
      const link = async () => {
        await app.request('/logga-in/lank', form({ email: user.email }));
        const mails = (await services.outbox.list({ cityId: null, limit: 500 })).filter((m) => m.recipient === user.email);
        return /token=([\w-]+)/.exec(mails.at(-1)!.textBody)![1]!;
      };
      const once = await link();
      expect(/torget_session=/.test((await app.request('/logga-in/lank/bekrafta', form({ token: once }))).headers.get('set-cookie') ?? '')).toBe(true);
      expect((await app.request('/logga-in/lank/bekrafta', form({ token: once }))).headers.get('set-cookie') ?? '').not.toMatch(/torget_session=[^;]/);
      const stale = await link();
      clock.advance(21 * 60_000);
      const tooLate = await later.request('/logga-in/lank/bekrafta', form({ token: stale }));
      expect(tooLate.headers.get('set-cookie') ?? '').not.toMatch(/torget_session=[^;]/);
      expect(tooLate.headers.get('location')).toMatch(/token=invalid/);
    } finally {
      await s.close();
    }
  });
}, { trustedProxyHops: 1 });
