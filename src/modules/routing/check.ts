/**
 * An independent check of a routing answer against the problem, sharing no code with the
 * search: every stop served exactly once or reported unassigned, every vehicle within its
 * capacity, skills and shift, every service started inside one of the stop's windows
 * (arriving early means waiting), and the reported distance right. Returns the
 * violations, an empty list when the answer is feasible.
 */
import type { Location, Problem } from './model.js';

export type Travel = (from: Location, to: Location) => { distance: number; duration: number };

/** Solomon's convention: Euclidean distance, travel time equal to distance. */
export const euclideanTravel: Travel = (a, b) => {
  if (!('x' in a) || !('x' in b)) throw new RangeError('euclideanTravel needs planar locations');
  const d = Math.hypot(a.x - b.x, a.y - b.y);
  return { distance: d, duration: d };
};

export interface CheckedAnswer {
  routes: { vehicle: string; stops: string[] }[];
  unassigned: string[];
  /** Total distance as reported; checked when given. */
  distance?: number;
}

export function checkSolution(problem: Problem, answer: CheckedAnswer, travel: Travel, eps = 1e-6): string[] {
  const errors: string[] = [];
  const stops = new Map(problem.stops.map((s) => [s.id, s]));
  const vehicles = new Map(problem.vehicles.map((v) => [v.id, v]));
  const depots = new Map(problem.depots.map((d) => [d.id, d]));
  const seen = new Map<string, number>();
  const usedVehicles = new Set<string>();
  let total = 0;
  for (const id of answer.unassigned) seen.set(id, (seen.get(id) ?? 0) + 1);
  for (const route of answer.routes) {
    const v = vehicles.get(route.vehicle);
    if (!v) {
      errors.push(`unknown vehicle ${route.vehicle}`);
      continue;
    }
    if (usedVehicles.has(v.id)) errors.push(`vehicle ${v.id} has two routes`);
    usedVehicles.add(v.id);
    if (route.stops.length === 0) continue;
    const startDepot = depots.get(v.start ?? problem.depots[0]!.id)!;
    const endDepot = depots.get(v.end ?? v.start ?? problem.depots[0]!.id)!;
    const leaveFrom = Math.max(v.shift?.[0] ?? -Infinity, startDepot.open?.[0] ?? -Infinity);
    const backBy = Math.min(v.shift?.[1] ?? Infinity, endDepot.open?.[1] ?? Infinity);
    let time = leaveFrom === -Infinity ? 0 : leaveFrom;
    let where = startDepot.location;
    let load = 0;
    const vehicleSkills = new Set(v.skills ?? []);
    for (const id of route.stops) {
      seen.set(id, (seen.get(id) ?? 0) + 1);
      const s = stops.get(id);
      if (!s) {
        errors.push(`unknown stop ${id}`);
        continue;
      }
      const leg = travel(where, s.location);
      total += leg.distance;
      const arrival = time + leg.duration;
      const windows = s.timeWindows && s.timeWindows.length > 0 ? s.timeWindows : [[-Infinity, Infinity]];
      let start = Infinity;
      for (const [a, b] of windows) if (arrival <= b! + eps) start = Math.min(start, Math.max(arrival, a!));
      if (start === Infinity) {
        errors.push(`stop ${id} (vehicle ${v.id}): arrives at ${arrival}, after its last window closes`);
        start = arrival;
      }
      time = start + (s.serviceTime ?? 0);
      where = s.location;
      load += s.demand ?? 0;
      if (s.vehicles && !s.vehicles.includes(v.id)) errors.push(`stop ${id} may not go with vehicle ${v.id}`);
      for (const k of s.skills ?? []) if (!vehicleSkills.has(k)) errors.push(`stop ${id} needs skill ${k}, vehicle ${v.id} lacks it`);
    }
    const back = travel(where, endDepot.location);
    total += back.distance;
    if (time + back.duration > backBy + eps) errors.push(`vehicle ${v.id} is back at ${time + back.duration}, after ${backBy}`);
    if (load > v.capacity + eps) errors.push(`vehicle ${v.id} carries ${load}, more than its capacity ${v.capacity}`);
  }
  for (const s of problem.stops) {
    const k = seen.get(s.id) ?? 0;
    if (k !== 1) errors.push(`stop ${s.id} appears ${k} times`);
  }
  for (const id of seen.keys()) if (!stops.has(id)) errors.push(`unknown stop ${id}`);
  if (answer.distance !== undefined && Math.abs(answer.distance - total) > eps * Math.max(1, total)) errors.push(`reported distance ${answer.distance}, recomputed ${total}`);
  return errors;
}
