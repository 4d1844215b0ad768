/**
 * The process's live fan-out. Each app process holds one pub/sub subscription per city
 * with at least one open stream, however many streams there are, and hands every
 * message to its streams in memory. A stream is a listener with a filter; a single
 * timer sends every stream its heartbeat. Streams leave on disconnect, and the last
 * one to leave a city ends that city's subscription.
 *
 * The work per message is done once here, not once per stream: a change older than
 * one this process already passed on for the place is dropped for every stream, and
 * the message's SSE frame (its JSON, with the opening state) is encoded once; every
 * stream that wants it writes the same bytes.
 */
import type { SseFrame } from '../../platform/http/sse.js';
import type { PubSub } from '../../platform/pubsub/pubsub.js';
import { countFrame, queueFrame } from './frames.js';
import { cityChannel, type LiveMessage, type PlaceState } from './service.js';

export interface Listener {
  /** Called with each message of the city and its frame (shared by every stream); must not throw. */
  onMessage(message: LiveMessage, frame: SseFrame): void;
  /** Called every heartbeat interval. */
  onHeartbeat(): void;
  /** The hub is closing (the server stops): end the stream. */
  onClose?(): void;
}

interface CityEntry {
  listeners: Set<Listener>;
  /** The subscription being made or made; resolves to its unsubscribe function. */
  unsubscribe: Promise<() => Promise<void>>;
  /**
   * The newest state of each place this process knows since the subscription began:
   * heard on the channel, or sent to a stream in its snapshot. Nothing older is passed on.
   */
  latest: Map<string, PlaceState>;
  /** Snapshots loaded while subscribed (so `latest` holds everything newer), by key. */
  cache: Map<string, { at: number; value: Promise<unknown> }>;
}

export interface LiveHubOptions {
  heartbeatMs?: number;
  /** Whether the place is open now, without waiting (see open-state.ts); null when unknown or an area. */
  openOf?: (cityId: string, state: PlaceState) => boolean | null;
}

/** A frame is reused this long for the same state; then it is encoded again (the opening state moves with the clock). */
const FRAME_REUSE_MS = 60_000;

export type LiveHub = ReturnType<typeof createLiveHub>;

export function createLiveHub(pubsub: PubSub, options: LiveHubOptions = {}) {
  const cities = new Map<string, CityEntry>();
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const openOf = options.openOf ?? (() => null);
  /** Each state's frame, encoded once: a message's state, and the states of shared snapshots. */
  const frames = new WeakMap<PlaceState, { frame: SseFrame; at: number }>();
  let timer: NodeJS.Timeout | null = null;

  function frameOf(cityId: string, state: PlaceState): SseFrame {
    const now = Date.now();
    const known = frames.get(state);
    if (known && now - known.at < FRAME_REUSE_MS) return known.frame;
    const frame = countFrame(state, openOf(cityId, state));
    frames.set(state, { frame, at: now });
    return frame;
  }

  function ensureTimer(): void {
    if (timer) return;
    timer = setInterval(() => {
      for (const entry of cities.values()) for (const l of entry.listeners) l.onHeartbeat();
    }, heartbeatMs);
    timer.unref();
  }

  /** The state as it is now (the snapshot's, or a newer one heard); from here on nothing older goes out. */
  function fresher(cityId: string, state: PlaceState): PlaceState {
    const latest = cities.get(cityId)?.latest;
    const heard = latest?.get(state.placeId);
    if (heard && heard.id >= state.id) return heard;
    latest?.set(state.placeId, state);
    return state;
  }

  return {
    /** Adds a listener to a city's messages; resolves once the subscription is live. Returns the way out. */
    async join(cityId: string, listener: Listener): Promise<() => void> {
      let entry = cities.get(cityId);
      if (!entry) {
        const listeners = new Set<Listener>();
        const latest = new Map<string, PlaceState>();
        const unsubscribe = pubsub.subscribe(cityChannel(cityId), (raw) => {
          const message = raw as LiveMessage;
          let frame: SseFrame;
          if (message.type === 'count') {
            const known = latest.get(message.state.placeId);
            // Out of order (an older change overtaken by a newer one): dropped for every stream.
            if (known && known.id > message.state.id) return;
            latest.set(message.state.placeId, message.state);
            frame = frameOf(cityId, message.state);
          } else frame = queueFrame(message);
          for (const l of listeners) l.onMessage(message, frame);
        });
        entry = { listeners, unsubscribe, latest, cache: new Map() };
        cities.set(cityId, entry);
        unsubscribe.catch(() => cities.delete(cityId));
      }
      entry.listeners.add(listener);
      ensureTimer();
      await entry.unsubscribe;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        const current = cities.get(cityId);
        if (!current) return;
        current.listeners.delete(listener);
        if (current.listeners.size === 0) {
          cities.delete(cityId);
          void current.unsubscribe.then((off) => off()).catch(() => {});
        }
        if (cities.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },

    /**
     * A city's snapshot shared by this process's streams: loaded at most once per `ttlMs`
     * while the city is subscribed (call after `join`), so ten thousand displays
     * connecting at once cost one database read, not ten thousand. `snapshotFrames`
     * lays newer states heard on the channel over it.
     */
    cached<T>(cityId: string, key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
      const entry = cities.get(cityId);
      if (!entry) return load();
      const hit = entry.cache.get(key);
      const at = Date.now();
      if (hit && at - hit.at < ttlMs) return hit.value as Promise<T>;
      const value = load();
      entry.cache.set(key, { at, value });
      value.catch(() => entry.cache.delete(key));
      return value;
    },

    fresher,

    /**
     * The frames a new stream starts with: each place as it is now (`fresher`), encoded
     * once and shared with every other stream that starts with the same state. Write
     * them and start passing on messages in the same turn of the event loop, so that no
     * change falls between the two.
     */
    snapshotFrames(cityId: string, states: readonly PlaceState[]): SseFrame[] {
      return states.map((s) => frameOf(cityId, fresher(cityId, s)));
    },

    /** Open streams and city subscriptions in this process, for health and the benchmark. */
    stats(): { streams: number; cities: number } {
      let streams = 0;
      for (const e of cities.values()) streams += e.listeners.size;
      return { streams, cities: cities.size };
    },

    /** Ends every stream (the server is stopping) and forgets every city. */
    close(): void {
      if (timer) clearInterval(timer);
      timer = null;
      const entries = [...cities.values()];
      cities.clear();
      for (const entry of entries) {
        for (const l of entry.listeners) l.onClose?.();
        void entry.unsubscribe.then((off) => off()).catch(() => {});
      }
    },
  };
}
