import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { insertCity, insertUser } from '../../test/factories/index.js';
import { accountBalances, parseSie } from '../../test/sie-reader.js';
import { systemActor } from '../platform/auth/roles.js';
import { accountingSie } from '../modules/settlement/index.js';
import { sponsorAccount } from '../modules/campaigns/index.js';
import { seedBusinesses, seedDemo } from './seed.js';
import { seedHistory } from './demokoping/history.js';

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

    // Three months of history: an approved run for each past month (September to
    // November, the harness's today being 2026-12-11), December left open.
    const runs = await services.settlement.list(systemActor, cityId);
    expect(runs.map((r) => [r.from, r.until, r.status])).toEqual([
      ['2026-11-01', '2026-11-30', 'approved'],
      ['2026-10-01', '2026-10-31', 'approved'],
      ['2026-09-01', '2026-09-30', 'approved'],
    ]);
    const lines = (await Promise.all(runs.map((r) => services.settlement.get(systemActor, cityId, r.id)))).flatMap((r) => r.lines);
    expect(new Set(lines.map((l) => l.businessId)).size).toBeGreaterThanOrEqual(20); // redemptions at many businesses
    for (const l of lines) expect(l.payoutOre + l.feeOre + l.feeVatOre + l.carriedOutOre).toBe(l.redeemedOre - l.reversedOre + l.carriedInOre);
    expect(lines.some((l) => l.reversedOre > 0)).toBe(true);
    // The municipality's lunch coupons are free of fees: their tier is there at 0 %.
    expect(lines.some((l) => l.fees.some((f) => f.tier.startsWith('campaign:') && f.feeBp === 0 && f.baseOre > 0))).toBe(true);
    // Each business's statement lists what the run took from it.
    const november = await services.settlement.get(systemActor, cityId, runs[0]!.id);
    const busiest = [...november.lines].sort((a, b) => b.redeemedOre - a.redeemedOre)[0]!;
    const statement = await services.settlement.statement(systemActor, cityId, november.id, busiest.businessId);
    expect(statement.items.reduce((sum, i) => sum + i.amountOre, 0)).toBe(busiest.redeemedOre - busiest.reversedOre);
    // Every approved month e-mailed its statements.
    expect((await services.outbox.list({ cityId, limit: 500 })).filter((m) => m.template === 'settlement.statement').length).toBeGreaterThanOrEqual(lines.length);
    // December is open: what was redeemed since the last run waits on the businesses' accounts.
    const merchants = (await services.ledger.sumByKind(cityId)).find((k) => k.kind === 'merchant');
    expect(merchants?.balanceOre).toBeGreaterThan(0);

    // The sponsors: invoiced each month, paid on the 20th; the bookkeeping export's 1510
    // holds exactly what they still owe.
    const campaigns = await services.campaigns.list(systemActor, cityId);
    expect(campaigns.map((c) => c.slug).sort()).toEqual(['dubbla-vardet', 'handla-lokalt', 'lunch-fran-kommunen']);
    const invoices = await services.billing.list(systemActor, cityId);
    expect(invoices.filter((i) => i.sourceType === 'campaign' && i.status === 'paid').length).toBeGreaterThanOrEqual(2);
    let owed = 0;
    for (const c of campaigns) owed -= await services.ledger.balance(services.db, cityId, sponsorAccount(c.id));
    expect(owed).toBeGreaterThan(0);
    const sie = parseSie(await accountingSie(services, { cityId, company: { name: 'Demoköpings Centrumförening', orgNumber: '802514-2368' }, from: '2026-01-01', until: '2026-12-31', generatedAt: services.clock.now(), businessName: (id) => id, programVersion: 'test' }));
    for (const v of sie.vers) expect(v.trans.reduce((sum, t) => sum + t.amountOre, 0n)).toBe(0n);
    expect(accountBalances(sie).get(1510)).toBe(BigInt(owed));
  }, 180_000);

  it('seeded early on the first of a month, settles the month just past and dates nothing after the seed', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-01T05:00:00Z'); // 06:00 in Stockholm
    try {
      const city = await insertCity(services);
      await services.giftcards.products.ensureDefaults(city.id);
      const ids = await seedBusinesses(services, city.id);
      const admin = { ...(await insertUser(services, 'association-admin', city)).actor, hasTwoFactor: true };
      expect(await seedHistory(services, city.id, ids, admin)).toEqual({ runs: 3 });
      const runs = await services.settlement.list(admin, city.id);
      expect(runs.map((r) => [r.from, r.until, r.status])).toEqual([
        ['2026-11-01', '2026-11-30', 'approved'],
        ['2026-10-01', '2026-10-31', 'approved'],
        ['2026-09-01', '2026-09-30', 'approved'],
      ]);
      expect(runs.every((r) => r.approvedAt!.getTime() <= clock.now().getTime())).toBe(true);
      const moves = await services.ledger.movements(city.id, new Date('2026-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
      expect(Math.max(...moves.map((m) => m.createdAt.getTime()))).toBeLessThanOrEqual(clock.now().getTime());
      expect(Math.min(...moves.map((m) => m.createdAt.getTime()))).toBeGreaterThanOrEqual(new Date('2026-08-31T22:00:00Z').getTime());
      // Nothing of November is left unsettled: the run took it all.
      expect((await services.ledger.sumByKind(city.id)).find((k) => k.kind === 'merchant')?.balanceOre ?? 0).toBe(0);
      expect((await services.ledger.verify(city.id)).ok).toBe(true);
    } finally {
      clock.set('2026-12-11T10:30:00Z');
    }
  }, 180_000);
});
