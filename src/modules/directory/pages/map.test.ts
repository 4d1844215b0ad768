import { gzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/harness.js';
import { insertBusiness, insertCity } from '../../../../test/factories/index.js';
import { systemActor } from '../../../platform/auth/roles.js';
import type { City } from '../../cities/index.js';

describeEachDatabase('the city map', (ctx) => {
  let city: City;
  beforeAll(async () => {
    const s = ctx().services;
    city = await insertCity(s, { name: 'Kartstad' });
    const cafe = await insertBusiness(s, city, { name: 'Kartkaféet', category: 'kafe', lat: 58.39, lng: 13.845 });
    await insertBusiness(s, city, { name: 'Utan plats' });
    await s.events.create(systemActor, city.id, { title: 'Kaffeprovning', category: 'mat', startDate: '2026-12-14', startTime: '18:00', placeBusinessId: cafe.id, organiser: 'Föreningen' });
  });

  it('is a list of places first, with the map and its data for the script, Leaflet from our own host', async () => {
    const html = await (await ctx().app.request(`/${city.slug}/karta`)).text();
    expect(html).toContain('<h1>Karta över Kartstad</h1>');
    expect(html).toMatch(/<a href="\/[^"]+\/foretag\/kartkafeet">Kartkaféet<\/a>/);
    expect(html).not.toContain('>Utan plats</a>');
    expect(html).toContain('Evenemang de närmaste två veckorna');
    expect(html).toContain('>Kaffeprovning</a>');
    expect(html).toContain('data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"');
    expect(html).toContain('<script type="module" src="/static/map.js"></script>');
    expect(html).toContain('href="/static/vendor/leaflet/leaflet.css"');
    const leaflet = await ctx().app.request('/static/vendor/leaflet/leaflet-src.esm.js');
    expect(leaflet.status).toBe(200);
  });

  it('shows the live crowd level of counted businesses, linking to their window display', async () => {
    const s = ctx().services;
    await s.occupancy.configure(systemActor, city.id, 'kartkafeet', { capacity: 10 });
    await s.occupancy.record(systemActor, city.id, 'kartkafeet', { count: 8 });
    // Another address than the first test's: public pages are kept for a few seconds.
    const html = await (await ctx().app.request(`/${city.slug}/karta?visa=trangsel`)).text();
    expect(html).toContain('Trängsel just nu');
    expect(html).toMatch(/<a href="\/[^"]+\/live\/kartkafeet">Kartkaféet<\/a>/);
    expect(html).toContain('Det börjar bli fullt (8 / 10)');
  });

  it('keeps our own script within 30 KB gzip on every guide page (the map has the most; Leaflet comes on top)', async () => {
    const script = Buffer.from(await (await ctx().app.request('/static/map.js')).arrayBuffer());
    expect(script.length).toBeGreaterThan(100);
    const sizes: Record<string, number> = {};
    for (const path of [`/${city.slug}/karta`, `/${city.slug}/lunch`, `/${city.slug}/evenemang`, `/${city.slug}/erbjudanden`, `/${city.slug}/foretag`]) {
      const html = await (await ctx().app.request(path)).text();
      const own = [...html.matchAll(/<script[^>]* src="(\/static\/[^"]+)"/g)].map((m) => m[1]!).filter((src) => !src.startsWith('/static/vendor/'));
      let total = 0;
      for (const src of own) total += gzipSync(Buffer.from(await (await ctx().app.request(src)).arrayBuffer())).length;
      sizes[path] = total;
      expect(total, path).toBeLessThanOrEqual(30 * 1024);
      // No inline script anywhere (CSP), only files from our own host.
      expect(html.match(/<script(?![^>]* src=")(?![^>]*application\/(ld\+)?json)[^>]*>/g), path).toBeNull();
    }
    // The filtered lists carry the filter script alone (a few kB).
    for (const path of ['lunch', 'evenemang', 'erbjudanden', 'foretag']) expect(sizes[`/${city.slug}/${path}`], path).toBeLessThan(4 * 1024);
    expect(sizes[`/${city.slug}/karta`]).toBeGreaterThan(0);
  });
});
