/** The invoiced order, across modules: gift cards → billing → back to gift cards. */
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.js';
import { insertCity, insertUser } from './factories/index.js';
import { systemActor } from '../src/platform/auth/roles.js';

describeEachDatabase('an invoiced gift card order', (ctx) => {
  it('gets a numbered invoice with an OCR reference, and its cards activate when the invoice is paid', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    await services.cities.updateSettings(systemActor, city.id, { billing: { address: ['Torget 1', '123 45 Teststad'], bankgiro: '5321-0506' } });
    const admin = await insertUser(services, 'association-admin', city);
    // An invoice needs the seller's org. number and contact to be sent.
    await services.cities.update(admin.actor, city.id, { orgNumber: '802514-2368', email: 'info@teststad.example' });
    const { order, cards } = await services.giftcards.placeOrder(admin.actor, city.id, {
      productSlug: 'presentkort',
      amountOre: 50_000,
      quantity: 4,
      buyer: { email: 'hr@kommunen.example' },
      company: { name: 'Testkommunen', orgNumber: '212000-0142', reference: 'Julgåva' },
      paymentMethod: 'invoice',
      channel: 'bulk',
    });
    await services.payments.start(order, { returnUrl: '/', callbackUrl: () => '' });
    const placed = await services.giftcards.getOrder(city.id, order.id);
    expect(placed?.order.invoiceId).toBeTruthy();
    const invoice = await services.billing.get(systemActor, city.id, placed!.order.invoiceId!);
    expect(invoice).toMatchObject({ totalOre: 200_000, vatOre: 0, status: 'open' });
    expect(invoice.ocr).toMatch(/^\d+$/);
    expect((await services.outbox.list({ cityId: city.id })).some((m) => m.recipient === 'hr@kommunen.example' && m.textBody.includes(invoice.ocr))).toBe(true);
    expect((await services.giftcards.lookup(city.id, cards[0]!.code)).status).toBe('pending');

    await services.billing.registerPayment(admin.actor, city.id, invoice.id, { amountOre: 200_000, paidOn: '2026-12-12', method: 'bankgiro', reference: invoice.ocr });
    for (const card of cards) expect(await services.giftcards.lookup(city.id, card.code)).toMatchObject({ status: 'active', balanceOre: 50_000 });
    expect((await services.ledger.verify(city.id)).ok).toBe(true);
  });
});
