import { beforeAll, expect, it } from 'vitest';
import { systemActor } from '../../platform/auth/roles.js';
import { createHttpApp, withLocalePrefix } from '../../platform/http/app.js';
import { pdfToText } from '../../platform/pdf/index.js';
import { renderErrorPage } from '../../pages/error-page.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertCity, insertUser, sessionHeaders } from '../../../test/factories/index.js';
import { billingProblems, createBillingService, mountBillingPages, type BillingService, type InvoiceSeller } from './index.js';

const seller: InvoiceSeller = { name: 'Testköpings Citysamverkan', orgNumber: '802400-0005', address: ['Storgatan 1', '123 45 Testköping'], bankgiro: '5050-1055', email: 'faktura@citysamverkan.test' };

const post = (headers: Record<string, string>, fields: Record<string, string>, csrf = headers['x-csrf-token']!) => ({
  method: 'POST',
  headers: { cookie: headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
});

describeEachDatabase('billing pages', (ctx) => {
  // The module's pages on a bare platform app, as app.ts will mount them.
  let request: (path: string, init?: RequestInit) => Promise<Response>;
  let billing: BillingService;
  beforeAll(() => {
    const { services, clock } = ctx();
    const problems = services.problems;
    if (!problems.get('billing.invoice_not_found')) problems.register(billingProblems);
    billing = createBillingService({ db: services.db, clock, audit: services.audit, outbox: services.outbox });
    const app = createHttpApp({ config: services.config, log: services.log, auth: services.auth, problems, renderErrorPage });
    mountBillingPages(app, { cities: services.cities, billing, clock, sellerFor: () => seller });
    request = withLocalePrefix(app).request;
  });

  const invoiceInput = { customer: { name: 'Ölstugan AB', email: 'ekonomi@olstugan.test' }, lines: [{ description: 'Presentkort 250 kr', quantity: 5, unitPriceOre: 25_000, vatRate: 0 as const, kind: 'giftcard' as const }] };

  it('lists invoices, filters them and shows one with its PDF', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await sessionHeaders(services, admin.userId);
    const inv = await billing.createInvoice(systemActor, city.id, invoiceInput);

    const list = await (await request(`/${city.slug}/admin/fakturor`, { headers })).text();
    expect(list).toContain('Ölstugan AB');
    expect(list).toContain(`/${city.slug}/admin/fakturor/${inv.id}`);
    expect(list).toContain('1\u00a0250,00\u00a0kr');
    expect(list).toContain('Obetald');
    expect(await (await request(`/${city.slug}/admin/fakturor?status=paid`, { headers })).text()).not.toContain('Ölstugan AB');

    const page = await (await request(`/${city.slug}/admin/fakturor/${inv.id}`, { headers })).text();
    expect(page).toContain(`Faktura ${inv.number}`);
    expect(page).toContain(inv.ocr);
    expect(page).toContain('name="_csrf"');

    const pdf = await request(`/${city.slug}/admin/fakturor/${inv.id}.pdf`, { headers });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfToText(Buffer.from(await pdf.arrayBuffer()));
    if (text !== null) expect(text).toContain(inv.ocr);
  });

  it('registers a partial and then the full payment through the form, with CSRF', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await sessionHeaders(services, admin.userId);
    const inv = await billing.createInvoice(systemActor, city.id, invoiceInput);
    const url = `/${city.slug}/admin/fakturor/${inv.id}/betalning`;

    expect((await request(url, post(headers, { amount: '500', paidOn: '2026-12-20', method: 'bankgiro', reference: inv.ocr }, 'wrong-token'))).status).toBe(403);
    expect((await billing.get(systemActor, city.id, inv.id)).paidOre).toBe(0);

    const first = await request(url, post(headers, { amount: '500', paidOn: '2026-12-20', method: 'bankgiro', reference: inv.ocr }));
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/${city.slug}/admin/fakturor/${inv.id}?klart=betalning`);

    const tooMuch = await request(url, post(headers, { amount: '1 000', paidOn: '2026-12-21', method: 'manual' }));
    expect(tooMuch.status).toBe(409);
    expect(await tooMuch.text()).toContain('Det återstår 750,00');

    const badAmount = await request(url, post(headers, { amount: 'mycket', paidOn: '2026-12-21', method: 'manual' }));
    expect(badAmount.status).toBe(400);
    expect(await badAmount.text()).toContain('role="alert"');

    const rest = await request(url, post(headers, { amount: '750,00', paidOn: '2026-12-21', method: 'manual' }));
    expect(rest.headers.get('location')).toContain('klart=betald');
    expect(await billing.get(systemActor, city.id, inv.id)).toMatchObject({ status: 'paid', paidOre: 125_000 });
    expect(await (await request(`/${city.slug}/admin/fakturor?status=paid`, { headers })).text()).toContain('Ölstugan AB');
  });

  it('keeps other cities’ admins, staff and anonymous visitors out', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const other = await insertCity(services);
    const foreign = await sessionHeaders(services, (await insertUser(services, 'association-admin', other)).userId);
    const staff = await sessionHeaders(services, (await insertUser(services, 'association-staff', city)).userId);
    const inv = await billing.createInvoice(systemActor, city.id, invoiceInput);
    for (const path of ['', `/${inv.id}`, `/${inv.id}.pdf`]) {
      expect((await request(`/${city.slug}/admin/fakturor${path}`)).status).toBe(302);
      expect((await request(`/${city.slug}/admin/fakturor${path}`, { headers: foreign })).status).toBe(403);
      expect((await request(`/${city.slug}/admin/fakturor${path}`, { headers: staff })).status).toBe(403);
    }
    // Through their own city's address the invoice does not exist.
    expect((await request(`/${other.slug}/admin/fakturor/${inv.id}`, { headers: foreign })).status).toBe(404);
    expect((await request(`/${other.slug}/admin/fakturor/${inv.id}/betalning`, post(foreign, { amount: '1', paidOn: '2026-12-20', method: 'manual' }))).status).toBe(404);
    expect((await request(`/${city.slug}/admin/fakturor/${inv.id}/betalning`, post(foreign, { amount: '1', paidOn: '2026-12-20', method: 'manual' }))).status).toBe(403);
    expect((await billing.get(systemActor, city.id, inv.id)).paidOre).toBe(0);
  });

  it('sends the invoice by e-mail from its page', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const headers = await sessionHeaders(services, admin.userId);
    const inv = await billing.createInvoice(systemActor, city.id, invoiceInput);
    const res = await request(`/${city.slug}/admin/fakturor/${inv.id}/skicka`, post(headers, {}));
    expect(res.headers.get('location')).toContain('klart=skickad');
    const sent = await services.outbox.list({ cityId: city.id, limit: 10 });
    expect(sent.map((m) => m.subject)).toContain(`Faktura ${inv.number} från Testköpings Citysamverkan`);
  });
});
