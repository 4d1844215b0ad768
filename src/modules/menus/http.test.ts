import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../test/factories/index.js';
import type { City } from '../cities/index.js';
import type { Business } from '../members/index.js';

// The harness clock: Friday 11 December 2026, 11:30 in Stockholm.
const MONDAY = '2026-12-07';

describeEachDatabase('menus pages and API', (ctx) => {
  let city: City;
  let other: City;
  let bistro: Business;
  let shop: Business;
  let owner: Record<string, string>;
  let staff: Record<string, string>;
  let stranger: Record<string, string>;

  const post = async (path: string, headers: Record<string, string>, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    body.set('_csrf', headers['x-csrf-token']!);
    return ctx().app.request(path, { method: 'POST', headers: { cookie: headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, body });
  };
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await ctx().app.request(path, { headers });
    const text = await res.text();
    expect(res.status, text.slice(0, 400)).toBe(200);
    return text;
  };

  beforeAll(async () => {
    const s = ctx().services;
    city = await insertCity(s, { name: 'Lunchköping' });
    other = await insertCity(s);
    bistro = await insertBusiness(s, city, { name: 'Bistro Blå', category: 'restaurang', services: ['giftcard'], street: 'Storgatan 12 B' });
    shop = await insertBusiness(s, city, { name: 'Skobutiken', category: 'skor' });
    owner = await sessionHeaders(s, (await insertUser(s, 'merchant-owner', city, bistro.id)).userId);
    staff = await sessionHeaders(s, (await insertUser(s, 'merchant-staff', city, bistro.id)).userId);
    stranger = await sessionHeaders(s, (await insertUser(s, 'merchant-owner', city, shop.id)).userId);
  });

  it('lets the restaurant enter a day from the phone form and shows it on the lunch page, filtered by diet', async () => {
    const base = `/${city.slug}/butik/${bistro.slug}/lunch`;
    const week = await page(base, owner);
    expect(week).toContain('Lunch vecka 50');
    expect(week).toContain('Kopiera förra veckans lunch');
    expect(await page(`${base}/${MONDAY}/5`, staff)).toContain('<legend>Rätt 1</legend>');

    const saved = await post(`${base}/${MONDAY}/5`, staff, { namn0: 'Pannbiff med lök', pris0: '125', namn1: 'Halloumigryta', beskrivning1: 'med bulgur', pris1: '115 kr', kost1: ['vegetarisk', 'glutenfri'] });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${base}?vecka=${MONDAY}&klart=sparat`);

    const lunch = await page(`/${city.slug}/lunch`);
    expect(lunch).toMatch(/<h1[^>]*>Dagens lunch, fredag 11 december<\/h1>/);
    expect(lunch).toContain('Pannbiff med lök');
    expect(lunch).toContain('Halloumigryta');
    expect(lunch).toMatch(/125\s*kr/);
    expect(lunch).toContain('Serveras nu, till kl. 14');
    expect(lunch).toContain('Här kan du betala med ');
    const veg = await page(`/${city.slug}/lunch?kost=vegetarisk`);
    expect(veg).toContain('Halloumigryta');
    expect(veg).not.toContain('Pannbiff med lök');
    expect(await page(`/${city.slug}/lunch?kost=vegansk`)).toContain('Inga luncher matchar.');
    expect(await page(`/${city.slug}/lunch?maxpris=120`)).not.toContain('Pannbiff med lök');
    expect(await page(`/${city.slug}/lunch?vy=vecka`)).toContain('fredag 11 december');
    // The area filter: the streets the lunch places are on.
    const harbour = await insertBusiness(ctx().services, city, { name: 'Hamnkrogen', category: 'restaurang', street: 'Hamngatan 3' });
    const withAreas = await page(`/${city.slug}/lunch?oppet=`);
    expect(withAreas).toContain('<label for="omrade">Område</label>');
    expect(withAreas).toContain('<option value="Hamngatan">Hamngatan</option>');
    expect(await page(`/${city.slug}/lunch?omrade=Storgatan&_=1`)).toContain('Halloumigryta');
    expect(await page(`/${city.slug}/lunch?omrade=Hamngatan`)).toContain('Inga luncher matchar.');
    const api = await (await ctx().app.request(`/api/v1/cities/${city.slug}/menus?area=Storgatan`)).json();
    expect(api.items.map((i: { business: { slug: string } }) => i.business.slug)).toEqual([bistro.slug]);
    expect(harbour.street).toBe('Hamngatan 3');
    // Another city sees none of it.
    expect(await page(`/${other.slug}/lunch`)).not.toContain('Halloumigryta');
  });

  it('reports mistakes beside the fields and saves nothing', async () => {
    const res = await post(`/${city.slug}/butik/${bistro.slug}/lunch/${MONDAY}/4`, owner, { namn0: 'Fisk', pris0: 'billigt' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Ange priset i kronor, t.ex. 115.');
    expect(html).toContain('aria-invalid="true"');
    expect((await ctx().services.menus.weekOrEmpty(city.id, bistro.id, MONDAY)).days.some((d) => d.day === 4)).toBe(false);
  });

  it('copies last week in one tap, and says so when there is nothing to copy', async () => {
    const next = '2026-12-14';
    const res = await post(`/${city.slug}/butik/${bistro.slug}/lunch/${next}/kopiera`, owner, {});
    expect(res.status).toBe(303);
    const copied = await ctx().services.menus.weekOrEmpty(city.id, bistro.id, next);
    expect(copied.days.find((d) => d.day === 5)?.dishes.map((d) => d.name)).toEqual(['Pannbiff med lök', 'Halloumigryta']);
    const none = await post(`/${city.slug}/butik/${bistro.slug}/lunch/2026-11-02/kopiera`, owner, {});
    expect(none.status).toBe(409);
    expect(await none.text()).toContain('Det finns ingen lunch förra veckan att kopiera.');
  });

  it('keeps other businesses and visitors out', async () => {
    const res = await post(`/${city.slug}/butik/${bistro.slug}/lunch/${MONDAY}/1`, stranger, { namn0: 'Intrång', pris0: '1' });
    expect(res.status).toBe(403);
    const anon = await ctx().app.request(`/${city.slug}/butik/${bistro.slug}/lunch`);
    expect(anon.status).toBe(302);
  });

  it('shows the menu on the business page with schema.org hasMenu, and a change shows at once', async () => {
    const path = `/${city.slug}/foretag/${bistro.slug}`;
    const first = await page(path);
    expect(first).toContain('Lunch vecka 50');
    expect(first).toContain('"hasMenu":{"@type":"Menu"');
    expect(first).toContain('Här kan du betala med Lunchkuponger och Presentkort.');
    await post(`/${city.slug}/butik/${bistro.slug}/lunch/${MONDAY}/5`, owner, { namn0: 'Raggmunk', pris0: '110' });
    const second = await page(path);
    expect(second).toContain('Raggmunk');
    expect(await page(`/${city.slug}/lunch`)).toContain('Raggmunk');
  });

  it('answers the public API with the day and filters', async () => {
    const res = await ctx().app.request(`/api/v1/cities/${city.slug}/menus?date=2026-12-11`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { date: string; items: Array<{ business: { slug: string }; status: string; dishes: Array<{ name: string }> }> };
    expect(body.date).toBe('2026-12-11');
    expect(body.items[0]?.business.slug).toBe(bistro.slug);
    expect(body.items[0]?.status).toBe('serving');
    expect((await ctx().app.request(`/api/v1/cities/${city.slug}/menus?diet=kött`)).status).toBe(400);
    const spec = (await (await ctx().app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(spec.paths['/api/v1/cities/{city}/menus']).toBeDefined();
  });
});
