/**
 * The routing problem as the caller describes it (`Problem`) and as the search reads it
 * (`Model`): flat typed arrays over one node numbering. Pure: no I/O.
 *
 * Node numbering in a Model: stops are 0..n-1; vehicle r has its start node at n+2r and
 * its end node at n+2r+1. Matrices are N×N row-major (N = n+2m), so the search looks a
 * travel time up as `time[a * N + b]` without indirection.
 */

/** A point: planar (x, y in any unit) or geographic (WGS 84 degrees). */
export type Location = { x: number; y: number } | { lat: number; lon: number };

/** [earliest, latest] start of service (or of the shift), in the problem's time unit. */
export type TimeWindow = [number, number];

export interface Depot {
  id: string;
  location: Location;
  /** When the depot is open; vehicles leave and return within it. */
  open?: TimeWindow;
}

export interface Vehicle {
  id: string;
  /** Depot id the vehicle starts from (default: the first depot). */
  start?: string;
  /** Depot id the vehicle returns to (default: where it started). */
  end?: string;
  capacity: number;
  /** When the driver works: leave no earlier than the start, be back no later than the end. */
  shift?: TimeWindow;
  /** Cost per distance unit (km for geographic problems); default 1. */
  costPerKm?: number;
  /** Cost per hour of travel (3600 time units); default 0. */
  costPerHour?: number;
  /** Cost of using the vehicle at all; default 0. */
  fixedCost?: number;
  skills?: string[];
}

export interface Stop {
  id: string;
  location: Location;
  demand?: number;
  /** Time spent at the stop, in the problem's time unit. */
  serviceTime?: number;
  /** One or more windows for the start of service; none means any time. */
  timeWindows?: TimeWindow[];
  /** Skills the vehicle must have, all of them. */
  skills?: string[];
  /** Only these vehicles (ids) may serve the stop. */
  vehicles?: string[];
  /** Weight of leaving the stop out: the penalty is priority × `penaltyPerPriority`. Default 1. */
  priority?: number;
}

export interface Problem {
  depots: Depot[];
  vehicles: Vehicle[];
  stops: Stop[];
  /** Cost of leaving a stop of priority 1 unserved; default 1e6 (served whenever possible). */
  penaltyPerPriority?: number;
}

/** Travel between the problem's distinct locations, row-major n×n. */
export interface Matrices {
  size: number;
  distances: Float64Array;
  durations: Float64Array;
}

export type Objective = 'distance' | 'vehicles';

export interface Model {
  n: number;
  m: number;
  N: number;
  dist: Float64Array;
  time: Float64Array;
  /** Cost matrices, one per distinct (costPerKm, costPerHour) pair. */
  costs: Float64Array[];
  vehicleCost: Int32Array;
  /** Vehicles with equal everything: only one empty vehicle per class is tried. */
  vehicleClass: Int32Array;
  capacity: Float64Array;
  fixedCost: Float64Array;
  demand: Float64Array;
  service: Float64Array;
  /** Windows of node i are twStart/twEnd[twOffset[i] .. twOffset[i+1]), sorted, disjoint. */
  twOffset: Int32Array;
  twStart: Float64Array;
  twEnd: Float64Array;
  /** allowed[stop * m + vehicle] = 1 when the vehicle may serve the stop; null: all may. */
  allowed: Uint8Array | null;
  penalty: Float64Array;
  /** For each stop, the other stops by increasing distance (row of n-1 per stop). */
  neighbours: Int32Array;
  /** Distance from the first vehicle's start, for the far-first insertion order. */
  depotDistance: Float64Array;
}

const INF = Number.POSITIVE_INFINITY;

function normaliseWindows(windows: TimeWindow[] | undefined, bound: TimeWindow): TimeWindow[] {
  const list = (windows && windows.length > 0 ? windows : [bound])
    .map(([a, b]): TimeWindow => [Math.max(a, bound[0]), Math.min(b, bound[1])])
    .filter(([a, b]) => a <= b)
    .sort((p, q) => p[0] - q[0]);
  const merged: TimeWindow[] = [];
  for (const w of list) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  return merged;
}

/** Where each stop and vehicle end sits in the list of distinct locations. */
export function locationsOf(problem: Problem): { locations: Location[]; stopLocation: number[]; depotLocation: Map<string, number> } {
  const locations: Location[] = [];
  const index = new Map<string, number>();
  const add = (l: Location): number => {
    const key = 'lat' in l ? `g${l.lat},${l.lon}` : `p${l.x},${l.y}`;
    let i = index.get(key);
    if (i === undefined) {
      i = locations.length;
      locations.push(l);
      index.set(key, i);
    }
    return i;
  };
  const depotLocation = new Map<string, number>();
  for (const d of problem.depots) depotLocation.set(d.id, add(d.location));
  const stopLocation = problem.stops.map((s) => add(s.location));
  return { locations, stopLocation, depotLocation };
}

/**
 * Compiles a problem and the matrices over `locationsOf(problem).locations` into a Model.
 * Throws a RangeError for references that do not resolve (a vehicle's unknown depot).
 */
export function compile(problem: Problem, matrices: Matrices): Model {
  const { stopLocation, depotLocation } = locationsOf(problem);
  const n = problem.stops.length;
  const m = problem.vehicles.length;
  const N = n + 2 * m;
  if (problem.depots.length === 0) throw new RangeError('at least one depot is needed');
  const firstDepot = problem.depots[0]!;
  const depotById = new Map(problem.depots.map((d) => [d.id, d]));
  const loc = new Int32Array(N);
  for (let i = 0; i < n; i++) loc[i] = stopLocation[i]!;
  const windows: TimeWindow[][] = new Array<TimeWindow[]>(N);
  const capacity = new Float64Array(m);
  const fixedCost = new Float64Array(m);
  const vehicleCost = new Int32Array(m);
  const costKeys = new Map<string, number>();
  const costPairs: [number, number][] = [];
  const horizon: TimeWindow = [-INF, INF];
  problem.vehicles.forEach((v, r) => {
    const start = depotById.get(v.start ?? firstDepot.id);
    const end = depotById.get(v.end ?? v.start ?? firstDepot.id);
    if (!start) throw new RangeError(`vehicle ${v.id}: unknown depot ${v.start}`);
    if (!end) throw new RangeError(`vehicle ${v.id}: unknown depot ${v.end}`);
    loc[n + 2 * r] = depotLocation.get(start.id)!;
    loc[n + 2 * r + 1] = depotLocation.get(end.id)!;
    const shift = v.shift ?? horizon;
    const startOpen = start.open ?? horizon;
    const endOpen = end.open ?? horizon;
    windows[n + 2 * r] = normaliseWindows([[Math.max(shift[0], startOpen[0]), Math.min(shift[1], startOpen[1])]], horizon);
    windows[n + 2 * r + 1] = normaliseWindows([[Math.max(shift[0], endOpen[0]), Math.min(shift[1], endOpen[1])]], horizon);
    capacity[r] = v.capacity;
    fixedCost[r] = v.fixedCost ?? 0;
    const perKm = v.costPerKm ?? 1;
    const perHour = v.costPerHour ?? 0;
    const key = `${perKm}/${perHour}`;
    let c = costKeys.get(key);
    if (c === undefined) {
      c = costPairs.length;
      costPairs.push([perKm, perHour]);
      costKeys.set(key, c);
    }
    vehicleCost[r] = c;
  });
  // Stops may be served any time the fleet could be out.
  let lo = INF;
  let hi = -INF;
  for (let r = 0; r < m; r++) {
    const ws = windows[n + 2 * r]!;
    const we = windows[n + 2 * r + 1]!;
    if (ws.length > 0) lo = Math.min(lo, ws[0]![0]);
    if (we.length > 0) hi = Math.max(hi, we[we.length - 1]![1]);
  }
  const stopBound: TimeWindow = [lo === INF ? -INF : lo, hi === -INF ? INF : hi];
  const demand = new Float64Array(N);
  const service = new Float64Array(N);
  const penalty = new Float64Array(n);
  const perPriority = problem.penaltyPerPriority ?? 1e6;
  problem.stops.forEach((s, i) => {
    windows[i] = normaliseWindows(s.timeWindows, stopBound);
    demand[i] = s.demand ?? 0;
    service[i] = s.serviceTime ?? 0;
    penalty[i] = (s.priority ?? 1) * perPriority;
  });
  const twOffset = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) twOffset[i + 1] = twOffset[i]! + windows[i]!.length;
  const twStart = new Float64Array(twOffset[N]!);
  const twEnd = new Float64Array(twOffset[N]!);
  for (let i = 0; i < N; i++) {
    windows[i]!.forEach(([a, b], k) => {
      twStart[twOffset[i]! + k] = a;
      twEnd[twOffset[i]! + k] = b;
    });
  }

  const L = matrices.size;
  const dist = new Float64Array(N * N);
  const time = new Float64Array(N * N);
  for (let a = 0; a < N; a++) {
    const la = loc[a]! * L;
    for (let b = 0; b < N; b++) {
      dist[a * N + b] = matrices.distances[la + loc[b]!]!;
      time[a * N + b] = matrices.durations[la + loc[b]!]!;
    }
  }
  const costs = costPairs.map(([perKm, perHour]) => {
    if (perKm === 1 && perHour === 0) return dist;
    const c = new Float64Array(N * N);
    for (let k = 0; k < N * N; k++) c[k] = perKm * dist[k]! + (perHour * time[k]!) / 3600;
    return c;
  });

  let allowed: Uint8Array | null = null;
  if (problem.stops.some((s) => (s.skills && s.skills.length > 0) || s.vehicles)) {
    allowed = new Uint8Array(n * m);
    problem.stops.forEach((s, i) => {
      const only = s.vehicles ? new Set(s.vehicles) : null;
      problem.vehicles.forEach((v, r) => {
        const skills = new Set(v.skills ?? []);
        const ok = (!only || only.has(v.id)) && (s.skills ?? []).every((k) => skills.has(k));
        allowed![i * m + r] = ok ? 1 : 0;
      });
    });
  }

  const classKeys = new Map<string, number>();
  const vehicleClass = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    let key = `${loc[n + 2 * r]}|${loc[n + 2 * r + 1]}|${windows[n + 2 * r]!.join()}|${windows[n + 2 * r + 1]!.join()}|${capacity[r]}|${fixedCost[r]}|${vehicleCost[r]}`;
    if (allowed) for (let i = 0; i < n; i++) key += allowed[i * m + r];
    let c = classKeys.get(key);
    if (c === undefined) {
      c = classKeys.size;
      classKeys.set(key, c);
    }
    vehicleClass[r] = c;
  }

  const neighbours = new Int32Array(n * Math.max(0, n - 1));
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    order.length = 0;
    for (let j = 0; j < n; j++) if (j !== i) order.push(j);
    order.sort((a, b) => dist[i * N + a]! + dist[a * N + i]! - (dist[i * N + b]! + dist[b * N + i]!) || a - b);
    neighbours.set(order, i * (n - 1));
  }
  const depotDistance = new Float64Array(n);
  if (m > 0) for (let i = 0; i < n; i++) depotDistance[i] = dist[n * N + i]!;

  return { n, m, N, dist, time, costs, vehicleCost, vehicleClass, capacity, fixedCost, demand, service, twOffset, twStart, twEnd, allowed, penalty, neighbours, depotDistance };
}
