/**
 * The owner of Kaffebaren logs in with her password from the phone, changes Saturday's
 * opening time, and the public page shows the new hours.
 */
import { describe, expect, it } from 'vitest';
import { demoMerchant, expectNoAxeViolations, expectNoBrowserErrors, openPage, logInWithPassword, phone, useServerAndBrowser } from './support.js';

describe('a merchant changes her opening hours', () => {
  const journey = useServerAndBrowser();

  it('password login → opening hours → Saturday 09:00 becomes 09:30 → public page shows 9.30', async () => {
    const page = await openPage(journey.browser, journey.server, phone);

    await logInWithPassword(page, demoMerchant);
    await page.waitForURL((url) => url.pathname.startsWith('/demo/butik'));
    await expectNoAxeViolations(page);

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Öppettider' }).click();
    await page.waitForURL((url) => url.pathname === `/demo/butik/${demoMerchant.businessSlug}/oppettider`);
    await expectNoAxeViolations(page);
    // Exact: saved special days have legends like "Lördag 26 december" too.
    const saturday = page.getByRole('group', { name: 'Lördag', exact: true });
    const opens = saturday.getByLabel('Öppnar', { exact: true }).first();
    expect(await opens.inputValue()).toBe('09:00');
    await opens.fill('09:30');
    await page.getByRole('button', { name: 'Spara öppettider' }).click();
    await page.waitForURL((url) => url.searchParams.get('klart') === 'sparat');
    await page.getByRole('status').filter({ hasText: 'Ändringarna är sparade.' }).waitFor();
    expect(await saturday.getByLabel('Öppnar', { exact: true }).first().inputValue()).toBe('09:30');
    await expectNoAxeViolations(page);

    await page.goto(`/demo/foretag/${demoMerchant.businessSlug}`);
    // Swedish times are written with a period: "lördag | kl. 9.30–17.00".
    const saturdayRow = page.getByRole('table', { name: /Öppettider/ }).getByRole('row').filter({ hasText: /lördag/i });
    expect(await saturdayRow.textContent()).toMatch(/kl\. 0?9\.30–17\.00/);
    await expectNoAxeViolations(page);
    expectNoBrowserErrors(page);
    await page.context().close();
  });
});
