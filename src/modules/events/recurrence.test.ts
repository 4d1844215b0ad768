import { describe, expect, it } from 'vitest';
import { describeRule, nextOccurrence, occurrencesBetween, parseRule } from './recurrence.js';

describe('recurrence on the Stockholm wall clock', () => {
  it('keeps a weekly 10:00 at 10:00 local across both DST changes', () => {
    const market = { startDate: '2026-03-21', startTime: '10:00', endTime: '14:00', rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=3' };
    const list = occurrencesBetween(market, '2026-03-01', '2026-04-30');
    expect(list.map((o) => o.date)).toEqual(['2026-03-21', '2026-03-28', '2026-04-04']);
    // CET (+01) before 29 March, CEST (+02) after.
    expect(list.map((o) => o.start.toISOString())).toEqual(['2026-03-21T09:00:00.000Z', '2026-03-28T09:00:00.000Z', '2026-04-04T08:00:00.000Z']);
    expect(list[2]!.end!.toISOString()).toBe('2026-04-04T12:00:00.000Z');
    const autumn = occurrencesBetween({ ...market, startDate: '2026-10-17', rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=3' }, '2026-10-01', '2026-11-30');
    expect(autumn.map((o) => o.start.toISOString())).toEqual(['2026-10-17T08:00:00.000Z', '2026-10-24T08:00:00.000Z', '2026-10-31T09:00:00.000Z']);
  });

  it('lets an evening run past midnight into the next day', () => {
    const [o] = occurrencesBetween({ startDate: '2026-12-31', startTime: '22:00', endTime: '01:00', rrule: null }, '2026-12-31', '2026-12-31');
    expect(o!.end!.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('includes a series that began before the range and stops at UNTIL', () => {
    const quiz = { startDate: '2026-01-07', startTime: '19:00', endTime: null, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20260331T235959Z' };
    expect(occurrencesBetween(quiz, '2026-03-01', '2026-06-30').map((o) => o.date)).toEqual(['2026-03-04', '2026-03-18']);
    expect(nextOccurrence(quiz, '2026-04-01')).toBeNull();
    expect(nextOccurrence(quiz, '2026-03-05')?.date).toBe('2026-03-18');
  });

  it('refuses rules it cannot keep safe', () => {
    expect(parseRule('FREQ=WEEKLY;BYDAY=SA')).toBe('FREQ=WEEKLY;BYDAY=SA');
    expect(parseRule('RRULE:freq=monthly;count=3')).toBe('FREQ=MONTHLY;COUNT=3');
    expect(parseRule('FREQ=SECONDLY')).toBeNull();
    expect(parseRule('DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY')).toBeNull();
    expect(parseRule('nonsense')).toBeNull();
    expect(occurrencesBetween({ startDate: '2026-01-01', startTime: '12:00', endTime: null, rrule: 'FREQ=DAILY' }, '2026-01-01', '2027-12-31')).toHaveLength(400);
  });

  it('says the rule in words', () => {
    expect(describeRule('FREQ=WEEKLY;BYDAY=SA', 'sv')).toBe('Varje lördag');
    expect(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20260331T235959Z', 'sv')).toBe('Varannan onsdag till 2026-03-31');
    expect(describeRule('FREQ=MONTHLY;COUNT=3', 'en')).toBe('Every month');
    expect(describeRule(null, 'sv')).toBeNull();
  });
});
