/**
 * The public directory API: a city's businesses, searchable and filterable, and one
 * business by slug. Read-only and anonymous; the city comes from the city middleware
 * that cities/http mounts on /api/v1/cities/:city/*.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DomainError } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import { publicErrorResponses } from '../../platform/http/openapi.js';
import type { CityEnv } from '../cities/http.js';
import { businessSlug, categorySlugs, serviceSlugs } from '../members/index.js';
import type { DirectoryHttpDeps } from './deps.js';
import { PublicBusiness, businessPath, toPublicBusiness } from './public-business.js';

export const API_DEFAULT_LIMIT = 20;
export const API_MAX_LIMIT = 100;

/** Splits repeated and comma-separated values into one list of trimmed, non-empty strings. */
export function splitList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** A query parameter given once, repeated, or as a comma list; every value one of `allowed`. */
function slugListParam(allowed: readonly string[], what: string, example: string) {
  const known = new Set(allowed);
  return z
    .union([z.string().max(1000), z.array(z.string().max(100)).max(50)])
    .optional()
    .refine((v) => splitList(v).every((s) => known.has(s)), { message: `Okänd ${what}. Giltiga värden: ${allowed.join(', ')}.` })
    .openapi({ description: `Repeat the parameter or give a comma-separated list. One of: ${allowed.join(', ')}.`, example });
}

export const BusinessListQuery = z.strictObject({
  q: z.string().max(100).optional().openapi({ description: 'Search words; Swedish stemming and typo-tolerant.', example: 'kaffe' }),
  kategori: slugListParam(categorySlugs, 'kategori', 'kafe'),
  category: slugListParam(categorySlugs, 'kategori', 'kafe,restaurang'),
  service: slugListParam(serviceSlugs, 'tjänst', 'giftcard'),
  openNow: z.enum(['true', '1', 'false', '0']).optional().openapi({ description: 'Only businesses open right now.', example: 'true' }),
  limit: z.coerce.number().int().min(1).max(API_MAX_LIMIT).optional().openapi({ description: `Page size, default ${API_DEFAULT_LIMIT}.`, example: API_DEFAULT_LIMIT }),
  cursor: z.string().max(500).optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
});

export const BusinessList = z
  .object({
    items: z.array(PublicBusiness),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
  .openapi('BusinessList');

const cityParam = z.string().openapi({ param: { name: 'city', in: 'path' }, example: 'demo' });

export function mountDirectoryApi(app: TorgetApp, deps: DirectoryHttpDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cities/{city}/businesses',
      tags: ['Directory'],
      summary: "A city's businesses",
      description: 'Public. Sorted by relevance when searching, then in Swedish alphabetical order (å, ä, ö last). Keyset-paginated with `cursor`.',
      request: { params: z.object({ city: cityParam }), query: BusinessListQuery },
      responses: {
        200: { description: 'One page of businesses', content: { 'application/json': { schema: BusinessList } } },
        ...publicErrorResponses,
      },
    }),
    async (c) => {
      const city = (c as unknown as Context<CityEnv>).get('city');
      const query = c.req.valid('query');
      const now = deps.clock.now();
      const openNow = query.openNow === 'true' || query.openNow === '1';
      const page = await deps.members.list(city.id, {
        q: query.q?.trim() || undefined,
        category: [...new Set([...splitList(query.kategori), ...splitList(query.category)])],
        services: [...new Set(splitList(query.service))],
        ...(openNow ? { openAt: now } : {}),
        limit: query.limit ?? API_DEFAULT_LIMIT,
        cursor: query.cursor || null,
      });
      const locale = c.get('locale');
      return c.json({ items: page.items.map((b) => toPublicBusiness(b, city, now, locale)), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cities/{city}/businesses/{slug}',
      tags: ['Directory'],
      summary: 'One business',
      description: 'Public. A former slug answers 308 with `Location` set to the current address.',
      request: { params: z.object({ city: cityParam, slug: z.string().max(100).openapi({ param: { name: 'slug', in: 'path' }, example: 'kaffebaren' }) }) },
      responses: {
        200: { description: 'The business', content: { 'application/json': { schema: PublicBusiness } } },
        308: { description: 'The business has a new slug; follow `Location`.' },
        ...publicErrorResponses,
      },
    }),
    async (c) => {
      const city = (c as unknown as Context<CityEnv>).get('city');
      const { slug } = c.req.valid('param');
      const found = businessSlug.safeParse(slug).success ? await deps.members.lookup(city.id, slug) : null;
      if (!found) throw new DomainError('members.business_not_found', `Företaget ”${slug.slice(0, 60)}” finns inte i ${city.name}.`);
      if ('redirectTo' in found) {
        const search = new URL(c.req.url).search;
        return c.redirect(`/api/v1/cities/${city.slug}/businesses/${found.redirectTo}${search}`, 308);
      }
      c.header('Link', `<${businessPath(city.slug, found.business.slug)}>; rel="alternate"; type="text/html"`);
      return c.json(toPublicBusiness(found.business, city, deps.clock.now(), c.get('locale')), 200);
    },
  );
}
