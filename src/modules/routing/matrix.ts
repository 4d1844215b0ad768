/**
 * The default matrix provider: straight-line distance times a road factor, travelled at
 * an average speed. Planar points (x, y) give distance in their own unit and time as
 * distance / speed (the Solomon convention with factor 1 and speed 1); geographic points
 * give kilometres and seconds.
 */
import type { Location, Matrices } from './model.js';

export interface StraightLineOptions {
  /** Road distance over straight-line distance; default 1 for planar, 1.3 for geographic. */
  roadFactor?: number;
  /** Planar: distance units per time unit (default 1). Geographic: km/h (default 40). */
  speed?: number;
}

const EARTH_RADIUS_KM = 6371.0088;

function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function isGeographic(locations: Location[]): boolean {
  return locations.length > 0 && 'lat' in locations[0]!;
}

export function straightLineMatrices(locations: Location[], options: StraightLineOptions = {}): Matrices {
  const size = locations.length;
  const geo = isGeographic(locations);
  if (locations.some((l) => 'lat' in l !== geo)) throw new RangeError('mix of planar (x, y) and geographic (lat, lon) locations');
  const factor = options.roadFactor ?? (geo ? 1.3 : 1);
  const speed = options.speed ?? (geo ? 40 : 1);
  if (!(factor > 0) || !(speed > 0)) throw new RangeError('road factor and speed must be positive');
  const distances = new Float64Array(size * size);
  const durations = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (i === j) continue;
      const a = locations[i]!;
      const b = locations[j]!;
      let d: number;
      if (geo) d = haversineKm(a as { lat: number; lon: number }, b as { lat: number; lon: number });
      else {
        const p = a as { x: number; y: number };
        const q = b as { x: number; y: number };
        d = Math.sqrt((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y));
      }
      d *= factor;
      distances[i * size + j] = d;
      durations[i * size + j] = geo ? (d / speed) * 3600 : d / speed;
    }
  }
  return { size, distances, durations };
}
