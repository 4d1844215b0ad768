/**
 * Searches in worker threads, so a server that asks for routes keeps answering while
 * they are computed. A pool of at most two workers is started on first use and kept
 * (starting a worker costs a few hundred milliseconds, more than many searches take);
 * idle workers do not keep the process alive.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Model } from './model.js';
import type { SearchOptions, SearchResult } from './search.js';

/** At most this many searches run at once (the machine the yardstick was measured on had two). */
export const MAX_THREADS = 2;

interface Pending {
  resolve: (r: SearchResult) => void;
  reject: (e: Error) => void;
}

let bundled: Promise<URL> | null = null;

/**
 * The worker's code. Compiled (.js): the worker file. From source (tsx, vitest): the
 * worker and the search bundled once into plain JavaScript with esbuild (which tsx brings),
 * because loading a TypeScript loader in every worker takes longer than most searches.
 */
function workerCode(): Promise<URL> {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return Promise.resolve(new URL('./search.worker.js', self));
  bundled ??= (async () => {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({ entryPoints: [fileURLToPath(new URL('./search.worker.ts', self))], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent' });
    return new URL(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.contents).toString('base64')}`);
  })();
  return bundled;
}

class PoolWorker {
  private worker: Worker | null = null;
  private readonly started: Promise<Worker>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Resolves when the worker has loaded the search code. */
  readonly ready: Promise<void>;

  constructor() {
    let onReady: () => void = () => {};
    this.ready = new Promise((resolve) => (onReady = resolve));
    this.started = workerCode().then((code) => {
      // A bundled or compiled worker needs no TypeScript loader: do not inherit --import tsx.
      const worker = new Worker(code, { execArgv: [] });
      this.worker = worker;
      this.listen(worker, onReady);
      return worker;
    });
    this.started.catch((err: unknown) => {
      onReady();
      this.failAll(err instanceof Error ? err : new Error(String(err)));
    });
  }

  private listen(worker: Worker, onReady: () => void): void {
    worker.unref();
    worker.on('message', (msg: { id: number; ready?: boolean; result?: SearchResult; error?: string }) => {
      if (msg.ready) return onReady();
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (this.pending.size === 0) worker.unref();
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.result!);
    });
    worker.on('error', (err) => {
      onReady();
      this.failAll(err);
    });
    worker.on('exit', (code) => {
      onReady();
      this.failAll(new Error(`routing worker stopped (exit code ${code})`));
    });
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.dead = true;
  }

  dead = false;

  async run(model: Model, options: SearchOptions): Promise<SearchResult> {
    const worker = await this.started;
    const id = this.nextId++;
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, model, options });
    });
  }

  async terminate(): Promise<void> {
    const worker = await this.started.catch(() => null);
    await worker?.terminate();
  }
}

const usedVehicles = (r: SearchResult) => r.routes.filter((x) => x.length > 0).length;

/** Whether a beats b: cost (with penalties for stops left out); for `vehicles` fewer vehicles first among answers that leave the same stops out. */
export function better(a: SearchResult, b: SearchResult, objective: SearchOptions['objective']): boolean {
  if (objective === 'vehicles' && a.unassigned.length === b.unassigned.length) {
    const va = usedVehicles(a);
    const vb = usedVehicles(b);
    if (va !== vb) return va < vb;
  }
  return a.cost < b.cost - 1e-9;
}

export class SearchPool {
  private workers: PoolWorker[] = [];

  constructor(readonly size: number = MAX_THREADS) {
    if (!(size >= 1 && size <= MAX_THREADS)) throw new RangeError(`threads must be between 1 and ${MAX_THREADS}`);
  }

  private worker(k: number): PoolWorker {
    let w = this.workers[k];
    if (!w || w.dead) {
      w = new PoolWorker();
      this.workers[k] = w;
    }
    return w;
  }

  /** Starts the workers now (loading them takes a few hundred milliseconds) and waits until they are ready. */
  async warm(threads = this.size): Promise<void> {
    await Promise.all(Array.from({ length: Math.min(threads, this.size) }, (_, k) => this.worker(k).ready));
  }

  /**
   * Runs `threads` independent searches (seeds seed, seed+1, …) and returns the best,
   * the lowest-numbered thread winning ties, so a run with an iteration budget and no
   * deadline gives the same answer every time. `iterations` is the winner's count;
   * `iterationsPerThread` has every thread's.
   */
  async search(model: Model, options: SearchOptions, threads = this.size): Promise<SearchResult & { threads: number; iterationsPerThread: number[] }> {
    const count = Math.max(1, Math.min(threads, this.size));
    const results = await Promise.all(Array.from({ length: count }, (_, k) => this.worker(k).run(model, { ...options, seed: options.seed + k, variant: k })));
    let best = results[0]!;
    for (const r of results) if (better(r, best, options.objective)) best = r;
    return { ...best, threads: count, iterationsPerThread: results.map((r) => r.iterations) };
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

let shared: SearchPool | null = null;

/** The process-wide pool (two workers, started on first use). */
export function sharedPool(): SearchPool {
  shared ??= new SearchPool();
  return shared;
}
