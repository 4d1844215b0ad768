import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { insertCity, insertUser, uniqueSuffix } from '../../test/factories/index.js';
import { totpCodeFor } from '../platform/auth/service.js';

const CSRF = 'csrf-token-for-tests-0123456789';
const form = (fields: Record<string, string>, cookie = '') => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `torget_csrf=${CSRF}${cookie ? '; ' + cookie : ''}` },
  body: new URLSearchParams({ _csrf: CSRF, ...fields }).toString(),
});
const sessionCookie = (res: Response) => /torget_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

describeEachDatabase('login pages', (ctx) => {
  it('logs in with a password and lands in the admin area of the city', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city, null, 'ett-långt-lösenord');
    const res = await app.request('/logga-in', form({ email: admin.email, password: 'ett-långt-lösenord' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/${city.slug}/admin`);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/torget_session=[\w-]+/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const wrong = await app.request('/logga-in', form({ email: admin.email, password: 'fel' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Fel e-postadress eller lösenord');
  });

  it('sends a magic link that a GET only shows and a POST uses, once', async () => {
    const { services, app } = ctx();
    const email = `lank-${uniqueSuffix()}@example.test`;
    await services.auth.createUser({ email });
    const asked = await app.request('/logga-in/lank', form({ email }));
    expect(await asked.text()).toContain('Kolla din e-post');
    const [mail] = await services.outbox.list({ cityId: null, limit: 500 }).then((m) => m.filter((x) => x.recipient === email));
    const token = /token=([\w-]+)/.exec(mail!.textBody)![1]!;

    const page = await app.request(`/logga-in/lank?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(email);
    // Opening the link twice (as a mail scanner would) still leaves it usable.
    expect((await app.request(`/logga-in/lank?token=${token}`)).status).toBe(200);

    const confirmed = await app.request('/logga-in/lank/bekrafta', form({ token }));
    expect(confirmed.status).toBe(303);
    expect(sessionCookie(confirmed)).toBeTruthy();
    const again = await app.request('/logga-in/lank/bekrafta', form({ token }));
    expect(sessionCookie(again)).toBeUndefined();
    expect((await app.request(`/logga-in/lank?token=${token}`)).status).toBe(400);
  });

  it('answers the same whether or not an address has an account', async () => {
    const { app, services } = ctx();
    const before = (await services.outbox.list({ limit: 500 })).length;
    const res = await app.request('/logga-in/lank', form({ email: `nobody-${uniqueSuffix()}@example.test` }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Kolla din e-post');
    expect((await services.outbox.list({ limit: 500 })).length).toBe(before);
  });

  it('asks for a TOTP code before a user with two-factor gets a session', async () => {
    const { services, app, clock } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city, null, 'ett-långt-lösenord');
    const { secret } = await services.auth.beginTotp(admin.userId);
    await services.auth.confirmTotp(admin.userId, totpCodeFor(secret, clock.now()));

    const first = await app.request('/logga-in', form({ email: admin.email, password: 'ett-långt-lösenord' }));
    expect(first.headers.get('location')).toBe('/logga-in/tvastegs');
    expect(sessionCookie(first)).toBeUndefined();
    const pending = /torget_2fa=([^;]+)/.exec(first.headers.get('set-cookie') ?? '')![1]!;
    const wrong = await app.request('/logga-in/tvastegs', form({ code: '000000' }, `torget_2fa=${pending}`));
    expect(wrong.status).toBe(400);
    const ok = await app.request('/logga-in/tvastegs', form({ code: totpCodeFor(secret, clock.now()) }, `torget_2fa=${pending}`));
    expect(ok.status).toBe(303);
    const actor = await services.auth.actorForSession(sessionCookie(ok)!);
    expect(actor?.hasTwoFactor).toBe(true);
  });

  it('throttles password guessing per e-mail address', async () => {
    const { services, app } = ctx();
    const user = await services.auth.createUser({ email: `guess-${uniqueSuffix()}@example.test`, password: 'ett-långt-lösenord' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await app.request('/logga-in', form({ email: user.email, password: `gissning-${i}` }))).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Even the right password is refused while throttled.
    expect((await app.request('/logga-in', form({ email: user.email, password: 'ett-långt-lösenord' }))).status).toBe(429);
  });

  it('logs out', async () => {
    const { services, app } = ctx();
    const email = `ut-${uniqueSuffix()}@example.test`;
    const u = await services.auth.createUser({ email, password: 'ett-långt-lösenord' });
    const { token } = await services.auth.createSession(u.id);
    const res = await app.request('/logga-ut', form({}, `torget_session=${token}`));
    expect(res.status).toBe(303);
    expect(await services.auth.actorForSession(token)).toBeNull();
  });
});
