/**
 * Member businesses: created and archived by the association, their listing kept up
 * to date by their owners, their people invited by e-mail, imported in bulk from CSV.
 * Every change is audited; every query is scoped to one city.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, can, type Actor, type Role } from '../../platform/auth/roles.js';
import type { AuthService } from '../../platform/auth/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { DomainError, validationError } from '../../platform/errors.js';
import type { Outbox } from '../../platform/messaging/outbox.js';
import { normalizeForSearch, swedishSortKey } from '../../platform/text/swedish-sort.js';
import { categories, services as serviceLabels, type CategorySlug } from './categories.js';
import { BusinessInput, BusinessUpdate, ListingUpdate } from './input.js';
import { openStatus, type OpeningHours } from './opening-hours.js';
import { afterCursor, buildSearch, decodeCursor, encodeCursor, type SearchFilters } from './search.js';
import { businesses, businessSlugRedirects } from './schema.js';
import { slugify } from './slug.js';
import { parseBusinessCsv } from './csv.js';

export type Business = typeof businesses.$inferSelect;

/** Where a change came from, for the audit log. */
export interface RequestMeta {
  ip?: string | null;
  requestId?: string | null;
}

export interface ListOptions extends SearchFilters {
  /** Only businesses open at this instant. */
  openAt?: Date;
  limit?: number;
  cursor?: string | null;
}

export interface BusinessPage {
  items: Business[];
  nextCursor: string | null;
}

export type MembersService = ReturnType<typeof createMembersService>;

const ADMIN: readonly Role[] = ['association-admin'];
const ADMIN_OR_STAFF: readonly Role[] = ['association-admin', 'association-staff'];

function searchTextOf(b: { name: string; category: string; description?: string | null; tags?: string[] | null; services?: string[] | null; street?: string | null }): string {
  const cat = categories[b.category as CategorySlug];
  const parts = [
    b.name,
    cat ? `${cat.sv} ${cat.en}` : b.category,
    ...(b.tags ?? []),
    ...(b.services ?? []).map((s) => serviceLabels[s as keyof typeof serviceLabels]?.sv ?? ''),
    b.street ?? '',
    b.description ?? '',
  ];
  return normalizeForSearch(parts.join(' '));
}

export function createMembersService(deps: { db: Db; audit: AuditLog; clock: Clock; auth: AuthService; outbox: Outbox; publicUrl: string }) {
  const { db, audit, clock, auth, outbox } = deps;
  // Told after any business changes (e.g. the directory forgets its cached pages).
  const changeListeners: Array<() => void> = [];
  const changed = <T>(value: T): T => {
    for (const listener of changeListeners) listener();
    return value;
  };

  async function uniqueSlug(ex: Executor, cityId: string, wanted: string, exceptId?: string): Promise<string> {
    for (let n = 1; n < 100; n++) {
      const candidate = n === 1 ? wanted : `${wanted}-${n}`;
      const [hit] = await ex.select({ id: businesses.id }).from(businesses).where(and(eq(businesses.cityId, cityId), eq(businesses.slug, candidate)));
      const [old] = await ex.select({ id: businessSlugRedirects.businessId }).from(businessSlugRedirects).where(and(eq(businessSlugRedirects.cityId, cityId), eq(businessSlugRedirects.oldSlug, candidate)));
      if ((!hit || hit.id === exceptId) && (!old || old.id === exceptId)) return candidate;
    }
    throw new DomainError('members.slug_taken', 'Kunde inte hitta en ledig adress.');
  }

  async function getOwned(ex: Executor, cityId: string, id: string): Promise<Business> {
    const [b] = await ex.select().from(businesses).where(and(eq(businesses.cityId, cityId), eq(businesses.id, id)));
    if (!b) throw new DomainError('members.business_not_found', 'Företaget finns inte.');
    return b;
  }

  function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
    const r = schema.safeParse(input);
    if (!r.success) throw validationError(r.error.issues.map((i) => ({ path: '/' + i.path.map(String).join('/'), message: i.message, code: i.code })));
    return r.data;
  }

  async function insertBusiness(ex: Executor, actor: Actor, cityId: string, input: BusinessInput, meta: RequestMeta = {}): Promise<Business> {
    const data = parseOrThrow(BusinessInput, input);
    if (data.slug) {
      const taken = await uniqueSlug(ex, cityId, data.slug);
      if (taken !== data.slug) throw new DomainError('members.slug_taken', `Adressen ”${data.slug}” används redan.`);
    }
    const slug = data.slug ?? (await uniqueSlug(ex, cityId, slugify(data.name)));
    const { orgNumber, ...rest } = data;
    const values = {
      ...rest,
      slug,
      cityId,
      orgNumber: orgNumber.value,
      isSoleTrader: orgNumber.isSoleTrader,
      memberSince: data.memberSince ?? null,
      sortKey: swedishSortKey(data.name),
      searchText: searchTextOf(data),
    };
    const [row] = await ex.insert(businesses).values(values).returning();
    await audit.record({ cityId, actor, action: 'business.create', entityType: 'business', entityId: row!.id, data: { slug, name: data.name }, ip: meta.ip ?? null, requestId: meta.requestId ?? null }, ex);
    return row!;
  }

  return {
    /** Creates a business in a city. Association admins only. */
    async create(actor: Actor, cityId: string, input: BusinessInput, meta: RequestMeta = {}): Promise<Business> {
      authorize(actor, { cityId, roles: ADMIN });
      return changed(await db.transaction((tx) => insertBusiness(tx, actor, cityId, input, meta)));
    },

    /** Registers a listener called after any business is created, changed, archived or imported. */
    onChange(listener: () => void): void {
      changeListeners.push(listener);
    },

    /**
     * Changes a business. Association admins may change everything; the business's own
     * owner only its public listing (description, contact, hours, services).
     */
    async update(actor: Actor, cityId: string, businessId: string, input: BusinessUpdate | ListingUpdate, meta: RequestMeta = {}): Promise<Business> {
      const isAdmin = can(actor, { cityId, roles: ADMIN });
      if (!isAdmin) authorize(actor, { cityId, roles: ['merchant-owner'], businessId });
      return changed(await db.transaction(async (tx) => {
        const current = await getOwned(tx, cityId, businessId);
        if (current.archivedAt) throw new DomainError('members.archived', 'Företaget är arkiverat.');
        const patch = isAdmin ? parseOrThrow(BusinessUpdate, input) : parseOrThrow(ListingUpdate, input);
        const { orgNumber, slug, ...rest } = patch as z.output<typeof BusinessUpdate>;
        const next: Partial<typeof businesses.$inferInsert> = { ...rest, updatedAt: clock.now() };
        if (orgNumber) {
          next.orgNumber = orgNumber.value;
          next.isSoleTrader = orgNumber.isSoleTrader;
        }
        if (slug && slug !== current.slug) {
          const free = await uniqueSlug(tx, cityId, slug, businessId);
          if (free !== slug) throw new DomainError('members.slug_taken', `Adressen ”${slug}” används redan.`);
          await tx.delete(businessSlugRedirects).where(and(eq(businessSlugRedirects.cityId, cityId), eq(businessSlugRedirects.oldSlug, slug)));
          await tx.insert(businessSlugRedirects).values({ cityId, oldSlug: current.slug, businessId });
          next.slug = slug;
        }
        const merged = { ...current, ...next } as Business;
        next.sortKey = swedishSortKey(merged.name);
        next.searchText = searchTextOf(merged);
        const [row] = await tx.update(businesses).set(next).where(and(eq(businesses.cityId, cityId), eq(businesses.id, businessId))).returning();
        await audit.record({ cityId, actor, action: 'business.update', entityType: 'business', entityId: businessId, data: { changed: Object.keys(patch) }, ip: meta.ip ?? null, requestId: meta.requestId ?? null }, tx);
        return row!;
      }));
    },

    /** Hides a business from the public directory; its history stays. */
    async archive(actor: Actor, cityId: string, businessId: string, archived = true, meta: RequestMeta = {}): Promise<Business> {
      authorize(actor, { cityId, roles: ADMIN });
      return changed(await db.transaction(async (tx) => {
        await getOwned(tx, cityId, businessId);
        const [row] = await tx.update(businesses).set({ archivedAt: archived ? clock.now() : null, updatedAt: clock.now() }).where(and(eq(businesses.cityId, cityId), eq(businesses.id, businessId))).returning();
        await audit.record({ cityId, actor, action: archived ? 'business.archive' : 'business.restore', entityType: 'business', entityId: businessId, ip: meta.ip ?? null, requestId: meta.requestId ?? null }, tx);
        return row!;
      }));
    },

    async getById(cityId: string, id: string): Promise<Business | null> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const [b] = await db.select().from(businesses).where(and(eq(businesses.cityId, cityId), eq(businesses.id, id)));
      return b ?? null;
    },

    /** Several businesses of a city by id, in one query (unknown ids are left out). */
    async getMany(cityId: string, ids: readonly string[]): Promise<Business[]> {
      const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
      if (valid.length === 0) return [];
      return db.select().from(businesses).where(and(eq(businesses.cityId, cityId), inArray(businesses.id, valid)));
    },

    /** A business by slug in a city; a former slug answers with where it moved. */
    async lookup(cityId: string, slug: string, options: { includeArchived?: boolean } = {}): Promise<{ business: Business } | { redirectTo: string } | null> {
      const [b] = await db.select().from(businesses).where(and(eq(businesses.cityId, cityId), eq(businesses.slug, slug)));
      if (b && (options.includeArchived || !b.archivedAt)) return { business: b };
      if (b) return null;
      const [moved] = await db
        .select({ slug: businesses.slug })
        .from(businessSlugRedirects)
        .innerJoin(businesses, eq(businesses.id, businessSlugRedirects.businessId))
        .where(and(eq(businessSlugRedirects.cityId, cityId), eq(businessSlugRedirects.oldSlug, slug)));
      return moved ? { redirectTo: moved.slug } : null;
    },

    /** Lists and searches a city's businesses, Swedish order, keyset-paginated. */
    async list(cityId: string, options: ListOptions = {}): Promise<BusinessPage> {
      const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
      const { where, tier } = buildSearch(cityId, options);
      let cursor = options.cursor ? decodeCursor(options.cursor) : null;
      if (options.cursor && !cursor) throw validationError([{ path: '/query/cursor', message: 'Ogiltig markör.', code: 'invalid_cursor' }]);
      const items: Array<Business & { tier: number }> = [];
      // With an "open now" filter some rows are dropped after the query: fetch in
      // batches until the page is full or the list ends.
      for (let round = 0; round < 20; round++) {
        const batch = limit + 1 - items.length;
        const rows = await db
          .select({ b: businesses, tier: sql<number>`${tier}`.mapWith(Number) })
          .from(businesses)
          .where(and(where, afterCursor(tier, cursor)))
          .orderBy(tier, sql`${businesses.sortKey} collate "C"`, businesses.id)
          .limit(options.openAt ? Math.max(batch, 100) : batch);
        for (const r of rows) {
          cursor = { tier: r.tier, sortKey: r.b.sortKey, id: r.b.id };
          if (options.openAt && !openStatus(r.b.openingHours as OpeningHours, options.openAt).isOpen) continue;
          items.push({ ...r.b, tier: r.tier });
          if (items.length > limit) break;
        }
        if (items.length > limit || rows.length < (options.openAt ? Math.max(batch, 100) : batch)) break;
      }
      const hasMore = items.length > limit;
      const page = items.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(({ tier: _tier, ...b }) => b),
        nextCursor: hasMore && last ? encodeCursor({ tier: last.tier, sortKey: last.sortKey, id: last.id }) : null,
      };
    },

    /** How many businesses match a search (all listed ones without filters). */
    async count(cityId: string, filters: SearchFilters & { openAt?: Date } = {}): Promise<number> {
      const { where } = buildSearch(cityId, filters);
      if (!filters.openAt) {
        const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(businesses).where(where);
        return row?.n ?? 0;
      }
      // "Open now" is computed from the hours in Stockholm time, not in SQL.
      const rows = await db.select({ hours: businesses.openingHours }).from(businesses).where(where);
      return rows.filter((r) => openStatus(r.hours as OpeningHours, filters.openAt!).isOpen).length;
    },

    /** Counts for the association's overview. */
    async stats(cityId: string): Promise<{ members: number; nonMembers: number; archived: number }> {
      const [row] = await db
        .select({
          members: sql<number>`count(*) filter (where ${businesses.archivedAt} is null and ${businesses.isMember})::int`,
          nonMembers: sql<number>`count(*) filter (where ${businesses.archivedAt} is null and not ${businesses.isMember})::int`,
          archived: sql<number>`count(*) filter (where ${businesses.archivedAt} is not null)::int`,
        })
        .from(businesses)
        .where(eq(businesses.cityId, cityId));
      return { members: row?.members ?? 0, nonMembers: row?.nonMembers ?? 0, archived: row?.archived ?? 0 };
    },

    /**
     * Imports businesses from CSV in one transaction: either every row is valid and
     * all are created, or nothing is and every row's errors are reported.
     */
    async importCsv(actor: Actor, cityId: string, csv: string, meta: RequestMeta = {}): Promise<{ created: number; slugs: string[] }> {
      authorize(actor, { cityId, roles: ADMIN });
      const parsed = parseBusinessCsv(csv);
      if (parsed.errors.length > 0) throw new DomainError('members.import_failed', `${parsed.errors.length} fel i filen; inget importerades.`, { errors: parsed.errors });
      return changed(await db.transaction(async (tx) => {
        const slugs: string[] = [];
        const errors: Array<{ path: string; message: string; code: string }> = [];
        for (const [i, row] of parsed.rows.entries()) {
          try {
            slugs.push((await insertBusiness(tx, actor, cityId, row, meta)).slug);
          } catch (err) {
            if (err instanceof DomainError) {
              const fieldErrors = err.extra.errors ?? [{ path: '', message: err.message, code: err.code }];
              for (const e of fieldErrors) errors.push({ path: `/rows/${i + 1}${e.path}`, message: e.message, code: e.code });
            } else throw err;
          }
        }
        // Rolling back the transaction is what makes a failed import change nothing.
        if (errors.length > 0) throw new DomainError('members.import_failed', `${errors.length} fel i filen; inget importerades.`, { errors });
        await audit.record({ cityId, actor, action: 'business.import', entityType: 'business', data: { created: slugs.length }, ip: meta.ip ?? null, requestId: meta.requestId ?? null }, tx);
        return { created: slugs.length, slugs };
      }));
    },

    /**
     * Invites a person to work for a business: creates the account if needed, grants
     * the role and e-mails a login link. Admins invite anyone; owners invite staff.
     */
    async invite(actor: Actor, cityId: string, businessId: string, input: { email: string; name?: string; role: 'merchant-owner' | 'merchant-staff' }, context: { cityName: string; citySlug: string }, meta: RequestMeta = {}): Promise<{ userId: string }> {
      const isAdmin = can(actor, { cityId, roles: ADMIN });
      if (!isAdmin) {
        authorize(actor, { cityId, roles: ['merchant-owner'], businessId });
        if (input.role !== 'merchant-staff') throw new DomainError('forbidden', 'Ägare kan bjuda in personal, inte fler ägare.');
      }
      const email = z.email().safeParse(input.email.trim());
      if (!email.success) throw validationError([{ path: '/email', message: 'Ange en giltig e-postadress.', code: 'invalid_format' }]);
      return db.transaction(async (tx) => {
        const business = await getOwned(tx, cityId, businessId);
        const user = await auth.createUser({ email: email.data, name: input.name ?? '' }, tx, { reuse: true });
        await auth.grantRole(user.id, { role: input.role, cityId, businessId }, tx);
        const token = await auth.createLoginToken(user.id, 'invite', `/${context.citySlug}/butik`, tx);
        const link = `${deps.publicUrl}/logga-in/lank?token=${token}`;
        await outbox.enqueueEmail(
          {
            cityId,
            to: user.email,
            template: 'members.invite',
            sensitive: true,
            subject: `Du är inbjuden till ${business.name} på ${context.cityName}s Torget`,
            text: [
              'Hej!',
              '',
              `Du har bjudits in att sköta ${business.name} på ${context.cityName}s sida på Torget: öppettider, beskrivning och det företaget erbjuder.`,
              '',
              `Logga in med den här länken (gäller i 7 dagar och kan användas en gång):`,
              link,
              '',
              'Har du inte väntat dig detta kan du strunta i mejlet.',
              '',
              `Hälsningar, ${context.cityName}`,
            ].join('\n'),
          },
          tx,
        );
        await audit.record({ cityId, actor, action: 'business.invite', entityType: 'business', entityId: businessId, data: { role: input.role, userId: user.id }, ip: meta.ip ?? null, requestId: meta.requestId ?? null }, tx);
        return { userId: user.id };
      });
    },

    async listPeople(actor: Actor, cityId: string, businessId: string) {
      if (!can(actor, { cityId, roles: ADMIN_OR_STAFF })) authorize(actor, { cityId, roles: ['merchant-owner', 'merchant-staff'], businessId });
      return auth.listCityUsers(cityId, businessId);
    },

    async removePerson(actor: Actor, cityId: string, businessId: string, userId: string, role: 'merchant-owner' | 'merchant-staff'): Promise<void> {
      if (!can(actor, { cityId, roles: ADMIN })) {
        authorize(actor, { cityId, roles: ['merchant-owner'], businessId });
        if (role !== 'merchant-staff') throw new DomainError('forbidden', 'Ägare kan ta bort personal, inte ägare.');
      }
      await auth.revokeRole(userId, { role, cityId, businessId });
      await audit.record({ cityId, actor, action: 'business.remove_person', entityType: 'business', entityId: businessId, data: { userId, role } });
    },
  };
}
