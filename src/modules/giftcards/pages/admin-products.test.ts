import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/harness.js';
import { insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../../test/factories/index.js';

const post = (headers: Record<string, string>, fields: Array<[string, string]>) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams([['_csrf', headers['x-csrf-token']!], ...fields]).toString(),
});

describeEachDatabase('gift card product settings', (ctx) => {
  it('lets the admin limit where a product works, and the till enforces it', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await sessionHeaders(services, admin.userId);
    const list = await app.request(`/${city.slug}/admin/presentkort/produkter`, { headers });
    expect(list.status).toBe(200);
    const product = (await services.giftcards.products.listAll(city.id)).find((p) => p.slug === 'presentkort')!;

    // Validity under 12 months and a reversed range are refused, in Swedish, and nothing changes.
    const bad = await app.request(`/${city.slug}/admin/presentkort/produkter/${product.id}`, post(headers, [['name', 'Presentkort'], ['minKr', '500'], ['maxKr', '100'], ['validityMonths', '6'], ['allowsPartialUse', '1'], ['isActive', '1']]));
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Minst 12 månader');
    expect(html).toContain('Lägsta beloppet får inte vara högre');
    expect((await services.giftcards.products.listAll(city.id)).find((p) => p.id === product.id)!.validityMonths).toBe(24);

    // A staff gift: not at pharmacies or tobacconists.
    const ok = await app.request(
      `/${city.slug}/admin/presentkort/produkter/${product.id}`,
      post(headers, [['name', 'Personalgåva'], ['minKr', '100'], ['maxKr', '2000'], ['validityMonths', '12'], ['excludedCategories', 'apotek'], ['excludedCategories', 'tobak'], ['allowsPartialUse', '1'], ['isActive', '1']]),
    );
    expect(ok.status).toBe(303);
    const pharmacy = await insertBusiness(services, city, { category: 'apotek' });
    const owner = await insertUser(services, 'merchant-owner', city, pharmacy.id);
    const [card] = await services.giftcards.issuePromotional(admin.actor, city.id, { amountOre: 50_000, count: 1 });
    await expect(services.giftcards.redeem(owner.actor, city.id, { code: card!.code, businessId: pharmacy.id, amountOre: 100 })).rejects.toMatchObject({ code: 'giftcard.not_accepted_here' });
    expect((await services.audit.list(city.id, { entityType: 'giftcard_product' }))[0]).toMatchObject({ action: 'giftcard.product.update' });
  });

  it('shows the board that every card is covered, and that the ledger checks out', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const { order } = await services.giftcards.placeOrder(null, city.id, { productSlug: 'presentkort', amountOre: 50_000, quantity: 2, buyer: { email: 'b@example.test' }, paymentMethod: 'simulator', channel: 'web' });
    await services.giftcards.setPaymentRef(city.id, order.id, `sim-${order.id}`);
    await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: 100_000 });
    const page = await (await app.request(`/${city.slug}/admin/presentkort/tackning`, { headers: await sessionHeaders(services, admin.userId) })).text();
    expect(page).toContain("Huvudboken stämmer");
    expect(page).toMatch(/Skuld till kortinnehavare<\/dt><dd>1\s000\skr/);
    expect(page).toMatch(/Inbetalt för kort<\/dt><dd>1\s000\skr/);
  });

  it('is for admins only', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const staff = await insertUser(services, 'association-staff', city);
    expect((await app.request(`/${city.slug}/admin/presentkort/produkter`, { headers: await sessionHeaders(services, staff.userId) })).status).toBe(403);
    expect((await app.request(`/${city.slug}/admin/presentkort/produkter`)).status).toBe(302);
  });
});
