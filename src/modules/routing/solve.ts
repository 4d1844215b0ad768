/**
 * The routing library's front door: a problem and its matrices in, planned routes out,
 * with a timetable per stop and a reason for every stop left out.
 */
import { compile, type Matrices, type Model, type Objective, type Problem } from './model.js';
import type { SearchPool } from './parallel.js';
import { search, type SearchOptions, type SearchResult } from './search.js';

export interface SolveOptions {
  /** `distance` (default): serve every stop at least cost. `vehicles`: fewest vehicles first, then cost. */
  objective?: Objective;
  seed?: number;
  /** Iterations per search thread. Without a time limit the answer is then reproducible. */
  maxIterations?: number;
  /** Wall-clock limit; default 1000 ms when no iteration budget is given. */
  timeLimitMs?: number;
  /** Searches in worker threads (1–2, default 2, the best is kept); 0 searches in this thread. */
  threads?: number;
  /** Worker pool for threads > 0 (default: the process-wide pool). */
  pool?: SearchPool;
}

/** Why a stop is not on any route. */
export type UnassignedReason =
  /** No vehicle has the skills, or none of the vehicles the stop is limited to exists. */
  | 'no-vehicle'
  /** The stop's demand exceeds the capacity of every vehicle that may serve it. */
  | 'capacity'
  /** No vehicle can reach it within its time windows and get back within its shift, even alone. */
  | 'time-window'
  /** It could be served alone, but not together with the other stops on the vehicles available. */
  | 'no-room';

export const unassignedReasonText: Record<UnassignedReason, string> = {
  'no-vehicle': 'inget fordon har det som krävs (kompetens eller angivna fordon)',
  capacity: 'större än vad något fordon rymmer',
  'time-window': 'går inte att nå inom tidsfönstret och hinna tillbaka inom passet',
  'no-room': 'får inte plats tillsammans med de andra stoppen på fordonen som finns',
};

export interface ScheduledStop {
  id: string;
  /** When the vehicle arrives. */
  arrival: number;
  /** Time spent waiting for the window to open. */
  waiting: number;
  /** Start of service. */
  start: number;
  /** When the vehicle leaves (start + service time). */
  departure: number;
  /** On board when leaving, for goods loaded at the depot and delivered along the route. */
  load: number;
}

export interface PlannedRoute {
  vehicle: string;
  /** Leaves the depot (as late as possible without delaying the first stop). */
  departure: number;
  /** Back at the end depot. */
  arrival: number;
  stops: ScheduledStop[];
  distance: number;
  /** arrival − departure: driving, waiting and service. */
  duration: number;
  cost: number;
  /** Total demand on the route. */
  load: number;
}

export interface RoutingSolution {
  objective: Objective;
  /** Vehicles used. */
  vehicles: number;
  distance: number;
  /** Travel and fixed vehicle costs (without penalties for stops left out). */
  cost: number;
  routes: PlannedRoute[];
  unassigned: { id: string; reason: UnassignedReason }[];
  /** Iterations of the search that gave the answer. */
  iterations: number;
  threads: number;
  elapsedMs: number;
  /** `time` when the time limit ended the search (then the answer may vary with machine speed). */
  stoppedBy: 'iterations' | 'time';
}

function searchOptions(options: SolveOptions, startedAt: number): SearchOptions {
  const objective = options.objective ?? 'distance';
  const seed = options.seed ?? 1;
  const timeLimitMs = options.timeLimitMs ?? (options.maxIterations === undefined ? 1000 : undefined);
  return {
    objective,
    seed,
    ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
    ...(timeLimitMs !== undefined ? { deadline: startedAt + timeLimitMs } : {}),
  };
}

/** Solves in the calling thread (tests, tiny problems); blocks for the whole budget. */
export function solveInThread(problem: Problem, matrices: Matrices, options: SolveOptions = {}): RoutingSolution {
  const startedAt = Date.now();
  const model = compile(problem, matrices);
  const opts = searchOptions(options, startedAt);
  const result = search(model, opts);
  return describe(problem, model, result, opts, 0, Date.now() - startedAt);
}

/** Solves in worker threads (at most two searches with consecutive seeds; the best wins). */
export async function solve(problem: Problem, matrices: Matrices, options: SolveOptions = {}): Promise<RoutingSolution> {
  const threads = options.threads ?? 2;
  if (threads === 0) return solveInThread(problem, matrices, options);
  const startedAt = Date.now();
  const model = compile(problem, matrices);
  const opts = searchOptions(options, startedAt);
  const pool = options.pool ?? (await import('./parallel.js')).sharedPool();
  const result = await pool.search(model, opts, threads);
  return describe(problem, model, result, opts, result.threads, Date.now() - startedAt);
}

function earliestStart(model: Model, node: number, t: number): number {
  for (let k = model.twOffset[node]!; k < model.twOffset[node + 1]!; k++) if (t <= model.twEnd[k]!) return Math.max(t, model.twStart[k]!);
  return Number.POSITIVE_INFINITY;
}

/** Why stop u could not be placed (see UnassignedReason). */
export function unassignedReason(model: Model, u: number): UnassignedReason {
  const { n, m, N, time, service } = model;
  let anyVehicle = false;
  let anyCapacity = false;
  for (let r = 0; r < m; r++) {
    if (model.allowed && model.allowed[u * m + r] === 0) continue;
    anyVehicle = true;
    if (model.demand[u]! > model.capacity[r]! + 1e-9) continue;
    anyCapacity = true;
    const s = n + 2 * r;
    const leave = model.twStart[model.twOffset[s]!];
    if (leave === undefined) continue;
    const start = earliestStart(model, u, leave + time[s * N + u]!);
    if (start === Number.POSITIVE_INFINITY) continue;
    if (earliestStart(model, s + 1, start + service[u]! + time[u * N + s + 1]!) !== Number.POSITIVE_INFINITY) return 'no-room';
  }
  if (!anyVehicle) return 'no-vehicle';
  if (!anyCapacity) return 'capacity';
  return 'time-window';
}

/** Turns the search's answer into routes with a timetable. */
export function describe(problem: Problem, model: Model, result: SearchResult, options: SearchOptions, threads: number, elapsedMs: number): RoutingSolution {
  const { n, N, dist, time, service, demand } = model;
  const routes: PlannedRoute[] = [];
  let totalDistance = 0;
  let totalCost = 0;
  result.routes.forEach((stops, r) => {
    if (stops.length === 0) return;
    const cost = model.costs[model.vehicleCost[r]!]!;
    const startNode = n + 2 * r;
    const endNode = startNode + 1;
    const shiftStart = model.twStart[model.twOffset[startNode]!]!;
    // Leave as late as the first stop allows: no waiting there for nothing.
    const first = stops[0]!;
    const firstStart = earliestStart(model, first, shiftStart + time[startNode * N + first]!);
    const departure = Math.max(shiftStart, firstStart - time[startNode * N + first]!);
    let load = 0;
    for (const u of stops) load += demand[u]!;
    let onBoard = load;
    let t = departure;
    let prev = startNode;
    let distance = 0;
    let c = model.fixedCost[r]!;
    const scheduled: ScheduledStop[] = [];
    for (const u of stops) {
      const arrival = t + time[prev * N + u]!;
      const start = earliestStart(model, u, arrival);
      distance += dist[prev * N + u]!;
      c += cost[prev * N + u]!;
      onBoard -= demand[u]!;
      scheduled.push({ id: problem.stops[u]!.id, arrival, waiting: start - arrival, start, departure: start + service[u]!, load: onBoard });
      t = start + service[u]!;
      prev = u;
    }
    const arrival = t + time[prev * N + endNode]!;
    distance += dist[prev * N + endNode]!;
    c += cost[prev * N + endNode]!;
    totalDistance += distance;
    totalCost += c;
    routes.push({ vehicle: problem.vehicles[r]!.id, departure, arrival, stops: scheduled, distance, duration: arrival - departure, cost: c, load });
  });
  const stoppedBy = options.maxIterations !== undefined && result.iterations >= options.maxIterations ? 'iterations' : 'time';
  return {
    objective: options.objective,
    vehicles: routes.length,
    distance: totalDistance,
    cost: totalCost,
    routes,
    unassigned: result.unassigned.map((u) => ({ id: problem.stops[u]!.id, reason: unassignedReason(model, u) })),
    iterations: result.iterations,
    threads,
    elapsedMs,
    stoppedBy,
  };
}
