/**
 * A member business's opening hours: a regular week plus special days (holidays,
 * events, summer closing) that override it, evaluated on the Stockholm wall clock.
 *
 * Model: an interval `{ opens, closes }` in 'HH:MM'. `closes` may be '24:00'; a
 * `closes` at or before `opens` means the interval runs past midnight into the next day
 * (a bar open 20:00–02:00), and equal times mean 24 hours from `opens`. An interval
 * belongs to the day it opens on, so Friday 22:00–03:00 keeps the bar open early
 * Saturday morning even if Saturday is a special closed day.
 * Public holidays are not applied automatically: the business (or the association, on
 * its behalf) adds special days, which swedishHolidays can suggest.
 */
import { z } from 'zod';
import {
  formatDateLong,
  formatTime,
  formatTimeRange,
  formatWeekdayRange,
  type Locale,
  weekdayName,
} from '../../platform/i18n/format.js';
import { addDays, daysBetween, isoWeekday, isValidDate, minutesOfTime, zonedParts } from '../../platform/time/zoned.js';

const MAX_INTERVALS_PER_DAY = 4;
const MINUTES_PER_DAY = 1440;
/** How far ahead openStatus looks for the next opening (a long summer closure fits). */
const LOOKAHEAD_DAYS = 366;

const timePattern = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const Time = z.string().regex(timePattern, { message: 'Ange en tid mellan 00:00 och 24:00, t.ex. 10:00.' });
const IsoDate = z.string().refine(isValidDate, { message: 'Ange ett datum som 2026-12-24.' });
const Note = z.string().trim().max(200);

export const OpeningInterval = z.object({
  opens: Time.refine((t) => t !== '24:00', { message: 'Ett pass kan inte öppna kl. 24:00; skriv 00:00.' }),
  closes: Time,
});
export type OpeningInterval = z.infer<typeof OpeningInterval>;

export const RegularOpening = OpeningInterval.extend({
  /** ISO weekday, Monday = 1 … Sunday = 7. */
  day: z.number().int().min(1).max(7),
});
export type RegularOpening = z.infer<typeof RegularOpening>;

export const SpecialOpening = z.discriminatedUnion('closed', [
  z.object({ date: IsoDate, closed: z.literal(true), note: Note.optional() }),
  OpeningInterval.extend({ date: IsoDate, closed: z.literal(false), note: Note.optional() }),
]);
export type SpecialOpening = z.infer<typeof SpecialOpening>;

/** Length of an interval in minutes (1–1440), past-midnight intervals included. */
function durationOf(interval: OpeningInterval): number {
  const opens = minutesOfTime(interval.opens);
  const closes = minutesOfTime(interval.closes, true);
  return closes > opens ? closes - opens : closes + MINUTES_PER_DAY - opens;
}

function describeInterval(interval: OpeningInterval): string {
  return `${interval.opens}–${interval.closes}`;
}

/** [start, end) spans overlap; used on minutes of the week or of a day. */
function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Whether every entry passed its field checks, so times can be turned into minutes. */
function isWellFormed(hours: { regular: unknown[]; special: unknown[] }): boolean {
  return (
    hours.regular.every((r) => RegularOpening.safeParse(r).success) &&
    hours.special.every((s) => SpecialOpening.safeParse(s).success)
  );
}

export const OpeningHours = z
  .object({
    regular: z.array(RegularOpening),
    special: z.array(SpecialOpening),
  })
  .superRefine((hours, ctx) => {
    // Zod runs this refinement even when fields failed; the overlap arithmetic needs
    // well-formed entries, and the field errors already explain what is wrong.
    if (!isWellFormed(hours)) return;
    // Regular week: a circle of 7 × 1440 minutes, so Sunday 22:00–02:00 can collide with Monday 01:00.
    const week = 7 * MINUTES_PER_DAY;
    const spans = hours.regular.map((r) => {
      const start = (r.day - 1) * MINUTES_PER_DAY + minutesOfTime(r.opens);
      return { start, end: start + durationOf(r) };
    });
    const perDay = new Map<number, number>();
    hours.regular.forEach((r, i) => {
      const count = (perDay.get(r.day) ?? 0) + 1;
      perDay.set(r.day, count);
      if (count === MAX_INTERVALS_PER_DAY + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['regular', i],
          message: `Högst ${MAX_INTERVALS_PER_DAY} pass per dag; ${weekdayName(r.day, 'sv')} har fler.`,
        });
      }
      for (let j = 0; j < i; j++) {
        const other = hours.regular[j]!;
        const a = spans[i]!;
        const b = spans[j]!;
        const collides = [-week, 0, week].some((shift) => overlaps(a, { start: b.start + shift, end: b.end + shift }));
        if (collides) {
          ctx.addIssue({
            code: 'custom',
            path: ['regular', i],
            message:
              `Tiderna överlappar varandra: ${weekdayName(r.day, 'sv')} ${describeInterval(r)}` +
              ` och ${weekdayName(other.day, 'sv')} ${describeInterval(other)}.`,
          });
        }
      }
    });

    // Special days: per date, either closed or up to four non-overlapping intervals.
    const byDate = new Map<string, number[]>();
    hours.special.forEach((s, i) => byDate.set(s.date, [...(byDate.get(s.date) ?? []), i]));
    for (const [date, indexes] of byDate) {
      const entries = indexes.map((i) => hours.special[i]!);
      const open = indexes.filter((i) => !hours.special[i]!.closed);
      if (open.length > 0 && open.length < entries.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['special', indexes[0]!],
          message: `${date} är markerad både som stängd och öppen; ta bort en av raderna.`,
        });
      }
      if (open.length > MAX_INTERVALS_PER_DAY) {
        ctx.addIssue({
          code: 'custom',
          path: ['special', open[MAX_INTERVALS_PER_DAY]!],
          message: `Högst ${MAX_INTERVALS_PER_DAY} pass per dag; ${date} har fler.`,
        });
      }
      for (let x = 0; x < open.length; x++) {
        for (let y = 0; y < x; y++) {
          const a = hours.special[open[x]!]!;
          const b = hours.special[open[y]!]!;
          if (a.closed || b.closed) continue;
          const sa = minutesOfTime(a.opens);
          const sb = minutesOfTime(b.opens);
          if (overlaps({ start: sa, end: sa + durationOf(a) }, { start: sb, end: sb + durationOf(b) })) {
            ctx.addIssue({
              code: 'custom',
              path: ['special', open[x]!],
              message: `Tiderna överlappar varandra ${date}: ${describeInterval(a)} och ${describeInterval(b)}.`,
            });
          }
        }
      }
    }
  });
export type OpeningHours = z.infer<typeof OpeningHours>;

const byOpens = (a: OpeningInterval, b: OpeningInterval) => minutesOfTime(a.opens) - minutesOfTime(b.opens);

/**
 * The intervals that open on `date` ('YYYY-MM-DD'), earliest first: the special entries
 * for that date if there are any (none when it is closed), otherwise the regular week.
 * Intervals opening the day before and running past midnight are not included.
 */
export function intervalsOn(hours: OpeningHours, date: string): OpeningInterval[] {
  const special = hours.special.filter((s) => s.date === date);
  const source: OpeningInterval[] =
    special.length > 0
      ? special.flatMap((s) => (s.closed ? [] : [s]))
      : hours.regular.filter((r) => r.day === isoWeekday(date));
  return source.map(({ opens, closes }) => ({ opens, closes })).sort(byOpens);
}

export type OpenStatus = {
  isOpen: boolean;
  /** When open: the time it next closes (following back-to-back intervals, e.g. 22–24 then 00–02). */
  closesAt?: string;
  /** When closed: the next opening within a year. */
  nextOpening?: { date: string; time: string };
};

/** An interval placed on a timeline of wall-clock minutes counted from local midnight of a reference day. */
type Span = { start: number; end: number; interval: OpeningInterval };

function spansOn(hours: OpeningHours, reference: string, dayOffset: number): Span[] {
  const base = dayOffset * MINUTES_PER_DAY;
  return intervalsOn(hours, addDays(reference, dayOffset)).map((interval) => {
    const start = base + minutesOfTime(interval.opens);
    return { start, end: start + durationOf(interval), interval };
  });
}

function spanCovering(hours: OpeningHours, reference: string, minute: number): Span | undefined {
  const day = Math.floor(minute / MINUTES_PER_DAY);
  // An interval covering `minute` opened that day or, running past midnight, the day before.
  return [...spansOn(hours, reference, day - 1), ...spansOn(hours, reference, day)].find(
    (span) => span.start <= minute && minute < span.end,
  );
}

/**
 * Whether the business is open at `instant`, judged on the Stockholm wall clock (so
 * "10–18" means 10–18 local time on DST days too), with the closing time or the next
 * opening.
 */
export function openStatus(hours: OpeningHours, instant: Date): OpenStatus {
  const { date: today, minutes: now } = zonedParts(instant);
  let span = spanCovering(hours, today, now);
  if (span) {
    // Follow intervals that start exactly where the previous one ends; give up after a
    // week, which means open around the clock (no closing time to show).
    for (let hops = 0; hops < 7 * MAX_INTERVALS_PER_DAY + 7; hops++) {
      const next = spanCovering(hours, today, span.end);
      if (!next) return { isOpen: true, closesAt: span.interval.closes };
      if (next.end - now > 7 * MINUTES_PER_DAY) break;
      span = next;
    }
    return { isOpen: true };
  }
  for (let day = 0; day <= LOOKAHEAD_DAYS; day++) {
    const upcoming = spansOn(hours, today, day).find((s) => s.start > now);
    if (upcoming) return { isOpen: false, nextOpening: { date: addDays(today, day), time: upcoming.interval.opens } };
  }
  return { isOpen: false };
}

const closedText: Record<Locale, string> = { sv: 'stängt', en: 'closed' };

/**
 * The regular week as lines for a page: consecutive days with the same hours share a
 * line, Monday first, closed days included ("måndag–fredag" / "kl. 10–18",
 * "söndag" / "stängt").
 */
export function describeRegularHours(hours: OpeningHours, locale: Locale): Array<{ days: string; hours: string }> {
  const texts = [1, 2, 3, 4, 5, 6, 7].map((day) => {
    const intervals = hours.regular.filter((r) => r.day === day).sort(byOpens);
    if (intervals.length === 0) return closedText[locale];
    const ranges = intervals.map((i) => formatTimeRange(i.opens, i.closes, locale, { withKl: false })).join(', ');
    return locale === 'sv' ? `kl. ${ranges}` : ranges;
  });
  const lines: Array<{ days: string; hours: string }> = [];
  let first = 1;
  for (let day = 2; day <= 8; day++) {
    if (day === 8 || texts[day - 1] !== texts[first - 1]) {
      lines.push({ days: formatWeekdayRange(first, day - 1, locale), hours: texts[first - 1]! });
      first = day;
    }
  }
  return lines;
}

/** "kl. 18" / "at 18:00", with midnight written the way each language says it. */
function atTime(time: string, locale: Locale): string {
  const midnight = time === '24:00' || time === '00:00';
  if (locale === 'sv') return `kl. ${midnight ? '24' : formatTime(time, 'sv')}`;
  return midnight ? 'at midnight' : `at ${formatTime(time, 'en')}`;
}

/**
 * One line for a status badge: "Öppet nu, stänger kl. 18", "Stängt, öppnar kl. 10"
 * (later today), "Stängt, öppnar måndag kl. 10" (within a week), with the date beyond
 * that; English equivalents. `today` is the Stockholm date the status was computed for.
 */
export function describeStatus(status: OpenStatus, locale: Locale, today: string): string {
  const sv = locale === 'sv';
  if (status.isOpen) {
    if (!status.closesAt) return sv ? 'Öppet nu' : 'Open now';
    const closes = atTime(status.closesAt, locale);
    return sv ? `Öppet nu, stänger ${closes}` : `Open now, closes ${closes}`;
  }
  if (!status.nextOpening) return sv ? 'Stängt' : 'Closed';
  const { date, time } = status.nextOpening;
  const days = daysBetween(today, date);
  const when =
    days === 0
      ? ''
      : days < 7
        ? `${weekdayName(isoWeekday(date), locale)} `
        : `${formatDateLong(date, locale, { withYear: date.slice(0, 4) !== today.slice(0, 4) })} `;
  return sv ? `Stängt, öppnar ${when}${atTime(time, locale)}` : `Closed, opens ${when}${atTime(time, locale)}`;
}

const schemaOrgDays = [
  'https://schema.org/Monday',
  'https://schema.org/Tuesday',
  'https://schema.org/Wednesday',
  'https://schema.org/Thursday',
  'https://schema.org/Friday',
  'https://schema.org/Saturday',
  'https://schema.org/Sunday',
] as const;

export type SchemaOrgOpeningHoursSpecification = {
  '@type': 'OpeningHoursSpecification';
  dayOfWeek?: string[];
  validFrom?: string;
  validThrough?: string;
  opens: string;
  closes: string;
};

/**
 * schema.org times are 'HH:MM:SS'. '24:00' (and the end of a 00:00–00:00 day) become
 * '23:59:59', as Google's guidelines ask, because '00:00:00'–'00:00:00' means closed.
 */
function schemaOrgInterval(interval: OpeningInterval): { opens: string; closes: string } {
  const wholeDay = interval.closes === '24:00' || (interval.opens === '00:00' && interval.closes === '00:00');
  return { opens: `${interval.opens}:00`, closes: wholeDay ? '23:59:59' : `${interval.closes}:00` };
}

/**
 * The hours as schema.org `openingHoursSpecification` (days sharing an interval grouped
 * into one entry's `dayOfWeek`) and `specialOpeningHoursSpecification` (one entry per
 * special interval; runs of consecutive closed dates merged into one validFrom–
 * validThrough entry with opens and closes '00:00:00').
 */
export function toSchemaOrgOpeningHours(hours: OpeningHours): {
  openingHoursSpecification: SchemaOrgOpeningHoursSpecification[];
  specialOpeningHoursSpecification: SchemaOrgOpeningHoursSpecification[];
} {
  const regular = [...hours.regular].sort((a, b) => a.day - b.day || byOpens(a, b));
  const grouped = new Map<string, { interval: OpeningInterval; days: number[] }>();
  for (const r of regular) {
    const key = `${r.opens}-${r.closes}`;
    const group = grouped.get(key) ?? { interval: r, days: [] };
    group.days.push(r.day);
    grouped.set(key, group);
  }
  const openingHoursSpecification = [...grouped.values()].map(({ interval, days }) => ({
    '@type': 'OpeningHoursSpecification' as const,
    dayOfWeek: days.map((d) => schemaOrgDays[d - 1]!),
    ...schemaOrgInterval(interval),
  }));

  const special = [...hours.special].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const specialOpeningHoursSpecification: SchemaOrgOpeningHoursSpecification[] = [];
  let closedRun: SchemaOrgOpeningHoursSpecification | undefined;
  for (const s of special) {
    if (s.closed) {
      if (closedRun?.validThrough === s.date) continue; // the same date listed twice
      if (closedRun && closedRun.validThrough === addDays(s.date, -1)) {
        closedRun.validThrough = s.date;
        continue;
      }
      closedRun = {
        '@type': 'OpeningHoursSpecification',
        validFrom: s.date,
        validThrough: s.date,
        opens: '00:00:00',
        closes: '00:00:00',
      };
      specialOpeningHoursSpecification.push(closedRun);
    } else {
      closedRun = undefined;
      specialOpeningHoursSpecification.push({
        '@type': 'OpeningHoursSpecification',
        validFrom: s.date,
        validThrough: s.date,
        ...schemaOrgInterval(s),
      });
    }
  }
  return { openingHoursSpecification, specialOpeningHoursSpecification };
}
