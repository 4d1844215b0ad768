import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import { generateCode } from './codes.js';
import { importCards } from './import-cards.js';
import { accounts } from './ports.js';
import { giftcardOrders } from './schema.js';

describeEachDatabase('importing cards from a previous provider', (ctx) => {
  async function setup() {
    const { services } = ctx();
    const city = await insertCity(services);
    await services.giftcards.products.ensureDefaults(city.id);
    const admin = await insertUser(services, 'association-admin', city);
    const staff = await insertUser(services, 'association-staff', city);
    const restaurant = await insertBusiness(services, city, { category: 'restaurang' });
    const waiter = await insertUser(services, 'merchant-staff', city, restaurant.id);
    return { city, admin, staff, restaurant, waiter };
  }
  const legacyCode = () => `OLD${Math.random().toString(36).slice(2, 10).toUpperCase()}`;

  it('checks every row first and names each problem; nothing is half-imported', async () => {
    const { services } = ctx();
    const s = await setup();
    const dup = legacyCode();
    const csv = [
      'kod;saldo;giltig_till;produkt',
      `${legacyCode()};200;2027-05-01;presentkort`, // fine
      `${dup};100;2027-05-01;`, // fine
      `${dup};100;2027-05-01;`, // duplicate of row 3
      `${legacyCode()};100;2026-01-01;`, // expired (the test clock says 2026-12-11)
      `${legacyCode()};150;2027-05-01;lunchkuponger`, // not whole coupons of 80 kr
      `${legacyCode()};100;31/12/2027;`, // not a date
      `ab!;100;2027-05-01;`, // not a code
      `${legacyCode()};100;2027-05-01;okand`, // no such product
    ].join('\n');
    const err = await importCards(services, s.admin.actor, s.city.id, csv).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'giftcard.import_failed', message: '6 rader har fel, så inget importerades.' });
    const rows = (err as { extra: { rows: Array<{ row: number; column: string }> } }).extra.rows;
    expect(rows.map((r) => [r.row, r.column])).toEqual([
      [4, 'kod'],
      [5, 'giltig_till'],
      [6, 'saldo'],
      [7, 'giltig_till'],
      [8, 'kod'],
      [9, 'produkt'],
    ]);
    const orders = await services.db.select().from(giftcardOrders).where(and(eq(giftcardOrders.cityId, s.city.id), eq(giftcardOrders.channel, 'import')));
    expect(orders).toHaveLength(0);
    await expect(importCards(services, s.staff.actor, s.city.id, csv)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('makes active, redeemable cards funded from the import account; booklets keep whole coupons', async () => {
    const { services } = ctx();
    const s = await setup();
    const old = legacyCode();
    const ours = generateCode();
    const report = await importCards(services, s.admin.actor, s.city.id, `kod,saldo,giltig_till,produkt\n${old},"1 000",2027-12-31,presentkort\n${ours},240,2027-03-31,lunchkuponger\n`, { source: 'Gamla kortet AB' });
    expect(report).toMatchObject({ imported: 2, totalOre: 124_000, order: { channel: 'import', status: 'paid', buyerName: 'Gamla kortet AB' } });
    const card = await services.giftcards.lookup(s.city.id, old.toLowerCase());
    expect(card).toMatchObject({ status: 'active', balanceOre: 100_000, last4: old.slice(-4) });
    // Valid through the whole last day, Swedish time.
    expect(card.expiresAt.toISOString()).toBe('2027-12-31T22:59:59.000Z');
    const lunch = await services.giftcards.redeem(s.waiter.actor, s.city.id, { code: ours, businessId: s.restaurant.id, coupons: 2 });
    expect(lunch).toMatchObject({ amountOre: 16_000, couponsLeft: 1 });
    expect(await services.ledger.balance(services.db, s.city.id, accounts.imported)).toBe(-124_000);
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
    // No e-mails: the holders have their cards.
    expect((await services.outbox.list({ cityId: s.city.id, limit: 10 })).filter((m) => m.template === 'giftcards.card')).toHaveLength(0);
  });
});
