/**
 * A resident on a phone: from the instance's start page to Demoköping, finds the café
 * through the directory search and sees whether it is open now.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { desktop, expectNoAxeViolations, expectNoBrowserErrors, openPage, phone, saveScreenshot, useServerAndBrowser } from './support.js';

describe('a newcomer finds a café and sees whether it is open', () => {
  const journey = useServerAndBrowser();

  it('start page → Demoköping → Företag → search "kaffe" → Kaffebaren, open or closed', async () => {
    const page = await openPage(journey.browser, journey.server, phone);

    await page.goto('/');
    await expectNoAxeViolations(page);
    await page.getByRole('main').getByRole('link', { name: /^Demoköping\b/ }).click();
    await page.getByRole('heading', { level: 1, name: /Demoköping/ }).waitFor();
    await expectNoAxeViolations(page);

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Företag' }).click();
    await page.waitForURL(/\/demo\/foretag/);
    await expectNoAxeViolations(page);

    await searchDirectory(page, 'kaffe');
    const hit = page.getByRole('main').getByRole('link', { name: /Kaffebaren/ }).first();
    await hit.waitFor();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'directory-phone');

    await hit.click();
    await page.getByRole('heading', { level: 1, name: 'Kaffebaren' }).waitFor();
    // Either answer is right depending on the wall clock; what matters is that one is shown.
    const openStatus = page.getByRole('main').getByText(/^(Öppet nu|Stängt)\b/).first();
    await openStatus.waitFor();
    expect(await openStatus.isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'business-phone');
    expectNoBrowserErrors(page);
    await page.context().close();
  });

  it('the directory on a desktop, screenshot for the README', async () => {
    const page = await openPage(journey.browser, journey.server, desktop);
    await page.goto('/demo/foretag');
    await page.getByRole('main').getByRole('link', { name: /Kaffebaren/ }).first().waitFor();
    await expectNoAxeViolations(page);
    // What a visitor sees first, not the whole list: this one is meant for the README.
    await saveScreenshot(page, 'directory-desktop', { fullPage: false });
    expectNoBrowserErrors(page);
    await page.context().close();
  });
});

/** Types in the directory's search field and submits, the way a person would. */
async function searchDirectory(page: Page, query: string): Promise<void> {
  const field = page.getByRole('searchbox', { name: /Sök/ });
  await field.fill(query);
  await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === query), field.press('Enter')]);
}
