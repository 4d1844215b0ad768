/**
 * Runs over the database, for random sequences of redemptions, same-day reversals and
 * settlement runs on random days: summed over all approved runs, payouts + fees + fee
 * VAT + the last carried-out debt = everything redeemed − everything reversed, per
 * business; and each business's ledger account holds exactly what is not yet settled.
 *
 * Each redemption is made with one of three cards: an ordinary one, one from a
 * municipality-paid campaign (0 %) and one from a campaign with a fee of its own (1 %),
 * so a business's lines have several fee tiers; a reversal stays in its card's tier.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import type { Actor } from '../../platform/auth/roles.js';
import { accounts } from '../giftcards/index.js';
import { feeFor, vatOn } from './calculate.js';

type Op = { kind: 'redeem'; shop: 0 | 1; card: 0 | 1 | 2; amountOre: number } | { kind: 'reverse'; pick: number } | { kind: 'nextDay' } | { kind: 'run' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('redeem' as const), shop: fc.constantFrom(0 as const, 1 as const), card: fc.constantFrom(0 as const, 1 as const, 2 as const), amountOre: fc.integer({ min: 1, max: 9_999 }) }) },
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
        const paidOrder = async (order: { id: string; totalOre: number }) => {
          await services.giftcards.setPaymentRef(city.id, order.id, `sim-${order.id}`);
          await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
          return (await services.giftcards.revealCode((await services.giftcards.getOrder(city.id, order.id))!.cards[0]!.id))!.code;
        };
        const ordinary = await paidOrder((await services.giftcards.placeOrder(null, city.id, { productSlug: 'presentkort', amountOre: 500_000, quantity: 1, buyer: { email: 'p@example.test' }, paymentMethod: 'simulator', channel: 'web' })).order);
        const campaignCard = async (slug: string, feeBp: number) => {
          const c = await services.campaigns.create(admin, city.id, { slug, name: slug, faceValueOre: 500_000, priceOre: 250_000, sponsor: { name: 'Sponsorn', email: 's@example.test' }, capCards: 10, startsOn: '2026-12-01', endsOn: '2026-12-31', feeBp });
          return { code: await paidOrder((await services.campaigns.buy(city.id, slug, { buyer: { email: 'p@example.test' }, quantity: 1, paymentMethod: 'simulator' })).order), tier: `campaign:${c.id}` };
        };
        const free = await campaignCard('kommunen', 0);
        const own = await campaignCard('eget', 100);
        const cards = [{ code: ordinary, tier: null }, free, own];
        const today: Array<{ id: string; shop: number; tier: string }> = [];
        const net = [0, 0];
        const paid = [0, 0];
        const lastCarry = [0, 0];
        // Per business and tier (null: the business's own): redeemed − reversed, and the bases the runs charged.
        const netByTier = [new Map<string, number>(), new Map<string, number>()];
        const baseByTier = [new Map<string, number>(), new Map<string, number>()];
        const addTo = (m: Map<string, number>, key: string, amount: number) => m.set(key, (m.get(key) ?? 0) + amount);
        const tally = (lines: Array<{ businessId: string; tier: string; payoutOre: number; feeOre: number; feeVatOre: number; carriedOutOre: number; fees: Array<{ tier: string; feeBp: number; baseOre: number; feeOre: number; feeVatOre: number }> }>) => {
          for (const l of lines) {
            const i = l.businessId === shops[0]!.id ? 0 : 1;
            paid[i]! += l.payoutOre + l.feeOre + l.feeVatOre;
            lastCarry[i] = l.carriedOutOre;
            expect(l.payoutOre).toBeGreaterThanOrEqual(0);
            // One rounding per tier, VAT on the rounded fee, and the line's fee is their sum.
            for (const f of l.fees) {
              expect(f.feeOre).toBe(feeFor(f.baseOre, f.feeBp));
              expect(f.feeVatOre).toBe(vatOn(f.feeOre));
              addTo(baseByTier[i]!, f.tier === l.tier ? 'own' : f.tier, f.baseOre);
            }
            expect(l.feeOre).toBe(l.fees.reduce((s, f) => s + f.feeOre, 0));
            expect(l.feeVatOre).toBe(l.fees.reduce((s, f) => s + f.feeVatOre, 0));
            expect(l.fees.map((f) => f.feeBp).sort()).toEqual(l.fees.map((f) => (f.tier === free.tier ? 0 : f.tier === own.tier ? 100 : i === 0 ? 250 : 500)).sort());
          }
        };
        for (const o of ops) {
          if (o.kind === 'redeem') {
            const card = cards[o.card]!;
            const r = await services.giftcards.redeem(owners[o.shop]!.actor, city.id, { code: card.code, businessId: shops[o.shop]!.id, amountOre: o.amountOre });
            today.push({ id: r.id, shop: o.shop, tier: card.tier ?? 'own' });
            net[o.shop]! += o.amountOre;
            addTo(netByTier[o.shop]!, card.tier ?? 'own', o.amountOre);
          } else if (o.kind === 'reverse' && today.length) {
            const [r] = today.splice(o.pick % today.length, 1);
            const amount = (await services.giftcards.todaysRedemptions(owners[r!.shop]!.actor, city.id, shops[r!.shop]!.id)).find((x) => x.id === r!.id)!.amountOre;
            await services.giftcards.reverse(owners[r!.shop]!.actor, city.id, r!.id, shops[r!.shop]!.id);
            net[r!.shop]! -= amount;
            addTo(netByTier[r!.shop]!, r!.tier, -amount);
          } else if (o.kind === 'nextDay') {
            day = new Date(day.getTime() + 86_400_000);
            clock.set(day);
            today.length = 0;
          } else if (o.kind === 'run') {
            const until = day.toISOString().slice(0, 10);
            const run = await services.settlement.createRun(admin, city.id, { until });
            await services.settlement.approve(admin, city.id, run.id, { method: 'web-2fa' });
            expect(run.lines.length).toBeLessThanOrEqual(2); // one line per business, however many tiers
            tally(run.lines);
          }
        }
        // A final run takes the rest.
        const last = await services.settlement.createRun(admin, city.id, { until: day.toISOString().slice(0, 10) });
        await services.settlement.approve(admin, city.id, last.id, { method: 'web-2fa' });
        tally(last.lines);
        for (const i of [0, 1]) {
          expect(paid[i]! + lastCarry[i]!).toBe(net[i]);
          // Every tier's redemptions less its reversals were charged in that tier, once.
          const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));
          expect(nonZero(baseByTier[i]!)).toEqual(nonZero(netByTier[i]!));
          // What is left on the merchant account is exactly the carried debt.
          expect(await services.ledger.balance(services.db, city.id, accounts.merchant(shops[i]!.id))).toBe(lastCarry[i]);
        }
        expect((await services.ledger.verify(city.id)).ok).toBe(true);
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});
