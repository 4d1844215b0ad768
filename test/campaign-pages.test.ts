import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.js';
import { insertCity, insertUser, sessionHeaders } from './factories/index.js';

const form = (headers: Record<string, string>, fields: Record<string, string>) => ({
  method: 'POST',
  headers: { cookie: headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: headers['x-csrf-token']!, ...fields }).toString(),
});

describeEachDatabase('campaign pages', (ctx) => {
  it('an admin creates the campaign by form; residents see the offer, buy, and meet "Slutsålt" when the cap is reached', async () => {
    const { services, clock, app } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const city = await insertCity(services);
    await services.giftcards.products.ensureDefaults(city.id);
    const admin = await insertUser(services, 'association-admin', city);
    const h = await sessionHeaders(services, admin.userId);
    const fields = { name: 'Dubbla värdet', slug: 'dubbla-vardet', description: 'Fastighetsägarna dubblar.', kind: 'sale', productSlug: 'presentkort', value: '500', price: '250', sponsorName: 'Fastighetsägarna Halmstad', sponsorEmail: 'f@example.test', sponsorOrg: '', cap: '1', perBuyer: '2', startsOn: '2026-12-01', endsOn: '2026-12-24', returnOnExpiry: '1', feeBp: '' };
    const bad = await app.request(`/${city.slug}/admin/kampanjer`, form(h, { ...fields, price: '600' }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Priset kan inte vara högre');
    const created = await app.request(`/${city.slug}/admin/kampanjer`, form(h, fields));
    expect(created.status).toBe(303);
    expect(await (await app.request(created.headers.get('location')!, { headers: h })).text()).toContain('Betala 250\u00a0kr, få 500\u00a0kr');

    const buyPage = await (await app.request(`/${city.slug}/presentkort`)).text();
    expect(buyPage).toContain(`/${city.slug}/kampanj/dubbla-vardet`);
    const offer = await app.request(`/${city.slug}/kampanj/dubbla-vardet`, { headers: { cookie: 'torget_csrf=cccccccccccccccccccccccc' } });
    expect(await offer.text()).toContain('1 kort kvar');
    const anon = { cookie: 'torget_csrf=cccccccccccccccccccccccc', 'x-csrf-token': 'cccccccccccccccccccccccc' };
    const bought = await app.request(`/${city.slug}/kampanj/dubbla-vardet`, form(anon, { email: 'anna@example.test', quantity: '1', paymentMethod: 'simulator' }));
    expect(bought.status).toBe(303);
    expect(bought.headers.get('location')).toContain('/betala/simulator/');
    const second = await app.request(`/${city.slug}/kampanj/dubbla-vardet`, form(anon, { email: 'bo@example.test', quantity: '1', paymentMethod: 'simulator' }));
    expect(await second.text()).toContain('Slutsålt');
  });
});
