import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOsrmFake, type OsrmFake } from '../../../test/fakes/osrm-fake.js';
import { DomainError } from '../../platform/errors.js';
import { straightLineMatrices } from './matrix.js';
import type { Problem } from './model.js';
import { matricesFor, osrmMatrices } from './providers.js';
import { createRoutingService } from './service.js';

const town: Problem = {
  depots: [{ id: 'lager', location: { lat: 57.7575, lon: 16.637 }, open: [8 * 3600, 12 * 3600] }],
  vehicles: [{ id: 'bil', capacity: 10, costPerKm: 1 }],
  stops: [
    { id: 'a', location: { lat: 57.7612, lon: 16.6431 }, demand: 1, serviceTime: 60 },
    { id: 'b', location: { lat: 57.7551, lon: 16.6302 }, demand: 1, serviceTime: 60, timeWindows: [[9 * 3600, 10 * 3600]] },
    { id: 'c', location: { lat: 57.7499, lon: 16.6455 }, demand: 1, serviceTime: 60 },
  ],
};

describe('matrix providers', () => {
  let osrm: OsrmFake;
  beforeAll(async () => {
    osrm = await startOsrmFake();
  });
  afterAll(() => osrm.close());

  it('straight lines: planar distance is time at speed 1; geographic is km × 1.3 at 40 km/h', () => {
    const planar = straightLineMatrices([{ x: 0, y: 0 }, { x: 3, y: 4 }]);
    expect(Array.from(planar.distances)).toEqual([0, 5, 5, 0]);
    expect(Array.from(planar.durations)).toEqual([0, 5, 5, 0]);
    // One degree of latitude is about 111.2 km.
    const geo = straightLineMatrices([{ lat: 57, lon: 16 }, { lat: 58, lon: 16 }]);
    expect(geo.distances[1]).toBeCloseTo(111.195 * 1.3, 1);
    expect(geo.durations[1]).toBeCloseTo(((111.195 * 1.3) / 40) * 3600, -1);
    expect(() => straightLineMatrices([{ x: 0, y: 0 }, { lat: 1, lon: 1 }])).toThrow(/mix/);
  });

  it('asks the OSRM table service once, lon,lat order, and reads km and seconds', async () => {
    const m = await osrmMatrices([{ lat: 57.7575, lon: 16.637 }, { lat: 57.7612, lon: 16.6431 }], osrm.url);
    expect(osrm.requests.at(-1)).toBe('/table/v1/driving/16.637000,57.757500;16.643100,57.761200?annotations=duration,distance');
    expect(m.size).toBe(2);
    expect(m.distances[0]).toBe(0);
    expect(m.distances[1]).toBeGreaterThan(0.5);
    expect(m.distances[1]).toBeLessThan(0.7);
    // 36 km/h is 10 m/s: seconds = metres / 10.
    expect(m.durations[1]).toBeCloseTo((m.distances[1]! * 1000) / 10, 0);
  });

  it('uses OSRM only when configured and the problem is geographic', async () => {
    const before = osrm.requests.length;
    await matricesFor(town, {});
    expect(osrm.requests.length).toBe(before);
    const viaOsrm = await matricesFor(town, { osrmUrl: osrm.url });
    expect(osrm.requests.length).toBe(before + 1);
    const straight = await matricesFor(town, {});
    // The fake's roads are 1.25 × the great circle, the default straight line 1.3 ×.
    expect(viaOsrm.distances[1]! / straight.distances[1]!).toBeCloseTo(1.25 / 1.3, 3);
    await matricesFor({ ...town, depots: [{ id: 'd', location: { x: 0, y: 0 } }], stops: [{ id: 's', location: { x: 1, y: 1 } }] }, { osrmUrl: osrm.url });
    expect(osrm.requests.length).toBe(before + 1);
  });

  it('a failing or unreachable service is a routing.matrix_unavailable problem', async () => {
    osrm.failNext = true;
    const err = await osrmMatrices([{ lat: 57, lon: 16 }, { lat: 57.1, lon: 16 }], osrm.url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('routing.matrix_unavailable');
    const closed = await osrmMatrices([{ lat: 57, lon: 16 }], 'http://127.0.0.1:9').catch((e: unknown) => e);
    expect((closed as DomainError).code).toBe('routing.matrix_unavailable');
  });

  it('plans on OSRM travel times through the routing service; a stop without a road is left out', async () => {
    const routing = createRoutingService({ osrmUrl: osrm.url });
    const s = await routing.solve(town, { maxIterations: 200, threads: 0 });
    expect(s.unassigned).toEqual([]);
    const stops = s.routes[0]!.stops;
    expect(stops.map((x) => x.id).sort()).toEqual(['a', 'b', 'c']);
    const b = stops.find((x) => x.id === 'b')!;
    expect(b.start).toBeGreaterThanOrEqual(9 * 3600);
    expect(b.start).toBeLessThanOrEqual(10 * 3600);
    // Location 3 is stop c (depot first, then stops in order): no road to it.
    osrm.unreachable = [[0, 3], [1, 3], [2, 3]];
    const cut = await routing.solve(town, { maxIterations: 200, threads: 0 });
    osrm.unreachable = [];
    expect(cut.unassigned).toEqual([{ id: 'c', reason: 'time-window' }]);
  });
});
