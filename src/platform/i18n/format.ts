/**
 * Formatting for people: money, dates, times and weekdays in Swedish (first) and
 * English. Views call these; stored values stay öre, 'YYYY-MM-DD' and 'HH:MM'.
 * Output follows Intl wherever Intl has an opinion (including its no-break spaces and
 * U+2212 minus sign), so server-rendered text matches what browsers produce.
 */
import { isValidDate, minutesOfTime, STOCKHOLM, zonedParts } from '../time/zoned.js';

export type Locale = 'sv' | 'en';

/** BCP 47 tags behind our locales: British English writes "11 December 2026", day first. */
const intlLocale: Record<Locale, string> = { sv: 'sv-SE', en: 'en-GB' };

const EN_DASH = '\u2013';

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: Locale, fractionDigits: 0 | 2): Intl.NumberFormat {
  const key = `${locale}:${fractionDigits}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale[locale], {
      style: 'currency',
      currency: 'SEK',
      // sv: "1 250 kr"; en: "SEK 1,250" (the code, since "kr" means nothing to most readers).
      currencyDisplay: locale === 'sv' ? 'symbol' : 'code',
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    moneyFormats.set(key, format);
  }
  return format;
}

/**
 * "1 250 kr" / "12,50 kr" (sv), "SEK 1,250" / "SEK 12.50" (en). Whole kronor drop the
 * decimals; anything else shows two. Throws on non-integer öre, which are a bug upstream.
 */
export function formatOre(ore: number, locale: Locale): string {
  if (!Number.isSafeInteger(ore)) throw new RangeError(`formatOre expects whole öre, got ${ore}`);
  const abs = Math.abs(ore);
  const remainder = abs % 100;
  const kronor = (abs - remainder) / 100;
  // A decimal string, not ore / 100: Intl formats strings exactly, so no float rounding
  // can turn 9007199254740991 öre into the wrong kronor.
  const fraction = String(remainder).padStart(2, '0');
  const decimal = `${ore < 0 ? '-' : ''}${kronor}.${fraction}` as `${number}`; // a decimal literal by construction
  return moneyFormat(locale, remainder === 0 ? 0 : 2).format(decimal);
}

const weekdays: Record<Locale, readonly string[]> = {
  sv: ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** Weekday names, Monday first (index 0 = ISO weekday 1). Swedish names are lower case. */
export function weekdayNames(locale: Locale): readonly string[] {
  return weekdays[locale];
}

/** The name of ISO weekday `day` (1 = Monday … 7 = Sunday). */
export function weekdayName(day: number, locale: Locale): string {
  const name = weekdays[locale][day - 1];
  if (!Number.isInteger(day) || name === undefined) throw new RangeError(`ISO weekday must be 1–7, got ${day}`);
  return name;
}

/** "måndag–fredag"; a single day when `from` equals `to`. */
export function formatWeekdayRange(from: number, to: number, locale: Locale): string {
  const first = weekdayName(from, locale);
  return from === to ? first : `${first}${EN_DASH}${weekdayName(to, locale)}`;
}

/** A calendar date; a Date is read as its date in Stockholm. */
function toDateString(date: string | Date): string {
  if (date instanceof Date) return zonedParts(date, STOCKHOLM).date;
  if (!isValidDate(date)) {
    throw new RangeError(`Expected a date 'YYYY-MM-DD', got "${date}"`);
  }
  return date;
}

export type DateLongOptions = { withYear?: boolean; withWeekday?: boolean };

/**
 * "fredag 11 december 2026" (sv), "Friday, 11 December 2026" (en, Intl's en-GB form).
 * Year and weekday are shown unless turned off.
 */
export function formatDateLong(date: string | Date, locale: Locale, options: DateLongOptions = {}): string {
  const { withYear = true, withWeekday = true } = options;
  const day = toDateString(date);
  // The date string is a calendar day, so format it as midnight UTC in UTC.
  return new Intl.DateTimeFormat(intlLocale[locale], {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    ...(withYear ? { year: 'numeric' } : {}),
    ...(withWeekday ? { weekday: 'long' } : {}),
  }).format(new Date(`${day}T00:00:00Z`));
}

/** "2026-12-11" in both languages: the ISO form is everyday Swedish and unambiguous in English. */
export function formatDateShort(date: string | Date, _locale?: Locale): string {
  return toDateString(date);
}

export type TimeOptions = {
  /** Swedish only: write "10.00" rather than "10" for a whole hour. */
  alwaysMinutes?: boolean;
};

/**
 * A wall-clock time 'HH:MM' (or '24:00'): sv "10" for a whole hour and "10.30"
 * otherwise (as in "kl. 10", "kl. 10.30"); en always "10:00".
 */
export function formatTime(time: string, locale: Locale = 'sv', options: TimeOptions = {}): string {
  const minutes = minutesOfTime(time, true);
  if (locale === 'en') return time;
  // Swedish writes the hour without a leading zero: "kl. 8–17", "kl. 8.30".
  const hh = String(Number(time.slice(0, 2)));
  return minutes % 60 === 0 && !options.alwaysMinutes ? hh : `${hh}.${time.slice(3)}`;
}

export type TimeRangeOptions = {
  /** Swedish only: lead with "kl. " (default true); off when joining several ranges. */
  withKl?: boolean;
};

/**
 * sv "kl. 10–18" when both ends are whole hours, otherwise "kl. 10.30–18.00" (both ends
 * with minutes, so the pair reads evenly); en "10:00–18:00". En dash between.
 */
export function formatTimeRange(from: string, to: string, locale: Locale, options: TimeRangeOptions = {}): string {
  const wholeHours = minutesOfTime(from, true) % 60 === 0 && minutesOfTime(to, true) % 60 === 0;
  const range = `${formatTime(from, locale, { alwaysMinutes: !wholeHours })}${EN_DASH}${formatTime(to, locale, {
    alwaysMinutes: !wholeHours,
  })}`;
  return locale === 'sv' && (options.withKl ?? true) ? `kl. ${range}` : range;
}

// Created once: building an Intl formatter per call is needlessly slow in lists.
const dateTimeShort = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** "2026-12-11 11:30" in Stockholm time, for lists of events (e-mails, audit entries, keys). */
export function formatDateTimeShort(at: Date): string {
  return dateTimeShort.format(at);
}
