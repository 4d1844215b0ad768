import { expect, it } from 'vitest';
import { systemActor } from '../../platform/auth/roles.js';
import { isValidOcrReference } from '../../platform/identity/payment-references.js';
import { pdfToText } from '../../platform/pdf/index.js';
import { describeEachDatabase, type TestContext } from '../../../test/harness.js';
import { insertCity, insertUser } from '../../../test/factories/index.js';
import { createBillingService, type Invoice, type InvoiceInput, type InvoiceSeller } from './index.js';

const seller: InvoiceSeller = {
  name: 'Testköpings Citysamverkan',
  orgNumber: '802400-0005',
  address: ['Storgatan 1', '123 45 Testköping'],
  bankgiro: '5050-1055',
  email: 'faktura@citysamverkan.test',
};

function buildInvoiceInput(overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    customer: { name: 'Testköpings kommun', orgNumber: '212000-1355', email: 'ekonomi@kommun.test', addressLines: ['Box 1', '123 45 Testköping'], reference: 'Åsa Öberg' },
    lines: [{ description: 'Presentkort 500 kr', quantity: 10, unitPriceOre: 50_000, vatRate: 0, kind: 'giftcard' }],
    ...overrides,
  };
}

function setUp(ctx: TestContext) {
  const { services, clock } = ctx;
  const billing = createBillingService({ db: services.db, clock, audit: services.audit, outbox: services.outbox });
  const paid: Invoice[] = [];
  billing.onPaid(async (invoice) => {
    paid.push(invoice);
  });
  const payments: Array<{ invoice: number; amountOre: number; paidOre: number }> = [];
  billing.onPayment(async (invoice, payment) => {
    payments.push({ invoice: invoice.number, amountOre: payment.amountOre, paidOre: invoice.paidOre });
  });
  return { billing, paid, payments };
}

describeEachDatabase('billing', (ctx) => {
  it('numbers invoices 1, 2, 3 … per city without gaps, even when created concurrently', async () => {
    const { services } = ctx();
    const { billing } = setUp(ctx());
    const city = await insertCity(services);
    const other = await insertCity(services);
    const created = await Promise.all(Array.from({ length: 20 }, () => billing.createInvoice(systemActor, city.id, buildInvoiceInput())));
    expect(created.map((i) => i.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await billing.createInvoice(systemActor, other.id, buildInvoiceInput())).number).toBe(1);

    // A transaction that rolls back gives its number back: the next invoice is 21.
    await expect(
      services.db.transaction(async (tx) => {
        await billing.createInvoice(systemActor, city.id, buildInvoiceInput(), tx);
        throw new Error('the order failed');
      }),
    ).rejects.toThrow('the order failed');
    expect((await billing.createInvoice(systemActor, city.id, buildInvoiceInput())).number).toBe(21);
  });

  it('gives every invoice a valid, unique OCR reference and finds it by that', async () => {
    const { services } = ctx();
    const { billing } = setUp(ctx());
    const city = await insertCity(services);
    const invoices = await Promise.all(Array.from({ length: 5 }, () => billing.createInvoice(systemActor, city.id, buildInvoiceInput())));
    for (const inv of invoices) expect(isValidOcrReference(inv.ocr)).toBe(true);
    expect(new Set(invoices.map((i) => i.ocr)).size).toBe(5);
    const spaced = invoices[2]!.ocr.replace(/(\d{4})/g, '$1 ');
    expect((await billing.findByOcr(systemActor, city.id, spaced))?.id).toBe(invoices[2]!.id);
    expect(await billing.findByOcr(systemActor, (await insertCity(services)).id, invoices[2]!.ocr)).toBeNull();
    await expect(billing.findByOcr(systemActor, city.id, '12345')).rejects.toMatchObject({ code: 'billing.invalid_ocr' });
  });

  it('rounds VAT half-up on each line and defaults the due date to 30 days', async () => {
    const { services } = ctx();
    const { billing } = setUp(ctx());
    const city = await insertCity(services);
    const inv = await billing.createInvoice(
      systemActor,
      city.id,
      buildInvoiceInput({
        lines: [
          { description: 'Annons, halv sida', quantity: 1, unitPriceOre: 1_075, vatRate: 6 }, // 64,5 öre → 65
          { description: 'Skylt', quantity: 3, unitPriceOre: 2, vatRate: 25 }, // 1,5 öre → 2
          { description: 'Presentkort', quantity: 2, unitPriceOre: 10_000, vatRate: 0, kind: 'giftcard' },
        ],
      }),
    );
    expect(inv).toMatchObject({ netOre: 1_075 + 6 + 20_000, vatOre: 65 + 2, totalOre: 21_081 + 67, issueDate: '2026-12-11', dueDate: '2027-01-10', status: 'open', paidOre: 0 });
    await expect(billing.createInvoice(systemActor, city.id, buildInvoiceInput({ lines: [{ description: 'Presentkort', quantity: 1, unitPriceOre: 100, vatRate: 25, kind: 'giftcard' }] }))).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('returns the existing invoice for a source that already has one', async () => {
    const { services } = ctx();
    const { billing } = setUp(ctx());
    const city = await insertCity(services);
    const first = await billing.createInvoice(systemActor, city.id, buildInvoiceInput({ source: { type: 'giftcard_order', id: 'order-1' } }));
    const again = await billing.createInvoice(systemActor, city.id, buildInvoiceInput({ source: { type: 'giftcard_order', id: 'order-1' } }));
    expect(again.id).toBe(first.id);
    expect((await billing.createInvoice(systemActor, city.id, buildInvoiceInput())).number).toBe(first.number + 1);
  });

  it('takes a partial then a full payment, marks it paid and runs onPaid exactly once', async () => {
    const { services } = ctx();
    const { billing, paid, payments } = setUp(ctx());
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const inv = await billing.createInvoice(admin.actor, city.id, buildInvoiceInput());
    const first = await billing.registerPayment(admin.actor, city.id, inv.id, { amountOre: 200_000, paidOn: '2026-12-20', method: 'bankgiro', reference: inv.ocr });
    expect(first.invoice).toMatchObject({ status: 'open', paidOre: 200_000 });
    expect(paid).toHaveLength(0);
    await expect(billing.registerPayment(admin.actor, city.id, inv.id, { amountOre: 300_001, paidOn: '2026-12-21', method: 'manual' })).rejects.toMatchObject({ code: 'billing.overpayment' });
    const second = await billing.registerPayment(admin.actor, city.id, inv.id, { amountOre: 300_000, paidOn: '2026-12-21', method: 'manual' });
    expect(second.invoice).toMatchObject({ status: 'paid', paidOre: 500_000 });
    expect(second.invoice.paidAt).toBeInstanceOf(Date);
    expect(paid.map((p) => p.id)).toEqual([inv.id]);
    await expect(billing.registerPayment(admin.actor, city.id, inv.id, { amountOre: 1, paidOn: '2026-12-22', method: 'manual' })).rejects.toMatchObject({ code: 'billing.already_paid' });
    expect(paid).toHaveLength(1);
    expect((await billing.listPayments(admin.actor, city.id, inv.id)).map((p) => p.amountOre)).toEqual([200_000, 300_000]);
    // onPayment saw each payment, partial and full, with the invoice as it stood after it.
    expect(payments).toEqual([
      { invoice: inv.number, amountOre: 200_000, paidOre: 200_000 },
      { invoice: inv.number, amountOre: 300_000, paidOre: 500_000 },
    ]);
    expect((await billing.list(admin.actor, city.id, { status: 'paid' })).map((i) => i.id)).toEqual([inv.id]);
    expect(await billing.list(admin.actor, city.id, { status: 'open' })).toEqual([]);
  });

  it('rolls the payment back when an onPaid listener fails, since it runs in the same transaction', async () => {
    const { services } = ctx();
    const { billing } = setUp(ctx());
    billing.onPaid(async (invoice) => {
      if (invoice.customer.name === 'Trasig AB') throw new Error('activation failed');
    });
    const city = await insertCity(services);
    const inv = await billing.createInvoice(systemActor, city.id, buildInvoiceInput({ customer: { name: 'Trasig AB', email: 'a@b.test' } }));
    await expect(billing.registerPayment(systemActor, city.id, inv.id, { amountOre: inv.totalOre, paidOn: '2026-12-20', method: 'bankgiro' })).rejects.toThrow('activation failed');
    expect(await billing.get(systemActor, city.id, inv.id)).toMatchObject({ status: 'open', paidOre: 0 });
    expect(await billing.listPayments(systemActor, city.id, inv.id)).toEqual([]);
  });

  it('rolls a partial payment back when an onPayment listener fails', async () => {
    const { services } = ctx();
    const { billing } = setUp(ctx());
    billing.onPayment(async (invoice) => {
      if (invoice.customer.name === 'Trasig AB') throw new Error('receivable not recorded');
    });
    const city = await insertCity(services);
    const inv = await billing.createInvoice(systemActor, city.id, buildInvoiceInput({ customer: { name: 'Trasig AB', email: 'a@b.test' } }));
    await expect(billing.registerPayment(systemActor, city.id, inv.id, { amountOre: 1_000, paidOn: '2026-12-20', method: 'bankgiro' })).rejects.toThrow('receivable not recorded');
    expect(await billing.get(systemActor, city.id, inv.id)).toMatchObject({ status: 'open', paidOre: 0 });
    expect(await billing.listPayments(systemActor, city.id, inv.id)).toEqual([]);
  });

  it('keeps other cities’ admins, staff and merchants away from an invoice', async () => {
    const { services } = ctx();
    const { billing } = setUp(ctx());
    const city = await insertCity(services);
    const other = await insertCity(services);
    const foreign = await insertUser(services, 'association-admin', other);
    const staff = await insertUser(services, 'association-staff', city);
    const inv = await billing.createInvoice(systemActor, city.id, buildInvoiceInput());
    const payment = { amountOre: 100, paidOn: '2026-12-20', method: 'manual' } as const;
    await expect(billing.get(foreign.actor, city.id, inv.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(billing.get(foreign.actor, other.id, inv.id)).rejects.toMatchObject({ code: 'billing.invoice_not_found' });
    await expect(billing.registerPayment(foreign.actor, city.id, inv.id, payment)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(billing.registerPayment(foreign.actor, other.id, inv.id, payment)).rejects.toMatchObject({ code: 'billing.invoice_not_found' });
    expect(await billing.list(foreign.actor, other.id)).toEqual([]);
    await expect(billing.list(staff.actor, city.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(billing.createInvoice(staff.actor, city.id, buildInvoiceInput())).rejects.toMatchObject({ code: 'forbidden' });
    expect((await billing.get(systemActor, city.id, inv.id)).paidOre).toBe(0);
  });

  it('voids an open invoice without payments; its number stays used', async () => {
    const { services } = ctx();
    const { billing } = setUp(ctx());
    const city = await insertCity(services);
    const inv = await billing.createInvoice(systemActor, city.id, buildInvoiceInput());
    expect((await billing.voidInvoice(systemActor, city.id, inv.id, 'fel kund')).status).toBe('void');
    await expect(billing.registerPayment(systemActor, city.id, inv.id, { amountOre: 1, paidOn: '2026-12-20', method: 'manual' })).rejects.toMatchObject({ code: 'billing.invoice_closed' });
    expect((await billing.createInvoice(systemActor, city.id, buildInvoiceInput())).number).toBe(inv.number + 1);
  });

  it('renders a Swedish PDF with the number, OCR, bankgiro and the gift card VAT note', async () => {
    const { services } = ctx();
    const { billing } = setUp(ctx());
    const city = await insertCity(services);
    const inv = await billing.createInvoice(systemActor, city.id, buildInvoiceInput());
    const pdf = await billing.renderInvoicePdf(inv, seller);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfToText(pdf);
    if (text === null) return; // poppler-utils not installed
    for (const expected of ['Faktura', 'Fakturanummer', `${inv.number}`, 'OCR-nummer', inv.ocr, 'Bankgiro', '5050-1055', 'Att betala', '5 000,00 kr', 'Förfallodatum', '2027-01-10', 'Testköpings kommun', 'Er referens: Åsa Öberg', 'Presentkort är flerfunktionsvouchrar; moms redovisas när kortet används.']) {
      expect(text).toContain(expected);
    }
    await expect(billing.renderInvoicePdf(inv, { ...seller, bankgiro: '123' })).rejects.toMatchObject({ code: 'billing.seller_incomplete' });
  });

  it('e-mails the invoice details and OCR through the outbox', async () => {
    const { services } = ctx();
    const { billing } = setUp(ctx());
    const city = await insertCity(services);
    const inv = await billing.createInvoice(systemActor, city.id, buildInvoiceInput());
    const { messageId } = await billing.emailInvoice(systemActor, city.id, inv.id, seller);
    const message = await services.outbox.get(messageId);
    expect(message).toMatchObject({ recipient: 'ekonomi@kommun.test', subject: `Faktura ${inv.number} från Testköpings Citysamverkan`, template: 'billing.invoice' });
    expect(message!.textBody).toContain(`OCR-nummer: ${inv.ocr}`);
    expect(message!.textBody).toContain('Bankgiro: 5050-1055');
    expect(message!.textBody).toContain('5\u00a0000,00\u00a0kr');
  });
});
