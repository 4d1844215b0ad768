/**
 * The markup live-filter.js relies on, on the four filtered pages: the script tag, the
 * form, each region by id (in the filtered answer too, or the script falls back to a
 * full load), one status line outside every region. The browser side is
 * test/e2e/filters.spec.ts.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.js';
import { insertBusiness, insertCity } from './factories/index.js';
import type { City } from '../src/modules/cities/index.js';

const pages: Array<{ path: string; filtered: string; regions: string[]; form: boolean }> = [
  { path: 'lunch', filtered: 'kost=vegetarisk&maxpris=120', regions: ['lunch-rubrik', 'lunch-dagar', 'lunch-filter', 'lunch-resultat'], form: true },
  { path: 'evenemang', filtered: 'kategori=musik&gratis=1&vy=kalender', regions: ['evenemang-vy', 'evenemang-filter', 'evenemang-resultat'], form: true },
  { path: 'erbjudanden', filtered: 'typ=tjanst', regions: ['erbjudanden-typ', 'erbjudanden-resultat'], form: false },
  { path: 'foretag', filtered: 'q=bok&tjanst=home_delivery&oppet=1', regions: ['foretag-filter', 'foretag-rensa', 'foretag-resultat'], form: true },
];

describeEachDatabase('filters without reload: the markup the script swaps', (ctx) => {
  let city: City;
  beforeAll(async () => {
    city = await insertCity(ctx().services);
    await insertBusiness(ctx().services, city, { name: 'Bokhandeln', category: 'bocker' });
  });

  it('marks the form, the regions and the status line on every filtered page, filtered or not', async () => {
    for (const p of pages) {
      for (const query of ['', `?${p.filtered}`, `?${p.filtered}`.replace(/^\?/, '?x=1&')]) {
        const url = `/${city.slug}/${p.path}${query}`;
        const res = await ctx().app.request(url);
        expect(res.status, url).toBe(200);
        expect(res.headers.get('vary'), url).toBeNull(); // the same page for the script and for a browser
        const html = await res.text();
        expect(html, url).toContain('<script type="module" src="/static/live-filter.js"></script>');
        expect(html.includes('data-live-filter'), url).toBe(p.form);
        const regions = [...html.matchAll(/<[a-z0-9]+ [^>]*id="([^"]+)"[^>]*data-live-region/g)].map((m) => m[1]);
        expect(regions, url).toEqual(p.regions);
        const status = [...html.matchAll(/<p [^>]*role="status" data-live-status/g)];
        expect(status.length, url).toBe(1);
      }
    }
  });

  it('serves the script from our own host, small', async () => {
    const res = await ctx().app.request('/static/live-filter.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const { gzipSync } = await import('node:zlib');
    expect(gzipSync(Buffer.from(await res.arrayBuffer())).length).toBeLessThan(4 * 1024);
  });
});
