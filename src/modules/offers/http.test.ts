import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../test/factories/index.js';
import type { City } from '../cities/index.js';
import type { Business } from '../members/index.js';

// The harness clock: Friday 11 December 2026 in Stockholm.
describeEachDatabase('offers', (ctx) => {
  let city: City;
  let shop: Business;
  let neighbour: Business;
  let owner: Record<string, string>;

  const post = (path: string, headers: Record<string, string>, fields: Record<string, string>) => {
    const body = new URLSearchParams(fields);
    body.set('_csrf', headers['x-csrf-token']!);
    return ctx().app.request(path, { method: 'POST', headers: { cookie: headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, body });
  };
  const html = async (path: string) => {
    const res = await ctx().app.request(path);
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    const s = ctx().services;
    city = await insertCity(s, { name: 'Erbjudköping' });
    shop = await insertBusiness(s, city, { name: 'Jackboden' });
    neighbour = await insertBusiness(s, city, { name: 'Grannen' });
    owner = await sessionHeaders(s, (await insertUser(s, 'merchant-owner', city, shop.id)).userId);
  });

  it('publishes an offer and a service from the merchant page; both show in town and on the business page', async () => {
    const base = `/${city.slug}/butik/${shop.slug}/erbjudanden`;
    expect((await post(base, owner, { kind: 'offer', title: '20 % på vinterjackor', validFrom: '2026-12-01', validTo: '2026-12-24' })).status).toBe(303);
    expect((await post(base, owner, { kind: 'service', service: 'home_delivery', title: 'Vi kör hem inom stan', validFrom: '2026-01-01' })).status).toBe(303);
    expect((await post(base, owner, { kind: 'offer', title: 'Gammal rea', validFrom: '2026-11-01', validTo: '2026-11-30' })).status).toBe(303);

    const page = await html(`/${city.slug}/erbjudanden`);
    expect(page).toContain('20 % på vinterjackor');
    expect(page).toContain('Gäller till och med torsdag 24 december');
    expect(page).toContain('Hemleverans: Vi kör hem inom stan');
    expect(page).not.toContain('Gammal rea');
    expect(await html(`/${city.slug}/erbjudanden?typ=tjanst`)).not.toContain('vinterjackor');
    expect(await html(`/${city.slug}/foretag/${shop.slug}`)).toContain('20 % på vinterjackor');
    expect(await html(`/${city.slug}/foretag/${neighbour.slug}`)).not.toContain('vinterjackor');

    const api = (await (await ctx().app.request(`/api/v1/cities/${city.slug}/offers?kind=offer`)).json()) as { items: Array<{ title: string; business: { slug: string } }> };
    expect(api.items.map((i) => i.title)).toEqual(['20 % på vinterjackor']);
  });

  it('refuses an offer without an end date, and other businesses', async () => {
    const res = await post(`/${city.slug}/butik/${shop.slug}/erbjudanden`, owner, { kind: 'offer', title: 'Evigt', validFrom: '2026-12-01' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Ett erbjudande behöver ett sista datum.');
    const other = await post(`/${city.slug}/butik/${neighbour.slug}/erbjudanden`, owner, { kind: 'service', service: 'booking', title: 'Intrång', validFrom: '2026-12-01' });
    expect(other.status).toBe(403);
  });

  it('removes an offer and the business page forgets it at once', async () => {
    const [offer] = await ctx().services.offers.validOn(city.id, '2026-12-11', { businessId: shop.id, kind: 'offer' });
    expect((await post(`/${city.slug}/butik/${shop.slug}/erbjudanden/${offer!.id}/ta-bort`, owner, {})).status).toBe(303);
    expect(await html(`/${city.slug}/foretag/${shop.slug}`)).not.toContain('20 % på vinterjackor');
  });
});
