import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertCity, insertUser, uniqueSuffix } from '../../../test/factories/index.js';
import { systemActor } from '../../platform/auth/roles.js';

describeEachDatabase('cities', (ctx) => {
  it('lists cities on / and serves a city home page in Swedish and English', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services, { name: `Åmål ${uniqueSuffix()}` });
    const home = await app.request('/');
    expect(await home.text()).toContain(city.name);
    const page = await app.request(`/${city.slug}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<html lang="sv"`);
    expect(html).toContain(`Välkommen till ${city.name}`);
    const en = await (await app.request(`/en/${city.slug}`)).text();
    expect(en).toContain(`<html lang="en"`);
    expect(en).toContain(`Welcome to ${city.name}`);
  });

  it('keeps a renamed slug redirecting permanently, pages and API alike', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const newSlug = `ny-${uniqueSuffix()}`;
    await services.cities.update(admin.actor, city.id, { slug: newSlug });
    const page = await app.request(`/${city.slug}/foretag?q=kaffe`);
    expect(page.status).toBe(301);
    expect(page.headers.get('location')).toBe(`/${newSlug}/foretag?q=kaffe`);
    const api = await app.request(`/api/v1/cities/${city.slug}`);
    expect(api.status).toBe(308);
    expect(api.headers.get('location')).toBe(`/api/v1/cities/${newSlug}`);
    // The old slug cannot be taken by another city.
    await expect(services.cities.create(systemActor, { slug: city.slug, name: 'X', associationName: 'Y' })).rejects.toMatchObject({ code: 'city.slug_taken' });
  });

  it('reserves slugs that pages need and answers unknown cities with 404', async () => {
    const { services, app } = ctx();
    for (const slug of ['api', 'admin', 'en', 'static', 'problems', 'natverket', 'open311']) {
      await expect(services.cities.create(systemActor, { slug, name: 'X', associationName: 'Y' })).rejects.toMatchObject({ code: 'city.slug_reserved' });
    }
    const page = await app.request('/finns-inte-stad');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('finns inte');
    const api = await app.request('/api/v1/cities/finns-inte-stad');
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ code: 'city.not_found', type: '/problems/city.not_found' });
  });

  it('only platform admins create cities and only the city’s admin changes it', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const other = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', other);
    await expect(services.cities.create(admin.actor, { slug: `x-${uniqueSuffix()}`, name: 'X', associationName: 'Y' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.cities.update(admin.actor, city.id, { name: 'Kapad' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('serves the city colours as a stylesheet (no inline styles under the CSP)', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const res = await app.request(`/static/theme/${city.slug}.css`);
    expect(res.headers.get('content-type')).toMatch(/text\/css/);
    expect(await res.text()).toContain('--brand:#0b5d4b');
  });

  it('documents the API and every problem type', async () => {
    const { app } = ctx();
    const doc = await (await app.request('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/cities/{city}');
    const problem = await app.request('/problems/city.not_found', { headers: { accept: 'application/json' } });
    expect(await problem.json()).toMatchObject({ status: 404, code: 'city.not_found' });
    expect((await app.request('/problems/no.such.code')).status).toBe(404);
    expect((await app.request('/healthz')).status).toBe(200);
    expect(await (await app.request('/readyz')).json()).toMatchObject({ status: 'ready' });
  });
});
