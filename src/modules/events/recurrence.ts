/**
 * Event times, pure: RFC 5545 recurrence rules expanded on the Stockholm wall clock.
 * The rrule package works in "floating" time here (UTC fields standing for wall-clock
 * fields), and each occurrence becomes an instant with zonedDateTimeToInstant, so a
 * Saturday market at 10:00 is at 10:00 both sides of a DST change.
 */
import rrulePackage from 'rrule';
import { z } from 'zod';
import { addDays, minutesOfTime, zonedDateTimeToInstant } from '../../platform/time/zoned.js';

// rrule's ES module build has no named exports under Node; its CommonJS default has them all.
const { RRule } = rrulePackage;

export const eventCategories = {
  musik: { sv: 'Musik', en: 'Music' },
  marknad: { sv: 'Marknad', en: 'Market' },
  barn: { sv: 'Barn och familj', en: 'Children and family' },
  mat: { sv: 'Mat och dryck', en: 'Food and drink' },
  kultur: { sv: 'Kultur', en: 'Culture' },
  sport: { sv: 'Sport och hälsa', en: 'Sport and health' },
  handel: { sv: 'Shopping', en: 'Shopping' },
  ovrigt: { sv: 'Övrigt', en: 'Other' },
} as const;
export type EventCategory = keyof typeof eventCategories;
export const eventCategorySlugs = Object.keys(eventCategories) as [EventCategory, ...EventCategory[]];

/** At most this many occurrences of one event are expanded for any range. */
export const MAX_OCCURRENCES = 400;

export interface EventTiming {
  startDate: string;
  startTime: string;
  endTime: string | null;
  rrule: string | null;
}

export interface Occurrence {
  date: string;
  start: Date;
  end: Date | null;
}

const floating = (date: string, time: string): Date => new Date(`${date}T${time}:00Z`);

/** A rule we accept: daily, weekly, monthly or yearly, no DTSTART of its own; normalised. */
export function parseRule(rule: string): string | null {
  const text = rule.trim().replace(/^RRULE:/i, '').toUpperCase();
  if (!text || /DTSTART|[\r\n]/.test(text) || text.length > 300) return null;
  try {
    const options = RRule.parseString(text);
    if (options.freq === undefined || ![RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY].includes(options.freq)) return null;
    return RRule.optionsToString(options).replace(/^RRULE:/, '');
  } catch {
    return null;
  }
}

export const RuleText = z.string().refine((r) => parseRule(r) !== null, { message: 'Ange en upprepningsregel som FREQ=WEEKLY;BYDAY=SA.' });

function endOf(date: string, timing: EventTiming): Date | null {
  if (!timing.endTime) return null;
  const pastMidnight = minutesOfTime(timing.endTime) <= minutesOfTime(timing.startTime);
  return zonedDateTimeToInstant(pastMidnight ? addDays(date, 1) : date, timing.endTime);
}

/** The occurrences starting on the dates `from`–`to` (both included), in order. */
export function occurrencesBetween(timing: EventTiming, from: string, to: string): Occurrence[] {
  const make = (date: string): Occurrence => ({ date, start: zonedDateTimeToInstant(date, timing.startTime), end: endOf(date, timing) });
  if (!timing.rrule) return timing.startDate >= from && timing.startDate <= to ? [make(timing.startDate)] : [];
  const rule = parseRule(timing.rrule);
  if (!rule) return [];
  const rrule = new RRule({ ...RRule.parseString(rule), dtstart: floating(timing.startDate, timing.startTime) });
  const dates: string[] = [];
  rrule.between(floating(from, '00:00'), floating(to, '23:59'), true, (d) => {
    dates.push(d.toISOString().slice(0, 10));
    return dates.length < MAX_OCCURRENCES;
  });
  return dates.map(make);
}

/** The next occurrence on or after `date`, or null when the series has ended. */
export function nextOccurrence(timing: EventTiming, date: string): Occurrence | null {
  return occurrencesBetween(timing, date, addDays(date, 366 * 2))[0] ?? null;
}

const swedishDays: Record<string, [string, string]> = { MO: ['måndag', 'Monday'], TU: ['tisdag', 'Tuesday'], WE: ['onsdag', 'Wednesday'], TH: ['torsdag', 'Thursday'], FR: ['fredag', 'Friday'], SA: ['lördag', 'Saturday'], SU: ['söndag', 'Sunday'] };

/** "Varje lördag", "Varannan vecka", "Varje månad"; the rule's own words for anything rarer. */
export function describeRule(rule: string | null, locale: 'sv' | 'en'): string | null {
  if (!rule) return null;
  const parts = Object.fromEntries(rule.split(';').map((p) => p.split('=') as [string, string]));
  const interval = Number(parts.INTERVAL ?? '1');
  const days = (parts.BYDAY ?? '').split(',').filter((d) => swedishDays[d]).map((d) => swedishDays[d]![locale === 'en' ? 1 : 0]);
  const until = parts.UNTIL ? `${parts.UNTIL.slice(0, 4)}-${parts.UNTIL.slice(4, 6)}-${parts.UNTIL.slice(6, 8)}` : null;
  const sv = locale === 'sv';
  let text: string;
  switch (parts.FREQ) {
    case 'DAILY':
      text = sv ? 'Varje dag' : 'Every day';
      break;
    case 'WEEKLY':
      if (interval === 2) text = sv ? `Varannan ${days.length ? days.join(' och ') : 'vecka'}` : `Every other ${days.length ? days.join(' and ') : 'week'}`;
      else text = sv ? `Varje ${days.length ? days.join(' och ') : 'vecka'}` : `Every ${days.length ? days.join(' and ') : 'week'}`;
      break;
    case 'MONTHLY':
      text = sv ? 'Varje månad' : 'Every month';
      break;
    case 'YEARLY':
      text = sv ? 'Varje år' : 'Every year';
      break;
    default:
      text = sv ? 'Återkommande' : 'Recurring';
  }
  return until ? `${text} ${sv ? 'till' : 'until'} ${until}` : text;
}
