import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../cities/schema.js';

/** What a city sells: gift cards in a range of amounts, or booklets of N coupons. */
export const giftcardProducts = pgTable(
  'giftcard_products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    slug: text('slug').notNull(),
    kind: text('kind').notNull(), // 'giftcard' | 'booklet'
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Gift cards: the amounts a buyer may choose. */
    minAmountOre: bigint('min_amount_ore', { mode: 'number' }),
    maxAmountOre: bigint('max_amount_ore', { mode: 'number' }),
    /** Booklets: N coupons of face value F, sold at price P. */
    couponCount: integer('coupon_count'),
    couponValueOre: bigint('coupon_value_ore', { mode: 'number' }),
    priceOre: bigint('price_ore', { mode: 'number' }),
    validityMonths: integer('validity_months').notNull().default(24),
    designs: jsonb('designs').$type<string[]>().notNull().default(['torget']),
    /** Category slugs that accept it; null means every category. */
    acceptedCategories: jsonb('accepted_categories').$type<string[] | null>(),
    excludedCategories: jsonb('excluded_categories').$type<string[]>().notNull().default([]),
    /** False: the first redemption uses the whole card. */
    allowsPartialUse: boolean('allows_partial_use').notNull().default(true),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('giftcard_products_city_slug_key').on(t.cityId, t.slug)],
);

/**
 * A late payment and its refund. `attempt` numbers the refund instructions: each has
 * its own idempotency key (`late-refund:<order>:<attempt>`), repeated for as long as the
 * outcome is unknown and replaced only after a definite failure.
 */
export interface LatePayment {
  amountOre: number;
  receivedAt: string;
  attempt: number;
  /** The provider's id of the current refund instruction, once it accepted one. */
  refundRef: string | null;
  /** 'pending': accepted, the money is on its way back (Swish reports by callback). */
  refundStatus: 'pending' | 'paid' | 'error' | null;
  lastError: string | null;
  lastTriedAt: string | null;
}

/** A purchase: one buyer, one payment, one or many cards. */
export const giftcardOrders = pgTable(
  'giftcard_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    /** Short reference for receipts and customer service, e.g. "PK-7Q3M9D". */
    reference: text('reference').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => giftcardProducts.id),
    channel: text('channel').notNull(), // 'web' | 'bulk' | 'admin' | 'import' | 'cli'
    buyerEmail: text('buyer_email').notNull(),
    buyerName: text('buyer_name').notNull().default(''),
    /** Company or municipality details for invoiced orders. */
    company: jsonb('company').$type<Record<string, string> | null>(),
    /**
     * 'pending' | 'paid' | 'cancelled' (the provider said no) | 'expired' (never paid
     * within the payment window) | 'refund_due' (paid after it was cancelled or expired:
     * the money is owed back, no card issued) | 'refunded'.
     */
    status: text('status').notNull(),
    totalOre: bigint('total_ore', { mode: 'number' }).notNull(),
    paymentMethod: text('payment_method').notNull(), // 'simulator' | 'swish' | 'card' | 'invoice' | 'none'
    paymentRef: text('payment_ref'),
    invoiceId: uuid('invoice_id'),
    /**
     * A co-funded campaign's order: the sponsor's ledger account pays each card's
     * `sponsorOre` on activation; on expiry the sponsor's unredeemed share goes back to
     * it when `returnOnExpiry` (else to breakage, like the buyer's).
     */
    sponsor: jsonb('sponsor').$type<{ campaignId: string; account: string; returnOnExpiry: boolean } | null>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
    /**
     * A payment that arrived after the order was cancelled or expired: what came in, and
     * how its refund is going. Null for every order paid in time.
     */
    latePayment: jsonb('late_payment').$type<LatePayment | null>(),
  },
  (t) => [
    uniqueIndex('giftcard_orders_reference_key').on(t.cityId, t.reference),
    index('giftcard_orders_refund_due_idx').on(t.cityId, t.createdAt).where(sql`status = 'refund_due'`),
    index('giftcard_orders_city_created_idx').on(t.cityId, t.createdAt),
    index('giftcard_orders_buyer_idx').on(t.cityId, t.buyerEmail),
    uniqueIndex('giftcard_orders_payment_ref_key').on(t.paymentMethod, t.paymentRef),
  ],
);

/**
 * One card. Its balance is its ledger account (`card:<id>`); the code is stored only as
 * a keyed hash (look-up) and an encrypted copy.
 */
export const giftcards = pgTable(
  'giftcards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    orderId: uuid('order_id')
      .notNull()
      .references(() => giftcardOrders.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => giftcardProducts.id),
    codeHash: text('code_hash').notNull(),
    codeEncrypted: text('code_encrypted').notNull(),
    /** The last group of the code, for customer service ("ends in B6NC"). */
    codeLast4: text('code_last4').notNull(),
    status: text('status').notNull(), // 'pending' | 'active' | 'used' | 'expired' | 'blocked'
    faceValueOre: bigint('face_value_ore', { mode: 'number' }).notNull(),
    couponsTotal: integer('coupons_total'),
    couponValueOre: bigint('coupon_value_ore', { mode: 'number' }),
    /** What the buyer paid for this card: the VAT base at redemption of a multi-purpose voucher. */
    paidOre: bigint('paid_ore', { mode: 'number' }).notNull(),
    /** What a sponsor paid (campaigns); paidOre + sponsorOre = faceValueOre. */
    sponsorOre: bigint('sponsor_ore', { mode: 'number' }).notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    recipientName: text('recipient_name').notNull().default(''),
    recipientEmail: text('recipient_email'),
    message: text('message').notNull().default(''),
    design: text('design').notNull().default('torget'),
    deliverAt: timestamp('deliver_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    blockedAt: timestamp('blocked_at', { withTimezone: true }),
    blockReason: text('block_reason'),
    replacedById: uuid('replaced_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('giftcards_code_hash_key').on(t.codeHash),
    index('giftcards_order_idx').on(t.orderId),
    index('giftcards_city_last4_idx').on(t.cityId, t.codeLast4),
    index('giftcards_city_recipient_idx').on(t.cityId, t.recipientEmail),
    index('giftcards_due_delivery_idx').on(t.deliverAt).where(sql`delivered_at is null`),
  ],
);

/** A business accepting card value as payment (inlösen). Reversible the same day. */
export const redemptions = pgTable(
  'redemptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    cardId: uuid('card_id')
      .notNull()
      .references(() => giftcards.id),
    businessId: uuid('business_id').notNull(),
    amountOre: bigint('amount_ore', { mode: 'number' }).notNull(),
    coupons: integer('coupons'),
    /** The caller's Idempotency-Key: a retry after a crash finds this row instead of paying twice. */
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    /** Short number printed on the receipt. */
    receiptNumber: text('receipt_number').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    transferId: uuid('transfer_id').notNull(),
    /** The answer the till got: a retry with the same Idempotency-Key is given these, not today's balance. */
    balanceAfterOre: bigint('balance_after_ore', { mode: 'number' }),
    forfeitedOre: bigint('forfeited_ore', { mode: 'number' }),
    reversedAt: timestamp('reversed_at', { withTimezone: true }),
    reversedBy: text('reversed_by'),
    reversalTransferId: uuid('reversal_transfer_id'),
  },
  (t) => [
    uniqueIndex('redemptions_idempotency_key').on(t.cityId, t.businessId, t.idempotencyKey),
    index('redemptions_card_idx').on(t.cardId),
    index('redemptions_business_created_idx').on(t.cityId, t.businessId, t.createdAt),
    uniqueIndex('redemptions_receipt_key').on(t.cityId, t.receiptNumber),
  ],
);
