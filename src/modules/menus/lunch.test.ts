import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../members/index.js';
import { copyWeek, dishesOn, dishMatches, lunchDate, lunchStatus, parseKronor, weekStartOf, type LunchWeek } from './lunch.js';

const weekdays: OpeningHours = { regular: [1, 2, 3, 4, 5, 6].map((day) => ({ day: day as 1, opens: '10:00', closes: '22:00' })), special: [] };
const menu = (weekStart: string): LunchWeek => ({
  weekStart,
  days: [
    { day: 1, dishes: [{ name: 'Pannbiff', description: '', priceOre: 12500, tags: [] }] },
    { day: 5, dishes: [{ name: 'Linsgryta', description: '', priceOre: 11500, tags: ['vegansk', 'glutenfri'] }] },
  ],
  weekly: [{ name: 'Caesarsallad', description: '', priceOre: 13500, tags: [] }],
  lunchOpens: '11:00',
  lunchCloses: '14:00',
});

describe('today and the week, on the Stockholm wall clock', () => {
  it('turns to the next day at local midnight, not UTC midnight', () => {
    // 23:30 UTC on Sunday 13 December is 00:30 on Monday 14 December in Stockholm (CET).
    expect(lunchDate(new Date('2026-12-13T23:30:00Z'))).toBe('2026-12-14');
    expect(lunchDate(new Date('2026-12-13T22:59:00Z'))).toBe('2026-12-13');
    expect(weekStartOf('2026-12-13')).toBe('2026-12-07');
    expect(weekStartOf('2026-12-14')).toBe('2026-12-14');
  });

  it('serves the day dishes and then the week dishes, only within the menu week', () => {
    const m = menu('2026-12-07');
    expect(dishesOn(m, '2026-12-07').map((d) => [d.name, d.weekly])).toEqual([
      ['Pannbiff', false],
      ['Caesarsallad', true],
    ]);
    expect(dishesOn(m, '2026-12-08')).toEqual([]); // Tuesday has no lunch entered
    expect(dishesOn(m, '2026-12-14')).toEqual([]); // next week's Monday
  });

  it('copies a week to the next one unchanged', () => {
    const next = copyWeek(menu('2026-12-07'), '2026-12-14');
    expect(next.weekStart).toBe('2026-12-14');
    expect(dishesOn(next, '2026-12-14')[0]?.name).toBe('Pannbiff');
  });
});

describe('lunch status', () => {
  const m = menu('2026-12-07');
  it('is later, serving, then over around the lunch hours', () => {
    expect(lunchStatus(m, weekdays, new Date('2026-12-07T09:59:00Z'))).toEqual({ kind: 'later', from: '11:00' }); // 10:59 CET
    expect(lunchStatus(m, weekdays, new Date('2026-12-07T10:00:00Z'))).toEqual({ kind: 'serving', until: '14:00' });
    expect(lunchStatus(m, weekdays, new Date('2026-12-07T13:00:00Z'))).toEqual({ kind: 'over' });
  });

  it('keeps the wall-clock hours across the change to summer time', () => {
    // Sunday 29 March 2026 clocks go forward; on Monday 11:00 is 09:00 UTC, not 10:00.
    const spring = { ...m, weekStart: '2026-03-30' };
    expect(lunchStatus(spring, weekdays, new Date('2026-03-30T09:00:00Z'))).toEqual({ kind: 'serving', until: '14:00' });
    expect(lunchStatus(spring, weekdays, new Date('2026-03-30T08:59:00Z'))).toEqual({ kind: 'later', from: '11:00' });
    // Back to winter time on 25 October 2026: Monday 26th 11:00 is 10:00 UTC again.
    expect(lunchStatus(spring, weekdays, new Date('2026-10-26T09:59:00Z')).kind).toBe('later');
    expect(lunchStatus(spring, weekdays, new Date('2026-10-26T10:00:00Z')).kind).toBe('serving');
  });

  it('has no lunch on a public holiday unless the restaurant entered that day', () => {
    // Kristi himmelsfärdsdag, Thursday 14 May 2026.
    const at = new Date('2026-05-14T10:00:00Z');
    expect(lunchStatus(m, weekdays, at)).toEqual({ kind: 'holiday', name: 'Kristi himmelsfärdsdag', nameEn: 'Ascension Day' });
    const open: OpeningHours = { ...weekdays, special: [{ date: '2026-05-14', closed: false, opens: '11:00', closes: '15:00' }] };
    expect(lunchStatus(m, open, at)).toEqual({ kind: 'serving', until: '14:00' });
    // An eve (julafton) is not a public holiday: the opening hours decide.
    expect(lunchStatus(m, weekdays, new Date('2026-12-24T11:00:00Z')).kind).toBe('serving');
  });

  it('follows the opening hours: closed days and a late opening', () => {
    const sunday = new Date('2026-12-13T11:00:00Z');
    expect(lunchStatus(m, weekdays, sunday)).toEqual({ kind: 'closed' });
    const lateOpener: OpeningHours = { regular: [{ day: 1, opens: '12:00', closes: '01:00' }], special: [] };
    expect(lunchStatus(m, lateOpener, new Date('2026-12-07T10:30:00Z'))).toEqual({ kind: 'later', from: '12:00' });
    expect(lunchStatus(m, lateOpener, new Date('2026-12-07T11:30:00Z'))).toEqual({ kind: 'serving', until: '14:00' });
    expect(lunchStatus(m, { regular: [], special: [] }, new Date('2026-12-07T11:30:00Z')).kind).toBe('serving');
  });
});

describe('diets and prices', () => {
  it('counts vegan dishes as vegetarian', () => {
    expect(dishMatches({ tags: ['vegansk'] }, 'vegetarisk')).toBe(true);
    expect(dishMatches({ tags: ['vegetarisk'] }, 'vegansk')).toBe(false);
    expect(dishMatches({ tags: [] }, null)).toBe(true);
  });
  it('reads prices as people type them', () => {
    expect(parseKronor('115')).toBe(11500);
    expect(parseKronor('115 kr')).toBe(11500);
    expect(parseKronor('99,50')).toBe(9950);
    expect(parseKronor('115:-')).toBe(11500);
    expect(parseKronor('gratis')).toBeNull();
    expect(parseKronor('')).toBeNull();
  });
});
