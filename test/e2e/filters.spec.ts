/**
 * Filters without reload (public/live-filter.js) on a phone: ticking "Vegetarisk" on
 * /demo/lunch changes the list in place (no page load: a marker left on `window`
 * survives), the address follows, the count is read out, focus stays on the radio,
 * and the back button brings the whole list back. The events, offers and directory
 * filters do the same. Axe stays clean after every swap.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, expectNoBrowserErrors, openPage, phone, useServerAndBrowser } from './support.js';

/** Set on window once; a full page load would lose it. */
const leaveMarker = (page: Page) => page.evaluate(() => ((window as unknown as { torgetMarker: string }).torgetMarker = 'samma sida'));
const marker = (page: Page) => page.evaluate(() => (window as unknown as { torgetMarker?: string }).torgetMarker ?? null);

describe('filters without reload', () => {
  const journey = useServerAndBrowser();

  it('on /demo/lunch: "Vegetarisk" changes the list in place, the URL follows, back restores it', async () => {
    const page = await openPage(journey.browser, journey.server, phone);
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    await page.goto('/demo/lunch?dag=' + (await mondayOf(page)));
    await page.getByRole('heading', { level: 1, name: /måndag/i }).waitFor();
    await leaveMarker(page);
    const loadsBefore = loads.length;

    const results = page.locator('#lunch-resultat');
    const allDishes = await results.locator('.dish-name').allTextContents();
    const status = page.locator('[data-live-status]');
    const allCount = (await status.textContent())!.trim();
    expect(allDishes.length).toBeGreaterThan(4);

    const vegetarian = page.getByRole('radio', { name: 'Vegetarisk' });
    await vegetarian.check();
    await page.waitForURL((url) => url.searchParams.get('kost') === 'vegetarisk');
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    const vegDishes = await results.locator('.dish-name').allTextContents();
    expect(vegDishes.length).toBeGreaterThan(0);
    expect(vegDishes.length).toBeLessThan(allDishes.length);
    expect(vegDishes.every((d) => allDishes.includes(d))).toBe(true);
    for (const tags of await results.locator('.dishes li').evaluateAll((items) => items.map((li) => li.querySelector('.dish-tags')?.textContent ?? ''))) {
      expect(tags).toMatch(/Vegetarisk|Vegansk/);
    }
    // No page load: the marker is still there; focus stayed on the radio; the count changed and is a live region.
    expect(await marker(page)).toBe('samma sida');
    expect(loads.length).toBe(loadsBefore);
    expect(await vegetarian.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await status.getAttribute('role')).toBe('status');
    // The count of dishes changes with the diet even where every restaurant stays (a count
    // that stayed the same would be cleared and set again, 150 ms later, to be read out).
    await page.waitForFunction(() => document.querySelector('[data-live-status]')!.textContent!.trim() !== '');
    expect((await status.textContent())!.trim()).toMatch(new RegExp(`^${vegDishes.length} rätter på \\d+ restaurang`));
    expect((await status.textContent())!.trim()).not.toBe(allCount);
    // The day links keep the diet now.
    expect(await page.getByRole('navigation', { name: 'Välj dag' }).getByRole('link', { name: /^tisdag/ }).getAttribute('href')).toContain('kost=vegetarisk');
    await expectNoAxeViolations(page);

    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('kost'));
    await page.waitForFunction((n) => document.querySelectorAll('#lunch-resultat .dish-name').length === n, allDishes.length);
    expect(await results.locator('.dish-name').allTextContents()).toEqual(allDishes);
    // Read out again even when it says the same (cleared, then set, for the live region).
    await page.waitForFunction((text) => document.querySelector('[data-live-status]')!.textContent!.trim() === text, allCount);
    expect(await page.getByRole('radio', { name: 'Alla rätter' }).isChecked()).toBe(true);
    expect(await marker(page)).toBe('samma sida');

    await page.goForward();
    await page.waitForURL((url) => url.searchParams.get('kost') === 'vegetarisk');
    await page.waitForFunction((n) => document.querySelectorAll('#lunch-resultat .dish-name').length === n, vegDishes.length);
    expect(await page.getByRole('radio', { name: 'Vegetarisk' }).isChecked()).toBe(true);

    // A day link swaps in place too, and the heading follows.
    await page.getByRole('navigation', { name: 'Välj dag' }).getByRole('link', { name: /^tisdag/ }).click();
    await page.getByRole('heading', { level: 1, name: /tisdag/i }).waitFor();
    expect(new URL(page.url()).searchParams.get('kost')).toBe('vegetarisk');
    expect(await marker(page)).toBe('samma sida');
    await expectNoAxeViolations(page);
    expectNoBrowserErrors(page);
    await page.context().close();
  }, 120_000);

  it('on the events, offers and directory pages, in place as well', async () => {
    const page = await openPage(journey.browser, journey.server, phone);
    await page.goto('/demo/evenemang');
    await leaveMarker(page);
    const titles = () => page.locator('#evenemang-resultat .event-card h3').allTextContents();
    const all = await titles();
    await page.getByLabel('Kategori').selectOption('marknad');
    await page.waitForURL((url) => url.searchParams.get('kategori') === 'marknad');
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    const markets = await titles();
    expect(markets.length).toBeGreaterThan(0);
    expect(markets.length).toBeLessThan(all.length);
    expect(markets.some((t) => t.includes('Lördagsmarknad'))).toBe(true);
    expect(markets.some((t) => t.includes('Pubquiz'))).toBe(false);
    // The calendar view keeps the category, in place.
    await page.getByRole('navigation', { name: 'Visning' }).getByRole('link', { name: 'Kalender' }).click();
    await page.waitForURL((url) => url.searchParams.get('vy') === 'kalender');
    await page.getByRole('table').waitFor();
    expect(await page.getByLabel('Kategori').inputValue()).toBe('marknad');
    expect(await marker(page)).toBe('samma sida');
    await expectNoAxeViolations(page);

    await page.goto('/demo/erbjudanden');
    await leaveMarker(page);
    await page.getByRole('navigation', { name: 'Visa' }).getByRole('link', { name: 'Tjänster' }).click();
    await page.waitForURL((url) => url.searchParams.get('typ') === 'tjanst');
    await page.getByRole('heading', { level: 2, name: /Tjänster/ }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Erbjudanden just nu' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Visa' }).getByRole('link', { name: 'Tjänster' }).getAttribute('aria-current')).toBe('page');
    expect(await marker(page)).toBe('samma sida');
    await expectNoAxeViolations(page);

    await page.goto('/demo/foretag');
    await leaveMarker(page);
    const count = page.locator('[data-live-status]');
    const before = (await count.textContent())!.trim();
    await page.getByRole('checkbox', { name: 'Hemleverans' }).check();
    await page.waitForURL((url) => url.searchParams.get('tjanst') === 'home_delivery');
    await page.waitForFunction((text) => document.querySelector('[data-live-status]')!.textContent!.trim() !== text, before);
    expect(await page.getByRole('link', { name: 'Rensa filtren' }).count()).toBe(1);
    expect(await marker(page)).toBe('samma sida');
    await expectNoAxeViolations(page);
    expectNoBrowserErrors(page);
    await page.context().close();
  }, 120_000);
});

/** This week's Monday as the lunch page's day links give it (its menus are seeded). */
async function mondayOf(page: Page): Promise<string> {
  await page.goto('/demo/lunch');
  const href = (await page.getByRole('navigation', { name: 'Välj dag' }).getByRole('link', { name: /^måndag/ }).getAttribute('href'))!;
  return new URL(href, 'http://x').searchParams.get('dag') ?? '';
}
