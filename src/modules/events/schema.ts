import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { MediaImage } from '../../platform/media/index.js';
import { cities } from '../cities/schema.js';

/** The event's picture: a city's stored media (hash, size, widths) and what it shows, for those who cannot see it. */
export type EventImage = MediaImage & { alt: string };

/**
 * What happens in town: the association's events and its members'. Times are wall-clock
 * Stockholm ('YYYY-MM-DD' + 'HH:MM'), so a weekly 19:00 stays 19:00 across DST; `rrule`
 * is an RFC 5545 RRULE without DTSTART (the start date and time are the DTSTART).
 * Business ids name members' businesses (no foreign key across modules).
 */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    /** The member business that organises it; null for the association itself. */
    organiserBusinessId: uuid('organiser_business_id'),
    organiser: text('organiser').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    category: text('category').notNull(),
    startDate: date('start_date').notNull(),
    startTime: text('start_time').notNull(),
    /** Same day, or past midnight when at or before the start. */
    endTime: text('end_time'),
    rrule: text('rrule'),
    /** A business where it happens, or a free-text address. */
    placeBusinessId: uuid('place_business_id'),
    address: text('address').notNull().default(''),
    /** null: free entry. */
    priceOre: integer('price_ore'),
    /** A picture from the media store (served from our own host), or none. */
    image: jsonb('image').$type<EventImage>(),
    link: text('link'),
    /** pending → published | rejected */
    status: text('status').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('events_city_status_idx').on(t.cityId, t.status, t.startDate)],
);

/** Members whose events go live without an admin's approval. */
export const eventTrustedOrganisers = pgTable(
  'event_trusted_organisers',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    businessId: uuid('business_id').notNull(),
    trustedBy: text('trusted_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.businessId] })],
);
