import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  daysBetween,
  isoWeek,
  isoWeekday,
  isValidDate,
  minutesOfTime,
  timeOfMinutes,
  zonedDateTimeToInstant,
  zonedParts,
} from './zoned.js';

describe('zonedParts', () => {
  it('reads the Stockholm wall clock in winter and summer', () => {
    expect(zonedParts(new Date('2026-01-15T09:30:00Z'))).toEqual({
      date: '2026-01-15',
      time: '10:30',
      weekday: 4,
      minutes: 630,
    });
    expect(zonedParts(new Date('2026-07-01T22:15:00Z'))).toEqual({
      date: '2026-07-02',
      time: '00:15',
      weekday: 4,
      minutes: 15,
    });
  });

  it('takes another time zone', () => {
    expect(zonedParts(new Date('2026-01-15T09:30:00Z'), 'UTC').time).toBe('09:30');
    expect(zonedParts(new Date('2026-01-15T09:30:00Z'), 'America/New_York')).toMatchObject({
      date: '2026-01-15',
      time: '04:30',
    });
  });

  it('numbers weekdays Monday = 1 to Sunday = 7', () => {
    expect(zonedParts(new Date('2026-12-14T12:00:00Z')).weekday).toBe(1);
    expect(zonedParts(new Date('2026-12-13T12:00:00Z')).weekday).toBe(7);
  });

  it('follows the spring switch (29 March 2026, 02:00 CET → 03:00 CEST)', () => {
    expect(zonedParts(new Date('2026-03-29T00:59:00Z')).time).toBe('01:59');
    expect(zonedParts(new Date('2026-03-29T01:00:00Z')).time).toBe('03:00');
  });

  it('follows the autumn switch (25 October 2026, 03:00 CEST → 02:00 CET)', () => {
    expect(zonedParts(new Date('2026-10-25T00:30:00Z')).time).toBe('02:30');
    expect(zonedParts(new Date('2026-10-25T01:30:00Z')).time).toBe('02:30');
    expect(zonedParts(new Date('2026-10-25T02:00:00Z')).time).toBe('03:00');
  });
});

describe('zonedDateTimeToInstant', () => {
  it('converts ordinary winter and summer times', () => {
    expect(zonedDateTimeToInstant('2026-01-15', '10:30').toISOString()).toBe('2026-01-15T09:30:00.000Z');
    expect(zonedDateTimeToInstant('2026-07-01', '10:30').toISOString()).toBe('2026-07-01T08:30:00.000Z');
  });

  it('handles the spring switch day, 29 March 2026', () => {
    expect(zonedDateTimeToInstant('2026-03-29', '01:59').toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(zonedDateTimeToInstant('2026-03-29', '03:00').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedDateTimeToInstant('2026-03-29', '12:00').toISOString()).toBe('2026-03-29T10:00:00.000Z');
    // 02:30 does not exist that night; it is read as 03:30 summer time.
    expect(zonedDateTimeToInstant('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedDateTimeToInstant('2026-03-29', '00:00').toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });

  it('handles the autumn switch day, 25 October 2026', () => {
    expect(zonedDateTimeToInstant('2026-10-25', '01:59').toISOString()).toBe('2026-10-24T23:59:00.000Z');
    // 02:30 happens twice; the earlier (summer time) is chosen.
    expect(zonedDateTimeToInstant('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedDateTimeToInstant('2026-10-25', '03:00').toISOString()).toBe('2026-10-25T02:00:00.000Z');
    expect(zonedDateTimeToInstant('2026-10-25', '12:00').toISOString()).toBe('2026-10-25T11:00:00.000Z');
  });

  it('reads 24:00 as the midnight that ends the day', () => {
    expect(zonedDateTimeToInstant('2026-12-31', '24:00').toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('works in other zones', () => {
    expect(zonedDateTimeToInstant('2026-03-08', '03:30', 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    expect(zonedDateTimeToInstant('2026-06-01', '00:00', 'UTC').toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('rejects invalid dates and times', () => {
    expect(() => zonedDateTimeToInstant('2026-02-30', '10:00')).toThrow(RangeError);
    expect(() => zonedDateTimeToInstant('2026-02-01', '25:00')).toThrow(RangeError);
    expect(() => zonedDateTimeToInstant('2026-2-1', '10:00')).toThrow(RangeError);
  });

  it('round-trips every existing Stockholm wall time', () => {
    const instants = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-01-01T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instants, (instant) => {
        const whole = new Date(Math.floor(instant.getTime() / 60_000) * 60_000);
        const parts = zonedParts(whole);
        const back = zonedDateTimeToInstant(parts.date, parts.time);
        // Equal, or the earlier of two instants sharing an autumn wall time (one hour apart).
        expect([0, 3_600_000]).toContain(whole.getTime() - back.getTime());
        expect(zonedParts(back)).toEqual(parts);
      }),
    );
  });
});

describe('addDays and daysBetween', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29'); // DST does not shorten calendar days
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2026-03-30', '2026-03-29')).toBe(-1);
  });

  it('is inverted by daysBetween', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (n) => {
        expect(daysBetween('2026-06-15', addDays('2026-06-15', n))).toBe(n);
      }),
    );
  });

  it('rejects fractional days', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('isoWeek', () => {
  it.each([
    ['2026-12-31', 2026, 53],
    ['2027-01-01', 2026, 53],
    ['2027-01-03', 2026, 53],
    ['2027-01-04', 2027, 1],
    ['2021-01-03', 2020, 53],
    ['2021-01-04', 2021, 1],
    ['2024-12-30', 2025, 1],
    ['2026-01-01', 2026, 1],
    ['2026-12-11', 2026, 50],
  ])('%s is %i week %i', (date, year, week) => {
    expect(isoWeek(date)).toEqual({ year, week });
  });

  it('keeps days of one Monday-to-Sunday week together', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (offset) => {
        const date = addDays('1990-01-01', offset);
        const monday = addDays(date, 1 - isoWeekday(date));
        expect(isoWeek(date)).toEqual(isoWeek(monday));
        const { week } = isoWeek(date);
        expect(week).toBeGreaterThanOrEqual(1);
        expect(week).toBeLessThanOrEqual(53);
      }),
    );
  });
});

describe('small helpers', () => {
  it('convert times and validate dates', () => {
    expect(minutesOfTime('10:30')).toBe(630);
    expect(minutesOfTime('24:00', true)).toBe(1440);
    expect(() => minutesOfTime('24:00')).toThrow(RangeError);
    expect(timeOfMinutes(1440)).toBe('24:00');
    expect(timeOfMinutes(75)).toBe('01:15');
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isoWeekday('2026-12-11')).toBe(5);
  });
});
