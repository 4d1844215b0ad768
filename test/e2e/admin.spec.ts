/**
 * The association's admin logs in with a magic link from the dev mailbox, adds a new
 * member business, and residents can find it in the public directory straight away.
 */
import { describe, expect, it } from 'vitest';
import { demoAdmin, desktop, expectNoAxeViolations, expectNoBrowserErrors, openPage, logInWithMagicLink, useServerAndBrowser } from './support.js';

describe('the association admin adds a business', () => {
  const journey = useServerAndBrowser();

  it('magic link → admin → new business → visible in the public directory', async () => {
    const page = await openPage(journey.browser, journey.server, desktop);

    await logInWithMagicLink(page, demoAdmin.email);
    await page.waitForURL((url) => url.pathname === '/demo/admin');
    await expectNoAxeViolations(page);

    // Unique per run, so a failure can never be hidden by an earlier run's data.
    const name = `Testbutiken ${Date.now().toString(36)}`;
    await page.getByRole('main').getByRole('link', { name: /^Lägg till företag/ }).click();
    await page.waitForURL((url) => url.pathname === '/demo/admin/foretag/ny');
    await expectNoAxeViolations(page);
    await page.getByLabel('Namn', { exact: true }).fill(name);
    await page.getByLabel('Kategori', { exact: true }).selectOption({ label: 'Kaféer & konditorier' });
    // 556036-0793: Luhn over 556036079 gives 1+5+3+0+6+6+0+7+9 = 37, so the check digit is 3.
    await page.getByLabel('Organisationsnummer', { exact: true }).fill('556036-0793');
    await page.getByLabel('Gatuadress', { exact: true }).fill('Storgatan 12');
    await page.getByLabel('Postnummer', { exact: true }).fill('532 30');
    await page.getByLabel('Ort', { exact: true }).fill('Demoköping');
    await page.getByRole('button', { name: 'Skapa företaget' }).click();
    await page.waitForURL((url) => url.searchParams.get('klart') === 'skapat');
    await page.getByRole('status').filter({ hasText: 'Företaget är skapat.' }).waitFor();
    expect(await page.getByLabel('Namn', { exact: true }).inputValue()).toBe(name);
    await expectNoAxeViolations(page);

    await page.goto(`/demo/foretag?q=${encodeURIComponent(name)}`);
    await page.getByRole('main').getByRole('link', { name, exact: true }).waitFor();
    await expectNoAxeViolations(page);
    expectNoBrowserErrors(page);
    await page.context().close();
  });
});
