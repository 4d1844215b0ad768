import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from '../../../../test/harness.js';
import { insertBusiness, insertCity, uniqueSuffix } from '../../../../test/factories/index.js';
import { CSRF_COOKIE } from '../../../platform/http/app.js';
import { formatCode } from '../codes.js';

const csrf = 'test-csrf-token-0123456789abcdef';

/** A browser without a session: the CSRF cookie, and a client address of its own. */
function browser() {
  const ip = `203.0.113.${uniqueSuffix()}`;
  const get = { headers: { cookie: `${CSRF_COOKIE}=${csrf}`, 'x-forwarded-for': ip } };
  const post = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { ...get.headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
  return { ip, get, post };
}

async function setup(ctx: TestContext) {
  const city = await insertCity(ctx.services);
  await ctx.services.giftcards.products.ensureDefaults(city.id);
  return { city };
}

const buyFields = (overrides: Record<string, string> = {}) => ({
  product: 'presentkort',
  amountPick: '500',
  amountOther: '',
  quantity: '1',
  design: 'jul',
  recipientName: 'Karin',
  recipientEmail: `karin-${uniqueSuffix()}@example.test`,
  message: 'Grattis!',
  delivery: 'now',
  deliverDate: '',
  buyerEmail: 'kopare@example.test',
  buyerName: 'Olle',
  paymentMethod: 'simulator',
  ...overrides,
});

/** The card's code, as only its e-mail carries it. */
async function codeFromMail(ctx: TestContext, cityId: string, to: string): Promise<string> {
  const messages = (await ctx.services.outbox.list({ cityId })).filter((m) => m.recipient === to && m.template === 'giftcards.card');
  expect(messages).toHaveLength(1);
  const { text } = await ctx.services.outbox.contentOf(messages[0]!);
  return /Kod: ([0-9A-Z-]{24})/.exec(text)![1]!;
}

describeEachDatabase(
  'gift card public pages',
  (ctx) => {
    it('shows the products, amounts, validity and payment methods', async () => {
      const { app } = ctx();
      const { city } = await setup(ctx());
      const res = await app.request(`/${city.slug}/presentkort`, browser().get);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('10 × 80\u00a0kr för 800\u00a0kr');
      expect(html).toContain('Giltigt i 24 månader, till och med 11 december 2028');
      expect(html).toContain('Testbetalning (ingen riktig betalning)');
      expect(html).toContain('Faktura (företag och kommuner)');
      expect(html).toContain('flerfunktionsvoucher');
      expect(html).toContain('Till betalning');
      expect(html).toContain('1\u00a0000\u00a0kr');
      const en = await (await app.request(`/en/${city.slug}/presentkort`, browser().get)).text();
      expect(en).toContain('Go to payment');
      expect(en).toContain('Valid for 24 months, until and including 11 December 2028');
    });

    it('keeps the input and explains each error in Swedish', async () => {
      const { app, services } = ctx();
      const { city } = await setup(ctx());
      const b = browser();
      const res = await app.request(`/${city.slug}/presentkort`, b.post(buyFields({ amountOther: '50', buyerEmail: 'inte-en-adress', recipientName: 'Behåll mig', paymentMethod: 'invoice', orgNumber: '123' })));
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('Välj ett belopp mellan 100\u00a0kr–5\u00a0000\u00a0kr.');
      expect(html).toContain('Skriv en giltig e-postadress');
      expect(html).toContain('Skriv ett giltigt organisationsnummer');
      expect(html).toContain('value="Behåll mig"');
      expect(html).toContain('aria-invalid="true"');
      expect(await services.outbox.list({ cityId: city.id })).toHaveLength(0);
    });

    it('buys a card with the simulator: activated, e-mailed, and the code never on the thank-you page', async () => {
      const { app, services } = ctx();
      const { city } = await setup(ctx());
      const shop = await insertBusiness(services, city, { category: 'mode' });
      const b = browser();
      expect((await app.request(`/${city.slug}/presentkort`, b.get)).status).toBe(200);
      const fields = buyFields();
      const posted = await app.request(`/${city.slug}/presentkort`, b.post(fields));
      expect(posted.status).toBe(303);
      const simulator = posted.headers.get('location')!;
      expect(simulator).toMatch(/^\/betala\/simulator\/sim-/);

      const page = await app.request(simulator, b.get);
      const pageHtml = await page.text();
      expect(pageHtml).toContain('Testbetalning – inga pengar dras');
      expect(pageHtml).toContain('500\u00a0kr');
      expect(pageHtml).toContain('Betala (test)');

      const paid = await app.request(simulator, b.post({ outcome: 'paid' }));
      expect(paid.status).toBe(303);
      const thanks = paid.headers.get('location')!;
      expect(thanks).toMatch(new RegExp(`^/${city.slug}/presentkort/tack/[0-9a-f-]{36}$`));

      const code = await codeFromMail(ctx(), city.id, fields.recipientEmail);
      const card = await services.giftcards.lookup(city.id, code, shop.id);
      expect(card).toMatchObject({ status: 'active', balanceOre: 50_000, acceptedHere: true });

      const html = await (await app.request(thanks, b.get)).text();
      expect(html).toContain(`Tack! Presentkortet skickas till ${fields.recipientEmail}`);
      expect(html).toContain('Presentkort är en flerfunktionsvoucher – ingen moms vid köpet.');
      expect(html).toMatch(/PK-[0-9A-Z]{6}/);
      for (const form of [code, formatCode(code), code.slice(0, 8)]) expect(html).not.toContain(form);

      // Paying twice changes nothing.
      await app.request(simulator, b.post({ outcome: 'paid' }));
      expect((await services.outbox.list({ cityId: city.id })).filter((m) => m.template === 'giftcards.card')).toHaveLength(1);
    });

    it('tells the buyer when the test payment was cancelled', async () => {
      const { app } = ctx();
      const { city } = await setup(ctx());
      const b = browser();
      const posted = await app.request(`/${city.slug}/presentkort`, b.post(buyFields({ product: 'lunchkuponger' })));
      const simulator = posted.headers.get('location')!;
      expect(await (await app.request(simulator, b.get)).text()).toContain('800\u00a0kr');
      const declined = await app.request(simulator, b.post({ outcome: 'declined' }));
      const html = await (await app.request(declined.headers.get('location')!, b.get)).text();
      expect(html).toContain('Betalningen avbröts');
    });

    it('takes an invoice order to the thank-you page', async () => {
      const { app } = ctx();
      const { city } = await setup(ctx());
      const b = browser();
      const posted = await app.request(`/${city.slug}/presentkort`, b.post(buyFields({ paymentMethod: 'invoice', companyName: 'Kommunen', orgNumber: '212000-0142', companyReference: 'HR 12', amountOther: '1 000', quantity: '3' })));
      expect(posted.status).toBe(303);
      const html = await (await app.request(posted.headers.get('location')!, b.get)).text();
      expect(html).toContain('Fakturan kommer med e-post till kopare@example.test');
      expect(html).toContain('3\u00a0000\u00a0kr');
    });

    it('shows the balance for a posted code, and refuses guessing', async () => {
      const { app, services } = ctx();
      const { city } = await setup(ctx());
      const [card] = await services.giftcards.issuePromotional((await import('../../../platform/auth/roles.js')).systemActor, city.id, { amountOre: 38_000, count: 1 });
      const b = browser();
      const page = await (await app.request(`/${city.slug}/saldo`, b.get)).text();
      expect(page).toContain('Kod på presentkortet');
      expect(page).toContain('<meta name="csrf-token"');
      expect(page).toContain('/static/balance.js');

      const res = await app.request(`/${city.slug}/saldo`, b.post({ code: formatCode(card!.code).toLowerCase() }));
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('no-store');
      const html = await res.text();
      expect(html).toContain('Saldo: 380\u00a0kr');
      expect(html).toContain('Aktivt');
      expect(html).not.toContain(card!.code);

      // The island: JSON with the CSRF token as a header.
      const island = await app.request(`/${city.slug}/saldo`, { method: 'POST', headers: { ...b.get.headers, 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ code: card!.code }) });
      expect(island.status).toBe(200);
      expect(await island.json()).toMatchObject({ balanceOre: 38_000, status: 'active', text: { balance: 'Saldo: 380\u00a0kr' } });

      for (let i = 0; i < 10; i++) expect((await app.request(`/${city.slug}/saldo`, b.post({ code: `GISSNING-${i}` }))).status).toBe(404);
      const blocked = await app.request(`/${city.slug}/saldo`, b.post({ code: card!.code }));
      expect(blocked.status).toBe(429);
      expect(await blocked.text()).toContain('För många misslyckade försök');
    });
  },
  { trustedProxyHops: 1 },
);
