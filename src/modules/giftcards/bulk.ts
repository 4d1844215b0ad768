/**
 * Bulk orders: a company, a municipality or the association orders many cards at once,
 * either one per named recipient (a CSV list: each gets an e-mail) or N anonymous cards
 * handed over as one file of codes. The list is checked row by row before anything is
 * written: one bad row and nothing is created, and the report names every bad row.
 */
import { parse } from 'csv-parse/sync';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/roles.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { isValidOrgNumber } from '../../platform/identity/org-number.js';
import { zonedParts } from '../../platform/time/zoned.js';
import { formatCode } from './codes.js';
import { balanceLink } from './mail.js';
import type { Product } from './products.js';
import { giftcards as giftcardsTable } from './schema.js';
import { MAX_CARDS_PER_ORDER, type GiftcardService, type Order } from './service.js';
import type { PaymentGateway } from './payment-gateway.js';

// ── Amounts ──────────────────────────────────────────────────────────────────

/**
 * Kronor as people type them, to öre: "120", "120,50", "120.50", "1 200", "1 200 kr".
 * Null for anything else (negative, more than two decimals, letters).
 */
export function parseKronor(input: string): number | null {
  const cleaned = input
    .trim()
    .replace(/\s*(kr|kronor|sek)\.?$/i, '')
    .replace(/[\s\u00a0\u202f]/g, '');
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const ore = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(ore) ? ore : null;
}

/** "500" or "120,50": kronor for a file a spreadsheet opens in Swedish. */
export const kronorText = (ore: number): string => (ore % 100 === 0 ? String(ore / 100) : `${Math.floor(ore / 100)},${String(ore % 100).padStart(2, '0')}`);

// ── CSV reading shared by bulk orders and imports ───────────────────────────

/** One problem in an uploaded file. `row` is the line in the file (the header is 1); null for the file as a whole. */
export interface RowError {
  row: number | null;
  column: string | null;
  message: string;
}

export interface CsvRow {
  /** Line in the file where the record starts (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

/**
 * Reads a CSV with a header row: `;` or `,` (whichever the header uses), a BOM or
 * none, quoted fields. `columns` maps each field to the header names accepted for it
 * (lower case); `required` fields must have a column.
 */
export function readCsv(text: string, columns: Record<string, readonly string[]>, required: readonly string[]): { rows: CsvRow[]; errors: RowError[] } {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? null;
    return { rows: [], errors: [{ row: line, column: null, message: `Filen kunde inte läsas som CSV (${(err as Error).message.split('\n')[0]}).` }] };
  }
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [{ row: null, column: null, message: 'Filen är tom.' }] };
  const fieldOf = new Map<string, string>();
  for (const [field, names] of Object.entries(columns)) for (const name of names) fieldOf.set(name, field);
  const fields = header.record.map((h) => fieldOf.get(h.trim().toLowerCase().replace(/\s+/g, ' ')) ?? null);
  const errors: RowError[] = [];
  for (const field of required) {
    if (!fields.includes(field)) errors.push({ row: 1, column: columns[field]![0]!, message: `Kolumnen ”${columns[field]![0]}” saknas i rubrikraden (första raden ska vara ${Object.values(columns).map((n) => n[0]).join(';')}).` });
  }
  if (errors.length > 0) return { rows: [], errors };
  if (data.length === 0) return { rows: [], errors: [{ row: null, column: null, message: 'Filen har inga rader under rubrikraden.' }] };
  const rows = data.map(({ record, info }) => {
    const values: Record<string, string> = {};
    fields.forEach((field, i) => {
      if (field) values[field] = (record[i] ?? '').trim();
    });
    // info.lines is the line where the record ends; a record spans one line unless quoted fields hold newlines.
    return { line: info.lines - (record.join('').match(/\n/g)?.length ?? 0), values };
  });
  return { rows, errors };
}

/** Row errors as the `errors[]` of a problem (RFC 9457 extension, see errors.ts). */
export const asFieldErrors = (errors: RowError[]): FieldError[] => errors.map((e) => ({ path: e.row === null ? '/file' : `/rows/${e.row}${e.column ? `/${e.column}` : ''}`, message: e.message, code: 'invalid_row' }));

// ── Recipient lists ─────────────────────────────────────────────────────────

export interface BulkRecipient {
  name: string;
  email: string;
  /** Gift cards: the card's value. Booklets: their fixed value. */
  amountOre: number;
}

const recipientColumns = {
  name: ['namn', 'name', 'mottagare'],
  email: ['e-post', 'epost', 'e-postadress', 'email', 'e-mail', 'mejl'],
  amount: ['belopp', 'belopp (kr)', 'belopp kr', 'belopp_kr', 'kronor', 'amount'],
} as const;

const Email = z.email();

/** Why an amount cannot be sold as this product, or null when it can. */
export function amountProblem(product: Product, amountOre: number): string | null {
  if (product.kind === 'booklet') {
    const face = (product.couponCount ?? 0) * (product.couponValueOre ?? 0);
    return amountOre === face ? null : `${product.name} har ett fast värde på ${kronorText(face)} kr.`;
  }
  const min = product.minAmountOre ?? 100;
  const max = product.maxAmountOre ?? Number.MAX_SAFE_INTEGER;
  if (amountOre % 100 !== 0 || amountOre < min || amountOre > max) return `Ange hela kronor mellan ${kronorText(min)} och ${kronorText(max)} kr.`;
  return null;
}

/**
 * A recipient list (namn;e-post;belopp, amounts in kronor), checked against the
 * product. For a booklet the amount column may be left out.
 */
export function parseRecipientsCsv(text: string, product: Product): { recipients: BulkRecipient[]; errors: RowError[] } {
  const isBooklet = product.kind === 'booklet';
  const { rows, errors } = readCsv(text, recipientColumns, isBooklet ? ['email'] : ['email', 'amount']);
  if (errors.length > 0) return { recipients: [], errors };
  if (rows.length > MAX_CARDS_PER_ORDER) return { recipients: [], errors: [{ row: null, column: null, message: `Högst ${MAX_CARDS_PER_ORDER} mottagare i en beställning; filen har ${rows.length}.` }] };
  const bookletValue = (product.couponCount ?? 0) * (product.couponValueOre ?? 0);
  const recipients: BulkRecipient[] = [];
  for (const { line, values } of rows) {
    const name = values.name ?? '';
    const email = (values.email ?? '').toLowerCase();
    const amountText = values.amount ?? '';
    let ok = true;
    if (name.length > 200) {
      errors.push({ row: line, column: 'namn', message: 'Namnet är för långt (högst 200 tecken).' });
      ok = false;
    }
    if (!email) {
      errors.push({ row: line, column: 'e-post', message: 'E-postadress saknas.' });
      ok = false;
    } else if (!Email.safeParse(email).success) {
      errors.push({ row: line, column: 'e-post', message: `”${email.slice(0, 80)}” är ingen giltig e-postadress.` });
      ok = false;
    }
    let amountOre: number | null = isBooklet && amountText === '' ? bookletValue : parseKronor(amountText);
    if (amountOre === null) {
      errors.push({ row: line, column: 'belopp', message: amountText ? `”${amountText.slice(0, 20)}” är inget belopp i kronor.` : 'Belopp saknas.' });
      ok = false;
    } else {
      const problem = amountProblem(product, amountOre);
      if (problem) {
        errors.push({ row: line, column: 'belopp', message: problem });
        ok = false;
        amountOre = null;
      }
    }
    if (ok && amountOre !== null) recipients.push({ name, email, amountOre });
  }
  return { recipients: errors.length > 0 ? [] : recipients, errors };
}

// ── Placing the order ───────────────────────────────────────────────────────

export interface BulkPayer {
  /** Company or municipality; empty for the association's own orders. */
  companyName: string;
  orgNumber: string;
  email: string;
  /** The buyer's reference for the invoice ("Er referens"). */
  reference: string;
}

export type BulkPayment = 'invoice' | 'activate';

export type BulkOrderInput =
  | { kind: 'recipients'; productSlug: string; recipients: BulkRecipient[]; payer: BulkPayer; payment: BulkPayment }
  | { kind: 'anonymous'; productSlug: string; count: number; amountOre?: number; payer: BulkPayer; payment: BulkPayment };

export interface BulkOrderResult {
  order: Order;
  /** Anonymous cards only: the codes, in clear, this once. Empty for recipient lists (they get e-mails). */
  cards: Array<{ code: string; faceValueOre: number; expiresAt: Date }>;
}

/** Checks the payer's details; an invoice needs a company, an org. number and an address. */
export function payerProblems(payer: BulkPayer, payment: BulkPayment): Record<keyof BulkPayer, string | undefined> {
  return {
    companyName: payment === 'invoice' && !payer.companyName.trim() ? 'Ange företagets eller kommunens namn.' : payer.companyName.length > 200 ? 'Högst 200 tecken.' : undefined,
    orgNumber: payment === 'invoice' && !payer.orgNumber.trim() ? 'Ange organisationsnumret.' : payer.orgNumber.trim() && !isValidOrgNumber(payer.orgNumber) ? 'Organisationsnumret stämmer inte (t.ex. 556677-8899).' : undefined,
    email: !payer.email.trim() ? 'Ange en e-postadress.' : !Email.safeParse(payer.email.trim()).success ? 'Ange en giltig e-postadress, t.ex. ekonomi@foretaget.se.' : undefined,
    reference: payer.reference.length > 100 ? 'Högst 100 tecken.' : undefined,
  };
}

/**
 * Places a bulk order through the gift card service: pending until the invoice is paid,
 * or activated at once. Anonymous cards are marked handed over (the file of codes is
 * their delivery), so activation mails nothing for them; named recipients each get an
 * e-mail when their card is active.
 */
export async function placeBulkOrder(deps: { db: Db; giftcards: GiftcardService; payments: PaymentGateway }, actor: Actor, cityId: string, input: BulkOrderInput): Promise<BulkOrderResult> {
  const { giftcards } = deps;
  const problems = Object.values(payerProblems(input.payer, input.payment)).filter(Boolean);
  if (problems.length > 0) throw new DomainError('validation', problems.join(' '));
  const company = input.payer.companyName.trim()
    ? { name: input.payer.companyName.trim(), orgNumber: input.payer.orgNumber.trim(), email: input.payer.email.trim().toLowerCase(), reference: input.payer.reference.trim() }
    : null;
  const common = {
    productSlug: input.productSlug,
    buyer: { email: input.payer.email, name: input.payer.companyName.trim() },
    company,
    paymentMethod: input.payment === 'invoice' ? ('invoice' as const) : ('none' as const),
    channel: 'bulk' as const,
  };
  const { order, cards } =
    input.kind === 'recipients'
      ? await giftcards.placeOrder(actor, cityId, { ...common, recipients: input.recipients.map((r) => ({ name: r.name, email: r.email, amountOre: r.amountOre })) })
      : await giftcards.placeOrder(actor, cityId, { ...common, quantity: input.count, ...(input.amountOre !== undefined ? { amountOre: input.amountOre } : {}) });
  if (input.kind === 'anonymous') {
    await deps.db
      .update(giftcardsTable)
      .set({ deliveredAt: order.createdAt })
      .where(and(eq(giftcardsTable.orderId, order.id), eq(giftcardsTable.cityId, cityId), isNull(giftcardsTable.deliveredAt)));
  }
  // An invoiced order gets its numbered invoice now; paying it activates the cards.
  if (input.payment === 'invoice') await deps.payments.start(order, { returnUrl: '/', callbackUrl: () => '' });
  const final = input.payment === 'activate' ? await giftcards.activateByAdmin(actor, cityId, order.id) : order;
  return { order: final, cards: input.kind === 'anonymous' ? cards.map((c) => ({ code: c.code, faceValueOre: c.faceValueOre, expiresAt: c.expiresAt })) : [] };
}

/**
 * The file of anonymous cards: code (grouped), value in kronor, last day of validity
 * (Stockholm) and the card's link (code in the fragment, for printing QR codes).
 * Semicolons and a BOM, so Excel in Swedish opens it as columns.
 */
export function codesCsv(cards: BulkOrderResult['cards'], publicUrl: string, citySlug: string): string {
  const lines = ['kod;belopp;giltig_till;lank'];
  for (const c of cards) lines.push([formatCode(c.code), kronorText(c.faceValueOre), zonedParts(c.expiresAt).date, balanceLink(publicUrl, citySlug, c.code)].join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
