import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { seedDirectoryTown, type DirectoryTown } from './test-fixtures.js';

type Item = { slug: string; name: string; orgNumber?: string; openNow: boolean; url: string; services: string[]; category: string; phone: string | null };
type ListBody = { items: Item[]; nextCursor: string | null };

describeEachDatabase('directory API', (ctx) => {
  let town: DirectoryTown;
  const base = () => `/api/v1/cities/${town.city.slug}/businesses`;
  const get = (path: string) => ctx().app.request(path);
  const list = async (query = ''): Promise<ListBody> => {
    const res = await get(`${base()}${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as ListBody;
  };
  const names = (body: ListBody) => body.items.map((i) => i.name);

  beforeAll(async () => {
    town = await seedDirectoryTown(ctx());
  });

  it('lists the city’s live businesses in Swedish order, Å Ä Ö last', async () => {
    const body = await list('?limit=100');
    const all = names(body);
    expect(all).toContain('Kaffebaren');
    expect(all).not.toContain('Stängda Butiken');
    expect(all).not.toContain('Grannens Kaffe');
    expect(all.indexOf('Åkessons')).toBeGreaterThan(all.indexOf('Zetas'));
    expect(all.indexOf('Ängel')).toBeGreaterThan(all.indexOf('Åkessons'));
    expect(all.at(-1)).toBe('Ölstugan');
    expect(body.nextCursor).toBeNull();
  });

  it('answers the public shape, with the page path and a phone in E.164', async () => {
    const body = await list('?q=kaffebaren');
    const item = body.items.find((i) => i.slug === 'kaffebaren')!;
    expect(item).toMatchObject({
      name: 'Kaffebaren',
      category: 'kafe',
      categoryLabel: 'Kaféer & konditorier',
      address: { street: 'Torggatan 3', postalCode: '532 30', postalTown: 'Provköping' },
      location: { lat: 58.39, lng: 13.845 },
      phone: '+46701234567',
      email: 'hej@kaffebaren.example',
      isMember: true,
      openNow: true,
      url: `/${town.city.slug}/foretag/kaffebaren`,
      orgNumber: town.kaffebaren.orgNumber,
    });
    expect(item.services).toEqual(['take_away', 'giftcard']);
  });

  it('finds by search, prefix and typo alike', async () => {
    expect(names(await list('?q=kaffe'))).toContain('Kaffebaren');
    expect(names(await list('?q=kafe'))).toContain('Kaffebaren');
    expect(names(await list('?q=kafe'))).toContain('Kafé Ljuset');
    expect(names(await list('?q=kaffe'))).not.toContain('Zetas');
  });

  it('pages with a cursor: every business exactly once at limit=2', async () => {
    const everything = (await list('?limit=100')).items.map((i) => i.slug);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body: ListBody = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((i) => i.slug));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen).toEqual(everything);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by category (repeated or comma list), service and open now', async () => {
    const sameSet = async (query: string, expected: string[]) => expect(names(await list(query)).sort(), query).toEqual([...expected].sort());
    await sameSet('?kategori=kafe', ['Kafé Ljuset', 'Kaffebaren']);
    await sameSet('?category=kafe,bar', ['Bar </script><script>alert(1)</script>', 'Kafé Ljuset', 'Kaffebaren', 'Ölstugan']);
    await sameSet('?kategori=kafe&kategori=skor', ['Kafé Ljuset', 'Kaffebaren', 'Åkessons']);
    expect(names(await list('?service=home_delivery'))).toEqual(['Zetas']);
    expect(names(await list('?service=take_away&service=giftcard'))).toEqual(['Kaffebaren']);

    const open = await list('?openNow=true&limit=100');
    expect(open.items.every((i) => i.openNow)).toBe(true);
    expect(names(open)).toContain('Kaffebaren');
    expect(names(open)).not.toContain('Ölstugan');
    const all = await list('?limit=100');
    expect(all.items.find((i) => i.name === 'Ölstugan')?.openNow).toBe(false);
    expect(names(await list('?openNow=1&category=bar'))).toEqual(['Bar </script><script>alert(1)</script>']);
  });

  it('never publishes a sole trader’s personnummer', async () => {
    const digits = town.personnummer.replace('-', '');
    for (const path of [`${base()}?limit=100`, `${base()}?q=cykel`, `${base()}/${town.soleTrader.slug}`]) {
      const text = await (await get(path)).text();
      expect(text).toContain('Bosses Cykelverkstad');
      expect(text).not.toContain(town.personnummer);
      expect(text).not.toContain(digits);
    }
    const item = (await (await get(`${base()}/${town.soleTrader.slug}`)).json()) as Item;
    expect(item).not.toHaveProperty('orgNumber');
  });

  it('answers one business by slug, and 308 from a former slug', async () => {
    const res = await get(`${base()}/kaffebaren`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Item).name).toBe('Kaffebaren');

    const moved = await get(`${base()}/gamla-bokhandeln`);
    expect(moved.status).toBe(308);
    expect(moved.headers.get('location')).toBe(`${base()}/nya-bokhandeln`);
  });

  it('is a 404 problem for unknown, archived and other cities’ businesses', async () => {
    for (const slug of ['finns-inte', 'stangda-butiken', 'grannens-kaffe', 'INVALID_slug!']) {
      const res = await get(`${base()}/${encodeURIComponent(slug)}`);
      expect(res.status, slug).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { code: string }).code).toBe('members.business_not_found');
    }
    const found = await get(`/api/v1/cities/${town.other.slug}/businesses/grannens-kaffe`);
    expect(found.status).toBe(200);
  });

  it('is a 404 problem for an unknown city', async () => {
    const res = await get('/api/v1/cities/ingen-sadan-stad/businesses');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe('city.not_found');
  });

  it('rejects bad input with a validation problem listing errors', async () => {
    for (const query of ['?color=red', '?limit=101', '?limit=0', '?limit=abc', `?q=${'a'.repeat(101)}`, '?kategori=bilar', '?service=teleportation', '?openNow=maybe', '?cursor=not-a-cursor']) {
      const res = await get(`${base()}${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as { code: string; errors: Array<{ path: string }> };
      expect(body.code).toBe('validation');
      expect(body.errors.length, query).toBeGreaterThan(0);
    }
  });

  it('is documented in OpenAPI', async () => {
    const doc = (await (await get('/api/openapi.json')).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.paths).toHaveProperty('/api/v1/cities/{city}/businesses');
    expect(doc.paths).toHaveProperty('/api/v1/cities/{city}/businesses/{slug}');
    expect(doc.components.schemas).toHaveProperty('Business');
  });
});
