/**
 * Invoice arithmetic, pure: line amounts, VAT per line rounded half-up to whole öre,
 * totals, the OCR reference of an invoice number, and amounts as printed on invoices.
 */
import { createOcrReference } from '../../platform/identity/payment-references.js';
import type { InvoiceLine, VatRate } from './schema.js';

export const vatRates: readonly VatRate[] = [0, 6, 12, 25];

/**
 * Added to the invoice number before it becomes an OCR reference, so references are at
 * least 8 digits (a short reference is easy to mistype into another valid one) and
 * never start with 0. The same in every city: each association has its own bankgiro.
 */
export const OCR_BASE = 100_000;

/** The OCR reference of invoice number `n`: OCR_BASE + n, a length digit, a Luhn digit. */
export function ocrForInvoiceNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Invoice numbers start at 1, got ${n}`);
  return createOcrReference(String(OCR_BASE + n));
}

/**
 * `ore * rate / 100`, rounded half away from zero to whole öre (the rounding Swedish
 * VAT practice calls half-up: 0,5 öre rounds up; a discount line mirrors it).
 * Exact: computed in BigInt.
 */
export function vatOf(netOre: number, rate: VatRate): number {
  const scaled = BigInt(netOre) * BigInt(rate);
  const magnitude = scaled < 0n ? -scaled : scaled;
  const rounded = (magnitude + 50n) / 100n;
  return Number(scaled < 0n ? -rounded : rounded);
}

export interface LineTotals extends InvoiceLine {
  netOre: number;
  vatOre: number;
}

export interface InvoiceTotals {
  lines: LineTotals[];
  netOre: number;
  vatOre: number;
  totalOre: number;
  /** Net and VAT per rate that occurs, for the VAT summary on the invoice. */
  byRate: Array<{ vatRate: VatRate; netOre: number; vatOre: number }>;
}

/** Totals of invoice lines: VAT is rounded on each line, then summed. */
export function computeTotals(lines: readonly InvoiceLine[]): InvoiceTotals {
  const withTotals = lines.map((line) => {
    const netOre = line.quantity * line.unitPriceOre;
    if (!Number.isSafeInteger(netOre)) throw new RangeError('Line amount out of range');
    return { ...line, netOre, vatOre: vatOf(netOre, line.vatRate) };
  });
  const netOre = withTotals.reduce((s, l) => s + l.netOre, 0);
  const vatOre = withTotals.reduce((s, l) => s + l.vatOre, 0);
  const byRate = vatRates
    .map((vatRate) => {
      const of = withTotals.filter((l) => l.vatRate === vatRate);
      return { vatRate, netOre: of.reduce((s, l) => s + l.netOre, 0), vatOre: of.reduce((s, l) => s + l.vatOre, 0), present: of.length > 0 };
    })
    .filter((r) => r.present)
    .map(({ present: _present, ...r }) => r);
  return { lines: withTotals, netOre, vatOre, totalOre: netOre + vatOre, byRate };
}

const invoiceMoney = new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * "1 250,00 kr": invoices always show öre (unlike `formatOre` on pages, which drops
 * ",00"), so columns line up and the amount to pay is unambiguous.
 */
export function formatInvoiceAmount(ore: number): string {
  if (!Number.isSafeInteger(ore)) throw new RangeError(`Expected whole öre, got ${ore}`);
  const abs = Math.abs(ore);
  return invoiceMoney.format(`${ore < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}` as `${number}`);
}

/** "25 %" */
export const formatVatRate = (rate: VatRate): string => `${rate}\u00a0%`;

/**
 * Kronor as people type them ("1 250", "1 250,50", "1250.5", "12,50 kr") → öre; null
 * when it is not an amount with at most two decimals.
 */
export function parseKronor(input: string): number | null {
  const compact = input.replace(/[\s\u00a0\u202f]/g, '').replace(/kr\.?$/i, '').replace(/:-$/, '');
  const m = /^(\d{1,12})(?:[,.](\d{1,2}))?$/.exec(compact);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
