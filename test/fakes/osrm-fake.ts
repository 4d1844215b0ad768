/**
 * A loopback stand-in for an OSRM server's table service
 * (`GET /table/v1/driving/{lon,lat;…}?annotations=duration,distance`): distances are
 * great-circle metres × 1.25, durations those metres at 36 km/h, rounded to 0.1 as OSRM
 * does. Records every request path; `unreachable` pairs of indices answer null.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OsrmFake {
  url: string;
  requests: string[];
  /** Answer 500 to the next request. */
  failNext: boolean;
  unreachable: Array<[number, number]>;
  close(): Promise<void>;
}

function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h)) * 1.25;
}

export async function startOsrmFake(): Promise<OsrmFake> {
  const fake: Omit<OsrmFake, 'url' | 'close'> = { requests: [], failNext: false, unreachable: [] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    fake.requests.push(url.pathname + url.search);
    const send = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (fake.failNext) {
      fake.failNext = false;
      return send(500, { code: 'InternalError', message: 'fake failure' });
    }
    const m = /^\/table\/v1\/driving\/(.+)$/.exec(url.pathname);
    if (!m || url.searchParams.get('annotations') !== 'duration,distance') return send(400, { code: 'InvalidUrl', message: 'expected /table/v1/driving/{coordinates}?annotations=duration,distance' });
    const points = decodeURIComponent(m[1]!)
      .split(';')
      .map((p) => p.split(',').map(Number) as [number, number]);
    if (points.some((p) => p.length !== 2 || p.some((x) => !Number.isFinite(x)))) return send(400, { code: 'InvalidQuery', message: 'bad coordinates' });
    const blocked = (i: number, j: number) => fake.unreachable.some(([a, b]) => a === i && b === j);
    const distances = points.map((a, i) => points.map((b, j) => (blocked(i, j) ? null : Math.round(metres(a, b) * 10) / 10)));
    const durations = points.map((a, i) => points.map((b, j) => (blocked(i, j) ? null : Math.round((metres(a, b) / 10) * 10) / 10)));
    send(200, { code: 'Ok', durations, distances, sources: [], destinations: [] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
