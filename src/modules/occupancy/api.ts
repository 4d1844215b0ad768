/**
 * The crowd API for door counters, displays and apps. A place is an area or a business;
 * a business's place answers under `/places/{slug}` and `/businesses/{slug}` alike.
 *
 * - `GET …/occupancy` → `{ count, capacity, level, … }` (public)
 * - `POST …/occupancy` `{ "delta": 1 }` or `{ "count": 12 }` (an API key or staff session;
 *   `Idempotency-Key` makes a retry count once)
 * - `GET …/occupancy/stream` Server-Sent Events, event `occupancy` (public)
 * - `GET /api/v1/cities/{city}/occupancy[/stream]`: every counted place of the city
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DomainError } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import { errorResponses, ProblemSchema, publicErrorResponses } from '../../platform/http/openapi.js';
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from '../../platform/idempotency/index.js';
import type { City } from '../cities/index.js';
import type { OccupancyHttpDeps } from './deps.js';
import type { Place } from './service.js';
import { stateOf } from './service.js';
import { placeJson } from './frames.js';
import { occupancyStream } from './stream.js';

const cityParam = z.string().openapi({ param: { name: 'city', in: 'path' }, example: 'demo' });
const slugParam = z.string().max(100).openapi({ param: { name: 'slug', in: 'path' }, example: 'kaffebaren' });

export const Occupancy = z
  .object({
    slug: z.string(),
    name: z.string(),
    count: z.number().int().openapi({ description: 'People inside now.', example: 12 }),
    capacity: z.number().int().nullable().openapi({ description: 'People allowed at once; null when not set (always green).', example: 20 }),
    level: z.enum(['green', 'yellow', 'red']).openapi({ description: 'green below the yellow share of capacity (70 % unless set), yellow below the red share (100 %), red from it.' }),
    open: z.boolean().nullable().openapi({ description: 'Whether a business is open now by its opening hours; null for areas.' }),
  })
  .openapi('Occupancy');

export const OccupancyChange = z
  .object({
    delta: z.number().optional().openapi({ description: 'People in (+) or out (−), a whole number from −1000 to 1000, not 0.', example: 1 }),
    count: z.number().optional().openapi({ description: 'The absolute count, 0–100 000.', example: 12 }),
  })
  .openapi('OccupancyChange');

export const OccupancyResult = Occupancy.extend({
  clamped: z.boolean().openapi({ description: 'True when the delta would have taken the count below zero: the count stopped at 0.' }),
  message: z.string().optional().openapi({ example: 'Antalet kan inte bli lägre än 0; det är nu 0.' }),
}).openapi('OccupancyResult');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const sse = (description: string) => ({ description, content: { 'text/event-stream': { schema: z.string().openapi({ example: 'event: occupancy\nid: 42\ndata: {"slug":"kaffebaren","name":"Kaffebaren","count":12,"capacity":20,"level":"yellow","open":true}\n\n' }) } } });
const idempotencyHeader = z.object({
  [IDEMPOTENCY_KEY_HEADER.toLowerCase()]: z.string().optional().openapi({ description: 'Recommended: 1–255 visible ASCII characters, new for each change (a UUID). A retry with the same key counts once and gets the first answer.' }),
});

type Kind = 'places' | 'businesses';

/**
 * How long a process reuses a stream's starting snapshot (and the opening state in it)
 * for the next streams that connect. Changes in between are laid over it from the
 * channel, so a new stream never starts with an old count.
 */
const SNAPSHOT_TTL_MS = 10_000;

/**
 * Whether a business is open now (its opening hours, read from the database); null for
 * an area. Also hands the hours to the live events' `open` (deps.liveOpenState).
 */
export function openNowFor(deps: Pick<OccupancyHttpDeps, 'liveOpenState'>) {
  return (place: Place): Promise<boolean | null> => deps.liveOpenState.load(place.cityId, place.businessId);
}

export function mountOccupancyApi(app: TorgetApp, deps: OccupancyHttpDeps): void {
  const openNow = openNowFor(deps);
  const cityOf = (c: Context) => (c as unknown as Context<{ Variables: { city: City } }>).get('city');

  async function placeFor(c: Context, kind: Kind, slug: string): Promise<Place> {
    const place = await deps.occupancy.resolve(cityOf(c).id, slug);
    if (kind === 'businesses' && place.kind !== 'business') throw new DomainError('occupancy.place_not_found', `Det finns inget företag ”${slug.slice(0, 80)}” här.`);
    return place;
  }

  for (const kind of ['places', 'businesses'] as const) {
    const tag = 'Crowd levels';
    const noun = kind === 'places' ? 'a place (an area or a business)' : 'a business';
    const base = `/api/v1/cities/{city}/${kind}/{slug}/occupancy`;

    app.openapi(
      createRoute({
        method: 'get',
        path: base,
        tags: [tag],
        summary: `The crowd level of ${noun}`,
        description: 'Public.',
        request: { params: z.object({ city: cityParam, slug: slugParam }) },
        responses: { 200: json(Occupancy, 'Now'), ...publicErrorResponses },
      }),
      async (c) => {
        const place = await placeFor(c, kind, c.req.valid('param').slug);
        c.header('Cache-Control', 'no-store');
        return c.json(placeJson(stateOf(place), await openNow(place)), 200);
      },
    );

    app.openapi(
      createRoute({
        method: 'post',
        path: base,
        tags: [tag],
        summary: `Count people in or out of ${noun}`,
        description:
          'A door counter or staff: `{ "delta": 1 }` (in), `{ "delta": -1 }` (out) or `{ "count": 12 }`. Merchants for their own business, the association for any place. A delta that would go below zero leaves the count at 0 and answers `clamped: true`. Negative, non-whole or absurd numbers are 422 `occupancy.count_out_of_range`. Send an `Idempotency-Key`: a retry with the same key counts once and answers the first result (`Idempotency-Replayed: true`).',
        security: [{ apiKey: [] }],
        request: { params: z.object({ city: cityParam, slug: slugParam }), headers: idempotencyHeader, body: { required: true, content: { 'application/json': { schema: OccupancyChange } } } },
        responses: { 200: json(OccupancyResult, 'Counted'), ...errorResponses, 422: problem('`occupancy.count_out_of_range`') },
      }),
      async (c) => {
        const key = c.req.header(IDEMPOTENCY_KEY_HEADER) ?? null;
        if (key !== null && !/^[\x21-\x7e]{1,255}$/.test(key)) throw new DomainError('idempotency.key_required', 'Idempotency-Key ska vara 1–255 synliga ASCII-tecken.');
        const slug = c.req.valid('param').slug;
        await placeFor(c, kind, slug);
        const result = await deps.occupancy.record(c.get('actor'), cityOf(c).id, slug, c.req.valid('json'), key);
        if (result.replayed) c.header(REPLAYED_HEADER, 'true');
        c.header('Cache-Control', 'no-store');
        const place = await deps.occupancy.getById(cityOf(c).id, result.placeId);
        return c.json(
          { ...placeJson(result, place ? await openNow(place) : null), clamped: result.clamped, ...(result.clamped ? { message: 'Antalet kan inte bli lägre än 0; det är nu 0.' } : {}) },
          200,
        );
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/stream`,
        tags: [tag],
        summary: `Live crowd level of ${noun} (Server-Sent Events)`,
        description:
          'Public. Event `occupancy`, an increasing `id`, `data` the same JSON as GET. The current state is sent first on every connect, so also after a reconnect with `Last-Event-ID`. A comment line every 20 s keeps the connection open.',
        request: { params: z.object({ city: cityParam, slug: slugParam }) },
        responses: { 200: sse('An endless event stream'), ...publicErrorResponses },
      }),
      (async (c: Context) => {
        const place = await placeFor(c, kind, c.req.param('slug') ?? '');
        const hub = deps.liveHub;
        return occupancyStream(c, {
          hub,
          cityId: place.cityId,
          accepts: (id) => id === place.id,
          snapshot: async () => {
            const now = await hub.cached(place.cityId, `place:${place.id}`, SNAPSHOT_TTL_MS, async () => {
              const found = await deps.occupancy.getById(place.cityId, place.id);
              if (found) await openNow(found); // the opening hours, for the events' `open`
              return found ? stateOf(found) : null;
            });
            return now ? [now] : [];
          },
        });
      }) as never,
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cities/{city}/occupancy',
      tags: ['Crowd levels'],
      summary: 'Every counted place of a city',
      description: 'Public. Areas, and businesses with a capacity.',
      request: { params: z.object({ city: cityParam }) },
      responses: { 200: json(z.object({ items: z.array(Occupancy) }), 'Places'), ...publicErrorResponses },
    }),
    async (c) => {
      const places = await deps.occupancy.list(cityOf(c).id);
      c.header('Cache-Control', 'no-store');
      return c.json({ items: await Promise.all(places.map(async (p) => placeJson(stateOf(p), await openNow(p)))) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cities/{city}/occupancy/stream',
      tags: ['Crowd levels'],
      summary: 'Live crowd levels of every counted place (Server-Sent Events)',
      description: 'Public. One `occupancy` event per place first, then every change; `data.slug` names the place. For a city display.',
      request: { params: z.object({ city: cityParam }) },
      responses: { 200: sse('An endless event stream'), ...publicErrorResponses },
    }),
    (async (c: Context) => {
      const city = cityOf(c);
      const hub = deps.liveHub;
      let ids = new Set<string>();
      return occupancyStream(c, {
        hub,
        cityId: city.id,
        // A place that gets a capacity later appears on the display's next reload.
        accepts: (id) => ids.has(id),
        snapshot: async () => {
          const base = await hub.cached(city.id, 'city', SNAPSHOT_TTL_MS, async () => {
            const places = await deps.occupancy.list(city.id);
            await Promise.all(places.map(openNow)); // the opening hours, for the events' `open`
            return { states: places.map(stateOf), ids: new Set(places.map((p) => p.id)) };
          });
          ids = base.ids;
          return base.states;
        },
      });
    }) as never,
  );
}
