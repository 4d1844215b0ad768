/**
 * A national operator's month: a settlement run over 1 000 000 redemptions (1 % of them
 * reversed) across 300 businesses on PostgreSQL, its approval, and the SIE 4 export of
 * the same period. Reports seconds for each step and the process's peak memory.
 *
 * The data is made with set-based SQL (generate_series) in a database of its own,
 * created fresh and dropped at the end (also on failure): 10 000 cards, the
 * redemptions spread over November 2026, and the ledger transfers and entries that
 * the redemptions would have made (card → merchant), so the SIE export has a month of
 * movements to sum. `BENCH_REDEMPTIONS=50000` makes a small run while developing.
 *
 * Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust authentication).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { systemActor } from '../src/platform/auth/roles.js';
import { fixedClock } from '../src/platform/clock.js';
import { testConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { createLogger } from '../src/platform/logger.js';
import { createServices } from '../src/services.js';
import { accountingSie } from '../src/modules/settlement/index.js';
import { buildBusinessInput } from '../test/factories/index.js';

const REDEMPTIONS = Number(process.env.BENCH_REDEMPTIONS ?? 1_000_000);
const BUSINESSES = 300;
const CARDS = 10_000;
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

interface Step {
  seconds: number;
}

export interface SettlementBenchResult {
  redemptions: number;
  reversed: number;
  businesses: number;
  generate: Step & { ledgerEntries: number };
  run: Step & { lines: number; redeemedOre: number; payoutOre: number; identityHolds: boolean };
  approve: Step;
  sie: Step & { bytes: number; vouchers: number };
  peakRssMb: number;
  peakHeapMb: number;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export async function run(): Promise<SettlementBenchResult> {
  const name = `torget_bench_settlement_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sample, 20);
  try {
    const database = await openDatabase({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:5432/${name}`, poolSize: 4 });
    await database.migrate();
    const clock = fixedClock('2026-12-02T09:00:00Z');
    const services = await createServices(testConfig(), database, { clock, log: createLogger('silent') });
    try {
      const city = await services.cities.create(systemActor, { slug: 'riket', name: 'Riket', associationName: 'Rikets Citysamverkan' });
      await services.cities.update(systemActor, city.id, { orgNumber: '802400-1235' });
      await services.giftcards.products.ensureDefaults(city.id);
      const product = await services.giftcards.products.getBySlug(city.id, 'presentkort');
      for (let i = 0; i < BUSINESSES; i++) await services.members.create(systemActor, city.id, buildBusinessInput({ name: `Butik ${i}`, isMember: i % 5 !== 0 }));

      // --- data, set-based ------------------------------------------------------------
      const t0 = process.hrtime.bigint();
      const db = services.db;
      await db.execute(sql`
        insert into giftcard_orders (city_id, reference, product_id, channel, buyer_email, status, total_ore, payment_method, created_at)
        values (${city.id}, 'PK-BENCH', ${product.id}, 'bulk', 'bench@example.test', 'paid', ${CARDS * 10_000_000}, 'invoice', '2026-10-01T10:00:00Z')`);
      await db.execute(sql`
        insert into giftcards (city_id, order_id, product_id, code_hash, code_encrypted, code_last4, status, face_value_ore, paid_ore, expires_at, created_at)
        select ${city.id}, o.id, ${product.id}, 'bench-' || g, 'x', lpad((g % 10000)::text, 4, '0'), 'active', 10000000, 10000000, '2028-10-01T10:00:00Z', '2026-10-01T10:00:00Z'
        from generate_series(1, ${CARDS}) g, (select id from giftcard_orders where reference = 'PK-BENCH' and city_id = ${city.id}) o`);
      await db.execute(sql`
        with cards as (select array_agg(id order by id) as ids from giftcards where city_id = ${city.id}),
             biz as (select array_agg(id order by id) as ids from businesses where city_id = ${city.id})
        insert into redemptions (city_id, card_id, business_id, amount_ore, receipt_number, created_by, created_at, transfer_id, reversed_at, reversed_by)
        select ${city.id}, cards.ids[1 + g % ${CARDS}], biz.ids[1 + (g * 7) % ${BUSINESSES}], 100 + (g::bigint * 7919) % 50000, 'B-' || g, 'bench',
               timestamptz '2026-11-01 00:00:00+01' + (g * (2590000.0 / ${REDEMPTIONS})) * interval '1 second', gen_random_uuid(),
               case when g % 100 = 0 then timestamptz '2026-11-01 00:00:00+01' + (g * (2590000.0 / ${REDEMPTIONS})) * interval '1 second' + interval '10 minutes' end,
               case when g % 100 = 0 then 'bench' end
        from generate_series(1, ${REDEMPTIONS}) g, cards, biz`);
      // The ledger as the redemptions (and reversals) would have left it.
      await db.execute(sql`
        insert into ledger_accounts (city_id, code, kind, balance_ore, allow_negative)
        select ${city.id}::uuid, 'merchant:' || id, 'merchant', 0, true from businesses where city_id = ${city.id}
        union all select ${city.id}::uuid, 'card:' || id, 'card', 0, false from giftcards where city_id = ${city.id}`);
      await db.execute(sql`
        insert into ledger_transfers (id, city_id, kind, reference, actor, created_at)
        select transfer_id, city_id, 'giftcard.redeem', id::text, 'bench', created_at from redemptions where city_id = ${city.id}
        union all select gen_random_uuid(), city_id, 'giftcard.reverse', id::text, 'bench', reversed_at from redemptions where city_id = ${city.id} and reversed_at is not null`);
      await db.execute(sql`
        with acc as (select code, id from ledger_accounts where city_id = ${city.id}),
             moves as (
               select t.id as transfer_id, r.card_id, r.business_id, case when t.kind = 'giftcard.redeem' then r.amount_ore else -r.amount_ore end as amount
               from ledger_transfers t join redemptions r on r.id::text = t.reference
               where t.city_id = ${city.id})
        insert into ledger_entries (transfer_id, account_id, city_id, amount_ore)
        select m.transfer_id, c.id, ${city.id}::uuid, -m.amount from moves m join acc c on c.code = 'card:' || m.card_id
        union all
        select m.transfer_id, b.id, ${city.id}::uuid, m.amount from moves m join acc b on b.code = 'merchant:' || m.business_id`);
      await db.execute(sql`
        update ledger_accounts a set balance_ore = s.total from (select account_id, sum(amount_ore) as total from ledger_entries where city_id = ${city.id} group by account_id) s
        where a.id = s.account_id`);
      await db.execute(sql`analyze`);
      const [{ n: entries }] = ((await db.execute(sql`select count(*)::int as n from ledger_entries where city_id = ${city.id}`)) as unknown as { rows: Array<{ n: number }> }).rows as [{ n: number }];
      const generateSeconds = seconds(t0);

      // --- the run ---------------------------------------------------------------------
      sample();
      const t1 = process.hrtime.bigint();
      const created = await services.settlement.createRun(systemActor, city.id, { from: '2026-11-01', until: '2026-11-30' });
      const runSeconds = seconds(t1);
      const t = created.totals;
      const identityHolds = t.payoutOre + t.feeOre + t.feeVatOre + t.carriedOutOre === t.redeemedOre - t.reversedOre + t.carriedInOre && created.lines.every((l) => l.payoutOre + l.feeOre + l.feeVatOre + l.carriedOutOre === l.redeemedOre - l.reversedOre + l.carriedInOre);

      const t2 = process.hrtime.bigint();
      await services.settlement.approve({ ...systemActor, kind: 'cli', label: 'cli:bench' }, city.id, created.id, { method: 'cli' });
      const approveSeconds = seconds(t2);

      // --- SIE -------------------------------------------------------------------------
      const names = new Map<string, string>();
      for (const l of created.lines) names.set(l.businessId, l.businessName);
      const t3 = process.hrtime.bigint();
      const file = await accountingSie(services, { cityId: city.id, company: { name: city.associationName, orgNumber: '802400-1235' }, from: '2026-11-01', until: '2026-12-31', generatedAt: clock.now(), businessName: (id) => names.get(id) ?? id, programVersion: 'bench' });
      const sieSeconds = seconds(t3);
      const vouchers = (file.toString('latin1').match(/#VER /g) ?? []).length;
      sample();

      return {
        redemptions: REDEMPTIONS,
        reversed: Math.floor(REDEMPTIONS / 100),
        businesses: BUSINESSES,
        generate: { seconds: round(generateSeconds), ledgerEntries: entries },
        run: { seconds: round(runSeconds), lines: created.lines.length, redeemedOre: t.redeemedOre, payoutOre: t.payoutOre, identityHolds },
        approve: { seconds: round(approveSeconds) },
        sie: { seconds: round(sieSeconds), bytes: file.length, vouchers },
        peakRssMb: Math.round(peakRss / 1048576),
        peakHeapMb: Math.round(peakHeap / 1048576),
      };
    } finally {
      await services.close();
      await database.close();
    }
  } finally {
    clearInterval(sampler);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const round = (s: number) => Math.round(s * 100) / 100;

export function summarize(r: SettlementBenchResult): string[] {
  return [
    `${r.redemptions.toLocaleString('sv-SE')} redemptions (${r.reversed.toLocaleString('sv-SE')} reversed), ${r.businesses} businesses; data generated in ${r.generate.seconds} s (${r.generate.ledgerEntries.toLocaleString('sv-SE')} ledger entries)`,
    `settlement run: ${r.run.seconds} s, ${r.run.lines} lines, identity ${r.run.identityHolds ? 'holds' : 'BROKEN'}`,
    `approval (ledger transfer): ${r.approve.seconds} s`,
    `SIE export: ${r.sie.seconds} s, ${r.sie.vouchers} vouchers, ${r.sie.bytes} bytes`,
    `peak memory of the process: ${r.peakRssMb} MB RSS, ${r.peakHeapMb} MB heap`,
  ];
}
