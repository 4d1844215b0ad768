/**
 * The association's and the merchants' pages through `app.request()`: roles and
 * redirects, CSRF, form round trips (validation keeps what was typed), opening hours,
 * invitations and the CSV import.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { buildOrgNumber, insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../test/factories/index.js';
import { csvTemplateHeader } from './csv.js';

const CSRF = 'test-csrf-token-0123456789abcdef';

/** The browser's view: the session and CSRF cookies, no CSRF header (forms carry the field). */
async function browser(services: Parameters<typeof sessionHeaders>[0], userId: string): Promise<{ cookie: string }> {
  const h = await sessionHeaders(services, userId);
  return { cookie: h.cookie! };
}

function formBody(fields: Record<string, string | string[]>, csrf: string | null = CSRF): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  if (csrf) body.append('_csrf', csrf);
  return body;
}

describeEachDatabase('members pages', (ctx) => {
  const get = (path: string, headers: Record<string, string> = {}) => ctx().app.request(path, { headers });
  const post = (path: string, headers: Record<string, string>, body: URLSearchParams | FormData) =>
    ctx().app.request(path, { method: 'POST', headers: body instanceof URLSearchParams ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers, body });

  it('sends anonymous visitors to the login page, coming back afterwards', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const b = await insertBusiness(services, city);
    for (const path of [`/${city.slug}/admin`, `/${city.slug}/admin/foretag/ny`, `/${city.slug}/butik`, `/${city.slug}/butik/${b.slug}/oppettider`]) {
      const res = await get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location')).toBe(`/logga-in?stad=${city.slug}&next=${encodeURIComponent(path)}`);
    }
  });

  it('lets an admin create a business with a form, and lists it', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await browser(services, admin.userId);

    const form = await get(`/${city.slug}/admin/foretag/ny`, headers);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('name="_csrf"');
    expect(html).toMatch(/<label for="name">Namn<\/label>/);
    expect(html).toContain('data-hours-editor');

    const res = await post(
      `/${city.slug}/admin/foretag/ny`,
      headers,
      formBody({
        name: 'Kaffebaren på hörnet',
        category: 'kafe',
        orgNumber: buildOrgNumber(),
        isMember: '1',
        street: 'Storgatan 12',
        postalCode: '53230',
        postalTown: 'Skara',
        phone: '0511-123 45',
        website: 'kaffebaren.se',
        services: ['giftcard', 'take_away'],
        tags: 'fika, glass , fika',
        'd1-0-oppnar': '08:00',
        'd1-0-stanger': '17:00',
        'd6-0-oppnar': '10',
        'd6-0-stanger': '14.30',
        'd7-stangt': '1',
        'd2-stangt': '1',
        'd3-stangt': '1',
        'd4-stangt': '1',
        'd5-stangt': '1',
        's0-datum': '2026-12-24',
        's0-stangt': '1',
        's0-notering': 'Julafton',
        's1-datum': '',
      }),
    );
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/${city.slug}/admin/foretag/[0-9a-f-]{36}\\?klart=skapat$`));
    const id = location.split('/').pop()!.split('?')[0]!;
    const created = await services.members.getById(city.id, id);
    expect(created).toMatchObject({ name: 'Kaffebaren på hörnet', category: 'kafe', postalCode: '532 30', website: 'https://kaffebaren.se', services: ['giftcard', 'take_away'], tags: ['fika', 'glass'] });
    expect(created!.openingHours.regular).toEqual([
      { day: 1, opens: '08:00', closes: '17:00' },
      { day: 6, opens: '10:00', closes: '14:30' },
    ]);
    expect(created!.openingHours.special).toEqual([{ date: '2026-12-24', closed: true, note: 'Julafton' }]);

    const edit = await get(location, headers);
    expect(await edit.text()).toContain('Företaget är skapat.');
    const list = await (await get(`/${city.slug}/admin/foretag?q=kaffebaren`, headers)).text();
    expect(list).toContain('Kaffebaren på hörnet');
    expect(list).toContain(`/${city.slug}/admin/foretag/${id}`);
  });

  it('refuses a form POST without the CSRF token', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await browser(services, admin.userId);
    const res = await post(`/${city.slug}/admin/foretag/ny`, headers, formBody({ name: 'Utan token', category: 'mode', orgNumber: buildOrgNumber() }, null));
    expect(res.status).toBe(403);
    expect((await services.members.list(city.id, { q: 'Utan token' })).items).toHaveLength(0);
  });

  it('shows validation errors on the fields and keeps what was typed', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await browser(services, admin.userId);
    const res = await post(`/${city.slug}/admin/foretag/ny`, headers, formBody({ name: 'Felstavade Skor', category: 'skor', orgNumber: '556036-0794', email: 'inte-en-adress', 'd1-0-oppnar': '10:00' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('value="Felstavade Skor"');
    expect(html).toMatch(/id="orgNumber"[^>]*aria-invalid="true"[^>]*aria-describedby="orgNumber-fel/);
    expect(html).toContain('Kontrollsiffran stämmer inte.');
    expect(html).toContain('Ange när ni stänger.');
    expect(html).toContain('Ange en giltig e-postadress');
    expect((await services.members.list(city.id, { q: 'Felstavade' })).items).toHaveLength(0);
  });

  it('lets association staff look but not change', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const b = await insertBusiness(services, city);
    const staff = await insertUser(services, 'association-staff', city);
    const headers = await browser(services, staff.userId);
    expect((await get(`/${city.slug}/admin`, headers)).status).toBe(200);
    expect((await get(`/${city.slug}/admin/foretag`, headers)).status).toBe(200);
    const page = await get(`/${city.slug}/admin/foretag/${b.id}`, headers);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<fieldset disabled');
    expect((await get(`/${city.slug}/admin/foretag/ny`, headers)).status).toBe(403);
    expect((await post(`/${city.slug}/admin/foretag/${b.id}/arkivera`, headers, formBody({ atgard: 'arkivera' }))).status).toBe(403);
  });

  it('counts members, non-members and archived businesses on the overview; archives and restores', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await browser(services, admin.userId);
    await insertBusiness(services, city);
    await insertBusiness(services, city, { isMember: false });
    const gone = await insertBusiness(services, city);
    const archived = await post(`/${city.slug}/admin/foretag/${gone.id}/arkivera`, headers, formBody({ atgard: 'arkivera' }));
    expect(archived.headers.get('location')).toBe(`/${city.slug}/admin/foretag/${gone.id}?klart=arkiverat`);
    expect((await services.members.getById(city.id, gone.id))!.archivedAt).not.toBeNull();
    const html = await (await get(`/${city.slug}/admin`, headers)).text();
    expect(html).toMatch(/<dt>Medlemsföretag<\/dt><dd>1<\/dd>/);
    expect(html).toMatch(/<dt>Företag som inte är medlemmar<\/dt><dd>1<\/dd>/);
    expect(html).toMatch(/<dt>Arkiverade<\/dt><dd>1<\/dd>/);
    expect(await (await get(`/${city.slug}/admin/foretag`, headers)).text()).toContain('Arkiverad');
    await post(`/${city.slug}/admin/foretag/${gone.id}/arkivera`, headers, formBody({ atgard: 'aterstall' }));
    expect((await services.members.getById(city.id, gone.id))!.archivedAt).toBeNull();
  });

  it('keeps another city’s admin out', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const other = await insertCity(services);
    const b = await insertBusiness(services, city);
    const stranger = await insertUser(services, 'association-admin', other);
    const headers = await browser(services, stranger.userId);
    for (const path of [`/${city.slug}/admin`, `/${city.slug}/admin/foretag`, `/${city.slug}/admin/foretag/${b.id}`, `/${city.slug}/admin/import`, `/${city.slug}/butik/${b.slug}`]) {
      expect((await get(path, headers)).status, path).toBe(403);
    }
    expect((await post(`/${city.slug}/admin/foretag/${b.id}`, headers, formBody({ name: 'Kapad' }))).status).toBe(403);
    // Their own city's page cannot reach this city's business either.
    expect((await get(`/${other.slug}/admin/foretag/${b.id}`, headers)).status).toBe(404);
  });

  it('lets the owner change the opening hours from the phone form', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const b = await insertBusiness(services, city);
    const owner = await insertUser(services, 'merchant-owner', city, b.id);
    const headers = await browser(services, owner.userId);

    const home = await get(`/${city.slug}/butik`, headers);
    expect(home.status).toBe(200);
    const homeHtml = await home.text();
    expect(homeHtml).toContain(`<h1>${b.name}</h1>`);
    expect(homeHtml).toContain('Ändra öppettider');

    const page = await get(`/${city.slug}/butik/${b.slug}/oppettider`, headers);
    const html = await page.text();
    expect(html).toContain('<legend>Måndag</legend>');
    expect(html).toMatch(/id="d1-0-oppnar" name="d1-0-oppnar" type="time" value="10:00"/);
    expect(html).toContain('s2-datum'); // three empty special-day rows without JavaScript
    expect(html).toContain('/static/hours-editor.js');

    const week: Record<string, string> = {};
    for (const d of [1, 2, 3, 4, 5]) Object.assign(week, { [`d${d}-0-oppnar`]: '09:30', [`d${d}-0-stanger`]: '18:00' });
    const res = await post(
      `/${city.slug}/butik/${b.slug}/oppettider`,
      headers,
      formBody({ ...week, 'd5-1-oppnar': '20:00', 'd5-1-stanger': '02:00', 'd6-stangt': '1', 'd7-stangt': '1', 's0-datum': '2026-12-31', 's0-oppnar': '10:00', 's0-stanger': '15:00', 's0-notering': 'Nyårsafton' }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/${city.slug}/butik/${b.slug}/oppettider?klart=sparat`);
    const saved = (await services.members.getById(city.id, b.id))!.openingHours;
    expect(saved.regular).toHaveLength(6);
    expect(saved.regular).toContainEqual({ day: 1, opens: '09:30', closes: '18:00' });
    expect(saved.regular).toContainEqual({ day: 5, opens: '20:00', closes: '02:00' });
    expect(saved.special).toEqual([{ date: '2026-12-31', closed: false, opens: '10:00', closes: '15:00', note: 'Nyårsafton' }]);
    expect(await (await get(res.headers.get('location')!, headers)).text()).toContain('Ändringarna är sparade.');

    // Removing a saved special day with its box.
    await post(`/${city.slug}/butik/${b.slug}/oppettider`, headers, formBody({ ...week, 'd6-stangt': '1', 'd7-stangt': '1', 's0-datum': '2026-12-31', 's0-oppnar': '10:00', 's0-stanger': '15:00', 's0-sparad': '1', 's0-ta-bort': '1' }));
    expect((await services.members.getById(city.id, b.id))!.openingHours.special).toEqual([]);
  });

  it('shows overlapping hours as a Swedish error on the right field', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const b = await insertBusiness(services, city);
    const owner = await insertUser(services, 'merchant-owner', city, b.id);
    const headers = await browser(services, owner.userId);
    const res = await post(`/${city.slug}/butik/${b.slug}/oppettider`, headers, formBody({ 'd1-0-oppnar': '10:00', 'd1-0-stanger': '18:00', 'd1-1-oppnar': '12:00', 'd1-1-stanger': '20:00', 'd2-stangt': '1', 'd3-stangt': '1', 'd4-stangt': '1', 'd5-stangt': '1', 'd6-stangt': '1', 'd7-stangt': '1' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Ett fel behöver rättas');
    expect(html).toContain('<a href="#d1-1-oppnar">Måndag (pass 2), öppnar</a>: Tiderna överlappar varandra.');
    expect(html).toMatch(/id="d1-1-oppnar" name="d1-1-oppnar" type="time" value="12:00" aria-invalid="true" aria-describedby="d1-1-oppnar-fel"/);
    expect((await services.members.getById(city.id, b.id))!.openingHours.regular).toHaveLength(5);
  });

  it('shows staff the hours read-only and refuses their changes', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const b = await insertBusiness(services, city);
    const staff = await insertUser(services, 'merchant-staff', city, b.id);
    const headers = await browser(services, staff.userId);
    const html = await (await get(`/${city.slug}/butik/${b.slug}/oppettider`, headers)).text();
    expect(html).toContain('Bara företagets ägare kan ändra öppettiderna.');
    expect(html).not.toContain('Spara öppettider');
    expect((await post(`/${city.slug}/butik/${b.slug}/oppettider`, headers, formBody({ 'd1-stangt': '1' }))).status).toBe(403);
  });

  it('keeps a merchant to their own business and out of the association’s pages', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const a = await insertBusiness(services, city);
    const b = await insertBusiness(services, city);
    const owner = await insertUser(services, 'merchant-owner', city, a.id);
    const headers = await browser(services, owner.userId);
    expect((await get(`/${city.slug}/butik/${b.slug}/oppettider`, headers)).status).toBe(403);
    expect((await post(`/${city.slug}/butik/${b.slug}/oppettider`, headers, formBody({ 'd1-stangt': '1' }))).status).toBe(403);
    expect((await post(`/${city.slug}/butik/${b.slug}/uppgifter`, headers, formBody({ description: 'Kapad' }))).status).toBe(403);
    expect((await services.members.getById(city.id, b.id))!.description).toBe('');
    expect((await get(`/${city.slug}/admin`, headers)).status).toBe(403);
    expect((await get(`/${city.slug}/admin/foretag/${a.id}`, headers)).status).toBe(403);
    expect((await get(`/${city.slug}/butik/finns-inte`, headers)).status).toBe(404);
  });

  it('lets the owner edit the listing, and only the listing', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const b = await insertBusiness(services, city, { name: 'Originalnamnet' });
    const owner = await insertUser(services, 'merchant-owner', city, b.id);
    const headers = await browser(services, owner.userId);
    const res = await post(`/${city.slug}/butik/${b.slug}/uppgifter`, headers, formBody({ description: 'Nybakat varje morgon.', phone: '+46 70 765 43 21', email: '', website: '', services: 'booking', tags: 'bröd, kaffe', name: 'Försök att byta namn' }));
    expect(res.status).toBe(303);
    const saved = (await services.members.getById(city.id, b.id))!;
    expect(saved).toMatchObject({ name: 'Originalnamnet', description: 'Nybakat varje morgon.', phone: '+46707654321', email: null, services: ['booking'], tags: ['bröd', 'kaffe'] });

    const bad = await post(`/${city.slug}/butik/${b.slug}/uppgifter`, headers, formBody({ description: 'Ändrad', phone: 'ring oss' }));
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Ange ett svenskt telefonnummer');
    expect(html).toContain('value="ring oss"');
  });

  it('sends an invitation with a login link, and the owner can remove staff', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const b = await insertBusiness(services, city);
    const admin = await insertUser(services, 'association-admin', city);
    const adminHeaders = await browser(services, admin.userId);
    const email = `agaren-${Date.now()}@example.test`;
    const res = await post(`/${city.slug}/admin/foretag/${b.id}/bjud-in`, adminHeaders, formBody({ email, name: 'Ägaren', role: 'merchant-owner' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/${city.slug}/admin/foretag/${b.id}?klart=inbjuden`);
    const mail = (await services.outbox.list({ cityId: city.id })).find((m) => m.recipient === email);
    expect(mail?.textBody).toMatch(/\/logga-in\/lank\?token=[\w-]{20,}/);
    expect(await (await get(`/${city.slug}/admin/foretag/${b.id}`, adminHeaders)).text()).toContain(email);

    const badInvite = await post(`/${city.slug}/admin/foretag/${b.id}/bjud-in`, adminHeaders, formBody({ email: 'inte en adress', role: 'merchant-staff' }));
    expect(badInvite.status).toBe(400);
    expect(await badInvite.text()).toMatch(/id="invite-email"[^>]*aria-invalid="true"/);

    const owner = await insertUser(services, 'merchant-owner', city, b.id);
    const staff = await insertUser(services, 'merchant-staff', city, b.id);
    const headers = await browser(services, owner.userId);
    const page = await (await get(`/${city.slug}/butik/${b.slug}/personal`, headers)).text();
    expect(page).toContain(staff.email);
    expect(page).not.toContain('Ägare – kan ändra'); // owners invite staff only
    const removed = await post(`/${city.slug}/butik/${b.slug}/personal/ta-bort`, headers, formBody({ userId: staff.userId, role: 'merchant-staff' }));
    expect(removed.status).toBe(303);
    expect((await services.auth.grantsOf(staff.userId)).some((g) => g.businessId === b.id)).toBe(false);
    // An owner cannot remove another owner.
    const other = await insertUser(services, 'merchant-owner', city, b.id);
    expect((await post(`/${city.slug}/butik/${b.slug}/personal/ta-bort`, headers, formBody({ userId: other.userId, role: 'merchant-owner' }))).status).toBe(403);
  });

  it('imports a CSV upload: nothing when a row is bad, with the row and column; all when good', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await browser(services, admin.userId);

    const template = await get(`/${city.slug}/admin/import/mall.csv`, headers);
    expect(template.headers.get('content-type')).toMatch(/^text\/csv/);
    const templateText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await template.arrayBuffer());
    expect(templateText.startsWith(`\uFEFF${csvTemplateHeader}\r\n`)).toBe(true);

    const rows = [csvTemplateHeader, `Bokhandeln;bocker;${buildOrgNumber()};Storgatan 3;53230;Skara;;;;;ja;;;`, `Fel org;mode;556036-0794;;;;;;;;ja;;;`, `Blomsterhörnan;Blommor;${buildOrgNumber()};;;;;;;;nej;;;`];
    const bad = new FormData();
    bad.append('_csrf', CSRF);
    bad.append('fil', new File([rows.join('\n')], 'foretag.csv', { type: 'text/csv' }));
    const failed = await post(`/${city.slug}/admin/import`, headers, bad);
    expect(failed.status).toBe(400);
    const html = await failed.text();
    expect(html).toContain('Inget importerades.');
    expect(html).toMatch(/<td>3<\/td><td>organisationsnummer<\/td><td>Kontrollsiffran stämmer inte.<\/td>/);
    expect(await services.members.count(city.id)).toBe(0);

    const good = new FormData();
    good.append('_csrf', CSRF);
    good.append('fil', new File([''], '', { type: 'application/octet-stream' }));
    good.append('csv', [rows[0], rows[1], rows[3]].join('\n'));
    const ok = await post(`/${city.slug}/admin/import`, headers, good);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/${city.slug}/admin/import?klart=importerat&antal=2`);
    expect(await (await get(ok.headers.get('location')!, headers)).text()).toContain('2 företag importerades.');
    expect(await services.members.count(city.id)).toBe(2);

    // The template's example row imports as it is.
    const fromTemplate = new FormData();
    fromTemplate.append('_csrf', CSRF);
    fromTemplate.append('fil', new File([templateText], 'mall.csv', { type: 'text/csv' }));
    expect((await post(`/${city.slug}/admin/import`, headers, fromTemplate)).status).toBe(303);
    expect(await services.members.count(city.id)).toBe(3);
  });
});
