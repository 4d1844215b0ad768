/**
 * The pool's limits against the real PostgreSQL server, through a TCP proxy the test
 * silences: a silent connection is given up within the query limit and never reused,
 * a slow statement is cancelled by the server and the connection survives, a long
 * transaction may run long, and the pool serves again by itself once the proxy answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { postgresUrl } from '../../../test/harness.js';
import { skipReason } from '../../../test/reliability/support.js';
import { startTcpProxy, type TcpProxy } from '../../../test/reliability/tcp-proxy.js';
import { allowLongStatements, openDatabase, type Database } from './database.js';
import { DatabaseSilentError } from './postgres-pool.js';

const timeouts = { connectMs: 1_000, statementMs: 400, queryMs: 1_200, longStatementMs: 3_000, keepAliveMs: 1_000 };

const pid = async (database: Database) => Number(((await database.db.execute(sql`select pg_backend_pid() as pid`)) as unknown as { rows: Array<{ pid: number }> }).rows[0]!.pid);
const pool = (database: Database) => (database.db as unknown as { $client: { totalCount: number } }).$client;

describe.skipIf(!postgresUrl)(postgresUrl ? 'PostgreSQL pool limits' : skipReason('PostgreSQL pool limits', 'TEST_DATABASE_URL'), () => {
  let proxy: TcpProxy;
  let database: Database;

  beforeAll(async () => {
    const target = new URL(postgresUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(postgresUrl!);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    database = await openDatabase({ kind: 'postgres', url: viaProxy.toString(), poolSize: 1, timeouts });
  });

  afterAll(async () => {
    await database?.close();
    await proxy?.close();
  });

  it('lets the server cancel a slow statement, before the client would give up', async () => {
    const started = performance.now();
    let pidInside = 0;
    const slow = database.db.transaction(async (tx) => {
      pidInside = Number(((await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { rows: Array<{ pid: number }> }).rows[0]!.pid);
      await tx.execute(sql`select pg_sleep(2)`);
    });
    await expect(slow).rejects.toMatchObject({ cause: { code: '57014' } });
    // The server's cancel (57014) came first, well inside the client's own limit, so the
    // connection was rolled back and handed back, not closed.
    expect(performance.now() - started).toBeLessThan(timeouts.queryMs);
    expect(await pid(database)).toBe(pidInside);
  });

  it('gives a silent connection up within the query limit, never reuses it, and recovers when the proxy answers', async () => {
    const before = await pid(database);
    await proxy.set('silent');
    const started = performance.now();
    const err = await database.db.execute(sql`select 1`).then(
      () => null,
      (e: unknown) => e,
    );
    const waited = performance.now() - started;
    expect(err).not.toBeNull();
    const chain = [err, (err as { cause?: unknown }).cause];
    expect(chain.some((e) => e instanceof DatabaseSilentError)).toBe(true);
    expect(waited).toBeGreaterThanOrEqual(timeouts.queryMs - 50);
    expect(waited).toBeLessThan(timeouts.queryMs + 1_000);
    expect(pool(database).totalCount).toBe(0);
    // Still silent: a new connection is not answered either, and gives up at the connect limit.
    const again = performance.now();
    await expect(database.db.execute(sql`select 1`)).rejects.toThrow();
    expect(performance.now() - again).toBeLessThan(timeouts.connectMs + timeouts.queryMs + 1_000);
    expect(await database.ping()).toBe(false);

    await proxy.set('open');
    expect(await database.ping()).toBe(true);
    // A fresh connection: the silent one was closed (its server session rolled back).
    expect(await pid(database)).not.toBe(before);
  });

  it('lets a transaction that asks for it run long, and only that transaction', async () => {
    await database.db.transaction(async (tx) => {
      await allowLongStatements(tx, timeouts.longStatementMs);
      // Longer than both the statement and the query limit, within the long one.
      await tx.execute(sql`select pg_sleep(1.5)`);
    });
    await expect(database.db.execute(sql`select pg_sleep(1)`)).rejects.toMatchObject({ cause: { code: '57014' } });
    expect(await database.ping()).toBe(true);
  });

  it('rolls back what a silent transaction had written', async () => {
    const table = `pool_silent_${process.pid}_${Date.now()}`;
    await database.db.execute(sql.raw(`create table ${table} (n int)`));
    try {
      const attempt = database.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`insert into ${table} values (1)`));
        await proxy.set('mute');
        await tx.execute(sql.raw(`insert into ${table} values (2)`));
      });
      await expect(attempt).rejects.toThrow();
      await proxy.set('open');
      const rows = (await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: Array<{ n: number }> };
      expect(rows.rows[0]!.n).toBe(0);
    } finally {
      await proxy.set('open');
      await database.db.execute(sql.raw(`drop table if exists ${table}`));
    }
  });
});
