/**
 * Random sequences of what happens to gift cards — issue, redeem, reverse, block and
 * reissue, expire — through the real service on a real database. Whatever the order,
 * the ledger balances, no card is ever below zero, and each card's balance equals what
 * a simple model of its history says.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import { systemActor } from '../../platform/auth/roles.js';
import { DomainError } from '../../platform/errors.js';
import { accounts } from './ports.js';

type Op =
  | { kind: 'issue'; amountKr: number }
  | { kind: 'redeem'; card: number; amountKr: number }
  | { kind: 'reverse'; redemption: number }
  | { kind: 'block'; card: number }
  | { kind: 'expire' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('issue' as const), amountKr: fc.integer({ min: 100, max: 1000 }) }),
  fc.record({ kind: fc.constant('redeem' as const), card: fc.nat(20), amountKr: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant('reverse' as const), redemption: fc.nat(20) }),
  fc.record({ kind: fc.constant('block' as const), card: fc.nat(20) }),
  fc.constant({ kind: 'expire' as const }),
);

describeEachDatabase('gift cards under random sequences of operations', (ctx) => {
  it('keep the ledger balanced, never overdraw a card, and match a simple model', async () => {
    const { services, clock } = ctx();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const city = await insertCity(services);
        const shop = await insertBusiness(services, city);
        const owner = await insertUser(services, 'merchant-owner', city, shop.id);
        const admin = await insertUser(services, 'association-admin', city);
        const cards: Array<{ id: string; code: string; modelOre: number; live: boolean; replacedBy?: number }> = [];
        const done: Array<{ id: string; card: number; amountOre: number; reversed: boolean }> = [];
        const expireAt = clock.now().getTime();
        let expired = false;
        for (const o of ops) {
          if (o.kind === 'issue') {
            const [card] = await services.giftcards.issuePromotional(systemActor, city.id, { amountOre: o.amountKr * 100, count: 1 });
            cards.push({ id: card!.id, code: card!.code, modelOre: o.amountKr * 100, live: true });
          } else if (o.kind === 'redeem' && cards.length > 0) {
            const i = o.card % cards.length;
            const card = cards[i]!;
            try {
              const r = await services.giftcards.redeem(owner.actor, city.id, { code: card.code, businessId: shop.id, amountOre: o.amountKr * 100 });
              expect(card.live && card.modelOre >= o.amountKr * 100).toBe(true);
              card.modelOre -= r.amountOre;
              done.push({ id: r.id, card: i, amountOre: r.amountOre, reversed: false });
            } catch (err) {
              expect(err).toBeInstanceOf(DomainError);
              expect(!card.live || card.modelOre < o.amountKr * 100).toBe(true);
            }
          } else if (o.kind === 'reverse' && done.length > 0) {
            const r = done[o.redemption % done.length]!;
            try {
              await services.giftcards.reverse(owner.actor, city.id, r.id, shop.id);
              expect(r.reversed).toBe(false);
              r.reversed = true;
              // Value goes back to the card, or to the card that replaced it after a block.
              let target = r.card;
              while (cards[target]!.replacedBy !== undefined) target = cards[target]!.replacedBy!;
              cards[target]!.modelOre += r.amountOre;
            } catch (err) {
              expect(err).toBeInstanceOf(DomainError);
              expect(r.reversed).toBe(true);
              expect(['giftcard.already_reversed', 'giftcard.reversal_window_closed']).toContain((err as DomainError).code);
            }
          } else if (o.kind === 'block' && cards.length > 0) {
            const i = o.card % cards.length;
            const card = cards[i]!;
            if (!card.live) continue;
            const next = await services.giftcards.blockAndReissue(admin.actor, city.id, card.id, 'property test');
            expect(next.balanceOre).toBe(card.modelOre);
            cards.push({ id: next.newCardId, code: next.code, modelOre: card.modelOre, live: true });
            card.modelOre = 0;
            card.live = false;
            card.replacedBy = cards.length - 1;
          } else if (o.kind === 'expire' && !expired) {
            // Everything issued so far passes its last day; later cards are new.
            clock.set(new Date(expireAt + 800 * 24 * 3600_000));
            while ((await services.giftcards.expireDue({ cityId: city.id })) > 0) {
              /* next batch */
            }
            for (const card of cards) if (card.live) Object.assign(card, { modelOre: 0, live: false });
            // Days have passed: earlier redemptions are past their same-day reversal window.
            for (const r of done) r.reversed = true;
            expired = true;
          }
        }
        clock.set(new Date(expireAt));
        for (const card of cards) {
          const balance = await services.ledger.balance(services.db, city.id, accounts.card(card.id));
          expect(balance).toBeGreaterThanOrEqual(0);
          expect(balance).toBe(card.modelOre);
        }
        const report = await services.ledger.verify(city.id);
        expect(report).toMatchObject({ ok: true, drift: [], unbalanced: [], negative: [] });
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
