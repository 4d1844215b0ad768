import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  formatDateLong,
  formatDateShort,
  formatOre,
  formatTime,
  formatTimeRange,
  formatWeekdayRange,
  weekdayName,
  weekdayNames,
} from './format.js';

const NBSP = '\u00a0';

describe('formatOre', () => {
  it('writes whole kronor without decimals, Swedish style', () => {
    expect(formatOre(125_000, 'sv')).toBe(`1${NBSP}250${NBSP}kr`);
    expect(formatOre(0, 'sv')).toBe(`0${NBSP}kr`);
    expect(formatOre(123_456_700, 'sv')).toBe(`1${NBSP}234${NBSP}567${NBSP}kr`);
  });

  it('writes öre with a decimal comma', () => {
    expect(formatOre(1250, 'sv')).toBe(`12,50${NBSP}kr`);
    expect(formatOre(5, 'sv')).toBe(`0,05${NBSP}kr`);
  });

  it('writes negative amounts as Intl does (U+2212 minus in Swedish)', () => {
    expect(formatOre(-125_000, 'sv')).toBe(`\u22121${NBSP}250${NBSP}kr`);
    expect(formatOre(-1250, 'en')).toBe(`-SEK${NBSP}12.50`);
  });

  it('writes English with the currency code', () => {
    expect(formatOre(125_000, 'en')).toBe(`SEK${NBSP}1,250`);
    expect(formatOre(1250, 'en')).toBe(`SEK${NBSP}12.50`);
  });

  it('matches Intl on the same value for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), (ore) => {
        const fractionDigits = ore % 100 === 0 ? 0 : 2;
        const expected = new Intl.NumberFormat('sv-SE', {
          style: 'currency',
          currency: 'SEK',
          minimumFractionDigits: fractionDigits,
          maximumFractionDigits: fractionDigits,
        }).format(ore / 100);
        expect(formatOre(ore, 'sv')).toBe(expected);
      }),
    );
  });

  it('stays exact at the edge of safe integers', () => {
    expect(formatOre(Number.MAX_SAFE_INTEGER, 'en')).toBe(`SEK${NBSP}90,071,992,547,409.91`);
  });

  it('throws on fractional öre', () => {
    expect(() => formatOre(12.5, 'sv')).toThrow(RangeError);
    expect(() => formatOre(Number.NaN, 'sv')).toThrow(RangeError);
  });
});

describe('formatDateLong', () => {
  it('writes weekday, day, month and year', () => {
    expect(formatDateLong('2026-12-11', 'sv')).toBe('fredag 11 december 2026');
    expect(formatDateLong('2026-12-11', 'en')).toBe('Friday, 11 December 2026');
  });

  it('leaves out year or weekday on request', () => {
    expect(formatDateLong('2026-12-11', 'sv', { withYear: false })).toBe('fredag 11 december');
    expect(formatDateLong('2026-12-11', 'sv', { withWeekday: false })).toBe('11 december 2026');
    expect(formatDateLong('2026-12-11', 'en', { withYear: false, withWeekday: false })).toBe('11 December');
  });

  it('reads a Date as its Stockholm date', () => {
    // 23:30 UTC on 10 December is 00:30 on 11 December in Stockholm.
    expect(formatDateLong(new Date('2026-12-10T23:30:00Z'), 'sv')).toBe('fredag 11 december 2026');
  });

  it('rejects malformed dates', () => {
    expect(() => formatDateLong('2026-13-01', 'sv')).toThrow(RangeError);
    expect(() => formatDateLong('2026-02-30', 'sv')).toThrow(RangeError);
    expect(() => formatDateLong('11/12/2026', 'sv')).toThrow(RangeError);
  });
});

describe('formatDateShort', () => {
  it('writes ISO dates', () => {
    expect(formatDateShort('2026-12-11')).toBe('2026-12-11');
    expect(formatDateShort(new Date('2026-12-10T23:30:00Z'), 'en')).toBe('2026-12-11');
  });
});

describe('formatTime and formatTimeRange', () => {
  it('writes Swedish times with a full stop, hours only for whole hours', () => {
    expect(formatTime('10:00')).toBe('10');
    expect(formatTime('10:00', 'sv', { alwaysMinutes: true })).toBe('10.00');
    expect(formatTime('10:30', 'sv')).toBe('10.30');
    expect(formatTime('09:05', 'sv')).toBe('9.05');
    expect(formatTime('24:00', 'sv')).toBe('24');
    expect(formatTime('10:00', 'en')).toBe('10:00');
  });

  it('writes ranges with an en dash', () => {
    expect(formatTimeRange('10:00', '18:00', 'sv')).toBe('kl. 10\u201318');
    expect(formatTimeRange('10:30', '18:00', 'sv')).toBe('kl. 10.30\u201318.00');
    expect(formatTimeRange('10:00', '18:00', 'sv', { withKl: false })).toBe('10\u201318');
    expect(formatTimeRange('10:00', '18:00', 'en')).toBe('10:00\u201318:00');
    expect(formatTimeRange('22:00', '02:00', 'sv')).toBe('kl. 22\u20132');
  });

  it('rejects malformed times', () => {
    expect(() => formatTime('25:00', 'sv')).toThrow(RangeError);
    expect(() => formatTimeRange('10', '18:00', 'sv')).toThrow(RangeError);
  });
});

describe('weekdays', () => {
  it('lists names Monday first', () => {
    expect(weekdayNames('sv')).toEqual(['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag']);
    expect(weekdayNames('en')[0]).toBe('Monday');
    expect(weekdayName(7, 'sv')).toBe('söndag');
    expect(() => weekdayName(0, 'sv')).toThrow(RangeError);
  });

  it('agrees with Intl on which day is which', () => {
    // 2026-12-14 is a Monday.
    for (let i = 0; i < 7; i++) {
      const date = new Date(Date.UTC(2026, 11, 14 + i));
      const intl = new Intl.DateTimeFormat('sv-SE', { weekday: 'long', timeZone: 'UTC' }).format(date);
      expect(weekdayNames('sv')[i]).toBe(intl);
    }
  });

  it('writes weekday ranges', () => {
    expect(formatWeekdayRange(1, 5, 'sv')).toBe('måndag\u2013fredag');
    expect(formatWeekdayRange(6, 6, 'sv')).toBe('lördag');
    expect(formatWeekdayRange(6, 7, 'en')).toBe('Saturday\u2013Sunday');
  });
});
