/**
 * Crowd counts: places (every business, and areas such as a square), their capacity
 * and thresholds, and every change of a count as an event. A change is one transaction
 * (lock the place, write the event, set the count) and then one message on the city's
 * pub/sub channel, which every app process fans out to its open streams.
 *
 * Retries: an event carries its caller's idempotency key, unique per place, checked
 * after the place row is locked, so a tap retried on a bad connection (or two racing
 * copies of it) counts once and answers the first result.
 */
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { authorize, type Actor, type Role } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { PubSub } from '../../platform/pubsub/pubsub.js';
import { applyDelta, levelOf, MAX_COUNT, MAX_DELTA, type Level } from './levels.js';
import { occupancyEvents, places } from './schema.js';

export type Place = typeof places.$inferSelect;

/** The slice of the members module occupancy needs: a business by slug or id. */
export interface BusinessPort {
  lookup(cityId: string, slug: string): Promise<{ business: { id: string; slug: string; name: string; archivedAt: Date | null } } | { redirectTo: string } | null>;
  getById(cityId: string, id: string): Promise<{ id: string; slug: string; name: string; archivedAt: Date | null } | null>;
}

/** What a display, a sensor and a stream see of a place. */
export interface PlaceState {
  placeId: string;
  slug: string;
  name: string;
  kind: 'business' | 'area';
  /** The business this place is (null for an area): its opening hours say whether it is open. */
  businessId: string | null;
  count: number;
  capacity: number | null;
  level: Level;
  /** Increasing: the id of the event that set this count (0 before the first). */
  id: number;
}

export interface RecordResult extends PlaceState {
  /** A delta would have gone below zero; the count stopped at 0. */
  clamped: boolean;
  /** The same idempotency key was seen before: this is the first answer again. */
  replayed: boolean;
}

export type Change = { delta: number } | { count: number };

/** The city's live channel: count changes and queue changes of every place in it. */
export const cityChannel = (cityId: string) => `occupancy:${cityId}`;

export type LiveMessage = { type: 'count'; state: PlaceState } | { type: 'queue'; placeId: string; entryId: string; status: 'waiting' | 'admitted' | 'left' };

const MERCHANT_OR_ASSOCIATION: readonly Role[] = ['merchant-owner', 'merchant-staff', 'association-admin', 'association-staff'];
const ASSOCIATION: readonly Role[] = ['association-admin', 'association-staff'];

export function stateOf(p: Place): PlaceState {
  return { placeId: p.id, slug: p.slug, name: p.name, kind: p.kind as PlaceState['kind'], businessId: p.businessId, count: p.count, capacity: p.capacity, level: levelOf(p.count, p.capacity, p.yellowPct, p.redPct), id: p.lastEventId };
}

/** Throws `occupancy.count_out_of_range` unless the change is one sane whole number. */
export function validateChange(change: Partial<{ delta: unknown; count: unknown }>): Change {
  const hasDelta = change.delta !== undefined;
  const hasCount = change.count !== undefined;
  const bad = (message: string) => new DomainError('occupancy.count_out_of_range', message);
  if (hasDelta === hasCount) throw bad('Skicka antingen delta eller count.');
  if (hasDelta) {
    const d = change.delta;
    if (typeof d !== 'number' || !Number.isInteger(d) || d === 0 || Math.abs(d) > MAX_DELTA) throw bad(`delta ska vara ett heltal från −${MAX_DELTA} till ${MAX_DELTA}, inte 0.`);
    return { delta: d };
  }
  const n = change.count;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw bad('count ska vara ett heltal.');
  if (n < 0) throw bad('Antalet kan inte vara negativt.');
  if (n > MAX_COUNT) throw bad(`Antalet kan vara högst ${MAX_COUNT.toLocaleString('sv-SE')}.`);
  return { count: n };
}

/** One whole hour of a place (or of the city): the highest count in it, the count at its end, how many changes. */
export interface HourStats {
  hourStart: Date;
  max: number;
  last: number;
  changes: number;
}

export interface CityHours {
  /** Places counted in the period, by name. */
  places: Array<{ place: Place; hours: HourStats[] }>;
  /**
   * The sum over the places, hour by hour. `last` is a true total (everyone inside at the
   * hour's end); `max` adds up each place's own peak, and the peaks may fall at different
   * minutes, so it is an upper bound of how many were inside at once during the hour.
   */
  total: HourStats[];
}

/** Buckets a place's events (in time order) into whole hours from `from` to `to`, starting from the count it had before. */
export function hoursOf(events: ReadonlyArray<{ at: Date; count: number }>, carriedIn: number, from: Date, to: Date): HourStats[] {
  const hours: HourStats[] = [];
  let carried = carriedIn;
  let i = 0;
  for (let t = from.getTime(); t < to.getTime(); t += 3600_000) {
    const end = t + 3600_000;
    let max = carried;
    let changes = 0;
    while (i < events.length && events[i]!.at.getTime() < end) {
      carried = events[i]!.count;
      max = Math.max(max, carried);
      changes++;
      i++;
    }
    hours.push({ hourStart: new Date(t), max, last: carried, changes });
  }
  return hours;
}

export type OccupancyService = ReturnType<typeof createOccupancyService>;

export function createOccupancyService(deps: { db: Db; clock: Clock; pubsub: PubSub; businesses: BusinessPort }) {
  const { db, clock, pubsub, businesses } = deps;

  async function publish(message: LiveMessage, cityId: string): Promise<void> {
    await pubsub.publish(cityChannel(cityId), message);
  }

  /** The business's place, made on first use; its slug and name follow the business. */
  async function placeOfBusiness(ex: Executor, cityId: string, business: { id: string; slug: string; name: string }): Promise<Place> {
    const [found] = await ex.select().from(places).where(and(eq(places.cityId, cityId), eq(places.businessId, business.id)));
    if (found) {
      if (found.slug === business.slug && found.name === business.name) return found;
      const [updated] = await ex.update(places).set({ slug: business.slug, name: business.name }).where(eq(places.id, found.id)).returning();
      return updated!;
    }
    await ex.insert(places).values({ cityId, slug: business.slug, name: business.name, kind: 'business', businessId: business.id }).onConflictDoNothing();
    const [made] = await ex.select().from(places).where(and(eq(places.cityId, cityId), eq(places.businessId, business.id)));
    if (!made) throw new DomainError('occupancy.slug_taken', 'En plats med samma adress finns redan.');
    return made;
  }

  /** A place by slug: an area, or a business (its place made on first use). */
  async function resolve(cityId: string, slug: string): Promise<Place> {
    if (!/^[a-z0-9-]{1,80}$/.test(slug)) throw new DomainError('occupancy.place_not_found', 'Platsen finns inte.');
    const [area] = await db.select().from(places).where(and(eq(places.cityId, cityId), eq(places.slug, slug), eq(places.kind, 'area')));
    if (area) return area;
    const found = await businesses.lookup(cityId, slug);
    if (found && 'business' in found && !found.business.archivedAt) return placeOfBusiness(db, cityId, found.business);
    throw new DomainError('occupancy.place_not_found', `Det finns ingen plats ”${slug.slice(0, 80)}” här.`);
  }

  function authorizeFor(actor: Actor, place: Place): void {
    if (place.kind === 'business' && place.businessId) authorize(actor, { cityId: place.cityId, roles: MERCHANT_OR_ASSOCIATION, businessId: place.businessId });
    else authorize(actor, { cityId: place.cityId, roles: ASSOCIATION });
  }

  return {
    resolve,
    authorizeFor,

    async get(cityId: string, slug: string): Promise<PlaceState> {
      return stateOf(await resolve(cityId, slug));
    },

    async getById(cityId: string, placeId: string): Promise<Place | null> {
      const [p] = await db.select().from(places).where(and(eq(places.cityId, cityId), eq(places.id, placeId)));
      return p ?? null;
    },

    /** The business's place (made on first use), for the counter and the business page. */
    async forBusiness(cityId: string, businessId: string): Promise<Place | null> {
      const b = await businesses.getById(cityId, businessId);
      if (!b || b.archivedAt) return null;
      return placeOfBusiness(db, cityId, b);
    },

    /** Every place in the city that has a capacity or a count: the city display. */
    async list(cityId: string): Promise<Place[]> {
      return db
        .select()
        .from(places)
        .where(and(eq(places.cityId, cityId), sql`(${places.capacity} is not null or ${places.kind} = 'area')`))
        .orderBy(asc(places.kind), asc(places.name));
    },

    /** Counts a tap, a sensor delta or an absolute count. */
    async record(actor: Actor, cityId: string, slug: string, input: Partial<{ delta: unknown; count: unknown }>, idempotencyKey: string | null = null): Promise<RecordResult> {
      const change = validateChange(input);
      const place = await resolve(cityId, slug);
      authorizeFor(actor, place);
      const result = await db.transaction(async (tx) => {
        const [locked] = await tx.select().from(places).where(eq(places.id, place.id)).for('update');
        if (!locked) throw new DomainError('occupancy.place_not_found', 'Platsen finns inte.');
        if (idempotencyKey) {
          const [seen] = await tx
            .select()
            .from(occupancyEvents)
            .where(and(eq(occupancyEvents.placeId, place.id), eq(occupancyEvents.idempotencyKey, idempotencyKey)));
          if (seen) {
            const state = stateOf(locked);
            return { ...state, count: seen.countAfter, level: levelOf(seen.countAfter, locked.capacity, locked.yellowPct, locked.redPct), id: seen.id, clamped: seen.clamped, replayed: true };
          }
        }
        const next = 'delta' in change ? applyDelta(locked.count, change.delta) : { count: change.count, clamped: false };
        const [event] = await tx
          .insert(occupancyEvents)
          .values({
            cityId,
            placeId: place.id,
            idempotencyKey,
            delta: 'delta' in change ? change.delta : null,
            requestedCount: 'count' in change ? change.count : null,
            countAfter: next.count,
            clamped: next.clamped,
            actor: actor.label,
            createdAt: clock.now(),
          })
          .returning({ id: occupancyEvents.id });
        const [updated] = await tx
          .update(places)
          .set({ count: next.count, lastEventId: event!.id, updatedAt: clock.now() })
          .where(eq(places.id, place.id))
          .returning();
        return { ...stateOf(updated!), clamped: next.clamped, replayed: false };
      });
      if (!result.replayed) {
        const { clamped: _c, replayed: _r, ...state } = result;
        await publish({ type: 'count', state }, cityId);
      }
      return result;
    },

    /** Capacity and thresholds; merchants for their business, the association for any place. */
    async configure(actor: Actor, cityId: string, slug: string, input: { capacity: number | null; yellowPct?: number; redPct?: number; queueEnabled?: boolean }): Promise<PlaceState> {
      const place = await resolve(cityId, slug);
      authorizeFor(actor, place);
      const yellowPct = input.yellowPct ?? place.yellowPct;
      const redPct = input.redPct ?? place.redPct;
      if (input.capacity !== null && (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > MAX_COUNT)) {
        throw new DomainError('validation', 'Kapaciteten ska vara ett heltal från 1.', { errors: [{ path: '/capacity', message: `Ett heltal från 1 till ${MAX_COUNT}.`, code: 'out_of_range' }] });
      }
      if (!(Number.isInteger(yellowPct) && Number.isInteger(redPct) && yellowPct >= 1 && yellowPct < redPct && redPct <= 200)) {
        throw new DomainError('validation', 'Gult måste börja före rött.', { errors: [{ path: '/yellowPct', message: 'Gult från 1 %, före rött (högst 200 %).', code: 'out_of_range' }] });
      }
      const [updated] = await db
        .update(places)
        .set({ capacity: input.capacity, yellowPct, redPct, ...(input.queueEnabled !== undefined ? { queueEnabled: input.queueEnabled } : {}), updatedAt: clock.now() })
        .where(eq(places.id, place.id))
        .returning();
      const state = stateOf(updated!);
      await publish({ type: 'count', state }, cityId);
      return state;
    },

    /** An area such as a square or a market (the association). */
    async createArea(actor: Actor, cityId: string, input: { slug: string; name: string; capacity: number | null }): Promise<Place> {
      authorize(actor, { cityId, roles: ASSOCIATION });
      if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(input.slug)) throw new DomainError('validation', 'Ogiltig adress.', { errors: [{ path: '/slug', message: 'Små bokstäver a–z, siffror och bindestreck.', code: 'invalid' }] });
      const taken = await businesses.lookup(cityId, input.slug);
      if (taken) throw new DomainError('occupancy.slug_taken', `Adressen ${input.slug} används redan av ett företag.`);
      const [made] = await db
        .insert(places)
        .values({ cityId, slug: input.slug, name: input.name.trim().slice(0, 120), kind: 'area', capacity: input.capacity })
        .onConflictDoNothing()
        .returning();
      if (!made) throw new DomainError('occupancy.slug_taken', `Adressen ${input.slug} används redan.`);
      return made;
    },

    /**
     * The day's history in whole Stockholm hours: the highest count in each hour and the
     * count at its end (events between `from` and `to`; the count carried in from before).
     */
    async hourly(cityId: string, placeId: string, from: Date, to: Date): Promise<HourStats[]> {
      const [before] = await db
        .select({ countAfter: occupancyEvents.countAfter })
        .from(occupancyEvents)
        .where(and(eq(occupancyEvents.cityId, cityId), eq(occupancyEvents.placeId, placeId), lt(occupancyEvents.createdAt, from)))
        .orderBy(sql`${occupancyEvents.createdAt} desc, ${occupancyEvents.id} desc`)
        .limit(1);
      const events = await db
        .select({ at: occupancyEvents.createdAt, count: occupancyEvents.countAfter })
        .from(occupancyEvents)
        .where(and(eq(occupancyEvents.cityId, cityId), eq(occupancyEvents.placeId, placeId), gte(occupancyEvents.createdAt, from), lt(occupancyEvents.createdAt, to)))
        .orderBy(asc(occupancyEvents.createdAt), asc(occupancyEvents.id));
      return hoursOf(events, before?.countAfter ?? 0, from, to);
    },

    /**
     * The whole city's history in whole Stockholm hours, for the association: every
     * place counted in the period (or with people inside when it began), its hours as
     * `hourly` has them, and the city's total per hour (the sum over the places). Two
     * queries, whatever the number of places and hours.
     */
    async cityHourly(cityId: string, from: Date, to: Date): Promise<CityHours> {
      // Each place with the count it had when the period began: its last event before (index on place and time).
      const rows = await db
        .select({
          place: places,
          // Spelled out: drizzle leaves column names unqualified in a one-table select.
          countAfter: sql<number | null>`(select e.count_after from occupancy_events e where e.place_id = places.id and e.created_at < ${from.toISOString()} order by e.created_at desc, e.id desc limit 1)`,
        })
        .from(places)
        .where(eq(places.cityId, cityId))
        .orderBy(asc(places.name));
      if (rows.length === 0) return { places: [], total: hoursOf([], 0, from, to) };
      const all = rows.map((r) => r.place);
      const ids = all.map((p) => p.id);
      const events = await db
        .select({ placeId: occupancyEvents.placeId, at: occupancyEvents.createdAt, count: occupancyEvents.countAfter })
        .from(occupancyEvents)
        .where(and(inArray(occupancyEvents.placeId, ids), gte(occupancyEvents.createdAt, from), lt(occupancyEvents.createdAt, to)))
        .orderBy(asc(occupancyEvents.placeId), asc(occupancyEvents.createdAt), asc(occupancyEvents.id));
      const startOf = new Map(rows.map((r) => [r.place.id, Number(r.countAfter ?? 0)]));
      const byPlace = new Map<string, Array<{ at: Date; count: number }>>();
      for (const e of events) {
        const list = byPlace.get(e.placeId) ?? [];
        list.push(e);
        byPlace.set(e.placeId, list);
      }
      const counted = all
        .filter((p) => byPlace.has(p.id) || (startOf.get(p.id) ?? 0) > 0)
        .map((place) => ({ place, hours: hoursOf(byPlace.get(place.id) ?? [], startOf.get(place.id) ?? 0, from, to) }));
      const total = hoursOf([], 0, from, to).map((h, i) => {
        for (const p of counted) {
          const own = p.hours[i]!;
          h.max += own.max;
          h.last += own.last;
          h.changes += own.changes;
        }
        return h;
      });
      return { places: counted, total };
    },

    publish,

    /** Events older than the retention period go (the hourly chart reads at most a year back). */
    async prune(olderThanDays = 400): Promise<number> {
      const cutoff = new Date(clock.now().getTime() - olderThanDays * 86400_000);
      const gone = await db.delete(occupancyEvents).where(lt(occupancyEvents.createdAt, cutoff)).returning({ id: occupancyEvents.id });
      return gone.length;
    },
  };
}
