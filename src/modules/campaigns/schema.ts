import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../cities/schema.js';

/**
 * A co-funded campaign: cards of a gift card product sold at `priceOre` while the
 * sponsor pays the rest of the face value (pay 250, get 500), at most `capCards` cards,
 * at most `perBuyerCap` per buyer, between `startsAt` and `endsAt`.
 *
 * `reservedCards` is the guarded counter: a purchase reserves its cards with
 * `update … set reserved_cards = reserved_cards + n where reserved_cards + n <= cap_cards`
 * before any payment starts, so card number cap + 1 is never sold; a failed or
 * cancelled payment gives its reservation back.
 */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    kind: text('kind').notNull(), // 'sale' | 'promo'
    /** The gift card product whose validity and acceptance rules the cards follow. */
    productSlug: text('product_slug').notNull(),
    /** Gift cards: the face value of each card (null for booklets, whose value is fixed). */
    faceValueOre: bigint('face_value_ore', { mode: 'number' }),
    /** What the buyer pays a card; the sponsor pays face value − price. */
    priceOre: bigint('price_ore', { mode: 'number' }).notNull(),
    sponsorName: text('sponsor_name').notNull(),
    sponsorOrgNumber: text('sponsor_org_number'),
    sponsorEmail: text('sponsor_email').notNull(),
    capCards: integer('cap_cards').notNull(),
    perBuyerCap: integer('per_buyer_cap'),
    reservedCards: integer('reserved_cards').notNull().default(0),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** Unredeemed sponsor value goes back to the sponsor on expiry (else to breakage). */
    returnOnExpiry: boolean('return_on_expiry').notNull().default(false),
    /** The redemption fee for the campaign's cards in basis points (e.g. 0 for a municipality's); null: the usual tiers. */
    feeBp: integer('fee_bp'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    uniqueIndex('campaigns_city_slug_key').on(t.cityId, t.slug),
    check('campaigns_cap_check', sql`${t.reservedCards} >= 0 and ${t.reservedCards} <= ${t.capCards}`),
    check('campaigns_kind_check', sql`${t.kind} in ('sale', 'promo')`),
    check('campaigns_dates_check', sql`${t.startsAt} < ${t.endsAt}`),
    check('campaigns_fee_check', sql`${t.feeBp} is null or (${t.feeBp} >= 0 and ${t.feeBp} <= 10000)`),
  ],
);

/** Cards held for one purchase: 'reserved' while it is paid, 'paid', or 'released' (given back). */
export const campaignReservations = pgTable(
  'campaign_reservations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    buyerEmail: text('buyer_email').notNull(),
    quantity: integer('quantity').notNull(),
    orderId: uuid('order_id'),
    status: text('status').notNull().default('reserved'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('campaign_reservations_buyer_idx').on(t.campaignId, t.buyerEmail),
    index('campaign_reservations_open_idx').on(t.status).where(sql`${t.status} = 'reserved'`),
    check('campaign_reservations_status_check', sql`${t.status} in ('reserved', 'paid', 'released')`),
  ],
);
