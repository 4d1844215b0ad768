/**
 * Test harness: one database per worker and kind (opening PGlite costs seconds), a
 * fresh set of services per test file, and a fixed clock. Tests isolate by creating
 * their own city (every tenant row carries city_id), so nothing needs truncating.
 */
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { testConfig, type Config } from '../src/platform/config.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { fixedClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { createServices, type Services } from '../src/services.js';
import { createApp, type App } from '../src/app.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** The run's own PostgreSQL database, created by test/global-setup.ts; null when not configured. */
export const postgresUrl: string | null = inject('postgresUrl') ?? null;

export const databaseKinds: DatabaseKind[] = postgresUrl ? ['pglite', 'postgres'] : ['pglite'];

const open = new Map<DatabaseKind, Promise<Database>>();

/** The worker's shared database of a kind, migrated. */
export function workerDatabase(kind: DatabaseKind): Promise<Database> {
  let db = open.get(kind);
  if (!db) {
    db = (async () => {
      if (kind === 'postgres') return openDatabase({ kind: 'postgres', url: postgresUrl!, poolSize: 5 });
      const d = await openDatabase({ kind: 'pglite', dataDir: null });
      await d.migrate();
      return d;
    })();
    open.set(kind, db);
  }
  return db;
}

export interface TestContext {
  kind: DatabaseKind;
  services: Services;
  app: App;
  clock: ReturnType<typeof fixedClock>;
  config: Config;
}

/** Builds services and the app on the worker's database, for one test file. */
export async function createTestContext(kind: DatabaseKind, overrides: Partial<Config> = {}, now = '2026-12-11T10:30:00Z'): Promise<TestContext> {
  const database = await workerDatabase(kind);
  const clock = fixedClock(now);
  const config = testConfig(overrides);
  const services = await createServices(config, database, { clock, log: createLogger('silent') });
  return { kind, services, app: createApp(services), clock, config };
}

/**
 * Runs a suite once per database kind: PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set. `ctx()` gives the context inside tests.
 */
export function describeEachDatabase(name: string, suite: (ctx: () => TestContext) => void, overrides: Partial<Config> = {}): void {
  for (const kind of databaseKinds) {
    describe(`${name} [${kind}]`, () => {
      let context: TestContext | undefined;
      beforeAll(async () => {
        context = await createTestContext(kind, overrides);
      });
      afterAll(async () => {
        await context?.services.close();
      });
      suite(() => {
        if (!context) throw new Error('test context not ready');
        return context;
      });
    });
  }
}
