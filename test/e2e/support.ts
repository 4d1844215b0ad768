import { afterAll, beforeAll } from 'vitest';
/**
 * Support for the browser journeys: a real Torget server in a child process (the way a
 * newcomer starts it), Debian's Chromium through playwright-core, and an axe check.
 *
 * The server always runs on the embedded database, with a fresh data directory, even
 * when TEST_DATABASE_URL (or DATABASE_URL) is set: the e2e tests the newcomer's path,
 * `npm install && npm start` with nothing else configured, which seeds Demoköping.
 * PostgreSQL is covered by the service/db tests.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { repoRoot, startTorget, type TestServer } from './server.js';

export type { TestServer };

/** Screenshots go here; the folder is gitignored. */
export const resultsDir = path.join(repoRoot, 'test-results');

/** A fresh Torget on the embedded database, as a newcomer starts it (see the header). */
export function startTestServer(): Promise<TestServer> {
  return startTorget({ LOG_LEVEL: 'warn' });
}

/**
 * A real server and browser for one spec file: started before its tests, stopped after.
 * Use the getters inside tests (`const { server, browser } = journey; … journey.server`).
 */
export function useServerAndBrowser(): { readonly server: TestServer; readonly browser: Browser } {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the test server is not running');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not running');
      return browser;
    },
  };
}

/** Debian's Chromium, headless, with nothing that phones home. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const swedish: BrowserContextOptions = { locale: 'sv-SE', timezoneId: 'Europe/Stockholm' };
/** A resident on a phone (iPhone 12–15 size). */
export const phone: BrowserContextOptions = { ...swedish, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** The association's office computer. */
export const desktop: BrowserContextOptions = { ...swedish, viewport: { width: 1280, height: 800 } };

/**
 * A fresh browser context (no cookies) on the server, shaped like a phone or a desktop.
 * Waits give up after 10 s: every page here renders on the server in milliseconds, so a
 * longer wait only delays the failure message.
 */
export async function openPage(browser: Browser, server: TestServer, device: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext({ ...device, baseURL: server.url });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  browserProblems.set(page, problems);
  // A CSP violation, a failing island script or a missing stylesheet only shows here.
  page.on('pageerror', (err) => problems.push(`script error on ${page.url()}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    problems.push(`console error on ${page.url()}: ${msg.text()}${msg.location().url ? ` (${msg.location().url})` : ''}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') problems.push(`${res.status()} for ${res.url()} (from ${page.url()})`);
  });
  return page;
}

const browserProblems = new WeakMap<Page, string[]>();

/** Fails if any page opened with openPage logged a script error or failed to load a resource. */
export function expectNoBrowserErrors(page: Page): void {
  const problems = browserProblems.get(page) ?? [];
  if (problems.length > 0) throw new Error(`The browser reported ${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}`);
}

export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the page as it is now; fails listing each violation, its help and the elements. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  if (result.violations.length === 0) return;
  const lines = [`${result.violations.length} accessibility violation(s) on ${page.url()}:`];
  for (const v of result.violations) {
    lines.push(`- ${v.id} [${v.impact ?? 'n/a'}]: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes) {
      lines.push(`    at ${node.target.join(' ')}`);
      if (node.failureSummary) lines.push(...node.failureSummary.split('\n').map((l) => `      ${l}`));
    }
  }
  throw new Error(lines.join('\n'));
}

/** A PNG in test-results/<name>.png (full page unless told otherwise), for people to look at. */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}

/** The demo's people (src/demo/demokoping/city.ts prints the same on start). */
export const demoAdmin = { email: 'admin@demokoping.example', password: 'demo-admin-2026' };
export const demoMerchant = { email: 'maja@kaffebaren.example', password: 'demo-handlare-2026', businessSlug: 'kaffebaren' };

/**
 * Logs in with a magic link the way a person does without SMTP: ask for a link, open
 * the newest mail in the dev mailbox, follow the link and confirm with the button.
 * Runs axe on each of those pages.
 */
export async function logInWithMagicLink(page: Page, email: string): Promise<void> {
  await page.goto('/logga-in');
  await expectNoAxeViolations(page);
  const linkForm = page.getByRole('region', { name: 'Få en inloggningslänk' });
  await linkForm.getByLabel('E-postadress').fill(email);
  await linkForm.getByRole('button', { name: 'Skicka länk' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kolla din e-post' }).waitFor();
  await expectNoAxeViolations(page);

  await page.getByRole('main').getByRole('link', { name: 'utvecklarbrevlådan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Utvecklarbrevlådan' }).waitFor();
  await expectNoAxeViolations(page);
  // Newest first: the first row addressed to this person is the link just asked for.
  const row = page.getByRole('row').filter({ hasText: email }).filter({ hasText: 'inloggningslänk' }).first();
  await row.getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: 'Din inloggningslänk till Torget' }).waitFor();
  await expectNoAxeViolations(page);

  await page.getByRole('main').getByRole('link', { name: /\/logga-in\/lank\?token=/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('main').getByRole('button', { name: 'Logga in' }).click();
}

/** Logs in with the password form on /logga-in. */
export async function logInWithPassword(page: Page, person: { email: string; password: string }): Promise<void> {
  await page.goto('/logga-in');
  const form = page.getByRole('region', { name: 'Logga in med lösenord' });
  await form.getByLabel('E-postadress').fill(person.email);
  await form.getByLabel('Lösenord').fill(person.password);
  await form.getByRole('button', { name: 'Logga in' }).click();
}
