/**
 * Property: whatever sequence of issues, redemptions, reversals, breakage and blocks
 * arrives, the ledger refuses exactly the overdraws a simple model predicts, no holder
 * goes below zero, every cached balance equals the sum of its entries and the city
 * sums to zero.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, workerDatabase } from '../../../test/harness.js';
import type { Database } from '../db/database.js';
import { DomainError } from '../errors.js';
import { createLedger, negativeAllowedKinds, type Ledger, type TransferLeg } from './ledger.js';

const CARDS = 4;
const MERCHANTS = 3;
const SOURCES = ['clearing:swish', 'sponsor:s1', 'association'] as const;

type Op =
  | { op: 'issue'; card: number; source: number; amountOre: number }
  | { op: 'redeem'; card: number; merchant: number; amountOre: number }
  | { op: 'reverse'; redemption: number }
  | { op: 'breakage'; card: number }
  | { op: 'block'; card: number };

const amount = fc.integer({ min: 1, max: 100_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('issue' as const), card: fc.nat(CARDS - 1), source: fc.nat(SOURCES.length - 1), amountOre: amount }),
  fc.record({ op: fc.constant('redeem' as const), card: fc.nat(CARDS - 1), merchant: fc.nat(MERCHANTS - 1), amountOre: amount }),
  fc.record({ op: fc.constant('reverse' as const), redemption: fc.nat(50) }),
  fc.record({ op: fc.constant('breakage' as const), card: fc.nat(CARDS - 1) }),
  fc.record({ op: fc.constant('block' as const), card: fc.nat(CARDS - 1) }),
);

describeEachDatabase('ledger properties', (ctx) => {
  let database: Database;
  let ledger: Ledger;
  beforeAll(async () => {
    database = await workerDatabase(ctx().kind);
    ledger = createLedger({ db: database.db, clock: ctx().clock });
  });

  it('never overdraws, always balances, cache equals entries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), async (ops) => {
        const cityId = randomUUID();
        const cards = Array.from({ length: CARDS }, (_, i) => `card:${i}-${cityId}`);
        const merchants = Array.from({ length: MERCHANTS }, (_, i) => `merchant:${i}`);
        const model = new Map<string, number>();
        const bal = (code: string) => model.get(code) ?? 0;
        const redemptions: Array<{ card: string; merchant: string; amountOre: number; reversed: boolean }> = [];

        // Applies legs through the ledger and checks the outcome against the model.
        const apply = async (kind: string, legs: TransferLeg[]): Promise<boolean> => {
          const next = new Map(model);
          for (const l of legs) {
            next.set(l.from, (next.get(l.from) ?? 0) - l.amountOre);
            next.set(l.to, (next.get(l.to) ?? 0) + l.amountOre);
          }
          const expectRefusal = [...next].some(([code, v]) => v < 0 && !negativeAllowedKinds.has(code.split(':')[0]!));
          try {
            await database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind, reference: randomUUID(), actor: 'test', legs }));
          } catch (err) {
            if (!(err instanceof DomainError) || err.code !== 'ledger.insufficient_funds') throw err;
            expect(expectRefusal).toBe(true);
            return false;
          }
          expect(expectRefusal).toBe(false);
          for (const [k, v] of next) model.set(k, v);
          return true;
        };

        // Moves whatever a card holds (read in the same transaction) to another account.
        const sweep = async (kind: string, card: string, to: string) => {
          await database.db.transaction(async (tx) => {
            const left = await ledger.balance(tx, cityId, card);
            expect(left).toBe(bal(card));
            if (left > 0) await ledger.transfer(tx, { cityId, kind, reference: card, actor: 'test', legs: [{ from: card, to, amountOre: left }] });
          });
          if (bal(card) > 0) {
            model.set(to, bal(to) + bal(card));
            model.set(card, 0);
          }
        };

        for (const o of ops) {
          if (o.op === 'issue') await apply('giftcard.issue', [{ from: SOURCES[o.source]!, to: cards[o.card]!, amountOre: o.amountOre }]);
          else if (o.op === 'redeem') {
            const r = { card: cards[o.card]!, merchant: merchants[o.merchant]!, amountOre: o.amountOre, reversed: false };
            if (await apply('giftcard.redeem', [{ from: r.card, to: r.merchant, amountOre: r.amountOre }])) redemptions.push(r);
          } else if (o.op === 'reverse') {
            const r = redemptions[o.redemption % Math.max(redemptions.length, 1)];
            if (r && !r.reversed && (await apply('giftcard.reverse', [{ from: r.merchant, to: r.card, amountOre: r.amountOre }]))) r.reversed = true;
          } else if (o.op === 'breakage') await sweep('giftcard.breakage', cards[o.card]!, 'breakage');
          else await sweep('giftcard.block', cards[o.card]!, `blocked:${o.card}`);
        }

        const report = await ledger.verify(cityId);
        expect(report).toMatchObject({ ok: true, drift: [], unbalanced: [], negative: [] });
        const rows = (
          (await database.db.execute(sql`
            select a.code, a.kind, a.allow_negative, (a.balance_ore + coalesce((select sum(s.balance_ore) from ledger_balance_shards s where s.account_id = a.id), 0))::text as cached, coalesce((select sum(e.amount_ore) from ledger_entries e where e.account_id = a.id), 0)::text as computed
            from ledger_accounts a where a.city_id = ${cityId}`)) as unknown as { rows: Array<{ code: string; kind: string; allow_negative: boolean; cached: string; computed: string }> }
        ).rows;
        let total = 0;
        for (const row of rows) {
          expect(row.cached).toBe(row.computed);
          expect(Number(row.cached)).toBe(bal(row.code));
          if (!row.allow_negative) expect(Number(row.cached)).toBeGreaterThanOrEqual(0);
          total += Number(row.cached);
        }
        expect(total).toBe(0);
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
