/**
 * Server-Sent Events for crowd levels: event `occupancy`, `id` the increasing event id,
 * `data` the place's JSON. The current state goes first (on every connect, so also
 * after a reconnect with `Last-Event-ID`), then every change. Messages that arrive out
 * of order (older than what this stream already sent for a place) are dropped.
 * Heartbeat comments keep proxies from closing an idle stream; on disconnect the
 * stream leaves the process's hub.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LiveHub } from './hub.js';
import type { LiveMessage, PlaceState } from './service.js';

/** The JSON of one place on the wire (the same as GET …/occupancy). */
export function placeJson(s: PlaceState, open: boolean | null = null) {
  return { slug: s.slug, name: s.name, count: s.count, capacity: s.capacity, level: s.level, open };
}

export interface StreamOptions {
  hub: LiveHub;
  cityId: string;
  /** The places this stream follows, as they are now (called once the stream is subscribed). */
  snapshot: () => Promise<PlaceState[]>;
  /** Which places' messages go to this stream (asked after the snapshot). */
  accepts: (placeId: string) => boolean;
  /** Queue changes for a place this stream follows (the counter page), when wanted. */
  queueEvents?: boolean;
  /** Opening state for a place's data, when known. */
  openOf?: (s: PlaceState) => boolean | null;
}

export function occupancyStream(c: Context, options: StreamOptions): Response {
  const { hub, cityId } = options;
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    const lastSent = new Map<string, number>();
    let closed = false;
    const send = (s: PlaceState) => {
      if (closed) return;
      const last = lastSent.get(s.placeId);
      if (last !== undefined && s.id < last) return;
      lastSent.set(s.placeId, s.id);
      stream.writeSSE({ event: 'occupancy', id: String(s.id), data: JSON.stringify(placeJson(s, options.openOf?.(s) ?? null)) }).catch(() => {});
    };
    // Messages that arrive before the snapshot is sent wait, then go in order.
    let pending: LiveMessage[] | null = [];
    const leave = await hub.join(cityId, {
      onMessage(message) {
        if (message.type === 'count') {
          if (pending) pending.push(message);
          else if (options.accepts(message.state.placeId)) send(message.state);
        } else if (options.queueEvents && options.accepts(message.placeId) && !closed) {
          stream.writeSSE({ event: 'queue', data: JSON.stringify({ entryId: message.entryId, status: message.status }) }).catch(() => {});
        }
      },
      onHeartbeat() {
        if (!closed) stream.write(': ping\n\n').catch(() => {});
      },
    });
    const done = new Promise<void>((resolve) => stream.onAbort(() => resolve()));
    try {
      await stream.write('retry: 3000\n\n');
      for (const s of await options.snapshot()) send(s);
      const early = pending;
      pending = null;
      for (const m of early) if (m.type === 'count' && options.accepts(m.state.placeId)) send(m.state);
      await done;
    } finally {
      closed = true;
      leave();
    }
  });
}
