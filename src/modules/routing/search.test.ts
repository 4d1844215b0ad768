import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSolution, euclideanTravel } from './check.js';
import { straightLineMatrices } from './matrix.js';
import { locationsOf, type Problem } from './model.js';
import { SearchPool } from './parallel.js';
import { parseSolomon } from './solomon.js';
import { solve, solveInThread, type RoutingSolution, type SolveOptions } from './solve.js';

const instance = (name: string) => parseSolomon(readFileSync(new URL(`./testdata/${name}.txt`, import.meta.url), 'utf8')).problem;
const matricesOf = (p: Problem) => straightLineMatrices(locationsOf(p).locations);

/** Every solution a test produces goes through the independent check. */
function expectFeasible(problem: Problem, s: RoutingSolution): void {
  const errors = checkSolution(problem, { routes: s.routes.map((r) => ({ vehicle: r.vehicle, stops: r.stops.map((x) => x.id) })), unassigned: s.unassigned.map((u) => u.id), distance: s.distance }, euclideanTravel);
  expect(errors).toEqual([]);
  // The timetable agrees with the windows too.
  const byId = new Map(problem.stops.map((x) => [x.id, x]));
  for (const r of s.routes) {
    for (const x of r.stops) {
      const w = byId.get(x.id)!.timeWindows ?? [];
      if (w.length > 0) expect(w.some(([a, b]) => x.start >= a - 1e-9 && x.start <= b + 1e-9)).toBe(true);
      expect(x.waiting).toBeGreaterThanOrEqual(-1e-9);
      expect(x.load).toBeGreaterThanOrEqual(-1e-9);
    }
  }
}

function solveChecked(problem: Problem, options: SolveOptions): RoutingSolution {
  const s = solveInThread(problem, matricesOf(problem), options);
  expectFeasible(problem, s);
  return s;
}

describe('routing search on Solomon instances', () => {
  const pool = new SearchPool(2);
  afterAll(() => pool.close());

  it('solves C101 to the best-known distance (828.94) with 10 vehicles', () => {
    const s = solveChecked(instance('C101'), { maxIterations: 3000, seed: 1 });
    expect(s.unassigned).toEqual([]);
    expect(s.vehicles).toBe(10);
    expect(s.distance).toBeCloseTo(828.94, 1);
    expect(s.stoppedBy).toBe('iterations');
    expect(s.iterations).toBe(3000);
  });

  it('serves all of R101 and RC201 feasibly within a few per cent of the best known', () => {
    const r101 = solveChecked(instance('R101'), { maxIterations: 3000, seed: 3 });
    expect(r101.unassigned).toEqual([]);
    expect(r101.distance).toBeLessThan(1642.88 * 1.04);
    const rc201 = solveChecked(instance('RC201'), { maxIterations: 3000, seed: 3 });
    expect(rc201.unassigned).toEqual([]);
    expect(rc201.distance).toBeLessThan(1265.56 * 1.06);
  });

  it('the vehicles objective serves R101 with at most the 20 vehicles of the distance-only best known', () => {
    const p = instance('R101');
    const byVehicles = solveChecked(p, { objective: 'vehicles', maxIterations: 4000, seed: 2 });
    expect(byVehicles.unassigned).toEqual([]);
    expect(byVehicles.vehicles).toBeLessThanOrEqual(20);
    expect(byVehicles.objective).toBe('vehicles');
  });

  it('gives the same answer for the same seed and iteration budget, in this thread and in workers', async () => {
    const p = instance('RC201');
    const a = solveInThread(p, matricesOf(p), { maxIterations: 400, seed: 9 });
    const b = solveInThread(p, matricesOf(p), { maxIterations: 400, seed: 9 });
    expect(b.routes).toEqual(a.routes);
    const w1 = await solve(p, matricesOf(p), { maxIterations: 400, seed: 9, threads: 2, pool });
    const w2 = await solve(p, matricesOf(p), { maxIterations: 400, seed: 9, threads: 2, pool });
    expectFeasible(p, w1);
    expect(w1.threads).toBe(2);
    expect(w2.routes).toEqual(w1.routes);
    // Thread 0 runs seed 9, as the single search did; the best of two is no worse.
    expect(w1.distance).toBeLessThanOrEqual(a.distance + 1e-9);
  });

  it('honours the time limit and says the time ended the search', async () => {
    const p = instance('R101');
    await pool.warm();
    const started = Date.now();
    const s = await solve(p, matricesOf(p), { timeLimitMs: 300, pool });
    const elapsed = Date.now() - started;
    expectFeasible(p, s);
    expect(s.stoppedBy).toBe('time');
    expect(s.iterations).toBeGreaterThan(0);
    // One iteration past the deadline at most, plus passing the answer back (a busy machine adds some).
    expect(elapsed).toBeLessThan(300 + 150);
    const t0 = Date.now();
    const inThread = solveInThread(p, matricesOf(p), { timeLimitMs: 200 });
    expect(Date.now() - t0).toBeLessThan(200 + 100);
    expect(inThread.stoppedBy).toBe('time');
    expectFeasible(p, inThread);
  });
});

// --- brute force on small random instances ------------------------------------------

interface Small {
  problem: Problem;
  vehicles: number;
}

/** Exact optimum: best single route for every subset (all orders), then best partition. */
function bruteForce({ problem, vehicles }: Small): { distance: number; vehicles: number; bestByCount: number[] } {
  const stops = problem.stops;
  const n = stops.length;
  const depot = problem.depots[0]!;
  const horizon = depot.open!;
  const cap = problem.vehicles[0]!.capacity;
  const route = new Float64Array(1 << n).fill(Infinity);
  route[0] = 0;
  const perm: number[] = [];
  const used = new Array<boolean>(n).fill(false);
  // Depth-first over orders: extend while feasible (time only grows along a prefix).
  const extend = (mask: number, time: number, where: { x: number; y: number }, dist: number, load: number) => {
    const back = euclideanTravel(where, depot.location);
    if (mask !== 0 && time + back.duration <= horizon[1] + 1e-9) route[mask] = Math.min(route[mask]!, dist + back.distance);
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      const s = stops[i]!;
      if (load + (s.demand ?? 0) > cap) continue;
      const leg = euclideanTravel(where, s.location);
      const arrival = time + leg.duration;
      let start = Infinity;
      for (const [a, b] of s.timeWindows!) if (arrival <= b) start = Math.min(start, Math.max(a, arrival));
      if (start === Infinity) continue;
      used[i] = true;
      perm.push(i);
      extend(mask | (1 << i), start + (s.serviceTime ?? 0), s.location as { x: number; y: number }, dist + leg.distance, load + (s.demand ?? 0));
      perm.pop();
      used[i] = false;
    }
  };
  extend(0, horizon[0], depot.location as { x: number; y: number }, 0, 0);
  const full = (1 << n) - 1;
  // best[k][mask]: least distance serving mask with exactly k routes.
  const best: Float64Array[] = [new Float64Array(1 << n).fill(Infinity)];
  best[0]![0] = 0;
  for (let k = 1; k <= vehicles; k++) {
    const row = new Float64Array(1 << n).fill(Infinity);
    for (let mask = 1; mask <= full; mask++) {
      const low = mask & -mask;
      for (let sub = mask; sub > 0; sub = (sub - 1) & mask) {
        if ((sub & low) === 0) continue;
        const v = route[sub]! + best[k - 1]![mask ^ sub]!;
        if (v < row[mask]!) row[mask] = v;
      }
    }
    best.push(row);
  }
  const bestByCount = best.map((row) => row[full]!);
  let distance = Infinity;
  let fewest = -1;
  for (let k = 0; k <= vehicles; k++) {
    if (bestByCount[k]! < Infinity && fewest < 0) fewest = k;
    distance = Math.min(distance, bestByCount[k]!);
  }
  return { distance, vehicles: fewest, bestByCount };
}

const smallInstance: fc.Arbitrary<Small> = fc
  .record({
    depot: fc.record({ x: fc.integer({ min: 0, max: 100 }), y: fc.integer({ min: 0, max: 100 }) }),
    vehicles: fc.integer({ min: 1, max: 3 }),
    capacity: fc.integer({ min: 10, max: 30 }),
    stops: fc.array(
      fc.record({
        x: fc.integer({ min: 0, max: 100 }),
        y: fc.integer({ min: 0, max: 100 }),
        demand: fc.integer({ min: 1, max: 10 }),
        service: fc.integer({ min: 0, max: 20 }),
        open: fc.integer({ min: 0, max: 300 }),
        width: fc.integer({ min: 5, max: 200 }),
        second: fc.option(fc.integer({ min: 50, max: 200 }), { nil: null }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(({ depot, vehicles, capacity, stops }) => {
    const horizon: [number, number] = [0, 800];
    const problem: Problem = {
      depots: [{ id: 'd', location: depot, open: horizon }],
      vehicles: Array.from({ length: vehicles }, (_, k) => ({ id: `v${k}`, capacity })),
      stops: stops.map((s, i) => {
        // Every stop can be served alone: its last window closes after a direct drive there.
        const direct = Math.hypot(s.x - depot.x, s.y - depot.y);
        const close = Math.max(s.open + s.width, Math.ceil(direct) + 1);
        const windows: [number, number][] = [[s.open, close]];
        if (s.second !== null) windows.push([close + s.second, close + s.second + 30]);
        return { id: `s${i}`, location: { x: s.x, y: s.y }, demand: s.demand, serviceTime: s.service, timeWindows: windows };
      }),
    };
    return { problem, vehicles };
  })
  .filter((small) => bruteForce(small).vehicles > 0);

describe('routing search against brute force (≤ 8 stops)', () => {
  it('finds the least distance that serves every stop', () => {
    fc.assert(
      fc.property(smallInstance, fc.integer({ min: 1, max: 1000 }), (small, seed) => {
        const exact = bruteForce(small);
        const s = solveChecked(small.problem, { maxIterations: 400, seed });
        expect(s.unassigned).toEqual([]);
        expect(s.distance).toBeCloseTo(exact.distance, 6);
      }),
      { numRuns: 60 },
    );
  });

  it('finds the fewest vehicles, then the least distance with that many', () => {
    fc.assert(
      fc.property(smallInstance, fc.integer({ min: 1, max: 1000 }), (small, seed) => {
        const exact = bruteForce(small);
        const s = solveChecked(small.problem, { objective: 'vehicles', maxIterations: 600, seed });
        expect(s.unassigned).toEqual([]);
        expect(s.vehicles).toBe(exact.vehicles);
        expect(s.distance).toBeCloseTo(exact.bestByCount[exact.vehicles]!, 6);
      }),
      { numRuns: 60 },
    );
  });

  it('leaves out what cannot be served, with the reason', () => {
    const problem: Problem = {
      depots: [{ id: 'd', location: { x: 0, y: 0 }, open: [0, 100] }],
      vehicles: [{ id: 'v', capacity: 10, skills: ['kyl'] }],
      stops: [
        { id: 'ok', location: { x: 3, y: 4 }, demand: 5, timeWindows: [[0, 50]] },
        { id: 'heavy', location: { x: 1, y: 1 }, demand: 11 },
        { id: 'late', location: { x: 60, y: 0 }, timeWindows: [[0, 90]] },
        { id: 'frozen', location: { x: 2, y: 2 }, skills: ['frys'] },
        { id: 'full', location: { x: 4, y: 3 }, demand: 6 },
      ],
    };
    const s = solveChecked(problem, { maxIterations: 200 });
    const reasons = Object.fromEntries(s.unassigned.map((u) => [u.id, u.reason]));
    expect(reasons.heavy).toBe('capacity');
    expect(reasons.late).toBe('time-window');
    expect(reasons.frozen).toBe('no-vehicle');
    // 'ok' (5) and 'full' (6) do not fit together; one is left out for lack of room.
    expect(Object.values(reasons).filter((r) => r === 'no-room')).toHaveLength(1);
    expect(s.routes).toHaveLength(1);
    expect(s.routes[0]!.stops).toHaveLength(1);
    expect(['ok', 'full']).toContain(s.routes[0]!.stops[0]!.id);
  });
});

describe('routing search edge cases', () => {
  it('answers at once for no stops, and leaves every stop out when there is no vehicle', () => {
    const empty: Problem = { depots: [{ id: 'd', location: { x: 0, y: 0 } }], vehicles: [{ id: 'v', capacity: 1 }], stops: [] };
    const started = Date.now();
    const none = solveInThread(empty, matricesOf(empty), { timeLimitMs: 5000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(none.routes).toEqual([]);
    const noFleet: Problem = { depots: [{ id: 'd', location: { x: 0, y: 0 } }], vehicles: [], stops: [{ id: 's', location: { x: 1, y: 1 } }] };
    const left = solveInThread(noFleet, matricesOf(noFleet), { timeLimitMs: 5000 });
    expect(left.unassigned).toEqual([{ id: 's', reason: 'no-vehicle' }]);
  });
});
