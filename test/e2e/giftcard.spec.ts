/**
 * The gift card from purchase to redemption, in a real browser against a real server:
 * a resident buys a 500 kr card with the payment simulator, the card e-mail appears in
 * the dev mailbox, its link opens the balance page (the code travels in the fragment),
 * a merchant types the code at the till and takes 120 kr, and the balance page shows
 * 380 kr. Axe checks the buying and balance pages.
 */
import { describe, expect, it } from 'vitest';
import { demoMerchant, expectNoAxeViolations, logInWithPassword, openPage, phone, saveScreenshot, useServerAndBrowser } from './support.js';

describe('a city gift card, bought and used', () => {
  const journey = useServerAndBrowser();

  it('buy 500 kr → e-mail → balance → merchant takes 120 kr → balance 380 kr', async () => {
    const buyer = `kopare-${Date.now()}@example.test`;
    const page = await openPage(journey.browser, journey.server, phone);

    await page.goto('/demo');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Presentkort' }).click();
    await page.waitForURL((url) => url.pathname === '/demo/presentkort');
    await expectNoAxeViolations(page);
    await page.getByRole('radio', { name: '500 kr' }).check();
    await page.getByLabel('Din e-postadress').fill(buyer);
    await page.getByRole('radio', { name: /Testbetalning/ }).check();
    await saveScreenshot(page, 'giftcard-buy-phone', { fullPage: true });
    await page.getByRole('button', { name: 'Till betalning' }).click();

    await page.waitForURL((url) => url.pathname.startsWith('/betala/simulator/'));
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Betala (test)' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/demo/presentkort/tack/'));
    await expect.poll(async () => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Tack/);
    await expectNoAxeViolations(page);

    // The card e-mail, rendered when it is sent, carries the link with the code in its fragment.
    let link: string | null = null;
    for (let attempt = 0; attempt < 30 && !link; attempt++) {
      await page.goto('/dev/mailbox');
      const row = page.getByRole('row').filter({ hasText: buyer }).filter({ hasText: /presentkort/i }).first();
      if ((await row.count()) > 0) {
        await row.getByRole('link').click();
        link = await page.getByRole('link', { name: /\/demo\/saldo#/ }).first().getAttribute('href');
      } else await page.waitForTimeout(500);
    }
    expect(link).toMatch(/\/demo\/saldo#[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const code = new URL(link!).hash.slice(1);

    await page.goto(new URL(link!).pathname + new URL(link!).hash);
    await page.locator('[data-balance-result]').getByText('500 kr').first().waitFor();
    await expectNoAxeViolations(page);

    // At Kaffebaren's till.
    const till = await openPage(journey.browser, journey.server, phone);
    await logInWithPassword(till, demoMerchant);
    await till.waitForURL((url) => url.pathname.startsWith('/demo/butik'));
    await till.goto(`/demo/butik/${demoMerchant.businessSlug}/kassa`);
    await till.getByLabel('Kortets kod').fill(code);
    await till.getByRole('button', { name: 'Visa kortet' }).click();
    await till.getByLabel('Belopp i kronor').fill('120');
    await till.getByRole('button', { name: /^Dra / }).click();
    await till.getByText('Kvar på kortet').waitFor();
    expect(await till.getByText('Kvar på kortet').textContent()).toMatch(/380\s*kr/);
    await expectNoAxeViolations(till);
    await saveScreenshot(till, 'giftcard-till-receipt-phone');
    await till.context().close();

    // The holder looks again.
    await page.reload();
    await page.locator('[data-balance-result]').getByText('380 kr').first().waitFor();
    await page.context().close();
  });
});
