/**
 * Swedish public holidays ("röda dagar", lag 1989:253 om allmänna helgdagar) and the
 * eves that shops and restaurants treat like them (påskafton, midsommarafton, …).
 * Eves are not public holidays by law but are de facto days off and matter for
 * opening hours, hence `kind: 'eve'`.
 */
import { addDays, isoWeekday } from './zoned.js';

export type SwedishHoliday = {
  /** 'YYYY-MM-DD' */
  date: string;
  /** Swedish name, capitalised as in a calendar ('Juldagen'). */
  name: string;
  nameEn: string;
  kind: 'holiday' | 'eve';
};

/** The rules below hold since 2005 (Sveriges nationaldag became a holiday, annandag pingst stopped being one). */
const FIRST_SUPPORTED_YEAR = 2005;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), which the
 * Church of Sweden's calendar follows.
 */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The first date on or after `from` that falls on ISO `weekday`. */
function firstWeekdayFrom(from: string, weekday: number): string {
  return addDays(from, (weekday - isoWeekday(from) + 7) % 7);
}

/**
 * Public holidays and eves of `year`, in date order. Throws for years before 2005,
 * when the set of holidays was different.
 */
export function swedishHolidays(year: number): SwedishHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > 9999) {
    throw new RangeError(`swedishHolidays supports the years ${FIRST_SUPPORTED_YEAR}–9999, got ${year}`);
  }
  const y = String(year);
  const easter = easterSunday(year);
  // Midsommarafton is the Friday 19–25 June; alla helgons dag the Saturday 31 Oct–6 Nov.
  const midsummerEve = firstWeekdayFrom(`${y}-06-19`, 5);
  const allSaints = firstWeekdayFrom(`${y}-10-31`, 6);
  const entry =
    (kind: SwedishHoliday['kind']) =>
    (date: string, name: string, nameEn: string): SwedishHoliday => ({ date, name, nameEn, kind });
  const holiday = entry('holiday');
  const eve = entry('eve');
  const list = [
    holiday(`${y}-01-01`, 'Nyårsdagen', "New Year's Day"),
    holiday(`${y}-01-06`, 'Trettondedag jul', 'Epiphany'),
    holiday(addDays(easter, -2), 'Långfredagen', 'Good Friday'),
    eve(addDays(easter, -1), 'Påskafton', 'Easter Eve'),
    holiday(easter, 'Påskdagen', 'Easter Sunday'),
    holiday(addDays(easter, 1), 'Annandag påsk', 'Easter Monday'),
    holiday(`${y}-05-01`, 'Första maj', 'May Day'),
    holiday(addDays(easter, 39), 'Kristi himmelsfärdsdag', 'Ascension Day'),
    eve(addDays(easter, 48), 'Pingstafton', 'Whitsun Eve'),
    holiday(addDays(easter, 49), 'Pingstdagen', 'Whit Sunday'),
    holiday(`${y}-06-06`, 'Sveriges nationaldag', 'National Day of Sweden'),
    eve(midsummerEve, 'Midsommarafton', 'Midsummer Eve'),
    holiday(addDays(midsummerEve, 1), 'Midsommardagen', 'Midsummer Day'),
    holiday(allSaints, 'Alla helgons dag', "All Saints' Day"),
    eve(`${y}-12-24`, 'Julafton', 'Christmas Eve'),
    holiday(`${y}-12-25`, 'Juldagen', 'Christmas Day'),
    holiday(`${y}-12-26`, 'Annandag jul', 'Boxing Day'),
    eve(`${y}-12-31`, 'Nyårsafton', "New Year's Eve"),
  ];
  // Stable sort: when Kristi himmelsfärdsdag meets första maj or nationaldagen meets
  // pingst, both entries stay, in the order above.
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The holidays and eves falling on `date` (usually none, occasionally two). */
export function swedishHolidaysOn(date: string): SwedishHoliday[] {
  return swedishHolidays(Number(date.slice(0, 4))).filter((h) => h.date === date);
}
