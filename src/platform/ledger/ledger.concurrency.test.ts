/**
 * Races: many transactions draining one card at once. On PostgreSQL (a real pool) the
 * guarded UPDATE must let exactly as many through as the balance covers; on PGlite the
 * statements serialize on its one connection, and the result must be the same.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, postgresUrl, workerDatabase } from '../../../test/harness.js';
import { openDatabase, type Database } from '../db/database.js';
import { DomainError } from '../errors.js';
import { createLedger, type Ledger } from './ledger.js';

describeEachDatabase('ledger under concurrency', (ctx) => {
  let database: Database;
  let ownPool: Database | null = null;
  let ledger: Ledger;
  beforeAll(async () => {
    // The worker's PostgreSQL pool has 5 connections; this test wants real parallelism.
    database = ctx().kind === 'postgres' ? (ownPool = await openDatabase({ kind: 'postgres', url: postgresUrl!, poolSize: 20 })) : await workerDatabase('pglite');
    ledger = createLedger({ db: database.db, clock: ctx().clock });
  });
  afterAll(async () => {
    await ownPool?.close();
  });

  it('100 concurrent 100 kr redemptions from a 1 000 kr card: exactly 10 succeed', async () => {
    const cityId = randomUUID();
    const card = `card:${randomUUID()}`;
    await database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 'giftcard.issue', reference: 'o', actor: 'test', legs: [{ from: 'clearing:swish', to: card, amountOre: 100_000 }] }));
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        database.db
          .transaction((tx) => ledger.transfer(tx, { cityId, kind: 'giftcard.redeem', reference: `r${i}`, actor: 'test', legs: [{ from: card, to: `merchant:${i % 7}`, amountOre: 10_000 }] }))
          .then(
            () => 'ok' as const,
            (err: unknown) => {
              if (err instanceof DomainError && err.code === 'ledger.insufficient_funds') return 'refused' as const;
              throw err;
            },
          ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(90);
    expect(await ledger.balance(database.db, cityId, card)).toBe(0);
    const report = await ledger.verify(cityId);
    expect(report).toMatchObject({ ok: true, transfers: 11 });
  }, 60_000);

  it('many tills credit one merchant at once: every redemption lands, none waits on one row', async () => {
    const cityId = randomUUID();
    const cards = Array.from({ length: 40 }, () => `card:${randomUUID()}`);
    await database.db.transaction((tx) =>
      ledger.transfer(tx, { cityId, kind: 'giftcard.issue', reference: 'o', actor: 'test', legs: cards.map((to) => ({ from: 'clearing:swish', to, amountOre: 5_000 })) }),
    );
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 'giftcard.redeem', reference: `r${i}`, actor: 'test', legs: [{ from: cards[i % cards.length]!, to: 'merchant:busy', amountOre: 1_000 }] })),
      ),
    );
    expect(await ledger.balance(database.db, cityId, 'merchant:busy')).toBe(200_000);
    expect(await ledger.verify(cityId)).toMatchObject({ ok: true, transfers: 201 });
    const shards = (await database.db.execute(sql`select count(*)::int as n from ledger_balance_shards where city_id = ${cityId}`)) as unknown as { rows: Array<{ n: number }> };
    // PGlite has one connection, so one shard; a PostgreSQL pool spreads over several.
    if (ctx().kind === 'postgres') expect(Number(shards.rows[0]!.n)).toBeGreaterThan(1);
    else expect(Number(shards.rows[0]!.n)).toBe(1);
  }, 60_000);

  // One leg takes ledger_transfer_one, two legs the general ledger_transfer: both lock in code order.
  it.each([
    ['one leg', false],
    ['two legs', true],
  ])('transfers in opposite directions between the same accounts do not deadlock (%s)', async (_, twoLegs) => {
    const cityId = randomUUID();
    const [a, b] = [`card:a-${randomUUID()}`, `card:b-${randomUUID()}`];
    await database.db.transaction((tx) =>
      ledger.transfer(tx, { cityId, kind: 'giftcard.issue', reference: 'o', actor: 'test', legs: [{ from: 'clearing:swish', to: a, amountOre: 5_000 }, { from: 'clearing:swish', to: b, amountOre: 5_000 }] }),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => {
        const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
        const legs = [{ from, to, amountOre: 100 }, ...(twoLegs ? [{ from: 'clearing:swish', to: 'fees', amountOre: 1 }] : [])];
        return database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 'move', reference: `m${i}`, actor: 'test', legs }));
      }),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await ledger.balance(database.db, cityId, a)) + (await ledger.balance(database.db, cityId, b))).toBe(10_000);
    expect((await ledger.verify(cityId)).ok).toBe(true);
  }, 60_000);
});
