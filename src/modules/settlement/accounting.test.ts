import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import type { Actor } from '../../platform/auth/roles.js';
import { accountBalances, parseSie } from '../../../test/sie-reader.js';
import { sponsorAccount } from '../campaigns/index.js';
import { accountingSie, accountingVouchers } from './accounting.js';
import { accountMappingOf } from './city-settings.js';

describeEachDatabase('the bookkeeping export', (ctx) => {
  it('turns a day of sales, redemptions and an approved settlement into balanced SIE vouchers', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const city = await insertCity(services);
    const shop = await insertBusiness(services, city, { name: 'Åsa & Söner', isMember: true });
    const owner = await insertUser(services, 'merchant-owner', city, shop.id);
    const admin = await insertUser(services, 'association-admin', city);
    const { order, cards } = await services.giftcards.placeOrder(null, city.id, { productSlug: 'presentkort', amountOre: 50_000, quantity: 2, buyer: { email: 'k@example.test' }, paymentMethod: 'simulator', channel: 'web' });
    await services.giftcards.setPaymentRef(city.id, order.id, `sim-${order.id}`);
    await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: 100_000 });
    await services.giftcards.redeem(owner.actor, city.id, { code: cards[0]!.code, businessId: shop.id, amountOre: 20_000 });
    const run = await services.settlement.createRun(admin.actor, city.id, { until: '2026-12-11' });
    await services.settlement.approve({ ...admin.actor, hasTwoFactor: true } as Actor, city.id, run.id, { method: 'web-2fa' });

    const vouchers = await accountingVouchers(services, city.id, { from: '2026-12-01', until: '2026-12-31' }, (id) => (id === shop.id ? shop.name : id));
    expect(vouchers.map((v) => v.text)).toEqual(['Sålda presentkort 2026-12-11', 'Inlösta presentkort 2026-12-11', 'Inlösenavgifter 2026-12-11', 'Utbetalning till företagen 2026-12-11']);
    const amount = (text: string, account: string) => vouchers.find((v) => v.text.startsWith(text))!.lines.filter((l) => l.account === account).reduce((s, l) => s + l.amountOre, 0);
    expect(amount('Sålda', 'unredeemedCards')).toBe(-100_000);
    expect(amount('Inlösta', 'unredeemedCards')).toBe(20_000);
    // 20 000 × 2,5 % = 500 fee, 125 VAT; 19 375 paid out.
    expect(amount('Inlösenavgifter', 'feeRevenue')).toBe(-500);
    expect(amount('Inlösenavgifter', 'outputVat25')).toBe(-125);
    expect(amount('Utbetalning', 'clientFunds')).toBe(-19_375);

    const file = await accountingSie(services, { cityId: city.id, company: { name: city.associationName, orgNumber: '802514-2368' }, from: '2026-12-01', until: '2026-12-31', generatedAt: clock.now(), businessName: () => shop.name, programVersion: '0.1.0' });
    const text = file.toString('latin1');
    expect(text).toContain('#SIETYP 4');
    expect(text.match(/#VER/g)).toHaveLength(4);
    expect(text).toContain('#KONTO 2421');
    expect(file.includes(Buffer.from([0x8f]))).toBe(true); // Å in CP437
  });

  it("shows the sponsor's receivable: its share as cards sell, its payments, its share back on expiry; read back, 1510 is what the sponsor still owes", async () => {
    const { services, clock } = ctx();
    clock.set('2026-03-02T10:00:00Z');
    const city = await insertCity(services);
    await services.giftcards.products.ensureDefaults(city.id);
    const shop = await insertBusiness(services, city, { name: 'Kaffebaren', category: 'kafe', isMember: true });
    const owner = await insertUser(services, 'merchant-owner', city, shop.id);
    const admin = (await insertUser(services, 'association-admin', city)).actor;
    const campaign = await services.campaigns.create(admin, city.id, {
      slug: 'dubbla-vardet',
      name: 'Dubbla värdet',
      faceValueOre: 50_000,
      priceOre: 25_000,
      sponsor: { name: 'Fastighetsägarna', email: 'f@example.test' },
      capCards: 10,
      startsOn: '2026-03-01',
      endsOn: '2026-03-31',
      returnOnExpiry: true,
    });
    const cards: string[] = [];
    for (const buyer of ['a', 'b']) {
      const { order } = await services.campaigns.buy(city.id, 'dubbla-vardet', { buyer: { email: `${buyer}@example.test` }, quantity: 1, paymentMethod: 'simulator' });
      await services.giftcards.setPaymentRef(city.id, order.id, `sim-${order.id}`);
      await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
      cards.push((await services.giftcards.getOrder(city.id, order.id))!.cards[0]!.id);
    }
    const code = (await services.giftcards.revealCode(cards[0]!))!.code;
    await services.giftcards.redeem(owner.actor, city.id, { code, businessId: shop.id, amountOre: 10_000 });
    // The March invoice (50 000), paid 30 000 so far.
    clock.set('2026-04-02T08:00:00Z');
    const invoice = await services.campaigns.invoiceSponsor(admin, city.id, campaign.id, { from: '2026-03-01', until: '2026-03-31' });
    clock.set('2026-04-20T08:00:00Z');
    await services.billing.registerPayment(admin, city.id, invoice.invoiceId, { amountOre: 30_000, paidOn: '2026-04-20', method: 'bankgiro' });

    const sponsorName = (id: string) => (id === campaign.id ? 'Fastighetsägarna (Dubbla värdet)' : id);
    const exportYear = async (year: string) =>
      parseSie(
        await accountingSie(services, { cityId: city.id, company: { name: city.associationName, orgNumber: '802514-2368' }, from: `${year}-01-01`, until: `${year}-12-31`, accounts: accountMappingOf(city), generatedAt: clock.now(), businessName: () => shop.name, sponsorName, programVersion: '0.1.0' }),
      );
    const owed = async () => 0 - (await services.ledger.balance(services.db, city.id, sponsorAccount(campaign.id)));
    const y2026 = await exportYear('2026');
    for (const v of y2026.vers) expect(v.trans.reduce((s, t) => s + t.amountOre, 0n)).toBe(0n);
    expect(y2026.konto.get(1510)).toBe('Kundfordringar');
    // 50 000 of shares less 30 000 paid: the sponsor owes 20 000, and 1510 says so.
    expect(await owed()).toBe(20_000);
    expect(accountBalances(y2026).get(1510)).toBe(20_000n);
    expect(y2026.vers.map((v) => v.text)).toEqual(expect.arrayContaining(['Sponsorandelar 2026-03-02', 'Inbetalt av sponsorer 2026-04-20']));
    const payment = y2026.vers.find((v) => v.text.startsWith('Inbetalt av sponsorer'))!;
    expect(payment.trans.map((t) => [t.account, t.amountOre, t.text])).toEqual([
      [1930, 30_000n, undefined],
      [1510, -30_000n, 'Fastighetsägarna (Dubbla värdet)'],
    ]);
    // The liability holds both cards' full value less the redemption: buyer and sponsor money alike.
    expect(accountBalances(y2026).get(2421)).toBe(-(100_000n - 10_000n));

    // Two years on the cards expire: the sponsor's half of what is left goes back to it
    // (20 000 + 25 000), which is more than it still owed, so 1510 turns to what the
    // association owes the sponsor back.
    const expiresAt = (await services.giftcards.getOrder(city.id, (await services.giftcards.revealCode(cards[1]!))!.card.orderId))!.cards[0]!.expiresAt;
    clock.set(new Date(expiresAt.getTime() + 60_000));
    await services.giftcards.expireDue({ cityId: city.id });
    const y2028 = await exportYear('2028');
    for (const v of y2028.vers) expect(v.trans.reduce((s, t) => s + t.amountOre, 0n)).toBe(0n);
    const back = y2028.vers.find((v) => v.text.startsWith('Åter till sponsorer'))!;
    expect(back.trans.map((t) => [t.account, t.amountOre])).toEqual([
      [2421, 45_000n],
      [1510, -45_000n],
    ]);
    expect(await owed()).toBe(20_000 - 45_000);
    expect(accountBalances(y2026, y2028).get(1510)).toBe(BigInt(await owed()));
    // The rest of what was left is breakage; the cards' liability is gone.
    expect(accountBalances(y2028).get(3990)).toBe(-45_000n);
    expect(accountBalances(y2026, y2028).get(2421)).toBe(0n);
    expect((await services.ledger.verify(city.id)).ok).toBe(true);
  });

  it("books to the city's own accounts from its settings, and refuses a mapping it cannot honour", () => {
    expect(accountMappingOf({ settings: {} }).sponsorReceivables).toEqual({ number: 1510, name: 'Kundfordringar' });
    const own = accountMappingOf({ settings: { accounting: { accounts: { sponsorReceivables: { number: 1680, name: 'Andra kortfristiga fordringar' } } } } });
    expect(own.sponsorReceivables).toEqual({ number: 1680, name: 'Andra kortfristiga fordringar' });
    expect(own.unredeemedCards.number).toBe(2421);
    expect(() => accountMappingOf({ settings: { accounting: { accounts: { sponsors: { number: 1680, name: 'x' } } } } })).toThrow(expect.objectContaining({ code: 'settlement.invalid_account_mapping' }));
    expect(() => accountMappingOf({ settings: { accounting: { accounts: { sponsorReceivables: { number: 168, name: 'x' } } } } })).toThrow(expect.objectContaining({ code: 'settlement.invalid_account_mapping' }));
    expect(() => accountMappingOf({ settings: { accounting: { accounts: { sponsorReceivables: { number: 1680, name: ' ' } } } } })).toThrow(expect.objectContaining({ code: 'settlement.invalid_account_mapping' }));
  });
});
