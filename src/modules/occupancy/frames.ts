/**
 * What goes on the wire, encoded once per message and process (not once per client):
 * the JSON of a place (the same as GET …/occupancy) and the SSE frames of the live
 * streams.
 */
import { sseComment, sseFrame, sseRetry, type SseFrame } from '../../platform/http/sse.js';
import type { LiveMessage, PlaceState } from './service.js';

/** The JSON of one place on the wire (the same as GET …/occupancy). */
export function placeJson(s: PlaceState, open: boolean | null = null) {
  return { slug: s.slug, name: s.name, count: s.count, capacity: s.capacity, level: s.level, open };
}

/** `event: occupancy`, the event id as `id`, the place's JSON as `data`. */
export const countFrame = (s: PlaceState, open: boolean | null): SseFrame => sseFrame({ event: 'occupancy', id: s.id, data: JSON.stringify(placeJson(s, open)) });

/** `event: queue` for the counter page: which ticket changed and how. */
export const queueFrame = (m: Extract<LiveMessage, { type: 'queue' }>): SseFrame => sseFrame({ event: 'queue', data: JSON.stringify({ entryId: m.entryId, status: m.status }) });

/** The heartbeat comment, every 20 s, so proxies keep an idle stream open. */
export const PING = sseComment('ping');

/** Browsers reconnect after 3 s. */
export const RETRY = sseRetry(3000);
