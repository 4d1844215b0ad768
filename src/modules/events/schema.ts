import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { MediaImage } from '../../platform/media/index.js';
import { cities } from '../cities/schema.js';

/** The event's picture: a city's stored media (hash, size, widths) and what it shows, for those who cannot see it. */
export type EventImage = MediaImage & { alt: string };

/** What an edit can change: the event's own fields (never its organising business, its status or its city). */
export interface EventFields {
  title: string;
  description: string;
  category: string;
  startDate: string;
  startTime: string;
  endTime: string | null;
  rrule: string | null;
  placeBusinessId: string | null;
  address: string;
  priceOre: number | null;
  image: EventImage | null;
  link: string | null;
  organiser: string;
}

/**
 * An untrusted member's edit of a published event, waiting for an admin: the whole
 * proposed version (the published one stays visible until it is approved).
 */
export interface EventChange {
  fields: EventFields;
  proposedBy: string;
  /** ISO 8601 instant. */
  proposedAt: string;
}

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
    /** pending → published | rejected; a member's edit puts a pending or rejected event back to pending. */
    status: text('status').notNull(),
    /** A member's edit of the published version, waiting for an admin's approval; null when none waits. */
    pendingChanges: jsonb('pending_changes').$type<EventChange>(),
    /** Set when the whole event is called off ("Inställt"): it stays listed, marked, and in the feeds as STATUS:CANCELLED. */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** Dates ('YYYY-MM-DD') of a recurring event that are called off one by one (EXDATE in the feeds). */
    cancelledDates: jsonb('cancelled_dates').$type<string[]>().notNull().default([]),
    /** RFC 5545 SEQUENCE: bumped by every change subscribers' calendars must take over (edit, cancellation). */
    sequence: integer('sequence').notNull().default(0),
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
