/**
 * /sitemap.xml: every city's public pages (start, businesses, lunch, events, offers),
 * each listed business and each published event, with English alternates. Built per
 * request from the services and kept for a minute.
 */
import type { TorgetApp } from '../platform/http/app.js';
import { createTtlCache } from '../platform/ttl-cache.js';
import type { CityService } from '../modules/cities/index.js';
import type { EventsService } from '../modules/events/index.js';
import type { MembersService } from '../modules/members/index.js';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function sitemapXml(origin: string, paths: string[]): string {
  const urls = paths.map(
    (p) =>
      `<url><loc>${escapeXml(origin + p)}</loc><xhtml:link rel="alternate" hreflang="sv" href="${escapeXml(origin + p)}"/><xhtml:link rel="alternate" hreflang="en" href="${escapeXml(`${origin}/en${p}`)}"/></url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
}

export function mountSitemap(app: TorgetApp, deps: { cities: CityService; members: MembersService; events: EventsService }): void {
  const cache = createTtlCache<string[]>({ ttlMs: 60_000 });
  app.get('/sitemap.xml', async (c) => {
    const paths = await cache.get('paths', async () => {
      const out: string[] = [];
      for (const city of await deps.cities.list()) {
        const base = `/${city.slug}`;
        out.push(base, `${base}/foretag`, `${base}/lunch`, `${base}/evenemang`, `${base}/erbjudanden`);
        const businesses = await deps.members.list(city.id, { limit: 500 });
        out.push(...businesses.items.map((b) => `${base}/foretag/${b.slug}`));
        out.push(...(await deps.events.published(city.id)).map((e) => `${base}/evenemang/${e.id}`));
      }
      return out;
    });
    return c.body(sitemapXml(new URL(c.req.url).origin, paths), 200, { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
  });
}
