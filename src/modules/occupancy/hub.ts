/**
 * The process's live fan-out. Each app process holds one pub/sub subscription per city
 * with at least one open stream, however many streams there are, and hands every
 * message to its streams in memory. A stream is a listener with a filter; a single
 * timer sends every stream its heartbeat. Streams leave on disconnect, and the last
 * one to leave a city ends that city's subscription.
 */
import type { PubSub } from '../../platform/pubsub/pubsub.js';
import { cityChannel, type LiveMessage } from './service.js';

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
        const unsubscribe = pubsub.subscribe(cityChannel(cityId), (message) => {
          for (const l of listeners) l.onMessage(message as LiveMessage);
        });
        entry = { listeners, unsubscribe };
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
