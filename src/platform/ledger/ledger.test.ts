import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase, workerDatabase } from '../../../test/harness.js';
import type { Database } from '../db/database.js';
import { DomainError } from '../errors.js';
import { accountKind, createLedger, type Ledger } from './ledger.js';
import { ledgerAccounts } from './schema.js';

describe('accountKind', () => {
  it('is the code up to the first colon', () => {
    expect(accountKind('card:1234')).toBe('card');
    expect(accountKind('clearing:swish')).toBe('clearing');
    expect(accountKind('fees')).toBe('fees');
  });
});

describeEachDatabase('ledger', (ctx) => {
  let database: Database;
  let ledger: Ledger;
  beforeAll(async () => {
    database = await workerDatabase(ctx().kind);
    ledger = createLedger({ db: database.db, clock: ctx().clock });
  });
  const card = () => `card:${randomUUID()}`;

  it('moves value, writes balanced entries and keeps cached balances', async () => {
    const cityId = randomUUID();
    const c = card();
    const issued = await database.db.transaction((tx) =>
      ledger.transfer(tx, { cityId, kind: 'giftcard.issue', reference: 'order-1', actor: 'system', legs: [{ from: 'clearing:swish', to: c, amountOre: 50_000 }] }),
    );
    expect(issued.entries).toEqual([
      { code: 'clearing:swish', amountOre: -50_000, balanceOre: -50_000 },
      { code: c, amountOre: 50_000, balanceOre: 50_000 },
    ]);
    const redeemed = await database.db.transaction((tx) =>
      ledger.transfer(tx, {
        cityId,
        kind: 'giftcard.redeem',
        reference: 'redemption-1',
        actor: 'user:x',
        memo: { note: 'lunch' },
        legs: [
          { from: c, to: 'merchant:m1', amountOre: 12_000 },
          { from: 'merchant:m1', to: 'fees', amountOre: 300 },
        ],
      }),
    );
    expect(redeemed.entries.find((e) => e.code === c)?.balanceOre).toBe(38_000);
    expect(await ledger.balance(database.db, cityId, c)).toBe(38_000);
    expect(await ledger.balance(database.db, cityId, 'merchant:m1')).toBe(11_700);
    expect(await ledger.balance(database.db, cityId, 'fees')).toBe(300);
    expect(await ledger.balance(database.db, cityId, 'merchant:unknown')).toBe(0);

    const history = await ledger.history(cityId, 'merchant:m1');
    expect(history.map((h) => [h.kind, h.amountOre, h.balanceOre])).toEqual([
      ['giftcard.redeem', -300, 11_700],
      ['giftcard.redeem', 12_000, 12_000],
    ]);
    expect(history[0]!.memo).toEqual({ note: 'lunch' });

    expect(await ledger.sumByKind(cityId)).toEqual([
      { kind: 'card', accounts: 1, balanceOre: 38_000 },
      { kind: 'clearing', accounts: 1, balanceOre: -50_000 },
      { kind: 'fees', accounts: 1, balanceOre: 300 },
      { kind: 'merchant', accounts: 1, balanceOre: 11_700 },
    ]);
    const report = await ledger.verify(cityId);
    expect(report).toMatchObject({ ok: true, accounts: 4, transfers: 2, drift: [], unbalanced: [], negative: [] });
  });

  it('refuses an overdraw and rolls back the whole transaction, the caller’s own writes too', async () => {
    const cityId = randomUUID();
    const c = card();
    await database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 'giftcard.issue', reference: 'o', actor: 'system', legs: [{ from: 'sponsor:s', to: c, amountOre: 10_000 }] }));
    const marker = `marker-${randomUUID()}`;
    const attempt = database.db.transaction(async (tx) => {
      // The caller's own row, written before the money moves.
      await tx.insert(ledgerAccounts).values({ cityId, code: marker, kind: 'marker', allowNegative: false });
      await ledger.transfer(tx, { cityId, kind: 'giftcard.redeem', reference: 'r', actor: 'system', legs: [{ from: c, to: 'merchant:m', amountOre: 10_001 }] });
    });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'ledger.insufficient_funds', extra: { account: c, balanceOre: 10_000, requiredOre: 10_001 } });
    expect(await ledger.balance(database.db, cityId, c)).toBe(10_000);
    expect(await ledger.balance(database.db, cityId, marker)).toBe(0);
    const rows = await database.db.execute(sql`select count(*)::int as n from ledger_accounts where city_id = ${cityId} and code in (${marker}, 'merchant:m')`);
    expect(Number((rows as unknown as { rows: Array<{ n: number }> }).rows[0]!.n)).toBe(0);
    expect((await ledger.verify(cityId)).transfers).toBe(1);
  });

  it('lets value sources go negative but never holders', async () => {
    const cityId = randomUUID();
    for (const source of ['clearing:swish', 'sponsor:x', 'association', 'import:2025', 'invoice:42', 'merchant:owes-back']) {
      await database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 't', reference: source, actor: 'system', legs: [{ from: source, to: 'card:a', amountOre: 1 }] }));
    }
    for (const holder of ['fees', 'breakage', 'card:c', 'blocked:b']) {
      await expect(
        database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 't', reference: holder, actor: 'system', legs: [{ from: holder, to: 'card:a', amountOre: 1 }] })),
      ).rejects.toMatchObject({ code: 'ledger.insufficient_funds', extra: { account: holder } });
    }
    expect(await ledger.balance(database.db, cityId, 'card:a')).toBe(6);
  });

  it('treats bad amounts and codes as programming errors', async () => {
    const cityId = randomUUID();
    for (const amountOre of [0, -100, 12.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      const error = await database.db
        .transaction((tx) => ledger.transfer(tx, { cityId, kind: 't', reference: 'r', actor: 'a', legs: [{ from: 'clearing:x', to: 'card:a', amountOre }] }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(DomainError);
    }
    await expect(database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 't', reference: 'r', actor: 'a', legs: [] }))).rejects.toThrow(/at least one leg/);
    await expect(database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 't', reference: 'r', actor: 'a', legs: [{ from: 'card:a', to: 'card:a', amountOre: 1 }] }))).rejects.toThrow(/itself/);
    await expect(database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 't', reference: 'r', actor: 'a', legs: [{ from: 'Card a', to: 'card:a', amountOre: 1 }] }))).rejects.toThrow(/malformed/);
  });

  it('verify finds a corrupted cached balance', async () => {
    const cityId = randomUUID();
    const c = card();
    await database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 'giftcard.issue', reference: 'o', actor: 'system', legs: [{ from: 'clearing:swish', to: c, amountOre: 20_000 }] }));
    expect((await ledger.verify(cityId)).ok).toBe(true);
    await database.db.execute(sql`update ledger_accounts set balance_ore = balance_ore + 500 where city_id = ${cityId} and code = ${c}`);
    const report = await ledger.verify(cityId);
    expect(report.ok).toBe(false);
    expect(report.drift).toEqual([{ cityId, code: c, cachedOre: 20_500, computedOre: 20_000 }]);
    // Other cities are not affected; the all-cities report includes this one.
    expect((await ledger.verify(randomUUID())).ok).toBe(true);
    expect((await ledger.verify()).drift).toContainEqual({ cityId, code: c, cachedOre: 20_500, computedOre: 20_000 });
    await database.db.execute(sql`update ledger_accounts set balance_ore = -1 where city_id = ${cityId} and code = ${c}`);
    expect((await ledger.verify(cityId)).negative).toEqual([{ cityId, code: c, balanceOre: -1 }]);
    // Repair it: other test files share this database and may verify every city.
    await database.db.execute(sql`update ledger_accounts set balance_ore = 20000 where city_id = ${cityId} and code = ${c}`);
    expect((await ledger.verify(cityId)).ok).toBe(true);
  });

  it('keeps a merchant’s balance in shards: null after a transfer, whole in balance, sums and verify', async () => {
    const cityId = randomUUID();
    const c = card();
    await database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 'giftcard.issue', reference: 'o', actor: 'system', legs: [{ from: 'clearing:swish', to: c, amountOre: 30_000 }] }));
    const first = await database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 'giftcard.redeem', reference: 'r1', actor: 'system', legs: [{ from: c, to: 'merchant:m', amountOre: 10_000 }] }));
    expect(first.entries).toEqual([
      { code: c, amountOre: -10_000, balanceOre: 20_000 },
      { code: 'merchant:m', amountOre: 10_000, balanceOre: null },
    ]);
    await database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 'giftcard.reverse', reference: 'r1', actor: 'system', legs: [{ from: 'merchant:m', to: c, amountOre: 2_500 }] }));
    // The account row's own cache did not move; the shards hold the change.
    const rows = (await database.db.execute(
      sql`select a.balance_ore as own, (select coalesce(sum(s.balance_ore), 0) from ledger_balance_shards s where s.account_id = a.id)::bigint as shards
          from ledger_accounts a where a.city_id = ${cityId} and a.code = 'merchant:m'`,
    )) as unknown as { rows: Array<{ own: string | number; shards: string | number }> };
    expect(rows.rows.map((r) => [Number(r.own), Number(r.shards)])).toEqual([[0, 7_500]]);
    expect(await ledger.balance(database.db, cityId, 'merchant:m')).toBe(7_500);
    expect(await ledger.sumByKind(cityId)).toContainEqual({ kind: 'merchant', accounts: 1, balanceOre: 7_500 });
    expect(await ledger.verify(cityId)).toMatchObject({ ok: true, drift: [] });
    // A shard changed behind the ledger's back is drift like any other.
    await database.db.execute(sql`update ledger_balance_shards set balance_ore = balance_ore + 1 where city_id = ${cityId}`);
    expect((await ledger.verify(cityId)).drift).toEqual([{ cityId, code: 'merchant:m', cachedOre: 7_501, computedOre: 7_500 }]);
    await database.db.execute(sql`update ledger_balance_shards set balance_ore = balance_ore - 1 where city_id = ${cityId}`);
    expect((await ledger.verify(cityId)).ok).toBe(true);
  });

  it('verify finds a transfer whose entries do not sum to zero', async () => {
    const cityId = randomUUID();
    const t = await database.db.transaction((tx) => ledger.transfer(tx, { cityId, kind: 'giftcard.issue', reference: 'o', actor: 'system', legs: [{ from: 'clearing:swish', to: card(), amountOre: 700 }] }));
    await database.db.execute(sql`update ledger_entries set amount_ore = 600 where transfer_id = ${t.id} and amount_ore = 700`);
    const report = await ledger.verify(cityId);
    expect(report.unbalanced).toEqual([{ transferId: t.id, sumOre: -100 }]);
    expect(report.drift).toHaveLength(1);
    await database.db.execute(sql`update ledger_entries set amount_ore = 700 where transfer_id = ${t.id} and amount_ore = 600`);
    expect((await ledger.verify(cityId)).ok).toBe(true);
  });
});
