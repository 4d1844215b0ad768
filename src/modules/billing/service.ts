/**
 * Invoices: numbered per city without gaps, each with an OCR reference, for gift card
 * orders by companies and municipalities now, sponsors and membership fees later.
 * Payments (full or partial) are registered against them; a fully paid invoice tells
 * the registered `onPaid` listeners, inside the same transaction.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, type Actor, type Role } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { DomainError, validationError } from '../../platform/errors.js';
import { formatBankgiro, isValidBankgiro, isValidOcrReference } from '../../platform/identity/payment-references.js';
import { parseOrgNumber } from '../../platform/identity/org-number.js';
import { formatDateLong } from '../../platform/i18n/format.js';
import type { Outbox } from '../../platform/messaging/outbox.js';
import { addDays, isValidDate, zonedParts, STOCKHOLM } from '../../platform/time/zoned.js';
import { invoiceCounters, invoicePayments, invoices, type InvoiceCustomer, type InvoiceLine, type VatRate } from './schema.js';
import { computeTotals, formatInvoiceAmount, ocrForInvoiceNumber } from './totals.js';
import { renderInvoicePdf } from './invoice-pdf.js';

export type InvoiceStatus = 'open' | 'paid' | 'credited' | 'void';
export type Invoice = Omit<typeof invoices.$inferSelect, 'status'> & { status: InvoiceStatus };
export type InvoicePayment = typeof invoicePayments.$inferSelect;
export type PaymentMethod = 'bankgiro' | 'manual' | 'swish' | 'transfer';

/** The association as it appears on its invoices; given per call (it lives in the city's settings). */
export interface InvoiceSeller {
  name: string;
  /** NNNNNN-NNNN */
  orgNumber: string;
  /** Postal address, one printed line each. */
  address: string[];
  bankgiro: string;
  email: string;
  phone?: string;
  /** "SE556677889901"; printed when the association is VAT-registered. */
  vatNumber?: string;
}

/**
 * Runs when an invoice becomes fully paid, inside the transaction that registered the
 * last payment: what it writes commits or rolls back with the payment, and a listener
 * that throws undoes the payment. Use `tx` for every query.
 */
export type PaidListener = (invoice: Invoice, tx: Executor) => Promise<void>;

/**
 * Runs for every payment registered, full or partial, inside the transaction that
 * registers it (after the invoice row is updated, before the onPaid listeners): what it
 * writes commits or rolls back with the payment. Campaigns record a sponsor's payment
 * against its receivable here.
 */
export type PaymentListener = (invoice: Invoice, payment: InvoicePayment, tx: Executor) => Promise<void>;

const ADMIN: readonly Role[] = ['association-admin'];
const DEFAULT_DUE_DAYS = 30;

const isoDate = z.string().refine(isValidDate, 'Ett datum som 2026-12-11.');

const orgNumberField = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const parsed = parseOrgNumber(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: 'Organisationsnumret är inte giltigt.' });
      return z.NEVER;
    }
    return parsed.value;
  });

export const InvoiceCustomerInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  orgNumber: orgNumberField.optional(),
  email: z.email().max(200),
  addressLines: z.array(z.string().trim().min(1).max(120)).max(6).default([]),
  reference: z.string().trim().max(120).optional(),
});

export const InvoiceLineInput = z
  .strictObject({
    description: z.string().trim().min(1).max(300),
    quantity: z.number().int().min(1).max(100_000),
    /** Excluding VAT; negative for a discount line. */
    unitPriceOre: z.number().int().min(-10_000_000_000).max(10_000_000_000),
    vatRate: z.union([z.literal(0), z.literal(6), z.literal(12), z.literal(25)]),
    kind: z.enum(['giftcard', 'membership_fee']).optional(),
  })
  .refine((l) => l.kind === undefined || l.vatRate === 0, { message: 'Presentkort och medlemsavgifter är momsfria (0 %).', path: ['vatRate'] });

export const InvoiceInput = z.strictObject({
  customer: InvoiceCustomerInput,
  lines: z.array(InvoiceLineInput).min(1).max(200),
  /** Default: today in Stockholm. */
  issueDate: isoDate.optional(),
  /** Default: 30 days after the issue date. */
  dueDate: isoDate.optional(),
  note: z.string().trim().max(1000).optional(),
  /** What the invoice is for: one invoice per source and city. */
  source: z.strictObject({ type: z.string().min(1).max(40), id: z.string().min(1).max(100) }).optional(),
});
export type InvoiceInput = z.input<typeof InvoiceInput>;

export const PaymentInput = z.strictObject({
  amountOre: z.number().int().min(1),
  paidOn: isoDate,
  method: z.enum(['bankgiro', 'manual', 'swish', 'transfer']),
  reference: z.string().trim().max(200).default(''),
});
export type PaymentInput = z.input<typeof PaymentInput>;

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(r.error.issues.map((i) => ({ path: '/' + i.path.map(String).join('/'), message: i.message, code: i.code })));
  return r.data;
}

const notFound = () => new DomainError('billing.invoice_not_found', 'Fakturan finns inte.');
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const asInvoice = (row: typeof invoices.$inferSelect): Invoice => row as Invoice;

/** Checks the seller details an invoice cannot do without; throws billing.seller_incomplete. */
export function assertSellerComplete(seller: Partial<InvoiceSeller> | null | undefined): asserts seller is InvoiceSeller {
  const missing: string[] = [];
  if (!seller?.name?.trim()) missing.push('namn');
  if (!seller?.orgNumber || !parseOrgNumber(seller.orgNumber).ok) missing.push('organisationsnummer');
  if (!seller?.address?.length) missing.push('adress');
  if (!seller?.bankgiro || !isValidBankgiro(seller.bankgiro)) missing.push('bankgiro');
  if (!seller?.email) missing.push('e-post');
  if (missing.length > 0) throw new DomainError('billing.seller_incomplete', `Föreningens fakturauppgifter saknas: ${missing.join(', ')}.`, { missing });
}

export type BillingService = ReturnType<typeof createBillingService>;

export function createBillingService(deps: { db: Db; clock: Clock; audit: AuditLog; outbox: Outbox }) {
  const { db, clock, audit, outbox } = deps;
  const paidListeners: PaidListener[] = [];
  const paymentListeners: PaymentListener[] = [];

  const today = () => zonedParts(clock.now(), STOCKHOLM).date;

  /** The next number in the city; the row lock is held until the caller's transaction ends, so numbers have no gaps. */
  async function takeNumber(tx: Executor, cityId: string): Promise<number> {
    await tx.insert(invoiceCounters).values({ cityId, lastNumber: 0 }).onConflictDoNothing();
    const [row] = await tx
      .update(invoiceCounters)
      .set({ lastNumber: sql`${invoiceCounters.lastNumber} + 1` })
      .where(eq(invoiceCounters.cityId, cityId))
      .returning({ n: invoiceCounters.lastNumber });
    return row!.n;
  }

  async function insertInvoice(tx: Executor, actor: Actor, cityId: string, input: InvoiceInput): Promise<Invoice> {
    const data = parseOrThrow(InvoiceInput, input);
    if (data.source) {
      const [existing] = await tx
        .select()
        .from(invoices)
        .where(and(eq(invoices.cityId, cityId), eq(invoices.sourceType, data.source.type), eq(invoices.sourceId, data.source.id)));
      if (existing) return asInvoice(existing);
    }
    const lines: InvoiceLine[] = data.lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPriceOre: l.unitPriceOre, vatRate: l.vatRate as VatRate, ...(l.kind ? { kind: l.kind } : {}) }));
    const totals = computeTotals(lines);
    if (totals.totalOre <= 0) throw validationError([{ path: '/lines', message: 'Fakturans belopp måste vara större än noll.', code: 'too_small' }]);
    const issueDate = data.issueDate ?? today();
    const dueDate = data.dueDate ?? addDays(issueDate, DEFAULT_DUE_DAYS);
    if (dueDate < issueDate) throw validationError([{ path: '/dueDate', message: 'Förfallodagen kan inte vara före fakturadatum.', code: 'too_small' }]);
    const customer: InvoiceCustomer = {
      name: data.customer.name,
      email: data.customer.email,
      addressLines: data.customer.addressLines,
      ...(data.customer.orgNumber ? { orgNumber: data.customer.orgNumber } : {}),
      ...(data.customer.reference ? { reference: data.customer.reference } : {}),
    };
    const number = await takeNumber(tx, cityId);
    const [row] = await tx
      .insert(invoices)
      .values({
        cityId,
        number,
        ocr: ocrForInvoiceNumber(number),
        customer,
        lines,
        netOre: totals.netOre,
        vatOre: totals.vatOre,
        totalOre: totals.totalOre,
        note: data.note ?? '',
        issueDate,
        dueDate,
        status: 'open',
        sourceType: data.source?.type ?? null,
        sourceId: data.source?.id ?? null,
        createdAt: clock.now(),
      })
      .returning();
    await audit.record({ cityId, actor, action: 'invoice.create', entityType: 'invoice', entityId: row!.id, data: { number, totalOre: totals.totalOre, source: data.source ?? null } }, tx);
    return asInvoice(row!);
  }

  async function lockInvoice(tx: Executor, cityId: string, invoiceId: string): Promise<Invoice> {
    if (!isUuid(invoiceId)) throw notFound();
    const [row] = await tx.select().from(invoices).where(and(eq(invoices.cityId, cityId), eq(invoices.id, invoiceId))).for('update');
    if (!row) throw notFound();
    return asInvoice(row);
  }

  async function applyPayment(tx: Executor, actor: Actor, cityId: string, invoiceId: string, input: PaymentInput): Promise<{ invoice: Invoice; payment: InvoicePayment }> {
    const data = parseOrThrow(PaymentInput, input);
    const invoice = await lockInvoice(tx, cityId, invoiceId);
    if (invoice.status === 'paid') throw new DomainError('billing.already_paid', `Faktura ${invoice.number} är redan betald.`);
    if (invoice.status !== 'open') throw new DomainError('billing.invoice_closed', `Faktura ${invoice.number} är ${invoice.status === 'void' ? 'makulerad' : 'krediterad'}.`);
    const remaining = invoice.totalOre - invoice.paidOre;
    if (data.amountOre > remaining) {
      throw new DomainError('billing.overpayment', `Det återstår ${formatInvoiceAmount(remaining)} att betala på faktura ${invoice.number}.`, { remainingOre: remaining });
    }
    const [payment] = await tx
      .insert(invoicePayments)
      .values({ invoiceId, cityId, amountOre: data.amountOre, paidOn: data.paidOn, method: data.method, reference: data.reference, registeredBy: actor.label, createdAt: clock.now() })
      .returning();
    const paidOre = invoice.paidOre + data.amountOre;
    const isPaid = paidOre === invoice.totalOre;
    const [updated] = await tx
      .update(invoices)
      .set({ paidOre, ...(isPaid ? { status: 'paid', paidAt: clock.now() } : {}) })
      .where(eq(invoices.id, invoiceId))
      .returning();
    const result = asInvoice(updated!);
    await audit.record({ cityId, actor, action: 'invoice.payment', entityType: 'invoice', entityId: invoiceId, data: { amountOre: data.amountOre, method: data.method, paidOre, isPaid } }, tx);
    for (const listener of paymentListeners) await listener(result, payment!, tx);
    if (isPaid) for (const listener of paidListeners) await listener(result, tx);
    return { invoice: result, payment: payment! };
  }

  return {
    /**
     * Registers a hook run when an invoice becomes fully paid — once per invoice, inside
     * the paying transaction (see PaidListener). The gift card module activates the
     * cards of an invoiced order here.
     */
    onPaid(listener: PaidListener): void {
      paidListeners.push(listener);
    },

    /** Registers a hook run for every payment registered, inside its transaction (see PaymentListener). */
    onPayment(listener: PaymentListener): void {
      paymentListeners.push(listener);
    },

    /**
     * Creates an invoice with the next number of the city and its OCR reference.
     * Association admins or the system. Pass `ex` to create it in the caller's
     * transaction (e.g. with the gift card order it bills). An invoice for a `source`
     * that already has one is returned unchanged, so retries are safe.
     */
    async createInvoice(actor: Actor, cityId: string, input: InvoiceInput, ex?: Executor): Promise<Invoice> {
      authorize(actor, { cityId, roles: ADMIN });
      if (ex) return insertInvoice(ex, actor, cityId, input);
      return db.transaction((tx) => insertInvoice(tx, actor, cityId, input));
    },

    /** One invoice of the city; billing.invoice_not_found for another city's. */
    async get(actor: Actor, cityId: string, invoiceId: string): Promise<Invoice> {
      authorize(actor, { cityId, roles: ADMIN });
      if (!isUuid(invoiceId)) throw notFound();
      const [row] = await db.select().from(invoices).where(and(eq(invoices.cityId, cityId), eq(invoices.id, invoiceId)));
      if (!row) throw notFound();
      return asInvoice(row);
    },

    /** The invoice with this OCR reference (spaces allowed), for matching incoming payments. */
    async findByOcr(actor: Actor, cityId: string, ocr: string): Promise<Invoice | null> {
      authorize(actor, { cityId, roles: ADMIN });
      const digits = ocr.replace(/\s+/g, '');
      if (!isValidOcrReference(digits)) throw new DomainError('billing.invalid_ocr', `”${ocr}” är inte ett giltigt OCR-nummer.`);
      const [row] = await db.select().from(invoices).where(and(eq(invoices.cityId, cityId), eq(invoices.ocr, digits)));
      return row ? asInvoice(row) : null;
    },

    /** The city's invoices, newest number first. */
    async list(actor: Actor, cityId: string, options: { status?: InvoiceStatus; limit?: number } = {}): Promise<Invoice[]> {
      authorize(actor, { cityId, roles: ADMIN });
      const rows = await db
        .select()
        .from(invoices)
        .where(and(eq(invoices.cityId, cityId), options.status ? eq(invoices.status, options.status) : undefined))
        .orderBy(desc(invoices.number))
        .limit(Math.max(1, Math.min(options.limit ?? 200, 1000)));
      return rows.map(asInvoice);
    },

    /** Payments registered against an invoice, by payment date. */
    async listPayments(actor: Actor, cityId: string, invoiceId: string): Promise<InvoicePayment[]> {
      authorize(actor, { cityId, roles: ADMIN });
      if (!isUuid(invoiceId)) throw notFound();
      return db
        .select()
        .from(invoicePayments)
        .where(and(eq(invoicePayments.cityId, cityId), eq(invoicePayments.invoiceId, invoiceId)))
        .orderBy(asc(invoicePayments.paidOn), asc(invoicePayments.createdAt), asc(invoicePayments.id));
    },

    /**
     * Registers a payment, full or partial. Refuses more than what remains
     * (billing.overpayment) and paid or closed invoices. When the invoice becomes fully
     * paid its status turns 'paid' and the onPaid listeners run in this transaction.
     * Pass `ex` to run in the caller's transaction (a bank file import).
     */
    async registerPayment(actor: Actor, cityId: string, invoiceId: string, input: PaymentInput, ex?: Executor): Promise<{ invoice: Invoice; payment: InvoicePayment }> {
      authorize(actor, { cityId, roles: ADMIN });
      if (ex) return applyPayment(ex, actor, cityId, invoiceId, input);
      return db.transaction((tx) => applyPayment(tx, actor, cityId, invoiceId, input));
    },

    /** Makes an open invoice without payments void (a mistake); its number stays used. */
    async voidInvoice(actor: Actor, cityId: string, invoiceId: string, reason: string): Promise<Invoice> {
      authorize(actor, { cityId, roles: ADMIN });
      return db.transaction(async (tx) => {
        const invoice = await lockInvoice(tx, cityId, invoiceId);
        if (invoice.status === 'paid') throw new DomainError('billing.already_paid', `Faktura ${invoice.number} är redan betald.`);
        if (invoice.status !== 'open') throw new DomainError('billing.invoice_closed', `Faktura ${invoice.number} är redan stängd.`);
        if (invoice.paidOre > 0) throw new DomainError('billing.has_payments', `Faktura ${invoice.number} har betalningar; kreditera den i stället.`);
        const [row] = await tx.update(invoices).set({ status: 'void' }).where(eq(invoices.id, invoiceId)).returning();
        await audit.record({ cityId, actor, action: 'invoice.void', entityType: 'invoice', entityId: invoiceId, data: { number: invoice.number, reason } }, tx);
        return asInvoice(row!);
      });
    },

    /** The invoice as an A4 PDF (Swedish). Pure: callers fetch the invoice (authorised) first. */
    async renderInvoicePdf(invoice: Invoice, seller: InvoiceSeller): Promise<Buffer> {
      assertSellerComplete(seller);
      return renderInvoicePdf(invoice, seller, { createdAt: clock.now() });
    },

    /**
     * E-mails the invoice details (amount, due date, OCR, bankgiro) to the customer
     * through the outbox. The outbox sends text only, no attachments: the PDF is
     * downloaded by the association's admins (and sent by hand when a buyer's
     * accounts-payable requires one); the e-mail says it can be asked for.
     */
    async emailInvoice(actor: Actor, cityId: string, invoiceId: string, seller: InvoiceSeller, ex?: Executor): Promise<{ messageId: string }> {
      authorize(actor, { cityId, roles: ADMIN });
      assertSellerComplete(seller);
      const run = async (tx: Executor) => {
        const [row] = await tx.select().from(invoices).where(and(eq(invoices.cityId, cityId), eq(invoices.id, invoiceId)));
        if (!row) throw notFound();
        const invoice = asInvoice(row);
        const messageId = await outbox.enqueueEmail({ cityId, to: invoice.customer.email, template: 'billing.invoice', subject: `Faktura ${invoice.number} från ${seller.name}`, text: invoiceEmailText(invoice, seller), meta: { invoiceId } }, tx);
        await audit.record({ cityId, actor, action: 'invoice.email', entityType: 'invoice', entityId: invoiceId, data: { to: invoice.customer.email } }, tx);
        return { messageId };
      };
      if (!isUuid(invoiceId)) throw notFound();
      return ex ? run(ex) : db.transaction(run);
    },
  };
}

/** The invoice e-mail's text: everything needed to pay without the PDF. */
export function invoiceEmailText(invoice: Invoice, seller: InvoiceSeller): string {
  const hasGiftcards = invoice.lines.some((l) => l.kind === 'giftcard');
  return [
    'Hej!',
    '',
    `Här kommer faktura ${invoice.number} från ${seller.name}.`,
    '',
    ...invoice.lines.map((l) => `  ${l.quantity} × ${l.description}: ${formatInvoiceAmount(l.quantity * l.unitPriceOre)}${l.vatRate > 0 ? ` + moms ${l.vatRate} %` : ''}`),
    '',
    `Att betala: ${formatInvoiceAmount(invoice.totalOre - invoice.paidOre)}`,
    `Förfallodatum: ${formatDateLong(invoice.dueDate, 'sv', { withYear: true })} (${invoice.dueDate})`,
    `Bankgiro: ${formatBankgiro(seller.bankgiro)}`,
    `OCR-nummer: ${invoice.ocr}`,
    '',
    'Ange OCR-numret när du betalar, så kopplas betalningen till fakturan.',
    ...(hasGiftcards ? ['Presentkort är flerfunktionsvouchrar; moms redovisas när kortet används.'] : []),
    ...(invoice.customer.reference ? [`Er referens: ${invoice.customer.reference}`] : []),
    '',
    `Behöver ni fakturan som PDF, svara på det här mejlet eller skriv till ${seller.email}.`,
    '',
    `Hälsningar, ${seller.name}`,
    [seller.orgNumber && `Org.nr ${seller.orgNumber}`, ...seller.address].filter(Boolean).join(', '),
  ].join('\n');
}
