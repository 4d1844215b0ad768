/**
 * Lighthouse on the pages residents open on the street: accessibility, best practices
 * and SEO at 95 or above, and nothing fetched from another host. One run per page
 * (performance is too noisy on a shared machine to gate on; bench/pages records it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, withChrome } from './lighthouse.js';
import { startTestServer, type TestServer } from './support.js';

const PAGES = ['/demo', '/demo/foretag', '/demo/lunch', '/demo/evenemang'];

describe('Lighthouse on the public pages', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('scores 95+ for accessibility, best practices and SEO, with no other hosts', async () => {
    const results = await withChrome(async (port) => {
      const out = [];
      for (const path of PAGES) out.push(await audit(server.url + path, port, ['accessibility', 'best-practices', 'seo']));
      return out;
    });
    for (const r of results) {
      const detail = `${r.url}: ${JSON.stringify(r.scores)}\n${r.failing.join('\n')}`;
      expect(r.scores.accessibility, detail).toBeGreaterThanOrEqual(95);
      expect(r.scores['best-practices'], detail).toBeGreaterThanOrEqual(95);
      expect(r.scores.seo, detail).toBeGreaterThanOrEqual(95);
      expect(r.foreignOrigins, r.url).toEqual([]);
    }
  }, 300_000);
});
