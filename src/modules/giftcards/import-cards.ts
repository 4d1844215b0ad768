/**
 * Live cards from an association's previous provider (kod;saldo;giltig_till;produkt),
 * taken over with their remaining value. Every row is checked first and the whole file
 * goes in one transaction: either all cards are imported or none, never half.
 *
 * Each card becomes an active Torget card in one order (channel 'import'), funded in
 * the ledger from `import:previous-provider`: that account's negative balance is what
 * the previous provider owes the association for the value it had sold.
 */
import { randomInt } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, type Actor } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { isValidDate, zonedDateTimeToInstant, zonedParts } from '../../platform/time/zoned.js';
import { asFieldErrors, kronorText, parseKronor, readCsv, type RowError } from './bulk.js';
import { CODE_ALPHABET, encryptCode, lookupHash, normalizeCode } from './codes.js';
import { accounts, type LedgerPort } from './ports.js';
import type { Product } from './products.js';
import { giftcardOrders, giftcards } from './schema.js';
import { MAX_CARDS_PER_ORDER, type GiftcardService, type Order } from './service.js';

export const MAX_IMPORT_CARDS = MAX_CARDS_PER_ORDER;

const importColumns = {
  code: ['kod', 'code', 'kortnummer', 'presentkortskod'],
  balance: ['saldo', 'balance', 'belopp', 'värde'],
  expires: ['giltig_till', 'giltig till', 'giltigt till', 'expires', 'expiry', 'utgår'],
  product: ['produkt', 'product'],
} as const;

/** A checked row, ready to insert. */
export interface ImportCard {
  line: number;
  /** As the holder knows it: Torget's canonical form, or the old provider's (upper case, no spaces or dashes). */
  code: string;
  codeHash: string;
  balanceOre: number;
  expiresAt: Date;
  product: Product;
}

export interface ImportReport {
  order: Order;
  imported: number;
  totalOre: number;
}

/** Codes of other providers: letters and digits, 6–40 of them, once spaces and dashes are gone. */
const legacyForm = (input: string) => input.toUpperCase().replace(/[\s-]/g, '');

/**
 * Checks every row: a code (Torget's or the old provider's format), a positive
 * balance in kronor, a last day of validity (YYYY-MM-DD, not passed), a product sold
 * in the city (empty: presentkort). Duplicates in the file or in Torget are errors.
 */
export async function checkImport(
  deps: { db: Db; giftcards: GiftcardService; clock: Clock },
  cityId: string,
  text: string,
): Promise<{ cards: ImportCard[]; errors: RowError[] }> {
  const { rows, errors } = readCsv(text, importColumns, ['code', 'balance', 'expires']);
  if (errors.length > 0) return { cards: [], errors };
  if (rows.length > MAX_IMPORT_CARDS) return { cards: [], errors: [{ row: null, column: null, message: `Högst ${MAX_IMPORT_CARDS} kort per import; filen har ${rows.length}.` }] };
  const products = new Map((await deps.giftcards.products.list(cityId)).map((p) => [p.slug, p]));
  const today = zonedParts(deps.clock.now()).date;
  const seen = new Map<string, number>();
  const cards: ImportCard[] = [];
  for (const { line, values } of rows) {
    const before = errors.length;
    const raw = values.code ?? '';
    const torget = normalizeCode(raw);
    const legacy = legacyForm(raw);
    let code: string | null = null;
    let codeHash: string | null = null;
    if (!raw) errors.push({ row: line, column: 'kod', message: 'Koden saknas.' });
    else if (torget) [code, codeHash] = [torget, lookupHash(deps.giftcards.keys, torget)];
    else if (/^[A-Z0-9]{6,40}$/.test(legacy)) [code, codeHash] = [legacy, deps.giftcards.legacyHash(legacy)];
    else errors.push({ row: line, column: 'kod', message: 'Koden ska vara 6–40 bokstäver och siffror (mellanslag och bindestreck går bra).' });
    if (codeHash) {
      const first = seen.get(codeHash);
      if (first !== undefined) errors.push({ row: line, column: 'kod', message: `Samma kod finns redan på rad ${first}.` });
      else seen.set(codeHash, line);
    }

    const slug = (values.product ?? '').toLowerCase() || 'presentkort';
    const product = products.get(slug) ?? null;
    if (!product) errors.push({ row: line, column: 'produkt', message: `Produkten ”${slug.slice(0, 40)}” finns inte. Välj bland: ${[...products.keys()].join(', ')}.` });

    const balanceOre = parseKronor(values.balance ?? '');
    if (balanceOre === null || balanceOre <= 0) errors.push({ row: line, column: 'saldo', message: values.balance ? `”${values.balance.slice(0, 20)}” är inget saldo i kronor (t.ex. 350 eller 120,50).` : 'Saldo saknas.' });
    else if (product?.couponValueOre && balanceOre % product.couponValueOre !== 0) {
      errors.push({ row: line, column: 'saldo', message: `Saldot för ${product.name} ska vara hela kuponger à ${kronorText(product.couponValueOre)} kr.` });
    }

    const expires = values.expires ?? '';
    if (!isValidDate(expires)) errors.push({ row: line, column: 'giltig_till', message: expires ? `”${expires.slice(0, 20)}” är inget datum (skriv t.ex. 2027-06-30).` : 'Sista giltighetsdag saknas.' });
    else if (expires < today) errors.push({ row: line, column: 'giltig_till', message: `Kortet gick ut ${expires}; utgångna kort importeras inte.` });

    if (errors.length === before && code && codeHash && product && balanceOre) {
      // Valid through the whole last day, Swedish time.
      cards.push({ line, code, codeHash, balanceOre, expiresAt: new Date(zonedDateTimeToInstant(expires, '24:00').getTime() - 1000), product });
    }
  }
  if (errors.length === 0 && cards.length > 0) {
    // Codes must be unique across Torget (the look-up hash has one index for all cities).
    const taken = new Set<string>();
    for (let i = 0; i < cards.length; i += 1000) {
      const hits = await deps.db.select({ codeHash: giftcards.codeHash }).from(giftcards).where(inArray(giftcards.codeHash, cards.slice(i, i + 1000).map((c) => c.codeHash)));
      for (const h of hits) taken.add(h.codeHash);
    }
    for (const card of cards) if (taken.has(card.codeHash)) errors.push({ row: card.line, column: 'kod', message: 'Koden finns redan i Torget (redan importerad?).' });
  }
  return { cards: errors.length > 0 ? [] : cards, errors };
}

/**
 * Imports the file, all or nothing. Refuses with `giftcard.import_failed` and every
 * row's errors (`extra.rows`, and `errors[]` for problem responses) when any row is bad.
 */
export async function importCards(
  deps: { db: Db; ledger: LedgerPort; giftcards: GiftcardService; audit: AuditLog; clock: Clock },
  actor: Actor,
  cityId: string,
  text: string,
  options: { source?: string } = {},
): Promise<ImportReport> {
  authorize(actor, { cityId, roles: ['association-admin'] });
  const { cards, errors } = await checkImport(deps, cityId, text);
  if (errors.length > 0 || cards.length === 0) {
    const rows = errors.length > 0 ? errors : [{ row: null, column: null, message: 'Filen har inga kort.' }];
    const bad = new Set(rows.map((e) => e.row)).size;
    throw new DomainError('giftcard.import_failed', rows.length === 1 && rows[0]!.row === null ? rows[0]!.message : `${bad === 1 ? 'En rad' : `${bad} rader`} har fel, så inget importerades.`, { errors: asFieldErrors(rows), rows });
  }
  const { db, ledger, clock, giftcards: service } = deps;
  const now = clock.now();
  const totalOre = cards.reduce((sum, c) => sum + c.balanceOre, 0);
  return db.transaction(async (tx) => {
    const [order] = await tx
      .insert(giftcardOrders)
      .values({
        cityId,
        reference: `PK-${Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(32)]).join('')}`,
        productId: cards[0]!.product.id,
        channel: 'import',
        buyerEmail: actor.email ?? 'import@torget.invalid',
        buyerName: (options.source ?? 'Tidigare leverantör').slice(0, 200),
        company: null,
        status: 'paid',
        totalOre,
        paymentMethod: 'none',
        createdAt: now,
        paidAt: now,
      })
      .returning();
    const inserted: Array<{ id: string; faceValueOre: number }> = [];
    for (let i = 0; i < cards.length; i += 500) {
      const chunk = cards.slice(i, i + 500).map((c) => ({
        cityId,
        orderId: order!.id,
        productId: c.product.id,
        codeHash: c.codeHash,
        codeEncrypted: encryptCode(service.keys, c.code),
        codeLast4: c.code.slice(-4),
        status: 'active',
        faceValueOre: c.balanceOre,
        couponsTotal: c.product.couponValueOre ? c.balanceOre / c.product.couponValueOre : null,
        couponValueOre: c.product.couponValueOre ?? null,
        // What the holder paid is not known here; the remaining value is the best VAT base we have.
        paidOre: c.balanceOre,
        sponsorOre: 0,
        expiresAt: c.expiresAt,
        design: c.product.designs[0] ?? 'torget',
        activatedAt: now,
        // The holders have their cards already: nothing is mailed.
        deliveredAt: now,
        createdAt: now,
      }));
      inserted.push(...(await tx.insert(giftcards).values(chunk).returning({ id: giftcards.id, faceValueOre: giftcards.faceValueOre })));
    }
    for (let i = 0; i < inserted.length; i += 1000) {
      await ledger.transfer(tx, {
        cityId,
        kind: 'giftcard.import',
        reference: order!.id,
        actor: actor.label,
        memo: { order: order!.reference, source: options.source ?? 'previous-provider' },
        legs: inserted.slice(i, i + 1000).map((c) => ({ from: accounts.imported, to: accounts.card(c.id), amountOre: c.faceValueOre })),
      });
    }
    await deps.audit.record({ cityId, actor, action: 'giftcard.import', entityType: 'giftcard_order', entityId: order!.id, data: { cards: inserted.length, totalOre } }, tx);
    return { order: order!, imported: inserted.length, totalOre };
  });
}
