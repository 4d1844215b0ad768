/**
 * Redemptions per second through the POS API (`POST /api/v1/cities/demo/redemptions`)
 * with 16 concurrent tills, on PostgreSQL beside `pgbench` (tpcb-like, same client
 * count, same server, same run, its own database) as the reference for what the
 * database itself can do, and the same load on the embedded PGlite. Afterwards the
 * ledger is verified and the recorded redemptions are counted against the 2xx answers.
 *
 * Everything runs on loopback: PostgreSQL at 127.0.0.1:5432 (user postgres), the app as
 * a child process (`torget serve`, as `npm start` runs it), the CLI as child processes.
 * Both PostgreSQL databases are created fresh and dropped at the end, also on failure.
 */
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { repoRoot, startTorget, type TestServer } from '../test/e2e/server.js';

const CLIENTS = 16;
const WARMUP_SECONDS = 5;
const DURATION_SECONDS = 10;
const CITY = 'demo';
const BUSINESS = 'kaffebaren';
/** 400 cards of 5 000 kr, 10 kr a redemption: 500 redemptions a card, 200 000 in all. */
const CARDS = 400;
const CARD_ORE = 500_000;
const AMOUNT_ORE = 1_000;
/**
 * Each client owns CARDS / CLIENTS cards, and on PostgreSQL three loads (the warm-up and
 * the two measured) use the same cards: this cap per client and load keeps every card
 * above zero (and is far above what 15 s can reach; `capped` says if it was reached).
 */
const MAX_REQUESTS_PER_CLIENT = Math.floor(((CARDS / CLIENTS) * CARD_ORE) / AMOUNT_ORE / 3) - 100;
/** Key creation runs this many CLI processes at once (2 cores: more only queues). */
const CLI_PARALLEL = 4;
const REQUEST_TIMEOUT_MS = 10_000;
/** Setup only (not measured); on a machine busy with other work seeding can take minutes. */
const CLI_TIMEOUT_MS = 300_000;
/** Server processes on PostgreSQL (`TORGET_WORKERS`, one per core of the 2-core reference machine; BENCH_LEDGER_WORKERS to try others). */
const APP_WORKERS = Number(process.env.BENCH_LEDGER_WORKERS ?? 2);
/**
 * More than one server process is a production setup, and production runs it with Redis
 * (docs/operations.md): the processes share the guessing guard's counters and the live
 * messages there. The embedded database runs alone, without it.
 */
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PGBENCH_SCALE = 16;

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' } as const;
const PGBENCH = '/usr/bin/pgbench';
const PSQL = 'psql';

// ---------------------------------------------------------------------------------
// Result shape
// ---------------------------------------------------------------------------------

interface Latency {
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

interface LoadMeasurement {
  /** 2xx answers per second, completed inside the 10 s window. */
  rps: number;
  /** Of the 2xx answers in the window, in ms. */
  p50: number;
  p99: number;
  mean: number;
  max: number;
  /** Answers in the window. */
  ok: number;
  non2xx: number;
  /** Refused connections, resets and requests without an answer within 10 s. */
  errors: number;
  /** Non-2xx answers by status and problem code, e.g. `409 giftcard.insufficient_balance`. */
  non2xxByKind: Record<string, number>;
  /** Over the whole run (warm-up, window, the last requests in flight): what the database must hold. */
  total: { ok: number; non2xx: number; errors: number };
  /**
   * Share of the machine's CPU time busy during the window (all processes) and the cores
   * the load generator itself used; CPU ms per 2xx answer spent by the server process
   * and by its PostgreSQL backends (null on PGlite, which runs inside the server, or
   * where /proc is missing). CPU per redemption moves much less with other work on the
   * machine than redemptions/s does.
   */
  cpu: { machineBusy: number; loadGeneratorCores: number; appMsPerRedemption: number | null; databaseMsPerRedemption: number | null };
  /** 2xx answers in each second of the window: a stall (a checkpoint, a pause) shows as a dip, and explains a p99 far above p50. */
  perSecond: number[];
  /** True when a client stopped at MAX_REQUESTS_PER_CLIENT before the time was up: the rate is then a lower bound. */
  capped: boolean;
  /** How many businesses (API keys) the clients redeemed at. */
  businesses: number;
}

interface PgbenchMeasurement {
  tps: number;
  p50: number;
  p99: number;
  /** As pgbench prints it. */
  latencyAverage: number;
  transactions: number;
  failed: number;
  /**
   * CPU ms per transaction of the PostgreSQL backends, sampled 0.5 s before the end (the
   * backends exit with pgbench) over the transactions finished by then.
   */
  cpu: { machineBusy: number; databaseMsPerTransaction: number | null };
}

export interface LedgerBenchResult {
  node: string;
  cpu: string;
  date: string;
  commit: string | null;
  /** Uncommitted changes in the working tree: the code measured is not exactly `commit`. */
  dirty: boolean;
  /** 1-minute load average before each phase; the numbers mean little when it is high. */
  loadavg: { start: number; postgresLedger: number; postgresLedgerSpread: number; pgbench: number; pglite: number };
  settings: {
    clients: number;
    warmupSeconds: number;
    durationSeconds: number;
    cards: number;
    cardOre: number;
    amountOre: number;
    business: string;
    server: string;
    pgbench: string;
  };
  postgres: {
    /** All 16 tills at one business (kaffebaren): they share its merchant account row. */
    ledger: LoadMeasurement;
    /** The same load with each till at a business of its own: no shared account row. */
    ledgerSpread: LoadMeasurement;
    pgbench: PgbenchMeasurement;
    /** Ledger redemptions/s ÷ pgbench tps. Goal: 0.5 or above. */
    ratio: number;
    /** ledgerSpread ÷ pgbench tps: the comparison like for like (pgbench's scale keeps its clients off one row too). */
    ratioSpread: number;
  };
  pglite: LoadMeasurement;
  verified: {
    postgres: VerifyOutcome;
    pglite: VerifyOutcome;
  };
  setupSeconds: Record<string, number>;
}

interface VerifyOutcome {
  /** `torget ledger verify --city demo` exit code (0: every balance matches its transfers). */
  ledgerVerifyExit: number;
  ledgerVerifyOutput: string;
  /** Redemptions this bench made (rows with its idempotency keys) and the 2xx answers it got. */
  redemptionsRecorded: number;
  answered2xx: number;
  /** Sum of the recorded amounts, and what the 2xx answers add up to. */
  amountRecordedOre: number;
  amountAnsweredOre: number;
  /** All rows in `redemptions` (the demo seed's own included). */
  redemptionsTotal: number;
  ok: boolean;
}

// ---------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const loadavg = () => round(os.loadavg()[0]!, 2);

function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function latencyOf(values: number[]): Latency {
  const sorted = Float64Array.from(values).sort();
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    mean: round(values.length ? sum / values.length : NaN),
    max: round(sorted.length ? sorted[sorted.length - 1]! : NaN),
  };
}

/** Busy and total CPU time of the whole machine, to tell a CPU-bound run from a waiting one. */
function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    total += t;
    busy += t - c.times.idle;
  }
  return { busy, total };
}

function busyShare(before: { busy: number; total: number }, after: { busy: number; total: number }): number {
  const total = after.total - before.total;
  return total > 0 ? round((after.busy - before.busy) / total, 2) : NaN;
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU ms (user + system) so far of the processes that `match` their command line and
 * parent pid, from /proc (Linux); null elsewhere. PostgreSQL backends show their
 * database in their command line (`postgres: 15/main: postgres torget_bench_… idle`).
 */
function processCpuMs(match: (cmdline: string, ppid: number) => boolean): Map<number, number> | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After the command name in parentheses: state ppid … utime (12th) stime (13th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (match(cmdline, Number(fields[1]))) cpu.set(Number(pid), ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks);
    } catch {
      // The process ended while we looked.
    }
  }
  return cpu;
}

/** CPU ms spent between two samples (a process that started in between counts from zero). */
function cpuSpent(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell, killed after `timeoutMs`. */
function exec(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string }): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr: signal === 'SIGKILL' ? `${stderr}\n(killed after ${options.timeoutMs / 1000} s)` : stderr });
    });
  });
}

async function mustExec(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
  const r = await exec(file, args, options);
  if (r.code !== 0) throw new Error(`${path.basename(file)} ${args.join(' ')} exited ${r.code}:\n${r.stderr || r.stdout}`);
  return r.stdout;
}

const pgArgs = (database: string) => ['-h', PG.host, '-p', String(PG.port), '-U', PG.user, '-d', database];
/** Without the caller's PG* variables, so only the arguments decide where psql and pgbench connect. */
function pgEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('PG')) delete env[name];
  return env;
}

async function psql(database: string, query: string): Promise<string> {
  return (await mustExec(PSQL, [...pgArgs(database), '-v', 'ON_ERROR_STOP=1', '-X', '-Atqc', query], { env: pgEnv(), timeoutMs: 60_000 })).trim();
}

/** The CLI as an operator runs it (`npx torget …`), with the given database and nothing else from the environment. */
function cliEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'PUBLIC_URL', 'TORGET_DEMO', 'TORGET_JOBS', 'LOG_LEVEL', 'TORGET_DATA_DIR', 'TORGET_CODE_KEY']) delete env[name];
  return { ...env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...overrides };
}

function torget(args: string[], env: NodeJS.ProcessEnv): Promise<Exec> {
  return exec(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), ...args], { env, timeoutMs: CLI_TIMEOUT_MS });
}

async function mustTorget(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const r = await torget(args, env);
  if (r.code !== 0) throw new Error(`torget ${args.join(' ')} exited ${r.code}:\n${r.stderr || r.stdout}`);
  return r.stdout;
}

async function createKey(env: NodeJS.ProcessEnv, business: string): Promise<string> {
  const apiKey = (await mustTorget(['apikey', 'create', '--city', CITY, '--role', 'merchant-staff', '--business', business, '--name', 'bench/ledger'], env)).trim();
  if (!/^\S{16,}$/.test(apiKey)) throw new Error(`torget apikey create --business ${business} printed no key: ${JSON.stringify(apiKey)}`);
  return apiKey;
}

/** A merchant-staff key for the business and CARDS fresh cards, through the CLI. */
async function prepareTills(env: NodeJS.ProcessEnv): Promise<{ apiKey: string; codes: string[] }> {
  const apiKey = await createKey(env, BUSINESS);
  const out = await mustTorget(['giftcard', 'issue', '--city', CITY, '--amount-ore', String(CARD_ORE), '--count', String(CARDS), '--json'], env);
  const cards = JSON.parse(out) as Array<{ code: string; balanceOre: number }>;
  if (cards.length !== CARDS || cards.some((c) => c.balanceOre !== CARD_ORE)) throw new Error(`torget giftcard issue returned ${cards.length} cards, expected ${CARDS} of ${CARD_ORE} öre`);
  return { apiKey, codes: cards.map((c) => c.code) };
}

/** One merchant-staff key at each of CLIENTS - 1 other businesses (the first in the city's list). */
async function otherTills(env: NodeJS.ProcessEnv): Promise<string[]> {
  const all = JSON.parse(await mustTorget(['business', 'list', '--city', CITY, '--json'], env)) as Array<{ slug: string }>;
  const others = all.map((b) => b.slug).filter((slug) => slug !== BUSINESS).slice(0, CLIENTS - 1);
  if (others.length < CLIENTS - 1) throw new Error(`${CITY} has ${others.length + 1} businesses; the spread load needs ${CLIENTS}`);
  const keys: string[] = [];
  for (let i = 0; i < others.length; i += CLI_PARALLEL) keys.push(...(await Promise.all(others.slice(i, i + CLI_PARALLEL).map((slug) => createKey(env, slug)))));
  return keys;
}

async function timed<T>(times: Record<string, number>, name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    times[name] = round((performance.now() - t0) / 1000, 1);
  }
}

// ---------------------------------------------------------------------------------
// The load: 16 tills, each redeeming 10 kr from its own cards in turn
// ---------------------------------------------------------------------------------

interface Answer {
  status: number;
  body: string;
}

function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

function kindOf(a: Answer): string {
  try {
    const code = (JSON.parse(a.body) as { code?: unknown }).code;
    return typeof code === 'string' ? `${a.status} ${code}` : String(a.status);
  } catch {
    return String(a.status);
  }
}

/**
 * CLIENTS loops, each keeping one request in flight: a till that waits for its answer
 * before the next customer. Client i owns cards i, i+16, i+32, … and takes them in turn,
 * so no two clients ever redeem from the same card. Every request has its own
 * Idempotency-Key. Counted: answers completed during the window after the warm-up.
 */
async function driveRedemptions(baseUrl: string, apiKeys: string[], codes: string[], keyPrefix: string, database: string | null): Promise<LoadMeasurement> {
  // The server is our child (`node … src/cli/main.ts serve`); its backends name its database.
  // With TORGET_WORKERS the serving processes are its children: counted with it.
  const appCpu = () => {
    const server = processCpuMs((cmd, ppid) => ppid === process.pid && cmd.includes('src/cli/main.ts serve'));
    const workers = server && processCpuMs((cmd, ppid) => server.has(ppid) && cmd.includes('src/cli/main.ts serve'));
    return server && new Map([...server, ...(workers ?? [])]);
  };
  const dbCpu = () => (database ? processCpuMs((cmd) => cmd.startsWith('postgres: ') && cmd.includes(` ${database} `)) : null);
  const url = new URL(`/api/v1/cities/${CITY}/redemptions`, baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const headersOf = (i: number) => ({ authorization: `Bearer ${apiKeys[i % apiKeys.length]}`, accept: 'application/json' });

  // One redemption per key first (from the last card, which no client takes first): a
  // fast 401 or 404 under load would look like a great result.
  for (let k = 0; k < apiKeys.length; k++) {
    const probe = await post(agent, url, { ...headersOf(k), 'idempotency-key': `${keyPrefix}-probe${k}` }, JSON.stringify({ code: codes[codes.length - 1], amountOre: AMOUNT_ORE }));
    if (probe.status !== 201 || (JSON.parse(probe.body) as { amountOre?: number }).amountOre !== AMOUNT_ORE) {
      agent.destroy();
      throw new Error(`A first redemption answered ${probe.status}, not 201 with amountOre ${AMOUNT_ORE}: ${probe.body.slice(0, 500)}`);
    }
  }

  const latencies: number[] = [];
  const window = { ok: 0, non2xx: 0, errors: 0 };
  const total = { ok: apiKeys.length, non2xx: 0, errors: 0 };
  let capped = false;
  const perSecond = new Array<number>(DURATION_SECONDS).fill(0);
  const non2xxByKind: Record<string, number> = {};

  const start = performance.now();
  const windowStart = start + WARMUP_SECONDS * 1000;
  const windowEnd = windowStart + DURATION_SECONDS * 1000;
  type Sample = { machine: ReturnType<typeof cpuTimes>; own: NodeJS.CpuUsage; app: Map<number, number> | null; db: Map<number, number> | null; okTotal: number };
  const sample = (): Sample => ({ machine: cpuTimes(), own: process.cpuUsage(), app: appCpu(), db: dbCpu(), okTotal: total.ok });
  let first: Sample | null = null;
  let last: Sample | null = null;
  const markWindowStart = setTimeout(() => (first = sample()), WARMUP_SECONDS * 1000);
  const markWindowEnd = setTimeout(() => (last = sample()), (WARMUP_SECONDS + DURATION_SECONDS) * 1000);

  const client = async (i: number) => {
    const mine = codes.filter((_, j) => j % CLIENTS === i);
    const headers = headersOf(i);
    let n = 0;
    for (; n < MAX_REQUESTS_PER_CLIENT && performance.now() < windowEnd; n++) {
      const code = mine[n % mine.length]!;
      const body = JSON.stringify({ code, amountOre: AMOUNT_ORE });
      const t0 = performance.now();
      let answer: Answer | null = null;
      try {
        answer = await post(agent, url, { ...headers, 'idempotency-key': `${keyPrefix}-c${i}-${n}` }, body);
      } catch {
        answer = null;
      }
      const t1 = performance.now();
      const inWindow = t1 >= windowStart && t1 <= windowEnd;
      if (answer === null) {
        total.errors++;
        if (inWindow) window.errors++;
      } else if (answer.status >= 200 && answer.status < 300) {
        total.ok++;
        if (inWindow) {
          window.ok++;
          latencies.push(t1 - t0);
          perSecond[Math.min(DURATION_SECONDS - 1, Math.floor((t1 - windowStart) / 1000))]!++;
        }
      } else {
        total.non2xx++;
        const kind = kindOf(answer);
        non2xxByKind[kind] = (non2xxByKind[kind] ?? 0) + 1;
        if (inWindow) window.non2xx++;
      }
    }
    if (n >= MAX_REQUESTS_PER_CLIENT) capped = true;
  };
  try {
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  } finally {
    clearTimeout(markWindowStart);
    clearTimeout(markWindowEnd);
    agent.destroy();
  }
  const a = (first as Sample | null) ?? sample();
  const b = (last as Sample | null) ?? sample();
  const answered = Math.max(1, b.okTotal - a.okTotal);
  const perRedemption = (ms: number | null) => (ms === null ? null : round(ms / answered, 2));
  return {
    rps: round(window.ok / DURATION_SECONDS, 1),
    ...latencyOf(latencies),
    ok: window.ok,
    non2xx: window.non2xx,
    errors: window.errors,
    non2xxByKind,
    total,
    cpu: {
      machineBusy: busyShare(a.machine, b.machine),
      loadGeneratorCores: round((b.own.user + b.own.system - a.own.user - a.own.system) / 1e6 / DURATION_SECONDS, 2),
      appMsPerRedemption: perRedemption(cpuSpent(a.app, b.app)),
      databaseMsPerRedemption: database ? perRedemption(cpuSpent(a.db, b.db)) : null,
    },
    perSecond,
    capped,
    businesses: apiKeys.length,
  };
}

// ---------------------------------------------------------------------------------
// pgbench
// ---------------------------------------------------------------------------------

async function pgbenchInit(database: string): Promise<void> {
  // Server-side data generation (G): the same tables as the default, generated faster.
  await mustExec(PGBENCH, ['-h', PG.host, '-p', String(PG.port), '-U', PG.user, '-i', '-s', String(PGBENCH_SCALE), '-I', 'dtGvp', '-q', database], { env: pgEnv(), timeoutMs: 120_000 });
}

async function pgbenchRun(database: string): Promise<PgbenchMeasurement> {
  const connArgs = ['-h', PG.host, '-p', String(PG.port), '-U', PG.user];
  const common = [...connArgs, '-c', String(CLIENTS), '-j', '2', '-M', 'prepared', '--no-vacuum'];
  // The same warm-up the HTTP load gets, not measured.
  await mustExec(PGBENCH, [...common, '-T', String(WARMUP_SECONDS), database], { env: pgEnv(), timeoutMs: 60_000 });
  const logDir = await mkdtemp(path.join(os.tmpdir(), 'torget-pgbench-'));
  try {
    const before = cpuTimes();
    let backends: { at: number; ms: number | null } | null = null;
    const sampler = setTimeout(() => {
      backends = { at: Date.now(), ms: cpuSpent(new Map(), processCpuMs((cmd) => cmd.startsWith('postgres: ') && cmd.includes(` ${database} `))) };
    }, DURATION_SECONDS * 1000 - 500);
    const out = await mustExec(PGBENCH, [...common, '-T', String(DURATION_SECONDS), '--log', `--log-prefix=${path.join(logDir, 'pgbench')}`, database], { env: pgEnv(), timeoutMs: 60_000 }).finally(() => clearTimeout(sampler));
    const machineBusy = busyShare(before, cpuTimes());
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    const avg = /latency average = ([\d.]+) ms/.exec(out);
    const processed = /number of transactions actually processed: (\d+)/.exec(out);
    const failed = /number of failed transactions: (\d+)/.exec(out);
    if (!tps || !avg || !processed) throw new Error(`Could not read pgbench's output:\n${out}`);
    // One line per transaction: client_id transaction_no time_us script_no epoch_s epoch_us.
    const latencies: number[] = [];
    const sampled = backends as { at: number; ms: number | null } | null;
    let doneBySample = 0;
    for (const file of await readdir(logDir)) {
      for (const line of (await readFile(path.join(logDir, file), 'utf8')).split('\n')) {
        const f = line.split(' ').map(Number);
        if (!line || !Number.isFinite(f[2])) continue;
        latencies.push(f[2]! / 1000);
        if (sampled && f[4]! * 1000 + f[5]! / 1000 <= sampled.at) doneBySample++;
      }
    }
    const l = latencyOf(latencies);
    const databaseMsPerTransaction = sampled?.ms != null && doneBySample > 0 ? round(sampled.ms / doneBySample, 3) : null;
    return { tps: round(Number(tps[1]), 1), p50: l.p50, p99: l.p99, latencyAverage: Number(avg[1]), transactions: Number(processed[1]), failed: failed ? Number(failed[1]) : 0, cpu: { machineBusy, databaseMsPerTransaction } };
  } finally {
    await rm(logDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------

async function verifyLedger(env: NodeJS.ProcessEnv): Promise<{ exit: number; output: string }> {
  const r = await torget(['ledger', 'verify', '--city', CITY], env);
  return { exit: r.code, output: (r.stdout + r.stderr).trim().split('\n').slice(-3).join(' / ') };
}

const countQuery = (keyPrefix: string) =>
  `select count(*) filter (where idempotency_key like '${keyPrefix}-%') as mine, coalesce(sum(amount_ore) filter (where idempotency_key like '${keyPrefix}-%'), 0) as amount, count(*) as total from redemptions`;

function outcome(verify: { exit: number; output: string }, counts: { mine: number; amount: number; total: number }, loads: LoadMeasurement[]): VerifyOutcome {
  const answered = loads.reduce((sum, l) => sum + l.total.ok, 0);
  return {
    ledgerVerifyExit: verify.exit,
    ledgerVerifyOutput: verify.output,
    redemptionsRecorded: counts.mine,
    answered2xx: answered,
    amountRecordedOre: counts.amount,
    amountAnsweredOre: answered * AMOUNT_ORE,
    redemptionsTotal: counts.total,
    ok: verify.exit === 0 && counts.mine === answered && counts.amount === answered * AMOUNT_ORE,
  };
}

/** Counts on the embedded database once the server has let go of it. */
async function pgliteCounts(dataDir: string, keyPrefix: string): Promise<{ mine: number; amount: number; total: number }> {
  const { openDatabase } = await import('../src/platform/db/database.js');
  const database = await openDatabase({ kind: 'pglite', dataDir }, { lockOwner: 'bench/ledger' });
  try {
    const result = (await database.db.execute(sql.raw(countQuery(keyPrefix)))) as unknown as { rows: Array<Record<string, string | number>> };
    const row = result.rows[0]!;
    return { mine: Number(row.mine), amount: Number(row.amount), total: Number(row.total) };
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------

export async function run(): Promise<LedgerBenchResult> {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  const cpus = os.cpus();
  const stamp = `${Date.now()}`;
  const runId = `bench-${stamp}-${randomBytes(3).toString('hex')}`;
  const ledgerDb = `torget_bench_${stamp}`;
  const pgbenchDb = `pgbench_ref_${stamp}`;
  const databaseUrl = `postgresql://${PG.user}@${PG.host}:${PG.port}/${ledgerDb}`;
  const setupSeconds: Record<string, number> = {};
  const loadStart = loadavg();

  // Both servers get their own folder; on PostgreSQL the code key is given to server and CLI alike.
  const pgDataDir = await mkdtemp(path.join(os.tmpdir(), 'torget-bench-pg-'));
  const pgliteDataDir = await mkdtemp(path.join(os.tmpdir(), 'torget-bench-pglite-'));
  const pgEnvVars = { DATABASE_URL: databaseUrl, TORGET_DATA_DIR: pgDataDir, TORGET_CODE_KEY: randomBytes(32).toString('base64') };
  const serverEnv = { TORGET_DEMO: '1', LOG_LEVEL: 'warn', TORGET_JOBS: '0', NODE_ENV: 'development' };
  const servers: { postgres: TestServer | null; pglite: TestServer | null } = { postgres: null, pglite: null };
  const created: string[] = [];

  try {
    await psql('postgres', `create database ${ledgerDb}`);
    created.push(ledgerDb);
    await psql('postgres', `create database ${pgbenchDb}`);
    created.push(pgbenchDb);

    // Setup, in parallel (none of it is measured): the app on PostgreSQL with its tills
    // and cards, pgbench's tables, and the embedded database with its tills and cards.
    // allSettled: a failing branch must not leave another starting a server after the cleanup.
    const setup = await Promise.allSettled([
      timed(setupSeconds, 'postgresApp', async () => {
        servers.postgres = await startTorget({ ...serverEnv, ...pgEnvVars, TORGET_WORKERS: String(APP_WORKERS), REDIS_URL });
        const [tills, others] = await Promise.all([prepareTills(cliEnv(pgEnvVars)), otherTills(cliEnv(pgEnvVars))]);
        return { ...tills, spreadKeys: [tills.apiKey, ...others] };
      }),
      timed(setupSeconds, 'pgbenchInit', () => pgbenchInit(pgbenchDb)),
      timed(setupSeconds, 'pgliteCli', async () => {
        const env = cliEnv({ TORGET_DATA_DIR: pgliteDataDir });
        // The CLI cannot open the embedded database while a server holds it: seed first.
        await mustTorget(['demo', 'seed'], env);
        return prepareTills(env);
      }),
    ] as const);
    for (const r of setup) if (r.status === 'rejected') throw r.reason;
    const pgTills = (setup[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof prepareTills>> & { spreadKeys: string[] }>).value;
    const pgliteTills = (setup[2] as PromiseFulfilledResult<Awaited<ReturnType<typeof prepareTills>>>).value;

    // PostgreSQL: the HTTP load, then pgbench with the app stopped.
    // A fresh server is slower for its first tens of seconds (compilation, connections,
    // caches): one throwaway load first, so the first measured load is not the one that pays.
    const pgWarmUp = await driveRedemptions(servers.postgres!.url, pgTills.spreadKeys, pgTills.codes, `${runId}-pg-warmup`, ledgerDb);
    const loadPgLedger = loadavg();
    const ledger = await driveRedemptions(servers.postgres!.url, [pgTills.apiKey], pgTills.codes, `${runId}-pg`, ledgerDb);
    const loadPgSpread = loadavg();
    const ledgerSpread = await driveRedemptions(servers.postgres!.url, pgTills.spreadKeys, pgTills.codes, `${runId}-pg-spread`, ledgerDb);
    await servers.postgres!.stop();
    servers.postgres = null;
    const loadPgbench = loadavg();
    const pgbench = await pgbenchRun(pgbenchDb);

    // PGlite: the same load against the embedded database.
    const loadPglite = loadavg();
    servers.pglite = await timed(setupSeconds, 'pgliteServer', () => startTorget({ ...serverEnv, TORGET_DATA_DIR: pgliteDataDir }));
    const pgliteWarmUp = await driveRedemptions(servers.pglite.url, [pgliteTills.apiKey], pgliteTills.codes, `${runId}-pglite-warmup`, null);
    const pglite = await driveRedemptions(servers.pglite.url, [pgliteTills.apiKey], pgliteTills.codes, `${runId}-pglite`, null);
    await servers.pglite.stop();
    servers.pglite = null;

    // The ledger must still add up, and hold exactly the redemptions that were answered 2xx.
    const [pgVerify, pgliteVerify] = await timed(setupSeconds, 'verify', () => Promise.all([verifyLedger(cliEnv(pgEnvVars)), verifyLedger(cliEnv({ TORGET_DATA_DIR: pgliteDataDir }))]));
    const [mine, amount, total] = (await psql(ledgerDb, countQuery(`${runId}-pg`))).split('|').map(Number);
    const pgliteCount = await pgliteCounts(pgliteDataDir, `${runId}-pglite`);

    return {
      node: process.version,
      cpu: `${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length}`,
      date: new Date().toISOString(),
      commit: git(['rev-parse', 'HEAD']),
      dirty: (git(['status', '--porcelain', '--untracked-files=no']) ?? '') !== '',
      loadavg: { start: loadStart, postgresLedger: loadPgLedger, postgresLedgerSpread: loadPgSpread, pgbench: loadPgbench, pglite: loadPglite },
      settings: {
        clients: CLIENTS,
        warmupSeconds: WARMUP_SECONDS,
        durationSeconds: DURATION_SECONDS,
        cards: CARDS,
        cardOre: CARD_ORE,
        amountOre: AMOUNT_ORE,
        business: `${BUSINESS} (ledgerSpread: ${BUSINESS} and ${CLIENTS - 1} more, one client each)`,
        server: `torget serve, child process, LOG_LEVEL=warn, TORGET_JOBS=0, NODE_ENV=development, demo seeded, default DATABASE_POOL_SIZE; on PostgreSQL TORGET_WORKERS=${APP_WORKERS} and REDIS_URL=${REDIS_URL}`,
        pgbench: `tpcb-like, -s ${PGBENCH_SCALE} -c ${CLIENTS} -j 2 -M prepared --no-vacuum, ${WARMUP_SECONDS} s warm-up run then -T ${DURATION_SECONDS}`,
      },
      postgres: { ledger, ledgerSpread, pgbench, ratio: round(ledger.rps / pgbench.tps, 3), ratioSpread: round(ledgerSpread.rps / pgbench.tps, 3) },
      pglite,
      verified: {
        postgres: outcome(pgVerify, { mine: mine!, amount: amount!, total: total! }, [pgWarmUp, ledger, ledgerSpread]),
        pglite: outcome(pgliteVerify, pgliteCount, [pgliteWarmUp, pglite]),
      },
      setupSeconds,
    };
  } finally {
    await servers.postgres?.stop().catch(() => {});
    await servers.pglite?.stop().catch(() => {});
    for (const db of created) await psql('postgres', `drop database if exists ${db} with (force)`).catch((err: unknown) => process.stderr.write(`bench/ledger: could not drop ${db}: ${String(err)}\n`));
    await rm(pgDataDir, { recursive: true, force: true });
    await rm(pgliteDataDir, { recursive: true, force: true });
  }
}

export function summarize(r: LedgerBenchResult): string[] {
  const load = (label: string, m: LoadMeasurement) =>
    `${label.padEnd(18)} ${String(m.rps).padStart(8)} redemptions/s   p50 ${String(m.p50).padStart(6)} ms   p99 ${String(m.p99).padStart(6)} ms   non-2xx ${m.non2xx}, errors ${m.errors}   ` +
    `(CPU per redemption: app ${m.cpu.appMsPerRedemption ?? '?'} ms${m.cpu.databaseMsPerRedemption !== null ? `, PostgreSQL ${m.cpu.databaseMsPerRedemption} ms` : ''}; machine busy ${Math.round(m.cpu.machineBusy * 100)} %, load generator ${m.cpu.loadGeneratorCores} cores)`;
  const pgb = r.postgres.pgbench;
  const verified = (label: string, v: VerifyOutcome) =>
    `${label}: ledger verify exit ${v.ledgerVerifyExit}; ${v.redemptionsRecorded} redemptions recorded for ${v.answered2xx} 2xx answers (${v.amountRecordedOre} of ${v.amountAnsweredOre} öre) ${v.ok ? 'OK' : 'MISMATCH'}`;
  const kinds = (m: LoadMeasurement) => Object.entries(m.non2xxByKind).map(([k, n]) => `${k} × ${n}`).join(', ');
  return [
    `${r.settings.clients} clients, ${r.settings.durationSeconds} s after ${r.settings.warmupSeconds} s warm-up; 10 kr redemptions at ${r.settings.business}, ${r.settings.cards} cards`,
    load('PostgreSQL ledger', r.postgres.ledger),
    load('  16 businesses', r.postgres.ledgerSpread),
    `${'pgbench tpcb-like'.padEnd(18)} ${String(pgb.tps).padStart(8)} tps           p50 ${String(pgb.p50).padStart(6)} ms   p99 ${String(pgb.p99).padStart(6)} ms   failed ${pgb.failed}   (CPU per transaction: PostgreSQL ${pgb.cpu.databaseMsPerTransaction ?? '?'} ms; machine busy ${Math.round(pgb.cpu.machineBusy * 100)} %)`,
    `ratio ledger/pgbench: ${r.postgres.ratio} (goal ≥ 0.5); with the tills at 16 businesses: ${r.postgres.ratioSpread}`,
    load('PGlite ledger', r.pglite),
    verified('PostgreSQL', r.verified.postgres),
    verified('PGlite', r.verified.pglite),
    `load average before: ledger ${r.loadavg.postgresLedger}, spread ${r.loadavg.postgresLedgerSpread}, pgbench ${r.loadavg.pgbench}, PGlite ${r.loadavg.pglite}${r.dirty ? '; uncommitted changes measured' : ''}`,
    ...([['PostgreSQL ledger', r.postgres.ledger], ['16 businesses', r.postgres.ledgerSpread], ['PGlite ledger', r.pglite]] as const)
      .filter(([, m]) => Math.min(...m.perSecond) < 0.5 * [...m.perSecond].sort((x, y) => x - y)[Math.floor(m.perSecond.length / 2)]!)
      .map(([label, m]) => `NOTE ${label} stalled: 2xx per second ${m.perSecond.join(' ')}`),
    ...[r.postgres.ledger, r.postgres.ledgerSpread, r.pglite].filter((m) => m.capped).map(() => 'WARNING a client reached its request cap: the rate is a lower bound'),
    ...[r.postgres.ledger, r.postgres.ledgerSpread, r.pglite].filter((m) => m.non2xx + m.errors > 0).map((m) => `WARNING non-2xx/errors: ${kinds(m) || `${m.errors} connection errors`}`),
    ...(!r.verified.postgres.ok || !r.verified.pglite.ok ? ['WARNING the ledger check failed: see verified in the JSON'] : []),
  ];
}
