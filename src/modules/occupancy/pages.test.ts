import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../test/factories/index.js';
import { startFakePushService, type FakePushService } from '../../../test/fakes/push-service.js';
import { readSse } from '../../../test/sse.js';
import { systemActor } from '../../platform/auth/roles.js';

let push: FakePushService;
beforeAll(async () => {
  push = await startFakePushService();
});
afterAll(async () => {
  await push.close();
});

async function setup(ctx: TestContext) {
  const { services } = ctx;
  const city = await insertCity(services);
  const shop = await insertBusiness(services, city, { name: 'Kaffebaren Test' });
  await services.occupancy.configure(systemActor, city.id, shop.slug, { capacity: 2, queueEnabled: true });
  const staff = await insertUser(services, 'merchant-staff', city, shop.id);
  const headers = await sessionHeaders(services, staff.userId);
  return { city, shop, staff, headers };
}

const form = (headers: Record<string, string>, fields: Record<string, string>) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: headers['x-csrf-token'] ?? '', ...fields }).toString(),
});

describeEachDatabase('occupancy pages', (ctx) => {
  it('the counter needs a login, shows the count and counts a tap once even when the form is sent twice', async () => {
    const { app } = ctx();
    const s = await setup(ctx());
    const anon = await app.request(`/${s.city.slug}/butik/rakna`);
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toContain('/logga-in');

    const page = await app.request(`/${s.city.slug}/butik/rakna`, { headers: s.headers });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Kaffebaren Test');
    expect(html).toContain('aria-label="En person kom in"');
    expect(html).toContain('/static/counter.js');
    expect(html).not.toMatch(/<script(?![^>]*src=)[^>]*>/);

    const tap = form(s.headers, { plats: s.shop.slug, steg: '1', nyckel: 'form-key-1' });
    expect((await app.request(`/${s.city.slug}/butik/rakna`, tap)).status).toBe(303);
    expect((await app.request(`/${s.city.slug}/butik/rakna`, tap)).status).toBe(303);
    expect((await (await app.request(`/api/v1/cities/${s.city.slug}/places/${s.shop.slug}/occupancy`)).json()).count).toBe(1);

    const below = await app.request(`/${s.city.slug}/butik/rakna`, form(s.headers, { plats: s.shop.slug, steg: '-1', nyckel: 'form-key-2' }));
    await app.request(`/${s.city.slug}/butik/rakna`, form(s.headers, { plats: s.shop.slug, steg: '-1', nyckel: 'form-key-3' }));
    expect(below.headers.get('location')).not.toContain('noll');
    const again = await app.request(`/${s.city.slug}/butik/rakna`, form(s.headers, { plats: s.shop.slug, steg: '-1', nyckel: 'form-key-4' }));
    expect(again.headers.get('location')).toContain('noll=1');
  });

  it('the window display is a full-screen page in the level colour, readable without script', async () => {
    const { app, services } = ctx();
    const s = await setup(ctx());
    await services.occupancy.record(systemActor, s.city.id, s.shop.slug, { count: 2 });
    const res = await app.request(`/${s.city.slug}/live/${s.shop.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('lang="sv"');
    expect(html).toContain('level-red');
    expect(html).toContain('Vänta en stund');
    expect(html).toContain('http-equiv="refresh"');
    const cityPage = await (await app.request(`/${s.city.slug}/live`)).text();
    expect(cityPage).toContain('Kaffebaren Test');
    expect((await app.request(`/${s.city.slug}/live/finns-inte`)).status).toBe(404);
    // The public business page shows the level too.
    const businessPage = await (await app.request(`/${s.city.slug}/foretag/${s.shop.slug}`)).text();
    expect(businessPage).toMatch(/Just nu: <strong>Fullt just nu<\/strong> \(2 av 2 inne\)/);
    expect(businessPage).toContain(`/${s.city.slug}/ko/${s.shop.slug}`);
  });

  it('history: counts per hour as an SVG chart and a table', async () => {
    const { app, services, clock } = ctx();
    const s = await setup(ctx());
    const before = clock.now();
    try {
      clock.set('2026-12-11T09:10:00Z'); // 10.10 in Stockholm
      await services.occupancy.record(systemActor, s.city.id, s.shop.slug, { count: 5 });
      clock.set('2026-12-11T09:40:00Z');
      await services.occupancy.record(systemActor, s.city.id, s.shop.slug, { delta: -2 });
      clock.set('2026-12-11T11:05:00Z'); // 12.05
      await services.occupancy.record(systemActor, s.city.id, s.shop.slug, { delta: 4 });
    } finally {
      clock.set(before);
    }
    const res = await app.request(`/${s.city.slug}/butik/rakna/historik?plats=${s.shop.slug}&dag=2026-12-11`, { headers: s.headers });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<svg');
    expect(html).toContain('Flest samtidigt: 7');
    // 10–11: max 5, ends at 3; 11–12: nothing new, stays 3; 12–13: max 7.
    expect(html).toMatch(/kl\. 10–11<\/td><td>5<\/td><td>3<\/td><td>2<\/td>/);
    expect(html).toMatch(/kl\. 11–12<\/td><td>3<\/td><td>3<\/td><td>0<\/td>/);
    expect(html).toMatch(/kl\. 12–13<\/td><td>7<\/td><td>7<\/td><td>1<\/td>/);
    const other = await insertUser(services, 'merchant-staff', s.city, (await insertBusiness(services, s.city)).id);
    expect((await app.request(`/${s.city.slug}/butik/rakna/historik?plats=${s.shop.slug}`, { headers: await sessionHeaders(services, other.userId) })).status).toBe(403);
  });

  it('doorbell: a customer queues, staff let them in, the page hears it and the phone gets an encrypted push', async () => {
    const { app, services } = ctx();
    const s = await setup(ctx());
    const visitor = { cookie: 'torget_csrf=visitor-csrf-token-0123456789', 'x-csrf-token': 'visitor-csrf-token-0123456789' };
    const joined = await app.request(`/${s.city.slug}/ko/${s.shop.slug}`, form(visitor, {}));
    expect(joined.status).toBe(303);
    const ticketUrl = joined.headers.get('location')!;
    const ticket = await (await app.request(ticketUrl, { headers: visitor })).text();
    expect(ticket).toContain('Nummer 1');
    expect(ticket).toContain('Du är näst på tur.');

    const { id, subscription } = push.subscribe();
    const subscribed = await app.request(`${ticketUrl}/notis`, { method: 'POST', headers: { ...visitor, 'content-type': 'application/json' }, body: JSON.stringify(subscription) });
    expect(subscribed.status).toBe(200);
    const bad = await app.request(`${ticketUrl}/notis`, { method: 'POST', headers: { ...visitor, 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: 'ftp://x' }) });
    expect(bad.status).toBe(400);

    const events = readSse(await app.request(`${ticketUrl}/strom`, { headers: visitor }));
    expect(JSON.parse((await events.next()).data)).toMatchObject({ number: 1, status: 'waiting', ahead: 0 });

    const counter = await (await app.request(`/${s.city.slug}/butik/rakna`, { headers: s.headers })).text();
    const entryId = /name="id" value="([0-9a-f-]{36})"/.exec(counter)?.[1];
    expect(entryId).toBeDefined();
    const admitted = await app.request(`/${s.city.slug}/butik/rakna/slapp-in`, form(s.headers, { plats: s.shop.slug, id: entryId! }));
    expect(admitted.status).toBe(303);

    expect(JSON.parse((await events.next()).data)).toMatchObject({ status: 'admitted' });
    await events.close();
    const received = await push.next();
    expect(received.subscriptionId).toBe(id);
    expect(JSON.parse(received.payload)).toMatchObject({ title: 'Välkommen in!' });
    expect(received.vapid.publicKey).toBe(services.occupancyQueue.vapidPublicKey);
    expect(push.rejected).toEqual([]);
    expect(await (await app.request(ticketUrl, { headers: visitor })).text()).toContain('Välkommen in!');
  });

  it('a revoked push subscription is forgotten; a closed queue says so in Swedish', async () => {
    const { app, services } = ctx();
    const s = await setup(ctx());
    const { token, entry } = await services.occupancyQueue.join(s.city.id, s.shop.slug);
    const { id, subscription } = push.subscribe();
    await services.occupancyQueue.subscribe(s.city.id, token, subscription);
    push.revoke(id);
    const place = await services.occupancy.resolve(s.city.id, s.shop.slug);
    await services.occupancyQueue.admit(s.staff.actor, place, entry.id);
    expect((await services.occupancyQueue.view(s.city.id, token)).entry.pushSubscription).toBeNull();

    await services.occupancy.configure(systemActor, s.city.id, s.shop.slug, { capacity: 2, queueEnabled: false });
    const visitor = { cookie: 'torget_csrf=visitor-csrf-token-0123456789', 'x-csrf-token': 'visitor-csrf-token-0123456789' };
    const closed = await app.request(`/${s.city.slug}/ko/${s.shop.slug}`, form(visitor, {}));
    expect(closed.status).toBe(409);
    expect(await closed.text()).toContain('ingen kö just nu');
  });

  it('the association adds a square to count and chooses among places', async () => {
    const { app, services } = ctx();
    const s = await setup(ctx());
    const admin = await insertUser(services, 'association-admin', s.city);
    const headers = await sessionHeaders(services, admin.userId);
    const chooser = await (await app.request(`/${s.city.slug}/butik/rakna`, { headers })).text();
    expect(chooser).toContain('Välj var du räknar.');
    expect(chooser).toContain('Nytt område att räkna');
    const made = await app.request(`/${s.city.slug}/butik/rakna/omrade`, form(headers, { namn: 'Lilla torget', adress: 'lilla-torget', kapacitet: '150' }));
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toContain('plats=lilla-torget');
    const taken = await app.request(`/${s.city.slug}/butik/rakna/omrade`, form(headers, { namn: 'X', adress: s.shop.slug, kapacitet: '5' }));
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('används redan');
    // Merchants cannot.
    expect((await app.request(`/${s.city.slug}/butik/rakna/omrade`, form(s.headers, { namn: 'Y', adress: 'y-torget' }))).status).toBe(403);
  });

  it("the association's history: the whole city per hour and per place, for a day or a week, as a chart, tables and CSV", async () => {
    const { app, services, clock } = ctx();
    const s = await setup(ctx());
    await services.occupancy.createArea(systemActor, s.city.id, { slug: 'torget', name: 'Torget', capacity: 100 });
    const before = clock.now();
    try {
      clock.set('2026-12-10T14:00:00Z'); // Thursday 15.00 in Stockholm
      await services.occupancy.record(systemActor, s.city.id, s.shop.slug, { count: 2 });
      clock.set('2026-12-11T09:10:00Z'); // Friday 10.10
      await services.occupancy.record(systemActor, s.city.id, s.shop.slug, { count: 5 });
      clock.set('2026-12-11T09:20:00Z');
      await services.occupancy.record(systemActor, s.city.id, 'torget', { count: 40 });
      clock.set('2026-12-11T09:40:00Z');
      await services.occupancy.record(systemActor, s.city.id, s.shop.slug, { delta: -2 });
      clock.set('2026-12-11T10:05:00Z'); // 11.05
      await services.occupancy.record(systemActor, s.city.id, 'torget', { count: 10 });
    } finally {
      clock.set(before); // Friday 11.30: the day's history ends at 12
    }
    const hosts = await sessionHeaders(services, (await insertUser(services, 'association-staff', s.city)).userId);
    const base = `/${s.city.slug}/admin/besokare`;

    const day = await app.request(`${base}?dag=2026-12-11`, { headers: hosts });
    expect(day.status).toBe(200);
    const html = await day.text();
    expect(html).toContain('<svg class="hour-chart"');
    expect(html).toContain('role="img"');
    expect(html).toContain('Fredag 11 december 2026');
    // 10–11: the shop 5 at most and 3 at the end (carried in at 2), the square 40: summed.
    expect(html).toMatch(/<td>kl\. 10–11<\/td><td>45<\/td><td>43<\/td><td>3<\/td>/);
    expect(html).toMatch(/<td>kl\. 11–12<\/td><td>43<\/td><td>13<\/td><td>1<\/td>/);
    expect(html).toMatch(/<td>kl\. 9–10<\/td><td>2<\/td><td>2<\/td><td>0<\/td>/);
    expect(html).not.toContain('kl. 12–13'); // not yet begun
    expect(html).toContain('Flest samtidigt (summan av platsernas högsta antal under timmen): 45, kl. 10–11. 2 platser räknades.');
    // Per place and hour (from midnight: the shop had people inside since Thursday), each linking to its own chart.
    expect(html).toMatch(new RegExp(`plats=${s.shop.slug}&amp;dag=2026-12-11">Kaffebaren Test</a></th>(<td>2</td>){10}<td>5</td><td>3</td><td>5</td></tr>`));
    expect(html).toMatch(/plats=torget&amp;dag=2026-12-11">Torget<\/a><\/th>(<td>0<\/td>){10}<td>40<\/td><td>40<\/td><td>40<\/td><\/tr>/);
    expect(html).toContain(`href="${base}.csv?dag=2026-12-11&amp;visa=dag"`);

    const week = await (await app.request(`${base}?dag=2026-12-11&visa=vecka`, { headers: hosts })).text();
    expect(week).toContain('Vecka 50, 7 december – 13 december 2026');
    // Hours down, days across (Monday to today): Thursday from 15 and Friday morning the shop's 2, Friday 10–11 the 45.
    expect(week).toContain('<th scope="col">tor 10/12</th><th scope="col">fre 11/12</th></tr>');
    expect(week).toMatch(/<th scope="row">kl\. 15–16<\/th><td>0<\/td><td>0<\/td><td>0<\/td><td>2<\/td><td>–<\/td><\/tr>/);
    expect(week).toMatch(/<th scope="row">kl\. 10–11<\/th><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>45<\/td><\/tr>/);
    // Per place and day, Monday to today (Friday).
    expect(week).toMatch(/Kaffebaren Test<\/a><\/th><td>0<\/td><td>0<\/td><td>0<\/td><td>2<\/td><td>5<\/td><td>5<\/td><\/tr>/);

    const csv = await app.request(`${base}.csv?dag=2026-12-11&visa=dag`, { headers: hosts });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="besokare-2026-12-11.csv"');
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('datum;timme;start_utc;plats;namn;flest_samtidigt;vid_timmens_slut;andringar');
    expect(lines).toContain('2026-12-11;10:00;2026-12-11T09:00:00.000Z;;Alla platser;45;43;3');
    expect(lines).toContain(`2026-12-11;10:00;2026-12-11T09:00:00.000Z;${s.shop.slug};Kaffebaren Test;5;3;2`);
    expect(lines).toContain('2026-12-11;11:00;2026-12-11T10:00:00.000Z;torget;Torget;40;10;1');
    expect(lines.filter((l) => l.includes(';Alla platser;'))).toHaveLength(12); // 00–11
    expect((await app.request(`${base}.csv?dag=2026-12-11&visa=vecka`, { headers: hosts })).headers.get('content-disposition')).toContain('besokare-vecka-2026-50.csv');

    // The association only.
    expect((await app.request(base, { headers: s.headers })).status).toBe(403);
    expect((await app.request(`${base}.csv`, { headers: s.headers })).status).toBe(403);
    const anonymous = await app.request(base);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toContain('/logga-in');
  });

  it("a shop owner finds the counter, the queue, the bookings and the history from the business's home page; the association finds its views", async () => {
    const { app, services } = ctx();
    const s = await setup(ctx());
    const owner = await sessionHeaders(services, (await insertUser(services, 'merchant-owner', s.city, s.shop.id)).userId);
    const home = await (await app.request(`/${s.city.slug}/butik`, { headers: owner })).text();
    const links = [
      `/${s.city.slug}/butik/rakna?plats=${s.shop.slug}`,
      `/${s.city.slug}/butik/rakna?plats=${s.shop.slug}#ko-rubrik`,
      `/${s.city.slug}/butik/rakna/historik?plats=${s.shop.slug}`,
      `/${s.city.slug}/butik/${s.shop.slug}/bokningar`,
      `/${s.city.slug}/butik/${s.shop.slug}/bokningar#scheman`,
      `/${s.city.slug}/live/${s.shop.slug}`,
    ];
    for (const href of links) {
      expect(home, href).toContain(`class="tile" href="${href}"`);
      const page = await app.request(href.replace(/#.*/, ''), { headers: owner });
      expect(page.status, href).toBe(200);
    }
    expect(await (await app.request(links[0]!, { headers: owner })).text()).toContain('id="ko-rubrik"');
    expect(await (await app.request(links[3]!, { headers: owner })).text()).toContain('id="scheman"');

    const hosts = await sessionHeaders(services, (await insertUser(services, 'association-staff', s.city)).userId);
    const overview = await (await app.request(`/${s.city.slug}/admin`, { headers: hosts })).text();
    for (const href of [`/${s.city.slug}/admin/besokare`, `/${s.city.slug}/butik/rakna`, `/${s.city.slug}/live`]) {
      expect(overview, href).toContain(`href="${href}"`);
      expect((await app.request(href, { headers: hosts })).status, href).toBe(200);
    }
  });
});
