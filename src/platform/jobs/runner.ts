/**
 * Queued and scheduled work in a table. Any number of app processes may run workers:
 * each claims a job with FOR UPDATE SKIP LOCKED, so no job runs twice at once. A job
 * that fails is retried with backoff until maxAttempts. Schedules enqueue one job per
 * slot (dedupe key), so several processes never double a scheduled run.
 */
import { hostname } from 'node:os';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db/database.js';
import type { Logger } from '../logger.js';
import { jobs } from './schema.js';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

export interface Schedule {
  kind: string;
  /** Run every this many seconds (slots aligned to the epoch). */
  everySeconds: number;
}

export interface JobQueue {
  enqueue(kind: string, payload?: Record<string, unknown>, options?: { runAt?: Date; dedupeKey?: string; maxAttempts?: number }, ex?: Executor): Promise<void>;
}

export type JobRunner = ReturnType<typeof createJobRunner>;

export function createJobRunner(deps: { db: Db; clock: Clock; log: Logger }) {
  const { db, clock, log } = deps;
  const handlers = new Map<string, JobHandler>();
  const schedules: Schedule[] = [];
  const workerId = `${hostname()}:${process.pid}`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const queue: JobQueue = {
    async enqueue(kind, payload = {}, options = {}, ex = db) {
      await ex
        .insert(jobs)
        .values({ kind, payload, runAt: options.runAt ?? clock.now(), dedupeKey: options.dedupeKey ?? null, maxAttempts: options.maxAttempts ?? 5 })
        .onConflictDoNothing();
    },
  };

  async function claim(): Promise<typeof jobs.$inferSelect | null> {
    const rows = await db.execute<{ id: string }>(sql`
      update jobs set status = 'running', locked_at = ${clock.now()}, locked_by = ${workerId}, attempts = attempts + 1
      where id = (
        select id from jobs where status = 'pending' and run_at <= ${clock.now()}
        order by run_at limit 1 for update skip locked
      ) returning id`);
    const id = (rows as unknown as { rows: Array<{ id: string }> }).rows?.[0]?.id;
    if (!id) return null;
    const [job] = await db.select().from(jobs).where(eq(jobs.id, id));
    return job ?? null;
  }

  async function runOne(): Promise<boolean> {
    const job = await claim();
    if (!job) return false;
    const handler = handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      await handler(job.payload);
      // The dedupe key stays: a schedule's slot must not be enqueued again once it ran.
      await db.update(jobs).set({ status: 'done', finishedAt: clock.now() }).where(eq(jobs.id, job.id));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const failed = job.attempts >= job.maxAttempts;
      // Exponential backoff: 30 s, 1 min, 2 min, … capped at an hour.
      const delayMs = Math.min(3600_000, 30_000 * 2 ** (job.attempts - 1));
      await db
        .update(jobs)
        .set({ status: failed ? 'failed' : 'pending', lastError: message.slice(0, 1000), runAt: new Date(clock.now().getTime() + delayMs), finishedAt: failed ? clock.now() : null })
        .where(eq(jobs.id, job.id));
      log.warn({ job: job.kind, jobId: job.id, attempts: job.attempts, err: message }, 'job failed');
    }
    return true;
  }

  async function enqueueDueSchedules(): Promise<void> {
    const now = clock.now().getTime();
    for (const s of schedules) {
      const slot = Math.floor(now / (s.everySeconds * 1000));
      await queue.enqueue(s.kind, {}, { dedupeKey: `schedule:${s.kind}:${slot}`, runAt: new Date(slot * s.everySeconds * 1000) });
    }
  }

  /** Jobs stuck in 'running' after a crash go back to the queue. */
  async function releaseStale(): Promise<void> {
    await db
      .update(jobs)
      .set({ status: 'pending' })
      .where(and(eq(jobs.status, 'running'), lt(jobs.lockedAt, new Date(clock.now().getTime() - 15 * 60_000))));
  }

  return {
    queue,
    register(kind: string, handler: JobHandler): void {
      handlers.set(kind, handler);
    },
    schedule(s: Schedule, handler: JobHandler): void {
      handlers.set(s.kind, handler);
      schedules.push(s);
    },
    /** Runs everything that is due now; returns how many jobs ran. For tests and the CLI. */
    async drain(limit = 1000): Promise<number> {
      await enqueueDueSchedules();
      let n = 0;
      while (n < limit && (await runOne())) n++;
      return n;
    },
    start(intervalMs = 2000): void {
      const tick = async () => {
        try {
          await releaseStale();
          await enqueueDueSchedules();
          while (await runOne()) {
            /* keep going while there is work */
          }
        } catch (err) {
          log.error({ err: err instanceof Error ? err.message : String(err) }, 'job runner tick failed');
        }
      };
      const loop = () => {
        running = tick().finally(() => {
          running = null;
          if (timer) timer = setTimeout(loop, intervalMs);
        });
      };
      timer = setTimeout(loop, 200);
    },
    /** Deletes finished jobs older than the given age; their slots are in the past. */
    async prune(olderThanDays = 7): Promise<number> {
      const rows = await db
        .delete(jobs)
        .where(and(sql`${jobs.status} in ('done', 'failed')`, lt(jobs.finishedAt, new Date(clock.now().getTime() - olderThanDays * 24 * 3600_000))))
        .returning({ id: jobs.id });
      return rows.length;
    },
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
