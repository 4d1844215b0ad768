/**
 * The cap under concurrency: 50 buyers at the same moment for a campaign with 40
 * cards left. On PostgreSQL (a pool of 20 connections, real parallelism) exactly 40
 * get a card and 10 get "slutsålt", before any payment; on PGlite the same holds with
 * the statements serialised.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, postgresUrl } from './harness.js';
import { insertCity, insertUser } from './factories/index.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { DomainError } from '../src/platform/errors.js';
import { testConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { createServices, type Services } from '../src/services.js';

describeEachDatabase('campaign caps under concurrency', (ctx) => {
  let pool: Database | null = null;
  let services: Services;
  beforeAll(async () => {
    if (ctx().kind === 'postgres') {
      pool = await openDatabase({ kind: 'postgres', url: postgresUrl!, poolSize: 20 });
      services = await createServices(testConfig(), pool, { clock: ctx().clock, log: createLogger('silent') });
    } else services = ctx().services;
  });
  afterAll(async () => {
    if (pool) {
      await services.close();
      await pool.close();
    }
  });

  it('50 buyers at once for the last 40 cards: exactly 40 orders, 10 sold out, card 41 never sold', async () => {
    ctx().clock.set('2026-12-11T10:30:00Z');
    const city = await insertCity(services);
    await services.giftcards.products.ensureDefaults(city.id);
    const admin = (await insertUser(services, 'association-admin', city)).actor;
    const c = await services.campaigns.create(admin, city.id, {
      slug: 'dubbla-vardet',
      name: 'Dubbla värdet',
      faceValueOre: 50_000,
      priceOre: 25_000,
      sponsor: { name: 'Fastighetsägarna', email: 'f@example.test' },
      capCards: 250,
      perBuyerCap: 2,
      startsOn: '2026-12-01',
      endsOn: '2026-12-24',
    });
    // 210 already sold: 40 left.
    await services.db.execute(sql`update campaigns set reserved_cards = 210 where id = ${c.id}`);

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        services.campaigns.buy(city.id, 'dubbla-vardet', { buyer: { email: `kopare${i}@example.test` }, quantity: 1, paymentMethod: 'simulator' }).then(
          () => 'ok' as const,
          (err: unknown) => {
            if (err instanceof DomainError && err.code === 'campaigns.sold_out') return 'sold_out' as const;
            throw err;
          },
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(40);
    expect(outcomes.filter((o) => o === 'sold_out')).toHaveLength(10);
    const after = await services.campaigns.get(admin, city.id, c.id);
    expect(after.reservedCards).toBe(250);
    expect(after.leftCards).toBe(0);
    const orders = (await services.db.execute(sql`select count(*)::int as n from giftcard_orders where city_id = ${city.id}`)) as unknown as { rows: Array<{ n: number }> };
    expect(orders.rows[0]!.n).toBe(40);
  });

  it('one buyer racing with itself: never more than the per-buyer limit', async () => {
    ctx().clock.set('2026-12-11T10:30:00Z');
    const city = await insertCity(services);
    await services.giftcards.products.ensureDefaults(city.id);
    const admin = (await insertUser(services, 'association-admin', city)).actor;
    await services.campaigns.create(admin, city.id, { slug: 'tva', name: 'Två per köpare', faceValueOre: 50_000, priceOre: 25_000, sponsor: { name: 'Sponsorn', email: 's@example.test' }, capCards: 250, perBuyerCap: 2, startsOn: '2026-12-01', endsOn: '2026-12-24' });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        services.campaigns.buy(city.id, 'tva', { buyer: { email: 'samma@example.test' }, quantity: 1, paymentMethod: 'simulator' }).then(
          () => 'ok',
          (err: unknown) => (err instanceof DomainError ? err.code : Promise.reject(err)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'campaigns.buyer_limit')).toHaveLength(8);
  });
});
