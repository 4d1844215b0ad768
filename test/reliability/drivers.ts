/**
 * Traffic drivers: one per kind of load the suite puts on a running server. The crash,
 * database-loss and soak scenarios pick drivers from `drivers` and run them from many
 * concurrent clients; each driver keeps its own books (what the client saw) so its
 * `check` can compare them with what the server holds afterwards.
 *
 * Here: gift card redemptions at a till and residents browsing. The newer modules'
 * drivers (occupancy counters and sensors, live displays, bookings, lunch editing,
 * campaign purchases) are in module-drivers.ts. To put another module under the suite,
 * add a driver: seed what it needs through the services, send one request per `step`,
 * remember the answers, and `check` them against the database.
 */
import type pg from 'pg';
import type { Services } from '../../src/services.js';
import { seedTill, type Till } from './support.js';

/** What a client saw of one request (`location`: a redirect's target, when not followed). */
export type Outcome = { kind: 'answered'; status: number; body: unknown; replayed: boolean; ms: number; location?: string | null } | { kind: 'unseen'; error: string; ms: number };

export interface Driver {
  name: string;
  /** Relative share of the traffic in a mixed run. */
  weight: number;
  /** Prepares data through the services (in the test process, before the server starts). */
  seed(services: Services): Promise<void>;
  /** Sends one request; `client` numbers the concurrent client. */
  step(baseUrl: string, client: number): Promise<Outcome>;
  /**
   * Compares the driver's books with the database (vitest assertions) and returns its
   * figures for the report. Answers lost to a crash (`unseen`) may or may not have
   * happened; everything acknowledged must have, once.
   */
  check?(db: pg.Client): Promise<Record<string, unknown>>;
}

let sequence = 0;

/** One request with a deadline: a hang counts as unseen rather than stalling the run. */
export async function send(url: string, init: RequestInit, timeoutMs = 10_000): Promise<Outcome> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // HTML or empty
    }
    return { kind: 'answered', status: res.status, body, replayed: res.headers.get('idempotency-replayed') === 'true', ms: performance.now() - started, location: res.headers.get('location') };
  } catch (err) {
    return { kind: 'unseen', error: (err as Error).cause ? String((err as Error & { cause: unknown }).cause) : (err as Error).message, ms: performance.now() - started };
  }
}

export interface RedemptionAttempt {
  key: string;
  cardIndex: number;
  body: { code: string; amountOre: number };
  outcome: Outcome;
}

/**
 * Gift card redemptions at a till, each with its own Idempotency-Key; one in ten asks
 * for more than any card holds (and must be refused, moving nothing).
 */
export class RedemptionDriver implements Driver {
  name = 'redemptions';
  weight = 4;
  till!: Till;
  attempts: RedemptionAttempt[] = [];

  constructor(
    private readonly cards = 30,
    readonly cardValueOre = 500_000,
    private readonly label = 'r',
  ) {}

  /** More than any card holds: always refused. */
  get overLimitOre(): number {
    return this.cardValueOre * 10;
  }

  async seed(services: Services): Promise<void> {
    this.till = await seedTill(services, this.cards, this.cardValueOre);
  }

  request(body: RedemptionAttempt['body'], key: string): RequestInit {
    return { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${this.till.key}`, 'idempotency-key': key }, body: JSON.stringify(body) };
  }

  url(baseUrl: string): string {
    return `${baseUrl}/api/v1/cities/${this.till.citySlug}/redemptions`;
  }

  async step(baseUrl: string, client: number): Promise<Outcome> {
    const cardIndex = Math.floor(Math.random() * this.till.cards.length);
    const refuse = Math.random() < 0.1;
    const body = { code: this.till.cards[cardIndex]!.code, amountOre: refuse ? this.overLimitOre : 100 + Math.floor(Math.random() * 2_900) };
    const key = `${this.label}-${client}-${sequence++}-${Math.random().toString(36).slice(2, 8)}`;
    const attempt: RedemptionAttempt = { key, cardIndex, body, outcome: { kind: 'unseen', error: 'not sent', ms: 0 } };
    this.attempts.push(attempt);
    attempt.outcome = await send(this.url(baseUrl), this.request(body, key));
    return attempt.outcome;
  }
}

/** Residents browsing: the directory page and API, and a card's balance. */
export class BrowsingDriver implements Driver {
  name = 'browsing';
  weight = 3;
  constructor(private readonly till: () => Till) {}
  async seed(): Promise<void> {}
  async step(baseUrl: string): Promise<Outcome> {
    const t = this.till();
    const pick = Math.random();
    if (pick < 0.4) return send(`${baseUrl}/${t.citySlug}`, { headers: { accept: 'text/html' } });
    if (pick < 0.7) return send(`${baseUrl}/api/v1/cities/${t.citySlug}/businesses`, {});
    const card = t.cards[Math.floor(Math.random() * t.cards.length)]!;
    return send(`${baseUrl}/api/v1/cities/${t.citySlug}/giftcards/balance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: card.code }) });
  }
}

/**
 * The drivers a mixed run uses, by weight: residents browsing, tills redeeming, door
 * counters and sensors, bookings, restaurants editing lunch, campaign purchases. The
 * live displays are not requests: the soak holds `occupancy`'s streams open beside them
 * (module-drivers.ts, DisplayFleet).
 */
export async function mixedDrivers(options: { campaignCap?: number; hotSlots?: number } = {}) {
  // Imported here: module-drivers.ts imports this file.
  const { BookingDriver, CampaignDriver, MenuDriver, OccupancyDriver } = await import('./module-drivers.js');
  const redemptions = new RedemptionDriver(40, 500_000, 'soak');
  const occupancy = new OccupancyDriver('soak-occ');
  const bookings = new BookingDriver(options.hotSlots ?? 6);
  const menus = new MenuDriver();
  const campaigns = new CampaignDriver(options.campaignCap ?? 30);
  const all: Driver[] = [redemptions, new BrowsingDriver(() => redemptions.till), occupancy, bookings, menus, campaigns];
  return { redemptions, occupancy, bookings, menus, campaigns, all };
}

/** Picks a driver by weight. */
export function pickDriver(all: Driver[]): Driver {
  const total = all.reduce((s, d) => s + d.weight, 0);
  let r = Math.random() * total;
  for (const d of all) {
    r -= d.weight;
    if (r <= 0) return d;
  }
  return all[0]!;
}
