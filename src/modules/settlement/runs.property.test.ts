/**
 * Runs over the database, for random sequences of redemptions, same-day reversals and
 * settlement runs on random days: summed over all approved runs, payouts + fees + fee
 * VAT + the last carried-out debt = everything redeemed − everything reversed, per
 * business; and each business's ledger account holds exactly what is not yet settled.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import type { Actor } from '../../platform/auth/roles.js';
import { accounts } from '../giftcards/index.js';

type Op = { kind: 'redeem'; shop: 0 | 1; amountOre: number } | { kind: 'reverse'; pick: number } | { kind: 'nextDay' } | { kind: 'run' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('redeem' as const), shop: fc.constantFrom(0 as const, 1 as const), amountOre: fc.integer({ min: 1, max: 9_999 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'nextDay' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'run' as const }) },
);

describeEachDatabase('settlement runs (property)', (ctx) => {
  it('nothing paid twice, nothing left out, across runs with reversals and carries', async () => {
    const { services, clock } = ctx();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 14 }), async (ops) => {
        let day = new Date('2026-12-01T09:00:00Z');
        clock.set(day);
        const city = await insertCity(services);
        await services.giftcards.products.ensureDefaults(city.id);
        const shops = [await insertBusiness(services, city, { category: 'mode', isMember: true }), await insertBusiness(services, city, { category: 'mode', isMember: false })];
        const owners = [await insertUser(services, 'merchant-owner', city, shops[0]!.id), await insertUser(services, 'merchant-owner', city, shops[1]!.id)];
        const admin: Actor = { ...(await insertUser(services, 'association-admin', city)).actor, hasTwoFactor: true };
        const { order, cards } = await services.giftcards.placeOrder(null, city.id, { productSlug: 'presentkort', amountOre: 500_000, quantity: 1, buyer: { email: 'p@example.test' }, paymentMethod: 'simulator', channel: 'web' });
        await services.giftcards.setPaymentRef(city.id, order.id, `sim-${order.id}`);
        await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
        const today: Array<{ id: string; shop: number }> = [];
        const net = [0, 0];
        const paid = [0, 0];
        const lastCarry = [0, 0];
        for (const o of ops) {
          if (o.kind === 'redeem') {
            const r = await services.giftcards.redeem(owners[o.shop]!.actor, city.id, { code: cards[0]!.code, businessId: shops[o.shop]!.id, amountOre: o.amountOre });
            today.push({ id: r.id, shop: o.shop });
            net[o.shop]! += o.amountOre;
          } else if (o.kind === 'reverse' && today.length) {
            const [r] = today.splice(o.pick % today.length, 1);
            const amount = (await services.giftcards.todaysRedemptions(owners[r!.shop]!.actor, city.id, shops[r!.shop]!.id)).find((x) => x.id === r!.id)!.amountOre;
            await services.giftcards.reverse(owners[r!.shop]!.actor, city.id, r!.id, shops[r!.shop]!.id);
            net[r!.shop]! -= amount;
          } else if (o.kind === 'nextDay') {
            day = new Date(day.getTime() + 86_400_000);
            clock.set(day);
            today.length = 0;
          } else if (o.kind === 'run') {
            const until = day.toISOString().slice(0, 10);
            const run = await services.settlement.createRun(admin, city.id, { until });
            await services.settlement.approve(admin, city.id, run.id, { method: 'web-2fa' });
            for (const l of run.lines) {
              const i = l.businessId === shops[0]!.id ? 0 : 1;
              paid[i]! += l.payoutOre + l.feeOre + l.feeVatOre;
              lastCarry[i] = l.carriedOutOre;
              expect(l.payoutOre).toBeGreaterThanOrEqual(0);
            }
          }
        }
        // A final run takes the rest.
        const last = await services.settlement.createRun(admin, city.id, { until: day.toISOString().slice(0, 10) });
        await services.settlement.approve(admin, city.id, last.id, { method: 'web-2fa' });
        for (const l of last.lines) {
          const i = l.businessId === shops[0]!.id ? 0 : 1;
          paid[i]! += l.payoutOre + l.feeOre + l.feeVatOre;
          lastCarry[i] = l.carriedOutOre;
        }
        for (const i of [0, 1]) {
          expect(paid[i]! + lastCarry[i]!).toBe(net[i]);
          // What is left on the merchant account is exactly the carried debt.
          expect(await services.ledger.balance(services.db, city.id, accounts.merchant(shops[i]!.id))).toBe(lastCarry[i]);
        }
        expect((await services.ledger.verify(city.id)).ok).toBe(true);
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});
