/**
 * Publish/subscribe for live updates between app processes: in memory for one
 * process, Redis when REDIS_URL is set so every process sees every message.
 */
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export interface PubSub {
  publish(channel: string, message: unknown): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(channel: string, listener: (message: unknown) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function memoryPubSub(): PubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(channel, message) {
      emitter.emit(channel, structuredClone(message));
    },
    async subscribe(channel, listener) {
      emitter.on(channel, listener);
      return async () => {
        emitter.off(channel, listener);
      };
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export function redisPubSub(url: string): PubSub {
  const publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const subscriber = new Redis(url, { lazyConnect: false });
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const counts = new Map<string, number>();
  subscriber.on('message', (channel: string, raw: string) => {
    try {
      local.emit(channel, JSON.parse(raw));
    } catch {
      /* a foreign message on our channel: ignore it */
    }
  });
  const prefix = 'torget:';
  return {
    async publish(channel, message) {
      await publisher.publish(prefix + channel, JSON.stringify(message));
    },
    async subscribe(channel, listener) {
      const full = prefix + channel;
      local.on(full, listener);
      const n = (counts.get(full) ?? 0) + 1;
      counts.set(full, n);
      if (n === 1) await subscriber.subscribe(full);
      return async () => {
        local.off(full, listener);
        const left = (counts.get(full) ?? 1) - 1;
        counts.set(full, left);
        if (left === 0) await subscriber.unsubscribe(full);
      };
    },
    async close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
