/**
 * The lunch menu's rules, pure: dishes and their diet tags, which week and weekday a
 * moment falls on in Stockholm, what is served on a date, and whether lunch is being
 * served now given the restaurant's opening hours (a public holiday or a closed day
 * means no lunch, whatever the menu says).
 */
import { z } from 'zod';
import { intervalsOn, type OpeningHours } from '../members/index.js';
import { swedishHolidaysOn } from '../../platform/time/holidays.js';
import { addDays, isoWeekday, isValidDate, minutesOfTime, zonedParts } from '../../platform/time/zoned.js';

export const dietTags = {
  vegetarisk: { sv: 'Vegetarisk', en: 'Vegetarian' },
  vegansk: { sv: 'Vegansk', en: 'Vegan' },
  glutenfri: { sv: 'Glutenfri', en: 'Gluten-free' },
  laktosfri: { sv: 'Laktosfri', en: 'Lactose-free' },
  notter: { sv: 'Innehåller nötter', en: 'Contains nuts' },
} as const;
export type DietTag = keyof typeof dietTags;
export const dietTagSlugs = Object.keys(dietTags) as [DietTag, ...DietTag[]];
/** Tags a resident filters for (nuts is a warning, not a diet). */
export const dietFilters = ['vegetarisk', 'vegansk', 'glutenfri', 'laktosfri'] as const satisfies readonly DietTag[];
export type DietFilter = (typeof dietFilters)[number];

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Ange en tid som 11:00.');

export const Dish = z.strictObject({
  name: z.string().trim().min(1, 'Skriv rättens namn.').max(120, 'Högst 120 tecken.'),
  description: z.string().trim().max(300, 'Högst 300 tecken.').default(''),
  /** Whole öre; lunch prices are kronor in practice. */
  priceOre: z.number().int().min(0).max(100_000_00, 'Priset verkar orimligt högt.'),
  tags: z.array(z.enum(dietTagSlugs)).max(5).default([]),
});
export type Dish = z.infer<typeof Dish>;

export const MenuDay = z.strictObject({ day: z.number().int().min(1).max(7), dishes: z.array(Dish).max(8) });
export type MenuDay = z.infer<typeof MenuDay>;

export const MAX_DISHES_PER_DAY = 8;

export const LunchHours = z
  .strictObject({ opens: time, closes: time })
  .refine((h) => minutesOfTime(h.opens) < minutesOfTime(h.closes), { message: 'Lunchen måste sluta efter att den börjar.', path: ['closes'] });

export interface LunchWeek {
  weekStart: string;
  days: MenuDay[];
  weekly: Dish[];
  lunchOpens: string;
  lunchCloses: string;
}

/** The Monday of the ISO week holding `date`. */
export const weekStartOf = (date: string): string => addDays(date, 1 - isoWeekday(date));

export const isMonday = (date: string): boolean => isValidDate(date) && isoWeekday(date) === 1;

/** Today's date on the Stockholm wall clock: 23:59 on Sunday is still Sunday, 00:00 is Monday. */
export const lunchDate = (now: Date): string => zonedParts(now).date;

/** What a restaurant serves on `date`: the day's dishes, then the week's. Empty outside the menu's week. */
export function dishesOn(menu: LunchWeek, date: string): Array<Dish & { weekly: boolean }> {
  if (weekStartOf(date) !== menu.weekStart) return [];
  const day = menu.days.find((d) => d.day === isoWeekday(date));
  if (!day || day.dishes.length === 0) return [];
  return [...day.dishes.map((d) => ({ ...d, weekly: false })), ...menu.weekly.map((d) => ({ ...d, weekly: true }))];
}

/** A dish suits the diet: vegan food is vegetarian too. */
export function dishMatches(dish: Pick<Dish, 'tags'>, diet: DietFilter | null): boolean {
  if (!diet) return true;
  if (diet === 'vegetarisk') return dish.tags.includes('vegetarisk') || dish.tags.includes('vegansk');
  return dish.tags.includes(diet);
}

export type LunchStatus = { kind: 'serving'; until: string } | { kind: 'later'; from: string } | { kind: 'over' } | { kind: 'closed' } | { kind: 'holiday'; name: string; nameEn: string };

/**
 * Whether lunch is served at `now` on the Stockholm wall clock. The restaurant must be
 * open that day by its opening hours (holidays and special days included); lunch runs
 * within both the lunch hours and the opening hours. On a public holiday ("röd dag")
 * there is no weekday lunch unless the restaurant has entered that date as a special day.
 */
export function lunchStatus(menu: Pick<LunchWeek, 'lunchOpens' | 'lunchCloses'>, hours: OpeningHours | null, now: Date): LunchStatus {
  const { date, minutes } = zonedParts(now);
  let from = minutesOfTime(menu.lunchOpens);
  let to = minutesOfTime(menu.lunchCloses);
  const holiday = swedishHolidaysOn(date).find((h) => h.kind === 'holiday');
  if (holiday && !hours?.special.some((s) => s.date === date)) return { kind: 'holiday', name: holiday.name, nameEn: holiday.nameEn };
  if (hours && (hours.regular.length > 0 || hours.special.some((s) => s.date === date))) {
    const open = intervalsOn(hours, date);
    const overlapping = open
      .map((i) => {
        const opens = minutesOfTime(i.opens);
        const closes = minutesOfTime(i.closes, true);
        // An interval closing at or before it opens runs past midnight: open until the day ends.
        return { from: Math.max(from, opens), to: Math.min(to, closes <= opens ? 1440 : closes) };
      })
      .filter((i) => i.from < i.to);
    if (overlapping.length === 0) return { kind: 'closed' };
    from = Math.min(...overlapping.map((i) => i.from));
    to = Math.max(...overlapping.map((i) => i.to));
  }
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  if (minutes < from) return { kind: 'later', from: hhmm(from) };
  if (minutes < to) return { kind: 'serving', until: hhmm(to) };
  return { kind: 'over' };
}

/** Last week's menu moved to `weekStart`: same weekdays, dishes and hours. */
export function copyWeek(previous: LunchWeek, weekStart: string): LunchWeek {
  return { ...structuredClone(previous), weekStart };
}

/** "95 kr" typed by a person, as öre; null when it is not a price. */
export function parseKronor(text: string): number | null {
  const cleaned = text.replace(/\s|kr|:-/gi, '').replace(',', '.');
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

/**
 * The part of town a place is in, as residents name it: its street without the number
 * ("Storgatan 12 B" → "Storgatan"). A town centre's lunch places line a handful of
 * streets, so the street is the area filter on the lunch page.
 */
export function streetArea(street: string): string {
  return street.replace(/\s+\d.*$/, '').trim();
}
