/**
 * A small per-process memory for look-ups that every request repeats (a city by slug,
 * an API key, a product) and that rarely change. Entries live `ttlMs`; the owner clears
 * them when it changes the data itself, and other processes see a change within `ttlMs`.
 */
export interface TtlCache<V> {
  get(key: string, load: () => Promise<V>): Promise<V>;
  delete(key: string): void;
  clear(): void;
}

export function createTtlCache<V>(options: { ttlMs: number; maxEntries?: number; now?: () => number }): TtlCache<V> {
  const entries = new Map<string, { at: number; value: V }>();
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? 1000;
  return {
    async get(key, load) {
      const hit = entries.get(key);
      if (hit && now() - hit.at < options.ttlMs) return hit.value;
      const value = await load();
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(key, { at: now(), value });
      return value;
    },
    delete: (key) => void entries.delete(key),
    clear: () => entries.clear(),
  };
}
