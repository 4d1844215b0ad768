/**
 * A few seconds of memory for public pages that everyone sees alike. Residents on the
 * street open the same directory page at once; rendering it once per few seconds
 * instead of once per visitor keeps the site fast under a rush. Only anonymous GETs
 * are cached (logged-in pages differ per person), only 200 HTML, per URL and language;
 * `clear()` forgets everything when the data behind the pages changes. Each process
 * has its own memory, so another process may show a change up to `ttlMs` late.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './types.js';

export interface MicroCache {
  middleware: MiddlewareHandler<AppEnv>;
  clear(): void;
}

export function createMicroCache(options: { ttlMs: number; maxEntries?: number; now?: () => number }): MicroCache {
  const entries = new Map<string, { at: number; body: string; contentType: string }>();
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 500;
  return {
    clear: () => entries.clear(),
    middleware: async (c, next) => {
      if (c.req.method !== 'GET' || c.get('actor').kind !== 'anonymous') return next();
      const key = `${c.get('locale')} ${c.req.url}`;
      const hit = entries.get(key);
      if (hit && now() - hit.at < options.ttlMs) {
        c.header('Cache-Control', 'no-cache');
        return c.body(hit.body, 200, { 'Content-Type': hit.contentType });
      }
      await next();
      const contentType = c.res.headers.get('content-type') ?? '';
      if (c.res.status !== 200 || !contentType.startsWith('text/html')) return;
      const body = await c.res.clone().text();
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { at: now(), body, contentType });
    },
  };
}
