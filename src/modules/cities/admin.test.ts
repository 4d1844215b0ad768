import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { outboxMessages } from '../../platform/messaging/schema.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertCity, insertUser, sessionHeaders, uniqueSuffix } from '../../../test/factories/index.js';

const post = (headers: Record<string, string>, fields: Record<string, string>) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: headers['x-csrf-token']!, ...fields }).toString(),
});

describeEachDatabase('the association’s office tools', (ctx) => {
  it('shows failed e-mail and resends it to a corrected address', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await sessionHeaders(services, admin.userId);
    const id = await services.outbox.enqueueEmail({ cityId: city.id, to: 'fel@adress.test', subject: 'Välkommen', text: 'Hej', template: 'test' });
    await services.db.update(outboxMessages).set({ status: 'failed', lastError: '550 no such user' }).where(eq(outboxMessages.id, id));
    const page = await (await app.request(`/${city.slug}/admin/epost`, { headers })).text();
    expect(page).toContain('550 no such user');
    expect(page).toContain('1 meddelande');
    const res = await app.request(`/${city.slug}/admin/epost/${id}/skicka-igen`, post(headers, { to: 'ratt@adress.test' }));
    expect(res.status).toBe(303);
    expect(await services.outbox.get(id)).toMatchObject({ status: 'pending', recipient: 'ratt@adress.test' });
  });

  it('creates an API key shown once, usable for the city, and revokes it', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await sessionHeaders(services, admin.userId);
    const created = await app.request(`/${city.slug}/admin/api-nycklar`, post(headers, { name: 'Dörrräknare', role: 'association-staff' }));
    const html = await created.text();
    const key = /(tgk_[\w-]+)/.exec(html)![1]!;
    expect((await app.request(`/api/v1/cities/${city.slug}`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const listed = await (await app.request(`/${city.slug}/admin/api-nycklar`, { headers })).text();
    expect(listed).toContain('Dörrräknare');
    expect(listed).not.toContain(key);
    const [row] = await services.auth.listApiKeys(city.id);
    await app.request(`/${city.slug}/admin/api-nycklar/${row!.id}/aterkalla`, post(headers, {}));
    expect((await app.request(`/api/v1/cities/${city.slug}`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
  });

  it('exports and erases one person’s data, only within the admin’s city', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const other = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await sessionHeaders(services, admin.userId);
    const person = await insertUser(services, 'association-staff', city);
    const stranger = await insertUser(services, 'association-staff', other);

    const exported = await app.request(`/${city.slug}/admin/integritet/export`, post(headers, { email: person.email }));
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    expect(await exported.json()).toMatchObject({ account: { email: person.email } });
    expect((await app.request(`/${city.slug}/admin/integritet/export`, post(headers, { email: stranger.email }))).status).toBe(404);

    const notConfirmed = await app.request(`/${city.slug}/admin/integritet/radera`, post(headers, { email: person.email, confirm: 'annan@x.test' }));
    expect(notConfirmed.status).toBe(400);
    expect(await services.auth.findUserByEmail(person.email)).not.toBeNull();
    await app.request(`/${city.slug}/admin/integritet/radera`, post(headers, { email: person.email, confirm: person.email }));
    expect(await services.auth.findUserByEmail(person.email)).toBeNull();
  });

  it('keeps merchants, staff, other cities and anonymous visitors out', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const other = await insertCity(services);
    const staff = await insertUser(services, 'association-staff', city);
    const foreign = await insertUser(services, 'association-admin', other);
    for (const path of ['epost', 'logg', 'api-nycklar', 'integritet']) {
      expect((await app.request(`/${city.slug}/admin/${path}`)).status).toBe(302);
      expect((await app.request(`/${city.slug}/admin/${path}`, { headers: await sessionHeaders(services, staff.userId) })).status).toBe(403);
      expect((await app.request(`/${city.slug}/admin/${path}`, { headers: await sessionHeaders(services, foreign.userId) })).status).toBe(403);
    }
    const res = await app.request(`/${city.slug}/admin/api-nycklar`, post(await sessionHeaders(services, foreign.userId), { name: `x${uniqueSuffix()}`, role: 'association-admin' }));
    expect(res.status).toBe(403);
    expect(await services.auth.listApiKeys(city.id)).toHaveLength(0);
  });
});
