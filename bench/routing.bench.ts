/**
 * The route optimiser on Solomon's 56 VRPTW instances against the best-known solutions
 * (bks.csv), with each objective, at a fixed time per instance, plus the city-sized case.
 *
 *   npm run bench:routing                          # both objectives, 1 s per instance
 *   npm run bench:routing -- --time 0.1            # or 10 (seconds per instance)
 *   npm run bench:routing -- --objective distance  # or vehicles
 *   npm run bench:routing -- --instances C101,R2   # names or prefixes
 *
 * Instances are read from TORGET_SOLOMON_DIR (default ../shared/data/solomon). Writes
 * bench/results/routing.json and prints the table. Also runs under `npm run bench`
 * (settings then from ROUTING_BENCH_TIME, ROUTING_BENCH_OBJECTIVE, ROUTING_BENCH_INSTANCES).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSolution, euclideanTravel, locationsOf, parseRoutingInput, parseSolomon, SearchPool, solve, straightLineMatrices, type Objective, type Problem, type RoutingSolution } from '../src/modules/routing/index.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const vendored = path.join(root, 'src/modules/routing/testdata');

interface Settings {
  seconds: number;
  objectives: Objective[];
  instances: string[] | null;
  threads: number;
}

interface Bks {
  instance: string;
  class: string;
  vehicles: number;
  distance: number;
  distanceOnlyVehicles: number;
  distanceOnly: number;
}

interface InstanceResult {
  instance: string;
  class: string;
  objective: Objective;
  vehicles: number;
  distance: number;
  bksVehicles: number;
  bksDistance: number;
  /** (distance / best-known − 1) × 100, against the column matching the objective. */
  gapPercent: number;
  ms: number;
  iterations: number;
  feasible: boolean;
  violations: string[];
}

function readBks(dir: string): Map<string, Bks> {
  const file = path.join(dir, 'bks.csv');
  const map = new Map<string, Bks>();
  if (!existsSync(file)) return map;
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = header!.split(',');
  const at = (row: string[], name: string) => row[cols.indexOf(name)]!;
  for (const line of lines) {
    const row = line.split(',');
    map.set(at(row, 'instance'), {
      instance: at(row, 'instance'),
      class: at(row, 'class'),
      vehicles: Number(at(row, 'bks_vehicles')),
      distance: Number(at(row, 'bks_distance')),
      distanceOnlyVehicles: Number(at(row, 'bks_distance_only_vehicles')),
      distanceOnly: Number(at(row, 'bks_distance_only')),
    });
  }
  return map;
}

/** The Solomon folder, or the few vendored instances with a loud warning. */
function instanceDir(): { dir: string; bksDir: string; complete: boolean } {
  const dir = path.resolve(root, process.env.TORGET_SOLOMON_DIR ?? '../shared/data/solomon');
  if (existsSync(dir) && readdirSync(dir).some((f) => /^R101\.txt$/i.test(f))) return { dir, bksDir: dir, complete: true };
  const banner = '!'.repeat(78);
  process.stderr.write(`\n${banner}\n!! Solomon instances NOT FOUND in ${dir}\n!! (set TORGET_SOLOMON_DIR). Running only the vendored ${vendored}\n!! instances: the figures below are NOT the 56-instance benchmark.\n${banner}\n\n`);
  return { dir: vendored, bksDir: vendored, complete: false };
}

const classOf = (name: string) => name.replace(/\d{2}$/, '');

function settingsFrom(args: string[], env: NodeJS.ProcessEnv): Settings {
  const get = (flag: string, envName: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : env[envName];
  };
  const seconds = Number(get('--time', 'ROUTING_BENCH_TIME') ?? 1);
  if (!(seconds > 0)) throw new Error('--time: seconds per instance, e.g. 0.1, 1 or 10');
  const objective = get('--objective', 'ROUTING_BENCH_OBJECTIVE') ?? 'both';
  if (!['distance', 'vehicles', 'both'].includes(objective)) throw new Error('--objective: distance, vehicles or both');
  const instances = get('--instances', 'ROUTING_BENCH_INSTANCES');
  const threads = Number(get('--threads', 'ROUTING_BENCH_THREADS') ?? 2);
  return { seconds, objectives: objective === 'both' ? ['distance', 'vehicles'] : [objective as Objective], instances: instances ? instances.split(',') : null, threads };
}

function answerOf(s: RoutingSolution) {
  return { routes: s.routes.map((r) => ({ vehicle: r.vehicle, stops: r.stops.map((x) => x.id) })), unassigned: s.unassigned.map((u) => u.id), distance: s.distance };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const mean = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

async function cityCase(pool: SearchPool) {
  const { problem, matrix } = parseRoutingInput(JSON.parse(readFileSync(path.join(vendored, 'city-60.json'), 'utf8')));
  const matrices = straightLineMatrices(locationsOf(problem).locations, matrix);
  const runs: { seed: number; distanceKm: number; ms: number; iterations: number; unassigned: number }[] = [];
  for (const seed of [1, 2, 3, 4, 5]) {
    const started = performance.now();
    const s = await solve(problem, matrices, { timeLimitMs: 150, seed, pool });
    runs.push({ seed, distanceKm: round(s.distance, 3), ms: Math.round(performance.now() - started), iterations: s.iterations, unassigned: s.unassigned.length });
  }
  return { stops: problem.stops.length, vehicles: problem.vehicles.length, timeLimitMs: 150, runs };
}

export async function run(settings: Settings = settingsFrom([], process.env)) {
  const { dir, bksDir, complete } = instanceDir();
  const bks = readBks(bksDir);
  const names = readdirSync(dir)
    .filter((f) => /^(C|R|RC)\d+\.txt$/i.test(f))
    .map((f) => f.replace(/\.txt$/i, ''))
    .filter((n) => !settings.instances || settings.instances.some((p) => n === p || (n.startsWith(p) && /^\d/.test(n.slice(p.length)))))
    .sort((a, b) => classOf(a).localeCompare(classOf(b)) || a.localeCompare(b, 'en', { numeric: true }));
  const pool = new SearchPool(settings.threads);
  const results: InstanceResult[] = [];
  try {
    // Start the workers and warm their JIT on one instance; not measured.
    const warm = parseSolomon(readFileSync(path.join(dir, `${names[0]}.txt`), 'utf8')).problem;
    await solve(warm, straightLineMatrices(locationsOf(warm).locations), { timeLimitMs: 500, pool });
    for (const objective of settings.objectives) {
      for (const name of names) {
        const problem: Problem = parseSolomon(readFileSync(path.join(dir, `${name}.txt`), 'utf8')).problem;
        const matrices = straightLineMatrices(locationsOf(problem).locations);
        const started = performance.now();
        const s = await solve(problem, matrices, { objective, timeLimitMs: settings.seconds * 1000, seed: 1, pool });
        const ms = performance.now() - started;
        const b = bks.get(name);
        const violations = checkSolution(problem, answerOf(s), euclideanTravel);
        const bksVehicles = b ? (objective === 'distance' ? b.distanceOnlyVehicles : b.vehicles) : NaN;
        const bksDistance = b ? (objective === 'distance' ? b.distanceOnly : b.distance) : NaN;
        const r: InstanceResult = {
          instance: name,
          class: b?.class ?? classOf(name),
          objective,
          vehicles: s.vehicles,
          distance: round(s.distance, 4),
          bksVehicles,
          bksDistance,
          gapPercent: round((s.distance / bksDistance - 1) * 100, 3),
          ms: Math.round(ms),
          iterations: s.iterations,
          feasible: violations.length === 0 && s.unassigned.length === 0,
          violations: violations.slice(0, 5),
        };
        results.push(r);
        process.stderr.write(`  ${objective.padEnd(8)} ${name.padEnd(6)} ${String(r.vehicles).padStart(3)} ${r.distance.toFixed(2).padStart(9)}  gap ${r.gapPercent.toFixed(2).padStart(6)} %  ${r.ms} ms  ${r.iterations} it${r.feasible ? '' : '  INFEASIBLE'}\n`);
      }
    }
    const city = await cityCase(pool);
    const summary = settings.objectives.map((objective) => {
      const rs = results.filter((r) => r.objective === objective);
      const classes = [...new Set(rs.map((r) => r.class))].sort();
      return {
        objective,
        instances: rs.length,
        feasible: rs.filter((r) => r.feasible).length,
        meanGapPercent: round(mean(rs.map((r) => r.gapPercent)), 3),
        meanMs: Math.round(mean(rs.map((r) => r.ms))),
        totalVehicles: rs.reduce((a, r) => a + r.vehicles, 0),
        bksTotalVehicles: rs.reduce((a, r) => a + r.bksVehicles, 0),
        atBksVehicles: rs.filter((r) => r.vehicles <= r.bksVehicles).length,
        byClass: Object.fromEntries(classes.map((c) => [c, round(mean(rs.filter((r) => r.class === c).map((r) => r.gapPercent)), 3)])),
      };
    });
    return {
      settings: { secondsPerInstance: settings.seconds, threads: settings.threads, objectives: settings.objectives, instanceDir: dir, complete, reference: { distance: 'bks_distance_only', vehicles: 'bks_distance (hierarchical: bks_vehicles first)' } },
      yardstick: 'VROOM 1.14, 2 threads, distance objective, mean gap to bks_distance_only over 56: 4.46 % at 64 ms, 3.62 % at 119 ms, 1.61 % at 1.0 s',
      loadAverage1mAfter: round(os.loadavg()[0]!, 2),
      summary,
      city,
      results,
    };
  } finally {
    await pool.close();
  }
}

type RoutingBenchResult = Awaited<ReturnType<typeof run>>;

export function summarize(r: RoutingBenchResult): string[] {
  const lines: string[] = [];
  if (!r.settings.complete) lines.push('!! NOT the full benchmark: Solomon instances missing, vendored instances only');
  lines.push(`${r.settings.secondsPerInstance} s per instance, ${r.settings.threads} threads; reference: distance → bks_distance_only, vehicles → bks_distance`);
  for (const objective of r.settings.objectives) {
    lines.push('', `objective ${objective}`, 'instance  vehicles (bks)   distance        bks   gap %      ms');
    for (const x of r.results.filter((y) => y.objective === objective)) {
      lines.push(`${x.instance.padEnd(8)}  ${String(x.vehicles).padStart(3)} (${String(x.bksVehicles).padStart(2)})   ${x.distance.toFixed(2).padStart(8)}  ${x.bksDistance.toFixed(2).padStart(9)}  ${x.gapPercent.toFixed(2).padStart(6)}  ${String(x.ms).padStart(6)}${x.feasible ? '' : '  INFEASIBLE'}`);
    }
  }
  lines.push('');
  for (const s of r.summary) {
    lines.push(
      `${s.objective}: mean gap ${s.meanGapPercent.toFixed(2)} % over ${s.instances} (${s.feasible} feasible), ${s.meanMs} ms per instance; ` +
        `vehicles ${s.totalVehicles} (best known ${s.bksTotalVehicles}), at or below best-known count on ${s.atBksVehicles}`,
    );
    lines.push(`  per class: ${Object.entries(s.byClass).map(([c, g]) => `${c} ${g.toFixed(2)} %`).join(', ')}`);
  }
  lines.push(`yardstick: ${r.yardstick}`);
  lines.push(`city case (${r.city.stops} stops, ${r.city.vehicles} vehicles, ${r.city.timeLimitMs} ms limit): ${r.city.runs.map((c) => `${c.distanceKm} km in ${c.ms} ms`).join('; ')}`);
  lines.push(`load average after the run: ${r.loadAverage1mAfter} (the machine is shared: times and iteration counts are noisy)`);
  return lines;
}

// `npm run bench:routing -- …`: run directly, write bench/results/routing.json.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const settings = settingsFrom(process.argv.slice(2), process.env);
  const started = Date.now();
  run(settings)
    .then(async (result) => {
      await mkdir(path.join(benchDir, 'results'), { recursive: true });
      const record = { bench: 'routing', date: new Date().toISOString(), node: process.version, cpu: `${os.cpus()[0]?.model.trim()} × ${os.cpus().length}`, seconds: (Date.now() - started) / 1000, result };
      await writeFile(path.join(benchDir, 'results', 'routing.json'), JSON.stringify(record, null, 2) + '\n');
      for (const line of summarize(result)) process.stdout.write(line + '\n');
      process.stdout.write(`(${record.seconds} s; bench/results/routing.json)\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    });
}
