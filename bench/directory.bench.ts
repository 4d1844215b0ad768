/**
 * The public directory page against a static file from the same process: how many
 * requests per second a phone-first page with a database query and server rendering
 * costs, relative to what the process can serve with no work at all. The ratio travels
 * between machines better than the raw numbers do.
 */
import autocannon, { type Result } from 'autocannon';
import { startTorget } from '../test/e2e/server.js';

const CONNECTIONS = 50;
const DURATION_SECONDS = 10;
const WARMUP_SECONDS = 2;

const targets = {
  directory: '/demo/foretag',
  static: '/static/torget.css',
} as const;
type Target = keyof typeof targets;

export interface Measurement {
  path: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; mean: number; max: number };
  throughputMiBPerSecond: number;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
}

export interface DirectoryBenchResult {
  settings: { connections: number; durationSeconds: number; warmupSeconds: number; database: 'pglite'; server: string };
  directory: Measurement;
  static: Measurement;
  /** directory ÷ static: below 1 for requests/s, above 1 for latency. */
  ratios: { requestsPerSecond: number; latencyP50: number; latencyP99: number };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function measurement(path: string, r: Result): Measurement {
  return {
    path,
    requestsPerSecond: round(r.requests.average, 1),
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, mean: round(r.latency.average), max: r.latency.max },
    throughputMiBPerSecond: round(r.throughput.average / 1024 ** 2),
    requests: r.requests.total,
    errors: r.errors,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
  };
}

/** Fails early if a page is not what we mean to measure: a fast 404 would look great. */
export async function checkTarget(url: string, mustContain: string): Promise<void> {
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200 || !body.includes(mustContain)) {
    throw new Error(`${url} answered ${res.status} without "${mustContain}"; the page to measure is missing`);
  }
}

export async function run(): Promise<DirectoryBenchResult> {
  // A child process, so autocannon does not share the server's event loop.
  const server = await startTorget({ LOG_LEVEL: 'silent', TORGET_JOBS: '0' });
  try {
    await checkTarget(server.url + targets.directory, 'Kaffebaren');
    await checkTarget(server.url + targets.static, '{');
    const results = {} as Record<Target, Measurement>;
    for (const target of Object.keys(targets) as Target[]) {
      const r = await autocannon({
        url: server.url + targets[target],
        connections: CONNECTIONS,
        duration: DURATION_SECONDS,
        warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS },
      });
      results[target] = measurement(targets[target], r);
      // Timeouts (no answer within autocannon's 10 s) are a result worth recording; a
      // wrong status or a refused connection means we measured something else.
      if (r.non2xx > 0 || r.errors > r.timeouts) {
        throw new Error(
          `${targets[target]}: ${r.non2xx} non-2xx answers and ${r.errors - r.timeouts} connection errors under load; ` +
            `the numbers would be meaningless: ${JSON.stringify(results[target])}`,
        );
      }
    }
    return {
      settings: {
        connections: CONNECTIONS,
        durationSeconds: DURATION_SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        database: 'pglite',
        server: 'torget serve, child process, LOG_LEVEL=silent, TORGET_JOBS=0, demo seeded',
      },
      directory: results.directory,
      static: results.static,
      ratios: {
        requestsPerSecond: round(results.directory.requestsPerSecond / results.static.requestsPerSecond, 3),
        latencyP50: round(results.directory.latencyMs.p50 / Math.max(results.static.latencyMs.p50, 1), 1),
        latencyP99: round(results.directory.latencyMs.p99 / Math.max(results.static.latencyMs.p99, 1), 1),
      },
    };
  } finally {
    await server.stop();
  }
}

export function summarize(r: DirectoryBenchResult): string[] {
  const row = (label: string, m: Measurement) =>
    `${label.padEnd(10)} ${m.path.padEnd(20)} ${String(m.requestsPerSecond).padStart(9)} req/s   p50 ${String(m.latencyMs.p50).padStart(4)} ms   p99 ${String(m.latencyMs.p99).padStart(4)} ms`;
  return [
    `${r.settings.connections} connections, ${r.settings.durationSeconds} s each after ${r.settings.warmupSeconds} s warm-up`,
    row('directory', r.directory),
    row('static', r.static),
    `directory/static: ${r.ratios.requestsPerSecond} × the requests/s, ${r.ratios.latencyP50} × p50, ${r.ratios.latencyP99} × p99 latency`,
    ...[r.directory, r.static].filter((m) => m.timeouts > 0).map((m) => `WARNING ${m.path}: ${m.timeouts} requests got no answer within 10 s`),
  ];
}
