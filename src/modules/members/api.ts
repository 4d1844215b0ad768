/**
 * The association's JSON API for member businesses: create, change, archive and
 * import. Reading businesses is the directory module's (`GET …/businesses…`).
 *
 * Bodies are validated strictly (an unknown field is a 400 naming the field, so a
 * typo never passes silently) and then handed unchanged to the members service, which
 * validates again and is the only place the rules live. A merchant owner may PATCH
 * their own listing; sending a field only the association may change is a 403 that
 * names the fields.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { can, merchantBusinessIds, type Actor } from '../../platform/auth/roles.js';
import { DomainError, forbidden, unauthorized, validationError, type FieldError } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import { errorResponses, ProblemSchema } from '../../platform/http/openapi.js';
import type { AppEnv } from '../../platform/http/types.js';
import type { City } from '../cities/index.js';
import { BusinessInput, BusinessUpdate, ListingFields } from './input.js';
import { OpeningHours } from './opening-hours.js';
import type { Business } from './service.js';
import type { MembersHttpDeps } from './pages/shared.js';

type ApiEnv = { Variables: AppEnv['Variables'] & { city: City; business: Business } };

const ADMIN = ['association-admin'] as const;
const listingKeys = new Set(Object.keys(ListingFields.shape));

export const AdminBusiness = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    name: z.string(),
    category: z.string(),
    orgNumber: z.string().optional().openapi({ description: 'Only in responses to association admins. For a sole trader (`isSoleTrader`) this is a personnummer: personal data.' }),
    isSoleTrader: z.boolean(),
    isMember: z.boolean(),
    memberSince: z.string().nullable(),
    description: z.string(),
    descriptionEn: z.string(),
    street: z.string(),
    postalCode: z.string(),
    postalTown: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    phone: z.string().nullable().openapi({ description: 'E.164, e.g. +46701234567' }),
    email: z.string().nullable(),
    website: z.string().nullable(),
    openingHours: OpeningHours,
    services: z.array(z.string()),
    tags: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    archivedAt: z.string().nullable(),
  })
  .openapi('MemberBusiness');
type AdminBusiness = z.infer<typeof AdminBusiness>;

export function toAdminBusiness(b: Business, withOrgNumber: boolean): AdminBusiness {
  return {
    id: b.id,
    slug: b.slug,
    name: b.name,
    category: b.category,
    ...(withOrgNumber ? { orgNumber: b.orgNumber } : {}),
    isSoleTrader: b.isSoleTrader,
    isMember: b.isMember,
    memberSince: b.memberSince,
    description: b.description,
    descriptionEn: b.descriptionEn,
    street: b.street,
    postalCode: b.postalCode,
    postalTown: b.postalTown,
    lat: b.lat,
    lng: b.lng,
    phone: b.phone,
    email: b.email,
    website: b.website,
    openingHours: b.openingHours as OpeningHours,
    services: b.services,
    tags: b.tags,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    archivedAt: b.archivedAt ? b.archivedAt.toISOString() : null,
  };
}

const ImportResult = z.object({ created: z.number().int(), slugs: z.array(z.string()) }).openapi('MemberImportResult');

const cityParam = z.string().openapi({ param: { name: 'city', in: 'path' }, example: 'demokoping' });
const slugParam = z.string().openapi({ param: { name: 'slug', in: 'path' }, example: 'kaffebaren' });

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const conflict = { 409: problem('`members.slug_taken` (the slug is in use) or `members.archived` (restore the business first)') };

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/** zod issues as `errors[]`; an unknown field is named in its own entry. */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code: string; keys?: string[] }>): FieldError[] {
  return issues.flatMap((i) => {
    const at = i.path.length ? '/' + i.path.map(String).join('/') : '';
    if (i.code === 'unrecognized_keys' && i.keys?.length) return i.keys.map((k) => ({ path: `${at}/${k}`, message: `Okänt fält ”${k}”.`, code: 'unrecognized_keys' }));
    return [{ path: at || '/', message: i.message, code: i.code }];
  });
}

/** Validation failures become `validation` problems through the app's error handler. */
const strictHook = (result: { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code: string }> } }) => {
  if (!result.success) throw validationError(fieldErrorsOf(result.error?.issues ?? []));
};

const meta = (c: Context) => ({ ip: c.get('clientIp') as string, requestId: c.get('requestId') as string });

function requireJson(c: Context): void {
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(c.req.header('content-type') ?? '')) throw new DomainError('unsupported_media_type', 'Skicka JSON med Content-Type: application/json.');
}

function requireActor(c: Context<ApiEnv>): Actor {
  const actor = c.get('actor');
  if (actor.kind === 'anonymous') throw unauthorized();
  return actor;
}

/** Association admins of the path's city only. */
const adminOnly = (body: 'json' | 'csv' | 'none'): MiddlewareHandler<ApiEnv> => async (c, next) => {
  const actor = requireActor(c);
  if (!can(actor, { cityId: c.get('city').id, roles: ADMIN })) throw forbidden();
  if (body === 'json') requireJson(c);
  await next();
};

/**
 * Loads `{slug}` for a change: admins, or a merchant owner of that business. Actors
 * with no role in the city are refused before the slug is looked up, so the answer
 * does not tell them which businesses exist. A former slug answers 308 to the new one.
 */
const businessFor = (deps: MembersHttpDeps, roles: ReadonlyArray<'association-admin' | 'merchant-owner'>, body: 'json' | 'none'): MiddlewareHandler<ApiEnv> => async (c, next) => {
  const actor = requireActor(c);
  const cityId = c.get('city').id;
  const isAdmin = can(actor, { cityId, roles: ADMIN });
  if (!isAdmin && !(roles.includes('merchant-owner') && merchantBusinessIds(actor, cityId).length > 0)) throw forbidden();
  const slug = c.req.param('slug') ?? '';
  const found = /^[a-z0-9-]{1,60}$/.test(slug) ? await deps.members.lookup(cityId, slug, { includeArchived: true }) : null;
  if (!found) throw new DomainError('members.business_not_found', `Företaget ”${slug.slice(0, 60)}” finns inte i den här staden.`);
  if ('redirectTo' in found) return c.redirect(c.req.path.replace(`/businesses/${slug}`, `/businesses/${found.redirectTo}`), 308);
  if (!can(actor, { cityId, roles: [...roles], businessId: found.business.id })) throw forbidden();
  c.set('business', found.business);
  if (body === 'json') requireJson(c);
  await next();
};

export function mountMemberApi(app: TorgetApp, deps: MembersHttpDeps): void {
  const api = app as unknown as import('@hono/zod-openapi').OpenAPIHono<ApiEnv>;
  const isAdmin = (c: Context<ApiEnv>) => can(c.get('actor'), { cityId: c.get('city').id, roles: ADMIN });

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cities/{city}/businesses',
      tags: ['Members'],
      summary: 'Create a business',
      description: 'Association admins. Unknown fields are refused (400, one `errors[]` entry per field). The slug is made from the name unless given.',
      security: [{ apiKey: [] }],
      middleware: [adminOnly('json')] as const,
      request: { params: z.object({ city: cityParam }), body: { required: true, content: { 'application/json': { schema: BusinessInput } } } },
      responses: { 201: json(AdminBusiness, 'The created business'), ...errorResponses, ...conflict },
    }),
    async (c) => {
      const created = await deps.members.create(c.get('actor'), c.get('city').id, (await c.req.json()) as BusinessInput, meta(c));
      return c.json(toAdminBusiness(created, true), 201);
    },
    strictHook as never,
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/cities/{city}/businesses/{slug}',
      tags: ['Members'],
      summary: 'Change a business',
      description:
        'Association admins may change every field. A merchant owner (API key or session of that business) may change only the listing: `description`, `descriptionEn`, `street`, `postalCode`, `postalTown`, `phone`, `email`, `website`, `openingHours`, `services`, `tags`; sending any other known field is **403** `forbidden` naming the fields, an unknown field is 400. Merchant staff cannot change anything. `orgNumber` is returned to admins only.',
      security: [{ apiKey: [] }],
      middleware: [businessFor(deps, ['association-admin', 'merchant-owner'], 'json')] as const,
      request: { params: z.object({ city: cityParam, slug: slugParam }), body: { required: true, content: { 'application/json': { schema: BusinessUpdate } } } },
      responses: { 200: json(AdminBusiness, 'The changed business'), ...errorResponses, ...conflict, 308: { description: 'The slug has changed; repeat the request at `Location`.' } },
    }),
    async (c) => {
      const body = (await c.req.json()) as Record<string, unknown>;
      const admin = isAdmin(c);
      if (!admin) {
        const adminOnlyFields = Object.keys(body).filter((k) => !listingKeys.has(k));
        if (adminOnlyFields.length > 0) throw forbidden(`Bara föreningen kan ändra: ${adminOnlyFields.join(', ')}.`);
      }
      const updated = await deps.members.update(c.get('actor'), c.get('city').id, c.get('business').id, body, meta(c));
      return c.json(toAdminBusiness(updated, admin), 200);
    },
    strictHook as never,
  );

  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    api.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/cities/{city}/businesses/{slug}/${action}`,
        tags: ['Members'],
        summary: archived ? 'Archive a business (hide it from the directory; history stays)' : 'Restore an archived business',
        security: [{ apiKey: [] }],
        middleware: [businessFor(deps, ['association-admin'], 'none')] as const,
        request: { params: z.object({ city: cityParam, slug: slugParam }) },
        responses: { 200: json(AdminBusiness, archived ? 'The archived business' : 'The restored business'), ...errorResponses },
      }),
      async (c) => {
        const b = await deps.members.archive(c.get('actor'), c.get('city').id, c.get('business').id, archived, meta(c));
        return c.json(toAdminBusiness(b, true), 200);
      },
    );
  }

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cities/{city}/businesses/import',
      tags: ['Members'],
      summary: 'Import businesses from CSV',
      description:
        'Association admins. The body is the CSV file (UTF-8, `;` or `,` separated, Swedish or English headers; see the template on the import page). All rows are created, or none: on any error the answer is 400 `members.import_failed` with `errors[]` (`/rows/{n}/{field}`, n = 1 for the first row after the header).',
      security: [{ apiKey: [] }],
      middleware: [adminOnly('csv')] as const,
      request: { params: z.object({ city: cityParam }), body: { required: true, content: { 'text/csv': { schema: z.string() } } } },
      responses: { 201: json(ImportResult, 'Every row was imported'), ...errorResponses, 413: problem('The file is larger than 5 MB'), 415: problem('The body is not `text/csv`') },
    }),
    async (c) => {
      if (!/^text\/(csv|plain)\b/i.test(c.req.header('content-type') ?? '')) throw new DomainError('unsupported_media_type', 'Skicka CSV med Content-Type: text/csv.');
      const result = await deps.members.importCsv(c.get('actor'), c.get('city').id, await c.req.text(), meta(c));
      return c.json(result, 201);
    },
  );
}
