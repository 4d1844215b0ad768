/**
 * Live crowd levels and booked visits, in a browser: the owner of Kaffebaren counts at
 * the door on her phone and the shop-window display changes colour by itself; a
 * resident books the last place of the pharmacy's morning shopping.
 */
import { describe, expect, it } from 'vitest';
import { demoAdmin, demoMerchant, desktop, expectNoAxeViolations, expectNoBrowserErrors, logInWithPassword, openPage, phone, useServerAndBrowser } from './support.js';

describe('live crowd levels and booked visits', () => {
  const journey = useServerAndBrowser();

  it('staff tap + on the counter and the window display turns red without a reload', async () => {
    const display = await openPage(journey.browser, journey.server, desktop);
    const counter = await openPage(journey.browser, journey.server, phone);

    await logInWithPassword(counter, demoMerchant);
    await counter.goto('/demo/butik/rakna');
    await counter.getByRole('heading', { level: 1, name: 'Kaffebaren' }).waitFor();
    // A small capacity, so two taps make the shop full.
    await counter.getByText('Inställningar').click();
    await counter.getByLabel('Hur många får vara inne samtidigt').fill('2');
    await counter.getByRole('button', { name: 'Spara' }).click();
    await counter.getByRole('status').filter({ hasText: 'Inställningarna är sparade.' }).waitFor();
    await expectNoAxeViolations(counter);

    await display.goto(`/demo/live/${demoMerchant.businessSlug}`);
    await display.getByRole('heading', { level: 1, name: 'Kaffebaren' }).waitFor();
    expect(await display.locator('body').getAttribute('class')).toContain('level-green');
    await expectNoAxeViolations(display);

    const plus = counter.getByRole('button', { name: 'En person kom in' });
    await plus.click();
    await counter.locator('[data-count]').filter({ hasText: /^1$/ }).waitFor();
    await plus.click();
    await counter.locator('[data-count]').filter({ hasText: /^2$/ }).waitFor();
    await counter.locator('.counter.level-red').waitFor();

    // The display was not reloaded: the stream changed its colour.
    await display.locator('body.level-red').waitFor();
    expect(await display.locator('[data-detail]').textContent()).toMatch(/Fullt just nu · 2 av 2 inne|Välkommen tillbaka/);
    await expectNoAxeViolations(display);

    // Out again: the display is green once more.
    await counter.getByRole('button', { name: 'En person gick ut' }).click();
    await counter.getByRole('button', { name: 'En person gick ut' }).click();
    await display.locator('body.level-green').waitFor();
    expectNoBrowserErrors(counter);
    expectNoBrowserErrors(display);
    await counter.context().close();
    await display.context().close();
  });

  it('a resident books the last place of the morning shopping', async () => {
    const page = await openPage(journey.browser, journey.server, phone);
    await page.goto('/demo/foretag/apoteket-lejonet');
    await page.getByRole('link', { name: 'Boka tid' }).click();
    await page.getByRole('heading', { level: 1, name: /Boka tid hos/ }).waitFor();
    await expectNoAxeViolations(page);

    const first = page.getByRole('radio').and(page.locator(':not([disabled])')).first();
    const id = await first.getAttribute('id');
    const label = (await page.locator(`label[for="${id}"]`).textContent()) ?? '';
    expect(label).toContain('1 plats kvar');
    await first.check();
    await page.getByLabel('Namn', { exact: true }).fill('Greta Persson');
    await page.getByLabel('E-post', { exact: true }).fill('greta@example.test');
    await page.getByRole('button', { name: 'Boka', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tiden är bokad' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('greta@example.test');
    await expectNoAxeViolations(page);

    // The slot is full now.
    await page.goto('/demo/foretag/apoteket-lejonet/boka');
    expect(await page.locator(`label[for="${id}"]`).textContent()).toContain('fullbokad');
    expect(await page.locator(`#${id}`).isDisabled()).toBe(true);
    expectNoBrowserErrors(page);
    await page.context().close();
  });

  it("the owner finds the counter and the bookings from her phone's home page; the association reads the whole town hour by hour", async () => {
    const owner = await openPage(journey.browser, journey.server, phone);
    await logInWithPassword(owner, demoMerchant);
    await owner.goto('/demo/butik');
    await owner.getByRole('heading', { level: 1, name: 'Kaffebaren' }).waitFor();
    await owner.getByRole('link', { name: /^Bokningar/ }).first().click();
    await owner.getByRole('heading', { level: 1 }).filter({ hasText: 'Bokningar' }).waitFor();
    await owner.goBack();
    await owner.getByRole('main').getByRole('link', { name: /^Besökare per timme/ }).click();
    await owner.getByRole('heading', { level: 1, name: 'Besökare per timme' }).waitFor();
    await owner.goBack();
    await owner.getByRole('main').getByRole('link', { name: /^Räkna besökare/ }).click();
    await owner.getByRole('button', { name: 'En person kom in' }).waitFor();
    expectNoBrowserErrors(owner);
    await owner.context().close();

    const admin = await openPage(journey.browser, journey.server, desktop);
    await logInWithPassword(admin, demoAdmin);
    await admin.goto('/demo/admin');
    await admin.getByRole('main').getByRole('link', { name: /^Besökare per timme/ }).click();
    await admin.getByRole('heading', { level: 1, name: 'Besökare i stadskärnan' }).waitFor();
    expect(await admin.getByRole('img', { name: /Stapeldiagram: besökare per timme i hela stadskärnan/ }).count()).toBe(1);
    await expectNoAxeViolations(admin);
    await admin.getByRole('link', { name: 'Hela veckan' }).click();
    await admin.getByText(/^Vecka \d+,/).waitFor();
    await expectNoAxeViolations(admin);
    const csv = await admin.evaluate(async () => (await fetch(document.querySelector<HTMLAnchorElement>('a[download]')!.href)).text());
    expect(csv).toContain('datum;timme;start_utc;plats;namn;flest_samtidigt;vid_timmens_slut;andringar');
    expect(csv).toContain(';Alla platser;');
    expectNoBrowserErrors(admin);
    await admin.context().close();
  });
});
