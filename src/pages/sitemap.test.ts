import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { insertBusiness, insertCity } from '../../test/factories/index.js';
import { systemActor } from '../platform/auth/roles.js';
import type { City } from '../modules/cities/index.js';

describeEachDatabase('sitemap, robots and Open Graph', (ctx) => {
  let city: City;
  let eventId: string;
  beforeAll(async () => {
    const s = ctx().services;
    city = await insertCity(s, { name: 'Kartköping' });
    await insertBusiness(s, city, { name: 'Kartbutiken', slug: 'kartbutiken' });
    eventId = (await s.events.create(systemActor, city.id, { title: 'Torgdag', category: 'marknad', startDate: '2026-12-12', startTime: '10:00', organiser: 'Föreningen', address: 'Torget' })).id;
  });

  it('lists every public page of every city with absolute URLs and English alternates', async () => {
    const res = await ctx().app.request('http://torget.test/sitemap.xml');
    expect(res.headers.get('content-type')).toContain('application/xml');
    const xml = await res.text();
    for (const p of ['', '/foretag', '/lunch', '/evenemang', '/erbjudanden', '/foretag/kartbutiken', `/evenemang/${eventId}`]) expect(xml).toContain(`<loc>http://torget.test/${city.slug}${p}</loc>`);
    expect(xml).toContain(`hreflang="en" href="http://torget.test/en/${city.slug}/lunch"`);
    expect(await (await ctx().app.request('http://torget.test/robots.txt')).text()).toContain('Sitemap: http://torget.test/sitemap.xml');
  });

  it('gives pages Open Graph tags and an absolute hreflang alternate', async () => {
    const html = await (await ctx().app.request(`http://torget.test/${city.slug}/lunch`)).text();
    expect(html).toContain('<meta property="og:title" content="Dagens lunch, fredag 11 december – Kartköping"/>');
    expect(html).toContain(`<meta property="og:url" content="http://torget.test/${city.slug}/lunch"/>`);
    expect(html).toContain('<meta property="og:locale" content="sv_SE"/>');
    expect(html).toContain(`<link rel="alternate" hreflang="en" href="http://torget.test/en/${city.slug}/lunch"/>`);
    expect(html).toContain(`<link rel="canonical" href="http://torget.test/${city.slug}/lunch"/>`);
  });
});
