/**
 * Database loss: the server reaches PostgreSQL through a TCP proxy that the test cuts
 * (connections reset, new ones refused), blackholes (connections accepted, never
 * answered), silences (every open connection stays open and swallows its bytes: no
 * error ever comes) and mutes (requests reach the database, its answers are lost, so a
 * commit can go through unheard). Requests must fail fast with 503 problem+json within
 * the configured limits, nothing may be half-written, and service must come back by
 * itself each time the proxy answers again.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedemptionDriver, send, type Outcome } from './drivers.js';
import { freshPostgresDatabase, openPostgresServices, percentiles, record, skipReason, startServer, suiteCodeKey, torget, type ServerProcess } from './support.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const baseUrl = process.env.TEST_DATABASE_URL;
const CLIENTS = 4;
/** The server's limits for this scenario (DATABASE_*_TIMEOUT_MS): short, so the run is short. */
const LIMITS = { connectMs: 2_500, statementMs: 1_500, queryMs: 3_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!baseUrl)(baseUrl ? 'database loss (TCP proxy)' : skipReason('database loss', 'TEST_DATABASE_URL'), () => {
  let db: { url: string; drop: () => Promise<void> };
  let proxy: TcpProxy;
  let server: ServerProcess | undefined;
  const driver = new RedemptionDriver(20, 500_000, 'loss');

  beforeAll(async () => {
    db = await freshPostgresDatabase(baseUrl!, 'loss');
    const { services, close } = await openPostgresServices(db.url);
    try {
      await driver.seed(services);
    } finally {
      await close();
    }
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    server = await startServer({
      DATABASE_URL: viaProxy.toString(),
      DATABASE_POOL_SIZE: '4',
      DATABASE_CONNECT_TIMEOUT_MS: String(LIMITS.connectMs),
      DATABASE_STATEMENT_TIMEOUT_MS: String(LIMITS.statementMs),
      DATABASE_QUERY_TIMEOUT_MS: String(LIMITS.queryMs),
    });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await db?.drop();
  });

  /** Runs the redemption driver from CLIENTS clients for `ms`. */
  async function traffic(ms: number): Promise<Outcome[]> {
    const until = Date.now() + ms;
    const seen: Outcome[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        while (Date.now() < until) seen.push(await driver.step(server!.url, client));
      }),
    );
    return seen;
  }

  it('answers 503 problem+json fast while the database is gone or silent, writes nothing half, and recovers by itself', async () => {
    const answered = (o: Outcome) => (o.kind === 'answered' ? o.status : 0);
    const healthy = await traffic(1_500);
    expect(healthy.every((o) => [201, 409].includes(answered(o))), JSON.stringify(healthy.find((o) => ![201, 409].includes(answered(o))))).toBe(true);

    /** Waits until a redemption goes through again after the proxy is mended; ms. */
    async function recovery(): Promise<number> {
      const mendedAt = Date.now();
      await proxy.set('open');
      for (let i = 0; i < 80; i++) {
        const probe = await driver.step(server!.url, 99);
        if (answered(probe) === 201) return Date.now() - mendedAt;
        await sleep(250);
      }
      return -1;
    }
    /** Every answer during an outage is a known one, and every 503 is a problem. */
    function expectKnownAnswers(outage: Outcome[]) {
      for (const o of outage) {
        expect(o.kind, JSON.stringify(o)).toBe('answered');
        if (o.kind !== 'answered') continue;
        expect([201, 409, 503], JSON.stringify(o.body)).toContain(o.status);
        if (o.status === 503) expect(o.body).toMatchObject({ code: 'unavailable', status: 503 });
      }
      expect(outage.filter((o) => answered(o) === 503).length).toBeGreaterThan(0);
    }

    // 1. Connections reset, new ones refused.
    await proxy.set('reset');
    const duringReset = await traffic(2_000);
    expect((await fetch(`${server!.url}/readyz`)).status).toBe(503);
    // 2. Connections accepted and never answered: the pool's connect limit decides.
    await proxy.set('blackhole');
    const duringBlackhole = await traffic(LIMITS.connectMs + 2_000);
    const lost = [...duringReset, ...duringBlackhole];
    expectKnownAnswers(lost);
    const lostLatency = percentiles(lost.filter((o) => answered(o) === 503).map((o) => o.ms));
    // Fail fast: no request waits much longer than the connect limit (plus a query's).
    expect(lostLatency.max).toBeLessThan(LIMITS.connectMs + LIMITS.queryMs + 2_000);
    const recoveredMs = await recovery();
    expect(recoveredMs).toBeGreaterThanOrEqual(0);
    expect((await fetch(`${server!.url}/readyz`)).status).toBe(200);

    // 3. Silent: the pooled connections stay open and nothing comes back on them.
    await proxy.set('silent');
    const duringSilence = await traffic(LIMITS.queryMs + 3_000);
    const readyWhileSilent = await fetch(`${server!.url}/readyz`, { signal: AbortSignal.timeout(LIMITS.connectMs + LIMITS.queryMs + 3_000) });
    expect(readyWhileSilent.status).toBe(503);
    expectKnownAnswers(duringSilence);
    const silentLatency = percentiles(duringSilence.filter((o) => answered(o) === 503).map((o) => o.ms));
    // Within the configured limits: the query limit on a silent connection, plus at most
    // a connect limit for a fresh one (which the silent proxy never answers either).
    expect(silentLatency.max).toBeLessThan(LIMITS.connectMs + LIMITS.queryMs + 2_000);
    const recoveredFromSilenceMs = await recovery();
    expect(recoveredFromSilenceMs).toBeGreaterThanOrEqual(0);

    // 4. Mute: requests (and commits) reach the database, the answers are lost.
    await proxy.set('mute');
    const duringMute = await traffic(LIMITS.queryMs + 3_000);
    expectKnownAnswers(duringMute);
    const muteLatency = percentiles(duringMute.filter((o) => answered(o) === 503).map((o) => o.ms));
    expect(muteLatency.max).toBeLessThan(LIMITS.connectMs + LIMITS.queryMs + 2_000);
    const recoveredFromMuteMs = await recovery();
    expect(recoveredFromMuteMs).toBeGreaterThanOrEqual(0);
    expect((await fetch(`${server!.url}/readyz`)).status).toBe(200);

    const after = await traffic(1_000);
    expect(after.every((o) => [201, 409].includes(answered(o)))).toBe(true);
    const outage = [...lost, ...duringSilence, ...duringMute];
    const refusedFast = outage.filter((o) => answered(o) === 503);

    // Nothing half-written: every stored redemption moved its money exactly once, and a
    // retry of every request refused with 503 is performed exactly once (or replayed).
    const failed = driver.attempts.filter((a) => answered(a.outcome) === 503);
    let committedUnheard = 0;
    for (const a of failed) {
      const retry = await send(driver.url(server!.url), driver.request(a.body, a.key));
      expect(answered(retry)).toBe(a.body.amountOre === driver.overLimitOre ? 409 : 201);
      // A commit that went through while its answer was lost (mute): the retry finds it.
      if (retry.kind === 'answered' && retry.replayed) committedUnheard++;
    }
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = await client.query<{ idempotency_key: string; transfers: string }>(
        `select r.idempotency_key, (select count(*) from ledger_transfers t where t.kind = 'giftcard.redeem' and t.reference = r.id::text) as transfers from redemptions r where r.city_id = $1`,
        [driver.till.cityId],
      );
      for (const r of rows.rows) expect(Number(r.transfers), r.idempotency_key).toBe(1);
      const keys = new Map<string, number>();
      for (const r of rows.rows) keys.set(r.idempotency_key, (keys.get(r.idempotency_key) ?? 0) + 1);
      for (const a of driver.attempts) {
        const stored = keys.get(a.key) ?? 0;
        const status = answered(a.outcome);
        if (status === 201) expect(stored, a.key).toBe(1);
        if (status === 409) expect(stored, a.key).toBe(0);
        if (status === 503) expect(stored, a.key).toBe(a.body.amountOre === driver.overLimitOre ? 0 : 1);
      }
    } finally {
      await client.end();
    }
    const verify = await torget(['ledger', 'verify', '--json'], { DATABASE_URL: db.url, TORGET_CODE_KEY: suiteCodeKey.toString('base64') });
    expect(verify.code, verify.stderr).toBe(0);

    record('database-loss', {
      clients: CLIENTS,
      limits: LIMITS,
      faults: [
        'connections reset and refused (2 s)',
        `connections blackholed (${(LIMITS.connectMs + 2_000) / 1000} s)`,
        `open connections silent, bytes swallowed both ways (${(LIMITS.queryMs + 3_000) / 1000} s)`,
        `database muted: requests and commits arrive, answers are lost (${(LIMITS.queryMs + 3_000) / 1000} s)`,
      ],
      requestsDuringOutage: outage.length,
      answered503: refusedFast.length,
      unanswered: outage.filter((o) => o.kind === 'unseen').length,
      status500: outage.filter((o) => answered(o) >= 500 && answered(o) !== 503).length,
      outageLatencyMs: lostLatency,
      silentLatencyMs: silentLatency,
      muteLatencyMs: muteLatency,
      recoveredWithoutRestartMs: recoveredMs,
      recoveredFromSilenceMs,
      recoveredFromMuteMs,
      retriedAfterRecovery: failed.length,
      committedUnheard,
      halfWritten: 0,
    });
  }, 240_000);
});
