/**
 * Calendar dates and wall-clock times in a time zone (Europe/Stockholm by default),
 * using Intl only. Dates are 'YYYY-MM-DD' strings and times 'HH:MM' strings: plain
 * values that survive JSON and SQL without a time zone attached.
 */

export const STOCKHOLM = 'Europe/Stockholm';

export type ZonedParts = {
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:MM', 00:00–23:59 */
  time: string;
  /** ISO weekday, Monday = 1 … Sunday = 7 */
  weekday: number;
  /** Minutes since local midnight on the wall clock (0–1439). */
  minutes: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let formatter = formatters.get(tz);
  if (!formatter) {
    // hourCycle h23: some engines render midnight as "24" with hour12: false.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      era: 'short',
    });
    formatters.set(tz, formatter);
  }
  return formatter;
}

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClock(instant: Date, tz: string): WallClock {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
  const parts: Record<string, string> = {};
  for (const part of formatterFor(tz).formatToParts(instant)) parts[part.type] = part.value;
  const yearOfEra = Number(parts.year);
  return {
    // Years before 1 CE come out as era BC; astronomical numbering keeps arithmetic simple.
    year: parts.era === 'BC' || parts.era === 'B' ? 1 - yearOfEra : yearOfEra,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** UTC milliseconds of a wall-clock reading taken as if it were UTC. */
function wallClockAsUtc(w: WallClock): number {
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, 0);
  return d.getTime();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function formatDate(year: number, month: number, day: number): string {
  return `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(month)}-${pad(day)}`;
}

/** The wall-clock date, time, weekday and minutes of `instant` in `tz`. */
export function zonedParts(instant: Date, tz: string = STOCKHOLM): ZonedParts {
  const w = wallClock(instant, tz);
  const date = formatDate(w.year, w.month, w.day);
  return {
    date,
    time: `${pad(w.hour)}:${pad(w.minute)}`,
    weekday: isoWeekday(date),
    minutes: w.hour * 60 + w.minute,
  };
}

/** Offset of `tz` from UTC at `epochMs`, in milliseconds (positive east of Greenwich). */
function offsetAt(epochMs: number, tz: string): number {
  const truncated = Math.floor(epochMs / 1000) * 1000;
  return wallClockAsUtc(wallClock(new Date(truncated), tz)) - truncated;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Parses a 'YYYY-MM-DD' that names a real calendar day; throws otherwise. */
function parseDate(date: string): { year: number; month: number; day: number } {
  const m = isoDate.exec(date);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const check = new Date(wallClockAsUtc({ year, month, day, hour: 0, minute: 0, second: 0 }));
    if (check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return { year, month, day };
  }
  throw new RangeError(`Expected a date 'YYYY-MM-DD', got "${date}"`);
}

export function isValidDate(date: string): boolean {
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
}

/** Minutes since midnight of 'HH:MM' (00:00–23:59, and '24:00' = 1440 where `allow24` is set). */
export function minutesOfTime(time: string, allow24 = false): number {
  if (allow24 && time === '24:00') return 1440;
  const m = hhmm.exec(time);
  if (!m) throw new RangeError(`Expected a time 'HH:MM', got "${time}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** 'HH:MM' for minutes since midnight (0–1440; 1440 gives '24:00'). */
export function timeOfMinutes(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
    throw new RangeError(`Minutes out of range: ${minutes}`);
  }
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * The instant at which the wall clock in `tz` shows `date` `time` ('24:00' is midnight
 * ending the day). Around DST changes it follows Temporal's "compatible" rule: a time
 * that occurs twice (autumn, 02:00–02:59 in Stockholm) gives the earlier instant; a
 * time that does not exist (spring, 02:00–02:59) is moved forward by the gap, so
 * 02:30 becomes 03:30 summer time.
 */
export function zonedDateTimeToInstant(date: string, time: string, tz: string = STOCKHOLM): Date {
  if (time === '24:00') return zonedDateTimeToInstant(addDays(date, 1), '00:00', tz);
  const { year, month, day } = parseDate(date);
  const minutes = minutesOfTime(time);
  const naive = wallClockAsUtc({ year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 });
  // Offsets a day either side bracket any transition near this wall time (zones change
  // at most once a day), so one of them is the right one unless the time is skipped.
  const dayMs = 86_400_000;
  const before = offsetAt(naive - dayMs, tz);
  const after = offsetAt(naive + dayMs, tz);
  const candidates = [...new Set([before, after])]
    .map((offset) => naive - offset)
    .filter((epoch) => wallClockAsUtc(wallClock(new Date(epoch), tz)) === naive)
    .sort((a, b) => a - b);
  const earliest = candidates[0];
  if (earliest !== undefined) return new Date(earliest);
  // Skipped by a forward jump: read the wall time with the offset in force before it.
  return new Date(naive - before);
}

/** `date` plus `n` calendar days (negative to go back). */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays expects whole days, got ${n}`);
  const { year, month, day } = parseDate(date);
  const d = new Date(wallClockAsUtc({ year, month, day, hour: 0, minute: 0, second: 0 }));
  d.setUTCDate(d.getUTCDate() + n);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  const ms =
    wallClockAsUtc({ ...b, hour: 0, minute: 0, second: 0 }) - wallClockAsUtc({ ...a, hour: 0, minute: 0, second: 0 });
  return Math.round(ms / 86_400_000);
}

/** ISO weekday of a calendar date: Monday = 1 … Sunday = 7. */
export function isoWeekday(date: string): number {
  const { year, month, day } = parseDate(date);
  const sundayZero = new Date(wallClockAsUtc({ year, month, day, hour: 0, minute: 0, second: 0 })).getUTCDay();
  return sundayZero === 0 ? 7 : sundayZero;
}

/**
 * ISO 8601 week of a date: weeks start Monday, and week 1 is the one holding the year's
 * first Thursday, so late-December days can belong to week 1 of the next year and
 * early-January days to week 52 or 53 of the previous one.
 */
export function isoWeek(date: string): { year: number; week: number } {
  // The Thursday of the same week decides the year.
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = parseDate(thursday).year;
  const dayOfYear = daysBetween(formatDate(year, 1, 1), thursday);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}
