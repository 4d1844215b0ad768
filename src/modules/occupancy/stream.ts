/**
 * Server-Sent Events for crowd levels: event `occupancy`, `id` the increasing event id,
 * `data` the place's JSON. The current state goes first (on every connect, so also
 * after a reconnect with `Last-Event-ID`), then every change. Messages that arrive out
 * of order (older than what the process already passed on for a place) are dropped by
 * the hub. Heartbeat comments keep proxies from closing an idle stream; on disconnect
 * the stream leaves the process's hub.
 *
 * Per client and change this is a filter and one write of bytes the hub encoded once
 * (see platform/http/sse.ts for the writing and for slow clients).
 */
import type { Context } from 'hono';
import { eventStream, SseFrame } from '../../platform/http/sse.js';
import { PING, RETRY } from './frames.js';
import type { LiveHub } from './hub.js';
import type { PlaceState } from './service.js';


export interface StreamOptions {
  hub: LiveHub;
  cityId: string;
  /** The places this stream follows, as they are now (called once the stream is subscribed). */
  snapshot: () => Promise<PlaceState[]>;
  /** Which places' messages go to this stream (asked after the snapshot). */
  accepts: (placeId: string) => boolean;
  /** Queue changes for a place this stream follows (the counter page), when wanted. */
  queueEvents?: boolean;
}

export function occupancyStream(c: Context, options: StreamOptions): Response {
  const { hub, cityId, accepts } = options;
  const queueEvents = options.queueEvents === true;
  return eventStream(c, async (sink) => {
    // Joined first, so the city stays subscribed while the snapshot loads; messages
    // pass once the snapshot is out (everything heard before is laid over it).
    let live = false;
    const leave = await hub.join(cityId, {
      onMessage(message, frame) {
        if (!live) return;
        if (message.type === 'count' ? accepts(message.state.placeId) : queueEvents && accepts(message.placeId)) sink.write(frame);
      },
      onHeartbeat() {
        if (live) sink.write(PING);
      },
      onClose: () => sink.close(),
    });
    sink.onClose(leave);
    if (sink.closed) return;
    const states = await options.snapshot();
    if (sink.closed) return;
    // One write, and live in the same turn: no change can fall between the two.
    sink.write(SseFrame.join([RETRY, ...hub.snapshotFrames(cityId, states)]));
    live = true;
  });
}
