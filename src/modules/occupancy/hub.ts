/**
 * The process's live fan-out. Each app process holds one pub/sub subscription per city
 * with at least one open stream, however many streams there are, and hands every
 * message to its streams in memory. A stream is a listener with a filter; a single
 * timer sends every stream its heartbeat. Streams leave on disconnect, and the last
 * one to leave a city ends that city's subscription.
 */
import type { PubSub } from '../../platform/pubsub/pubsub.js';
import { cityChannel, type LiveMessage, type PlaceState } from './service.js';

export interface Listener {
  /** Called with each message of the city; must not throw. */
  onMessage(message: LiveMessage): void;
  /** Called every heartbeat interval. */
  onHeartbeat(): void;
}

interface CityEntry {
  listeners: Set<Listener>;
  /** The subscription being made or made; resolves to its unsubscribe function. */
  unsubscribe: Promise<() => Promise<void>>;
  /** The newest state of each place heard on the channel since the subscription began. */
  latest: Map<string, PlaceState>;
  /** Snapshots loaded while subscribed (so `latest` holds everything newer), by key. */
  cache: Map<string, { at: number; value: Promise<unknown> }>;
}

export type LiveHub = ReturnType<typeof createLiveHub>;

export function createLiveHub(pubsub: PubSub, options: { heartbeatMs?: number } = {}) {
  const cities = new Map<string, CityEntry>();
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  let timer: NodeJS.Timeout | null = null;

  function ensureTimer(): void {
    if (timer) return;
    timer = setInterval(() => {
      for (const entry of cities.values()) for (const l of entry.listeners) l.onHeartbeat();
    }, heartbeatMs);
    timer.unref();
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
          if (message.type === 'count') {
            const known = latest.get(message.state.placeId);
            if (!known || known.id <= message.state.id) latest.set(message.state.placeId, message.state);
          }
          for (const l of listeners) l.onMessage(message);
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
     * connecting at once cost one database read, not ten thousand. Pair it with
     * `fresher`, which lays newer states heard on the channel over it.
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

    /** The state as it is now: the snapshot's, or a newer one heard on the channel. */
    fresher(cityId: string, state: PlaceState): PlaceState {
      const heard = cities.get(cityId)?.latest.get(state.placeId);
      return heard && heard.id >= state.id ? heard : state;
    },

    /** Open streams and city subscriptions in this process, for health and the benchmark. */
    stats(): { streams: number; cities: number } {
      let streams = 0;
      for (const e of cities.values()) streams += e.listeners.size;
      return { streams, cities: cities.size };
    },

    close(): void {
      if (timer) clearInterval(timer);
      timer = null;
      cities.clear();
    },
  };
}
