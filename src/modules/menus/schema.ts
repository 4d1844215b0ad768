import { date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../cities/schema.js';
import type { MenuDay, Dish } from './lunch.js';

/**
 * One restaurant's lunch for one ISO week: the dishes of each weekday, the week's
 * dishes ("veckans") served every day, and the lunch hours. `business_id` names a
 * business of the members module (no foreign key across modules).
 */
export const lunchMenus = pgTable(
  'lunch_menus',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    businessId: uuid('business_id').notNull(),
    /** The Monday of the ISO week. */
    weekStart: date('week_start').notNull(),
    days: jsonb('days').$type<MenuDay[]>().notNull().default([]),
    weekly: jsonb('weekly').$type<Dish[]>().notNull().default([]),
    /** 'HH:MM' */
    lunchOpens: text('lunch_opens').notNull().default('11:00'),
    lunchCloses: text('lunch_closes').notNull().default('14:00'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('lunch_menus_business_week_key').on(t.cityId, t.businessId, t.weekStart), index('lunch_menus_city_week_idx').on(t.cityId, t.weekStart)],
);
