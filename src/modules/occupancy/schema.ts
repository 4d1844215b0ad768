import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../cities/schema.js';

/**
 * A place whose crowd is counted: every business (same slug, `business_id` set; the row
 * is made the first time it is needed) or an area such as a square or a market.
 * `count` is the current number of people; `last_event_id` the id of the event that
 * set it, which streams use as their increasing event id.
 */
export const places = pgTable(
  'places',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(), // 'business' | 'area'
    /** The business (members module) this place is; null for an area. Not a foreign key: modules own their tables. */
    businessId: uuid('business_id'),
    /** People allowed at once; null means not set (always green). */
    capacity: integer('capacity'),
    /** Yellow from this share of capacity, in per cent. */
    yellowPct: integer('yellow_pct').notNull().default(70),
    /** Red from this share, in per cent (100: at capacity). */
    redPct: integer('red_pct').notNull().default(100),
    count: integer('count').notNull().default(0),
    lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
    /** The doorbell queue is open for this place. */
    queueEnabled: boolean('queue_enabled').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('places_city_slug_key').on(t.cityId, t.slug), uniqueIndex('places_business_key').on(t.businessId)],
);

/**
 * Every change of a count: a tap on the counter, a sensor's delta or an absolute
 * count. The key makes a retried tap count once; the rows are the hourly history.
 */
export const occupancyEvents = pgTable(
  'occupancy_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id),
    idempotencyKey: text('idempotency_key'),
    /** What was asked: a delta, or an absolute count. */
    delta: integer('delta'),
    requestedCount: integer('requested_count'),
    countAfter: integer('count_after').notNull(),
    /** True when a delta would have gone below zero and the count stopped at 0. */
    clamped: boolean('clamped').notNull().default(false),
    actor: text('actor').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('occupancy_events_key').on(t.placeId, t.idempotencyKey), index('occupancy_events_place_time_idx').on(t.placeId, t.createdAt)],
);

/**
 * The virtual doorbell: a customer who scanned the QR on the door waits here. The
 * token is the customer's secret (their page's address); the push subscription, when
 * given, lets staff's "Släpp in" reach a locked phone.
 */
export const queueEntries = pgTable(
  'queue_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id),
    /** sha256 of the customer's token (hex). */
    tokenHash: text('token_hash').notNull(),
    /** Ticket number, counting from 1 each day per place. */
    number: integer('number').notNull(),
    day: text('day').notNull(),
    status: text('status').notNull().default('waiting'), // waiting | admitted | left
    pushSubscription: jsonb('push_subscription').$type<{ endpoint: string; keys: { p256dh: string; auth: string } } | null>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    admittedAt: timestamp('admitted_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('queue_entries_token_key').on(t.tokenHash), uniqueIndex('queue_entries_number_key').on(t.placeId, t.day, t.number), index('queue_entries_place_status_idx').on(t.placeId, t.status)],
);
