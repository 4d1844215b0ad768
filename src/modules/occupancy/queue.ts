/**
 * The virtual doorbell: a customer scans the QR on the door, takes a number and waits
 * on their phone; staff see the queue on the counter page and let the next one in.
 * "Välkommen in" reaches the customer live while their page is open (the city's
 * channel) and by Web Push when they allowed notifications.
 *
 * The customer holds a random token (their page's address); only its hash is stored.
 * Entries are a day's business: they are deleted after a few days.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, eq, lt, max } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { PushSender, PushSubscriptionJson } from '../../platform/push/web-push.js';
import { zonedParts } from '../../platform/time/zoned.js';
import type { OccupancyService, Place } from './service.js';
import { queueEntries } from './schema.js';

export type QueueEntry = typeof queueEntries.$inferSelect;

export interface QueueView {
  entry: QueueEntry;
  place: Place;
  /** People ahead (0: next in line); null once admitted or gone. */
  ahead: number | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const notFound = () => new DomainError('occupancy.queue_entry_not_found', 'Din plats i kön finns inte längre. Ställ dig i kö igen.');

export type QueueService = ReturnType<typeof createQueueService>;

export function createQueueService(deps: { db: Db; clock: Clock; log: Logger; occupancy: OccupancyService; push: PushSender }) {
  const { db, clock, log, occupancy, push } = deps;

  async function entryByToken(cityId: string, token: string): Promise<QueueEntry> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw notFound();
    const [entry] = await db
      .select()
      .from(queueEntries)
      .where(and(eq(queueEntries.cityId, cityId), eq(queueEntries.tokenHash, hashToken(token))));
    if (!entry) throw notFound();
    return entry;
  }

  async function aheadOf(entry: QueueEntry): Promise<number | null> {
    if (entry.status !== 'waiting') return null;
    const [row] = await db
      .select({ n: count() })
      .from(queueEntries)
      .where(and(eq(queueEntries.placeId, entry.placeId), eq(queueEntries.status, 'waiting'), lt(queueEntries.createdAt, entry.createdAt)));
    return row?.n ?? 0;
  }

  async function changed(entry: QueueEntry): Promise<void> {
    await occupancy.publish({ type: 'queue', placeId: entry.placeId, entryId: entry.id, status: entry.status as 'waiting' | 'admitted' | 'left' }, entry.cityId);
  }

  return {
    vapidPublicKey: push.publicKey,

    /** Takes a number at a place whose queue is open; returns the customer's token once. */
    async join(cityId: string, slug: string): Promise<{ token: string; entry: QueueEntry }> {
      const place = await occupancy.resolve(cityId, slug);
      if (!place.queueEnabled) throw new DomainError('occupancy.queue_closed', `${place.name} har ingen kö just nu. Välkommen in!`);
      const day = zonedParts(clock.now()).date;
      const token = randomBytes(24).toString('base64url');
      for (let attempt = 0; attempt < 5; attempt++) {
        const [last] = await db
          .select({ n: max(queueEntries.number) })
          .from(queueEntries)
          .where(and(eq(queueEntries.placeId, place.id), eq(queueEntries.day, day)));
        const [entry] = await db
          .insert(queueEntries)
          .values({ cityId, placeId: place.id, tokenHash: hashToken(token), number: (last?.n ?? 0) + 1, day, createdAt: clock.now() })
          .onConflictDoNothing()
          .returning();
        if (entry) {
          await changed(entry);
          return { token, entry };
        }
      }
      throw new DomainError('conflict', 'Många ställde sig i kö samtidigt. Försök igen.');
    },

    async view(cityId: string, token: string): Promise<QueueView> {
      const entry = await entryByToken(cityId, token);
      const place = await occupancy.getById(cityId, entry.placeId);
      if (!place) throw notFound();
      return { entry, place, ahead: await aheadOf(entry) };
    },

    /** The customer allows notifications: "Välkommen in" by Web Push. */
    async subscribe(cityId: string, token: string, subscription: PushSubscriptionJson): Promise<void> {
      const entry = await entryByToken(cityId, token);
      await db.update(queueEntries).set({ pushSubscription: subscription }).where(eq(queueEntries.id, entry.id));
    },

    /** The customer gives up their place. */
    async leave(cityId: string, token: string): Promise<void> {
      const entry = await entryByToken(cityId, token);
      if (entry.status !== 'waiting') return;
      const [gone] = await db.update(queueEntries).set({ status: 'left', pushSubscription: null }).where(and(eq(queueEntries.id, entry.id), eq(queueEntries.status, 'waiting'))).returning();
      if (gone) await changed(gone);
    },

    /** Who waits at a place, first first (staff of the place). */
    async waiting(actor: Actor, place: Place): Promise<QueueEntry[]> {
      occupancy.authorizeFor(actor, place);
      return db
        .select()
        .from(queueEntries)
        .where(and(eq(queueEntries.placeId, place.id), eq(queueEntries.status, 'waiting')))
        .orderBy(asc(queueEntries.createdAt), asc(queueEntries.number));
    },

    /**
     * Staff let a waiting customer in: the entry is admitted (once), the customer's page
     * hears it on the live channel, and their phone by Web Push when subscribed.
     */
    async admit(actor: Actor, place: Place, entryId: string): Promise<QueueEntry> {
      occupancy.authorizeFor(actor, place);
      if (!/^[0-9a-f-]{36}$/i.test(entryId)) throw notFound();
      const [admitted] = await db
        .update(queueEntries)
        .set({ status: 'admitted', admittedAt: clock.now() })
        .where(and(eq(queueEntries.id, entryId), eq(queueEntries.placeId, place.id), eq(queueEntries.status, 'waiting')))
        .returning();
      if (!admitted) {
        const [entry] = await db.select().from(queueEntries).where(and(eq(queueEntries.id, entryId), eq(queueEntries.placeId, place.id)));
        if (!entry) throw notFound();
        return entry;
      }
      await changed(admitted);
      if (admitted.pushSubscription) {
        const payload = JSON.stringify({ title: 'Välkommen in!', body: `Nummer ${admitted.number}: det är din tur hos ${place.name}.`, tag: `ko-${admitted.id}` });
        try {
          const outcome = await push.send(admitted.pushSubscription, payload);
          if (outcome === 'gone') await db.update(queueEntries).set({ pushSubscription: null }).where(eq(queueEntries.id, admitted.id));
        } catch (err) {
          log.warn({ err: err instanceof Error ? err.message : String(err), entryId: admitted.id }, 'push to a waiting customer failed');
        }
      }
      return admitted;
    },

    /** Queue entries are for the day: older ones go. */
    async prune(olderThanDays = 3): Promise<number> {
      const cutoff = new Date(clock.now().getTime() - olderThanDays * 86400_000);
      const gone = await db.delete(queueEntries).where(lt(queueEntries.createdAt, cutoff)).returning({ id: queueEntries.id });
      return gone.length;
    },

    /** Waiting customers per place id, for lists. */
    async waitingCounts(cityId: string): Promise<Map<string, number>> {
      const rows = await db
        .select({ placeId: queueEntries.placeId, n: count() })
        .from(queueEntries)
        .where(and(eq(queueEntries.cityId, cityId), eq(queueEntries.status, 'waiting')))
        .groupBy(queueEntries.placeId);
      return new Map(rows.map((r) => [r.placeId, Number(r.n)]));
    },
  };
}

