/**
 * Cities: the tenants. One city is one association running one town centre. Slugs are
 * part of printed QR codes, so a renamed slug keeps redirecting forever.
 */
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/roles.js';
import { authorize } from '../../platform/auth/roles.js';
import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { isValidOrgNumber } from '../../platform/identity/org-number.js';
import { createTtlCache } from '../../platform/ttl-cache.js';
import { cities, citySlugRedirects } from './schema.js';

export type City = typeof cities.$inferSelect;

/** Words that pages and the API need at the top level of the URL space. */
export const reservedSlugs = new Set([
  'api', 'en', 'sv', 'betala', 'natverket', 'open311', 'problems', 'static', 'admin', 'dev', 'healthz', 'readyz', 'logga-in', 'logga-ut',
  'konto', 'integritet', 'tillganglighet', 'om', 'favicon.ico', 'robots.txt', 'sitemap.xml', 'login', 'logout', 'assets', 'docs', 'well-known', '.well-known',
]);

export const citySlug = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Endast a–z, 0–9 och bindestreck.');

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'En färg som #0b5d4b.');

export const CityInput = z.strictObject({
  slug: citySlug,
  name: z.string().trim().min(1).max(80),
  associationName: z.string().trim().min(1).max(120),
  orgNumber: z.string().refine(isValidOrgNumber, 'Organisationsnumret är inte giltigt.').optional(),
  email: z.email().max(200).optional(),
  phone: z.string().max(30).optional(),
  website: z.url().max(300).optional(),
  description: z.string().max(2000).optional(),
  descriptionEn: z.string().max(2000).optional(),
  primaryColor: hexColor.optional(),
  accentColor: hexColor.optional(),
  centerLat: z.number().min(55).max(69.1).optional(),
  centerLng: z.number().min(10.9).max(24.2).optional(),
});
export type CityInput = z.infer<typeof CityInput>;
export const CityUpdate = CityInput.partial();
export type CityUpdate = z.infer<typeof CityUpdate>;

export type CityLookup = { city: City } | { redirectTo: string } | null;

export type CityService = ReturnType<typeof createCityService>;

export function createCityService(deps: { db: Db; audit: AuditLog; clock: Clock }) {
  const { db, audit, clock } = deps;
  // Every page and API call starts by finding its city: keep the answer a few seconds.
  const lookups = createTtlCache<CityLookup>({ ttlMs: 10_000 });
  /** After a committed change: forget cached look-ups (in this process; others within 10 s). */
  const forgetLookups = <T>(value: T): T => {
    lookups.clear();
    return value;
  };

  async function assertSlugFree(slug: string, ex: Executor, exceptCityId?: string) {
    if (reservedSlugs.has(slug)) throw new DomainError('city.slug_reserved', `”${slug}” är reserverat för Torgets egna sidor.`);
    const [taken] = await ex.select({ id: cities.id }).from(cities).where(eq(cities.slug, slug));
    if (taken && taken.id !== exceptCityId) throw new DomainError('city.slug_taken', `Adressen ”${slug}” används redan.`);
    const [redirect] = await ex.select({ cityId: citySlugRedirects.cityId }).from(citySlugRedirects).where(eq(citySlugRedirects.oldSlug, slug));
    if (redirect && redirect.cityId !== exceptCityId) throw new DomainError('city.slug_taken', `Adressen ”${slug}” har använts av en annan stad.`);
  }

  const service = {
    /** Creates a city. Platform admins only (or the CLI and the demo seed as system). */
    async create(actor: Actor, input: CityInput): Promise<City> {
      if (!actor.grants.some((g) => g.role === 'platform-admin')) throw new DomainError('forbidden', 'Bara plattformsadministratörer kan skapa städer.');
      const data = CityInput.parse(input);
      return forgetLookups(await db.transaction(async (tx) => {
        await assertSlugFree(data.slug, tx);
        const [city] = await tx.insert(cities).values(data).returning();
        await audit.record({ cityId: city!.id, actor, action: 'city.create', entityType: 'city', entityId: city!.id, data: { slug: data.slug, name: data.name } }, tx);
        return city!;
      }));
    },

    async list(): Promise<City[]> {
      return db.select().from(cities).orderBy(asc(cities.name));
    },

    async getById(id: string): Promise<City | null> {
      const [c] = await db.select().from(cities).where(eq(cities.id, id));
      return c ?? null;
    },

    /** Finds a city by its slug, or by a former slug (then the caller redirects). */
    async lookup(slug: string): Promise<CityLookup> {
      return lookups.get(slug, () => service.lookupFresh(slug));
    },

    async lookupFresh(slug: string): Promise<CityLookup> {
      const [city] = await db.select().from(cities).where(eq(cities.slug, slug));
      if (city) return { city };
      const [old] = await db
        .select({ slug: cities.slug })
        .from(citySlugRedirects)
        .innerJoin(cities, eq(cities.id, citySlugRedirects.cityId))
        .where(eq(citySlugRedirects.oldSlug, slug));
      return old ? { redirectTo: old.slug } : null;
    },

    async getBySlug(slug: string): Promise<City> {
      const [city] = await db.select().from(cities).where(eq(cities.slug, slug));
      if (!city) throw new DomainError('city.not_found', `Staden ”${slug}” finns inte.`);
      return city;
    },

    /** Merges keys into the city's settings (e.g. `billing`: address lines, bankgiro). */
    async updateSettings(actor: Actor, cityId: string, patch: Record<string, unknown>): Promise<City> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      return forgetLookups(await db.transaction(async (tx) => {
        const [current] = await tx.select().from(cities).where(eq(cities.id, cityId));
        if (!current) throw new DomainError('city.not_found', 'Staden finns inte.');
        const [city] = await tx.update(cities).set({ settings: { ...current.settings, ...patch }, updatedAt: clock.now() }).where(eq(cities.id, cityId)).returning();
        await audit.record({ cityId, actor, action: 'city.settings', entityType: 'city', entityId: cityId, data: { keys: Object.keys(patch) } }, tx);
        return city!;
      }));
    },

    /** Updates a city's settings; a new slug leaves the old one redirecting. */
    async update(actor: Actor, cityId: string, input: CityUpdate): Promise<City> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      const data = CityUpdate.parse(input);
      return forgetLookups(await db.transaction(async (tx) => {
        const [current] = await tx.select().from(cities).where(eq(cities.id, cityId));
        if (!current) throw new DomainError('city.not_found', 'Staden finns inte.');
        if (data.slug && data.slug !== current.slug) {
          await assertSlugFree(data.slug, tx, cityId);
          // The new slug may be one of this city's own former slugs: it stops being a redirect.
          await tx.delete(citySlugRedirects).where(eq(citySlugRedirects.oldSlug, data.slug));
          await tx.insert(citySlugRedirects).values({ oldSlug: current.slug, cityId });
        }
        const [city] = await tx.update(cities).set({ ...data, updatedAt: clock.now() }).where(eq(cities.id, cityId)).returning();
        await audit.record({ cityId, actor, action: 'city.update', entityType: 'city', entityId: cityId, data: { changed: Object.keys(data) } }, tx);
        return city!;
      }));
    },
  };
  return service;
}
