/**
 * Events: the association publishes directly; a member's event waits for an admin's
 * approval unless the admin trusts that member. The same rule holds for edits: an
 * untrusted member's change to a published event waits beside it (`pending_changes`)
 * while the published version stays visible. Events are called off ("Inställt"), whole
 * or one date, rather than deleted; only the association deletes. Everyone reads the
 * published ones, expanded into occurrences on the Stockholm wall clock.
 */
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, can, type Actor } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { DomainError, validationError } from '../../platform/errors.js';
import type { MediaStore, PreparedImage } from '../../platform/media/index.js';
import { isValidDate } from '../../platform/time/zoned.js';
import { changedFields, fieldsOf, keptCancelledDates, occurrencesOf, type EventFieldName } from './changes.js';
import { eventCategorySlugs, nextOccurrence, occurrencesBetween, parseRule, RuleText, type Occurrence } from './recurrence.js';
import { events, eventTrustedOrganisers, type EventFields } from './schema.js';

export type Event = typeof events.$inferSelect;
/** One date of an event; `cancelled` when the event or this date is called off (it stays listed, marked). */
export type EventOccurrence = Occurrence & { event: Event; cancelled: boolean };

/**
 * What an edit did: `applied` (the association's or a trusted member's edit, live at
 * once), `proposed` (an untrusted member's edit of a published event, waiting for an
 * admin beside the published version), `pending` (a member's edit of a waiting or
 * rejected event, which now waits for review again), `unchanged` (nothing differed).
 */
export type EditOutcome = 'applied' | 'proposed' | 'pending' | 'unchanged';

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

const parseInput = (input: EventInput) => {
  const r = EventInput.safeParse(input);
  if (!r.success) throw validationError(r.error.issues.map((i) => ({ path: '/' + i.path.map(String).join('/'), message: i.message, code: i.code })));
  return r.data;
};

export function createEventsService(deps: { db: Db; audit: AuditLog; clock: Clock; media: Pick<MediaStore, 'save' | 'get' | 'remove'> }) {
  const { db, audit, clock, media } = deps;
  const listeners: Array<() => void> = [];
  const changed = <T>(value: T): T => {
    for (const l of listeners) l();
    return value;
  };

  async function isTrusted(cityId: string, businessId: string, ex: Executor = db): Promise<boolean> {
    const [row] = await ex.select({ id: eventTrustedOrganisers.businessId }).from(eventTrustedOrganisers).where(and(eq(eventTrustedOrganisers.cityId, cityId), eq(eventTrustedOrganisers.businessId, businessId)));
    return Boolean(row);
  }

  /** The event in any state; `forUpdate` (inside a transaction) holds the row until it commits, so concurrent changes queue. */
  async function getAny(cityId: string, id: string, ex: Executor = db, forUpdate = false): Promise<Event> {
    const query = ex.select().from(events).where(and(eq(events.cityId, cityId), eq(events.id, id)));
    const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await (forUpdate ? query.for('update') : query) : [];
    if (!row) throw new DomainError('events.not_found', 'Evenemanget finns inte.');
    return row;
  }

  const isAssociation = (actor: Actor, cityId: string) => can(actor, { cityId, roles: ASSOCIATION });

  /**
   * Who may change an event: the association's people (any event of their city), or the
   * people of the member that organises it. An event of another city is not found at all.
   */
  function authorizeEditor(actor: Actor, cityId: string, e: Event): { byAssociation: boolean } {
    if (isAssociation(actor, cityId)) return { byAssociation: true };
    authorize(actor, { cityId, roles: ['merchant-owner', 'merchant-staff'], businessId: e.organiserBusinessId ?? '-' });
    return { byAssociation: false };
  }

  /** The event's picture (stored, with its alt text), saving a new upload in the caller's transaction. */
  async function resolveImage(tx: Executor, actor: Actor, cityId: string, image: { hash: string; alt: string } | null, upload?: PreparedImage) {
    if (upload) await media.save(tx, cityId, upload, actor.label);
    const stored = image ? await media.get(cityId, image.hash, tx) : null;
    if (image && !stored) throw validationError([{ path: '/image/hash', message: 'Bilden finns inte i den här staden.', code: 'invalid_value' }]);
    return image && stored ? { ...stored, alt: image.alt } : null;
  }

  /**
   * Removes a picture no event of the city shows or proposes any more (events are, so
   * far, the only module that attaches media). Runs after the row changed, in its transaction.
   */
  async function releaseImage(tx: Executor, cityId: string, hash: string | null | undefined): Promise<void> {
    if (!hash) return;
    const [still] = await tx
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.cityId, cityId), or(sql`${events.image}->>'hash' = ${hash}`, sql`${events.pendingChanges}->'fields'->'image'->>'hash' = ${hash}`)))
      .limit(1);
    if (!still) await media.remove(tx, cityId, hash);
  }

  /** The values a change writes to the row: the fields, and the called-off dates that still fall on the event. */
  const applyFields = (current: Event, fields: EventFields) => ({ ...fields, cancelledDates: keptCancelledDates(fields, current.cancelledDates), sequence: current.sequence + 1, updatedAt: clock.now() });

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
      const data = parseInput(input);
      if (options.upload && data.image?.hash !== options.upload.hash) throw validationError([{ path: '/image/alt', message: 'Beskriv vad bilden visar, för den som inte ser den.', code: 'invalid_type' }]);
      const byAssociation = isAssociation(actor, cityId);
      if (!byAssociation) {
        if (!data.organiserBusinessId) throw validationError([{ path: '/organiserBusinessId', message: 'Ange vilket företag som arrangerar.', code: 'invalid_type' }]);
        authorize(actor, { cityId, roles: ['merchant-owner', 'merchant-staff'], businessId: data.organiserBusinessId });
      }
      const status = byAssociation || (data.organiserBusinessId && (await isTrusted(cityId, data.organiserBusinessId))) ? 'published' : 'pending';
      return changed(
        await db.transaction(async (tx) => {
          const image = await resolveImage(tx, actor, cityId, data.image, options.upload);
          const [row] = await tx
            .insert(events)
            .values({ ...data, image, rrule: data.rrule ? parseRule(data.rrule) : null, cityId, status, createdBy: actor.label, createdAt: clock.now(), updatedAt: clock.now() })
            .returning();
          await audit.record({ cityId, actor, action: 'event.create', entityType: 'event', entityId: row!.id, data: { title: data.title, status, ...(image ? { image: image.hash } : {}) } }, tx);
          return row!;
        }),
      );
    },

    /**
     * One event to edit, in any state, for the association or the organising member's
     * people (others are refused; another city's event is not found).
     */
    async editable(actor: Actor, cityId: string, id: string): Promise<Event> {
      const e = await getAny(cityId, id);
      authorizeEditor(actor, cityId, e);
      return e;
    },

    /**
     * Changes an event. The input is the whole event as the form shows it (the picture:
     * the kept one's hash, a new `upload`'s hash, or null to remove it); the organising
     * business never changes. Moderation as for new events: the association's and a
     * trusted member's edits apply at once (a trusted member's waiting or rejected event
     * is published); an untrusted member's edit of a published event is kept beside it
     * until an admin approves it (the published version stays visible, a newer proposal
     * replaces an older one); an untrusted member's edit of a waiting or rejected event
     * puts it back in review. A refused edit changes nothing and stores no picture.
     */
    async update(actor: Actor, cityId: string, id: string, input: EventInput, options: { upload?: PreparedImage } = {}): Promise<{ event: Event; outcome: EditOutcome; changed: EventFieldName[] }> {
      const result = await db.transaction(async (tx) => {
        // The state as it is now (an admin may just have approved it, a date been called
        // off), locked; a refusal below rolls back, so it stores no picture either.
        const current = await getAny(cityId, id, tx, true);
        const { byAssociation } = authorizeEditor(actor, cityId, current);
        const data = parseInput({ ...input, organiserBusinessId: current.organiserBusinessId });
        if (options.upload && data.image?.hash !== options.upload.hash) throw validationError([{ path: '/image/alt', message: 'Beskriv vad bilden visar, för den som inte ser den.', code: 'invalid_type' }]);
        const trusted = !byAssociation && current.organiserBusinessId !== null && (await isTrusted(cityId, current.organiserBusinessId, tx));
        const image = await resolveImage(tx, actor, cityId, data.image, options.upload);
        const fields: EventFields = { title: data.title, description: data.description, category: data.category, startDate: data.startDate, startTime: data.startTime, endTime: data.endTime, rrule: data.rrule ? parseRule(data.rrule) : null, placeBusinessId: data.placeBusinessId, address: data.address, priceOre: data.priceOre, image, link: data.link, organiser: data.organiser };
        const published = fieldsOf(current);
        const diff = changedFields(published, fields);
        const where = and(eq(events.cityId, cityId), eq(events.id, id));
        const previousProposal = current.pendingChanges?.fields.image?.hash;

        // An untrusted member's change to what the public sees waits for an admin.
        if (!byAssociation && !trusted && current.status === 'published') {
          if (diff.length === 0) {
            // Back to the published version: a waiting proposal is withdrawn.
            if (!current.pendingChanges) return { event: current, outcome: 'unchanged' as const, changed: diff, wrote: false };
            const [row] = await tx.update(events).set({ pendingChanges: null }).where(where).returning();
            await releaseImage(tx, cityId, previousProposal);
            await audit.record({ cityId, actor, action: 'event.change.withdraw', entityType: 'event', entityId: id }, tx);
            return { event: row!, outcome: 'unchanged' as const, changed: diff, wrote: true };
          }
          const [row] = await tx
            .update(events)
            .set({ pendingChanges: { fields, proposedBy: actor.label, proposedAt: clock.now().toISOString() } })
            .where(where)
            .returning();
          await releaseImage(tx, cityId, previousProposal);
          await audit.record({ cityId, actor, action: 'event.change.propose', entityType: 'event', entityId: id, data: { changed: diff, ...(image ? { image: image.hash } : {}) } }, tx);
          return { event: row!, outcome: 'proposed' as const, changed: diff, wrote: true };
        }

        // A member's edit replaces its own waiting proposal; the association's leaves it for review.
        const status = byAssociation ? current.status : trusted ? 'published' : 'pending';
        if (diff.length === 0 && status === current.status && (byAssociation || !current.pendingChanges)) return { event: current, outcome: 'unchanged' as const, changed: diff, wrote: false };
        const [row] = await tx
          .update(events)
          .set({ ...applyFields(current, fields), status, ...(byAssociation ? {} : { pendingChanges: null }) })
          .where(where)
          .returning();
        if (published.image?.hash !== image?.hash) await releaseImage(tx, cityId, published.image?.hash);
        if (!byAssociation) await releaseImage(tx, cityId, previousProposal);
        await audit.record({ cityId, actor, action: 'event.update', entityType: 'event', entityId: id, data: { changed: diff, status, ...(image ? { image: image.hash } : {}) } }, tx);
        return { event: row!, outcome: status === 'pending' ? ('pending' as const) : ('applied' as const), changed: diff, wrote: true };
      });
      const { wrote, ...outcome } = result;
      return wrote ? changed(outcome) : outcome;
    },

    /**
     * Applies or discards a member's waiting change to a published event. Association
     * admins only. Approving writes the proposed version (and bumps the calendar
     * SEQUENCE); rejecting keeps the published one. A picture nothing uses any more goes.
     */
    async reviewChange(actor: Actor, cityId: string, id: string, decision: 'approve' | 'reject'): Promise<Event> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      return changed(
        await db.transaction(async (tx) => {
          const current = await getAny(cityId, id, tx, true);
          const proposal = current.pendingChanges;
          if (!proposal) throw new DomainError('events.no_pending_change', 'Ingen ändring väntar på granskning.');
          const diff = changedFields(fieldsOf(current), proposal.fields);
          const where = and(eq(events.cityId, cityId), eq(events.id, id));
          const [row] = await tx
            .update(events)
            .set(decision === 'approve' ? { ...applyFields(current, proposal.fields), pendingChanges: null } : { pendingChanges: null })
            .where(where)
            .returning();
          await releaseImage(tx, cityId, decision === 'approve' ? current.image?.hash : proposal.fields.image?.hash);
          await audit.record({ cityId, actor, action: decision === 'approve' ? 'event.change.approve' : 'event.change.reject', entityType: 'event', entityId: id, data: { changed: diff, proposedBy: proposal.proposedBy } }, tx);
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

    /**
     * Calls an event off ("Inställt"), or with `date` one date of a recurring event. It
     * stays listed, marked, and the feeds say STATUS:CANCELLED (or EXDATE for a date)
     * with a higher SEQUENCE. Applies at once for everyone who may edit the event: a
     * cancellation only takes something away, and it must reach people in time.
     */
    async cancel(actor: Actor, cityId: string, id: string, options: { date?: string } = {}): Promise<Event> {
      return setCancelled(actor, cityId, id, true, options.date);
    },

    /** Undoes `cancel` (the whole event, or one date). */
    async reinstate(actor: Actor, cityId: string, id: string, options: { date?: string } = {}): Promise<Event> {
      return setCancelled(actor, cityId, id, false, options.date);
    },

    /**
     * Deletes an event and, when nothing else shows it, its picture. Association admins
     * only (after a confirmation on the page): members call their events off instead, so
     * a published event never silently disappears from people's calendars.
     */
    async remove(actor: Actor, cityId: string, id: string): Promise<void> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      const current = await getAny(cityId, id);
      await db.transaction(async (tx) => {
        await tx.delete(events).where(and(eq(events.cityId, cityId), eq(events.id, id)));
        await releaseImage(tx, cityId, current.image?.hash);
        if (current.pendingChanges?.fields.image?.hash !== current.image?.hash) await releaseImage(tx, cityId, current.pendingChanges?.fields.image?.hash);
        await audit.record({ cityId, actor, action: 'event.remove', entityType: 'event', entityId: id, data: { title: current.title, ...(current.image ? { image: current.image.hash } : {}) } }, tx);
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

    /** Published events with a member's change waiting for approval, oldest proposal first (for the association). */
    async pendingChanges(actor: Actor, cityId: string): Promise<Event[]> {
      authorize(actor, { cityId, roles: ASSOCIATION });
      const rows = await db.select().from(events).where(and(eq(events.cityId, cityId), isNotNull(events.pendingChanges)));
      return rows.sort((a, b) => a.pendingChanges!.proposedAt.localeCompare(b.pendingChanges!.proposedAt));
    },

    /**
     * Published events with a date on or after `from` (called-off ones too, so they can
     * be taken back), each with its next date, soonest first (for the association).
     */
    async upcoming(actor: Actor, cityId: string, from: string): Promise<Array<{ event: Event; next: Occurrence }>> {
      authorize(actor, { cityId, roles: ASSOCIATION });
      const rows = await db.select().from(events).where(and(eq(events.cityId, cityId), eq(events.status, 'published')));
      return rows
        .flatMap((event) => {
          const next = nextOccurrence(event, from);
          return next ? [{ event, next }] : [];
        })
        .sort((a, b) => a.next.start.getTime() - b.next.start.getTime() || a.event.title.localeCompare(b.event.title, 'sv'));
    },

    /** A member's own events in every state (for its merchant page). */
    async ofBusiness(actor: Actor, cityId: string, businessId: string): Promise<Event[]> {
      if (!isAssociation(actor, cityId)) authorize(actor, { cityId, roles: ['merchant-owner', 'merchant-staff'], businessId });
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

    /** Every occurrence of published events starting on `from`–`to`, in time order; called-off ones marked. */
    async occurrences(cityId: string, from: string, to: string, filter: { categories?: string[]; freeOnly?: boolean; placeBusinessId?: string } = {}): Promise<EventOccurrence[]> {
      const rows = await this.published(cityId, { ...filter, to });
      return rows
        .filter((e) => !filter.freeOnly || e.priceOre === null || e.priceOre === 0)
        .flatMap((event) => occurrencesOf(event, from, to))
        .sort((a, b) => a.start.getTime() - b.start.getTime() || a.event.title.localeCompare(b.event.title, 'sv'));
    },
  };

  async function setCancelled(actor: Actor, cityId: string, id: string, cancelled: boolean, date: string | undefined): Promise<Event> {
    const result = await db.transaction(async (tx) => {
      const current = await getAny(cityId, id, tx, true);
      authorizeEditor(actor, cityId, current);
      if (date !== undefined) {
        if (!current.rrule) throw validationError([{ path: '/date', message: 'Evenemanget upprepas inte: ställ in hela evenemanget i stället.', code: 'invalid_value' }]);
        if (!isValidDate(date) || occurrencesBetween(current, date, date).length === 0) throw validationError([{ path: '/date', message: 'Evenemanget äger inte rum den dagen.', code: 'invalid_value' }]);
      }
      const dates = date === undefined ? current.cancelledDates : cancelled ? [...new Set([...current.cancelledDates, date])].sort() : current.cancelledDates.filter((d) => d !== date);
      const cancelledAt = date !== undefined ? current.cancelledAt : cancelled ? (current.cancelledAt ?? clock.now()) : null;
      // Asking again for what already holds changes nothing (and tells no calendar anything new).
      if (dates.length === current.cancelledDates.length && (cancelledAt === null) === (current.cancelledAt === null)) return { event: current, wrote: false };
      const [row] = await tx
        .update(events)
        .set({ cancelledAt, cancelledDates: dates, sequence: current.sequence + 1, updatedAt: clock.now() })
        .where(and(eq(events.cityId, cityId), eq(events.id, id)))
        .returning();
      await audit.record({ cityId, actor, action: cancelled ? 'event.cancel' : 'event.reinstate', entityType: 'event', entityId: id, data: { title: current.title, ...(date ? { date } : {}) } }, tx);
      return { event: row!, wrote: true };
    });
    return result.wrote ? changed(result.event) : result.event;
  }
}
