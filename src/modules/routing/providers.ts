/**
 * Where travel distances and times come from: straight lines by default (matrix.ts), or
 * an OSRM-compatible table service (`ROUTING_OSRM_URL`) for geographic problems. The
 * only part of the routing module that does I/O.
 */
import { DomainError } from '../../platform/errors.js';
import { isGeographic, straightLineMatrices, type StraightLineOptions } from './matrix.js';
import { locationsOf, type Location, type Matrices, type Problem } from './model.js';

/** Travel OSRM could not find (no road between the points): long enough never to be chosen. */
const UNREACHABLE = 1e9;

interface OsrmTable {
  code?: string;
  message?: string;
  durations?: (number | null)[][];
  distances?: (number | null)[][];
}

/**
 * Asks an OSRM-compatible server (`GET {base}/table/v1/driving/{lon,lat;…}?annotations=duration,distance`)
 * for the full table: durations in seconds, distances converted from metres to km.
 */
export async function osrmMatrices(locations: Location[], baseUrl: string, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<Matrices> {
  const size = locations.length;
  if (size === 0) return { size, distances: new Float64Array(0), durations: new Float64Array(0) };
  const coords = locations
    .map((l) => {
      if (!('lat' in l)) throw new RangeError('OSRM needs geographic locations (lat, lon)');
      return `${l.lon.toFixed(6)},${l.lat.toFixed(6)}`;
    })
    .join(';');
  const url = `${baseUrl.replace(/\/$/, '')}/table/v1/driving/${coords}?annotations=duration,distance`;
  const fail = (why: string) => new DomainError('routing.matrix_unavailable', `Restider kunde inte hämtas från ${baseUrl}: ${why}.`);
  let body: OsrmTable;
  try {
    const res = await (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000), headers: { accept: 'application/json' } });
    body = (await res.json().catch(() => ({}))) as OsrmTable;
    if (!res.ok || body.code !== 'Ok') throw fail(`${res.status} ${body.code ?? ''} ${body.message ?? ''}`.trim());
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw fail(err instanceof Error ? err.message : String(err));
  }
  const distances = new Float64Array(size * size);
  const durations = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const t = body.durations?.[i]?.[j];
      const d = body.distances?.[i]?.[j];
      if (t === undefined || d === undefined) throw fail('the table has the wrong size');
      durations[i * size + j] = t === null ? UNREACHABLE : t;
      distances[i * size + j] = d === null ? UNREACHABLE : d / 1000;
    }
  }
  return { size, distances, durations };
}

export interface MatrixOptions {
  /** OSRM-compatible table service (config `routing.osrmUrl`); used for geographic problems. */
  osrmUrl?: string | null;
  straightLine?: StraightLineOptions;
  fetch?: typeof fetch;
}

/** Matrices over `locationsOf(problem).locations`, from OSRM when configured, else straight lines. */
export async function matricesFor(problem: Problem, options: MatrixOptions = {}): Promise<Matrices> {
  const { locations } = locationsOf(problem);
  if (options.osrmUrl && isGeographic(locations)) return osrmMatrices(locations, options.osrmUrl, options.fetch ? { fetch: options.fetch } : {});
  return straightLineMatrices(locations, options.straightLine);
}
