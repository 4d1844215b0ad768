import { serve } from '@hono/node-server';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthService } from '../auth/service.js';
import { fixedClock } from '../clock.js';
import { testConfig } from '../config.js';
import { ProblemRegistry } from '../errors.js';
import { createLogger } from '../logger.js';
import { createHttpApp, withLocalePrefix } from './app.js';
import { eventStream, sseComment, sseFrame, SseFrame, type EventSink } from './sse.js';
import { workerDatabase } from '../../../test/harness.js';
import { readSse } from '../../../test/sse.js';

/** The streams the test app has opened, newest last, to write to and to watch close. */
const sinks: EventSink[] = [];
const closed: EventSink[] = [];
const hello = sseFrame({ event: 'hello', id: 1, data: '{"n":1}' });

async function buildApp() {
  const database = await workerDatabase('pglite');
  const auth = createAuthService({ db: database.db, clock: fixedClock('2026-12-11T10:00:00Z') });
  const app = createHttpApp({ config: testConfig(), log: createLogger('silent'), auth, problems: new ProblemRegistry() });
  const open = (sink: EventSink) => {
    sinks.push(sink);
    sink.onClose(() => closed.push(sink));
    sink.write(hello);
  };
  app.get('/stream', (c) => eventStream(c, open));
  app.get('/small', (c) => eventStream(c, open, { maxBufferedBytes: 16 * 1024 }));
  app.get('/slow', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 150));
    return eventStream(c, open);
  });
  app.get('/failing', (c) =>
    eventStream(c, () => {
      throw new Error('the snapshot could not be read');
    }),
  );
  return withLocalePrefix(app);
}

/** A raw HTTP request on a socket, for what fetch hides (chunk framing, HTTP/1.0) and for a client that stops reading. */
function rawRequest(port: number, text: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(text);
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

function readUntil(socket: net.Socket, done: (text: string) => boolean, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`not seen within ${timeoutMs} ms: ${JSON.stringify(text)}`)), timeoutMs);
    const onData = (d: Buffer) => {
      text += d.toString('latin1');
      if (done(text)) {
        clearTimeout(timer);
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
}

describe('event streams', () => {
  it('encodes a frame once: fields, data over several lines, and the HTTP chunk', () => {
    expect(hello.bytes.toString()).toBe('event: hello\nid: 1\ndata: {"n":1}\n\n');
    expect(sseFrame({ data: 'a\nb\r\nc' }).bytes.toString()).toBe('data: a\ndata: b\ndata: c\n\n');
    expect(sseComment('ping').bytes.toString()).toBe(': ping\n\n');
    expect(() => sseFrame({ event: 'x\ny', data: '' })).toThrow();
    expect(hello.chunk.toString()).toBe(`${hello.bytes.length.toString(16)}\r\n${hello.bytes.toString()}\r\n`);
    expect(hello.chunk).toBe(hello.chunk);
    expect(SseFrame.join([hello, hello]).bytes.toString()).toBe(hello.bytes.toString().repeat(2));
  });

  describe('on a Node server', () => {
    let server: ReturnType<typeof serve>;
    let base: string;
    let port: number;

    beforeAll(async () => {
      const app = await buildApp();
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      port = (server.address() as AddressInfo).port;
      base = `http://127.0.0.1:${port}`;
    });

    afterAll(async () => {
      for (const s of sinks) s.close();
      await new Promise((resolve) => server.close(resolve));
    });

    it('sends the headers every response gets, then the frames, and cleans up when the client leaves', async () => {
      const controller = new AbortController();
      const res = await fetch(`${base}/stream`, { signal: controller.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('x-accel-buffering')).toBe('no');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
      expect(res.headers.get('set-cookie')).toMatch(/^torget_csrf=/);
      expect(res.headers.get('x-torget-event-stream')).toBeNull();
      const events = readSse(res);
      expect(await events.next()).toEqual({ event: 'hello', id: '1', data: '{"n":1}' });
      const sink = sinks.at(-1)!;
      expect(sink.write(sseFrame({ event: 'change', id: 2, data: 'två' }))).toBe(true);
      expect(await events.next()).toEqual({ event: 'change', id: '2', data: 'två' });
      controller.abort();
      await expect.poll(() => closed.includes(sink)).toBe(true);
      expect(sink.closed).toBe(true);
      expect(sink.write(hello)).toBe(false);
    });

    it('frames each write as one HTTP/1.1 chunk, ends with the last chunk, and sends HTTP/1.0 unframed', async () => {
      const socket = await rawRequest(port, 'GET /en/stream HTTP/1.1\r\nHost: x\r\n\r\n');
      const head = await readUntil(socket, (t) => t.includes(hello.chunk.toString()));
      expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(head.toLowerCase()).toContain('transfer-encoding: chunked');
      const sink = sinks.at(-1)!;
      sink.close();
      const tail = await readUntil(socket, (t) => t.endsWith('0\r\n\r\n'));
      expect(tail).toBe('0\r\n\r\n');
      socket.destroy();

      const old = await rawRequest(port, 'GET /stream HTTP/1.0\r\n\r\n');
      const body = await readUntil(old, (t) => t.includes('\r\n\r\n' + hello.bytes.toString()));
      expect(body.toLowerCase()).not.toContain('transfer-encoding');
      sinks.at(-1)!.close();
      await new Promise((resolve) => old.once('close', resolve));
    });

    it('disconnects a client that stops reading once its waiting bytes pass the limit', async () => {
      const socket = await rawRequest(port, 'GET /small HTTP/1.1\r\nHost: x\r\n\r\n');
      await readUntil(socket, (t) => t.includes('hello'));
      socket.pause(); // reads no more: the kernel's buffers fill, then Node's
      const sink = sinks.at(-1)!;
      const big = sseFrame({ event: 'big', data: 'x'.repeat(64 * 1024) });
      let writes = 0;
      while (sink.write(big) && writes < 10_000) {
        writes++;
        if (writes % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      expect(sink.closed).toBe(true);
      expect(closed).toContain(sink);
      // Bounded: the kernel's socket buffers and 16 KiB more, not everything written.
      expect(writes).toBeLessThan(10_000);
      socket.destroy();
    });

    it('starts no stream that stays open for a client that left while the route ran', async () => {
      const opened = sinks.length;
      const socket = await rawRequest(port, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
      socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 400));
      for (const sink of sinks.slice(opened)) expect(sink.closed && closed.includes(sink)).toBe(true);
    });

    it('answers HEAD with the headers alone, and starts no stream for it', async () => {
      const opened = sinks.length;
      const socket = await rawRequest(port, 'HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /where HTTP/1.1\r\nHost: x\r\n\r\n');
      const text = await readUntil(socket, (t) => (t.match(/HTTP\/1\.1 /g) ?? []).length >= 2);
      expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(text.toLowerCase()).toContain('content-type: text/event-stream');
      expect(text).not.toContain('event: hello');
      // The connection is still sound: the next request's answer follows.
      expect(text).toMatch(/\r\n\r\nHTTP\/1\.1 404 /);
      expect(sinks.length).toBe(opened);
      socket.destroy();
    });

    it('ends a stream whose start fails instead of leaving the client waiting', async () => {
      const res = await fetch(`${base}/failing`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
    });
  });

  describe('without a Node server (app.request)', () => {
    it('is a web stream with the same frames; cancelling it closes the sink; a reader that lags too far is cut off', async () => {
      const app = await buildApp();
      const res = await app.request('/stream');
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const events = readSse(res);
      expect((await events.next()).event).toBe('hello');
      const sink = sinks.at(-1)!;
      await events.close();
      await expect.poll(() => closed.includes(sink)).toBe(true);

      const lagging = await app.request('/small');
      await new Promise((resolve) => setTimeout(resolve, 10));
      const slow = sinks.at(-1)!;
      const big = sseFrame({ data: 'x'.repeat(8 * 1024) });
      let writes = 0;
      while (slow.write(big)) writes++;
      expect(writes).toBeLessThanOrEqual(2);
      expect(slow.closed).toBe(true);
      await lagging.body?.cancel().catch(() => {});
    });
  });
});
