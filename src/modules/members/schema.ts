import { sql, type SQL } from 'drizzle-orm';
import { boolean, customType, date, doublePrecision, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../cities/schema.js';
import type { OpeningHours } from './opening-hours.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Member businesses (and listed non-members): their legal identity, their public
 * profile and what they offer. The directory module reads them through members' index.
 */
export const businesses = pgTable(
  'businesses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    /** Canonical NNNNNN-NNNN. For a sole trader this is a personnummer: never shown publicly. */
    orgNumber: text('org_number').notNull(),
    isSoleTrader: boolean('is_sole_trader').notNull().default(false),
    isMember: boolean('is_member').notNull().default(true),
    memberSince: date('member_since'),
    description: text('description').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    street: text('street').notNull().default(''),
    postalCode: text('postal_code').notNull().default(''),
    postalTown: text('postal_town').notNull().default(''),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** E.164. */
    phone: text('phone'),
    email: text('email'),
    website: text('website'),
    openingHours: jsonb('opening_hours').$type<OpeningHours>().notNull().default({ regular: [], special: [] }),
    services: jsonb('services').$type<string[]>().notNull().default([]),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    /** Byte-comparable Swedish sort key (å, ä, ö last), ordered with COLLATE "C" on any server. */
    sortKey: text('sort_key').notNull(),
    /** Lower-cased, accent-folded text the fuzzy search matches against. */
    searchText: text('search_text').notNull().default(''),
    searchVector: tsvector('search_vector').generatedAlwaysAs((): SQL => sql`to_tsvector('swedish'::regconfig, search_text)`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('businesses_city_slug_key').on(t.cityId, t.slug),
    index('businesses_city_sort_idx').on(t.cityId, t.sortKey),
    index('businesses_search_vector_idx').using('gin', t.searchVector),
    index('businesses_search_text_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

/** Former business slugs keep redirecting, for the same reason as city slugs. */
export const businessSlugRedirects = pgTable(
  'business_slug_redirects',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    oldSlug: text('old_slug').notNull(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id),
  },
  (t) => [uniqueIndex('business_slug_redirects_key').on(t.cityId, t.oldSlug)],
);
