import ICAL from 'ical.js';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import { systemActor } from '../../platform/auth/roles.js';
import { zonedDateTimeToInstant } from '../../platform/time/zoned.js';

// The harness clock: Friday 11 December 2026, 11.30 Stockholm time.
async function setup(ctx: TestContext, capacity = 1) {
  const { services } = ctx;
  const city = await insertCity(services);
  const shop = await insertBusiness(services, city);
  const schedule = await services.bookings.createSchedule(systemActor, city.id, shop.id, { name: 'Morgonhandling', weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '10:00', slotMinutes: 15, capacity });
  return { city, shop, schedule };
}

const monday9 = () => zonedDateTimeToInstant('2026-12-14', '09:00');

describeEachDatabase('bookings', (ctx) => {
  it('offers weekday slots from now on, four an hour, none on weekends or closed days', async () => {
    const { services } = ctx();
    const s = await setup(ctx());
    await services.bookings.addException(systemActor, s.city.id, s.shop.id, s.schedule.id, '2026-12-15', 'Inventering');
    const slots = await services.bookings.openSlots(s.city.id, s.shop.id, 7);
    // Friday's slots have passed (11.30); Mon, Wed, Thu remain (Tue closed): 3 × 4.
    expect(slots.map((x) => `${x.date} ${x.time}`)).toEqual(['2026-12-14', '2026-12-16', '2026-12-17'].flatMap((d) => ['09:00', '09:15', '09:30', '09:45'].map((t) => `${d} ${t}`)));
    expect(slots.every((x) => x.left === 1)).toBe(true);
  });

  it('books, e-mails a confirmation with an .ics file and a cancel link, and frees the place on cancel', async () => {
    const { services } = ctx();
    const s = await setup(ctx());
    const { booking, cancelToken } = await services.bookings.book(s.city.id, s.shop.id, { scheduleId: s.schedule.id, startsAt: monday9() }, { name: 'Greta', email: 'Greta@Example.test' });
    expect(booking).toMatchObject({ name: 'Greta', email: 'greta@example.test', status: 'booked' });
    expect((await services.bookings.openSlots(s.city.id, s.shop.id))[0]!.left).toBe(0);

    const [mail] = await services.outbox.list({ cityId: s.city.id });
    expect(mail!.recipient).toBe('greta@example.test');
    const content = await services.outbox.contentOf(mail!);
    expect(content.text).toContain(`/${s.city.slug}/bokning/${cancelToken}`);
    expect(content.text).toContain('måndag 14 december kl. 9.00–9.15');
    const ics = content.attachments.find((a) => a.filename.endsWith('.ics'))!;
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe(monday9().toISOString());
    expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(15 * 60_000);
    expect(event.summary).toContain(s.shop.name);
    expect(ics.content.toString('utf8')).toMatch(/\r\n$/);

    const cancelled = await services.bookings.cancel(s.city.id, cancelToken);
    expect(cancelled.status).toBe('cancelled');
    expect((await services.bookings.openSlots(s.city.id, s.shop.id))[0]!.left).toBe(1);
    await expect(services.bookings.byToken(s.city.id, cancelToken.slice(0, -1) + (cancelToken.endsWith('A') ? 'B' : 'A'))).rejects.toMatchObject({ code: 'bookings.not_found' });
  });

  it('refuses a full slot, a past slot, a time no schedule offers, and missing contact details', async () => {
    const { services } = ctx();
    const s = await setup(ctx());
    const slot = { scheduleId: s.schedule.id, startsAt: monday9() };
    await services.bookings.book(s.city.id, s.shop.id, slot, { name: 'A', phone: '070-123 45 67' });
    await expect(services.bookings.book(s.city.id, s.shop.id, slot, { name: 'B', email: 'b@example.test' })).rejects.toMatchObject({ code: 'bookings.slot_full' });
    await expect(services.bookings.book(s.city.id, s.shop.id, { scheduleId: s.schedule.id, startsAt: zonedDateTimeToInstant('2026-12-11', '09:00') }, { name: 'C', email: 'c@example.test' })).rejects.toMatchObject({ code: 'bookings.slot_past' });
    await expect(services.bookings.book(s.city.id, s.shop.id, { scheduleId: s.schedule.id, startsAt: zonedDateTimeToInstant('2026-12-14', '09:05') }, { name: 'D', email: 'd@example.test' })).rejects.toMatchObject({ code: 'bookings.slot_not_found' });
    await expect(services.bookings.book(s.city.id, s.shop.id, { scheduleId: s.schedule.id, startsAt: zonedDateTimeToInstant('2026-12-12', '09:00') }, { name: 'E', email: 'e@example.test' })).rejects.toMatchObject({ code: 'bookings.slot_not_found' });
    await expect(services.bookings.book(s.city.id, s.shop.id, { scheduleId: s.schedule.id, startsAt: zonedDateTimeToInstant('2026-12-14', '09:15') }, { name: 'F' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('nobody takes the last place twice: 12 people book one place at once', async () => {
    const { services } = ctx();
    const s = await setup(ctx(), 2);
    const slot = { scheduleId: s.schedule.id, startsAt: zonedDateTimeToInstant('2026-12-16', '09:30') };
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => services.bookings.book(s.city.id, s.shop.id, slot, { name: `Kund ${i}`, email: `kund${i}@example.test` })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(2);
    expect(refused.every((r) => r.reason.code === 'bookings.slot_full')).toBe(true);
    const day = await services.bookings.day(systemActor, s.city.id, s.shop.id, '2026-12-16');
    expect(day).toHaveLength(2);
    // Only the two bookings queued mail.
    expect(await services.outbox.list({ cityId: s.city.id })).toHaveLength(2);
  });

  it('staff see the day and mark a no-show; another business cannot', async () => {
    const { services } = ctx();
    const s = await setup(ctx());
    const { booking } = await services.bookings.book(s.city.id, s.shop.id, { scheduleId: s.schedule.id, startsAt: monday9() }, { name: 'Greta', email: 'g@example.test' });
    const staff = await insertUser(services, 'merchant-staff', s.city, s.shop.id);
    const other = await insertBusiness(services, s.city);
    const stranger = await insertUser(services, 'merchant-staff', s.city, other.id);
    await services.bookings.markNoShow(staff.actor, s.city.id, s.shop.id, booking.id, true);
    expect((await services.bookings.day(staff.actor, s.city.id, s.shop.id, '2026-12-14'))[0]!.status).toBe('no_show');
    await expect(services.bookings.day(stranger.actor, s.city.id, s.shop.id, '2026-12-14')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.bookings.createSchedule(staff.actor, s.city.id, s.shop.id, { name: 'X', weekdays: [6], startTime: '10:00', endTime: '11:00', slotMinutes: 30, capacity: 2 })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('sends one reminder the day before, with a working cancel link', async () => {
    const { services, clock } = ctx();
    const s = await setup(ctx());
    const { cancelToken } = await services.bookings.book(s.city.id, s.shop.id, { scheduleId: s.schedule.id, startsAt: monday9() }, { name: 'Greta', email: 'g@example.test' });
    const before = clock.now();
    try {
      clock.set('2026-12-12T10:00:00Z'); // Saturday: Monday is not tomorrow
      expect(await services.bookings.sendReminders()).toBe(0);
      clock.set('2026-12-13T17:00:00Z'); // Sunday evening
      expect(await services.bookings.sendReminders()).toBeGreaterThanOrEqual(1);
      expect(await services.bookings.sendReminders()).toBe(0);
      const reminders = (await services.outbox.list({ cityId: s.city.id })).filter((m) => m.template === 'bookings.reminder');
      expect(reminders).toHaveLength(1);
      expect(reminders[0]!.textBody).toContain(`/bokning/${cancelToken}`);
    } finally {
      clock.set(before);
    }
  });

  it('refuses a schedule that makes no sense', async () => {
    const { services } = ctx();
    const s = await setup(ctx());
    await expect(services.bookings.createSchedule(systemActor, s.city.id, s.shop.id, { name: 'X', weekdays: [], startTime: '10:00', endTime: '09:00', slotMinutes: 0, capacity: 0 })).rejects.toMatchObject({ code: 'bookings.invalid_schedule' });
  });
});
