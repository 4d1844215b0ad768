/**
 * Traffic drivers for the newer modules, each seeding its own city so its books are
 * its own: door counters and sensors (occupancy events with Idempotency-Keys), live
 * displays (SSE streams held open on every app process), bookings (racing for the last
 * place, cancelling), restaurants editing a day's lunch, and residents buying campaign
 * cards up to the cap (through the simulator; now and then one pays after cancelling,
 * which must be refunded). Each `check` compares what the clients saw with what the
 * database holds; see drivers.ts for the contract.
 */
import { expect } from 'vitest';
import type pg from 'pg';
import { systemActor } from '../../src/platform/auth/roles.js';
import { CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE } from '../../src/platform/http/app.js';
import { lunchDate, weekStartOf } from '../../src/modules/menus/lunch.js';
import type { Services } from '../../src/services.js';
import { apiKeyFor, insertBusiness, insertCity, insertUser, uniqueSuffix } from '../factories/index.js';
import { send, type Driver, type Outcome } from './drivers.js';

const CSRF = 'reliability-csrf-0123456789abcdef';
let sequence = 0;
const nextKey = (label: string, client: number) => `${label}-${client}-${sequence++}-${Math.random().toString(36).slice(2, 8)}`;
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
const status = (o: Outcome) => (o.kind === 'answered' ? o.status : 0);

/** A browser's form post: the CSRF cookie and field, a session when given; redirects are not followed. */
function formPost(fields: Record<string, string>, extra: { session?: string; headers?: Record<string, string> } = {}): RequestInit {
  const cookie = [`${CSRF_COOKIE}=${CSRF}`, ...(extra.session ? [`${SESSION_COOKIE}=${extra.session}`] : [])].join('; ');
  return {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...extra.headers },
    body: new URLSearchParams({ ...fields, [CSRF_FIELD]: CSRF }).toString(),
  };
}

async function sessionFor(services: Services, userId: string): Promise<string> {
  return (await services.auth.createSession(userId, { twoFactor: false })).token;
}

// ── Occupancy: door counters (staff sessions) and sensors (API keys) ───────────────────

export interface OccupancyAttempt {
  key: string;
  slug: string;
  body: { delta: number } | { count: number };
  /** A sensor's API key, or a staff member's session. */
  auth: { kind: 'sensor'; key: string } | { kind: 'staff' };
  outcome: Outcome;
}

interface OccupancyAnswer {
  slug: string;
  count: number;
  clamped: boolean;
}

/**
 * People in and out at three shops' doors and on a square: staff tap +1/−1 on the
 * counter (a session, CSRF header), door sensors send deltas and now and then an
 * absolute count (an API key). Every request has its own Idempotency-Key; a count can
 * clamp at zero.
 */
export class OccupancyDriver implements Driver {
  name = 'occupancy';
  weight = 3;
  citySlug = '';
  cityId = '';
  places: Array<{ slug: string; sensorKey: string | null }> = [];
  private staffSession = '';
  attempts: OccupancyAttempt[] = [];

  constructor(private readonly label = 'occ') {}

  async seed(services: Services): Promise<void> {
    const city = await insertCity(services);
    this.citySlug = city.slug;
    this.cityId = city.id;
    const staff = await insertUser(services, 'association-staff', city);
    this.staffSession = await sessionFor(services, staff.userId);
    for (let i = 0; i < 3; i++) {
      const shop = await insertBusiness(services, city, { category: 'mode' });
      // A capacity puts the shop on the city display too.
      await services.occupancy.configure(systemActor, city.id, shop.slug, { capacity: 40 });
      this.places.push({ slug: shop.slug, sensorKey: await apiKeyFor(services, city, 'merchant-owner', shop.id) });
    }
    const square = await services.occupancy.createArea(systemActor, city.id, { slug: `torget-${uniqueSuffix()}`.slice(0, 50), name: 'Stora torget', capacity: 300 });
    this.places.push({ slug: square.slug, sensorKey: null });
  }

  url(baseUrl: string, slug: string): string {
    return `${baseUrl}/api/v1/cities/${this.citySlug}/places/${slug}/occupancy`;
  }

  request(a: Pick<OccupancyAttempt, 'key' | 'body' | 'auth'>): RequestInit {
    const auth: Record<string, string> = a.auth.kind === 'sensor' ? { authorization: `Bearer ${a.auth.key}` } : { cookie: `${SESSION_COOKIE}=${this.staffSession}; ${CSRF_COOKIE}=${CSRF}`, [CSRF_HEADER]: CSRF };
    return { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': a.key, ...auth }, body: JSON.stringify(a.body) };
  }

  async step(baseUrl: string, client: number): Promise<Outcome> {
    const place = pick(this.places);
    const r = Math.random();
    // Mostly taps; sensors send bigger steps and, now and then, a recount.
    const body = r < 0.05 ? { count: Math.floor(Math.random() * 30) } : r < 0.15 ? { delta: (Math.random() < 0.5 ? -1 : 1) * (2 + Math.floor(Math.random() * 4)) } : { delta: Math.random() < 0.55 ? 1 : -1 };
    const auth: OccupancyAttempt['auth'] = place.sensorKey && Math.random() < 0.5 ? { kind: 'sensor', key: place.sensorKey } : { kind: 'staff' };
    const attempt: OccupancyAttempt = { key: nextKey(this.label, client), slug: place.slug, body, auth, outcome: { kind: 'unseen', error: 'not sent', ms: 0 } };
    this.attempts.push(attempt);
    attempt.outcome = await send(this.url(baseUrl, place.slug), this.request(attempt));
    return attempt.outcome;
  }

  acknowledged(): OccupancyAttempt[] {
    return this.attempts.filter((a) => status(a.outcome) === 200);
  }

  /** Each place's count now (what the displays must end up showing). */
  async counts(db: pg.Client): Promise<Map<string, number>> {
    const rows = await db.query<{ slug: string; count: number }>('select slug, count from places where city_id = $1', [this.cityId]);
    return new Map(rows.rows.map((r) => [r.slug, r.count]));
  }

  async events(db: pg.Client) {
    return (
      await db.query<{ id: string; slug: string; idempotency_key: string | null; delta: number | null; requested_count: number | null; count_after: number; clamped: boolean }>(
        `select e.id, p.slug, e.idempotency_key, e.delta, e.requested_count, e.count_after, e.clamped
           from occupancy_events e join places p on p.id = e.place_id where e.city_id = $1 order by e.id`,
        [this.cityId],
      )
    ).rows;
  }

  /**
   * Every acknowledged event counted exactly once with the count its answer gave; none
   * that no client sent; and every place's count is its events replayed in order (each
   * event applied once, clamped at zero), so nothing was counted twice or skipped.
   */
  async check(db: pg.Client): Promise<Record<string, unknown>> {
    const events = await this.events(db);
    const byKey = new Map<string, typeof events>();
    for (const e of events) byKey.set(e.idempotency_key ?? '', [...(byKey.get(e.idempotency_key ?? '') ?? []), e]);
    const sent = new Set(this.attempts.map((a) => a.key));
    for (const key of byKey.keys()) expect(sent.has(key), `event ${key} that no client sent`).toBe(true);
    const acknowledged = this.acknowledged();
    for (const a of acknowledged) {
      const found = byKey.get(a.key) ?? [];
      expect(found, `acknowledged ${a.key} counted once`).toHaveLength(1);
      const answer = (a.outcome as { body: OccupancyAnswer }).body;
      expect(found[0]!.count_after, a.key).toBe(answer.count);
      expect(found[0]!.clamped, a.key).toBe(answer.clamped);
    }
    for (const a of this.attempts) if (a.outcome.kind === 'answered' && a.outcome.status !== 200) expect(byKey.get(a.key), `refused ${a.key}`).toBeUndefined();
    for (const a of this.attempts) expect((byKey.get(a.key) ?? []).length, a.key).toBeLessThanOrEqual(1);
    // The count is the events, each applied once, in order.
    const counts = await this.counts(db);
    const last = new Map<string, number>();
    let clamped = 0;
    for (const e of events) {
      const before = last.get(e.slug) ?? 0;
      const expected = e.requested_count ?? Math.max(0, before + (e.delta ?? 0));
      expect(e.count_after, `event ${e.id} at ${e.slug}`).toBe(expected);
      expect(e.clamped).toBe(e.requested_count === null && before + (e.delta ?? 0) < 0);
      if (e.clamped) clamped++;
      last.set(e.slug, e.count_after);
    }
    for (const p of this.places) expect(counts.get(p.slug), p.slug).toBe(last.get(p.slug) ?? 0);
    return { places: this.places.length, sent: this.attempts.length, acknowledged: acknowledged.length, unseen: this.attempts.filter((a) => a.outcome.kind === 'unseen').length, events: events.length, clamped, lost: 0, doubled: 0 };
  }
}

// ── Live displays: SSE streams held open on every app process ──────────────────────────

interface Display {
  server: string;
  path: string;
  /** The slugs this display shows, and the count it shows for each. */
  shows: Map<string, number>;
  events: number;
  reconnects: number;
}

/**
 * Window and square displays: for every app process, one city display and one per
 * place, connected for the whole run (reconnecting, as live.js does, if a stream
 * ends). With Redis between the processes every display must follow every change,
 * whichever process counted it.
 */
export class DisplayFleet {
  displays: Display[] = [];
  private readonly abort = new AbortController();
  private loops: Array<Promise<void>> = [];

  constructor(private readonly occupancy: OccupancyDriver) {}

  open(servers: string[]): void {
    const base = `/api/v1/cities/${this.occupancy.citySlug}`;
    const paths = [`${base}/occupancy/stream`, ...this.occupancy.places.map((p) => `${base}/places/${p.slug}/occupancy/stream`)];
    for (const server of servers) {
      for (const path of paths) {
        const display: Display = { server, path, shows: new Map(), events: 0, reconnects: 0 };
        this.displays.push(display);
        this.loops.push(this.follow(display));
      }
    }
  }

  private async follow(d: Display): Promise<void> {
    for (let first = true; !this.abort.signal.aborted; first = false) {
      if (!first) {
        d.reconnects++;
        await new Promise((r) => setTimeout(r, 500));
      }
      try {
        const res = await fetch(`${d.server}${d.path}`, { headers: { accept: 'text/event-stream' }, signal: this.abort.signal });
        if (!res.body) continue;
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trim())
              .join('\n');
            if (!block.includes('event: occupancy') || !data) continue;
            const state = JSON.parse(data) as { slug: string; count: number };
            d.shows.set(state.slug, state.count);
            d.events++;
          }
        }
      } catch {
        // aborted at the end, or the stream broke: reconnect unless aborted
      }
    }
  }

  /** Waits until every display shows `counts` for every place it follows; ms it took. */
  async converge(counts: Map<string, number>, timeoutMs = 15_000): Promise<number> {
    const started = Date.now();
    const behind = () => this.displays.filter((d) => d.shows.size === 0 || [...d.shows].some(([slug, n]) => counts.has(slug) && counts.get(slug) !== n));
    while (behind().length > 0) {
      if (Date.now() - started > timeoutMs) {
        const d = behind()[0]!;
        throw new Error(`display ${d.server}${d.path} shows ${JSON.stringify([...d.shows])}, the database ${JSON.stringify([...counts])}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return Date.now() - started;
  }

  figures() {
    return {
      displays: this.displays.length,
      perProcess: this.displays.length / new Set(this.displays.map((d) => d.server)).size,
      events: this.displays.reduce((s, d) => s + d.events, 0),
      reconnects: this.displays.reduce((s, d) => s + d.reconnects, 0),
    };
  }

  async close(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
  }
}

// ── Bookings: racing for the last place, cancelling ─────────────────────────────────────

interface BookingAttempt {
  slot: number;
  outcome: Outcome;
  /** The cancel link's token, from the 303's Location. */
  token: string | null;
  cancel: Outcome | null;
  client: number;
}

/**
 * Residents booking a few popular times (two places each) at one shop, many at once,
 * and cancelling some of their bookings, which frees the place for the next. Nobody may
 * hold a place beyond a slot's capacity.
 */
export class BookingDriver implements Driver {
  name = 'bookings';
  weight = 2;
  citySlug = '';
  cityId = '';
  shopSlug = '';
  slots: Array<{ value: string; startsAt: string }> = [];
  attempts: BookingAttempt[] = [];
  readonly capacity = 2;

  constructor(private readonly hotSlots = 6) {}

  async seed(services: Services): Promise<void> {
    const city = await insertCity(services);
    this.citySlug = city.slug;
    this.cityId = city.id;
    const shop = await insertBusiness(services, city, { category: 'mode' });
    this.shopSlug = shop.slug;
    const owner = await insertUser(services, 'merchant-owner', city, shop.id);
    const schedule = await services.bookings.createSchedule(owner.actor, city.id, shop.id, { name: 'Lugn shopping', weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '06:00', endTime: '23:00', slotMinutes: 30, capacity: this.capacity });
    // Times at least three hours ahead, so none starts during the run.
    const soon = Date.now() + 3 * 3_600_000;
    const open = (await services.bookings.openSlots(city.id, shop.id, 7)).filter((s) => s.startsAt.getTime() > soon && s.scheduleId === schedule.id);
    this.slots = open.slice(0, this.hotSlots).map((s) => ({ value: `${s.scheduleId}|${s.startsAt.toISOString()}`, startsAt: s.startsAt.toISOString() }));
    expect(this.slots).toHaveLength(this.hotSlots);
  }

  async step(baseUrl: string, client: number): Promise<Outcome> {
    const mine = this.attempts.filter((a) => a.client === client && a.token && !a.cancel);
    const r = Math.random();
    if (r < 0.3 && mine.length > 0) {
      const booking = pick(mine);
      booking.cancel = { kind: 'unseen', error: 'not sent', ms: 0 };
      booking.cancel = await send(`${baseUrl}/${this.citySlug}/bokning/${booking.token}`, formPost({}));
      return booking.cancel;
    }
    if (r < 0.4) return send(`${baseUrl}/${this.citySlug}/foretag/${this.shopSlug}/boka`, { headers: { accept: 'text/html' } });
    const slot = Math.floor(Math.random() * this.slots.length);
    const n = sequence++;
    const attempt: BookingAttempt = { slot, outcome: { kind: 'unseen', error: 'not sent', ms: 0 }, token: null, cancel: null, client };
    this.attempts.push(attempt);
    attempt.outcome = await send(`${baseUrl}/${this.citySlug}/foretag/${this.shopSlug}/boka`, formPost({ tid: this.slots[slot]!.value, namn: `Besökare ${n}`, epost: `besok-${n}@example.test`, telefon: '' }));
    const location = attempt.outcome.kind === 'answered' ? attempt.outcome.location : null;
    if (status(attempt.outcome) === 303 && location) attempt.token = /\/bokning\/([^?/]+)/.exec(location)?.[1] ?? null;
    return attempt.outcome;
  }

  async check(db: pg.Client): Promise<Record<string, unknown>> {
    const slots = await db.query<{ id: string; starts_at: Date; capacity: number; taken: number; held: string }>(
      `select s.id, s.starts_at, s.capacity, s.taken, (select count(*) from bookings b where b.slot_id = s.id and b.status in ('booked', 'no_show')) as held
         from booking_slots s where s.city_id = $1`,
      [this.cityId],
    );
    let fullest = 0;
    for (const s of slots.rows) {
      // Nobody holds a place beyond the slot's capacity, and the counter agrees with the rows.
      expect(Number(s.held), `slot ${s.starts_at.toISOString()}`).toBeLessThanOrEqual(s.capacity);
      expect(s.taken, `slot ${s.starts_at.toISOString()} counter`).toBe(Number(s.held));
      fullest = Math.max(fullest, Number(s.held));
    }
    const rows = await db.query<{ id: string; status: string }>('select id, status from bookings where city_id = $1', [this.cityId]);
    const byId = new Map(rows.rows.map((r) => [r.id, r.status]));
    const booked = this.attempts.filter((a) => a.token);
    for (const a of booked) {
      const id = a.token!.split('.')[0]!;
      const cancelled = a.cancel && status(a.cancel) === 200;
      const cancelUnseen = a.cancel?.kind === 'unseen';
      expect(byId.has(id), `acknowledged booking ${id}`).toBe(true);
      if (cancelled) expect(byId.get(id), id).toBe('cancelled');
      else if (!cancelUnseen) expect(byId.get(id), id).toBe('booked');
    }
    // No booking that no client made: at most the ones whose answer was lost.
    const unseen = this.attempts.filter((a) => a.outcome.kind === 'unseen').length;
    expect(rows.rows.length - booked.length).toBeLessThanOrEqual(unseen);
    expect(rows.rows.length).toBeGreaterThanOrEqual(booked.length);
    return {
      slots: this.slots.length,
      capacityPerSlot: this.capacity,
      attempts: this.attempts.length,
      booked: booked.length,
      refusedFull: this.attempts.filter((a) => status(a.outcome) === 409).length,
      cancelled: this.attempts.filter((a) => a.cancel && status(a.cancel) === 200).length,
      unseen,
      fullestSlot: fullest,
      overbooked: 0,
    };
  }
}

// ── Menus: restaurants editing today's lunch ────────────────────────────────────────────

interface MenuEdit {
  restaurant: number;
  day: number;
  name: string;
  outcome: Outcome;
}

/**
 * Three restaurants' staff editing a day of this week's lunch from their phones, while
 * residents read the lunch page and the menus API. Each restaurant edits one day at a
 * time (one phone), so the last acknowledged edit is what must be stored.
 */
export class MenuDriver implements Driver {
  name = 'menus';
  weight = 2;
  citySlug = '';
  cityId = '';
  restaurants: Array<{ id: string; slug: string; session: string }> = [];
  private busy = new Set<number>();
  edits: MenuEdit[] = [];
  reads = 0;
  readonly week = weekStartOf(lunchDate(new Date()));

  async seed(services: Services): Promise<void> {
    const city = await insertCity(services);
    this.citySlug = city.slug;
    this.cityId = city.id;
    for (let i = 0; i < 3; i++) {
      const restaurant = await insertBusiness(services, city, { category: 'restaurang' });
      const owner = await insertUser(services, 'merchant-owner', city, restaurant.id);
      this.restaurants.push({ id: restaurant.id, slug: restaurant.slug, session: await sessionFor(services, owner.userId) });
    }
  }

  private read(baseUrl: string): Promise<Outcome> {
    this.reads++;
    return Math.random() < 0.5 ? send(`${baseUrl}/${this.citySlug}/lunch`, { headers: { accept: 'text/html' } }) : send(`${baseUrl}/api/v1/cities/${this.citySlug}/menus`, {});
  }

  async step(baseUrl: string): Promise<Outcome> {
    const free = this.restaurants.map((_, i) => i).filter((i) => !this.busy.has(i));
    if (Math.random() < 0.5 || free.length === 0) return this.read(baseUrl);
    const restaurant = pick(free);
    this.busy.add(restaurant);
    try {
      const r = this.restaurants[restaurant]!;
      const edit: MenuEdit = { restaurant, day: 1 + Math.floor(Math.random() * 5), name: `Dagens ${sequence++}`, outcome: { kind: 'unseen', error: 'not sent', ms: 0 } };
      this.edits.push(edit);
      edit.outcome = await send(
        `${baseUrl}/${this.citySlug}/butik/${r.slug}/lunch/${this.week}/${edit.day}`,
        formPost({ namn0: edit.name, beskrivning0: 'med potatis och lingon', pris0: '125', kost0: 'glutenfri', namn1: 'Veckans soppa', beskrivning1: '', pris1: '95' }, { session: r.session }),
      );
      return edit.outcome;
    } finally {
      this.busy.delete(restaurant);
    }
  }

  /** Each day holds the last acknowledged edit (or one sent after it whose answer was lost). */
  async check(db: pg.Client): Promise<Record<string, unknown>> {
    const rows = await db.query<{ business_id: string; days: Array<{ day: number; dishes: Array<{ name: string; priceOre: number }> }> }>('select business_id, days from lunch_menus where city_id = $1 and week_start = $2', [this.cityId, this.week]);
    const stored = new Map(rows.rows.map((r) => [r.business_id, r.days]));
    let days = 0;
    for (let i = 0; i < this.restaurants.length; i++) {
      for (let day = 1; day <= 5; day++) {
        const edits = this.edits.filter((e) => e.restaurant === i && e.day === day);
        if (edits.length === 0) continue;
        const lastAcked = edits.map((e) => status(e.outcome)).lastIndexOf(303);
        const candidates = edits.slice(Math.max(0, lastAcked)).filter((e, k) => (k === 0 && lastAcked >= 0) || e.outcome.kind === 'unseen').map((e) => e.name);
        const dishes = stored.get(this.restaurants[i]!.id)?.find((d) => d.day === day)?.dishes ?? [];
        if (lastAcked >= 0) expect(candidates, `${this.restaurants[i]!.slug} day ${day}`).toContain(dishes[0]?.name);
        if (dishes.length) {
          expect(dishes).toHaveLength(2);
          expect(dishes[0]!.priceOre).toBe(12_500);
        }
        days++;
      }
    }
    return { restaurants: this.restaurants.length, edits: this.edits.length, acknowledged: this.edits.filter((e) => status(e.outcome) === 303).length, daysChecked: days, reads: this.reads };
  }
}

// ── Campaigns: buying co-funded cards up to the cap ─────────────────────────────────────

interface Purchase {
  buyer: number;
  quantity: number;
  outcome: Outcome;
  orderId: string | null;
  /** What the buyer did on the payment page: paid, declined, or declined and then paid anyway. */
  plan: 'paid' | 'declined' | 'late';
  completions: Outcome[];
}

/**
 * Residents buying "pay 250, get 500" cards, many at once from many addresses (each
 * buyer its own X-Forwarded-For; the servers trust one proxy hop), until the campaign
 * is sold out; then only refusals. Most pay, some cancel, and a few pay after
 * cancelling (a late payment: refunded, no card).
 */
export class CampaignDriver implements Driver {
  name = 'campaigns';
  weight = 2;
  citySlug = '';
  cityId = '';
  campaignId = '';
  slug = '';
  purchases: Purchase[] = [];
  offerViews = 0;

  constructor(readonly cap = 30) {}

  async seed(services: Services): Promise<void> {
    const city = await insertCity(services);
    this.citySlug = city.slug;
    this.cityId = city.id;
    await services.giftcards.products.ensureDefaults(city.id);
    const campaign = await services.campaigns.create(systemActor, city.id, {
      slug: `kampanj-${uniqueSuffix()}`.slice(0, 50),
      name: 'Betala 250, få 500',
      faceValueOre: 50_000,
      priceOre: 25_000,
      sponsor: { name: 'Fastighetsägarna', email: 'sponsor@example.test' },
      capCards: this.cap,
      perBuyerCap: 2,
      startsOn: '2020-01-01',
      endsOn: '2099-12-31',
    });
    this.campaignId = campaign.id;
    this.slug = campaign.slug;
  }

  async step(baseUrl: string): Promise<Outcome> {
    const offer = `${baseUrl}/${this.citySlug}/kampanj/${this.slug}`;
    if (Math.random() < 0.25) {
      this.offerViews++;
      return send(offer, { headers: { accept: 'text/html' } });
    }
    const buyer = Math.floor(Math.random() * 400);
    const r = Math.random();
    const purchase: Purchase = { buyer, quantity: Math.random() < 0.2 ? 2 : 1, outcome: { kind: 'unseen', error: 'not sent', ms: 0 }, orderId: null, plan: r < 0.85 ? 'paid' : r < 0.95 ? 'declined' : 'late', completions: [] };
    this.purchases.push(purchase);
    const address = { 'x-forwarded-for': `10.${buyer >> 8}.${buyer & 255}.${1 + (buyer % 250)}` };
    purchase.outcome = await send(offer, formPost({ email: `kopare-${buyer}@example.test`, quantity: String(purchase.quantity), paymentMethod: 'simulator' }, { headers: address }));
    const location = purchase.outcome.kind === 'answered' ? (purchase.outcome.location ?? '') : '';
    const ref = /\/betala\/simulator\/(sim-([0-9a-f-]{36}))/.exec(location);
    if (status(purchase.outcome) !== 303 || !ref) return purchase.outcome;
    purchase.orderId = ref[2]!;
    const outcomes = purchase.plan === 'paid' ? ['paid'] : purchase.plan === 'declined' ? ['declined'] : ['declined', 'paid'];
    let last: Outcome = purchase.outcome;
    for (const outcome of outcomes) {
      last = await send(`${baseUrl}/betala/simulator/${ref[1]}`, formPost({ outcome }, { headers: address }));
      purchase.completions.push(last);
      if (status(last) !== 303) break;
    }
    return { ...last, ms: purchase.outcome.ms + last.ms };
  }

  /**
   * No card beyond the cap exists; the cap counter agrees with the reservations; every
   * acknowledged payment has its cards (or, paid after cancelling, its refund and none).
   */
  async check(db: pg.Client): Promise<Record<string, unknown>> {
    const [campaign] = (await db.query<{ cap_cards: number; reserved_cards: number }>('select cap_cards, reserved_cards from campaigns where id = $1', [this.campaignId])).rows;
    const held = (await db.query<{ n: string }>(`select coalesce(sum(quantity), 0) as n from campaign_reservations where campaign_id = $1 and status <> 'released'`, [this.campaignId])).rows[0]!;
    expect(campaign!.reserved_cards).toBeLessThanOrEqual(campaign!.cap_cards);
    expect(campaign!.reserved_cards).toBe(Number(held.n));
    const orders = await db.query<{ id: string; status: string; late: { refundStatus: string } | null; cards: string; active: string }>(
      `select o.id, o.status, o.late_payment as late, (select count(*) from giftcards g where g.order_id = o.id) as cards, (select count(*) from giftcards g where g.order_id = o.id and g.status = 'active') as active
         from giftcard_orders o where o.city_id = $1 and o.sponsor->>'campaignId' = $2`,
      [this.cityId, this.campaignId],
    );
    const byId = new Map(orders.rows.map((o) => [o.id, o]));
    const issued = orders.rows.reduce((s, o) => s + Number(o.active), 0);
    const placed = orders.rows.reduce((s, o) => s + Number(o.cards), 0);
    // No campaign card beyond the cap exists, whatever its state.
    expect(placed).toBeLessThanOrEqual(this.cap);
    expect(issued).toBeLessThanOrEqual(this.cap);
    let lateRefunded = 0;
    for (const p of this.purchases) {
      if (!p.orderId) continue;
      const order = byId.get(p.orderId);
      expect(order, p.orderId).toBeDefined();
      const done = p.completions.length > 0 && p.completions.every((c) => status(c) === 303) && p.completions.length === (p.plan === 'late' ? 2 : 1);
      if (!done) continue;
      if (p.plan === 'paid') expect({ status: order!.status, active: Number(order!.active) }).toEqual({ status: 'paid', active: p.quantity });
      if (p.plan === 'declined') expect({ status: order!.status, active: Number(order!.active) }).toEqual({ status: 'cancelled', active: 0 });
      if (p.plan === 'late') {
        expect({ status: order!.status, active: Number(order!.active), refund: order!.late?.refundStatus }).toEqual({ status: 'refunded', active: 0, refund: 'paid' });
        lateRefunded++;
      }
    }
    const owed = await db.query<{ n: string }>(`select coalesce(sum(balance_ore), 0) as n from ledger_accounts where city_id = $1 and code like 'refund:%'`, [this.cityId]);
    expect(Number(owed.rows[0]!.n)).toBe(0);
    return {
      cap: this.cap,
      purchases: this.purchases.length,
      acknowledged: this.purchases.filter((p) => p.orderId).length,
      refusedSoldOut: this.purchases.filter((p) => status(p.outcome) === 409).length,
      cardsIssued: issued,
      cardsPlaced: placed,
      lateRefunded,
      beyondCap: 0,
    };
  }
}
