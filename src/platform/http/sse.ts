/**
 * Server-Sent Events with as little work per client as we can manage, for streams that
 * thousands of displays follow at once.
 *
 * - A message is encoded once, as an `SseFrame` (the bytes of `event:`/`id:`/`data:`
 *   lines), and the same frame (the same Buffer) is written to every client that wants
 *   it: no JSON, no string building, no TextEncoder per client.
 * - Under @hono/node-server the stream is written straight to Node's socket. The route
 *   answers an ordinary header-only Response marked `x-torget-event-stream`, so every
 *   middleware still runs and adds its headers (CSP, request id, cookies); the outer
 *   fetch (`withLocalePrefix`) sees the mark, writes those headers to Node's response
 *   and hands the socket to the stream (`takeOverEventStreams`). No web streams, no
 *   promise per write.
 * - Elsewhere (`app.request` in tests, another runtime) the same stream is a web
 *   ReadableStream body.
 *
 * Slow clients: bytes the kernel will not take yet wait in Node's buffer. A client whose
 * waiting bytes pass `maxBufferedBytes` (64 KiB unless set; a display gets a few hundred
 * bytes a minute) is disconnected rather than queued without bound; its EventSource
 * reconnects and starts again from the current state.
 */
import type { Context } from 'hono';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';

const CRLF = Buffer.from('\r\n');

/** One encoded message, shared by every client it goes to. */
export class SseFrame {
  /** The frame as the event-stream format has it. */
  readonly bytes: Buffer;
  #chunk: Buffer | null = null;

  constructor(content: string | Buffer) {
    this.bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  }

  /** The frame as one HTTP/1.1 chunk (size line, bytes, CRLF), made once on first use. */
  get chunk(): Buffer {
    this.#chunk ??= Buffer.concat([Buffer.from(`${this.bytes.length.toString(16)}\r\n`, 'latin1'), this.bytes, CRLF]);
    return this.#chunk;
  }

  /** Several frames as one write (a stream's first snapshot). */
  static join(frames: readonly SseFrame[]): SseFrame {
    return frames.length === 1 ? frames[0]! : new SseFrame(Buffer.concat(frames.map((f) => f.bytes)));
  }
}

/** An event: `data` may span lines (each becomes a `data:` line); `event` and `id` may not. */
export function sseFrame(message: { event?: string; id?: string | number; data: string }): SseFrame {
  let text = '';
  if (message.event !== undefined) text += `event: ${oneLine(message.event)}\n`;
  if (message.id !== undefined) text += `id: ${oneLine(String(message.id))}\n`;
  text += message.data.includes('\n') || message.data.includes('\r') ? message.data.split(/\r\n|\r|\n/).map((l) => `data: ${l}\n`).join('') : `data: ${message.data}\n`;
  return new SseFrame(text + '\n');
}

/** A comment line (`: text`), such as the heartbeat that keeps proxies from closing an idle stream. */
export const sseComment = (text: string) => new SseFrame(`: ${oneLine(text)}\n\n`);

/** Tells the browser how long to wait before reconnecting. */
export const sseRetry = (ms: number) => new SseFrame(`retry: ${Math.max(0, Math.trunc(ms))}\n\n`);

function oneLine(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('An SSE field must not contain a line break.');
  return value;
}

/** Where a stream writes. Writing after the client left does nothing. */
export interface EventSink {
  /** Sends a frame; false once the stream is closed (also when this write closed it for being too slow). */
  write(frame: SseFrame): boolean;
  readonly closed: boolean;
  /** Ends the stream from our side. */
  close(): void;
  /** Called once when the stream ends, whoever ended it (called at once if it already has). */
  onClose(listener: () => void): void;
}

export interface EventStreamOptions {
  /** Bytes that may wait for a slow client before it is disconnected (64 KiB). */
  maxBufferedBytes?: number;
}

const MARK = 'x-torget-event-stream';
const DEFAULT_MAX_BUFFERED = 64 * 1024;

type Start = (sink: EventSink) => void | Promise<void>;

/** Streams waiting for the outer fetch to hand them Node's response, by that response. */
const waiting = new WeakMap<ServerResponse, { start: Start; maxBuffered: number }>();

/**
 * Answers with an event stream. `start` gets the sink once the response's headers are
 * on their way; it may write at once. Response headers set on `c` before (and by
 * middleware after) are sent as for any response.
 */
export function eventStream(c: Context, start: Start, options: EventStreamOptions = {}): Response {
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
  const headers = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' };
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing && typeof outgoing.writeHead === 'function') {
    waiting.set(outgoing, { start, maxBuffered });
    return c.body(null, 200, { ...headers, [MARK]: '1' });
  }
  return c.body(webStream(start, maxBuffered), 200, headers);
}

/**
 * The outer fetch's last step under @hono/node-server: a response marked as an event
 * stream is written to Node's response here (status and every header the middleware
 * set), and its stream starts on Node's socket. Any other response passes unchanged.
 */
export function takeOverEventStreams(res: Response | Promise<Response>, env: unknown): Response | Promise<Response> {
  const bindings = env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
  const outgoing = bindings?.outgoing;
  if (!outgoing || typeof outgoing.writeHead !== 'function') return res;
  const head = bindings?.incoming?.method === 'HEAD';
  return res instanceof Promise ? res.then((r) => takeOver(r, outgoing, head)) : takeOver(res, outgoing, head);
}

function takeOver(res: Response, outgoing: ServerResponse, headOnly: boolean): Response {
  const stream = waiting.get(outgoing);
  if (!stream) return res;
  waiting.delete(outgoing);
  if (!res.headers.has(MARK)) return res; // replaced on the way out (an error page): send that instead
  if (outgoing.destroyed || outgoing.writableEnded) return RESPONSE_ALREADY_SENT; // the client left while the route ran
  const head: Record<string, string | string[]> = {};
  res.headers.forEach((value, name) => {
    if (name !== MARK && name !== 'set-cookie' && name !== 'content-length') head[name] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length > 0) head['set-cookie'] = cookies;
  outgoing.writeHead(res.status, head);
  if (headOnly) {
    // HEAD (Hono answers it with the GET route): the headers, and no stream.
    outgoing.end();
    return RESPONSE_ALREADY_SENT;
  }
  outgoing.flushHeaders();
  const sink = nodeSink(outgoing, stream.maxBuffered);
  void Promise.resolve()
    .then(() => stream.start(sink))
    .catch(() => sink.close());
  return RESPONSE_ALREADY_SENT;
}

/** Closing: run each listener once, and forget them. */
function closers() {
  let closed = false;
  let listeners: Array<() => void> = [];
  return {
    get closed() {
      return closed;
    },
    add(listener: () => void) {
      if (closed) listener();
      else listeners.push(listener);
    },
    fire() {
      if (closed) return;
      closed = true;
      const all = listeners;
      listeners = [];
      for (const l of all) {
        try {
          l();
        } catch {
          /* a listener's failure must not keep the others from cleaning up */
        }
      }
    },
  };
}

function nodeSink(outgoing: ServerResponse, maxBuffered: number): EventSink {
  const done = closers();
  outgoing.once('close', () => done.fire());
  if (outgoing.destroyed) done.fire(); // closed before we listened: 'close' will not come again
  const socket = outgoing.socket;
  // Headers already handed to this response's own socket (not queued behind an earlier
  // response on a kept-alive connection): frames can go to the socket directly, as
  // ready-made chunks when the response is chunked (HTTP/1.1), as they are otherwise
  // (HTTP/1.0: the body ends when the connection does). Node's response still ends the
  // stream properly (`end()` writes the last chunk). HTTP/2 responses (a `stream`, no
  // socket of their own) always go through Node's response.
  const direct = !('stream' in outgoing) && socket !== null && outgoing.headersSent && outgoing.writableLength === socket.writableLength;
  const chunked = (outgoing as { chunkedEncoding?: boolean }).chunkedEncoding === true;
  const buffered = () => (direct ? socket!.writableLength : outgoing.writableLength);
  return {
    get closed() {
      return done.closed || outgoing.destroyed;
    },
    write(frame) {
      if (done.closed || outgoing.destroyed) return false;
      if (direct) socket!.write(chunked ? frame.chunk : frame.bytes);
      else outgoing.write(frame.bytes);
      if (buffered() > maxBuffered) {
        // Too slow: let go of it rather than hold ever more bytes for it.
        outgoing.destroy();
        done.fire();
        return false;
      }
      return true;
    },
    close() {
      if (done.closed) return;
      if (!outgoing.destroyed) outgoing.end();
      done.fire();
    },
    onClose: (listener) => done.add(listener),
  };
}

function webStream(begin: Start, maxBuffered: number): ReadableStream<Uint8Array> {
  const done = closers();
  let controller: ReadableStreamDefaultController<Uint8Array>;
  const sink: EventSink = {
    get closed() {
      return done.closed;
    },
    write(frame) {
      if (done.closed) return false;
      controller.enqueue(frame.bytes);
      if (-(controller.desiredSize ?? 0) > maxBuffered) {
        controller.error(new Error('The client reads too slowly.'));
        done.fire();
        return false;
      }
      return true;
    },
    close() {
      if (done.closed) return;
      controller.close();
      done.fire();
    },
    onClose: (listener) => done.add(listener),
  };
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        void Promise.resolve()
          .then(() => begin(sink))
          .catch(() => sink.close());
      },
      cancel() {
        done.fire();
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
}
