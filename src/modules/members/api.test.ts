/**
 * The members admin API through `app.request()`: API keys and sessions, strict bodies,
 * the merchant's limits, problem+json, the CSV import and the OpenAPI document.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { apiKeyFor, buildBusinessInput, buildOrgNumber, insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../test/factories/index.js';

describeEachDatabase('members API', (ctx) => {
  const send = (method: string, path: string, auth: Record<string, string>, body?: unknown, contentType = 'application/json') =>
    ctx().app.request(path, { method, headers: { ...auth, ...(body !== undefined ? { 'content-type': contentType } : {}) }, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('creates a business for an admin key: 201 with orgNumber', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const key = await apiKeyFor(services, city, 'association-admin');
    const input = buildBusinessInput({ name: 'Järnhandeln' });
    const res = await send('POST', `/api/v1/cities/${city.slug}/businesses`, bearer(key), input);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ slug: 'jarnhandeln', name: 'Järnhandeln', orgNumber: input.orgNumber, phone: '+46701234567', archivedAt: null });
    expect((await services.members.lookup(city.id, 'jarnhandeln'))).toMatchObject({ business: { id: body.id } });
  });

  it('refuses unknown fields with 400 and one error per field', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const key = await apiKeyFor(services, city, 'association-admin');
    const res = await send('POST', `/api/v1/cities/${city.slug}/businesses`, bearer(key), { ...buildBusinessInput(), colour: 'red', opening_hours: {} });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await res.json();
    expect(problem).toMatchObject({ code: 'validation', status: 400, type: '/problems/validation' });
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/colour', code: 'unrecognized_keys' }), expect.objectContaining({ path: '/opening_hours', code: 'unrecognized_keys' })]));
    expect(await services.members.count(city.id)).toBe(0);
  });

  it('reports invalid values with their paths', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const key = await apiKeyFor(services, city, 'association-admin');
    const res = await send('POST', `/api/v1/cities/${city.slug}/businesses`, bearer(key), buildBusinessInput({ orgNumber: '556036-0794', category: 'okand' as 'mode' }));
    expect(res.status).toBe(400);
    const paths = (await res.json()).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/orgNumber', '/category']));
  });

  it('answers 401 without credentials, 403 for another city’s key or a merchant key, 415 for a form body', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const other = await insertCity(services);
    const b = await insertBusiness(services, city);
    const path = `/api/v1/cities/${city.slug}/businesses`;
    expect((await send('POST', path, {}, buildBusinessInput())).status).toBe(401);
    const foreign = await apiKeyFor(services, other, 'association-admin');
    const refused = await send('POST', path, bearer(foreign), buildBusinessInput());
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('forbidden');
    expect((await send('PATCH', `${path}/${b.slug}`, bearer(foreign), { description: 'x' })).status).toBe(403);
    expect((await send('POST', `${path}/${b.slug}/archive`, bearer(foreign))).status).toBe(403);
    expect((await send('POST', `${path}/import`, bearer(foreign), 'namn;kategori;organisationsnummer\n', 'text/csv')).status).toBe(403);
    const merchant = await apiKeyFor(services, city, 'merchant-owner', b.id);
    expect((await send('POST', path, bearer(merchant), buildBusinessInput())).status).toBe(403);
    const admin = await apiKeyFor(services, city, 'association-admin');
    expect((await send('POST', path, bearer(admin), 'name=x', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect(await services.members.count(city.id)).toBe(1);
  });

  it('lets a merchant owner PATCH the listing, not the legal facts, and not another business', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const mine = await insertBusiness(services, city, { name: 'Min butik' });
    const theirs = await insertBusiness(services, city);
    const key = await apiKeyFor(services, city, 'merchant-owner', mine.id);
    const base = `/api/v1/cities/${city.slug}/businesses`;

    const ok = await send('PATCH', `${base}/${mine.slug}`, bearer(key), { description: 'Nytt sortiment.', openingHours: { regular: [{ day: 6, opens: '10:00', closes: '14:00' }], special: [] } });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({ description: 'Nytt sortiment.', openingHours: { regular: [{ day: 6, opens: '10:00', closes: '14:00' }] } });
    expect(body.orgNumber).toBeUndefined();

    const legal = await send('PATCH', `${base}/${mine.slug}`, bearer(key), { name: 'Nytt namn', orgNumber: buildOrgNumber() });
    expect(legal.status).toBe(403);
    expect((await legal.json()).detail).toContain('name, orgNumber');
    expect((await send('PATCH', `${base}/${mine.slug}`, bearer(key), { bogus: 1 })).status).toBe(400);
    expect((await send('PATCH', `${base}/${theirs.slug}`, bearer(key), { description: 'Kapad' })).status).toBe(403);
    expect((await send('POST', `${base}/${mine.slug}/archive`, bearer(key))).status).toBe(403);
    expect((await services.members.getById(city.id, mine.id))!.name).toBe('Min butik');

    const staff = await apiKeyFor(services, city, 'merchant-staff', mine.id);
    expect((await send('PATCH', `${base}/${mine.slug}`, bearer(staff), { description: 'Personalen' })).status).toBe(403);
  });

  it('lets an admin change everything, follows a renamed slug with 308, archives and restores', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const b = await insertBusiness(services, city, { name: 'Gamla namnet' });
    const key = await apiKeyFor(services, city, 'association-admin');
    const base = `/api/v1/cities/${city.slug}/businesses`;
    const renamed = await send('PATCH', `${base}/${b.slug}`, bearer(key), { name: 'Nya namnet', slug: 'nya-namnet', isMember: false });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ slug: 'nya-namnet', name: 'Nya namnet', isMember: false, orgNumber: b.orgNumber });
    const moved = await send('PATCH', `${base}/${b.slug}`, bearer(key), { description: 'x' });
    expect(moved.status).toBe(308);
    expect(moved.headers.get('location')).toBe(`${base}/nya-namnet`);
    expect((await send('PATCH', `${base}/finns-inte`, bearer(key), { description: 'x' })).status).toBe(404);

    const archived = await send('POST', `${base}/nya-namnet/archive`, bearer(key));
    expect(archived.status).toBe(200);
    expect((await archived.json()).archivedAt).not.toBeNull();
    const locked = await send('PATCH', `${base}/nya-namnet`, bearer(key), { description: 'x' });
    expect(locked.status).toBe(409);
    expect((await locked.json()).code).toBe('members.archived');
    expect((await (await send('POST', `${base}/nya-namnet/restore`, bearer(key))).json()).archivedAt).toBeNull();
  });

  it('accepts a browser session with the CSRF header', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await sessionHeaders(services, admin.userId);
    const path = `/api/v1/cities/${city.slug}/businesses`;
    expect((await send('POST', path, headers, buildBusinessInput())).status).toBe(201);
    const { 'x-csrf-token': _token, ...withoutToken } = headers;
    expect((await send('POST', path, withoutToken, buildBusinessInput())).status).toBe(403);
  });

  it('imports CSV: nothing and a row-by-row report when a row is bad, all when good', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const key = await apiKeyFor(services, city, 'association-admin');
    const path = `/api/v1/cities/${city.slug}/businesses/import`;
    const header = 'namn;kategori;organisationsnummer;postnummer';
    const bad = [header, `Skomakaren;skor;${buildOrgNumber()};53230`, `Felaktiga AB;mode;123;53230`, `Glasögonhuset;optik;${buildOrgNumber()};ABC`].join('\n');
    const failed = await send('POST', path, bearer(key), bad, 'text/csv; charset=utf-8');
    expect(failed.status).toBe(400);
    const problem = await failed.json();
    expect(problem.code).toBe('members.import_failed');
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/rows/2/orgNumber' }), expect.objectContaining({ path: '/rows/3/postalCode' })]));
    expect(await services.members.count(city.id)).toBe(0);

    const good = `\uFEFF${[header, `Skomakaren;skor;${buildOrgNumber()};53230`, `Glasögonhuset;Optik;${buildOrgNumber()};532 31`].join('\r\n')}`;
    const ok = await send('POST', path, bearer(key), good, 'text/csv');
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ created: 2, slugs: ['skomakaren', 'glasogonhuset'] });
    expect(await services.members.count(city.id)).toBe(2);
    expect((await send('POST', path, bearer(key), good, 'application/json')).status).toBe(415);
  });

  it('documents its routes in the OpenAPI document, with no GET on businesses', async () => {
    const res = await ctx().app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(Object.keys(doc.paths['/api/v1/cities/{city}/businesses'])).toContain('post');
    expect(Object.keys(doc.paths['/api/v1/cities/{city}/businesses/{slug}'])).toContain('patch');
    expect(doc.paths['/api/v1/cities/{city}/businesses/import'].post.requestBody.content).toHaveProperty('text/csv');
    expect(doc.paths['/api/v1/cities/{city}/businesses/{slug}/archive']).toHaveProperty('post');
    expect(doc.components.schemas).toHaveProperty('MemberBusiness');
  });
});
