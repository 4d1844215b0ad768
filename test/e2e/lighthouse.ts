/**
 * Lighthouse 12 against Debian's Chromium, headless, with nothing that phones home.
 * One Chromium per call of `withChrome`; each audit runs in it on a fresh page.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

export const chromeFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type CategoryId = 'performance' | 'accessibility' | 'best-practices' | 'seo';

export interface LighthouseScores {
  url: string;
  /** 0–100 per category. */
  scores: Record<CategoryId, number>;
  /** The audits that lost points in the categories asserted, for a failure message. */
  failing: string[];
  /** Every request's origin other than the page's own. */
  foreignOrigins: string[];
}

export async function withChrome<T>(use: (port: number) => Promise<T>): Promise<T> {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', chromeFlags });
  try {
    return await use(chrome.port);
  } finally {
    chrome.kill();
  }
}

/** One Lighthouse run (mobile emulation, Lighthouse's default) of `url`. */
export async function audit(url: string, port: number, categories: CategoryId[] = ['performance', 'accessibility', 'best-practices', 'seo']): Promise<LighthouseScores> {
  // A trace that failed to record (NO_NAVSTART and kin) is Lighthouse's own hiccup on a
  // busy machine; its advice is to run again, so a run gets three tries.
  let lhr;
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: categories });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    lhr = result.lhr;
    if (!lhr.runtimeError) break;
    if (attempt === 3) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.message}`);
  }
  const scores = Object.fromEntries(categories.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)])) as Record<CategoryId, number>;
  const failing: string[] = [];
  for (const id of categories) {
    if (id === 'performance') continue;
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (a && ref.weight > 0 && a.score !== null && a.score < 1) failing.push(`${id}: ${a.id} (${a.title})`);
    }
  }
  const own = new URL(url).origin;
  const requests = (lhr.audits['network-requests']?.details as { items?: Array<{ url: string }> } | undefined)?.items ?? [];
  const foreignOrigins = [...new Set(requests.map((r) => new URL(r.url).origin).filter((o) => o !== own && o !== 'null' && !o.startsWith('data:') && !o.startsWith('chrome')))];
  return { url, scores, failing, foreignOrigins };
}
