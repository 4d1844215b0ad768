/**
 * The city gift card from purchase to redemption. Value lives in the double-entry
 * ledger (`card:<id>` accounts); this service decides when value moves and records
 * why. Every money movement runs in one transaction with the row that explains it, so
 * a crash leaves either both or neither.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, ilike, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, can, type Actor } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { namedStatement } from '../../platform/db/statement.js';
import { DomainError } from '../../platform/errors.js';
import { insufficientFundsOf, negativeAllowedKinds, spreadKinds } from '../../platform/ledger/index.js';
import type { Outbox } from '../../platform/messaging/outbox.js';
import { zonedParts } from '../../platform/time/zoned.js';
import { createTtlCache } from '../../platform/ttl-cache.js';
import { CODE_ALPHABET, deriveCodeKeys, decryptCode, encryptCode, generateCode, lookupHash, normalizeCode, type CodeKeys } from './codes.js';
import { accounts, type BusinessPort, type LedgerPort } from './ports.js';
import { createProductCatalogue, expiryFor, isAcceptedBy, priceOf, type Product } from './products.js';
import { giftcardOrders, giftcards, redemptions, type LatePayment } from './schema.js';

export type Card = typeof giftcards.$inferSelect;
export type Order = typeof giftcardOrders.$inferSelect;
export type Redemption = typeof redemptions.$inferSelect;
export type CardStatus = 'pending' | 'active' | 'used' | 'expired' | 'blocked';

export interface Recipient {
  name?: string;
  email?: string | null;
  message?: string;
  /** Send the card on this date (Stockholm morning); null or past: at once. */
  deliverAt?: Date | null;
  /** Gift cards in a bulk order: this recipient's amount (else the order's `amountOre`). */
  amountOre?: number;
}

export interface OrderInput {
  productSlug: string;
  /** Gift cards: the face value of each card. Booklets have a fixed value. */
  amountOre?: number;
  /** Either a quantity of cards for the buyer, or one card per recipient. */
  quantity?: number;
  recipients?: Recipient[];
  buyer: { email: string; name?: string };
  company?: Record<string, string> | null;
  design?: string;
  paymentMethod: 'simulator' | 'swish' | 'card' | 'invoice' | 'none';
  channel: 'web' | 'bulk' | 'admin' | 'import' | 'cli';
  /** A co-funded campaign: the buyer pays `priceOre` a card, the sponsor's account the rest of its face value. */
  sponsor?: { campaignId: string; account: string; priceOre: number; returnOnExpiry: boolean };
}

export interface CardView {
  id: string;
  status: CardStatus;
  balanceOre: number;
  faceValueOre: number;
  expiresAt: Date;
  couponsLeft: number | null;
  couponValueOre: number | null;
  productName: string;
  productSlug: string;
  last4: string;
}

export interface RedeemInput {
  code: string;
  businessId: string;
  amountOre?: number;
  coupons?: number;
  idempotencyKey?: string | null;
}

export interface RedeemResult {
  id: string;
  amountOre: number;
  balanceOre: number;
  couponsLeft: number | null;
  receiptNumber: string;
  /** Single-use cards close after one redemption; what was left on them. */
  forfeitedOre: number;
  createdAt: Date;
}

export const MAX_CARDS_PER_ORDER = 5000;
export const WITHDRAWAL_DAYS = 14;
/**
 * How long a web order waits for its payment before it expires (its cards blocked, a
 * campaign's reservation given back). Stripe Checkout sessions live at most 24 hours and
 * Swish requests 3 minutes, so after 25 no payment can still be under way; one that is
 * reported anyway (a webhook retried for days) is refunded, never issued.
 */
export const UNPAID_ORDER_EXPIRY_HOURS = 25;
/** Definite refund failures after which the job stops retrying and leaves it to an admin. */
export const MAX_AUTOMATIC_REFUND_ATTEMPTS = 5;

/** What a provider said to a late payment's refund instruction (see `recordLateRefund`). */
export type LateRefundOutcome = { status: 'paid' | 'pending'; refundRef: string } | { status: 'error' | 'unknown'; error: string };

export type GiftcardService = ReturnType<typeof createGiftcardService>;

const randomSymbols = (n: number) => Array.from({ length: n }, () => CODE_ALPHABET[randomInt(32)]).join('');

const cardNotFound = () => new DomainError('giftcard.not_found', 'Det finns inget kort med den koden.');

/** Codes of other providers' cards (imports) keep their own format: compare them loosely. */
const legacyNormalize = (input: string) => input.toUpperCase().replace(/[\s-]/g, '');

export function createGiftcardService(deps: { db: Db; clock: Clock; audit: AuditLog; outbox: Outbox; ledger: LedgerPort; businesses: BusinessPort; codeKey: Buffer; publicUrl: string; /** Receipt numbers (tests draw their own). */ receiptNumber?: () => string }) {
  const { db, clock, audit, outbox, ledger } = deps;
  const keys: CodeKeys = deriveCodeKeys(deps.codeKey);
  const products = createProductCatalogue(db, audit);

  function hashOf(input: string): string | null {
    const code = normalizeCode(input);
    if (code) return lookupHash(keys, code);
    const legacy = legacyNormalize(input);
    return /^[A-Z0-9]{6,40}$/.test(legacy) ? lookupHash(keys, `legacy:${legacy}`) : null;
  }

  // Every look-up and redemption runs this: parsed once per connection.
  const cardByHash = db
    .select()
    .from(giftcards)
    .where(and(eq(giftcards.codeHash, sql.placeholder('hash')), eq(giftcards.cityId, sql.placeholder('cityId'))))
    .prepare('giftcards_card_by_hash');

  async function findByCode(cityId: string, code: string): Promise<Card> {
    const hash = hashOf(code);
    const [card] = hash ? await cardByHash.execute({ hash, cityId }) : [];
    if (!card) throw cardNotFound();
    return card;
  }

  // The business a redemption is for, read on every redemption: kept a few seconds,
  // forgotten at once when this process changes a business (as the city and the product are).
  const businesses = createTtlCache<Awaited<ReturnType<BusinessPort['getById']>>>({ ttlMs: 10_000 });
  deps.businesses.onChange?.(() => businesses.clear());
  const businessById = (cityId: string, id: string) => businesses.get(`${cityId}:${id}`, () => deps.businesses.getById(cityId, id));

  type RedeemRow = { outcome: 'redeemed' | 'not_found' | 'not_active' | 'not_accepted' | 'invalid_coupons' | 'invalid_amount'; card_id: string | null; product_id: string | null; card_status: string | null; expires_at: Date | string | null; coupon_value_ore: string | number | null; amount_ore: string | number | null; balance_ore: string | number | null; forfeited_ore: string | number | null };
  const redeemStatement = namedStatement<RedeemRow>(
    db,
    'giftcards_redeem_by_code',
    'select * from giftcard_redeem($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)',
  );

  /**
   * A redemption in one statement and one round trip, all or nothing (the SQL function
   * giftcard_redeem, migrations/0016_giftcard_redeem_by_code.sql): it finds the card by
   * its code's hash, refuses as `redeem` would (the answer's outcome, nothing written),
   * and otherwise writes the redemption row, its audit entry, the money from the card to
   * the merchant through the ledger's guarded update, for a single-use card what is left
   * to breakage, and the card marked used at zero. A second request with the key fails
   * on the row's unique index before anything is kept; too little on the card is the
   * ledger's refusal, answered as insufficient_balance.
   */
  async function writeRedemption(r: { id: string; cityId: string; codeHash: string; businessId: string; amountOre: number | null; coupons: number | null; accepted: string[]; singleUse: string[]; idempotencyKey: string | null; requestHash: string; receiptNumber: string; actor: string; createdAt: Date }): Promise<RedeemRow> {
    try {
      const [row] = await redeemStatement([
        r.id,
        r.cityId,
        r.codeHash,
        r.businessId,
        r.amountOre,
        r.coupons,
        r.accepted,
        r.singleUse,
        r.idempotencyKey,
        r.requestHash,
        r.receiptNumber,
        r.actor,
        r.createdAt,
        randomUUID(),
        randomUUID(),
        accounts.merchant(r.businessId),
        accounts.breakage,
        [...negativeAllowedKinds],
        [...spreadKinds],
      ]);
      return row!;
    } catch (err) {
      const refused = insufficientFundsOf(err);
      if (refused) {
        const left = Number(refused.extra.balanceOre ?? 0);
        throw new DomainError('giftcard.insufficient_balance', `Saldot är ${Math.floor(left / 100)} kr.`, { balanceOre: left });
      }
      throw err;
    }
  }

  /** Status as a holder or merchant sees it: expiry counts even before the nightly job runs. */
  function effectiveStatus(card: Pick<Card, 'status' | 'expiresAt'>): CardStatus {
    if (card.status === 'active' && card.expiresAt.getTime() < clock.now().getTime()) return 'expired';
    return card.status as CardStatus;
  }

  async function view(ex: Executor, card: Card, product?: Product | null): Promise<CardView> {
    const p = product ?? (await products.getById(card.productId, ex));
    const balanceOre = await ledger.balance(ex, card.cityId, accounts.card(card.id));
    return {
      id: card.id,
      status: effectiveStatus(card),
      balanceOre,
      faceValueOre: card.faceValueOre,
      expiresAt: card.expiresAt,
      couponsLeft: card.couponValueOre ? Math.floor(balanceOre / card.couponValueOre) : null,
      couponValueOre: card.couponValueOre,
      productName: p?.name ?? '',
      productSlug: p?.slug ?? '',
      last4: card.codeLast4,
    };
  }

  /** Creates the order and its cards (pending until paid). Codes are returned once, here. */
  async function createOrder(ex: Executor, cityId: string, input: OrderInput): Promise<{ order: Order; cards: Array<Card & { code: string }> }> {
    const product = await products.getBySlug(cityId, input.productSlug, ex);
    const recipients: Recipient[] = input.recipients?.length ? input.recipients : Array.from({ length: input.quantity ?? 1 }, () => ({}));
    if (recipients.length < 1 || recipients.length > MAX_CARDS_PER_ORDER) {
      throw new DomainError('validation', `Ett köp kan omfatta 1–${MAX_CARDS_PER_ORDER} kort.`, { errors: [{ path: '/quantity', message: `1–${MAX_CARDS_PER_ORDER} kort.`, code: 'too_big' }] });
    }
    // Bulk orders may give each recipient an amount of their own; one price check per amount.
    const prices = new Map<number | undefined, ReturnType<typeof priceOf>>();
    const priceFor = (amountOre: number | undefined) => {
      let p = prices.get(amountOre);
      if (!p) prices.set(amountOre, (p = priceOf(product, amountOre)));
      return p;
    };
    const sponsor = input.sponsor;
    const priced = recipients.map((r) => {
      const p = priceFor(product.kind === 'booklet' ? undefined : (r.amountOre ?? input.amountOre));
      if (!sponsor) return p;
      if (!Number.isSafeInteger(sponsor.priceOre) || sponsor.priceOre < 0 || sponsor.priceOre > p.faceValueOre) throw new RangeError('giftcards: a sponsored price must be 0..face value');
      return { ...p, priceOre: sponsor.priceOre };
    });
    const now = clock.now();
    const design = input.design && product.designs.includes(input.design) ? input.design : product.designs[0]!;
    const [order] = await ex
      .insert(giftcardOrders)
      .values({
        cityId,
        reference: `PK-${randomSymbols(6)}`,
        productId: product.id,
        channel: input.channel,
        buyerEmail: input.buyer.email.trim().toLowerCase(),
        buyerName: input.buyer.name?.trim() ?? '',
        company: input.company ?? null,
        status: 'pending',
        totalOre: priced.reduce((sum, p) => sum + p.priceOre, 0),
        paymentMethod: input.paymentMethod,
        sponsor: sponsor ? { campaignId: sponsor.campaignId, account: sponsor.account, returnOnExpiry: sponsor.returnOnExpiry } : null,
        createdAt: now,
      })
      .returning();
    const expiresAt = expiryFor(now, product.validityMonths);
    const rows = recipients.map((r, i) => {
      const { faceValueOre, priceOre, coupons, couponValueOre } = priced[i]!;
      const code = generateCode();
      return {
        code,
        values: {
          cityId,
          orderId: order!.id,
          productId: product.id,
          codeHash: lookupHash(keys, code),
          codeEncrypted: encryptCode(keys, code),
          codeLast4: code.slice(-4),
          status: 'pending',
          faceValueOre,
          couponsTotal: coupons,
          couponValueOre,
          paidOre: priceOre,
          sponsorOre: faceValueOre - priceOre,
          expiresAt,
          recipientName: r.name?.trim() ?? '',
          recipientEmail: r.email?.trim().toLowerCase() || null,
          message: r.message?.trim().slice(0, 500) ?? '',
          design,
          deliverAt: r.deliverAt ?? null,
          createdAt: now,
        },
      };
    });
    const inserted: Card[] = [];
    // Large bulk orders insert in chunks: one statement per card would take minutes.
    for (let i = 0; i < rows.length; i += 500) {
      inserted.push(...(await ex.insert(giftcards).values(rows.slice(i, i + 500).map((r) => r.values)).returning()));
    }
    const codeById = new Map(inserted.map((c, i) => [c.id, rows[i]!.code]));
    return { order: order!, cards: inserted.map((c) => ({ ...c, code: codeById.get(c.id)! })) };
  }

  /**
   * Activates a paid order's cards: value moves from the payment method's clearing
   * account onto each card, and delivery e-mails are queued. Safe to call twice.
   */
  async function activateOrder(ex: Executor, cityId: string, orderId: string, actorLabel: string, source?: string): Promise<Order> {
    const [order] = await ex
      .update(giftcardOrders)
      .set({ status: 'paid', paidAt: clock.now() })
      .where(and(eq(giftcardOrders.id, orderId), eq(giftcardOrders.cityId, cityId), eq(giftcardOrders.status, 'pending')))
      .returning();
    if (!order) {
      const [existing] = await ex.select().from(giftcardOrders).where(and(eq(giftcardOrders.id, orderId), eq(giftcardOrders.cityId, cityId)));
      if (!existing) throw new DomainError('giftcard.order_not_found', 'Beställningen finns inte.');
      return existing; // already paid (a repeated callback), or cancelled: nothing moves twice
    }
    const cards = await ex.update(giftcards).set({ status: 'active', activatedAt: clock.now() }).where(and(eq(giftcards.orderId, orderId), eq(giftcards.status, 'pending'))).returning();
    const from = source ?? accounts.clearing(order.paymentMethod);
    // One transfer for the whole order keeps bulk orders fast; each card is its own leg.
    for (let i = 0; i < cards.length; i += 1000) {
      await ledger.transfer(ex, {
        cityId,
        kind: 'giftcard.issue',
        reference: order.id,
        actor: actorLabel,
        memo: { order: order.reference },
        // A campaign card is paid by its buyer (paidOre) and its sponsor (sponsorOre), each from its own account.
        legs: cards.slice(i, i + 1000).flatMap((c) =>
          order.sponsor
            ? [
                ...(c.paidOre > 0 ? [{ from, to: accounts.card(c.id), amountOre: c.paidOre }] : []),
                ...(c.faceValueOre - c.paidOre > 0 ? [{ from: order.sponsor.account, to: accounts.card(c.id), amountOre: c.faceValueOre - c.paidOre }] : []),
              ]
            : [{ from, to: accounts.card(c.id), amountOre: c.faceValueOre }],
        ),
      });
    }
    // Cards already handed over (anonymous bulk cards, delivered as a file) are not mailed.
    await queueDeliveries(ex, order, cards.filter((c) => !c.deliveredAt));
    await queueReceipt(ex, order, cards);
    return order;
  }

  /**
   * Queues the cards' e-mails in few statements however many cards (a 2 000-card order
   * must finish in seconds). The bodies are rendered when sent (mail.ts).
   */
  async function queueDeliveries(ex: Executor, order: Order, cards: Card[], to?: string): Promise<void> {
    const now = clock.now();
    const sendAt = (card: Card) => (card.deliverAt && card.deliverAt.getTime() > now.getTime() ? card.deliverAt : now);
    await outbox.enqueueEmails(
      cards.map((card) => ({ cityId: order.cityId, to: to ?? card.recipientEmail ?? order.buyerEmail, template: 'giftcards.card', sensitive: true, subject: 'Ditt presentkort', text: '(skapas när meddelandet skickas)', meta: { cardId: card.id }, sendAt: sendAt(card) })),
      ex,
    );
    const byTime = new Map<number, string[]>();
    for (const card of cards) byTime.set(sendAt(card).getTime(), [...(byTime.get(sendAt(card).getTime()) ?? []), card.id]);
    for (const [at, ids] of byTime) {
      for (let i = 0; i < ids.length; i += 1000) await ex.update(giftcards).set({ deliveredAt: new Date(at) }).where(inArray(giftcards.id, ids.slice(i, i + 1000)));
    }
  }

  /** The buyer's receipt: what was bought, and that a multi-purpose voucher carries no VAT. */
  async function queueReceipt(ex: Executor, order: Order, cards: Card[]): Promise<void> {
    if (order.paymentMethod === 'none' || cards.length === 0) return;
    const kr = (ore: number) => `${(ore / 100).toLocaleString('sv-SE', { minimumFractionDigits: ore % 100 ? 2 : 0 })} kr`;
    const lines = [
      'Hej!',
      '',
      `Tack för ditt köp. Kvitto för beställning ${order.reference}, ${zonedParts(order.paidAt ?? clock.now()).date}:`,
      '',
      `${cards.length} presentkort, sammanlagt ${kr(order.totalOre)} (${order.paymentMethod === 'invoice' ? 'faktura' : order.paymentMethod === 'swish' ? 'Swish' : order.paymentMethod === 'card' ? 'kort' : 'testbetalning'}).`,
      'Moms: 0 kr. Presentkortet är en flerfunktionsvoucher: ingen moms vid köpet; företaget som tar emot kortet redovisar momsen när det används.',
      '',
      cards.some((c) => c.recipientEmail && c.recipientEmail !== order.buyerEmail) ? 'Korten skickas till mottagarna på det datum du valde.' : 'Korten kommer i separata mejl.',
      `Ångerrätt: ett oanvänt kort kan lämnas tillbaka inom ${WITHDRAWAL_DAYS} dagar från köpet. Svara på det här mejlet.`,
    ];
    await outbox.enqueueEmail({ cityId: order.cityId, to: order.buyerEmail, template: 'giftcards.receipt', subject: `Kvitto ${order.reference}`, text: lines.join('\n'), meta: { orderId: order.id } }, ex);
  }

  /**
   * A payment for an order that is cancelled or expired: the order is flagged
   * `refund_due` and the money held for the payer (`refund:<order>`); no card is issued.
   * Guarded on the status, so a repeated or concurrent callback records it once.
   */
  async function recordLatePayment(tx: Executor, order: Order, method: string, amountOre: number): Promise<Order | null> {
    if (!Number.isSafeInteger(amountOre) || amountOre <= 0) return null;
    const late: LatePayment = { amountOre, receivedAt: clock.now().toISOString(), attempt: 0, refundRef: null, refundStatus: null, lastError: null, lastTriedAt: null };
    const [flagged] = await tx
      .update(giftcardOrders)
      .set({ status: 'refund_due', latePayment: late })
      .where(and(eq(giftcardOrders.id, order.id), inArray(giftcardOrders.status, ['cancelled', 'expired'])))
      .returning();
    if (!flagged) return null;
    await ledger.transfer(tx, {
      cityId: order.cityId,
      kind: 'giftcard.late_payment',
      reference: order.id,
      actor: `payment:${method}`,
      memo: { order: order.reference, was: order.status },
      legs: [{ from: accounts.clearing(order.paymentMethod), to: accounts.refund(order.id), amountOre }],
    });
    await audit.record({ cityId: order.cityId, actor: { label: `payment:${method}` }, action: 'giftcard.late_payment', entityType: 'giftcard_order', entityId: order.id, data: { amountOre, was: order.status } }, tx);
    return flagged;
  }

  const service = {
    products,
    keys,

    /** A purchase from the public page or an admin: the order and its pending cards. */
    async placeOrder(actor: Actor | null, cityId: string, input: OrderInput): Promise<{ order: Order; cards: Array<Card & { code: string }> }> {
      if (input.channel !== 'web') authorize(actor ?? ({ kind: 'anonymous', id: null, label: 'anonymous', grants: [], hasTwoFactor: false } as Actor), { cityId, roles: ['association-admin', 'company-contact'] });
      return db.transaction(async (tx) => {
        const result = await createOrder(tx, cityId, input);
        await audit.record({ cityId, actor: actor ?? { label: `buyer:${input.buyer.email.trim().toLowerCase()}` }, action: 'giftcard.order', entityType: 'giftcard_order', entityId: result.order.id, data: { cards: result.cards.length, totalOre: result.order.totalOre, method: input.paymentMethod } }, tx);
        return result;
      });
    },

    async findOrderByPaymentRef(method: string, providerRef: string): Promise<Order | null> {
      const [order] = await db.select().from(giftcardOrders).where(and(eq(giftcardOrders.paymentMethod, method), eq(giftcardOrders.paymentRef, providerRef)));
      return order ?? null;
    },

    async setInvoice(cityId: string, orderId: string, invoiceId: string): Promise<void> {
      await db.update(giftcardOrders).set({ invoiceId, paymentRef: invoiceId }).where(and(eq(giftcardOrders.id, orderId), eq(giftcardOrders.cityId, cityId)));
    },

    async setPaymentRef(cityId: string, orderId: string, paymentRef: string, ex: Executor = db): Promise<void> {
      await ex.update(giftcardOrders).set({ paymentRef }).where(and(eq(giftcardOrders.id, orderId), eq(giftcardOrders.cityId, cityId)));
    },

    /**
     * A payment provider says an order was paid (or not). Repeated, late or unknown
     * events change nothing twice; an amount that does not match activates nothing. A
     * payment for an order already cancelled or expired issues nothing: the order becomes
     * `refund_due` with the money held for the payer, and the gateway refunds it.
     */
    async handlePayment(event: { method: string; providerRef: string; status: 'paid' | 'declined' | 'cancelled' | 'error' | 'pending'; amountOre: number | null }): Promise<{ order: Order | null; changed: boolean }> {
      return db.transaction(async (tx) => {
        const [order] = await tx.select().from(giftcardOrders).where(and(eq(giftcardOrders.paymentMethod, event.method), eq(giftcardOrders.paymentRef, event.providerRef)));
        if (!order) return { order: null, changed: false };
        if (event.status === 'paid' && (order.status === 'cancelled' || order.status === 'expired')) {
          const flagged = await recordLatePayment(tx, order, event.method, event.amountOre ?? order.totalOre);
          return { order: flagged ?? order, changed: flagged !== null };
        }
        if (order.status !== 'pending') return { order, changed: false };
        if (event.status === 'paid') {
          if (event.amountOre !== null && event.amountOre !== order.totalOre) throw new DomainError('giftcard.payment_mismatch', 'Beloppet stämmer inte med beställningen.');
          const paid = await activateOrder(tx, order.cityId, order.id, `payment:${event.method}`);
          await audit.record({ cityId: order.cityId, actor: { label: `payment:${event.method}` }, action: 'giftcard.paid', entityType: 'giftcard_order', entityId: order.id, data: { totalOre: order.totalOre } }, tx);
          return { order: paid, changed: true };
        }
        if (event.status === 'declined' || event.status === 'cancelled' || event.status === 'error') {
          const [cancelled] = await tx.update(giftcardOrders).set({ status: 'cancelled' }).where(and(eq(giftcardOrders.id, order.id), eq(giftcardOrders.status, 'pending'))).returning();
          await tx.update(giftcards).set({ status: 'blocked', blockedAt: clock.now(), blockReason: 'order_cancelled' }).where(and(eq(giftcards.orderId, order.id), eq(giftcards.status, 'pending')));
          return { order: cancelled ?? order, changed: !!cancelled };
        }
        return { order, changed: false };
      });
    },

    /** Activates an order by an admin's decision (e.g. invoice to a municipality, before payment). */
    async activateByAdmin(actor: Actor, cityId: string, orderId: string): Promise<Order> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      return db.transaction(async (tx) => {
        const order = await activateOrder(tx, cityId, orderId, actor.label);
        await audit.record({ cityId, actor, action: 'giftcard.activate', entityType: 'giftcard_order', entityId: orderId }, tx);
        return order;
      });
    },

    /** For billing's onPaid hook, inside its transaction. */
    activateOrderIn: activateOrder,

    /**
     * Cards issued and activated at once, funded by the association (promotions, the
     * CLI): each member's 500 kr card to raffle, say.
     */
    async issuePromotional(actor: Actor, cityId: string, input: { productSlug?: string; amountOre?: number; count: number; buyerEmail?: string }): Promise<Array<{ code: string; balanceOre: number; expiresAt: Date; id: string }>> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      return db.transaction(async (tx) => {
        const { order, cards } = await createOrder(tx, cityId, {
          productSlug: input.productSlug ?? 'presentkort',
          ...(input.amountOre !== undefined ? { amountOre: input.amountOre } : {}),
          quantity: input.count,
          buyer: { email: input.buyerEmail ?? 'foreningen@torget.invalid' },
          paymentMethod: 'none',
          channel: actor.kind === 'cli' ? 'cli' : 'admin',
        });
        await tx.update(giftcards).set({ recipientEmail: null }).where(eq(giftcards.orderId, order.id));
        const [paid] = await tx.update(giftcardOrders).set({ status: 'paid', paidAt: clock.now() }).where(eq(giftcardOrders.id, order.id)).returning();
        await tx.update(giftcards).set({ status: 'active', activatedAt: clock.now(), deliveredAt: clock.now() }).where(eq(giftcards.orderId, order.id));
        for (let i = 0; i < cards.length; i += 1000) {
          await ledger.transfer(tx, { cityId, kind: 'giftcard.issue', reference: paid!.id, actor: actor.label, memo: { promotional: true }, legs: cards.slice(i, i + 1000).map((c) => ({ from: accounts.association, to: accounts.card(c.id), amountOre: c.faceValueOre })) });
        }
        await audit.record({ cityId, actor, action: 'giftcard.issue', entityType: 'giftcard_order', entityId: order.id, data: { count: cards.length, amountOre: cards[0]?.faceValueOre } }, tx);
        return cards.map((c) => ({ id: c.id, code: c.code, balanceOre: c.faceValueOre, expiresAt: c.expiresAt }));
      });
    },

    /** What a card holder or merchant may know about a code. `businessId` adds "accepted here". */
    async lookup(cityId: string, code: string, businessId?: string): Promise<CardView & { acceptedHere: boolean | null }> {
      const card = await findByCode(cityId, code);
      const product = await products.getById(card.productId);
      const v = await view(db, card, product);
      let acceptedHere: boolean | null = null;
      if (businessId) {
        const business = await businessById(cityId, businessId);
        acceptedHere = !!business && !business.archivedAt && !!product && isAcceptedBy(product, business.category);
      }
      return { ...v, acceptedHere };
    },

    /**
     * A business accepts card value. Concurrent redemptions of one card can never
     * overdraw it: the ledger's guarded update decides. With an idempotency key, a
     * retry (even after a crash) returns the first result and moves nothing.
     */
    async redeem(actor: Actor, cityId: string, input: RedeemInput): Promise<RedeemResult & { replayed: boolean }> {
      authorize(actor, { cityId, roles: ['merchant-owner', 'merchant-staff'], businessId: input.businessId });
      const requestHash = createHash('sha256').update(JSON.stringify([input.code.toUpperCase().replace(/[\s-]/g, ''), input.amountOre ?? null, input.coupons ?? null])).digest('hex');
      const key = input.idempotencyKey ?? null;
      const replay = async (): Promise<(RedeemResult & { replayed: boolean }) | null> => {
        if (!key) return null;
        const [row] = await db.select().from(redemptions).where(and(eq(redemptions.cityId, cityId), eq(redemptions.businessId, input.businessId), eq(redemptions.idempotencyKey, key)));
        if (!row) return null;
        if (row.requestHash !== requestHash) throw new DomainError('idempotency.key_reused', 'Idempotency-Key har redan använts för en annan begäran.');
        const [card] = await db.select().from(giftcards).where(eq(giftcards.id, row.cardId));
        // The first answer, as the till got it (rows written before the answer was kept
        // fall back to the card's balance now).
        const balanceOre = row.balanceAfterOre ?? (await ledger.balance(db, cityId, accounts.card(row.cardId)));
        return { id: row.id, amountOre: row.amountOre, balanceOre, couponsLeft: card?.couponValueOre ? Math.floor(balanceOre / card.couponValueOre) : null, receiptNumber: row.receiptNumber, forfeitedOre: row.forfeitedOre ?? 0, createdAt: row.createdAt, replayed: true };
      };
      try {
        const hash = hashOf(input.code);
        if (!hash) throw cardNotFound();
        const business = await businessById(cityId, input.businessId);
        const open = business && !business.archivedAt ? business : null;
        // What the till sent, as the database takes it; an unusable number is no number
        // (a booklet then asks for whole coupons, a gift card for an amount).
        const amountOre = input.amountOre !== undefined && Number.isSafeInteger(input.amountOre) ? input.amountOre : null;
        const coupons = input.coupons === undefined ? null : Number.isInteger(input.coupons) && input.coupons >= 1 && input.coupons <= 2 ** 31 - 1 ? input.coupons : 0;
        const attempt = async (fresh: boolean) => {
          const acceptance = open ? await products.acceptedAt(cityId, open.category, { fresh }) : null;
          // Receipt numbers are 40 random bits, unique per city: in a city with a million
          // redemptions a new one meets an old one about once in a million; draw again.
          for (let draw = 1; ; draw++) {
            const id = randomUUID();
            const receiptNumber = deps.receiptNumber?.() ?? `K-${randomSymbols(8)}`;
            const createdAt = clock.now();
            try {
              const row = await writeRedemption({ id, cityId, codeHash: hash, businessId: input.businessId, amountOre, coupons, accepted: acceptance?.accepted ?? [], singleUse: acceptance?.singleUse ?? [], idempotencyKey: key, requestHash, receiptNumber, actor: actor.label, createdAt });
              return { row, id, receiptNumber, createdAt, unknownProduct: !!acceptance && row.outcome === 'not_accepted' && !acceptance.known(row.product_id!) };
            } catch (err) {
              if (draw < 3 && uniqueViolationOn(err) === 'redemptions_receipt_key') continue;
              throw err;
            }
          }
        };
        let written = await attempt(false);
        // A product this process has not seen yet (made elsewhere moments ago): ask again.
        if (written.unknownProduct) written = await attempt(true);
        const { row } = written;
        const couponValueOre = row.coupon_value_ore === null ? null : Number(row.coupon_value_ore);
        switch (row.outcome) {
          case 'redeemed': {
            const balanceOre = Number(row.balance_ore);
            return { id: written.id, amountOre: Number(row.amount_ore), balanceOre, couponsLeft: couponValueOre ? Math.floor(balanceOre / couponValueOre) : null, receiptNumber: written.receiptNumber, forfeitedOre: Number(row.forfeited_ore), createdAt: written.createdAt, replayed: false };
          }
          case 'not_found':
            throw cardNotFound();
          case 'not_active': {
            const expiresAt = new Date(row.expires_at!);
            const status = effectiveStatus({ status: row.card_status!, expiresAt });
            if (status === 'blocked') throw new DomainError('giftcard.blocked', 'Kortet är spärrat.');
            if (status === 'expired') throw new DomainError('giftcard.expired', `Kortet gick ut ${expiresAt.toISOString().slice(0, 10)}.`);
            throw new DomainError('giftcard.not_active', status === 'used' ? 'Kortet är förbrukat.' : 'Kortet är inte aktiverat ännu.');
          }
          case 'not_accepted': {
            const product = await products.getById(row.product_id!);
            throw new DomainError('giftcard.not_accepted_here', `${product?.name ?? 'Kortet'} gäller inte hos ${business?.name ?? 'det här företaget'}.`);
          }
          case 'invalid_coupons':
            throw new DomainError('validation', 'Ange antal hela kuponger.', { errors: [{ path: '/coupons', message: 'Ett heltal, minst 1.', code: 'invalid_type' }] });
          case 'invalid_amount':
            throw new DomainError('validation', 'Ange ett belopp i öre.', { errors: [{ path: '/amountOre', message: 'Ett positivt heltal (öre).', code: 'invalid_type' }] });
          default:
            throw new Error(`giftcard_redeem answered ${String(row.outcome)}`);
        }
      } catch (err) {
        // A retry of a request already answered gets the first answer, whatever the card's
        // state now; so does the loser of two requests with one key at once (it hits the
        // unique index before any money moves). Another body under the key: key_reused.
        if (key && (err instanceof DomainError || isUniqueViolation(err))) {
          const earlier = await replay();
          if (earlier) return earlier;
        }
        throw err;
      }
    },

    /** Undoes a redemption: same business, same day in Stockholm. */
    async reverse(actor: Actor, cityId: string, redemptionId: string, businessId: string): Promise<{ id: string; balanceOre: number }> {
      authorize(actor, { cityId, roles: ['merchant-owner', 'merchant-staff'], businessId });
      return db.transaction(async (tx) => {
        const [row] = /^[0-9a-f-]{36}$/.test(redemptionId) ? await tx.select().from(redemptions).where(and(eq(redemptions.id, redemptionId), eq(redemptions.cityId, cityId), eq(redemptions.businessId, businessId))) : [];
        if (!row) throw new DomainError('not_found', 'Inlösen finns inte.');
        if (row.reversedAt) throw new DomainError('giftcard.already_reversed', 'Inlösen är redan ångrad.');
        if (zonedParts(row.createdAt).date !== zonedParts(clock.now()).date) throw new DomainError('giftcard.reversal_window_closed', 'En inlösen kan bara ångras samma dag.');
        // A card blocked since (lost, then reissued) gets nothing back: its replacement does.
        let target = (await tx.select().from(giftcards).where(eq(giftcards.id, row.cardId)))[0]!;
        for (let hops = 0; target.status === 'blocked' && target.replacedById && hops < 10; hops++) {
          target = (await tx.select().from(giftcards).where(eq(giftcards.id, target.replacedById)))[0]!;
        }
        if (target.status === 'blocked') throw new DomainError('giftcard.blocked', 'Kortet är spärrat; inlösen kan inte ångras till det.');
        const [marked] = await tx.update(redemptions).set({ reversedAt: clock.now(), reversedBy: actor.label }).where(and(eq(redemptions.id, row.id), isNull(redemptions.reversedAt))).returning();
        if (!marked) throw new DomainError('giftcard.already_reversed', 'Inlösen är redan ångrad.');
        const transfer = await ledger.transfer(tx, { cityId, kind: 'giftcard.reverse', reference: row.id, actor: actor.label, memo: { card: target.id }, legs: [{ from: accounts.merchant(businessId), to: accounts.card(target.id), amountOre: row.amountOre }] });
        await tx.update(redemptions).set({ reversalTransferId: transfer.id }).where(eq(redemptions.id, row.id));
        await tx.update(giftcards).set({ status: 'active' }).where(and(eq(giftcards.id, target.id), eq(giftcards.status, 'used')));
        await audit.record({ cityId, actor, action: 'giftcard.reverse', entityType: 'redemption', entityId: row.id, data: { amountOre: row.amountOre, card: target.id } }, tx);
        // A card is guarded, never spread: the ledger answers its balance after.
        return { id: row.id, balanceOre: transfer.entries.find((e) => e.code === accounts.card(target.id))!.balanceOre! };
      });
    },

    /** Today's redemptions at a business (Stockholm day), newest first. */
    async todaysRedemptions(actor: Actor, cityId: string, businessId: string): Promise<Array<Redemption & { cardLast4: string }>> {
      authorize(actor, { cityId, roles: ['merchant-owner', 'merchant-staff'], businessId });
      const rows = await db
        .select({ ...getTableColumns(redemptions), cardLast4: giftcards.codeLast4 })
        .from(redemptions)
        .innerJoin(giftcards, eq(giftcards.id, redemptions.cardId))
        .where(and(eq(redemptions.cityId, cityId), eq(redemptions.businessId, businessId)))
        .orderBy(desc(redemptions.createdAt))
        .limit(200);
      const today = zonedParts(clock.now()).date;
      return rows.filter((r) => zonedParts(r.createdAt).date === today);
    },

    /** Blocks a lost card and moves what is left onto a new code, sent to the holder. */
    async blockAndReissue(actor: Actor, cityId: string, cardId: string, reason: string): Promise<{ newCardId: string; code: string; balanceOre: number }> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      return db.transaction(async (tx) => {
        const [card] = await tx.select().from(giftcards).where(and(eq(giftcards.id, cardId), eq(giftcards.cityId, cityId)));
        if (!card) throw new DomainError('giftcard.not_found', 'Kortet finns inte.');
        if (card.status === 'blocked') throw new DomainError('giftcard.blocked', 'Kortet är redan spärrat.');
        const balance = await ledger.balance(tx, cityId, accounts.card(card.id));
        const code = generateCode();
        const [fresh] = await tx
          .insert(giftcards)
          .values({ ...card, id: undefined, codeHash: lookupHash(keys, code), codeEncrypted: encryptCode(keys, code), codeLast4: code.slice(-4), status: balance > 0 ? 'active' : 'used', activatedAt: clock.now(), blockedAt: null, blockReason: null, replacedById: null, deliveredAt: null, deliverAt: null, createdAt: clock.now() })
          .returning();
        if (balance > 0) await ledger.transfer(tx, { cityId, kind: 'giftcard.reissue', reference: card.id, actor: actor.label, legs: [{ from: accounts.card(card.id), to: accounts.card(fresh!.id), amountOre: balance }] });
        await tx.update(giftcards).set({ status: 'blocked', blockedAt: clock.now(), blockReason: reason.slice(0, 200), replacedById: fresh!.id }).where(eq(giftcards.id, card.id));
        const [order] = await tx.select().from(giftcardOrders).where(eq(giftcardOrders.id, card.orderId));
        await queueDeliveries(tx, order!, [fresh!]);
        await audit.record({ cityId, actor, action: 'giftcard.block', entityType: 'giftcard', entityId: card.id, data: { reason, newCardId: fresh!.id, movedOre: balance } }, tx);
        return { newCardId: fresh!.id, code, balanceOre: balance };
      });
    },

    /** Sends a card again, optionally to a corrected address. */
    async resend(actor: Actor, cityId: string, cardId: string, to?: string): Promise<void> {
      authorize(actor, { cityId, roles: ['association-admin', 'association-staff'] });
      await db.transaction(async (tx) => {
        const [card] = await tx.select().from(giftcards).where(and(eq(giftcards.id, cardId), eq(giftcards.cityId, cityId)));
        if (!card) throw new DomainError('giftcard.not_found', 'Kortet finns inte.');
        const [order] = await tx.select().from(giftcardOrders).where(eq(giftcardOrders.id, card.orderId));
        if (to) await tx.update(giftcards).set({ recipientEmail: to.trim().toLowerCase() }).where(eq(giftcards.id, card.id));
        await queueDeliveries(tx, order!, [{ ...card, deliverAt: null }], to);
        await audit.record({ cityId, actor, action: 'giftcard.resend', entityType: 'giftcard', entityId: card.id, data: { corrected: !!to } }, tx);
      });
    },

    /** Throws unless the order can be refunded now (paid, within 14 days, no card used). */
    async assertRefundable(actor: Actor, cityId: string, orderId: string, ex: Executor = db): Promise<{ order: Order; cards: Card[] }> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      const [order] = await ex.select().from(giftcardOrders).where(and(eq(giftcardOrders.id, orderId), eq(giftcardOrders.cityId, cityId)));
      if (!order) throw new DomainError('giftcard.order_not_found', 'Beställningen finns inte.');
      const ageDays = (clock.now().getTime() - order.createdAt.getTime()) / 86_400_000;
      if (order.status !== 'paid' || ageDays > WITHDRAWAL_DAYS) throw new DomainError('giftcard.refund_not_allowed', 'Bara betalda beställningar kan återbetalas, inom 14 dagar från köpet.');
      const cards = await ex.select().from(giftcards).where(eq(giftcards.orderId, order.id));
      const used = await ex.select({ n: sql<number>`count(*)::int` }).from(redemptions).where(inArray(redemptions.cardId, cards.map((c) => c.id)));
      if ((used[0]?.n ?? 0) > 0) throw new DomainError('giftcard.refund_not_allowed', 'Minst ett av korten har använts.');
      return { order, cards };
    },

    /**
     * Refunds an order whose cards are all unused, within 14 days (the right of
     * withdrawal for distance purchases). The value leaves the cards for the payment
     * method's clearing account; the provider refund is the caller's (payments.refund).
     */
    async refundOrder(actor: Actor, cityId: string, orderId: string): Promise<Order> {
      return db.transaction(async (tx) => {
        const { order, cards } = await service.assertRefundable(actor, cityId, orderId, tx);
        // A campaign card's value goes back where it came from: the buyer's price to the
        // payment method, the sponsor's share to the sponsor (who then owes that much less).
        const legs = cards
          .filter((c) => c.status === 'active')
          .flatMap((c) =>
            order.sponsor
              ? [
                  ...(c.paidOre > 0 ? [{ from: accounts.card(c.id), to: accounts.clearing(order.paymentMethod), amountOre: c.paidOre }] : []),
                  ...(c.faceValueOre - c.paidOre > 0 ? [{ from: accounts.card(c.id), to: order.sponsor.account, amountOre: c.faceValueOre - c.paidOre }] : []),
                ]
              : [{ from: accounts.card(c.id), to: accounts.clearing(order.paymentMethod), amountOre: c.faceValueOre }],
          );
        if (legs.length) await ledger.transfer(tx, { cityId, kind: 'giftcard.refund', reference: order.id, actor: actor.label, legs });
        await tx.update(giftcards).set({ status: 'blocked', blockedAt: clock.now(), blockReason: 'refunded' }).where(eq(giftcards.orderId, order.id));
        const [refunded] = await tx.update(giftcardOrders).set({ status: 'refunded', refundedAt: clock.now() }).where(eq(giftcardOrders.id, order.id)).returning();
        await audit.record({ cityId, actor, action: 'giftcard.refund', entityType: 'giftcard_order', entityId: order.id, data: { totalOre: order.totalOre } }, tx);
        return refunded!;
      });
    },

    /**
     * Records what the provider said to refund instruction `attempt` of a late payment
     * (a stale attempt, or an order no longer `refund_due`, changes nothing):
     * - `paid`: the money is back: the order is `refunded`, `refund:<order>` emptied into
     *   the clearing account it came from;
     * - `pending`: accepted, on its way (Swish confirms by callback);
     * - `error`: a definite failure: the next attempt gets a new idempotency key;
     * - `unknown`: the provider could not be reached: the same key is tried again.
     */
    async recordLateRefund(orderId: string, attempt: number, outcome: LateRefundOutcome): Promise<Order | null> {
      return db.transaction(async (tx) => {
        const [order] = await tx.select().from(giftcardOrders).where(eq(giftcardOrders.id, orderId)).for('update');
        const late = order?.latePayment;
        if (!order || !late || order.status !== 'refund_due' || late.attempt !== attempt) return null;
        const now = clock.now();
        const tried = { ...late, lastTriedAt: now.toISOString() };
        let next: LatePayment;
        if (outcome.status === 'paid') {
          await ledger.transfer(tx, {
            cityId: order.cityId,
            kind: 'giftcard.late_refund',
            reference: order.id,
            actor: `payment:${order.paymentMethod}`,
            memo: { order: order.reference, refund: outcome.refundRef },
            legs: [{ from: accounts.refund(order.id), to: accounts.clearing(order.paymentMethod), amountOre: late.amountOre }],
          });
          next = { ...tried, refundRef: outcome.refundRef, refundStatus: 'paid', lastError: null };
          await audit.record({ cityId: order.cityId, actor: { label: `payment:${order.paymentMethod}` }, action: 'giftcard.late_refund', entityType: 'giftcard_order', entityId: order.id, data: { amountOre: late.amountOre, refundRef: outcome.refundRef } }, tx);
        } else if (outcome.status === 'pending') next = { ...tried, refundRef: outcome.refundRef, refundStatus: 'pending', lastError: null };
        else if (outcome.status === 'error') next = { ...tried, attempt: attempt + 1, refundRef: null, refundStatus: 'error', lastError: outcome.error.slice(0, 500) };
        else next = { ...tried, lastError: (outcome as { error: string }).error.slice(0, 500) };
        const [saved] = await tx
          .update(giftcardOrders)
          .set(outcome.status === 'paid' ? { status: 'refunded', refundedAt: now, latePayment: next } : { latePayment: next })
          .where(eq(giftcardOrders.id, order.id))
          .returning();
        return saved!;
      });
    },

    /** A provider's word on a refund (Swish calls back): settles the late payment it belongs to, if any. */
    async handleLateRefundEvent(event: { method: string; refundRef: string; status: 'paid' | 'declined' | 'cancelled' | 'error' | 'pending' }): Promise<Order | null> {
      const [order] = await db
        .select()
        .from(giftcardOrders)
        .where(and(eq(giftcardOrders.paymentMethod, event.method), eq(giftcardOrders.status, 'refund_due'), sql`${giftcardOrders.latePayment}->>'refundRef' = ${event.refundRef}`));
      if (!order?.latePayment) return null;
      if (event.status === 'paid') return service.recordLateRefund(order.id, order.latePayment.attempt, { status: 'paid', refundRef: event.refundRef });
      if (event.status === 'pending') return null;
      return service.recordLateRefund(order.id, order.latePayment.attempt, { status: 'error', error: `Återbetalningen misslyckades hos betalningstjänsten (${event.status}).` });
    },

    /**
     * Late payments whose refund the job should (re)try: not tried for `staleMinutes` —
     * failed, or accepted but unconfirmed (a lost callback: asking again with the same
     * key tells). After MAX_AUTOMATIC_REFUND_ATTEMPTS definite failures, an admin's.
     */
    async lateRefundsToTry(staleMinutes = 10, limit = 100): Promise<Order[]> {
      const stale = new Date(clock.now().getTime() - staleMinutes * 60_000).toISOString();
      return db
        .select()
        .from(giftcardOrders)
        .where(
          and(
            eq(giftcardOrders.status, 'refund_due'),
            sql`(${giftcardOrders.latePayment}->>'attempt')::int < ${MAX_AUTOMATIC_REFUND_ATTEMPTS}`,
            // Never tried, or not for a while (ISO times compare as text).
            sql`coalesce(${giftcardOrders.latePayment}->>'lastTriedAt', '') < ${stale}`,
          ),
        )
        .orderBy(asc(giftcardOrders.createdAt))
        .limit(limit);
    },

    /** Customer service: the city's orders that were paid after they were cancelled or expired and still owe the payer a refund. */
    async refundsDue(actor: Actor, cityId: string): Promise<Order[]> {
      authorize(actor, { cityId, roles: ['association-admin', 'association-staff'] });
      return db
        .select()
        .from(giftcardOrders)
        .where(and(eq(giftcardOrders.cityId, cityId), eq(giftcardOrders.status, 'refund_due')))
        .orderBy(asc(giftcardOrders.createdAt))
        .limit(200);
    },

    /**
     * Web orders still unpaid after UNPAID_ORDER_EXPIRY_HOURS expire: their cards are
     * blocked and a campaign's reservation goes back on sale (campaigns' sync). Run hourly;
     * returns how many expired (at most 1 000 a call).
     */
    async expireUnpaidOrders(): Promise<number> {
      const cutoff = new Date(clock.now().getTime() - UNPAID_ORDER_EXPIRY_HOURS * 3_600_000);
      return db.transaction(async (tx) => {
        const due = tx
          .select({ id: giftcardOrders.id })
          .from(giftcardOrders)
          .where(and(eq(giftcardOrders.status, 'pending'), inArray(giftcardOrders.paymentMethod, ['simulator', 'swish', 'card']), lt(giftcardOrders.createdAt, cutoff)))
          .limit(1000);
        const expired = await tx
          .update(giftcardOrders)
          .set({ status: 'expired' })
          .where(and(inArray(giftcardOrders.id, due), eq(giftcardOrders.status, 'pending')))
          .returning({ id: giftcardOrders.id, cityId: giftcardOrders.cityId });
        if (expired.length === 0) return 0;
        await tx
          .update(giftcards)
          .set({ status: 'blocked', blockedAt: clock.now(), blockReason: 'order_expired' })
          .where(and(inArray(giftcards.orderId, expired.map((o) => o.id)), eq(giftcards.status, 'pending')));
        return expired.length;
      });
    },

    /** Moves what is left on expired cards to breakage (one city's, or all). Run hourly. */
    async expireDue(scope: { cityId?: string } = {}): Promise<number> {
      const due = await db
        .select()
        .from(giftcards)
        .where(and(eq(giftcards.status, 'active'), lte(giftcards.expiresAt, clock.now()), scope.cityId ? eq(giftcards.cityId, scope.cityId) : undefined))
        .limit(1000);
      for (const card of due) {
        await db.transaction(async (tx) => {
          const balance = await ledger.balance(tx, card.cityId, accounts.card(card.id));
          // A sponsor that asked for it gets its share of what is left back (pro rata, rounded down).
          const [order] = card.sponsorOre > 0 ? await tx.select({ sponsor: giftcardOrders.sponsor }).from(giftcardOrders).where(eq(giftcardOrders.id, card.orderId)) : [];
          const back = order?.sponsor?.returnOnExpiry ? Math.floor((balance * card.sponsorOre) / card.faceValueOre) : 0;
          const legs = [
            ...(back > 0 ? [{ from: accounts.card(card.id), to: order!.sponsor!.account, amountOre: back }] : []),
            ...(balance - back > 0 ? [{ from: accounts.card(card.id), to: accounts.breakage, amountOre: balance - back }] : []),
          ];
          if (legs.length) await ledger.transfer(tx, { cityId: card.cityId, kind: 'giftcard.expire', reference: card.id, actor: 'system', legs });
          await tx.update(giftcards).set({ status: 'expired' }).where(and(eq(giftcards.id, card.id), eq(giftcards.status, 'active')));
        });
      }
      return due.length;
    },

    /** Customer service: orders by buyer or recipient e-mail, order reference or the last characters of a code. */
    async search(actor: Actor, cityId: string, query: string): Promise<Array<{ order: Order; cards: CardView[] }>> {
      if (!can(actor, { cityId, roles: ['association-admin', 'association-staff'] })) authorize(actor, { cityId, roles: ['association-admin'] });
      const q = query.trim().toLowerCase();
      if (q.length < 3) return [];
      const tail = q.toUpperCase().replace(/[\s-]/g, '').slice(-4);
      const cardHits = await db
        .select({ orderId: giftcards.orderId })
        .from(giftcards)
        .where(and(eq(giftcards.cityId, cityId), or(eq(giftcards.recipientEmail, q), eq(giftcards.codeLast4, tail))))
        .limit(50);
      const orders = await db
        .select()
        .from(giftcardOrders)
        .where(and(eq(giftcardOrders.cityId, cityId), or(eq(giftcardOrders.buyerEmail, q), ilike(giftcardOrders.reference, q.toUpperCase()), cardHits.length ? inArray(giftcardOrders.id, cardHits.map((h) => h.orderId)) : undefined)))
        .orderBy(desc(giftcardOrders.createdAt))
        .limit(50);
      const out = [];
      for (const order of orders) {
        const cards = await db.select().from(giftcards).where(eq(giftcards.orderId, order.id));
        out.push({ order, cards: await Promise.all(cards.map((c) => view(db, c))) });
      }
      return out;
    },

    async getOrder(cityId: string, orderId: string): Promise<{ order: Order; cards: Card[] } | null> {
      if (!/^[0-9a-f-]{36}$/.test(orderId)) return null;
      const [order] = await db.select().from(giftcardOrders).where(and(eq(giftcardOrders.id, orderId), eq(giftcardOrders.cityId, cityId)));
      if (!order) return null;
      return { order, cards: await db.select().from(giftcards).where(eq(giftcards.orderId, order.id)) };
    },

    /** The code of a card, for its e-mail and PDF at the moment they are made. */
    async revealCode(cardId: string): Promise<{ card: Card; code: string; view: CardView } | null> {
      const [card] = await db.select().from(giftcards).where(eq(giftcards.id, cardId));
      if (!card) return null;
      return { card, code: decryptCode(keys, card.codeEncrypted), view: await view(db, card) };
    },

    /** Hash for imported cards whose codes are not Torget's format. */
    legacyHash: (code: string) => lookupHash(keys, `legacy:${legacyNormalize(code)}`),
  };
  return service;
}

function isUniqueViolation(err: unknown): boolean {
  return uniqueViolationOn(err) !== null;
}

/** The unique index a statement broke ('' when the driver does not say), or null. */
function uniqueViolationOn(err: unknown): string | null {
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    if ((e as { code?: string }).code === '23505') return (e as { constraint?: string }).constraint ?? '';
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
