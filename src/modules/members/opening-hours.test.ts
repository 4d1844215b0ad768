import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  describeRegularHours,
  describeStatus,
  intervalsOn,
  OpeningHours,
  openStatus,
  toSchemaOrgOpeningHours,
} from './opening-hours.js';
import { zonedDateTimeToInstant } from '../../platform/time/zoned.js';

const weekdays = (from: number, to: number, opens: string, closes: string) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ day: from + i, opens, closes }));

// A shop: weekdays 10–18, Saturday 10–14, closed Sunday; closed on Christmas Eve and
// Christmas Day, late opening for a Christmas market.
const shop = OpeningHours.parse({
  regular: [...weekdays(1, 5, '10:00', '18:00'), { day: 6, opens: '10:00', closes: '14:00' }],
  special: [
    { date: '2026-12-24', closed: true, note: 'Julafton' },
    { date: '2026-12-25', closed: true },
    { date: '2026-12-13', closed: false, opens: '17:00', closes: '20:00', note: 'Lucia' },
    { date: '2026-12-13', closed: false, opens: '11:00', closes: '15:00' },
  ],
});

// A bar open into the night, Thursday to Saturday.
const bar = OpeningHours.parse({
  regular: [...weekdays(4, 6, '20:00', '02:00')],
  special: [{ date: '2026-12-12', closed: true }],
});

/** The instant of a Stockholm wall-clock time. */
const at = (date: string, time: string) => zonedDateTimeToInstant(date, time);

describe('OpeningHours schema', () => {
  const issues = (input: unknown) => {
    const result = OpeningHours.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => i.message);
  };

  it('accepts a normal week, 24:00, past-midnight and back-to-back intervals', () => {
    expect(
      issues({
        regular: [
          { day: 1, opens: '10:00', closes: '14:00' },
          { day: 1, opens: '14:00', closes: '24:00' },
          { day: 2, opens: '00:00', closes: '02:00' },
          { day: 5, opens: '22:00', closes: '03:00' },
        ],
        special: [{ date: '2028-02-29', closed: true }],
      }),
    ).toEqual([]);
  });

  it('rejects malformed times, days and dates', () => {
    expect(issues({ regular: [{ day: 1, opens: '10:00', closes: '24:01' }], special: [] })).toHaveLength(1);
    expect(issues({ regular: [{ day: 1, opens: '9:00', closes: '18:00' }], special: [] })).toHaveLength(1);
    expect(issues({ regular: [{ day: 1, opens: '24:00', closes: '02:00' }], special: [] })).toEqual([
      'Ett pass kan inte öppna kl. 24:00; skriv 00:00.',
    ]);
    expect(issues({ regular: [{ day: 8, opens: '10:00', closes: '18:00' }], special: [] })).toHaveLength(1);
    expect(issues({ regular: [], special: [{ date: '2026-02-30', closed: true }] })).toEqual(['Ange ett datum som 2026-12-24.']);
    expect(issues({ regular: [], special: [{ date: '2026-02-10', closed: false }] }).length).toBeGreaterThan(0);
  });

  it('rejects overlapping intervals with a message naming them', () => {
    expect(
      issues({
        regular: [
          { day: 1, opens: '10:00', closes: '18:00' },
          { day: 1, opens: '17:00', closes: '20:00' },
        ],
        special: [],
      }),
    ).toEqual(['Tiderna överlappar varandra: måndag 17:00–20:00 och måndag 10:00–18:00.']);
  });

  it('rejects a past-midnight interval running into the next day’s, also from Sunday into Monday', () => {
    expect(
      issues({
        regular: [
          { day: 5, opens: '22:00', closes: '03:00' },
          { day: 6, opens: '02:00', closes: '05:00' },
        ],
        special: [],
      }),
    ).toEqual(['Tiderna överlappar varandra: lördag 02:00–05:00 och fredag 22:00–03:00.']);
    expect(
      issues({
        regular: [
          { day: 1, opens: '01:00', closes: '05:00' },
          { day: 7, opens: '22:00', closes: '02:00' },
        ],
        special: [],
      }),
    ).toHaveLength(1);
  });

  it('allows at most four intervals a day', () => {
    const five = ['08', '10', '12', '14', '16'].map((h) => ({ day: 3, opens: `${h}:00`, closes: `${h}:30` }));
    expect(issues({ regular: five, special: [] })).toEqual(['Högst 4 pass per dag; onsdag har fler.']);
    expect(issues({ regular: five.slice(0, 4), special: [] })).toEqual([]);
    const specials = five.map(({ opens, closes }) => ({ date: '2026-12-13', closed: false, opens, closes }));
    expect(issues({ regular: [], special: specials })).toEqual(['Högst 4 pass per dag; 2026-12-13 har fler.']);
  });

  it('rejects a special day both closed and open, and overlapping special intervals', () => {
    expect(
      issues({
        regular: [],
        special: [
          { date: '2026-12-24', closed: true },
          { date: '2026-12-24', closed: false, opens: '10:00', closes: '13:00' },
        ],
      }),
    ).toEqual(['2026-12-24 är markerad både som stängd och öppen; ta bort en av raderna.']);
    expect(
      issues({
        regular: [],
        special: [
          { date: '2026-12-23', closed: false, opens: '10:00', closes: '13:00' },
          { date: '2026-12-23', closed: false, opens: '12:00', closes: '15:00' },
        ],
      }),
    ).toEqual(['Tiderna överlappar varandra 2026-12-23: 12:00–15:00 och 10:00–13:00.']);
  });
});

describe('intervalsOn', () => {
  it('uses the regular week', () => {
    expect(intervalsOn(shop, '2026-12-09')).toEqual([{ opens: '10:00', closes: '18:00' }]); // Wednesday
    expect(intervalsOn(shop, '2026-12-06')).toEqual([]); // Sunday
  });

  it('lets special days override it, several entries making several intervals', () => {
    expect(intervalsOn(shop, '2026-12-24')).toEqual([]); // a Thursday, closed
    expect(intervalsOn(shop, '2026-12-13')).toEqual([
      { opens: '11:00', closes: '15:00' },
      { opens: '17:00', closes: '20:00' },
    ]);
  });
});

describe('openStatus', () => {
  it('is open during opening hours, with the closing time', () => {
    expect(openStatus(shop, at('2026-12-09', '12:00'))).toEqual({ isOpen: true, closesAt: '18:00' });
    expect(openStatus(shop, at('2026-12-09', '10:00'))).toEqual({ isOpen: true, closesAt: '18:00' });
  });

  it('is closed before and after, with the next opening', () => {
    expect(openStatus(shop, at('2026-12-09', '08:00'))).toEqual({
      isOpen: false,
      nextOpening: { date: '2026-12-09', time: '10:00' },
    });
    expect(openStatus(shop, at('2026-12-09', '18:00'))).toEqual({
      isOpen: false,
      nextOpening: { date: '2026-12-10', time: '10:00' },
    });
    // Saturday afternoon: Sunday is closed, so Monday.
    expect(openStatus(shop, at('2026-12-05', '15:00')).nextOpening).toEqual({ date: '2026-12-07', time: '10:00' });
  });

  it('skips special closed days and uses special intervals', () => {
    expect(openStatus(shop, at('2026-12-23', '19:00')).nextOpening).toEqual({ date: '2026-12-26', time: '10:00' });
    expect(openStatus(shop, at('2026-12-13', '16:00'))).toEqual({
      isOpen: false,
      nextOpening: { date: '2026-12-13', time: '17:00' },
    });
    expect(openStatus(shop, at('2026-12-13', '18:00'))).toEqual({ isOpen: true, closesAt: '20:00' });
  });

  it('keeps a past-midnight interval open into the next day', () => {
    // Friday 20:00–02:00, seen early Saturday morning.
    expect(openStatus(bar, at('2026-12-05', '01:30'))).toEqual({ isOpen: true, closesAt: '02:00' });
    expect(openStatus(bar, at('2026-12-05', '02:00'))).toEqual({
      isOpen: false,
      nextOpening: { date: '2026-12-05', time: '20:00' },
    });
    // Saturday 12 December is a special closed day, but Friday night still runs until 02.
    expect(openStatus(bar, at('2026-12-12', '01:00'))).toEqual({ isOpen: true, closesAt: '02:00' });
    expect(openStatus(bar, at('2026-12-12', '21:00')).nextOpening).toEqual({ date: '2026-12-17', time: '20:00' });
  });

  it('follows back-to-back intervals to the real closing time', () => {
    const late = OpeningHours.parse({
      regular: [
        { day: 5, opens: '18:00', closes: '24:00' },
        { day: 6, opens: '00:00', closes: '03:00' },
      ],
      special: [],
    });
    expect(openStatus(late, at('2026-12-04', '23:00'))).toEqual({ isOpen: true, closesAt: '03:00' });
  });

  it('has no closing time when open around the clock, and no next opening when never open', () => {
    const always = OpeningHours.parse({ regular: weekdays(1, 7, '00:00', '24:00'), special: [] });
    expect(openStatus(always, at('2026-12-09', '03:00'))).toEqual({ isOpen: true });
    expect(openStatus({ regular: [], special: [] }, at('2026-12-09', '03:00'))).toEqual({ isOpen: false });
  });

  it('judges by the Stockholm wall clock on the spring DST day, 29 March 2026', () => {
    const sunday = OpeningHours.parse({
      regular: [
        { day: 6, opens: '22:00', closes: '04:00' },
        { day: 7, opens: '10:00', closes: '16:00' },
      ],
      special: [],
    });
    // 08:30 UTC is 10:30 summer time (09:30 if the offset were not updated).
    expect(openStatus(sunday, new Date('2026-03-29T08:30:00Z'))).toEqual({ isOpen: true, closesAt: '16:00' });
    expect(openStatus(sunday, new Date('2026-03-29T07:30:00Z'))).toEqual({
      isOpen: false,
      nextOpening: { date: '2026-03-29', time: '10:00' },
    });
    // Saturday night's interval: 01:30 UTC is 03:30 summer time, still open; 02:30 UTC is 04:30.
    expect(openStatus(sunday, new Date('2026-03-29T01:30:00Z'))).toEqual({ isOpen: true, closesAt: '04:00' });
    expect(openStatus(sunday, new Date('2026-03-29T02:30:00Z')).isOpen).toBe(false);
  });

  it('judges by the Stockholm wall clock on the autumn DST day, 25 October 2026', () => {
    const sunday = OpeningHours.parse({ regular: [{ day: 7, opens: '10:00', closes: '16:00' }], special: [] });
    // 09:30 UTC is 10:30 winter time; 08:30 UTC is 09:30.
    expect(openStatus(sunday, new Date('2026-10-25T09:30:00Z'))).toEqual({ isOpen: true, closesAt: '16:00' });
    expect(openStatus(sunday, new Date('2026-10-25T08:30:00Z')).isOpen).toBe(false);
    expect(openStatus(sunday, new Date('2026-10-25T14:59:00Z')).isOpen).toBe(true);
    expect(openStatus(sunday, new Date('2026-10-25T15:00:00Z')).isOpen).toBe(false);
  });

  it('finds a next opening that is really the next moment it is open', () => {
    const interval = fc
      .record({ day: fc.integer({ min: 1, max: 7 }), opens: fc.integer({ min: 0, max: 95 }), length: fc.integer({ min: 1, max: 96 }) })
      .map(({ day, opens, length }) => {
        const hhmm = (quarter: number) =>
          `${String(Math.floor((quarter % 96) / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;
        return { day, opens: hhmm(opens), closes: hhmm(opens + length) };
      });
    const schedules = fc
      .array(interval, { maxLength: 8 })
      .map((regular) => OpeningHours.safeParse({ regular, special: [] }))
      .filter((r) => r.success)
      .map((r) => r.data!);
    // Winter weeks only: a next opening inside the spring gap would be legitimately unreachable.
    const instants = fc.integer({ min: Date.parse('2026-01-05T00:00:00Z'), max: Date.parse('2026-02-20T00:00:00Z') });
    fc.assert(
      fc.property(schedules, instants, (hours, ms) => {
        const instant = new Date(Math.floor(ms / 60_000) * 60_000);
        const status = openStatus(hours, instant);
        if (status.isOpen) return;
        if (hours.regular.length === 0) {
          expect(status.nextOpening).toBeUndefined();
          return;
        }
        const next = status.nextOpening!;
        const opening = zonedDateTimeToInstant(next.date, next.time);
        expect(opening.getTime()).toBeGreaterThan(instant.getTime());
        expect(openStatus(hours, opening).isOpen).toBe(true);
        expect(openStatus(hours, new Date(opening.getTime() - 60_000)).isOpen).toBe(false);
      }),
    );
  });
});

describe('describeRegularHours', () => {
  it('groups consecutive days with the same hours, Monday first', () => {
    expect(describeRegularHours(shop, 'sv')).toEqual([
      { days: 'måndag–fredag', hours: 'kl. 10–18' },
      { days: 'lördag', hours: 'kl. 10–14' },
      { days: 'söndag', hours: 'stängt' },
    ]);
    expect(describeRegularHours(shop, 'en')).toEqual([
      { days: 'Monday–Friday', hours: '10:00–18:00' },
      { days: 'Saturday', hours: '10:00–14:00' },
      { days: 'Sunday', hours: 'closed' },
    ]);
  });

  it('lists several intervals a day and does not merge non-adjacent days', () => {
    const lunch = OpeningHours.parse({
      regular: [
        { day: 1, opens: '17:00', closes: '22:00' },
        { day: 1, opens: '11:00', closes: '14:00' },
        { day: 3, opens: '11:00', closes: '14:00' },
        { day: 3, opens: '17:00', closes: '22:00' },
        { day: 4, opens: '11:30', closes: '14:00' },
      ],
      special: [],
    });
    expect(describeRegularHours(lunch, 'sv')).toEqual([
      { days: 'måndag', hours: 'kl. 11–14, 17–22' },
      { days: 'tisdag', hours: 'stängt' },
      { days: 'onsdag', hours: 'kl. 11–14, 17–22' },
      { days: 'torsdag', hours: 'kl. 11.30–14.00' },
      { days: 'fredag–söndag', hours: 'stängt' },
    ]);
  });
});

describe('describeStatus', () => {
  it('describes open and closed states in Swedish', () => {
    expect(describeStatus({ isOpen: true, closesAt: '18:00' }, 'sv', '2026-12-09')).toBe('Öppet nu, stänger kl. 18');
    expect(describeStatus({ isOpen: true, closesAt: '00:00' }, 'sv', '2026-12-09')).toBe('Öppet nu, stänger kl. 24');
    expect(describeStatus({ isOpen: true }, 'sv', '2026-12-09')).toBe('Öppet nu');
    expect(describeStatus({ isOpen: false, nextOpening: { date: '2026-12-09', time: '10:00' } }, 'sv', '2026-12-09')).toBe(
      'Stängt, öppnar kl. 10',
    );
    // Saturday 12 December → Monday 14 December.
    expect(describeStatus({ isOpen: false, nextOpening: { date: '2026-12-14', time: '10:30' } }, 'sv', '2026-12-12')).toBe(
      'Stängt, öppnar måndag kl. 10.30',
    );
    expect(describeStatus({ isOpen: false, nextOpening: { date: '2027-01-04', time: '10:00' } }, 'sv', '2026-12-20')).toBe(
      'Stängt, öppnar måndag 4 januari 2027 kl. 10',
    );
    expect(describeStatus({ isOpen: false }, 'sv', '2026-12-09')).toBe('Stängt');
  });

  it('describes them in English', () => {
    expect(describeStatus({ isOpen: true, closesAt: '18:00' }, 'en', '2026-12-09')).toBe('Open now, closes at 18:00');
    expect(describeStatus({ isOpen: true, closesAt: '24:00' }, 'en', '2026-12-09')).toBe('Open now, closes at midnight');
    expect(describeStatus({ isOpen: false, nextOpening: { date: '2026-12-09', time: '10:00' } }, 'en', '2026-12-09')).toBe(
      'Closed, opens at 10:00',
    );
    expect(describeStatus({ isOpen: false, nextOpening: { date: '2026-12-14', time: '10:00' } }, 'en', '2026-12-12')).toBe(
      'Closed, opens Monday at 10:00',
    );
    expect(describeStatus({ isOpen: false }, 'en', '2026-12-09')).toBe('Closed');
  });

  it('works on the output of openStatus', () => {
    expect(describeStatus(openStatus(shop, at('2026-12-05', '15:00')), 'sv', '2026-12-05')).toBe(
      'Stängt, öppnar måndag kl. 10',
    );
  });
});

describe('toSchemaOrgOpeningHours', () => {
  it('groups regular days sharing an interval and lists special days', () => {
    expect(toSchemaOrgOpeningHours(shop)).toEqual({
      openingHoursSpecification: [
        {
          '@type': 'OpeningHoursSpecification',
          dayOfWeek: [
            'https://schema.org/Monday',
            'https://schema.org/Tuesday',
            'https://schema.org/Wednesday',
            'https://schema.org/Thursday',
            'https://schema.org/Friday',
          ],
          opens: '10:00:00',
          closes: '18:00:00',
        },
        {
          '@type': 'OpeningHoursSpecification',
          dayOfWeek: ['https://schema.org/Saturday'],
          opens: '10:00:00',
          closes: '14:00:00',
        },
      ],
      specialOpeningHoursSpecification: [
        {
          '@type': 'OpeningHoursSpecification',
          validFrom: '2026-12-13',
          validThrough: '2026-12-13',
          opens: '17:00:00',
          closes: '20:00:00',
        },
        {
          '@type': 'OpeningHoursSpecification',
          validFrom: '2026-12-13',
          validThrough: '2026-12-13',
          opens: '11:00:00',
          closes: '15:00:00',
        },
        {
          '@type': 'OpeningHoursSpecification',
          validFrom: '2026-12-24',
          validThrough: '2026-12-25',
          opens: '00:00:00',
          closes: '00:00:00',
        },
      ],
    });
  });

  it('writes whole days and 24:00 so they do not read as closed', () => {
    const hours = OpeningHours.parse({
      regular: [
        { day: 1, opens: '00:00', closes: '00:00' },
        { day: 2, opens: '10:00', closes: '24:00' },
        { day: 5, opens: '20:00', closes: '02:00' },
      ],
      special: [],
    });
    expect(toSchemaOrgOpeningHours(hours).openingHoursSpecification.map((s) => [s.opens, s.closes])).toEqual([
      ['00:00:00', '23:59:59'],
      ['10:00:00', '23:59:59'],
      ['20:00:00', '02:00:00'],
    ]);
  });
});
