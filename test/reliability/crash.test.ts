/**
 * Crash under load: the real server on PostgreSQL takes redemptions and occupancy
 * events (door counters and sensors) with Idempotency-Keys, bookings racing for the last
 * places and campaign purchases from concurrent clients, and is killed with SIGKILL
 * mid-stream. After a restart: every redemption and every occupancy event a client saw
 * acknowledged is stored exactly once, none that was refused is there, retries with the
 * same keys return the original answers and move nothing, a request whose answer was
 * lost is either found (replayed) or performed exactly once by its retry, no slot holds
 * more bookings than its capacity, no campaign card beyond the cap exists, and
 * `torget ledger verify` finds no drift.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickDriver, RedemptionDriver, send, type Driver, type Outcome, type RedemptionAttempt } from './drivers.js';
import { BookingDriver, CampaignDriver, OccupancyDriver } from './module-drivers.js';
import { freshPostgresDatabase, openPostgresServices, percentiles, record, skipReason, startServer, torget, type ServerProcess } from './support.js';

const baseUrl = process.env.TEST_DATABASE_URL;
const long = process.env.RELIABILITY_LONG === '1';
const CLIENTS = 8;
/** Acknowledged redemptions before the kill (per crash round). */
const ACKS_BEFORE_KILL = long ? 400 : 150;
const ROUNDS = long ? 3 : 1;

describe.skipIf(!baseUrl)(baseUrl ? 'crash under load (kill -9)' : skipReason('crash under load', 'TEST_DATABASE_URL'), () => {
  let db: { url: string; drop: () => Promise<void> };
  let server: ServerProcess | undefined;
  const driver = new RedemptionDriver(30, 500_000, 'crash');
  const occupancy = new OccupancyDriver('crash-occ');
  const bookings = new BookingDriver(4);
  const campaigns = new CampaignDriver(40);
  const mix: Driver[] = [driver, occupancy, bookings, campaigns];
  // Campaign buyers come from many addresses: the server trusts one proxy hop.
  const serverEnv = () => ({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: '8', TRUSTED_PROXY_HOPS: '1' });

  beforeAll(async () => {
    db = await freshPostgresDatabase(baseUrl!, 'crash');
    const { services, close } = await openPostgresServices(db.url);
    try {
      for (const d of mix) await d.seed(services);
    } finally {
      await close();
    }
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('loses no acknowledged redemption or occupancy event, applies none twice, overbooks nothing and sells nothing beyond the cap', async () => {
    const crashes: Array<{ sent: number; acknowledged: number; refused: number; unseen: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      server = await startServer(serverEnv());
      const before = driver.attempts.length;
      let killed = false;
      const acked = () => driver.attempts.slice(before).filter((a) => a.outcome.kind === 'answered' && a.outcome.status === 201).length;
      const clients = Array.from({ length: CLIENTS }, async (_, client) => {
        while (!killed) {
          await pickDriver(mix).step(server!.url, client);
          if (!killed && acked() >= ACKS_BEFORE_KILL) {
            killed = true;
            await server!.crash();
          }
        }
      });
      await Promise.all(clients);
      const mine = driver.attempts.slice(before);
      crashes.push({
        sent: mine.length,
        acknowledged: mine.filter((a) => a.outcome.kind === 'answered' && a.outcome.status === 201).length,
        refused: mine.filter((a) => a.outcome.kind === 'answered' && a.outcome.status !== 201).length,
        unseen: mine.filter((a) => a.outcome.kind === 'unseen').length,
      });
    }
    const all = driver.attempts;
    const acknowledged = all.filter((a) => a.outcome.kind === 'answered' && a.outcome.status === 201);
    const refused = all.filter((a) => a.outcome.kind === 'answered' && a.outcome.status !== 201);
    const unseen = all.filter((a) => a.outcome.kind === 'unseen');
    // Refusals are the deliberate over-limit requests, answered as problems.
    for (const a of refused) {
      expect(a.outcome.kind === 'answered' && a.outcome.status, JSON.stringify(a.outcome)).toBe(409);
      expect(a.body.amountOre).toBe(driver.overLimitOre);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

    expect(occupancy.acknowledged().length).toBeGreaterThan(10);

    // Restart, as an operator would after the crash.
    server = await startServer(serverEnv());

    // Retry everything with the same keys and bodies.
    const retries = new Map<string, Awaited<ReturnType<typeof send>>>();
    const queue = [...all];
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let a = queue.shift(); a; a = queue.shift()) retries.set(a.key, await send(driver.url(server!.url), driver.request(a.body, a.key)));
      }),
    );

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = await client.query<{ idempotency_key: string; id: string; amount_ore: string; transfers: string }>(
        `select r.idempotency_key, r.id, r.amount_ore, (select count(*) from ledger_transfers t where t.kind = 'giftcard.redeem' and t.reference = r.id::text) as transfers
           from redemptions r where r.city_id = $1`,
        [driver.till.cityId],
      );
      const byKey = new Map<string, Array<(typeof rows.rows)[number]>>();
      for (const row of rows.rows) byKey.set(row.idempotency_key, [...(byKey.get(row.idempotency_key) ?? []), row]);

      for (const a of acknowledged) {
        const found = byKey.get(a.key) ?? [];
        const seen = a.outcome as Extract<RedemptionAttempt['outcome'], { kind: 'answered' }>;
        expect(found, `acknowledged ${a.key} must be stored once`).toHaveLength(1);
        expect(found[0]!.id).toBe((seen.body as { id: string }).id);
        expect(Number(found[0]!.transfers), `acknowledged ${a.key} moves money once`).toBe(1);
        const retry = retries.get(a.key)!;
        expect(retry.kind === 'answered' && retry.status).toBe(201);
        expect(retry.kind === 'answered' && retry.replayed).toBe(true);
        // The original answer, balance after that redemption included, whatever the card
        // has been through since.
        expect(retry.kind === 'answered' ? retry.body : {}).toEqual(seen.body);
      }
      for (const a of refused) {
        expect(byKey.get(a.key), `refused ${a.key} must not be stored`).toBeUndefined();
        const retry = retries.get(a.key)!;
        expect(retry.kind === 'answered' && retry.status).toBe(409);
      }
      let performedByRetry = 0;
      let foundAfterCrash = 0;
      for (const a of unseen) {
        const found = byKey.get(a.key) ?? [];
        const retry = retries.get(a.key)!;
        expect(found.length, `unseen ${a.key} is stored at most once`).toBeLessThanOrEqual(1);
        if (a.body.amountOre === driver.overLimitOre) {
          expect(found).toHaveLength(0);
          continue;
        }
        // The retry's answer is the truth: 201 exactly when the row exists, naming it.
        expect(retry.kind === 'answered' && retry.status, JSON.stringify(retry)).toBe(201);
        expect(found).toHaveLength(1);
        expect(Number(found[0]!.transfers)).toBe(1);
        expect(retry.kind === 'answered' && (retry.body as { id: string }).id).toBe(found[0]!.id);
        if (retry.kind === 'answered' && retry.replayed) foundAfterCrash++;
        else performedByRetry++;
      }
      // No redemption exists that no client asked for.
      const keys = new Set(all.map((a) => a.key));
      for (const key of byKey.keys()) expect(keys.has(key), `unexpected redemption ${key}`).toBe(true);

      // Every card's balance is its value minus exactly the stored redemptions.
      const spent = new Map<number, number>();
      for (const a of all) if (byKey.has(a.key)) spent.set(a.cardIndex, (spent.get(a.cardIndex) ?? 0) + a.body.amountOre);
      const balances = await client.query<{ code: string; balance_ore: string }>(`select code, balance_ore from ledger_accounts where city_id = $1 and kind = 'card'`, [driver.till.cityId]);
      const balanceOf = new Map(balances.rows.map((r) => [r.code, Number(r.balance_ore)]));
      driver.till.cards.forEach((card, i) => expect(balanceOf.get(`card:${card.id}`), `card ${i}`).toBe(driver.cardValueOre - (spent.get(i) ?? 0)));

      // Occupancy: every acknowledged event retried with its key answers the original
      // count, marked replayed, and moves nothing.
      const answerOf = (o: Outcome) => (o.kind === 'answered' ? (o.body as { count: number; clamped: boolean }) : null);
      const countsBefore = await occupancy.counts(client);
      const eventsBefore = await occupancy.events(client);
      for (const a of occupancy.acknowledged()) {
        const retry = await send(occupancy.url(server.url, a.slug), occupancy.request(a));
        expect(retry.kind === 'answered' && retry.status, JSON.stringify(retry)).toBe(200);
        expect(retry.kind === 'answered' && retry.replayed, a.key).toBe(true);
        expect(answerOf(retry), a.key).toMatchObject({ count: answerOf(a.outcome)!.count, clamped: answerOf(a.outcome)!.clamped });
      }
      expect(await occupancy.counts(client)).toEqual(countsBefore);
      expect((await occupancy.events(client)).length).toBe(eventsBefore.length);
      // Those whose answer was lost: found and replayed, or counted once by the retry.
      const keysBefore = new Set(eventsBefore.map((e) => e.idempotency_key));
      const occupancyUnseen = occupancy.attempts.filter((a) => a.outcome.kind === 'unseen');
      let occupancyFound = 0;
      for (const a of occupancyUnseen) {
        const retry = await send(occupancy.url(server.url, a.slug), occupancy.request(a));
        expect(retry.kind === 'answered' && retry.status, JSON.stringify(retry)).toBe(200);
        expect(retry.kind === 'answered' && retry.replayed, a.key).toBe(keysBefore.has(a.key));
        if (keysBefore.has(a.key)) occupancyFound++;
      }
      const occupancyFigures = await occupancy.check(client);
      // No booking held beyond a slot's capacity; no campaign card beyond the cap.
      const bookingFigures = await bookings.check(client);
      const campaignFigures = await campaigns.check(client);

      const verify = await torget(['ledger', 'verify', '--json'], { DATABASE_URL: db.url, TORGET_CODE_KEY: Buffer.alloc(32, 7).toString('base64') });
      expect(verify.code, verify.stderr).toBe(0);
      const report = JSON.parse(verify.stdout) as { ok: boolean; drift: unknown[]; unbalanced: unknown[]; negative: unknown[]; transfers: number };
      expect(report).toMatchObject({ ok: true, drift: [], unbalanced: [], negative: [] });

      const latency = percentiles(acknowledged.map((a) => a.outcome.ms));
      record('crash', {
        clients: CLIENTS,
        rounds: ROUNDS,
        crashes,
        sent: all.length,
        acknowledged: acknowledged.length,
        refused: refused.length,
        unseen: unseen.length,
        unseenFoundAfterRestart: foundAfterCrash,
        unseenPerformedByRetry: performedByRetry,
        retries: retries.size,
        lost: 0,
        doubled: 0,
        ledgerTransfers: report.transfers,
        redemptionLatencyMs: latency,
        occupancy: {
          ...occupancyFigures,
          acknowledgedReplayed: occupancy.acknowledged().length,
          unseenFoundAfterRestart: occupancyFound,
          unseenPerformedByRetry: occupancyUnseen.length - occupancyFound,
          latencyMs: percentiles(occupancy.acknowledged().map((a) => a.outcome.ms)),
        },
        bookings: bookingFigures,
        campaigns: campaignFigures,
      });
    } finally {
      await client.end();
    }
  }, ROUNDS * 300_000);
});
