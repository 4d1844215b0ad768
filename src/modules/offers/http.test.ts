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
  const ownerActor = () => insertUser(ctx().services, 'merchant-owner', city, shop.id);

  const post = (path: string, headers: Record<string, string>, fields: Record<string, string>) => {
    const body = new URLSearchParams(fields);
    body.set('_csrf', headers['x-csrf-token']!);
    return ctx().app.request(path, { method: 'POST', headers: { cookie: headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, body });
  };
  const html = async (path: string, headers?: Record<string, string>) => {
    const res = await ctx().app.request(path, headers ? { headers: { cookie: headers.cookie! } } : {});
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

  it('edits an offer from its prefilled form; the pages show the change at once; mistakes answer 400 in Swedish and change nothing', async () => {
    const [offer] = await ctx().services.offers.validOn(city.id, '2026-12-11', { businessId: shop.id, kind: 'offer' });
    const path = `/${city.slug}/butik/${shop.slug}/erbjudanden/${offer!.id}`;
    expect(await html(`/${city.slug}/butik/${shop.slug}/erbjudanden`, owner)).toContain(`href="${path}" aria-label="Ändra 20 % på vinterjackor"`);
    const form = await html(path, owner);
    expect(form).toContain('<h1>Ändra erbjudande</h1>');
    expect(form).toMatch(/id="title" name="title" type="text" value="20 % på vinterjackor"/);
    expect(form).toMatch(/id="validTo" name="validTo" type="date" value="2026-12-24"/);
    expect(form).toContain('name="_csrf"');
    // Warm the cached public pages: they must forget the offer when it changes.
    expect(await html(`/${city.slug}/erbjudanden`)).toContain('20 % på vinterjackor');
    expect(await html(`/${city.slug}/foretag/${shop.slug}`)).toContain('20 % på vinterjackor');

    const bad = await post(path, owner, { kind: 'offer', title: '30 % på vinterjackor', validFrom: '2026-12-01', validTo: '2026-11-30' });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('Sista dagen kan inte vara före den första.');
    expect(text).toMatch(/name="title" type="text" value="30 % på vinterjackor"/);
    expect((await ctx().services.offers.get((await ownerActor()).actor, city.id, shop.id, offer!.id)).title).toBe('20 % på vinterjackor');

    const saved = await post(path, owner, { kind: 'offer', title: '30 % på vinterjackor', validFrom: '2026-12-01', validTo: '2026-12-31' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/${city.slug}/butik/${shop.slug}/erbjudanden?klart=andrat`);
    const town = await html(`/${city.slug}/erbjudanden`);
    expect(town).toContain('30 % på vinterjackor');
    expect(town).toContain('Gäller till och med torsdag 31 december');
    expect(town).not.toContain('20 % på vinterjackor');
    expect(await html(`/${city.slug}/foretag/${shop.slug}`)).toContain('30 % på vinterjackor');
    const [entry] = await ctx().services.audit.list(city.id, { entityType: 'offer', entityId: offer!.id });
    expect(entry).toMatchObject({ action: 'offer.update', data: { businessId: shop.id, changed: ['title', 'validTo'] } });
  });

  it("keeps an offer to its own business and city, and every edit form to its CSRF token", async () => {
    const [offer] = await ctx().services.offers.validOn(city.id, '2026-12-11', { businessId: shop.id, kind: 'offer' });
    const neighbourOwner = await sessionHeaders(ctx().services, (await insertUser(ctx().services, 'merchant-owner', city, neighbour.id)).userId);
    // Under the neighbour's own address the offer is not found; the shop's pages are closed to the neighbour.
    expect((await ctx().app.request(`/${city.slug}/butik/${neighbour.slug}/erbjudanden/${offer!.id}`, { headers: { cookie: neighbourOwner.cookie! } })).status).toBe(404);
    expect((await post(`/${city.slug}/butik/${neighbour.slug}/erbjudanden/${offer!.id}`, neighbourOwner, { kind: 'offer', title: 'Kapat', validFrom: '2026-12-01', validTo: '2026-12-31' })).status).toBe(404);
    expect((await post(`/${city.slug}/butik/${shop.slug}/erbjudanden/${offer!.id}`, neighbourOwner, { kind: 'offer', title: 'Kapat', validFrom: '2026-12-01', validTo: '2026-12-31' })).status).toBe(403);
    const elsewhere = await insertCity(ctx().services);
    const otherOwner = await insertUser(ctx().services, 'merchant-owner', elsewhere, shop.id);
    await expect(ctx().services.offers.update(otherOwner.actor, elsewhere.id, shop.id, offer!.id, { kind: 'offer', title: 'Kapat', validFrom: '2026-12-01', validTo: '2026-12-31' })).rejects.toMatchObject({ code: 'offers.not_found' });
    await expect(ctx().services.offers.update(otherOwner.actor, city.id, shop.id, offer!.id, { kind: 'offer', title: 'Kapat', validFrom: '2026-12-01', validTo: '2026-12-31' })).rejects.toMatchObject({ code: 'forbidden' });
    const body = new URLSearchParams({ kind: 'offer', title: 'Utan token', validFrom: '2026-12-01', validTo: '2026-12-31' });
    const noToken = await ctx().app.request(`/${city.slug}/butik/${shop.slug}/erbjudanden/${offer!.id}`, { method: 'POST', headers: { cookie: owner.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(noToken.status).toBe(403);
    expect((await ctx().services.offers.get((await ownerActor()).actor, city.id, shop.id, offer!.id)).title).toBe('30 % på vinterjackor');
  });

  it('removes an offer and the business page forgets it at once', async () => {
    const [offer] = await ctx().services.offers.validOn(city.id, '2026-12-11', { businessId: shop.id, kind: 'offer' });
    expect(await html(`/${city.slug}/foretag/${shop.slug}`)).toContain('30 % på vinterjackor');
    expect((await post(`/${city.slug}/butik/${shop.slug}/erbjudanden/${offer!.id}/ta-bort`, owner, {})).status).toBe(303);
    expect(await html(`/${city.slug}/foretag/${shop.slug}`)).not.toContain('30 % på vinterjackor');
  });
});
