/**
 * Offers and service offers: a member's people publish them (no approval: they speak
 * for their own shop, and the association can remove them); everyone reads the ones
 * valid on a date. Scoped to the city; audited.
 */
import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, type Actor } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError, validationError } from '../../platform/errors.js';
import { isValidDate } from '../../platform/time/zoned.js';
import { offers } from './schema.js';

export type Offer = typeof offers.$inferSelect;

export const offerServices = {
  home_delivery: { sv: 'Hemleverans', en: 'Home delivery' },
  take_away: { sv: 'Avhämtning', en: 'Take-away' },
  booking: { sv: 'Bokning', en: 'Booking' },
  click_collect: { sv: 'Klicka och hämta', en: 'Click & collect' },
} as const;
export type OfferService = keyof typeof offerServices;
export const offerServiceSlugs = Object.keys(offerServices) as [OfferService, ...OfferService[]];

export const OfferInput = z
  .strictObject({
    kind: z.enum(['offer', 'service']),
    service: z.enum(offerServiceSlugs).nullable().default(null),
    title: z.string().trim().min(2, 'Skriv en rubrik.').max(120, 'Högst 120 tecken.'),
    description: z.string().trim().max(1000, 'Högst 1 000 tecken.').default(''),
    validFrom: z.string().refine(isValidDate, 'Ange ett datum som 2026-12-12.'),
    validTo: z.string().refine(isValidDate, 'Ange ett datum som 2026-12-24.').nullable().default(null),
    link: z
      .string()
      .trim()
      .max(500)
      .regex(/^https?:\/\/\S+$/, 'Ange en webbadress som börjar med https://.')
      .nullable()
      .default(null),
  })
  .refine((o) => o.kind !== 'service' || o.service !== null, { message: 'Välj vilken tjänst.', path: ['service'] })
  .refine((o) => o.kind !== 'offer' || o.validTo !== null, { message: 'Ett erbjudande behöver ett sista datum.', path: ['validTo'] })
  .refine((o) => o.validTo === null || o.validTo >= o.validFrom, { message: 'Sista dagen kan inte vara före den första.', path: ['validTo'] });
export type OfferInput = z.input<typeof OfferInput>;

const EDITORS = ['association-admin', 'merchant-owner', 'merchant-staff'] as const;
const FIELDS = ['kind', 'service', 'title', 'description', 'validFrom', 'validTo', 'link'] as const;

const parse = (input: OfferInput) => {
  const r = OfferInput.safeParse(input);
  if (!r.success) throw validationError(r.error.issues.map((i) => ({ path: '/' + i.path.map(String).join('/'), message: i.message, code: i.code })));
  // A service kind only means something for a service offer.
  return { ...r.data, service: r.data.kind === 'service' ? r.data.service : null };
};

export type OffersService = ReturnType<typeof createOffersService>;

export function createOffersService(deps: { db: Db; audit: AuditLog; clock: Clock }) {
  const { db, audit, clock } = deps;
  const listeners: Array<() => void> = [];
  const changed = () => {
    for (const l of listeners) l();
  };
  return {
    onChange(listener: () => void): void {
      listeners.push(listener);
    },

    async create(actor: Actor, cityId: string, businessId: string, input: OfferInput): Promise<Offer> {
      authorize(actor, { cityId, roles: EDITORS, businessId });
      const data = parse(input);
      const row = await db.transaction(async (tx) => {
        const [created] = await tx.insert(offers).values({ ...data, cityId, businessId, createdAt: clock.now() }).returning();
        await audit.record({ cityId, actor, action: 'offer.create', entityType: 'offer', entityId: created!.id, data: { businessId, title: data.title } }, tx);
        return created!;
      });
      changed();
      return row;
    },

    /** One of the business's offers, for its edit form (another business's or city's is not found). */
    async get(actor: Actor, cityId: string, businessId: string, id: string): Promise<Offer> {
      authorize(actor, { cityId, roles: EDITORS, businessId });
      const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(offers).where(and(eq(offers.cityId, cityId), eq(offers.businessId, businessId), eq(offers.id, id))) : [];
      if (!row) throw new DomainError('offers.not_found', 'Erbjudandet finns inte.');
      return row;
    },

    /**
     * Changes an offer: the same rules as a new one, for the business's people and the
     * association's admins; no approval (a member speaks for its own shop). Audited with
     * the fields that changed; the cached pages forget it.
     */
    async update(actor: Actor, cityId: string, businessId: string, id: string, input: OfferInput): Promise<Offer> {
      const current = await this.get(actor, cityId, businessId, id);
      const data = parse(input);
      const changedFields = FIELDS.filter((k) => (current[k] ?? null) !== (data[k] ?? null));
      if (changedFields.length === 0) return current;
      const row = await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(offers)
          .set(data)
          .where(and(eq(offers.cityId, cityId), eq(offers.businessId, businessId), eq(offers.id, id)))
          .returning();
        await audit.record({ cityId, actor, action: 'offer.update', entityType: 'offer', entityId: id, data: { businessId, changed: changedFields } }, tx);
        return updated!;
      });
      changed();
      return row;
    },

    async remove(actor: Actor, cityId: string, businessId: string, id: string): Promise<void> {
      authorize(actor, { cityId, roles: EDITORS, businessId });
      const deleted = /^[0-9a-f-]{36}$/i.test(id)
        ? await db.transaction(async (tx) => {
            const rows = await tx.delete(offers).where(and(eq(offers.cityId, cityId), eq(offers.businessId, businessId), eq(offers.id, id))).returning({ id: offers.id });
            if (rows.length) await audit.record({ cityId, actor, action: 'offer.remove', entityType: 'offer', entityId: id, data: { businessId } }, tx);
            return rows.length;
          })
        : 0;
      if (!deleted) throw new DomainError('offers.not_found', 'Erbjudandet finns inte.');
      changed();
    },

    /** A business's offers, current and past (for its merchant page). */
    async ofBusiness(cityId: string, businessId: string): Promise<Offer[]> {
      return db.select().from(offers).where(and(eq(offers.cityId, cityId), eq(offers.businessId, businessId))).orderBy(asc(offers.validFrom));
    },

    /** Offers valid on `date` (the city's, or one business's), ending soonest first. */
    async validOn(cityId: string, date: string, filter: { businessId?: string; kind?: 'offer' | 'service' } = {}): Promise<Offer[]> {
      const where = [eq(offers.cityId, cityId), lte(offers.validFrom, date), or(isNull(offers.validTo), gte(offers.validTo, date))!];
      if (filter.businessId) where.push(eq(offers.businessId, filter.businessId));
      if (filter.kind) where.push(eq(offers.kind, filter.kind));
      return db.select().from(offers).where(and(...where)).orderBy(asc(offers.kind), asc(offers.validTo), asc(offers.title));
    },
  };
}
