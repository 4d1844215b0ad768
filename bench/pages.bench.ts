/**
 * The city guide's street pages: requests/s and latency of /demo/lunch and
 * /demo/evenemang beside a static file from the same process (50 connections), and a
 * Lighthouse run of the four audited pages: performance as the median of three runs,
 * accessibility, best practices and SEO from the same runs. Writes
 * bench/results/pages.json besides run.ts's usual files.
 */
import autocannon from 'autocannon';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTorget } from '../test/e2e/server.js';
import { audit, withChrome, type CategoryId } from '../test/e2e/lighthouse.js';
import { checkTarget, measurement, type Measurement } from './directory.bench.js';

const CONNECTIONS = 50;
/** BENCH_QUICK=1 while developing: 3 s loads and one Lighthouse run per page. */
const QUICK = process.env.BENCH_QUICK === '1';
const DURATION_SECONDS = QUICK ? 3 : 10;
const WARMUP_SECONDS = QUICK ? 1 : 2;
const LIGHTHOUSE_RUNS = QUICK ? 1 : 3;

const loadTargets = { lunch: '/demo/lunch', events: '/demo/evenemang', static: '/static/torget.css' } as const;
const lighthousePages = ['/demo', '/demo/foretag', '/demo/lunch', '/demo/evenemang'];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface PagesBenchResult {
  settings: { connections: number; durationSeconds: number; warmupSeconds: number; lighthouseRuns: number; server: string };
  load: Record<keyof typeof loadTargets, Measurement>;
  ratios: { lunchRequestsPerSecond: number; eventsRequestsPerSecond: number };
  lighthouse: Array<{ path: string; runs: Array<Record<CategoryId, number>>; median: Record<CategoryId, number> }>;
}

export async function run(): Promise<PagesBenchResult> {
  const server = await startTorget({ LOG_LEVEL: 'silent', TORGET_JOBS: '0' });
  try {
    await checkTarget(server.url + loadTargets.lunch, 'Dagens lunch');
    await checkTarget(server.url + loadTargets.events, 'Evenemang i');
    const load = {} as Record<keyof typeof loadTargets, Measurement>;
    for (const [name, p] of Object.entries(loadTargets) as Array<[keyof typeof loadTargets, string]>) {
      const r = await autocannon({ url: server.url + p, connections: CONNECTIONS, duration: DURATION_SECONDS, warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS } });
      if (r.non2xx > 0 || r.errors > r.timeouts) throw new Error(`${p}: ${r.non2xx} non-2xx answers and ${r.errors - r.timeouts} errors under load`);
      load[name] = measurement(p, r);
    }
    // Lighthouse after the load, so the two do not compete for the CPU.
    const lighthouse = await withChrome(async (port) => {
      const out: PagesBenchResult['lighthouse'] = [];
      for (const p of lighthousePages) {
        const runs: Array<Record<CategoryId, number>> = [];
        for (let i = 0; i < LIGHTHOUSE_RUNS; i++) runs.push((await audit(server.url + p, port)).scores);
        const ids: CategoryId[] = ['performance', 'accessibility', 'best-practices', 'seo'];
        out.push({ path: p, runs, median: Object.fromEntries(ids.map((id) => [id, median(runs.map((r) => r[id]))])) as Record<CategoryId, number> });
      }
      return out;
    });
    const result: PagesBenchResult = {
      settings: { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, warmupSeconds: WARMUP_SECONDS, lighthouseRuns: LIGHTHOUSE_RUNS, server: 'torget serve, child process, LOG_LEVEL=silent, TORGET_JOBS=0, demo seeded' },
      load,
      ratios: {
        lunchRequestsPerSecond: Math.round((load.lunch.requestsPerSecond / load.static.requestsPerSecond) * 1000) / 1000,
        eventsRequestsPerSecond: Math.round((load.events.requestsPerSecond / load.static.requestsPerSecond) * 1000) / 1000,
      },
      lighthouse,
    };
    const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
    await mkdir(resultsDir, { recursive: true });
    await writeFile(path.join(resultsDir, 'pages.json'), JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    await server.stop();
  }
}

export function summarize(r: PagesBenchResult): string[] {
  const row = (m: Measurement) => `${m.path.padEnd(20)} ${String(m.requestsPerSecond).padStart(9)} req/s   p50 ${String(m.latencyMs.p50).padStart(4)} ms   p99 ${String(m.latencyMs.p99).padStart(4)} ms`;
  return [
    `${r.settings.connections} connections, ${r.settings.durationSeconds} s each after ${r.settings.warmupSeconds} s warm-up`,
    row(r.load.lunch),
    row(r.load.events),
    row(r.load.static),
    `lunch/static ${r.ratios.lunchRequestsPerSecond} × and events/static ${r.ratios.eventsRequestsPerSecond} × the requests/s`,
    `Lighthouse (median of ${r.settings.lighthouseRuns}): performance / accessibility / best practices / SEO`,
    ...r.lighthouse.map((l) => `${l.path.padEnd(16)} ${l.median.performance} / ${l.median.accessibility} / ${l.median['best-practices']} / ${l.median.seo}`),
  ];
}
