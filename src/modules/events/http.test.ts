import ICAL from 'ical.js';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../test/factories/index.js';
import type { City } from '../cities/index.js';
import type { Business } from '../members/index.js';

// The harness clock: Friday 11 December 2026, 11:30 in Stockholm.
describeEachDatabase('events: moderation, pages, feeds and API', (ctx) => {
  let city: City;
  let other: City;
  let bar: Business;
  let admin: Record<string, string>;
  let owner: Record<string, string>;

  const form = (headers: Record<string, string>, fields: Record<string, string>) => {
    const body = new URLSearchParams(fields);
    body.set('_csrf', headers['x-csrf-token']!);
    return { method: 'POST', headers: { cookie: headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, body };
  };
  const req = (path: string, init?: RequestInit) => ctx().app.request(path, init);
  const html = async (path: string, status = 200) => {
    const res = await req(path);
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(status);
    return text;
  };

  beforeAll(async () => {
    const s = ctx().services;
    city = await insertCity(s, { name: 'Eventköping' });
    other = await insertCity(s);
    bar = await insertBusiness(s, city, { name: 'Baren Blå', category: 'bar' });
    admin = await sessionHeaders(s, (await insertUser(s, 'association-admin', city)).userId);
    owner = await sessionHeaders(s, (await insertUser(s, 'merchant-owner', city, bar.id)).userId);
  });

  it("holds a member's event until an admin approves it; the association publishes at once", async () => {
    const sent = await req(`/${city.slug}/butik/${bar.slug}/evenemang`, form(owner, { title: 'Pubquiz', category: 'kultur', startDate: '2026-12-16', startTime: '19:00', endTime: '21:00', repeat: 'weekly', place: bar.id, price: '' }));
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toContain('klart=granskas');
    expect(await html(`/${city.slug}/evenemang`)).not.toContain('Pubquiz');

    expect((await req(`/${city.slug}/admin/evenemang`)).status).toBe(302); // visitors go to the login page
    const adminPage = await req(`/${city.slug}/admin/evenemang`, { headers: { cookie: admin.cookie! } });
    const adminHtml = await adminPage.text();
    expect(adminHtml).toContain('Pubquiz');
    const [pending] = await ctx().services.events.pending((await insertUser(ctx().services, 'association-admin', city)).actor, city.id);
    const approved = await req(`/${city.slug}/admin/evenemang/${pending!.id}/godkann`, form(admin, {}));
    expect(approved.status).toBe(303);

    const list = await html(`/${city.slug}/evenemang`);
    expect(list).toContain('Pubquiz');
    expect(list).toContain('Varje onsdag');
    expect(list).toContain('onsdag 16 december 2026');
    expect(list).toContain('Baren Blå');

    const own = await req(`/${city.slug}/admin/evenemang`, form(admin, { title: 'Julmarknad', category: 'marknad', startDate: '2026-12-12', startTime: '10:00', endTime: '15:00', address: 'Stora torget', organiser: 'Föreningen' }));
    expect(own.status).toBe(303);
    expect(await html(`/${city.slug}/evenemang?kategori=marknad`)).toContain('Julmarknad');
    expect(await html(`/${city.slug}/evenemang?kategori=marknad`)).not.toContain('Pubquiz');
    expect(await html(`/${other.slug}/evenemang`)).not.toContain('Julmarknad');
  });

  it("publishes a trusted member's event directly", async () => {
    const set = await req(`/${city.slug}/admin/evenemang/betrodd`, form(admin, { businessId: bar.id, trusted: '1' }));
    expect(set.status).toBe(303);
    const sent = await req(`/${city.slug}/butik/${bar.slug}/evenemang`, form(owner, { title: 'Jazzkväll', category: 'musik', startDate: '2026-12-18', startTime: '20:00', place: bar.id, price: '150' }));
    expect(sent.headers.get('location')).toContain('klart=publicerat');
    expect(await html(`/${city.slug}/evenemang?gratis=1`)).not.toContain('Jazzkväll');
    expect(await html(`/${city.slug}/evenemang`)).toContain('Jazzkväll');
  });

  it('shows form mistakes and lets nobody else moderate', async () => {
    const bad = await req(`/${city.slug}/butik/${bar.slug}/evenemang`, form(owner, { title: '', category: 'musik', startDate: '12 dec', startTime: '8' }));
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('Skriv en rubrik.');
    expect(text).toContain('Ange ett datum som 2026-12-12.');
    const forbidden = await req(`/${city.slug}/admin/evenemang/betrodd`, form(owner, { businessId: bar.id, trusted: '0' }));
    expect(forbidden.status).toBe(403);
  });

  it('has an event page with schema.org Event and a calendar file, and feeds that parse', async () => {
    const list = await html(`/${city.slug}/evenemang`);
    const id = /\/evenemang\/([0-9a-f-]{36})">Julmarknad/.exec(list)![1]!;
    const page = await html(`/${city.slug}/evenemang/${id}`);
    expect(page).toContain('"@type":"Event"');
    expect(page).toContain('"startDate":"2026-12-12T09:00:00.000Z"');
    expect(page).toContain('Lägg till i kalender');
    await html(`/${city.slug}/evenemang/00000000-0000-4000-8000-000000000000`, 404);

    const feed = await req(`/${city.slug}/evenemang.ics?kategori=kultur`);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const cal = new ICAL.Component(ICAL.parse(await feed.text()));
    const vevents = cal.getAllSubcomponents('vevent');
    expect(vevents.map((v) => v.getFirstPropertyValue('summary'))).toEqual(['Pubquiz']);
    expect(String(vevents[0]!.getFirstPropertyValue('rrule'))).toContain('FREQ=WEEKLY');
    expect(vevents[0]!.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Stockholm');
    const one = await req(`/${city.slug}/evenemang/${id}/kalender.ics`);
    expect(await one.text()).toContain('SUMMARY:Julmarknad');
  });

  it('answers the public API with expanded occurrences', async () => {
    const res = await req(`/api/v1/cities/${city.slug}/events?from=2026-12-11&to=2027-01-10&category=kultur`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Array<{ title: string; localDate: string; start: string }> };
    expect(body.items.map((i) => i.localDate)).toEqual(['2026-12-16', '2026-12-23', '2026-12-30', '2027-01-06']);
    expect(body.items[0]!.start).toBe('2026-12-16T18:00:00.000Z');
    expect((await req(`/api/v1/cities/${city.slug}/events?from=2027-01-10&to=2026-12-11`)).status).toBe(400);
  });
});
