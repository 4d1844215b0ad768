import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { seedDemo } from './seed.js';

// The demo seed runs through the real services, so it fails loudly when a module's
// rules change under it. It needs the slug `demo`, so it runs once per database.
describeEachDatabase('the demo city', (ctx) => {
  it('seeds Demoköping with its businesses, people and a season of gift card trade', async () => {
    const { services } = ctx();
    const existing = await services.cities.lookup('demo');
    const cityId = existing && 'city' in existing ? existing.city.id : (await seedDemo(services)).cityId;
    expect(await services.members.count(cityId)).toBeGreaterThanOrEqual(40);
    expect(await services.auth.countCityUsers(cityId)).toBeGreaterThanOrEqual(3);
    const report = await services.ledger.verify(cityId);
    expect(report).toMatchObject({ ok: true });
    expect(report.transfers).toBeGreaterThan(15);
    const kaffebaren = await services.members.lookup(cityId, 'kaffebaren');
    expect(kaffebaren && 'business' in kaffebaren).toBe(true);
    // The city guide: lunch at every restaurant this week, events for months, a dozen members' offers.
    const today = '2026-12-11';
    expect((await services.menus.forWeekOf(cityId, today)).length).toBeGreaterThanOrEqual(15);
    const events = await services.events.published(cityId);
    expect(events.length).toBeGreaterThanOrEqual(15);
    expect(events.filter((e) => e.rrule).length).toBeGreaterThanOrEqual(5);
    expect((await services.events.occurrences(cityId, today, '2027-03-31')).length).toBeGreaterThan(50);
    expect(new Set((await services.offers.validOn(cityId, today)).map((o) => o.businessId)).size).toBeGreaterThanOrEqual(12);
    // Every business has a capacity; Stora torget is counted; the pharmacy takes bookings.
    const places = await services.occupancy.list(cityId);
    expect(places.length).toBe((await services.members.count(cityId)) + 1);
    expect(places.find((p) => p.slug === 'stora-torget')).toMatchObject({ kind: 'area', capacity: 400 });
    expect(new Set(places.map((p) => (p.capacity ? 'set' : 'missing')))).toEqual(new Set(['set']));
    const pharmacy = await services.members.lookup(cityId, 'apoteket-lejonet');
    expect(await services.bookings.takesBookings(cityId, pharmacy && 'business' in pharmacy ? pharmacy.business.id : '')).toBe(true);
  }, 120_000);
});
