/**
 * Booked visits: a business's schedules (days, time range, slot length, capacity, dates
 * off), the free places in the coming days, booking and cancelling, the day's list for
 * staff with no-shows, and the reminder the day before.
 *
 * Nobody takes the last place twice: a booking first makes the slot's row (once, on
 * conflict nothing), then takes a place with `UPDATE … SET taken = taken + 1 WHERE
 * taken < capacity`, which PostgreSQL serialises on the row. The booking, its slot
 * update and its confirmation e-mail commit together or not at all.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, type Actor, type Role } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError, validationError, type FieldError } from '../../platform/errors.js';
import { formatDateLong, formatTimeRange } from '../../platform/i18n/format.js';
import { normalizeSwedishPhone } from '../../platform/identity/phone.js';
import type { Outbox } from '../../platform/messaging/outbox.js';
import { addDays, isValidDate, minutesOfTime, zonedDateTimeToInstant, zonedParts } from '../../platform/time/zoned.js';
import { icsFile } from './ics.js';
import { bookingExceptions, bookings, bookingSchedules, bookingSlots } from './schema.js';
import { slotsOn, type SlotTime } from './slots.js';

export type Schedule = typeof bookingSchedules.$inferSelect;
export type Booking = typeof bookings.$inferSelect;

export interface BusinessInfo {
  id: string;
  slug: string;
  name: string;
  street: string;
  postalTown: string;
}

/** The slice of the members module bookings need. */
export interface BookingBusinessPort {
  getById(cityId: string, id: string): Promise<(BusinessInfo & { archivedAt: Date | null }) | null>;
}

export interface OpenSlot extends SlotTime {
  scheduleId: string;
  scheduleName: string;
  capacity: number;
  left: number;
}

const OWNER: readonly Role[] = ['merchant-owner', 'association-admin'];
const STAFF: readonly Role[] = ['merchant-owner', 'merchant-staff', 'association-admin', 'association-staff'];

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
export const ScheduleInput = z
  .object({
    name: z.string().trim().min(1, 'Ge schemat ett namn.').max(80),
    weekdays: z.array(z.number().int().min(1).max(7)).min(1, 'Välj minst en dag.').max(7),
    startTime: z.string().regex(hhmm, 'Skriv tiden som 09:00.'),
    endTime: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Skriv tiden som 10:00.'),
    slotMinutes: z.number().int().min(5, 'Minst 5 minuter.').max(480, 'Högst 8 timmar.'),
    capacity: z.number().int().min(1, 'Minst 1 person.').max(500, 'Högst 500 personer.'),
    validFrom: z.string().refine(isValidDate, 'Ett datum som 2026-12-01.').nullable().default(null),
    validUntil: z.string().refine(isValidDate, 'Ett datum som 2026-12-24.').nullable().default(null),
  })
  .refine((s) => minutesOfTime(s.endTime, true) - minutesOfTime(s.startTime) >= s.slotMinutes, { message: 'Sluttiden måste ligga minst en tid efter starttiden.', path: ['endTime'] });
export type ScheduleInput = z.input<typeof ScheduleInput>;

export const BookingInput = z
  .object({
    name: z.string().trim().min(1, 'Skriv ditt namn.').max(100),
    email: z.string().trim().max(200).optional(),
    phone: z.string().trim().max(40).optional(),
  })
  .transform((b, ctx) => {
    const email = b.email ? b.email.toLowerCase() : '';
    if (email && !z.email().safeParse(email).success) ctx.addIssue({ code: 'custom', path: ['email'], message: 'Skriv en e-postadress som namn@exempel.se.' });
    const phone = b.phone ? normalizeSwedishPhone(b.phone) : null;
    if (b.phone && !phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'Skriv ett svenskt telefonnummer, t.ex. 070-123 45 67.' });
    if (!email && !b.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'Skriv din e-postadress eller ditt telefonnummer.' });
    return { name: b.name, email: email || null, phone };
  });

/**
 * The cancel link's token: the booking id and an HMAC of it under a key kept outside
 * the database, so the confirmation and the reminder carry the same working link and
 * nothing secret is stored.
 */
export function cancelTokenFor(key: Buffer, bookingId: string): string {
  return `${bookingId}.${createHmac('sha256', key).update(`booking-cancel:${bookingId}`).digest('base64url').slice(0, 32)}`;
}

function bookingIdOfToken(key: Buffer, token: string): string | null {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(cancelTokenFor(key, m[1]!));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? m[1]! : null;
}

function fieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message, code: i.code }));
}

/** "fredag 11 december kl. 9.00–9.15". */
export function slotText(startsAt: Date, endsAt: Date): string {
  const s = zonedParts(startsAt);
  const e = zonedParts(endsAt);
  return `${formatDateLong(s.date, 'sv', { withYear: false, withWeekday: true })} ${formatTimeRange(s.time.slice(0, 5), e.time.slice(0, 5), 'sv')}`;
}

export type BookingService = ReturnType<typeof createBookingService>;

export function createBookingService(deps: { db: Db; clock: Clock; audit: AuditLog; outbox: Outbox; businesses: BookingBusinessPort; citySlug: (cityId: string) => Promise<string | null>; publicUrl: string; linkKey: Buffer }) {
  const { db, clock, outbox, businesses, publicUrl, linkKey } = deps;

  async function cancelUrlOf(cityId: string, bookingId: string): Promise<string> {
    return `${publicUrl}/${(await deps.citySlug(cityId)) ?? ''}/bokning/${cancelTokenFor(linkKey, bookingId)}`;
  }

  async function schedulesOf(cityId: string, businessId: string, activeOnly = true): Promise<Schedule[]> {
    return db
      .select()
      .from(bookingSchedules)
      .where(and(eq(bookingSchedules.cityId, cityId), eq(bookingSchedules.businessId, businessId), activeOnly ? eq(bookingSchedules.isActive, true) : undefined))
      .orderBy(asc(bookingSchedules.createdAt));
  }

  async function closedDatesOf(cityId: string, scheduleIds: string[]): Promise<Map<string, Set<string>>> {
    const map = new Map<string, Set<string>>();
    if (scheduleIds.length === 0) return map;
    const rows = await db.select().from(bookingExceptions).where(and(eq(bookingExceptions.cityId, cityId), inArray(bookingExceptions.scheduleId, scheduleIds)));
    for (const r of rows) {
      if (!map.has(r.scheduleId)) map.set(r.scheduleId, new Set());
      map.get(r.scheduleId)!.add(r.date);
    }
    return map;
  }

  async function businessOf(cityId: string, businessId: string): Promise<BusinessInfo> {
    const b = await businesses.getById(cityId, businessId);
    if (!b || b.archivedAt) throw new DomainError('members.business_not_found', 'Företaget finns inte.');
    return b;
  }

  function confirmationText(business: BusinessInfo, booking: Booking, cancelUrl: string, reminder: boolean): string {
    return [
      reminder ? `Hej ${booking.name}! Påminnelse: i morgon har du en bokad tid hos ${business.name}.` : `Hej ${booking.name}! Din tid hos ${business.name} är bokad.`,
      '',
      `När: ${slotText(booking.startsAt, booking.endsAt)}`,
      `Var: ${[business.street, business.postalTown].filter(Boolean).join(', ') || business.name}`,
      '',
      'Kan du inte komma? Avboka här, så får någon annan tiden:',
      cancelUrl,
      '',
      reminder ? 'Välkommen!' : 'Tiden finns också i den bifogade kalenderfilen. Välkommen!',
    ].join('\n');
  }

  // The calendar file is made when the mail is sent, from the booking as it is then.
  outbox.registerRenderer('bookings.confirmation', async (message) => {
    const id = (message.meta as { bookingId?: string }).bookingId;
    if (!id) return null;
    const [booking] = await db.select().from(bookings).where(eq(bookings.id, id));
    if (!booking) return null;
    const business = await businesses.getById(booking.cityId, booking.businessId);
    const ics = icsFile({
      uid: `${booking.id}@torget`,
      start: booking.startsAt,
      end: booking.endsAt,
      stamp: booking.createdAt,
      summary: `Bokad tid hos ${business?.name ?? 'butiken'}`,
      location: business ? [business.name, business.street, business.postalTown].filter(Boolean).join(', ') : '',
      description: 'Avboka med länken i bekräftelsen om du inte kan komma.',
    });
    return { text: message.textBody, attachments: [{ filename: 'bokning.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: Buffer.from(ics, 'utf8') }] };
  });

  return {
    async createSchedule(actor: Actor, cityId: string, businessId: string, input: ScheduleInput): Promise<Schedule> {
      authorize(actor, { cityId, roles: OWNER, businessId });
      await businessOf(cityId, businessId);
      const parsed = ScheduleInput.safeParse(input);
      if (!parsed.success) throw new DomainError('bookings.invalid_schedule', 'Schemat innehåller fel.', { errors: fieldErrors(parsed.error.issues) });
      const s = parsed.data;
      const [made] = await db
        .insert(bookingSchedules)
        .values({ cityId, businessId, name: s.name, weekdays: [...new Set(s.weekdays)].sort(), startTime: s.startTime, endTime: s.endTime, slotMinutes: s.slotMinutes, capacity: s.capacity, validFrom: s.validFrom, validUntil: s.validUntil, createdAt: clock.now() })
        .returning();
      await deps.audit.record({ cityId, actor, action: 'bookings.schedule_created', entityType: 'booking_schedule', entityId: made!.id, data: { name: s.name } });
      return made!;
    },

    async setScheduleActive(actor: Actor, cityId: string, businessId: string, scheduleId: string, active: boolean): Promise<void> {
      authorize(actor, { cityId, roles: OWNER, businessId });
      await db.update(bookingSchedules).set({ isActive: active }).where(and(eq(bookingSchedules.id, scheduleId), eq(bookingSchedules.cityId, cityId), eq(bookingSchedules.businessId, businessId)));
    },

    /** A date without bookings for a schedule. */
    async addException(actor: Actor, cityId: string, businessId: string, scheduleId: string, date: string, note = ''): Promise<void> {
      authorize(actor, { cityId, roles: OWNER, businessId });
      if (!isValidDate(date)) throw validationError([{ path: '/date', message: 'Ett datum som 2026-12-24.', code: 'invalid' }]);
      const [s] = await db.select({ id: bookingSchedules.id }).from(bookingSchedules).where(and(eq(bookingSchedules.id, scheduleId), eq(bookingSchedules.cityId, cityId), eq(bookingSchedules.businessId, businessId)));
      if (!s) throw new DomainError('bookings.slot_not_found', 'Schemat finns inte.');
      await db.insert(bookingExceptions).values({ cityId, scheduleId, date, note: note.slice(0, 200) }).onConflictDoNothing();
    },

    schedules: schedulesOf,

    /** Closed dates per schedule. */
    exceptions: closedDatesOf,

    /** Whether a business takes bookings at all (for links on its page). */
    async takesBookings(cityId: string, businessId: string): Promise<boolean> {
      return (await schedulesOf(cityId, businessId)).length > 0;
    },

    /** Slots from today for `days` days that have not started, with places left. */
    async openSlots(cityId: string, businessId: string, days = 7): Promise<OpenSlot[]> {
      const schedules = await schedulesOf(cityId, businessId);
      if (schedules.length === 0) return [];
      const closed = await closedDatesOf(cityId, schedules.map((s) => s.id));
      const now = clock.now();
      const today = zonedParts(now).date;
      const candidates: OpenSlot[] = [];
      for (let d = 0; d < days; d++) {
        const date = addDays(today, d);
        for (const s of schedules) {
          for (const slot of slotsOn(s, date, closed.get(s.id))) {
            if (slot.startsAt.getTime() <= now.getTime()) continue;
            candidates.push({ ...slot, scheduleId: s.id, scheduleName: s.name, capacity: s.capacity, left: s.capacity });
          }
        }
      }
      if (candidates.length === 0) return [];
      const taken = await db
        .select({ scheduleId: bookingSlots.scheduleId, startsAt: bookingSlots.startsAt, taken: bookingSlots.taken, capacity: bookingSlots.capacity })
        .from(bookingSlots)
        .where(and(inArray(bookingSlots.scheduleId, schedules.map((s) => s.id)), gte(bookingSlots.startsAt, candidates[0]!.startsAt)));
      const byKey = new Map(taken.map((t) => [`${t.scheduleId}|${t.startsAt.getTime()}`, t]));
      for (const c of candidates) {
        const row = byKey.get(`${c.scheduleId}|${c.startsAt.getTime()}`);
        if (row) c.left = Math.max(0, row.capacity - row.taken);
      }
      return candidates.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    },

    /**
     * Books one place. Refuses a slot no schedule offers, one that has started, and a
     * full one; the confirmation (with a calendar file and the cancel link) is queued in
     * the same transaction. The cancel token is returned once and stored only hashed.
     */
    async book(cityId: string, businessId: string, slot: { scheduleId: string; startsAt: Date }, person: { name: string; email?: string; phone?: string }): Promise<{ booking: Booking; cancelToken: string }> {
      const citySlug = await deps.citySlug(cityId);
      const business = await businessOf(cityId, businessId);
      const parsed = BookingInput.safeParse(person);
      if (!parsed.success) throw validationError(fieldErrors(parsed.error.issues));
      const who = parsed.data;
      if (!/^[0-9a-f-]{36}$/i.test(slot.scheduleId) || Number.isNaN(slot.startsAt.getTime())) throw new DomainError('bookings.slot_not_found', 'Tiden finns inte.');
      const [schedule] = await db
        .select()
        .from(bookingSchedules)
        .where(and(eq(bookingSchedules.id, slot.scheduleId), eq(bookingSchedules.cityId, cityId), eq(bookingSchedules.businessId, businessId), eq(bookingSchedules.isActive, true)));
      if (!schedule) throw new DomainError('bookings.slot_not_found', 'Den tiden går inte att boka.');
      const date = zonedParts(slot.startsAt).date;
      const closed = await closedDatesOf(cityId, [schedule.id]);
      const offered = slotsOn(schedule, date, closed.get(schedule.id)).find((s) => s.startsAt.getTime() === slot.startsAt.getTime());
      if (!offered) throw new DomainError('bookings.slot_not_found', 'Den tiden går inte att boka.');
      if (offered.startsAt.getTime() <= clock.now().getTime()) throw new DomainError('bookings.slot_past', 'Tiden har redan varit. Välj en senare tid.');

      const booking = await db.transaction(async (tx) => {
        await tx.insert(bookingSlots).values({ cityId, scheduleId: schedule.id, startsAt: offered.startsAt, capacity: schedule.capacity }).onConflictDoNothing();
        const [place] = await tx
          .update(bookingSlots)
          .set({ taken: sql`${bookingSlots.taken} + 1` })
          .where(and(eq(bookingSlots.scheduleId, schedule.id), eq(bookingSlots.startsAt, offered.startsAt), lt(bookingSlots.taken, bookingSlots.capacity)))
          .returning({ id: bookingSlots.id });
        if (!place) throw new DomainError('bookings.slot_full', 'Tiden blev fullbokad. Välj en annan tid.');
        const [made] = await tx
          .insert(bookings)
          .values({ cityId, businessId, slotId: place.id, startsAt: offered.startsAt, endsAt: offered.endsAt, name: who.name, email: who.email, phone: who.phone, createdAt: clock.now() })
          .returning();
        if (who.email) {
          await outbox.enqueueEmail(
            { cityId, to: who.email, template: 'bookings.confirmation', subject: `Bokad tid hos ${business.name}`, text: confirmationText(business, made!, `${publicUrl}/${citySlug ?? ''}/bokning/${cancelTokenFor(linkKey, made!.id)}`, false), sensitive: true, meta: { bookingId: made!.id } },
            tx,
          );
        }
        return made!;
      });
      return { booking, cancelToken: cancelTokenFor(linkKey, booking.id) };
    },

    /** The booking behind a cancel link. */
    async byToken(cityId: string, token: string): Promise<Booking> {
      const id = bookingIdOfToken(linkKey, token);
      if (!id) throw new DomainError('bookings.not_found', 'Bokningen finns inte.');
      const [b] = await db.select().from(bookings).where(and(eq(bookings.cityId, cityId), eq(bookings.id, id)));
      if (!b) throw new DomainError('bookings.not_found', 'Bokningen finns inte.');
      return b;
    },

    /** Cancels by the link in the confirmation; the place is free again. Cancelling twice changes nothing. */
    async cancel(cityId: string, token: string): Promise<Booking> {
      const found = await this.byToken(cityId, token);
      return db.transaction(async (tx) => {
        const [cancelled] = await tx
          .update(bookings)
          .set({ status: 'cancelled', cancelledAt: clock.now() })
          .where(and(eq(bookings.id, found.id), eq(bookings.status, 'booked')))
          .returning();
        if (!cancelled) return found;
        await tx.update(bookingSlots).set({ taken: sql`greatest(${bookingSlots.taken} - 1, 0)` }).where(eq(bookingSlots.id, cancelled.slotId));
        return cancelled;
      });
    },

    /** A day's bookings at a business, in time order (staff). */
    async day(actor: Actor, cityId: string, businessId: string, date: string): Promise<Booking[]> {
      authorize(actor, { cityId, roles: STAFF, businessId });
      if (!isValidDate(date)) throw validationError([{ path: '/date', message: 'Ett datum som 2026-12-11.', code: 'invalid' }]);
      const from = zonedDateTimeToInstant(date, '00:00');
      const to = zonedDateTimeToInstant(addDays(date, 1), '00:00');
      return db
        .select()
        .from(bookings)
        .where(and(eq(bookings.cityId, cityId), eq(bookings.businessId, businessId), gte(bookings.startsAt, from), lt(bookings.startsAt, to), inArray(bookings.status, ['booked', 'no_show'])))
        .orderBy(asc(bookings.startsAt), asc(bookings.createdAt));
    },

    /** Staff mark that someone did not come (or undo it). */
    async markNoShow(actor: Actor, cityId: string, businessId: string, bookingId: string, noShow: boolean): Promise<void> {
      authorize(actor, { cityId, roles: STAFF, businessId });
      if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw new DomainError('bookings.not_found', 'Bokningen finns inte.');
      const [done] = await db
        .update(bookings)
        .set({ status: noShow ? 'no_show' : 'booked' })
        .where(and(eq(bookings.id, bookingId), eq(bookings.cityId, cityId), eq(bookings.businessId, businessId), inArray(bookings.status, ['booked', 'no_show'])))
        .returning({ id: bookings.id });
      if (!done) throw new DomainError('bookings.not_found', 'Bokningen finns inte.');
    },

    /**
     * Reminders for tomorrow's bookings (Stockholm date), each once: the row is claimed by
     * setting `reminder_sent_at` before the mail is queued, in one transaction.
     */
    async sendReminders(): Promise<number> {
      const now = clock.now();
      const tomorrow = addDays(zonedParts(now).date, 1);
      const from = zonedDateTimeToInstant(tomorrow, '00:00');
      const to = zonedDateTimeToInstant(addDays(tomorrow, 1), '00:00');
      let sent = 0;
      for (;;) {
        const due = await db
          .select()
          .from(bookings)
          .where(and(eq(bookings.status, 'booked'), isNull(bookings.reminderSentAt), sql`${bookings.email} is not null`, gte(bookings.startsAt, from), lt(bookings.startsAt, to)))
          .orderBy(asc(bookings.startsAt))
          .limit(100);
        if (due.length === 0) break;
        // Everything a mail needs is read first: nothing but the claim and the mail runs in the transaction.
        const prepared = await Promise.all(due.map(async (b) => ({ b, business: await businesses.getById(b.cityId, b.businessId), url: await cancelUrlOf(b.cityId, b.id) })));
        const claimed = await db.transaction(async (tx) => {
          let n = 0;
          for (const { b, business, url } of prepared) {
            // Claimed once: a second process finds reminder_sent_at already set.
            const [mine] = await tx.update(bookings).set({ reminderSentAt: now }).where(and(eq(bookings.id, b.id), isNull(bookings.reminderSentAt), eq(bookings.status, 'booked'))).returning({ id: bookings.id });
            if (!mine || !business || !b.email) continue;
            await outbox.enqueueEmail({ cityId: b.cityId, to: b.email, template: 'bookings.reminder', subject: `Påminnelse: i morgon hos ${business.name}`, text: confirmationText(business, b, url, true), sensitive: true, meta: { bookingId: b.id } }, tx);
            n++;
          }
          return n;
        });
        sent += claimed;
        if (due.length < 100) break;
      }
      return sent;
    },
  };
}
