/**
 * Shared pieces of the reliability suite: the real `torget` command and server as
 * child processes, a seeded city with a merchant key and cards, and the figures each
 * scenario records for docs/reliability.md (see report.ts).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { systemActor } from '../../src/platform/auth/roles.js';
import { testConfig } from '../../src/platform/config.js';
import { defaultPostgresTimeouts, openDatabase } from '../../src/platform/db/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { createServices, type Services } from '../../src/services.js';
import { findFreePort, repoRoot } from '../e2e/server.js';
import { apiKeyFor, insertBusiness, insertCity } from '../factories/index.js';

export { findFreePort, repoRoot };

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The runner's environment without anything that would point a child elsewhere. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(DATABASE_|TORGET_|REDIS_URL|SMTP_URL|PUBLIC_URL|PORT$|TEST_)/.test(key)) delete env[key];
  }
  return { ...env, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
}

/** Runs `torget …` as an operator would (bin/torget.js). */
export function torget(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'bin', 'torget.js'), ...args], { cwd: repoRoot, env: { ...cleanEnv(), ...env }, timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Creates a fresh PostgreSQL database next to TEST_DATABASE_URL's; returns its URL and a dropper. */
export async function freshPostgresDatabase(baseUrl: string, label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `torget_rel_${label}_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Prints why a scenario did not run, so a skipped run is never mistaken for a pass. */
export function skipReason(scenario: string, needs: string): string {
  const reason = `[reliability] ${scenario}: skipped, ${needs} is not set.`;
  process.stdout.write(`\n${reason}\n`);
  return reason;
}

/** Where each scenario leaves its figures; report.ts turns them into docs/reliability.md. */
export const resultsDir = path.join(repoRoot, 'test', 'reliability', 'results');

/** Records a scenario's figures (one JSON file per scenario, replaced on each run). */
export function record(scenario: string, figures: Record<string, unknown>): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${scenario}.json`), JSON.stringify({ scenario, at: new Date().toISOString(), long: process.env.RELIABILITY_LONG === '1', ...figures }, null, 2) + '\n');
}

export interface Till {
  citySlug: string;
  cityId: string;
  businessId: string;
  /** A merchant-owner API key of the business. */
  key: string;
  cards: Array<{ id: string; code: string; balanceOre: number }>;
}

/** A city, a shop with a merchant key, and `count` active cards of `amountOre` each. */
export async function seedTill(services: Services, count: number, amountOre: number): Promise<Till> {
  const city = await insertCity(services);
  await services.giftcards.products.ensureDefaults(city.id);
  const shop = await insertBusiness(services, city, { category: 'mode' });
  const key = await apiKeyFor(services, city, 'merchant-owner', shop.id);
  const cards = await services.giftcards.issuePromotional(systemActor, city.id, { amountOre, count });
  return { citySlug: city.slug, cityId: city.id, businessId: shop.id, key, cards: cards.map((c) => ({ id: c.id, code: c.code, balanceOre: c.balanceOre })) };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** kill -9: no shutdown hooks, no flushing, in-flight requests cut. */
  crash: () => Promise<void>;
  /** SIGTERM, SIGKILL after 5 s. */
  stop: () => Promise<void>;
}

/** The fixed code key the suite's servers and in-process services share. */
export const suiteCodeKey = Buffer.alloc(32, 7);

/** `torget serve` (exactly what `npm start` runs) on PostgreSQL; resolves when /readyz is 200. */
export async function startServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const p = port ?? (await findFreePort());
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), 'serve'], {
    cwd: repoRoot,
    env: {
      ...cleanEnv(),
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: String(p),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${p}`,
      TORGET_DEMO: '0',
      TORGET_JOBS: '0',
      TORGET_CODE_KEY: suiteCodeKey.toString('base64'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const url = `http://127.0.0.1:${p}`;
  const server: ServerProcess = {
    url,
    child,
    output: () => output,
    crash: async () => {
      process.removeListener('exit', killOnExit);
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (gone()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (gone()) throw new Error(`torget serve exited before it was ready:\n${output}`);
    try {
      if ((await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) })).status === 200) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.crash();
  throw new Error(`torget serve was not ready within 90 s:\n${output}`);
}

/** Services in this process on a PostgreSQL database (migrated), for seeding and checks. */
export async function openPostgresServices(url: string): Promise<{ services: Services; close: () => Promise<void> }> {
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 3 });
  await database.migrate();
  const services = await createServices(testConfig({ database: { kind: 'postgres', url, poolSize: 3, timeouts: defaultPostgresTimeouts }, codeKey: suiteCodeKey }), database, { log: createLogger('silent') });
  return {
    services,
    close: async () => {
      await services.close();
      await database.close();
    },
  };
}

/** p50/p99/max of a list of milliseconds. */
export function percentiles(ms: number[]): { count: number; p50: number; p99: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { count: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? 0) };
}
