import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../cities/schema.js';

/** The buyer as printed on the invoice. */
export interface InvoiceCustomer {
  name: string;
  /** Canonical NNNNNN-NNNN when the buyer is an organisation. */
  orgNumber?: string;
  email: string;
  /** Postal address, one printed line each ("Storgatan 1", "123 45 Demoköping"). */
  addressLines: string[];
  /** "Er referens": the buyer's contact or purchase order number. */
  reference?: string;
}

/** VAT rates used in Sweden, in per cent. 0 for VAT-free lines (gift cards, membership fees). */
export type VatRate = 0 | 6 | 12 | 25;

export interface InvoiceLine {
  description: string;
  quantity: number;
  /** Excluding VAT, in öre. */
  unitPriceOre: number;
  vatRate: VatRate;
  /**
   * Why a VAT-free line is VAT-free, printed on the invoice: a city gift card is a
   * multi-purpose voucher (VAT is accounted when it is used), a membership fee is
   * outside the scope of VAT. Absent for ordinary goods and services.
   */
  kind?: 'giftcard' | 'membership_fee';
}

/**
 * Numbered invoices with OCR references: gift card orders by companies and
 * municipalities now, sponsors and membership fees later. Amounts in öre.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    /** 1, 2, 3 … per city without gaps (taken from `invoice_counters` in the same transaction). */
    number: integer('number').notNull(),
    /** Bankgirot OCR reference derived from the number: digits, length digit, Luhn digit. */
    ocr: text('ocr').notNull(),
    customer: jsonb('customer').$type<InvoiceCustomer>().notNull(),
    lines: jsonb('lines').$type<InvoiceLine[]>().notNull(),
    netOre: bigint('net_ore', { mode: 'number' }).notNull(),
    vatOre: bigint('vat_ore', { mode: 'number' }).notNull(),
    totalOre: bigint('total_ore', { mode: 'number' }).notNull(),
    /** Printed under the lines, e.g. why a line carries no VAT. */
    note: text('note').notNull().default(''),
    issueDate: date('issue_date').notNull(),
    dueDate: date('due_date').notNull(),
    status: text('status').notNull().default('open'), // 'open' | 'paid' | 'credited' | 'void'
    paidOre: bigint('paid_ore', { mode: 'number' }).notNull().default(0),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    /** What the invoice is for, e.g. ('giftcard_order', order id): one invoice per source. */
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('invoices_city_number_key').on(t.cityId, t.number),
    uniqueIndex('invoices_city_ocr_key').on(t.cityId, t.ocr),
    uniqueIndex('invoices_city_source_key').on(t.cityId, t.sourceType, t.sourceId),
    index('invoices_city_status_due_idx').on(t.cityId, t.status, t.dueDate),
    check('invoices_status_check', sql`${t.status} in ('open', 'paid', 'credited', 'void')`),
    check('invoices_paid_check', sql`${t.paidOre} >= 0 and ${t.paidOre} <= ${t.totalOre}`),
  ],
);

/** The last invoice number used in a city; locked by `UPDATE … RETURNING` so numbers have no gaps. */
export const invoiceCounters = pgTable('invoice_counters', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => cities.id),
  lastNumber: integer('last_number').notNull().default(0),
});

/** Money received against an invoice: one row a payment, full or partial. */
export const invoicePayments = pgTable(
  'invoice_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    amountOre: bigint('amount_ore', { mode: 'number' }).notNull(),
    paidOn: date('paid_on').notNull(),
    method: text('method').notNull(), // 'bankgiro' | 'manual' | 'swish' | 'transfer'
    /** The bank's or payer's reference (OCR as paid, BgMax transaction, a note). */
    reference: text('reference').notNull().default(''),
    /** Actor id (user id, 'system:…'). */
    registeredBy: text('registered_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('invoice_payments_invoice_idx').on(t.invoiceId), check('invoice_payments_amount_check', sql`${t.amountOre} > 0`)],
);
