import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import type { Actor } from '../../platform/auth/roles.js';
import { accountingSie, accountingVouchers } from './accounting.js';

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
});
