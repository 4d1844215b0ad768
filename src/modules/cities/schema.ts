import { doublePrecision, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A city centre and the association that runs it: the tenant. */
export const cities = pgTable(
  'cities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    associationName: text('association_name').notNull(),
    orgNumber: text('org_number'),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    description: text('description').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    primaryColor: text('primary_color').notNull().default('#0b5d4b'),
    accentColor: text('accent_color').notNull().default('#f2b705'),
    logoUrl: text('logo_url'),
    centerLat: doublePrecision('center_lat'),
    centerLng: doublePrecision('center_lng'),
    /** Host names that serve this city directly (custom domains). */
    domains: jsonb('domains').$type<string[]>().notNull().default([]),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('cities_slug_key').on(t.slug)],
);

/** Former slugs keep answering with a permanent redirect: printed QR codes live for years. */
export const citySlugRedirects = pgTable(
  'city_slug_redirects',
  {
    oldSlug: text('old_slug').primaryKey(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('city_slug_redirects_city_idx').on(t.cityId)],
);
