/**
 * Lunch menus: a restaurant's people enter the week (a day at a time from a phone),
 * copy last week in one step, and everyone reads what is served on a date across the
 * city. Every query is scoped to the city; every change is audited.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, type Actor } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError, validationError } from '../../platform/errors.js';
import { addDays } from '../../platform/time/zoned.js';
import { copyWeek, Dish, isMonday, LunchHours, MAX_DISHES_PER_DAY, weekStartOf, type LunchWeek } from './lunch.js';
import { lunchMenus } from './schema.js';

export type LunchMenu = typeof lunchMenus.$inferSelect;

/** Who may enter a business's lunch: its owner and staff (lunch changes daily), and the association's admins. */
const EDITORS = ['association-admin', 'merchant-owner', 'merchant-staff'] as const;

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, prefix = ''): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(r.error.issues.map((i) => ({ path: prefix + '/' + i.path.map(String).join('/'), message: i.message, code: i.code })));
  return r.data;
}

function assertWeek(weekStart: string): void {
  if (!isMonday(weekStart)) throw new DomainError('menus.week_invalid', 'Veckan anges med sin måndag, ÅÅÅÅ-MM-DD.');
}

export const toLunchWeek = (m: LunchMenu): LunchWeek => ({ weekStart: m.weekStart, days: m.days, weekly: m.weekly, lunchOpens: m.lunchOpens, lunchCloses: m.lunchCloses });

export type MenusService = ReturnType<typeof createMenusService>;

export function createMenusService(deps: { db: Db; audit: AuditLog; clock: Clock }) {
  const { db, audit, clock } = deps;
  const listeners: Array<() => void> = [];
  const changed = <T>(value: T): T => {
    for (const l of listeners) l();
    return value;
  };

  async function getWeek(cityId: string, businessId: string, weekStart: string): Promise<LunchMenu | null> {
    const [row] = await db.select().from(lunchMenus).where(and(eq(lunchMenus.cityId, cityId), eq(lunchMenus.businessId, businessId), eq(lunchMenus.weekStart, weekStart)));
    return row ?? null;
  }

  async function write(actor: Actor, cityId: string, businessId: string, week: LunchWeek, action: string): Promise<LunchMenu> {
    return changed(
      await db.transaction(async (tx) => {
        const values = { cityId, businessId, weekStart: week.weekStart, days: week.days.filter((d) => d.dishes.length > 0).sort((a, b) => a.day - b.day), weekly: week.weekly, lunchOpens: week.lunchOpens, lunchCloses: week.lunchCloses, updatedAt: clock.now() };
        const [row] = await tx
          .insert(lunchMenus)
          .values(values)
          .onConflictDoUpdate({ target: [lunchMenus.cityId, lunchMenus.businessId, lunchMenus.weekStart], set: { days: values.days, weekly: values.weekly, lunchOpens: values.lunchOpens, lunchCloses: values.lunchCloses, updatedAt: values.updatedAt } })
          .returning();
        await audit.record({ cityId, actor, action, entityType: 'business', entityId: businessId, data: { weekStart: week.weekStart } }, tx);
        return row!;
      }),
    );
  }

  const empty = (weekStart: string): LunchWeek => ({ weekStart, days: [], weekly: [], lunchOpens: '11:00', lunchCloses: '14:00' });

  return {
    /** Called after any menu changes (the public pages forget their cached copies). */
    onChange(listener: () => void): void {
      listeners.push(listener);
    },

    getWeek,

    /** The week's menu, or an empty one with the usual hours (for the editor). */
    async weekOrEmpty(cityId: string, businessId: string, weekStart: string): Promise<LunchWeek> {
      assertWeek(weekStart);
      const row = await getWeek(cityId, businessId, weekStart);
      return row ? toLunchWeek(row) : empty(weekStart);
    },

    /**
     * Sets the dishes of one weekday (1–7), or the week's dishes with `day: 'weekly'`.
     * Other days stay as they are. An empty list clears the day.
     */
    async saveDay(actor: Actor, cityId: string, businessId: string, weekStart: string, day: number | 'weekly', dishes: Dish[]): Promise<LunchMenu> {
      authorize(actor, { cityId, roles: EDITORS, businessId });
      assertWeek(weekStart);
      const parsed = parseOrThrow(z.array(Dish).max(MAX_DISHES_PER_DAY, `Högst ${MAX_DISHES_PER_DAY} rätter.`), dishes, '/dishes');
      if (day !== 'weekly' && !(Number.isInteger(day) && day >= 1 && day <= 7)) throw validationError([{ path: '/day', message: 'Välj en veckodag.', code: 'invalid_value' }]);
      const current = await getWeek(cityId, businessId, weekStart);
      const week = current ? toLunchWeek(current) : empty(weekStart);
      if (day === 'weekly') week.weekly = parsed;
      else week.days = [...week.days.filter((d) => d.day !== day), { day, dishes: parsed }];
      return write(actor, cityId, businessId, week, 'menu.save_day');
    },

    /** The lunch hours of a week. */
    async saveHours(actor: Actor, cityId: string, businessId: string, weekStart: string, hours: { opens: string; closes: string }): Promise<LunchMenu> {
      authorize(actor, { cityId, roles: EDITORS, businessId });
      assertWeek(weekStart);
      const parsed = parseOrThrow(LunchHours, hours);
      const current = await getWeek(cityId, businessId, weekStart);
      const week = current ? toLunchWeek(current) : empty(weekStart);
      return write(actor, cityId, businessId, { ...week, lunchOpens: parsed.opens, lunchCloses: parsed.closes }, 'menu.save_hours');
    },

    /** Replaces the week's menu with the one before it: one tap on Monday morning. */
    async copyPreviousWeek(actor: Actor, cityId: string, businessId: string, weekStart: string): Promise<LunchMenu> {
      authorize(actor, { cityId, roles: EDITORS, businessId });
      assertWeek(weekStart);
      const previous = await getWeek(cityId, businessId, addDays(weekStart, -7));
      if (!previous || (previous.days.length === 0 && previous.weekly.length === 0)) throw new DomainError('menus.nothing_to_copy', 'Det finns ingen lunchmeny förra veckan att kopiera.');
      return write(actor, cityId, businessId, copyWeek(toLunchWeek(previous), weekStart), 'menu.copy_week');
    },

    /** Every menu in the city for the week holding `date` (for the lunch page and the API). */
    async forWeekOf(cityId: string, date: string, businessIds?: string[]): Promise<LunchMenu[]> {
      const weekStart = weekStartOf(date);
      const where = [eq(lunchMenus.cityId, cityId), eq(lunchMenus.weekStart, weekStart)];
      if (businessIds) {
        if (businessIds.length === 0) return [];
        where.push(inArray(lunchMenus.businessId, businessIds));
      }
      return db.select().from(lunchMenus).where(and(...where));
    },
  };
}
