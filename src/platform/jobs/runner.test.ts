import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { fixedClock } from '../clock.js';
import { createLogger } from '../logger.js';
import { createJobRunner } from './runner.js';
import { uniqueSuffix } from '../../../test/factories/index.js';

describeEachDatabase('job runner', (ctx) => {
  it('runs queued jobs once, retries failures with backoff, and gives up after maxAttempts', async () => {
    const clock = fixedClock('2026-12-11T10:00:00Z');
    const runner = createJobRunner({ db: ctx().services.db, clock, log: createLogger('silent') });
    const kind = `test.${uniqueSuffix()}`;
    const seen: unknown[] = [];
    let failuresLeft = 2;
    runner.register(kind, async (payload) => {
      if (payload.flaky && failuresLeft-- > 0) throw new Error('temporary');
      seen.push(payload.n);
    });
    await runner.queue.enqueue(kind, { n: 1 });
    await runner.queue.enqueue(kind, { n: 2, flaky: true }, { maxAttempts: 5 });
    await runner.drain();
    expect(seen).toEqual([1]);
    clock.advance(31_000);
    await runner.drain();
    clock.advance(61_000);
    await runner.drain();
    expect(seen).toEqual([1, 2]);
    await runner.drain();
    expect(seen).toEqual([1, 2]);
  });

  it('enqueues a schedule once per slot even with several runners', async () => {
    const clock = fixedClock('2026-12-11T10:00:00Z');
    const kind = `sched.${uniqueSuffix()}`;
    let runs = 0;
    const runners = [0, 1].map(() => createJobRunner({ db: ctx().services.db, clock, log: createLogger('silent') }));
    for (const r of runners) r.schedule({ kind, everySeconds: 3600 }, async () => void runs++);
    await Promise.all(runners.map((r) => r.drain()));
    await Promise.all(runners.map((r) => r.drain()));
    expect(runs).toBe(1);
    clock.advance(3600_000);
    await Promise.all(runners.map((r) => r.drain()));
    expect(runs).toBe(2);
  });

  it('never runs one job twice when workers race for it', async () => {
    const clock = fixedClock('2026-12-11T10:00:00Z');
    const kind = `race.${uniqueSuffix()}`;
    const counts = new Map<number, number>();
    const runners = [0, 1, 2].map(() => createJobRunner({ db: ctx().services.db, clock, log: createLogger('silent') }));
    for (const r of runners)
      r.register(kind, async (p) => {
        counts.set(p.n as number, (counts.get(p.n as number) ?? 0) + 1);
      });
    for (let n = 0; n < 30; n++) await runners[0]!.queue.enqueue(kind, { n });
    await Promise.all(runners.map((r) => r.drain()));
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((v) => v === 1)).toBe(true);
  });
});
