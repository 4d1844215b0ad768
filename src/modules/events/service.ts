/**
 * Events: the association publishes directly; a member's event waits for an admin's
 * approval unless the admin trusts that member. Everyone reads the published ones,
 * expanded into occurrences on the Stockholm wall clock.
 */
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, can, type Actor } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError, validationError } from '../../platform/errors.js';
import type { MediaStore, PreparedImage } from '../../platform/media/index.js';
import { isValidDate } from '../../platform/time/zoned.js';
import { eventCategorySlugs, occurrencesBetween, parseRule, RuleText, type Occurrence } from './recurrence.js';
import { events, eventTrustedOrganisers } from './schema.js';

export type Event = typeof events.$inferSelect;
export type EventOccurrence = Occurrence & { event: Event };

const ASSOCIATION = ['association-admin', 'association-staff'] as const;
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Ange en tid som 19:00.');
const url = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/\S+$/, 'Ange en webbadress som börjar med https://.');

export const EventInput = z.strictObject({
  title: z.string().trim().min(2, 'Skriv en rubrik.').max(120, 'Högst 120 tecken.'),
  description: z.string().trim().max(3000, 'Högst 3 000 tecken.').default(''),
  category: z.enum(eventCategorySlugs),
  startDate: z.string().refine(isValidDate, 'Ange ett datum som 2026-12-12.'),
  startTime: time,
  endTime: time.nullable().default(null),
  rrule: RuleText.nullable().default(null),
  placeBusinessId: z.uuid().nullable().default(null),
  address: z.string().trim().max(200).default(''),
  priceOre: z.number().int().min(0).max(100_000_00).nullable().default(null),
  /** A picture stored in the city's media (uploaded with the event, or earlier), and its alt text. */
  image: z
    .strictObject({
      hash: z.string().regex(/^[0-9a-f]{32}$/, 'Ogiltig bild.'),
      alt: z.string().trim().min(1, 'Beskriv vad bilden visar, för den som inte ser den.').max(200, 'Högst 200 tecken.'),
    })
    .nullable()
    .default(null),
  link: url.nullable().default(null),
  /** Set when a member organises it; null for the association. */
  organiserBusinessId: z.uuid().nullable().default(null),
  organiser: z.string().trim().min(1, 'Skriv vem som arrangerar.').max(120),
});
export type EventInput = z.input<typeof EventInput>;

export type EventsService = ReturnType<typeof createEventsService>;

export function createEventsService(deps: { db: Db; audit: AuditLog; clock: Clock; media: Pick<MediaStore, 'save' | 'get' | 'remove'> }) {
  const { db, audit, clock, media } = deps;
  const listeners: Array<() => void> = [];
  const changed = <T>(value: T): T => {
    for (const l of listeners) l();
    return value;
  };

  async function isTrusted(cityId: string, businessId: string): Promise<boolean> {
    const [row] = await db.select({ id: eventTrustedOrganisers.businessId }).from(eventTrustedOrganisers).where(and(eq(eventTrustedOrganisers.cityId, cityId), eq(eventTrustedOrganisers.businessId, businessId)));
    return Boolean(row);
  }

  async function getAny(cityId: string, id: string): Promise<Event> {
    const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(events).where(and(eq(events.cityId, cityId), eq(events.id, id))) : [];
    if (!row) throw new DomainError('events.not_found', 'Evenemanget finns inte.');
    return row;
  }

  return {
    onChange(listener: () => void): void {
      listeners.push(listener);
    },

    isTrusted,

    /**
     * Creates an event. The association's people publish at once; a member's people
     * publish at once only when the member is trusted, otherwise it waits for approval.
     * `upload` is a picture prepared by the media store (`input.image.hash` names it):
     * it is stored in the same transaction as the event, so a refused event leaves no
     * picture behind. A picture is only ever one of this city's.
     */
    async create(actor: Actor, cityId: string, input: EventInput, options: { upload?: PreparedImage } = {}): Promise<Event> {
      const r = EventInput.safeParse(input);
      if (!r.success) throw validationError(r.error.issues.map((i) => ({ path: '/' + i.path.map(String).join('/'), message: i.message, code: i.code })));
      const data = r.data;
      if (options.upload && data.image?.hash !== options.upload.hash) throw validationError([{ path: '/image/alt', message: 'Beskriv vad bilden visar, för den som inte ser den.', code: 'invalid_type' }]);
      const byAssociation = can(actor, { cityId, roles: ASSOCIATION });
      if (!byAssociation) {
        if (!data.organiserBusinessId) throw validationError([{ path: '/organiserBusinessId', message: 'Ange vilket företag som arrangerar.', code: 'invalid_type' }]);
        authorize(actor, { cityId, roles: ['merchant-owner', 'merchant-staff'], businessId: data.organiserBusinessId });
      }
      const status = byAssociation || (data.organiserBusinessId && (await isTrusted(cityId, data.organiserBusinessId))) ? 'published' : 'pending';
      return changed(
        await db.transaction(async (tx) => {
          if (options.upload) await media.save(tx, cityId, options.upload, actor.label);
          const stored = data.image ? await media.get(cityId, data.image.hash, tx) : null;
          if (data.image && !stored) throw validationError([{ path: '/image/hash', message: 'Bilden finns inte i den här staden.', code: 'invalid_value' }]);
          const image = data.image && stored ? { ...stored, alt: data.image.alt } : null;
          const [row] = await tx
            .insert(events)
            .values({ ...data, image, rrule: data.rrule ? parseRule(data.rrule) : null, cityId, status, createdBy: actor.label, createdAt: clock.now(), updatedAt: clock.now() })
            .returning();
          await audit.record({ cityId, actor, action: 'event.create', entityType: 'event', entityId: row!.id, data: { title: data.title, status, ...(image ? { image: image.hash } : {}) } }, tx);
          return row!;
        }),
      );
    },

    /** Approves or rejects a waiting event. Association admins only. */
    async moderate(actor: Actor, cityId: string, id: string, decision: 'published' | 'rejected'): Promise<Event> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      const current = await getAny(cityId, id);
      if (current.status !== 'pending') throw new DomainError('events.not_pending', 'Evenemanget väntar inte på granskning.');
      return changed(
        await db.transaction(async (tx) => {
          const [row] = await tx.update(events).set({ status: decision, updatedAt: clock.now() }).where(and(eq(events.cityId, cityId), eq(events.id, id))).returning();
          await audit.record({ cityId, actor, action: decision === 'published' ? 'event.approve' : 'event.reject', entityType: 'event', entityId: id }, tx);
          return row!;
        }),
      );
    },

    /** Removes an event: the association, or the organising member's people. */
    async remove(actor: Actor, cityId: string, id: string): Promise<void> {
      const current = await getAny(cityId, id);
      if (!can(actor, { cityId, roles: ['association-admin'] })) authorize(actor, { cityId, roles: ['merchant-owner', 'merchant-staff'], businessId: current.organiserBusinessId ?? '-' });
      await db.transaction(async (tx) => {
        await tx.delete(events).where(and(eq(events.cityId, cityId), eq(events.id, id)));
        // The picture goes with its last event (events are, so far, the only module that attaches media).
        if (current.image) {
          const [still] = await tx.select({ id: events.id }).from(events).where(and(eq(events.cityId, cityId), sql`${events.image}->>'hash' = ${current.image.hash}`)).limit(1);
          if (!still) await media.remove(tx, cityId, current.image.hash);
        }
        await audit.record({ cityId, actor, action: 'event.remove', entityType: 'event', entityId: id, data: { title: current.title } }, tx);
      });
      changed(undefined);
    },

    /** Lets a member's events go live without approval (or stops it). Association admins only. */
    async setTrusted(actor: Actor, cityId: string, businessId: string, trusted: boolean): Promise<void> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      await db.transaction(async (tx) => {
        if (trusted) await tx.insert(eventTrustedOrganisers).values({ cityId, businessId, trustedBy: actor.label }).onConflictDoNothing();
        else await tx.delete(eventTrustedOrganisers).where(and(eq(eventTrustedOrganisers.cityId, cityId), eq(eventTrustedOrganisers.businessId, businessId)));
        await audit.record({ cityId, actor, action: trusted ? 'event.trust' : 'event.untrust', entityType: 'business', entityId: businessId }, tx);
      });
    },

    async trustedBusinessIds(cityId: string): Promise<string[]> {
      const rows = await db.select({ id: eventTrustedOrganisers.businessId }).from(eventTrustedOrganisers).where(eq(eventTrustedOrganisers.cityId, cityId));
      return rows.map((r) => r.id);
    },

    /** Events waiting for approval, oldest first (for the association). */
    async pending(actor: Actor, cityId: string): Promise<Event[]> {
      authorize(actor, { cityId, roles: ASSOCIATION });
      return db.select().from(events).where(and(eq(events.cityId, cityId), eq(events.status, 'pending'))).orderBy(asc(events.createdAt));
    },

    /** A member's own events in every state (for its merchant page). */
    async ofBusiness(actor: Actor, cityId: string, businessId: string): Promise<Event[]> {
      if (!can(actor, { cityId, roles: ASSOCIATION })) authorize(actor, { cityId, roles: ['merchant-owner', 'merchant-staff'], businessId });
      return db.select().from(events).where(and(eq(events.cityId, cityId), eq(events.organiserBusinessId, businessId))).orderBy(asc(events.startDate));
    },

    /** One published event. */
    async getPublished(cityId: string, id: string): Promise<Event | null> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const [row] = await db.select().from(events).where(and(eq(events.cityId, cityId), eq(events.id, id), eq(events.status, 'published')));
      return row ?? null;
    },

    /** Published events that may occur between the dates (a series that started before `from` included). */
    async published(cityId: string, filter: { categories?: string[]; to?: string; placeBusinessId?: string } = {}): Promise<Event[]> {
      const where = [eq(events.cityId, cityId), eq(events.status, 'published')];
      if (filter.categories?.length) where.push(inArray(events.category, filter.categories));
      if (filter.to) where.push(sql`${events.startDate} <= ${filter.to}`);
      if (filter.placeBusinessId) where.push(or(eq(events.placeBusinessId, filter.placeBusinessId), and(isNull(events.placeBusinessId), eq(events.organiserBusinessId, filter.placeBusinessId)))!);
      return db.select().from(events).where(and(...where)).orderBy(asc(events.startDate), asc(events.startTime));
    },

    /** Every occurrence of published events starting on `from`–`to`, in time order. */
    async occurrences(cityId: string, from: string, to: string, filter: { categories?: string[]; freeOnly?: boolean; placeBusinessId?: string } = {}): Promise<EventOccurrence[]> {
      const rows = await this.published(cityId, { ...filter, to });
      return rows
        .filter((e) => !filter.freeOnly || e.priceOre === null || e.priceOre === 0)
        .flatMap((event) => occurrencesBetween(event, from, to).map((o) => ({ ...o, event })))
        .sort((a, b) => a.start.getTime() - b.start.getTime() || a.event.title.localeCompare(b.event.title, 'sv'));
    },
  };
}
