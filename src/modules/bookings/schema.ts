import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../cities/schema.js';

/**
 * When a business takes bookings: on these weekdays, from `start_time` to `end_time`,
 * in slots of `slot_minutes`, each for `capacity` people ("morning shopping: weekdays
 * 9–10, 15 minutes, 1 person"). Times are Stockholm wall-clock times.
 */
export const bookingSchedules = pgTable(
  'booking_schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    /** The business (members module); not a foreign key, modules own their tables. */
    businessId: uuid('business_id').notNull(),
    name: text('name').notNull(),
    /** ISO weekdays, Monday = 1. */
    weekdays: jsonb('weekdays').$type<number[]>().notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    slotMinutes: integer('slot_minutes').notNull(),
    capacity: integer('capacity').notNull(),
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('booking_schedules_business_idx').on(t.cityId, t.businessId)],
);

/** A date a schedule takes no bookings (a holiday, an inventory day). */
export const bookingExceptions = pgTable(
  'booking_exceptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => bookingSchedules.id),
    date: text('date').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [uniqueIndex('booking_exceptions_key').on(t.scheduleId, t.date)],
);

/**
 * One slot that someone has booked: made on the first booking, then `taken` grows by a
 * guarded update (`taken < capacity`), so the last place is never taken twice.
 */
export const bookingSlots = pgTable(
  'booking_slots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => bookingSchedules.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    taken: integer('taken').notNull().default(0),
  },
  (t) => [uniqueIndex('booking_slots_key').on(t.scheduleId, t.startsAt)],
);

export const bookings = pgTable(
  'bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    businessId: uuid('business_id').notNull(),
    slotId: uuid('slot_id')
      .notNull()
      .references(() => bookingSlots.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    name: text('name').notNull(),
    email: text('email'),
    /** E.164. */
    phone: text('phone'),
    status: text('status').notNull().default('booked'), // booked | cancelled | no_show
    reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [index('bookings_business_time_idx').on(t.cityId, t.businessId, t.startsAt), index('bookings_reminder_idx').on(t.status, t.startsAt)],
);
