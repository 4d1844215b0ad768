/**
 * Solomon's VRPTW benchmark format (the 56 instances of 100 customers, and the same
 * layout for 25, 50 and Gehring & Homberger's larger ones): a name, the fleet (number and
 * capacity), then one line per node — number, x, y, demand, ready time, due date,
 * service time — node 0 being the depot. Distances and travel times are Euclidean,
 * unrounded.
 */
import type { Problem } from './model.js';

export interface SolomonInstance {
  name: string;
  vehicles: number;
  capacity: number;
  problem: Problem;
}

export class SolomonFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolomonFormatError';
  }
}

export function parseSolomon(text: string): SolomonInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const name = lines.find((l) => l.length > 0) ?? '';
  const vIdx = lines.findIndex((l) => /^VEHICLE\b/i.test(l));
  const cIdx = lines.findIndex((l) => /^CUSTOMER\b/i.test(l));
  if (vIdx < 0 || cIdx < 0) throw new SolomonFormatError('not a Solomon file: the VEHICLE and CUSTOMER sections are missing');
  const fleet = lines
    .slice(vIdx + 1, cIdx)
    .map((l) => l.split(/\s+/).map(Number))
    .find((xs) => xs.length >= 2 && xs.every((x) => Number.isFinite(x)));
  if (!fleet) throw new SolomonFormatError('not a Solomon file: no vehicle number and capacity');
  const [vehicles, capacity] = fleet as [number, number];
  const rows: number[][] = [];
  for (const l of lines.slice(cIdx + 1)) {
    if (!/^\d/.test(l)) continue;
    const xs = l.split(/\s+/).map(Number);
    if (xs.length < 7 || !xs.every((x) => Number.isFinite(x))) throw new SolomonFormatError(`not a Solomon customer line: ${l}`);
    rows.push(xs);
  }
  const depot = rows[0];
  if (!depot || depot[0] !== 0) throw new SolomonFormatError('the first customer line must be the depot, number 0');
  const problem: Problem = {
    depots: [{ id: '0', location: { x: depot[1]!, y: depot[2]! }, open: [depot[4]!, depot[5]!] }],
    vehicles: Array.from({ length: vehicles }, (_, k) => ({ id: String(k + 1), capacity })),
    stops: rows.slice(1).map((r) => ({
      id: String(r[0]),
      location: { x: r[1]!, y: r[2]! },
      demand: r[3]!,
      timeWindows: [[r[4]!, r[5]!]],
      serviceTime: r[6]!,
    })),
  };
  return { name, vehicles, capacity, problem };
}
