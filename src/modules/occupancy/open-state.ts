/**
 * Whether a business is open now, for the `open` field of live events. A change is
 * fanned out to thousands of streams at once and its frame is encoded once for all of
 * them, so the answer must come without a database read: the business's opening hours
 * are kept here per process (read when a stream's snapshot or a place's page first needs
 * them, again once they are `ttlMs` old, and at once after this process changes a
 * business), and `openOf` and `load` compute the answer from them.
 */
import type { Clock } from '../../platform/clock.js';
import { openStatus, type OpeningHours } from '../members/index.js';
import type { PlaceState } from './service.js';

export interface OpeningHoursPort {
  getById(cityId: string, id: string): Promise<{ openingHours: unknown } | null>;
  /** Called after this process changes a business: its hours are read again. */
  onChange?(listener: () => void): void;
}

export type OpenState = ReturnType<typeof createOpenState>;

export function createOpenState(deps: { businesses: OpeningHoursPort; clock: Clock; ttlMs?: number }) {
  const ttlMs = deps.ttlMs ?? 60_000;
  /** Opening hours by business id (null: no such business any more), and when they were read. */
  const known = new Map<string, { hours: OpeningHours | null; at: number }>();
  const loading = new Map<string, Promise<OpeningHours | null>>();
  deps.businesses.onChange?.(() => known.clear());

  function read(cityId: string, businessId: string): Promise<OpeningHours | null> {
    const running = loading.get(businessId);
    if (running) return running;
    const load = deps.businesses
      .getById(cityId, businessId)
      .then((b) => {
        const hours = b ? (b.openingHours as OpeningHours) : null;
        known.set(businessId, { hours, at: Date.now() });
        return hours;
      })
      .finally(() => loading.delete(businessId));
    loading.set(businessId, load);
    return load;
  }

  const isOpen = (hours: OpeningHours | null) => (hours ? openStatus(hours, deps.clock.now()).isOpen : null);

  return {
    /**
     * Now, from the hours this process holds; null for an area, and for a business whose
     * hours were never read here (they are read now, for the next event).
     */
    openOf(cityId: string, state: Pick<PlaceState, 'businessId'>): boolean | null {
      if (!state.businessId) return null;
      const entry = known.get(state.businessId);
      if (!entry || Date.now() - entry.at >= ttlMs) read(cityId, state.businessId).catch(() => {});
      return entry ? isOpen(entry.hours) : null;
    },

    /**
     * Now, from the business's hours: those this process read less than `ttlMs` ago (or
     * since it last changed a business), else from the database (and remembered for `openOf`).
     */
    async load(cityId: string, businessId: string | null): Promise<boolean | null> {
      if (!businessId) return null;
      const entry = known.get(businessId);
      if (entry && Date.now() - entry.at < ttlMs) return isOpen(entry.hours);
      return isOpen(await read(cityId, businessId));
    },
  };
}
