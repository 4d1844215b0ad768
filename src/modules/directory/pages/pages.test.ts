import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/harness.js';
import { insertBusiness, insertCity } from '../../../../test/factories/index.js';
import type { City } from '../../cities/index.js';
import { seedDirectoryTown, type DirectoryTown } from '../test-fixtures.js';

const jsonLdOf = (html: string): Record<string, unknown> => {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no JSON-LD in page');
  return JSON.parse(match[1]!) as Record<string, unknown>;
};

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

describeEachDatabase('directory pages', (ctx) => {
  let town: DirectoryTown;
  let big: City;
  const get = (path: string, init?: RequestInit) => ctx().app.request(path, init);
  const html = async (path: string, status = 200): Promise<string> => {
    const res = await get(path);
    const text = await res.text();
    expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(status);
    return text;
  };
  const list = () => `/${town.city.slug}/foretag`;

  beforeAll(async () => {
    town = await seedDirectoryTown(ctx());
    big = await insertCity(ctx().services, { name: 'Storstad' });
    for (let i = 1; i <= 33; i++) await insertBusiness(ctx().services, big, { name: `Butik ${String(i).padStart(2, '0')}` });
  });

  it('lists the businesses in Swedish order with the search form and statuses', async () => {
    const page = await html(list());
    expect(page).toContain('<html lang="sv">');
    expect(page).toContain('<h1>Företag i Provköping</h1>');
    expect(page).toMatch(/<label for="q">Sök bland företagen<\/label>/);
    expect(page).toContain('name="q"');
    expect(page).toMatch(/<select id="kategori" name="kategori">/);
    expect(page).toMatch(/<optgroup label="Mat och dryck">/);
    expect(page).toContain('name="tjanst" value="giftcard"');
    expect(page).toContain('name="oppet" value="1"');
    expect(page).toContain('>Sök</button>');
    expect(page).toContain('<p class="result-count" role="status" data-live-status="true">9 företag</p>');
    expect(page).toContain('<ul class="grid">');
    expect(page).toContain(`href="/${town.city.slug}/foretag/kaffebaren">Kaffebaren</a>`);
    expect(page).toContain('<p class="status status-open">Öppet nu, stänger kl. 18</p>');
    expect(page).toContain('<p class="status status-closed">Stängt, öppnar kl. 16</p>');
    expect(page).toContain('<li class="chip">Avhämtning</li>');
    const order = ['Zetas', 'Åkessons', 'Ängel', 'Ölstugan'].map((n) => page.indexOf(`>${n}</a>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).not.toContain('Stängda Butiken');
    expect(page).not.toContain('Grannens Kaffe');
    expect(page).not.toContain('Visa fler');
  });

  it('searches, counts hits and filters', async () => {
    const hits = await html(`${list()}?q=kaffe`);
    expect(hits).toMatch(/<p class="result-count" role="status" data-live-status="true">\d+ träff(ar)? för ”kaffe”<\/p>/);
    expect(hits).toContain('>Kaffebaren</a>');
    expect(hits).toContain('value="kaffe"');
    expect(await html(`${list()}?q=kafe`)).toContain('>Kafé Ljuset</a>');

    const delivery = await html(`${list()}?tjanst=home_delivery`);
    expect(delivery).toContain('<p class="result-count" role="status" data-live-status="true">1 företag</p>');
    expect(delivery).toContain('>Zetas</a>');
    expect(delivery).toMatch(/name="tjanst" value="home_delivery" checked/);

    const cafes = await html(`${list()}?kategori=kafe`);
    expect(cafes).toContain('<p class="result-count" role="status" data-live-status="true">2 företag</p>');
    expect(cafes).toMatch(/<option value="kafe" selected/);

    const open = await html(`${list()}?oppet=1`);
    expect(open).not.toContain('>Ölstugan</a>');
    expect(open).not.toContain('status-closed');
    expect(open).toContain('>Kaffebaren</a>');
  });

  it('shows a friendly empty state that offers to clear the filters', async () => {
    const page = await html(`${list()}?q=xyzzyqwertyplugh`);
    expect(page).toContain('0 träffar för ”xyzzyqwertyplugh”');
    expect(page).toContain('Inga företag matchar din sökning.');
    expect(page).toContain(`<a href="${list()}">rensa filtren</a>`);
  });

  it('pages with “Visa fler”, every business exactly once', async () => {
    let path: string | null = `/${big.slug}/foretag`;
    const seen: string[] = [];
    let pages = 0;
    while (path && pages < 5) {
      const page = await html(path);
      expect(page).toContain('33 företag');
      seen.push(...[...page.matchAll(/>(Butik \d\d)<\/a>/g)].map((m) => m[1]!));
      const next = /<a href="([^"]+)" rel="next">Visa fler<\/a>/.exec(page);
      path = next ? decode(next[1]!) : null;
      pages++;
    }
    expect(pages).toBe(2);
    expect(seen).toHaveLength(33);
    expect(new Set(seen).size).toBe(33);
    expect(seen[0]).toBe('Butik 01');
    expect(seen.at(-1)).toBe('Butik 33');
  });

  it('shows a business: status, hours with today marked, special days, contact and JSON-LD', async () => {
    const page = await html(`/${town.city.slug}/foretag/kaffebaren`);
    expect(page).toContain('<h1>Kaffebaren</h1>');
    expect(page.match(/<h1[ >]/g)).toHaveLength(1);
    expect(page).toContain('Kaféer &amp; konditorier');
    expect(page).toContain('Öppet nu, stänger kl. 18');
    expect(page).toMatch(/<tr class="today"><th scope="row">måndag–fredag<span> \(idag\)<\/span><\/th><td>kl. 8–18<\/td><\/tr>/);
    expect(page).toContain('<th scope="row">lördag</th><td>kl. 9–15</td>');
    expect(page).toContain('<th scope="row">söndag</th><td>stängt</td>');
    expect(page).toContain('julafton 24 december: stängt');
    expect(page).toContain('nyårsafton 31 december: kl. 9–13');
    expect(page).not.toContain('1 februari'); // more than 30 days ahead
    expect(page).toContain('href="tel:+46701234567">070-123 45 67</a>');
    expect(page).toContain('href="mailto:hej@kaffebaren.example"');
    expect(page).toContain('<dt>Org.nr</dt><dd>' + town.kaffebaren.orgNumber + '</dd>');
    expect(page).toContain(decode('https://www.openstreetmap.org/?mlat=58.39&amp;mlon=13.845#map=18/58.39/13.845').replace(/&/g, '&amp;'));
    expect(page).toContain(town.kaffebaren.orgNumber);
    expect(page).toContain(`<a href="/${town.city.slug}/foretag">Företag</a>`);

    const ld = jsonLdOf(page);
    expect(ld['@type']).toBe('CafeOrCoffeeShop');
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      name: 'Kaffebaren',
      telephone: '+46701234567',
      address: { '@type': 'PostalAddress', streetAddress: 'Torggatan 3', postalCode: '532 30', addressLocality: 'Provköping', addressCountry: 'SE' },
      geo: { '@type': 'GeoCoordinates', latitude: 58.39, longitude: 13.845 },
    });
    expect(String(ld.url)).toMatch(new RegExp(`/${town.city.slug}/foretag/kaffebaren$`));
    expect(ld.openingHoursSpecification).toContainEqual(expect.objectContaining({ dayOfWeek: expect.arrayContaining(['https://schema.org/Monday']), opens: '08:00:00', closes: '18:00:00' }));
    expect(ld.specialOpeningHoursSpecification).toContainEqual(expect.objectContaining({ validFrom: '2026-12-24', opens: '00:00:00', closes: '00:00:00' }));
  });

  it('picks the schema.org type by category', async () => {
    expect(jsonLdOf(await html(`/${town.city.slug}/foretag/${town.olstugan.slug}`))['@type']).toBe('BarOrPub');
    expect(jsonLdOf(await html(`/${town.city.slug}/foretag/${town.akessons.slug}`))['@type']).toBe('ShoeStore');
    expect(jsonLdOf(await html(`/${town.city.slug}/foretag/${town.soleTrader.slug}`))['@type']).toBe('LocalBusiness');
  });

  it('never shows a sole trader’s personnummer', async () => {
    const digits = town.personnummer.replace('-', '');
    for (const path of [list(), `${list()}?q=cykel`, `${list()}/${town.soleTrader.slug}`, `/en${list()}/${town.soleTrader.slug}`]) {
      const page = await html(path);
      expect(page).toContain('Bosses Cykelverkstad');
      expect(page).not.toContain(town.personnummer);
      expect(page).not.toContain(digits);
      expect(page).not.toContain('Org.nr');
    }
  });

  it('cannot be broken out of by a business name', async () => {
    const page = await html(`${list()}/hostile`);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('\\u003c/script\\u003e');
    expect(jsonLdOf(page).name).toBe('Bar </script><script>alert(1)</script>');
  });

  it('redirects a former slug with 301, keeping the language', async () => {
    const res = await get(`${list()}/gamla-bokhandeln`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`${list()}/nya-bokhandeln`);
    const en = await get(`/en${list()}/gamla-bokhandeln`);
    expect(en.status).toBe(301);
    expect(en.headers.get('location')).toBe(`/en${list()}/nya-bokhandeln`);
  });

  it('answers the 404 page for unknown, archived and other cities’ businesses, and unknown cities', async () => {
    for (const path of [`${list()}/finns-inte`, `${list()}/stangda-butiken`, `${list()}/grannens-kaffe`, '/ingen-sadan-stad/foretag', '/ingen-sadan-stad/foretag/kaffebaren']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('text/html');
    }
    expect(await html(`/${town.other.slug}/foretag/grannens-kaffe`)).toContain('<h1>Grannens Kaffe</h1>');
  });

  it('speaks English under /en', async () => {
    const page = await html(`/en${list()}`);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1>Businesses in Provköping</h1>');
    expect(page).toContain('Search the businesses');
    expect(page).toContain('9 businesses');
    expect(page).toContain('Open now, closes at 18:00');
    expect(page).toContain(`href="/en/${town.city.slug}/foretag/kaffebaren"`);
    expect(page).toContain('Cafés &amp; bakeries');
    expect(await html(`/en${list()}?q=kaffe`)).toMatch(/\d+ results? for “kaffe”/);

    const business = await html(`/en${list()}/kaffebaren`);
    expect(business).toContain('Espresso and cinnamon buns by the square.');
    expect(business).toContain('Opening hours');
    expect(business).toContain('Monday–Friday');
    expect(business).toContain('Christmas Eve 24 December: closed');
  });
});
