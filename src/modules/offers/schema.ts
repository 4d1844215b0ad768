import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../cities/schema.js';

/**
 * Members' offers (time-limited: "20 % på vinterjackor") and service offers (home
 * delivery, take-away, booking, click & collect, described in their own words).
 * `business_id` names a members business (no foreign key across modules).
 */
export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    businessId: uuid('business_id').notNull(),
    /** 'offer' | 'service' */
    kind: text('kind').notNull(),
    /** For a service offer: home_delivery | take_away | booking | click_collect. */
    service: text('service'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    validFrom: date('valid_from').notNull(),
    /** Last day; null: until further notice. */
    validTo: date('valid_to'),
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('offers_city_valid_idx').on(t.cityId, t.validFrom)],
);
