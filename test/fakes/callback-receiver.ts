/**
 * A loopback HTTP server that stands in for our callback routes: it records each POST
 * (headers and the raw body, untouched) and answers 200, so tests can hand exactly what
 * a provider sent to `parseCallback`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  path: string;
  headers: Record<string, string>;
  rawBody: string;
}

export interface CallbackReceiver {
  /** http://127.0.0.1:port */
  url: string;
  received: ReceivedCallback[];
  /** The next callback whose path matches (already received or still to come). */
  next(pathPrefix?: string, timeoutMs?: number): Promise<ReceivedCallback>;
  close(): Promise<void>;
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const consumed = new Set<ReceivedCallback>();
  const waiters: Array<{ prefix: string; resolve: (c: ReceivedCallback) => void }> = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const callback = { path: req.url ?? '/', headers, rawBody: Buffer.concat(chunks).toString('utf8') };
      received.push(callback);
      const waiter = waiters.findIndex((w) => callback.path.startsWith(w.prefix));
      if (waiter >= 0) {
        consumed.add(callback);
        waiters.splice(waiter, 1)[0]?.resolve(callback);
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    next(prefix = '/', timeoutMs = 5000) {
      const ready = received.find((c) => !consumed.has(c) && c.path.startsWith(prefix));
      if (ready) {
        consumed.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No callback to ${prefix} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ prefix, resolve: (c) => (clearTimeout(timer), resolve(c)) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
