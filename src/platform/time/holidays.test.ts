import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { easterSunday, swedishHolidays, swedishHolidaysOn } from './holidays.js';
import { isoWeekday } from './zoned.js';

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'], // latest possible date
    [2285, '2285-03-22'], // earliest possible date
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const easter = easterSunday(year);
        expect(isoWeekday(easter)).toBe(7);
        expect(easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25').toBe(true);
      }),
    );
  });
});

describe('swedishHolidays', () => {
  it('lists 2026 in date order', () => {
    expect(swedishHolidays(2026).map((h) => `${h.date} ${h.name} ${h.kind}`)).toEqual([
      '2026-01-01 Nyårsdagen holiday',
      '2026-01-06 Trettondedag jul holiday',
      '2026-04-03 Långfredagen holiday',
      '2026-04-04 Påskafton eve',
      '2026-04-05 Påskdagen holiday',
      '2026-04-06 Annandag påsk holiday',
      '2026-05-01 Första maj holiday',
      '2026-05-14 Kristi himmelsfärdsdag holiday',
      '2026-05-23 Pingstafton eve',
      '2026-05-24 Pingstdagen holiday',
      '2026-06-06 Sveriges nationaldag holiday',
      '2026-06-19 Midsommarafton eve',
      '2026-06-20 Midsommardagen holiday',
      '2026-10-31 Alla helgons dag holiday',
      '2026-12-24 Julafton eve',
      '2026-12-25 Juldagen holiday',
      '2026-12-26 Annandag jul holiday',
      '2026-12-31 Nyårsafton eve',
    ]);
  });

  it('moves the Easter-based and weekday-based days with the year', () => {
    const on = (year: number, name: string) => swedishHolidays(year).find((h) => h.name === name)?.date;
    expect(on(2027, 'Långfredagen')).toBe('2027-03-26');
    expect(on(2027, 'Annandag påsk')).toBe('2027-03-29');
    expect(on(2027, 'Kristi himmelsfärdsdag')).toBe('2027-05-06');
    expect(on(2027, 'Pingstdagen')).toBe('2027-05-16');
    expect(on(2027, 'Midsommarafton')).toBe('2027-06-25');
    expect(on(2027, 'Midsommardagen')).toBe('2027-06-26');
    expect(on(2027, 'Alla helgons dag')).toBe('2027-11-06');
    expect(on(2025, 'Midsommarafton')).toBe('2025-06-20');
    expect(on(2025, 'Alla helgons dag')).toBe('2025-11-01');
  });

  it('gives English names', () => {
    expect(swedishHolidays(2026).find((h) => h.name === 'Juldagen')?.nameEn).toBe('Christmas Day');
  });

  it('keeps midsommar and alla helgon within their windows, on the right weekdays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2005, max: 2200 }), (year) => {
        const list = swedishHolidays(year);
        const eve = list.find((h) => h.name === 'Midsommarafton')!;
        expect(isoWeekday(eve.date)).toBe(5);
        expect(eve.date >= `${year}-06-19` && eve.date <= `${year}-06-25`).toBe(true);
        const allSaints = list.find((h) => h.name === 'Alla helgons dag')!;
        expect(isoWeekday(allSaints.date)).toBe(6);
        expect(allSaints.date >= `${year}-10-31` && allSaints.date <= `${year}-11-06`).toBe(true);
        expect(list).toHaveLength(18);
        expect(list.filter((h) => h.kind === 'eve')).toHaveLength(5);
        expect([...list].sort((a, b) => a.date.localeCompare(b.date))).toEqual(list);
      }),
    );
  });

  it('refuses years under other rules', () => {
    expect(() => swedishHolidays(2004)).toThrow(RangeError);
    expect(() => swedishHolidays(2026.5)).toThrow(RangeError);
  });
});

describe('swedishHolidaysOn', () => {
  it('finds the holidays of a date, including coinciding ones', () => {
    expect(swedishHolidaysOn('2026-12-24').map((h) => h.name)).toEqual(['Julafton']);
    expect(swedishHolidaysOn('2026-12-23')).toEqual([]);
    // In 2008 Kristi himmelsfärdsdag fell on första maj.
    expect(swedishHolidaysOn('2008-05-01').map((h) => h.name)).toEqual(['Första maj', 'Kristi himmelsfärdsdag']);
  });
});
