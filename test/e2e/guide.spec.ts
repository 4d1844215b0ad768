/**
 * The city guide on a phone: Kaffebaren's owner enters Monday's lunch and sends an event
 * with a photo from the phone, and a resident finds the lunch on /demo/lunch filtered to
 * vegetarian. Axe checks every page on the way,
 * including the events and offers pages and the business page that shows the menu, and
 * an event page with its picture. Then the café changes a published event from the
 * phone: the public page keeps the published version until the association approves the
 * change, then shows it.
 */
import { describe, expect, it } from 'vitest';
import { phonePhoto } from '../fixtures/images.js';
import { demoAdmin, demoMerchant, expectNoAxeViolations, expectNoBrowserErrors, logInWithPassword, openPage, phone, saveScreenshot, useServerAndBrowser } from './support.js';

describe('lunch from the kitchen to the street', () => {
  const journey = useServerAndBrowser();
  const dish = 'Rödbetsrisotto med chèvre';

  it("a restaurant enters Monday's lunch on a phone; a resident finds it filtered to vegetarian", async () => {
    const kitchen = await openPage(journey.browser, journey.server, phone);
    await logInWithPassword(kitchen, demoMerchant);
    await kitchen.waitForURL((url) => url.pathname.startsWith('/demo/butik'));
    await kitchen.getByRole('link', { name: 'Lunch' }).first().click();
    await kitchen.getByRole('heading', { level: 1, name: /Lunch vecka \d+/ }).waitFor();
    await expectNoAxeViolations(kitchen);

    await kitchen.getByRole('link', { name: 'Ändra måndag' }).click();
    await kitchen.getByRole('heading', { level: 1, name: /Måndag/ }).waitFor();
    await expectNoAxeViolations(kitchen);
    // The demo's Monday has dishes already; the last of the four rows is free.
    const row = kitchen.getByRole('group', { name: 'Rätt 4' });
    await row.getByLabel('Namn').fill(dish);
    await row.getByLabel('Beskrivning (valfri)').fill('Valnötter och ruccola');
    await row.getByLabel('Pris i kronor').fill('119');
    await row.getByRole('checkbox', { name: 'Vegetarisk' }).check();
    await row.getByRole('checkbox', { name: 'Innehåller nötter' }).check();
    await kitchen.getByRole('button', { name: 'Spara' }).click();
    await kitchen.waitForURL((url) => url.searchParams.get('klart') === 'sparat');
    await kitchen.getByRole('status').filter({ hasText: 'Lunchen är sparad.' }).waitFor();
    await expectNoAxeViolations(kitchen);

    // The same phone sends an event with a photo (EXIF, GPS and all); it waits for the association.
    await kitchen.goto(`/demo/butik/${demoMerchant.businessSlug}/evenemang`);
    await kitchen.getByRole('heading', { level: 1, name: 'Evenemang' }).waitFor();
    await expectNoAxeViolations(kitchen);
    await kitchen.getByLabel('Rubrik').fill('Kanelbullens dag');
    await kitchen.getByLabel('Datum').fill('2027-10-04');
    await kitchen.getByLabel('Börjar').fill('10:00');
    await kitchen.getByLabel('Bild (valfri)').setInputFiles({ name: 'IMG_0042.JPG', mimeType: 'image/jpeg', buffer: await phonePhoto() });
    await kitchen.getByLabel('Vad visar bilden?').fill('Ett fat med nybakade kanelbullar');
    await kitchen.getByRole('button', { name: 'Spara evenemanget' }).click();
    await kitchen.waitForURL((url) => url.searchParams.get('klart') === 'granskas');
    await kitchen.getByRole('listitem').filter({ hasText: 'Kanelbullens dag' }).waitFor();
    expectNoBrowserErrors(kitchen);
    await kitchen.context().close();

    const street = await openPage(journey.browser, journey.server, phone);
    await street.goto('/demo/lunch');
    await street.getByRole('heading', { level: 1, name: /lunch/i }).waitFor();
    await expectNoAxeViolations(street);
    await street.getByRole('navigation', { name: 'Välj dag' }).getByRole('link', { name: /^måndag/ }).click();
    await street.getByRole('heading', { level: 1, name: /måndag/ }).waitFor();
    const cafe = street.getByRole('listitem').filter({ has: street.getByRole('heading', { name: 'Kaffebaren' }) });
    const meatDish = (await cafe.locator('.dish-name').first().textContent())!.trim();
    await street.getByRole('radio', { name: 'Vegetarisk' }).check();
    await street.getByRole('button', { name: 'Visa' }).click();
    await street.waitForURL((url) => url.searchParams.get('kost') === 'vegetarisk');
    expect(await cafe.textContent()).toContain(dish);
    expect(await cafe.textContent()).toContain('Innehåller nötter');
    expect(await cafe.textContent()).not.toContain(meatDish);
    await expectNoAxeViolations(street);

    await cafe.getByRole('link', { name: 'Kaffebaren' }).click();
    await street.getByRole('heading', { level: 2, name: /Lunch vecka/ }).waitFor();
    expect(await street.getByRole('main').textContent()).toContain(dish);
    await expectNoAxeViolations(street);

    for (const path of ['/demo/evenemang', '/demo/evenemang?vy=kalender', '/demo/erbjudanden', '/demo/lunch?vy=vecka', '/en/demo/lunch']) {
      await street.goto(path);
      await expectNoAxeViolations(street);
    }
    await street.goto('/demo/evenemang');
    await street.getByRole('link', { name: 'Lördagsmarknad på Stora torget' }).first().click();
    await street.getByRole('link', { name: 'Lägg till i kalender' }).waitFor();
    // The event's picture, from our own host: decoded by the browser, described for those who cannot see it.
    const picture = street.getByRole('main').getByRole('img', { name: /marknadsstånd/i });
    await picture.waitFor();
    expect(await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && new URL(img.currentSrc).pathname.startsWith('/media/'))).toBe(true);
    await expectNoAxeViolations(street);
    expectNoBrowserErrors(street);
    await street.context().close();
  }, 240_000);

  it('a café edits its published event on the phone, the public page shows the change once the association approves it; its offer changes at once', async () => {
    // Three weeks from now, whenever the test runs.
    const date = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    const kitchen = await openPage(journey.browser, journey.server, phone);
    await logInWithPassword(kitchen, demoMerchant);
    await kitchen.waitForURL((url) => url.pathname.startsWith('/demo/butik'));
    await kitchen.goto(`/demo/butik/${demoMerchant.businessSlug}/evenemang`);
    await kitchen.getByLabel('Rubrik').fill('Lussebullar på Kaffebaren');
    await kitchen.getByLabel('Datum').fill(date);
    await kitchen.getByLabel('Börjar').fill('09:00');
    await kitchen.getByRole('button', { name: 'Spara evenemanget' }).click();
    await kitchen.waitForURL((url) => url.searchParams.get('klart') === 'granskas');

    const office = await openPage(journey.browser, journey.server, phone);
    await logInWithPassword(office, demoAdmin);
    await office.waitForURL((url) => url.pathname.startsWith('/demo/admin'));
    await office.goto('/demo/admin/evenemang');
    await office.getByRole('button', { name: 'Godkänn Lussebullar på Kaffebaren' }).click();
    await office.waitForURL((url) => url.searchParams.get('klart') === 'godkant');

    // The café changes the title and the time from the phone.
    await kitchen.goto(`/demo/butik/${demoMerchant.businessSlug}/evenemang`);
    await kitchen.getByRole('link', { name: 'Ändra Lussebullar på Kaffebaren' }).click();
    await kitchen.getByRole('heading', { level: 1, name: 'Ändra evenemang' }).waitFor();
    expect(await kitchen.getByLabel('Rubrik').inputValue()).toBe('Lussebullar på Kaffebaren');
    expect(await kitchen.getByLabel('Börjar').inputValue()).toBe('09:00');
    await expectNoAxeViolations(kitchen);
    await saveScreenshot(kitchen, 'evenemang-andra-telefon');
    await kitchen.getByLabel('Rubrik').fill('Lussebullar och glögg på Kaffebaren');
    await kitchen.getByLabel('Börjar').fill('10:00');
    await kitchen.getByRole('button', { name: 'Spara ändringarna' }).click();
    await kitchen.waitForURL((url) => url.searchParams.get('klart') === 'andring-granskas');
    await kitchen.getByRole('status').filter({ hasText: 'Föreningen granskar ändringen' }).waitFor();
    await expectNoAxeViolations(kitchen);

    // Until the association approves, residents see the published version.
    const street = await openPage(journey.browser, journey.server, phone);
    await street.goto('/demo/evenemang?fran=' + date);
    await street.getByRole('link', { name: 'Lussebullar på Kaffebaren' }).click();
    await street.getByRole('heading', { level: 1, name: 'Lussebullar på Kaffebaren' }).waitFor();
    const eventUrl = street.url();

    // The association sees what changed, and approves it.
    await office.goto('/demo/admin/evenemang');
    const change = office.getByRole('table', { name: 'Ändringar i Lussebullar på Kaffebaren' });
    expect(await change.getByRole('row', { name: /Rubrik/ }).textContent()).toContain('Lussebullar och glögg på Kaffebaren');
    expect(await change.getByRole('row', { name: /Börjar/ }).textContent()).toMatch(/9\.00.*10\.00/);
    await expectNoAxeViolations(office);
    await saveScreenshot(office, 'evenemang-admin-telefon');
    await office.getByRole('button', { name: 'Godkänn ändringen av Lussebullar på Kaffebaren' }).click();
    await office.waitForURL((url) => url.searchParams.get('klart') === 'andring-godkand');
    await office.getByRole('status').filter({ hasText: 'Ändringen är godkänd' }).waitFor();

    await street.goto(eventUrl);
    await street.getByRole('heading', { level: 1, name: 'Lussebullar och glögg på Kaffebaren' }).waitFor();
    expect(await street.locator('.lead').textContent()).toMatch(/kl\. 10\b/);
    await expectNoAxeViolations(street);

    // The café's offer is edited the same way, and shows at once (offers need no approval).
    await kitchen.goto(`/demo/butik/${demoMerchant.businessSlug}/erbjudanden`);
    await kitchen.getByRole('link', { name: 'Ändra Fika för två: 89 kr' }).click();
    await kitchen.getByRole('heading', { level: 1, name: 'Ändra erbjudande' }).waitFor();
    await expectNoAxeViolations(kitchen);
    await kitchen.getByLabel('Rubrik').fill('Fika för två: 79 kr');
    await kitchen.getByRole('button', { name: 'Spara ändringarna' }).click();
    await kitchen.waitForURL((url) => url.searchParams.get('klart') === 'andrat');
    await street.goto(`/demo/foretag/${demoMerchant.businessSlug}`);
    expect(await street.getByRole('main').textContent()).toContain('Fika för två: 79 kr');
    for (const p of [kitchen, office, street]) {
      expectNoBrowserErrors(p);
      await p.context().close();
    }
  }, 240_000);
});
