/**
 * The search: ruin and recreate with slack induction by string removals (SISR,
 * Christiaens & Vanden Berghe 2020) under simulated annealing, and for the `vehicles`
 * objective a fleet-minimisation phase first (a route is dissolved and its stops are
 * pushed back in, guided by how long each has been left out). Pure and single-threaded;
 * `parallel.ts` runs several of these with different seeds.
 *
 * A solution is a set of doubly linked lists over the model's nodes. Per node it keeps
 * the earliest departure (forward) and the latest start of service that keeps the rest of
 * the route feasible (backward), so inserting a stop between two neighbours is checked for
 * every time window in O(1).
 */
import type { Model, Objective } from './model.js';

const INF = Number.POSITIVE_INFINITY;

export interface SearchOptions {
  objective: Objective;
  seed: number;
  /** Stop after this many ruin-and-recreate iterations (all phases together). */
  maxIterations?: number;
  /** Stop at this moment (milliseconds, `Date.now()` clock). */
  deadline?: number;
  /** Strategy variant (the worker thread's number): `vehicles` keeps the fleet hard (even) or prices it (odd). */
  variant?: number;
}

export interface SearchResult {
  /** Stop indices per vehicle, in visiting order (empty for unused vehicles). */
  routes: number[][];
  unassigned: number[];
  cost: number;
  iterations: number;
}

/** Small, fast, seedable generator (sfc32). */
export function makeRandom(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 + seed * 7;
  let c = 0xb7e15162;
  let d = seed | 0;
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Earliest start of service at `node` for an arrival at `t`, or Infinity. */
function earliest(model: Model, node: number, t: number): number {
  const end = model.twOffset[node + 1]!;
  for (let k = model.twOffset[node]!; k < end; k++) {
    if (t <= model.twEnd[k]!) return t < model.twStart[k]! ? model.twStart[k]! : t;
  }
  return INF;
}

/** Latest start of service at `node` no later than `t`, or -Infinity. */
function latestBefore(model: Model, node: number, t: number): number {
  const begin = model.twOffset[node]!;
  for (let k = model.twOffset[node + 1]! - 1; k >= begin; k--) {
    if (t >= model.twStart[k]!) return t > model.twEnd[k]! ? model.twEnd[k]! : t;
  }
  return -INF;
}

export class Solution {
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** Vehicle of each stop, -1 when unassigned. */
  readonly route: Int32Array;
  readonly dep: Float64Array;
  readonly latest: Float64Array;
  readonly len: Int32Array;
  readonly load: Float64Array;
  readonly rcost: Float64Array;
  /** Unassigned stops (the first `unassignedCount`). */
  readonly unassigned: Int32Array;
  unassignedCount = 0;

  constructor(readonly model: Model) {
    const { N, n, m } = model;
    this.next = new Int32Array(N);
    this.prev = new Int32Array(N);
    this.route = new Int32Array(N).fill(-1);
    this.dep = new Float64Array(N);
    this.latest = new Float64Array(N);
    this.len = new Int32Array(m);
    this.load = new Float64Array(m);
    this.rcost = new Float64Array(m);
    this.unassigned = new Int32Array(n);
    for (let r = 0; r < m; r++) {
      const s = n + 2 * r;
      this.next[s] = s + 1;
      this.prev[s + 1] = s;
      this.route[s] = r;
      this.route[s + 1] = r;
      this.update(r, null);
    }
    for (let i = 0; i < n; i++) this.unassigned[i] = i;
    this.unassignedCount = n;
  }

  copyFrom(o: Solution): void {
    this.next.set(o.next);
    this.prev.set(o.prev);
    this.route.set(o.route);
    this.dep.set(o.dep);
    this.latest.set(o.latest);
    this.len.set(o.len);
    this.load.set(o.load);
    this.rcost.set(o.rcost);
    this.unassigned.set(o.unassigned);
    this.unassignedCount = o.unassignedCount;
  }

  /** Route costs plus a penalty per stop left out (by default the problem's). */
  cost(penalty: Float64Array = this.model.penalty): number {
    let c = 0;
    for (let r = 0; r < this.model.m; r++) c += this.rcost[r]!;
    for (let k = 0; k < this.unassignedCount; k++) c += penalty[this.unassigned[k]!]!;
    return c;
  }

  usedVehicles(): number {
    let u = 0;
    for (let r = 0; r < this.model.m; r++) if (this.len[r]! > 0) u++;
    return u;
  }

  /** Unlinks a stop without updating its route's schedule (call update afterwards). */
  unlink(u: number): void {
    const p = this.prev[u]!;
    const q = this.next[u]!;
    this.next[p] = q;
    this.prev[q] = p;
    this.route[u] = -1;
  }

  insertAfter(u: number, a: number): void {
    const b = this.next[a]!;
    this.next[a] = u;
    this.prev[u] = a;
    this.next[u] = b;
    this.prev[b] = u;
    this.route[u] = this.route[a]!;
  }

  /**
   * Recomputes route r's schedule, load and cost. A stop that can no longer be served in
   * time (only possible when travel times break the triangle inequality) is unlinked and
   * pushed to `dropped`.
   */
  update(r: number, dropped: number[] | null): void {
    const model = this.model;
    const { N, n, time, service, demand } = model;
    const cost = model.costs[model.vehicleCost[r]!]!;
    const start = n + 2 * r;
    const end = start + 1;
    for (;;) {
      this.dep[start] = model.twStart[model.twOffset[start]!] ?? INF;
      let a = start;
      let b = this.next[a]!;
      let len = 0;
      let load = 0;
      let c = 0;
      let ok = true;
      for (;;) {
        const s = earliest(model, b, this.dep[a]! + time[a * N + b]!);
        if (s === INF) {
          if (b === end) {
            ok = false;
            break;
          }
          const q = this.next[b]!;
          this.unlink(b);
          dropped?.push(b);
          b = q;
          continue;
        }
        this.dep[b] = s + service[b]!;
        c += cost[a * N + b]!;
        if (b === end) break;
        len++;
        load += demand[b]!;
        a = b;
        b = this.next[b]!;
      }
      if (!ok) {
        // Arriving back too late: give up the last stop and try again.
        const last = this.prev[end]!;
        if (last === start) {
          this.dep[end] = INF;
          break;
        }
        this.unlink(last);
        dropped?.push(last);
        continue;
      }
      this.len[r] = len;
      this.load[r] = load;
      this.rcost[r] = len > 0 ? c + model.fixedCost[r]! : 0;
      let b2 = end;
      this.latest[end] = model.twEnd[model.twOffset[end + 1]! - 1] ?? -INF;
      while (b2 !== start) {
        const a2 = this.prev[b2]!;
        this.latest[a2] = latestBefore(model, a2, this.latest[b2]! - time[a2 * N + b2]! - service[a2]!);
        b2 = a2;
      }
      return;
    }
    this.len[r] = 0;
    this.load[r] = 0;
    this.rcost[r] = 0;
  }

  /**
   * Brings the schedule up to date after u was inserted (feasibly: insertBest checked
   * it) at cost `delta`: departures from u on until they no longer change, latest starts
   * from u back until they no longer change.
   */
  afterInsert(u: number, delta: number): void {
    const model = this.model;
    const { N, time, service } = model;
    const r = this.route[u]!;
    const start = model.n + 2 * r;
    const end = start + 1;
    const next = this.next;
    const prev = this.prev;
    const dep = this.dep;
    const latest = this.latest;
    let a = prev[u]!;
    let b = u;
    for (;;) {
      const d = earliest(model, b, dep[a]! + time[a * N + b]!) + service[b]!;
      if (b !== u && d === dep[b]) break;
      dep[b] = d;
      if (b === end) break;
      a = b;
      b = next[b]!;
    }
    b = next[u]!;
    a = u;
    latest[u] = latestBefore(model, u, latest[b]! - time[u * N + b]! - service[u]!);
    b = u;
    a = prev[u]!;
    while (a !== start) {
      const l = latestBefore(model, a, latest[b]! - time[a * N + b]! - service[a]!);
      if (l === latest[a]) break;
      latest[a] = l;
      b = a;
      a = prev[a]!;
    }
    this.len[r]!++;
    this.load[r]! += model.demand[u]!;
    this.rcost[r]! += delta;
  }

  routeStops(r: number): number[] {
    const out: number[] = [];
    const end = this.model.n + 2 * r + 1;
    for (let u = this.next[this.model.n + 2 * r]!; u !== end; u = this.next[u]!) out.push(u);
    return out;
  }
}

export interface Parameters {
  /** Average number of stops removed per ruin. */
  avgRemoved: number;
  /** Longest string removed from one route. */
  maxString: number;
  /** Probability of skipping an insertion position. */
  blink: number;
  /** Chance that the split-string removal keeps one more stop in the middle. */
  splitDepth: number;
  /** Start and end temperature, as multiples of the mean distance to the nearest stop. */
  t0: number;
  t1: number;
  /** Share of the budget the fleet minimisation may use (vehicles objective). */
  fleetShare: number;
  /** After fleet minimisation, the walk's price per vehicle above the fleet found, in mean route costs. */
  fleetPrice: number;
  /** Share spent on fleet minimisation before annealing for distance (a compact start). */
  distanceFleetShare: number;
}

export const defaultParameters: Parameters = { avgRemoved: 10, maxString: 10, blink: 0.01, splitDepth: 0.99, t0: 30, t1: 0.08, fleetShare: 0.5, fleetPrice: 3, distanceFleetShare: 0 };

export class Search {
  private readonly rnd: () => number;
  private readonly p: Parameters;
  private readonly ruinedStamp: Int32Array;
  private readonly classStamp: Int32Array;
  private stamp = 1;
  private readonly removed: number[] = [];
  private readonly spare: Solution;
  private readonly dropped: number[] = [];
  private readonly keys: Float64Array;
  /** How often each stop was left out in the fleet minimisation. */
  private readonly absence: Float64Array;
  private readonly scale: number;
  /** Vehicles an answer may use (vehicles objective) and the walk's price per vehicle above it. */
  private fleetTarget: number;
  private fleetPrice = 0;
  /** Insert by absence first (during fleet minimisation, half the time). */
  private byAbsence = false;
  /** Vehicles that may be used at most (fleet minimisation and after it). */
  maxVehicles: number;
  iterations = 0;

  constructor(
    readonly model: Model,
    private readonly options: SearchOptions,
    parameters: Partial<Parameters> = {},
  ) {
    this.rnd = makeRandom(options.seed);
    this.p = { ...defaultParameters, ...parameters };
    this.ruinedStamp = new Int32Array(model.m);
    this.classStamp = new Int32Array(Math.max(1, model.m));
    this.keys = new Float64Array(model.n);
    this.absence = new Float64Array(model.n);
    this.maxVehicles = model.m;
    this.fleetTarget = model.m;
    this.spare = new Solution(model);
    // Temperature scale: the mean distance from a stop to its nearest neighbour.
    const { n, N, dist, neighbours } = model;
    let sum = 0;
    for (let i = 0; i < n && n > 1; i++) sum += dist[i * N + neighbours[i * (n - 1)]!]!;
    this.scale = n > 1 ? Math.max(sum / n, 1e-9) : 1;
  }

  run(): SearchResult {
    const model = this.model;
    const cur = new Solution(model);
    this.recreateAll(cur);
    const best = new Solution(model);
    best.copyFrom(cur);
    const maxIt = this.options.maxIterations ?? INF;
    const startedAt = Date.now();
    const deadline = this.options.deadline ?? INF;
    const budgetMs = deadline - startedAt;
    let saStart = 0;
    let saStartTime = startedAt;
    const vehicles = this.options.objective === 'vehicles';
    const share = vehicles ? this.p.fleetShare : this.p.distanceFleetShare;
    if (share > 0 && model.n > 0 && cur.unassignedCount > 0) {
      // Serve everything first (a fifth of the fleet phase), then shrink the fleet.
      const it = maxIt === INF ? INF : Math.floor(maxIt * share * 0.2);
      const until = deadline === INF ? INF : startedAt + budgetMs * share * 0.2;
      this.anneal(cur, best, it, until, 0, startedAt);
      cur.copyFrom(best);
    }
    if (share > 0 && model.n > 0) {
      const fleetIt = maxIt === INF ? INF : Math.floor(maxIt * share);
      const fleetDeadline = deadline === INF ? INF : startedAt + budgetMs * share;
      this.minimiseFleet(cur, best, fleetIt, fleetDeadline);
      // After the fleet minimisation the walk may use more vehicles, at a price of about
      // a route's cost each; only answers within the fleet found count as the best.
      // Two ways on from there (the two worker threads take one each): keep the fleet
      // found as a hard limit, or let the walk use more vehicles at a price that rises
      // from nothing to a few routes' cost, counting only answers within the fleet.
      const used = best.usedVehicles();
      if (best.unassignedCount > 0) {
        // The fleet minimisation could not start from a complete answer: no limit.
        this.maxVehicles = model.m;
      } else if (vehicles && (this.options.variant ?? 0) % 2 === 1) {
        this.fleetTarget = used;
        this.fleetPrice = (this.p.fleetPrice * best.cost()) / Math.max(1, used);
        this.maxVehicles = model.m;
      } else {
        this.maxVehicles = vehicles ? used : model.m;
      }
      cur.copyFrom(best);
      saStart = this.iterations;
      saStartTime = Date.now();
    }
    // Nothing to search without stops or vehicles.
    if (model.n > 0 && model.m > 0) this.anneal(cur, best, maxIt, deadline, saStart, saStartTime);
    const routes: number[][] = [];
    for (let r = 0; r < model.m; r++) routes.push(best.routeStops(r));
    return { routes, unassigned: Array.from(best.unassigned.subarray(0, best.unassignedCount)).sort((a, b) => a - b), cost: best.cost(), iterations: this.iterations };
  }

  private anneal(cur: Solution, best: Solution, maxIt: number, deadline: number, itStart: number, timeStart: number): void {
    const cand = new Solution(this.model);
    // Under the fleet limit found by the fleet minimisation, the walk may leave stops out
    // at about the price of a trip of their own, so the limit does not wall it in; the
    // best is judged at the problem's penalties.
    const soft = new Float64Array(this.model.n);
    const fleetLimited = this.maxVehicles < this.model.m;
    for (let i = 0; i < this.model.n; i++) soft[i] = fleetLimited ? Math.min(this.model.penalty[i]!, 2 * this.model.depotDistance[i]! + this.scale) : this.model.penalty[i]!;
    const target = this.fleetTarget;
    const over = (x: Solution) => Math.max(0, x.usedVehicles() - target);
    let curBase = cur.unassignedCount === 0 ? cur.cost() : cur.cost(soft);
    let curOver = over(cur);
    let bestCost = best.cost();
    const t0 = this.p.t0 * this.scale;
    const t1 = this.p.t1 * this.scale;
    const span = deadline - timeStart;
    const itSpan = maxIt - itStart;
    while (this.iterations < maxIt) {
      let progress = (this.iterations - itStart) / itSpan;
      if (deadline !== INF) {
        const now = Date.now();
        if (now >= deadline) break;
        progress = Math.max(progress, (now - timeStart) / span);
      }
      const temperature = t0 * Math.pow(t1 / t0, progress);
      // Vehicles above the fleet found cost little at first and a lot at the end.
      const price = this.fleetPrice * progress;
      this.iterations++;
      cand.copyFrom(cur);
      this.ruin(cand);
      this.recreate(cand);
      const trueCost = cand.cost();
      const extra = over(cand);
      if (trueCost < bestCost - 1e-9 && extra === 0) {
        best.copyFrom(cand);
        bestCost = trueCost;
      }
      const base = cand.unassignedCount === 0 ? trueCost : cand.cost(soft);
      if (base + extra * price < curBase + curOver * price - temperature * Math.log(this.rnd())) {
        cur.copyFrom(cand);
        curBase = base;
        curOver = extra;
      }
    }
  }

  private minimiseFleet(cur: Solution, best: Solution, maxIt: number, deadline: number): void {
    const model = this.model;
    let total = 0;
    let maxCap = 0;
    for (let i = 0; i < model.n; i++) total += model.demand[i]!;
    for (let r = 0; r < model.m; r++) maxCap = Math.max(maxCap, model.capacity[r]!);
    const lowerBound = Math.max(1, maxCap > 0 ? Math.ceil(total / maxCap - 1e-9) : 1);
    if (cur.unassignedCount > 0) return;
    const cand = new Solution(model);
    const absentSum = (s: Solution): number => {
      let a = 0;
      for (let k = 0; k < s.unassignedCount; k++) a += this.absence[s.unassigned[k]!]!;
      return a;
    };
    while (this.iterations < maxIt && Date.now() < deadline) {
      const used = cur.usedVehicles();
      if (used <= lowerBound) return;
      // Dissolve the route with the fewest stops.
      let victim = -1;
      for (let r = 0; r < model.m; r++) if (cur.len[r]! > 0 && (victim < 0 || cur.len[r]! < cur.len[victim]!)) victim = r;
      for (const u of cur.routeStops(victim)) {
        cur.unlink(u);
        cur.unassigned[cur.unassignedCount++] = u;
      }
      cur.update(victim, null);
      this.maxVehicles = used - 1;
      let curAbsent = absentSum(cur);
      while (cur.unassignedCount > 0 && this.iterations < maxIt && Date.now() < deadline) {
        this.iterations++;
        cand.copyFrom(cur);
        this.ruin(cand);
        this.byAbsence = this.rnd() < 0.5;
        this.recreate(cand);
        this.byAbsence = false;
        for (let k = 0; k < cand.unassignedCount; k++) this.absence[cand.unassigned[k]!]!++;
        const a = absentSum(cand);
        if (cand.unassignedCount < cur.unassignedCount || a < curAbsent) {
          cur.copyFrom(cand);
          curAbsent = a;
        }
      }
      if (cur.unassignedCount > 0) {
        cur.copyFrom(best);
        return;
      }
      best.copyFrom(cur);
    }
  }

  /** Builds the first solution: every stop inserted at its cheapest place. */
  private recreateAll(s: Solution): void {
    // A few orders (windows closing first, opening first, far first, largest first,
    // random), the cheapest kept: short budgets live on the first solution.
    const trial = new Solution(this.model);
    let best = INF;
    for (const kind of [4, 5, 2, 1, 0]) {
      trial.copyFrom(s);
      this.recreate(trial, kind);
      const c = trial.cost();
      if (c < best) {
        best = c;
        this.spare.copyFrom(trial);
      }
    }
    s.copyFrom(this.spare);
  }

  // --- ruin -------------------------------------------------------------------------

  private ruin(s: Solution): void {
    const model = this.model;
    const { n } = model;
    const removed = this.removed;
    removed.length = 0;
    const assigned = n - s.unassignedCount;
    if (assigned === 0) return;
    const used = s.usedVehicles();
    const avgLen = assigned / Math.max(1, used);
    const lsMax = Math.min(this.p.maxString, avgLen);
    const ksMax = (4 * this.p.avgRemoved) / (1 + lsMax) - 1;
    const ks = Math.floor(this.rnd() * ksMax) + 1;
    let seed: number;
    do seed = Math.floor(this.rnd() * n);
    while (s.route[seed]! < 0);
    const stamp = ++this.stamp;
    let ruined = 0;
    const row = seed * (n - 1);
    for (let k = -1; k < n - 1 && ruined < ks; k++) {
      const c = k < 0 ? seed : model.neighbours[row + k]!;
      const r = s.route[c]!;
      if (r < 0 || this.ruinedStamp[r] === stamp) continue;
      const len = s.len[r]!;
      const ltMax = Math.min(len, lsMax);
      const lt = Math.floor(this.rnd() * ltMax) + 1;
      if (lt >= len || this.rnd() < 0.5) this.removeString(s, c, lt, len);
      else this.removeSplitString(s, c, lt, len);
      this.ruinedStamp[r] = stamp;
      ruined++;
      this.dropped.length = 0;
      s.update(r, this.dropped);
      for (const d of this.dropped) removed.push(d);
    }
  }

  /** Position (1-based) of stop c in its route. */
  private positionOf(s: Solution, c: number): number {
    const start = this.model.n + 2 * s.route[c]!;
    let p = 0;
    for (let u = c; u !== start; u = s.prev[u]!) p++;
    return p;
  }

  private removeString(s: Solution, c: number, l: number, len: number): void {
    const p = this.positionOf(s, c);
    const lo = Math.max(1, p - l + 1);
    const hi = Math.min(p, len - l + 1);
    const first = lo + Math.floor(this.rnd() * (hi - lo + 1));
    let u = c;
    for (let k = p; k > first; k--) u = s.prev[u]!;
    for (let k = 0; k < l; k++) {
      const q = s.next[u]!;
      s.unlink(u);
      this.removed.push(u);
      u = q;
    }
  }

  private removeSplitString(s: Solution, c: number, l: number, len: number): void {
    let kept = 1;
    while (kept < len - l && this.rnd() < this.p.splitDepth) kept++;
    const total = l + kept;
    const p = this.positionOf(s, c);
    const lo = Math.max(1, p - total + 1);
    const hi = Math.min(p, len - total + 1);
    const first = lo + Math.floor(this.rnd() * (hi - lo + 1));
    const keepFrom = Math.floor(this.rnd() * (l + 1)); // offset of the kept part in the string
    let u = c;
    for (let k = p; k > first; k--) u = s.prev[u]!;
    for (let k = 0; k < total; k++) {
      const q = s.next[u]!;
      if (k < keepFrom || k >= keepFrom + kept) {
        s.unlink(u);
        this.removed.push(u);
      }
      u = q;
    }
  }

  // --- recreate ---------------------------------------------------------------------

  private recreate(s: Solution, kind = -1): void {
    const model = this.model;
    const removed = this.removed;
    for (let k = 0; k < s.unassignedCount; k++) removed.push(s.unassigned[k]!);
    s.unassignedCount = 0;
    this.order(removed, kind);
    // Fleet minimisation: the stops left out most often go in first, while there is room.
    if (this.byAbsence) {
      const abs = this.absence;
      const copy = removed.slice();
      const rank = new Map(copy.map((u, i) => [u, i]));
      removed.sort((a, b) => abs[b]! - abs[a]! || rank.get(a)! - rank.get(b)!);
    }
    for (const u of removed) {
      if (!this.insertBest(s, u)) s.unassigned[s.unassignedCount++] = u;
    }
    removed.length = 0;
    void model;
  }

  /** Sorts the stops to insert: random, by demand, far first or near first (weights 4:4:2:1). */
  private order(list: number[], kind = -1): void {
    const model = this.model;
    const keys = this.keys;
    if (kind >= 4) {
      const { twOffset, twStart, twEnd } = model;
      for (const u of list) keys[u] = kind === 4 ? twEnd[twOffset[u + 1]! - 1]! : twStart[twOffset[u]!]!;
      list.sort((a, b) => keys[a]! - keys[b]! || a - b);
      return;
    }
    const x = kind === 0 ? 0 : kind === 1 ? 5 : kind === 2 ? 9 : kind === 3 ? 10.5 : this.rnd() * 11;
    if (x < 4) {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(this.rnd() * (i + 1));
        const t = list[i]!;
        list[i] = list[j]!;
        list[j] = t;
      }
      return;
    }
    for (const u of list) keys[u] = x < 8 ? -model.demand[u]! : x < 10 ? -model.depotDistance[u]! : model.depotDistance[u]!;
    list.sort((a, b) => keys[a]! - keys[b]! || a - b);
  }

  /** Inserts u at the cheapest feasible place (skipping places at the blink rate). */
  private insertBest(s: Solution, u: number): boolean {
    const model = this.model;
    const { N, n, m, time, service, demand, allowed, twOffset, twEnd, capacity, vehicleClass, vehicleCost, costs, fixedCost } = model;
    const next = s.next;
    const dep = s.dep;
    const latest = s.latest;
    const len = s.len;
    const load = s.load;
    const lastEnd = twEnd[twOffset[u + 1]! - 1]!;
    const singleWindow = twOffset[u + 1]! - twOffset[u]! === 1;
    const e0 = model.twStart[twOffset[u]!]!;
    const svc = service[u]!;
    const dem = demand[u]!;
    const uN = u * N;
    let best = INF;
    let bestAfter = -1;
    const cstamp = ++this.stamp;
    let used = 0;
    for (let r = 0; r < m; r++) if (len[r]! > 0) used++;
    const canOpen = used < this.maxVehicles;
    // Blinks: the gap to the next skipped place is geometric, drawn once per skip.
    let untilBlink = this.nextBlink();
    for (let r = 0; r < m; r++) {
      if (allowed !== null && allowed[u * m + r] === 0) continue;
      if (load[r]! + dem > capacity[r]! + 1e-9) continue;
      const empty = len[r] === 0;
      if (empty) {
        if (!canOpen) continue;
        const cls = vehicleClass[r]!;
        if (this.classStamp[cls] === cstamp) continue;
        this.classStamp[cls] = cstamp;
      }
      const cost = costs[vehicleCost[r]!]!;
      const extra = empty ? fixedCost[r]! : 0;
      const end = n + 2 * r + 1;
      let a = n + 2 * r;
      while (a !== end) {
        const b = next[a]!;
        if (--untilBlink <= 0) {
          untilBlink = this.nextBlink();
          a = b;
          continue;
        }
        const aN = a * N;
        const delta = cost[aN + u]! + cost[uN + b]! - cost[aN + b]! + extra;
        if (delta < best) {
          const arr = dep[a]! + time[aN + u]!;
          if (arr <= lastEnd) {
            const st = singleWindow ? (arr < e0 ? e0 : arr) : earliest(model, u, arr);
            if (st + svc + time[uN + b]! <= latest[b]!) {
              best = delta;
              bestAfter = a;
            }
          }
        }
        a = b;
      }
    }
    if (bestAfter < 0) return false;
    s.insertAfter(u, bestAfter);
    s.afterInsert(u, best);
    return true;
  }

  /** Places until the next blink (skipped insertion place), geometric with the blink rate. */
  private nextBlink(): number {
    const b = this.p.blink;
    if (b <= 0) return INF;
    return 1 + Math.floor(Math.log(1 - this.rnd()) / Math.log(1 - b));
  }
}

/** Runs one search to its budget. */
export function search(model: Model, options: SearchOptions, parameters?: Partial<Parameters>): SearchResult {
  return new Search(model, options, parameters).run();
}
