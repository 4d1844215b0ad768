/**
 * One database handle for the whole process: the embedded PGlite (a folder, or memory)
 * or a PostgreSQL pool. Both speak the same Drizzle pg-core dialect and run the same
 * committed migrations, so everything above this file is unaware which one it got.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { sql, type ExtractTablesWithRelations } from 'drizzle-orm';
import type { Config } from '../config.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { createGuardedPool, defaultPostgresTimeouts, longStatementSql, type PostgresTimeouts } from './postgres-pool.js';

export { defaultPostgresTimeouts, type PostgresTimeouts } from './postgres-pool.js';

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** `statement_timeout` for long transactions (see `allowLongStatements`); 0 on PGlite (no limits there). */
  longStatementMs: number;
  /** Applies committed migrations that have not run yet. Safe to call on every start. */
  migrate(): Promise<void>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/** What `openDatabase` takes: the config's database, timeouts optional (defaults). */
export type DatabaseOptions = { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string; poolSize: number; timeouts?: PostgresTimeouts };

export async function openDatabase(config: DatabaseOptions | Config['database'], options: { lockOwner?: string } = {}): Promise<Database> {
  return config.kind === 'postgres' ? openPostgres(config.url, config.poolSize, config.timeouts ?? defaultPostgresTimeouts) : openPglite(config.dataDir, options.lockOwner ?? 'server');
}

/**
 * Raises the statement limit for the rest of this transaction: for work that is long by
 * nature (a settlement run over a month, verifying the whole ledger), not for requests.
 * PostgreSQL only; PGlite has no limits to raise.
 */
export async function allowLongStatements(tx: Executor, ms: number): Promise<void> {
  if (ms > 0) await tx.execute(sql.raw(longStatementSql(ms)));
}

async function openPglite(dataDir: string | null, lockOwner: string): Promise<Database> {
  let lock: DataDirLock | null = null;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    // PGlite is a single-process database: a second process opening the same folder
    // would corrupt it, so the folder is locked for as long as it is open.
    lock = acquireDataDirLock(dataDir, lockOwner);
  }
  try {
    const client = await PGlite.create(dataDir ? path.join(dataDir, 'pg') : undefined, { extensions: { pg_trgm, unaccent } });
    const db = drizzlePglite(client) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      longStatementMs: 0,
      migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
      ping: async () => (await client.query('select 1')).rows.length === 1,
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

async function openPostgres(url: string, poolSize: number, timeouts: PostgresTimeouts): Promise<Database> {
  // Fails fast when the database is unreachable or silent, so requests answer 503 instead of hanging.
  const pool = createGuardedPool(url, poolSize, timeouts);
  const db = drizzlePg(pool) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    longStatementMs: timeouts.longStatementMs,
    migrate: async () => {
      // Several app processes may start at once: one migrates, the others wait for it
      // (as long as a long job may take: the lock wait counts as a statement).
      const client = await pool.connect();
      let failed: Error | undefined;
      try {
        (client as unknown as { holdLimit(ms: number): void }).holdLimit(timeouts.longStatementMs);
        await client.query(`set statement_timeout = ${timeouts.longStatementMs}`);
        await client.query('select pg_advisory_lock(7367013)');
        await migratePg(drizzlePg(client), { migrationsFolder });
      } catch (err) {
        failed = err as Error;
        throw err;
      } finally {
        await client.query('select pg_advisory_unlock(7367013)').catch(() => {});
        // Closed rather than pooled: its session limit is the long one.
        client.release(failed ?? true);
      }
    },
    ping: async () => {
      try {
        return (await pool.query('select 1')).rowCount === 1;
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}
