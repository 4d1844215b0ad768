/**
 * Soak: mixed traffic (every driver in drivers.ts and module-drivers.ts: residents
 * browsing, tills redeeming, door counters and sensors, bookings racing for the last
 * places, restaurants editing lunch, campaign purchases up to the cap) against real
 * servers on PostgreSQL, with Redis between them when TEST_REDIS_URL is set, while live
 * displays (SSE) stay connected to every process. Records p50/p99 latency per driver and
 * each process's memory; asserts no errors, nothing lost or doubled (each driver checks
 * its books against the database), every display showing the final counts, a clean
 * ledger, and memory that does not run away.
 *
 * Short by default (20 s, part of every test run); RELIABILITY_LONG=1 runs 10 minutes.
 * Two app processes behind Redis when TEST_REDIS_URL is set, else one.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixedDrivers, pickDriver, type Outcome } from './drivers.js';
import { DisplayFleet } from './module-drivers.js';
import { freshPostgresDatabase, openPostgresServices, percentiles, record, skipReason, startServer, suiteCodeKey, torget, type ServerProcess } from './support.js';

const baseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const long = process.env.RELIABILITY_LONG === '1';
const DURATION_MS = long ? 10 * 60_000 : 20_000;
const CLIENTS = long ? 16 : 6;

/** Resident set size of a process in MB (Linux). */
function rssMb(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/** What each driver's answers may be; anything else (and any 5xx) is an error. */
const allowed: Record<string, number[]> = {
  browsing: [200],
  redemptions: [201, 409],
  occupancy: [200],
  bookings: [200, 303, 409],
  menus: [200, 303],
  campaigns: [200, 303, 409],
};

describe.skipIf(!baseUrl)(baseUrl ? `soak (${long ? '10 min' : '20 s'})` : skipReason('soak', 'TEST_DATABASE_URL'), () => {
  let db: { url: string; drop: () => Promise<void> };
  const servers: ServerProcess[] = [];
  let drivers: Awaited<ReturnType<typeof mixedDrivers>>;
  let displays: DisplayFleet | undefined;
  const processes = redisUrl ? 2 : 1;

  beforeAll(async () => {
    if (!redisUrl) process.stdout.write('\n[reliability] soak: TEST_REDIS_URL is not set, so one app process instead of two behind Redis.\n');
    drivers = await mixedDrivers({ campaignCap: long ? 200 : 30, hotSlots: long ? 10 : 6 });
    db = await freshPostgresDatabase(baseUrl!, 'soak');
    const { services, close } = await openPostgresServices(db.url);
    try {
      for (const d of drivers.all) await d.seed(services);
    } finally {
      await close();
    }
    // One proxy hop trusted: campaign buyers come from many addresses (X-Forwarded-For).
    for (let i = 0; i < processes; i++) servers.push(await startServer({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: '8', TRUSTED_PROXY_HOPS: '1', ...(redisUrl ? { REDIS_URL: redisUrl } : {}) }));
  }, 180_000);

  afterAll(async () => {
    await displays?.close();
    for (const s of servers) await s.stop();
    await db?.drop();
  });

  it('holds mixed traffic with live displays connected, without errors, losses or runaway memory', async () => {
    const { all, redemptions, occupancy } = drivers;
    // Window and square displays on every process, for the whole run.
    displays = new DisplayFleet(occupancy);
    displays.open(servers.map((s) => s.url));
    const memory = servers.map((s) => ({ pid: s.child.pid!, samples: [rssMb(s.child.pid!)] }));
    const sampler = setInterval(() => memory.forEach((m) => m.samples.push(rssMb(m.pid))), 1_000);
    const byDriver = new Map<string, Outcome[]>(all.map((d) => [d.name, []]));
    const started = Date.now();
    try {
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          let n = 0;
          while (Date.now() - started < DURATION_MS) {
            const driver = pickDriver(all);
            const server = servers[(client + n++) % servers.length]!;
            byDriver.get(driver.name)!.push(await driver.step(server.url, client));
          }
        }),
      );
    } finally {
      clearInterval(sampler);
    }
    const seconds = (Date.now() - started) / 1000;
    const outcomes = [...byDriver.values()].flat();
    const errors = outcomes.filter((o) => o.kind === 'unseen' || o.status >= 500);
    expect(errors.slice(0, 5), servers.map((s) => s.output().slice(-2_000)).join('\n')).toEqual([]);
    for (const [name, list] of byDriver) for (const o of list) expect(allowed[name], `${name}: ${JSON.stringify(o).slice(0, 300)}`).toContain(o.kind === 'answered' ? o.status : 0);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    let stored: Map<string, number>;
    const checks: Record<string, Record<string, unknown>> = {};
    let convergedMs: number;
    try {
      // Every display, on every process, shows what the database holds, soon after the
      // traffic stops (measured from here).
      convergedMs = await displays.converge(await occupancy.counts(client));
      // Nothing lost: every acknowledged redemption is stored once.
      const rows = await client.query<{ idempotency_key: string; n: string }>(`select idempotency_key, count(*) as n from redemptions where city_id = $1 group by idempotency_key`, [redemptions.till.cityId]);
      stored = new Map(rows.rows.map((r) => [r.idempotency_key, Number(r.n)]));
      // Every other driver against its own books: occupancy events once each, no slot
      // beyond its capacity, lunch as last saved, no campaign card beyond the cap.
      for (const d of all) if (d.check) checks[d.name] = await d.check(client);
    } finally {
      await client.end();
    }
    const acknowledged = redemptions.attempts.filter((a) => a.outcome.kind === 'answered' && a.outcome.status === 201);
    for (const a of acknowledged) expect(stored.get(a.key), a.key).toBe(1);
    expect(stored.size).toBe(acknowledged.length);
    const live = displays.figures();
    expect(live.events).toBeGreaterThan(0);
    expect(live.reconnects).toBe(0);
    await displays.close();
    displays = undefined;
    const verify = await torget(['ledger', 'verify', '--json'], { DATABASE_URL: db.url, TORGET_CODE_KEY: suiteCodeKey.toString('base64') });
    expect(verify.code, verify.stderr).toBe(0);

    const mem = memory.map((m) => {
      const warm = m.samples.slice(Math.floor(m.samples.length / 4));
      return { startMb: m.samples[0]!, maxMb: Math.max(...m.samples), endMb: m.samples.at(-1)!, warmMinMb: Math.min(...warm) };
    });
    // Stable: after warm-up the process does not keep growing (generous for GC timing).
    for (const m of mem) {
      expect(m.maxMb).toBeLessThan(1_024);
      if (long) expect(m.endMb).toBeLessThan(m.warmMinMb * 1.5 + 50);
    }
    record(long ? 'soak-long' : 'soak', {
      durationSeconds: Math.round(seconds),
      appProcesses: processes,
      redis: Boolean(redisUrl),
      clients: CLIENTS,
      requests: outcomes.length,
      requestsPerSecond: Math.round(outcomes.length / seconds),
      errors: errors.length,
      latencyMs: Object.fromEntries([...byDriver].map(([name, list]) => [name, percentiles(list.map((o) => o.ms))])),
      redemptions: { acknowledged: acknowledged.length, refused: redemptions.attempts.length - acknowledged.length, lost: 0, doubled: 0 },
      occupancy: checks.occupancy,
      displays: { ...live, convergedMs },
      bookings: checks.bookings,
      menus: checks.menus,
      campaigns: checks.campaigns,
      memory: mem,
    });
  }, DURATION_MS + 240_000);
});
