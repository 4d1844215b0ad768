/**
 * Co-funded campaign to payout, in a real browser against a real server: the admin
 * creates the Halmstad campaign (pay 250 kr, get 500 kr, the property owners pay the
 * rest), a resident buys a doubled card with the payment simulator, Kaffebaren takes
 * 150 kr of it at the till, the admin (with two-factor) approves the settlement run
 * and downloads the payout file, and Kaffebaren sees its statement. Axe on each page.
 */
import { readFile } from 'node:fs/promises';
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { demoAdmin, demoMerchant, desktop, expectNoAxeViolations, logInWithPassword, openPage, phone, useServerAndBrowser } from './support.js';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

describe('a co-funded campaign, settled and paid out', () => {
  const journey = useServerAndBrowser();

  it('campaign → doubled card → redemption → approved run → payout file → statement', async () => {
    // The admin turns on two-factor (approving money requires it) and creates the campaign.
    const admin = await openPage(journey.browser, journey.server, desktop);
    await logInWithPassword(admin, demoAdmin);
    await admin.waitForURL((url) => !url.pathname.startsWith('/logga-in'));
    await admin.goto('/konto');
    await admin.getByRole('button', { name: 'Slå på tvåstegsverifiering' }).click();
    const secret = (await admin.locator('code').first().textContent())!.trim();
    await admin.getByLabel('Kod från appen').fill(new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate());
    await admin.getByRole('button', { name: 'Bekräfta' }).click();
    await admin.waitForURL((url) => url.search.includes('klart=tvastegs'));

    await admin.goto('/demo/admin/kampanjer');
    await expectNoAxeViolations(admin);
    await admin.getByLabel('Kampanjens namn').fill('Dubbla värdet i Halmstad');
    await admin.getByLabel('Namn i adressen').fill('halmstad-dubbla');
    await admin.getByLabel('Kortets värde i kronor').fill('500');
    await admin.getByLabel('Köparen betalar, kronor').fill('250');
    await admin.getByLabel('Sponsor', { exact: true }).fill('Fastighetsägarna Halmstad');
    await admin.getByLabel('Sponsorns e-post för fakturor').fill('faktura@fastighetsagarna.example');
    await admin.getByLabel('Högst antal kort', { exact: true }).fill('250');
    await admin.getByLabel('Högst antal kort per köpare').fill('2');
    await admin.getByLabel('Första dagen').fill(today());
    await admin.getByLabel('Sista dagen').fill('2099-12-31');
    await admin.getByRole('button', { name: 'Skapa kampanjen' }).click();
    await admin.waitForURL((url) => url.pathname === '/demo/admin/kampanjer/halmstad-dubbla');
    await admin.getByText('Betala 250 kr, få 500 kr').first().waitFor();
    await expectNoAxeViolations(admin);

    // A resident buys a doubled card.
    const buyer = `kopare-${Date.now()}@example.test`;
    const page = await openPage(journey.browser, journey.server, phone);
    await page.goto('/demo/presentkort');
    await page.getByRole('link', { name: /Köp \(250 kvar\)/ }).first().click();
    await page.waitForURL((url) => url.pathname === '/demo/kampanj/halmstad-dubbla');
    await expectNoAxeViolations(page);
    await page.getByLabel('Din e-postadress').fill(buyer);
    await page.getByRole('radio', { name: /Testbetalning/ }).check();
    await page.getByRole('button', { name: 'Köp och betala' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/betala/simulator/'));
    await page.getByText('250 kr').first().waitFor();
    await page.getByRole('button', { name: 'Betala (test)' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/demo/presentkort/tack/'));

    let link: string | null = null;
    for (let attempt = 0; attempt < 30 && !link; attempt++) {
      await page.goto('/dev/mailbox');
      const row = page.getByRole('row').filter({ hasText: buyer }).filter({ hasText: /presentkort/i }).first();
      if ((await row.count()) > 0) {
        await row.getByRole('link').click();
        link = await page.getByRole('link', { name: /\/demo\/saldo#/ }).first().getAttribute('href');
      } else await page.waitForTimeout(500);
    }
    const code = new URL(link!).hash.slice(1);
    await page.goto(new URL(link!).pathname + new URL(link!).hash);
    await page.locator('[data-balance-result]').getByText('500 kr').first().waitFor();
    await page.context().close();

    // Kaffebaren takes 150 kr of it.
    const till = await openPage(journey.browser, journey.server, phone);
    await logInWithPassword(till, demoMerchant);
    await till.waitForURL((url) => url.pathname.startsWith('/demo/butik'));
    await till.goto(`/demo/butik/${demoMerchant.businessSlug}/kassa`);
    await till.getByLabel('Kortets kod').fill(code);
    await till.getByRole('button', { name: 'Visa kortet' }).click();
    await till.getByLabel('Belopp i kronor').fill('150');
    await till.getByRole('button', { name: /^Dra / }).click();
    await till.getByText('Kvar på kortet').waitFor();

    // The admin settles: a draft, approval with two-factor, the payout file.
    await admin.goto('/demo/admin/avrakning');
    await expectNoAxeViolations(admin);
    await admin.getByLabel('Till och med').fill(today());
    await admin.getByRole('button', { name: 'Räkna fram utkast' }).click();
    await admin.waitForURL((url) => /\/demo\/admin\/avrakning\/[0-9a-f-]{36}$/.test(url.pathname));
    const runUrl = new URL(admin.url()).pathname;
    await admin.getByRole('link', { name: 'Kaffebaren' }).first().waitFor();
    await admin.getByRole('button', { name: /^Godkänn avräkning/ }).click();
    await admin.waitForURL((url) => url.search.includes('klart=godkand'));
    await expectNoAxeViolations(admin);
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Ladda ner pain.001 (version 03)' }).click()]);
    const xml = await readFile((await download.path())!, 'utf8');
    expect(xml).toContain('pain.001.001.03');
    expect(xml).toMatch(/<CtrlSum>\d+\.\d{2}<\/CtrlSum>/);

    // Kaffebaren sees its statement, with the 150 kr redemption.
    const runId = runUrl.split('/').pop()!;
    await till.goto(`/demo/butik/${demoMerchant.businessSlug}/avrakningar`);
    await expectNoAxeViolations(till);
    await till.locator(`a[href$="/avrakningar/${runId}"]`).click();
    await till.getByRole('heading', { name: /Avräkning \d+: Kaffebaren/ }).waitFor();
    await till.getByRole('cell', { name: /^150(,00)?\s*kr$/ }).first().waitFor();
    await expectNoAxeViolations(till);
  });
});
