/**
 * Live crowd levels under load: N concurrent Server-Sent Events clients follow one
 * city's occupancy stream (every counted place of Demoköping); the bench posts count
 * changes and measures, at every client, the time from the POST leaving the bench to
 * the event arriving (p50, p99, max), and the server's memory (RSS). Twice: one server
 * process on the embedded database, then two processes on PostgreSQL and Redis with
 * half the clients on each (changes are posted to the first, so half the clients hear
 * them through Redis).
 *
 * The clients run in separate load-generator processes (bench/live-loader.ts), each
 * within the open-file limit. Settings (environment): LIVE_CLIENTS (10000),
 * LIVE_LOADERS (4), LIVE_ROUNDS (20), LIVE_SCENARIOS (`single,redis`), LIVE_CPU_PROF (a
 * folder: the servers run with `--cpu-prof` and write their profiles there on exit).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startTorget, type TestServer } from '../test/e2e/server.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const CLIENTS = Number(process.env.LIVE_CLIENTS ?? 10_000);
const LOADERS = Number(process.env.LIVE_LOADERS ?? 4);
const ROUNDS = Number(process.env.LIVE_ROUNDS ?? 20);
const SCENARIOS = (process.env.LIVE_SCENARIOS ?? 'single,redis').split(',');
const CPU_PROF = process.env.LIVE_CPU_PROF ?? null;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const STREAM = '/api/v1/cities/demo/occupancy/stream';
const PLACE = 'kaffebaren';
/** Seeding Demoköping takes a minute on a quiet machine; much longer on a loaded one. */
const SEED_TIMEOUT_MS = 600_000;
const serverOptions = { readyTimeoutMs: SEED_TIMEOUT_MS, nodeArgs: CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : [] };

const now = () => performance.timeOrigin + performance.now();
const round2 = (n: number) => Math.round(n * 100) / 100;

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A logged-in association admin: the session cookie and the CSRF token for the API. */
async function logIn(url: string): Promise<Record<string, string>> {
  const csrf = 'bench-csrf-token-0123456789abcdef';
  const res = await fetch(`${url}/logga-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `torget_csrf=${csrf}` },
    body: new URLSearchParams({ email: 'admin@demokoping.example', password: 'demo-admin-2026', _csrf: csrf }).toString(),
  });
  const session = /torget_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!session) throw new Error(`login failed: ${res.status}`);
  return { cookie: `torget_session=${session}; torget_csrf=${csrf}`, 'x-csrf-token': csrf };
}

interface Loader {
  child: ChildProcess;
  next<T>(type: string): Promise<T>;
}

function startLoader(): Loader {
  const child = fork(path.join(benchDir, 'live-loader.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const inbox: Array<{ type: string }> = [];
  const waiters: Array<{ type: string; resolve: (m: never) => void }> = [];
  child.on('message', (m: { type: string }) => {
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(m as never);
    else inbox.push(m);
  });
  return {
    child,
    next<T>(type: string) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] as T);
      return new Promise<T>((resolve) => waiters.push({ type, resolve: resolve as (m: never) => void }));
    },
  };
}

export interface ScenarioResult {
  processes: number;
  pubsub: 'memory' | 'redis';
  database: 'pglite' | 'postgres';
  clients: number;
  connected: number;
  connectSeconds: number;
  rounds: number;
  deliveries: number;
  missed: number;
  latencyMs: { p50: number; p99: number; max: number; mean: number };
  /** POST round trip as the bench saw it. */
  postMs: { p50: number; max: number };
  serverRssMiB: Array<{ idle: number; connected: number; end: number }>;
}

async function scenario(servers: TestServer[], label: ScenarioResult['pubsub'], database: ScenarioResult['database']): Promise<ScenarioResult> {
  const headers = await logIn(servers[0]!.url);
  const idle = servers.map((s) => rssMiB(s.pid));
  const loaders = Array.from({ length: LOADERS }, startLoader);
  const perLoader = Math.ceil(CLIENTS / LOADERS);
  const started = now();
  loaders.forEach((l, i) => {
    const n = Math.min(perLoader, CLIENTS - i * perLoader);
    // Clients spread evenly over the server processes.
    const targets = servers.map((s, k) => ({ url: s.url, count: Math.floor(n / servers.length) + (k < n % servers.length ? 1 : 0) }));
    l.child.send({ type: 'start', targets, path: STREAM });
  });
  const connected = (await Promise.all(loaders.map((l) => l.next<{ ready: number }>('connected')))).reduce((a, m) => a + m.ready, 0);
  const connectSeconds = round2((now() - started) / 1000);
  const connectedRss = servers.map((s) => rssMiB(s.pid));
  process.stdout.write(`  ${connected} of ${CLIENTS} clients connected in ${connectSeconds} s\n`);

  const latencies: number[] = [];
  const posts: number[] = [];
  let missed = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const count = 1000 + r;
    const marker = `"slug":"${PLACE}","name":"Kaffebaren","count":${count},`;
    loaders.forEach((l) => l.child.send({ type: 'expect', round: r, marker }));
    await Promise.all(loaders.map((l) => l.next('expecting')));
    const t0 = now();
    const res = await fetch(`${servers[0]!.url}/api/v1/cities/demo/places/${PLACE}/occupancy`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ count }) });
    posts.push(now() - t0);
    if (res.status !== 200) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    // Enough time for the slowest client; then collect.
    await new Promise((resolve) => setTimeout(resolve, Math.max(1000, CLIENTS / 5)));
    loaders.forEach((l) => l.child.send({ type: 'report' }));
    for (const m of await Promise.all(loaders.map((l) => l.next<{ times: Array<number | null> }>('round')))) {
      for (const t of m.times) {
        if (t === null) missed++;
        else latencies.push(t - t0);
      }
    }
  }
  const endRss = servers.map((s) => rssMiB(s.pid));
  for (const l of loaders) l.child.send({ type: 'stop' });
  await Promise.all(loaders.map((l) => new Promise((resolve) => l.child.once('exit', resolve))));
  latencies.sort((a, b) => a - b);
  posts.sort((a, b) => a - b);
  return {
    processes: servers.length,
    pubsub: label,
    database,
    clients: CLIENTS,
    connected,
    connectSeconds,
    rounds: ROUNDS,
    deliveries: latencies.length,
    missed,
    latencyMs: { p50: round2(percentile(latencies, 50)), p99: round2(percentile(latencies, 99)), max: round2(latencies[latencies.length - 1] ?? NaN), mean: round2(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)) },
    postMs: { p50: round2(percentile(posts, 50)), max: round2(posts[posts.length - 1] ?? NaN) },
    serverRssMiB: servers.map((_, i) => ({ idle: idle[i]!, connected: connectedRss[i]!, end: endRss[i]! })),
  };
}

export interface LiveBenchResult {
  settings: { clients: number; loaders: number; rounds: number; stream: string; place: string };
  single?: ScenarioResult;
  redis?: ScenarioResult;
}

export async function run(): Promise<LiveBenchResult> {
  const result: LiveBenchResult = { settings: { clients: CLIENTS, loaders: LOADERS, rounds: ROUNDS, stream: STREAM, place: PLACE } };
  const quiet = { LOG_LEVEL: 'silent', TORGET_JOBS: '0' };
  if (SCENARIOS.includes('single')) {
    process.stdout.write('  one process, embedded database, in-memory pub/sub\n');
    const server = await startTorget(quiet, serverOptions);
    try {
      result.single = await scenario([server], 'memory', 'pglite');
    } finally {
      await server.stop();
    }
  }
  if (SCENARIOS.includes('redis')) {
    process.stdout.write('  two processes, PostgreSQL and Redis\n');
    const name = `torget_bench_live_${Date.now()}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    const servers: TestServer[] = [];
    try {
      const env = { ...quiet, DATABASE_URL: url.toString(), REDIS_URL, TORGET_DEMO: '1', TORGET_CODE_KEY: Buffer.alloc(32, 3).toString('base64') };
      servers.push(await startTorget(env, serverOptions)); // seeds Demoköping
      servers.push(await startTorget(env, serverOptions));
      result.redis = await scenario(servers, 'redis', 'postgres');
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
  await mkdir(path.join(benchDir, 'results'), { recursive: true });
  await writeFile(path.join(benchDir, 'results', 'live.json'), JSON.stringify(result, null, 2) + '\n');
  return result;
}

export function summarize(r: LiveBenchResult): string[] {
  const lines: string[] = [];
  for (const s of [r.single, r.redis]) {
    if (!s) continue;
    lines.push(
      `${s.processes} process${s.processes > 1 ? 'es' : ''} (${s.pubsub}, ${s.database}): ${s.connected}/${s.clients} clients, ${s.deliveries} deliveries, ${s.missed} missed; POST→event p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms, max ${s.latencyMs.max} ms; server RSS ${s.serverRssMiB.map((m) => `${m.idle}→${m.connected}→${m.end} MiB`).join(' + ')}`,
    );
  }
  return lines;
}
