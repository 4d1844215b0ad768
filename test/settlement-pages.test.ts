import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { pdfToText } from '../src/platform/pdf/index.js';
import { describeEachDatabase } from './harness.js';
import { insertBusiness, insertCity, insertUser, sessionHeaders } from './factories/index.js';

const form = (headers: Record<string, string>, fields: Record<string, string>) => ({
  method: 'POST',
  headers: { cookie: headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: headers['x-csrf-token']!, ...fields }).toString(),
});

describeEachDatabase('settlement pages', (ctx) => {
  let request: (path: string, init?: RequestInit) => Promise<Response>;
  beforeAll(() => {
    request = createApp(ctx().services).request;
  });

  it('an admin computes and approves a run, downloads the payout file; the shop sees its statement', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const city = await insertCity(services);
    const platform = (await insertUser(services, 'platform-admin', null)).actor;
    await services.cities.updateSettings(platform, city.id, { settlement: { clientFunds: { bankgiro: '991-2346' } } });
    await services.cities.update(platform, city.id, { orgNumber: '802400-1235' });
    await services.giftcards.products.ensureDefaults(city.id);
    const shop = await insertBusiness(services, city, { category: 'mode', isMember: true, email: 'kassa@shop.example' });
    const owner = await insertUser(services, 'merchant-owner', city, shop.id);
    const admin = await insertUser(services, 'association-admin', city);
    const admin2 = await insertUser(services, 'association-admin', city);
    const h = await sessionHeaders(services, admin.userId, { twoFactor: true });
    const h2 = await sessionHeaders(services, admin2.userId, { twoFactor: true });
    const ho = await sessionHeaders(services, owner.userId);

    // Payout account: entered by one admin, confirmed by the other, through the forms.
    const bad = await request(`/${city.slug}/admin/utbetalningskonton`, form(h, { businessId: shop.id, kind: 'bankgiro', number: '5050-1056' }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Bankgironumret stämmer inte');
    expect((await request(`/${city.slug}/admin/utbetalningskonton`, form(h, { businessId: shop.id, kind: 'bankgiro', number: '5050-1055' }))).status).toBe(303);
    const pending = (await services.settlement.payoutAccounts.list(admin.actor, city.id))[0]!;
    const mine = await (await request(`/${city.slug}/admin/utbetalningskonton`, { headers: h })).text();
    expect(mine).not.toContain(`${pending.id}/bekrafta`);
    expect((await request(`/${city.slug}/admin/utbetalningskonton/${pending.id}/bekrafta`, form(h2, {}))).status).toBe(303);

    const { order, cards } = await services.giftcards.placeOrder(null, city.id, { productSlug: 'presentkort', amountOre: 50_000, quantity: 1, buyer: { email: 'kop@example.test' }, paymentMethod: 'simulator', channel: 'web' });
    await services.giftcards.setPaymentRef(city.id, order.id, `sim-${order.id}`);
    await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
    const redemption = await services.giftcards.redeem(owner.actor, city.id, { code: cards[0]!.code, businessId: shop.id, amountOre: 12_345 });

    const created = await request(`/${city.slug}/admin/avrakning`, form(h, { from: '', until: '2026-12-11' }));
    expect(created.status).toBe(303);
    const runUrl = created.headers.get('location')!;
    const draft = await (await request(runUrl, { headers: h })).text();
    expect(draft).toContain('Godkänn avräkning 1');
    expect(draft).not.toContain('utbetalning.xml');
    expect((await request(`${runUrl}/godkann`, form(h, {}))).headers.get('location')).toContain('klart=godkand');
    const approved = await (await request(runUrl, { headers: h })).text();
    expect(approved).toContain('utbetalning.xml');

    const xml = await request(`${runUrl}/utbetalning.xml`, { headers: h });
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-disposition')).toContain('attachment');
    const body = await xml.text();
    // 12 345 − 309 − 77 = 11 959
    expect(body).toContain('<CtrlSum>119.59</CtrlSum>');
    expect(body).toContain('50501055');
    expect(await (await request(`${runUrl}/utbetalning.csv`, { headers: h })).text()).toContain('119.59');
    expect((await request(`${runUrl}/utbetalning.xml`, { headers: ho })).status).toBe(403);

    const runId = runUrl.split('/').pop()!;
    const list = await (await request(`/${city.slug}/butik/${shop.slug}/avrakningar`, { headers: ho })).text();
    expect(list).toContain(`avrakningar/${runId}`);
    const statement = await (await request(`/${city.slug}/butik/${shop.slug}/avrakningar/${runId}`, { headers: ho })).text();
    expect(statement).toContain(redemption.receiptNumber);
    expect(statement).toContain('119,59');
    const pdf = await request(`/${city.slug}/butik/${shop.slug}/avrakningar/${runId}.pdf`, { headers: ho });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfToText(Buffer.from(await pdf.arrayBuffer()));
    if (text !== null) expect(text).toContain(redemption.receiptNumber);
    // Another shop's owner sees nothing of it.
    const other = await insertBusiness(services, city, { category: 'mode' });
    const otherOwner = await sessionHeaders(services, (await insertUser(services, 'merchant-owner', city, other.id)).userId);
    expect((await request(`/${city.slug}/butik/${shop.slug}/avrakningar/${runId}`, { headers: otherOwner })).status).toBe(403);
    // The statement was e-mailed on approval.
    const mails = await services.outbox.list({ cityId: city.id });
    const mail = mails.find((m) => m.template === 'settlement.statement');
    expect(mail?.recipient).toBe('kassa@shop.example');
    expect(mail?.textBody).toContain(`/${city.slug}/butik/${shop.slug}/avrakningar/${runId}`);
  });

  it('shows each line\'s fee per tier on the run page, the statement, its PDF and the CSV', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const city = await insertCity(services);
    const platform = (await insertUser(services, 'platform-admin', null)).actor;
    await services.cities.updateSettings(platform, city.id, { settlement: { clientFunds: { bankgiro: '991-2346' } } });
    await services.cities.update(platform, city.id, { orgNumber: '802400-1235' });
    await services.giftcards.products.ensureDefaults(city.id);
    const shop = await insertBusiness(services, city, { category: 'restaurang', isMember: true });
    const owner = await insertUser(services, 'merchant-owner', city, shop.id);
    const admin = await insertUser(services, 'association-admin', city);
    const admin2 = await insertUser(services, 'association-admin', city);
    const account = await services.settlement.payoutAccounts.propose(admin.actor, city.id, shop.id, { kind: 'bankgiro', number: '5050-1055' });
    await services.settlement.payoutAccounts.confirm(admin2.actor, city.id, account.id);
    const h = await sessionHeaders(services, admin.userId, { twoFactor: true });
    const ho = await sessionHeaders(services, owner.userId);
    await services.campaigns.create(admin.actor, city.id, { slug: 'lunch', name: 'Lunch från kommunen', productSlug: 'lunchkuponger', priceOre: 40_000, sponsor: { name: 'Demoköpings kommun', email: 'k@example.test' }, capCards: 50, startsOn: '2026-12-01', endsOn: '2026-12-31', feeBp: 0 });
    const pay = async (order: { id: string; totalOre: number }) => {
      await services.giftcards.setPaymentRef(city.id, order.id, `sim-${order.id}`);
      await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
      return (await services.giftcards.revealCode((await services.giftcards.getOrder(city.id, order.id))!.cards[0]!.id))!.code;
    };
    const lunch = await pay((await services.campaigns.buy(city.id, 'lunch', { buyer: { email: 'a@example.test' }, quantity: 1, paymentMethod: 'simulator' })).order);
    const card = await pay((await services.giftcards.placeOrder(null, city.id, { productSlug: 'presentkort', amountOre: 50_000, quantity: 1, buyer: { email: 'b@example.test' }, paymentMethod: 'simulator', channel: 'web' })).order);
    await services.giftcards.redeem(owner.actor, city.id, { code: lunch, businessId: shop.id, coupons: 2 });
    await services.giftcards.redeem(owner.actor, city.id, { code: card, businessId: shop.id, amountOre: 10_000 });
    const run = await services.settlement.createRun(admin.actor, city.id, { until: '2026-12-11' });
    await services.settlement.approve({ ...admin.actor, hasTwoFactor: true }, city.id, run.id, { method: 'web-2fa' });

    const runPage = await (await request(`/${city.slug}/admin/avrakning/${run.id}`, { headers: h })).text();
    expect(runPage).toContain('Avgift per nivå');
    // 160 kr of coupons at 0 %, 100 kr at the member's 2,5 %: 2,50 kr + 0,63 kr VAT.
    expect(runPage).toMatch(/Medlem 2,5 % av 100\s*kr: 2,50\s*kr \+ moms 0,63\s*kr/);
    expect(runPage).toMatch(/Kampanj Lunch från kommunen 0 % av 160\s*kr: 0\s*kr \+ moms 0\s*kr/);
    const statement = await (await request(`/${city.slug}/butik/${shop.slug}/avrakningar/${run.id}`, { headers: ho })).text();
    expect(statement).toContain('<h2>Avgift per nivå</h2>');
    expect(statement).toContain('Kampanj Lunch från kommunen');
    const pdf = await request(`/${city.slug}/butik/${shop.slug}/avrakningar/${run.id}.pdf`, { headers: ho });
    const text = await pdfToText(Buffer.from(await pdf.arrayBuffer()));
    if (text !== null) {
      expect(text).toContain('Avgift per nivå');
      expect(text).toContain('Kampanj Lunch från kommunen');
    }
    const csv = await (await request(`/${city.slug}/admin/avrakning/${run.id}/utbetalning.csv`, { headers: h })).text();
    expect(csv).toContain('avgift per nivå');
    expect(csv).toContain('Medlem 2.5 %: underlag 100.00, avgift 2.50, moms 0.63 | Kampanj Lunch från kommunen 0 %: underlag 160.00, avgift 0.00, moms 0.00');
  });
});
