/** @jsxImportSource hono/jsx */
/**
 * City resolution for every `/:city/…` page and `/api/v1/cities/:city/…` route, the
 * city's home page, its theme stylesheet and the public city API.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { DomainError } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import { publicErrorResponses } from '../../platform/http/openapi.js';
import type { AppEnv, AppVariables } from '../../platform/http/types.js';
import { Page, renderPage, type NavLink } from '../../platform/http/ui/layout.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { City, CityService } from './service.js';

export type CityEnv = { Variables: AppVariables & { city: City } };
export type CityContext = Context<CityEnv>;

/** A city page's context as the page shell wants it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const asAppContext = (c: Context<any>): Context<AppEnv> => c as unknown as Context<AppEnv>;

/** Swedish or English text by the request's locale. */
export const tr = (locale: Locale, sv: string, en: string): string => (locale === 'en' ? en : sv);

export interface CityHttpDeps {
  cities: CityService;
}

/**
 * Loads the city named by the `:city` path parameter. A former slug answers with a
 * permanent redirect to the same path under the new slug (printed QR codes live for
 * years); an unknown one is a 404.
 */
export function cityMiddleware(cities: CityService): MiddlewareHandler<CityEnv> {
  return async (c, next) => {
    const slug = c.req.param('city') ?? '';
    const found = /^[a-z0-9-]{1,60}$/.test(slug) ? await cities.lookup(slug) : null;
    if (!found) throw new DomainError('city.not_found', `Staden ”${slug.slice(0, 60)}” finns inte.`);
    if ('redirectTo' in found) {
      const url = new URL(c.req.url);
      const path = c.req.path.replace(new RegExp(`(^|/)${slug}(?=/|$)`), `$1${found.redirectTo}`);
      // 308 keeps the method and body for API clients; pages get the classic 301.
      return c.redirect(c.get('prefix') + path + url.search, c.req.path.startsWith('/api/') ? 308 : 301);
    }
    c.set('city', found.city);
    await next();
  };
}

/** The public navigation of a city's site. Later modules add their entries here. */
export function cityNav(c: Context<CityEnv>): NavLink[] {
  const base = `${c.get('prefix')}/${c.get('city').slug}`;
  const en = c.get('locale') === 'en';
  return [
    { href: base, label: en ? 'Home' : 'Start' },
    { href: `${base}/foretag`, label: en ? 'Businesses' : 'Företag' },
    { href: `${base}/lunch`, label: en ? 'Lunch' : 'Lunch' },
    { href: `${base}/evenemang`, label: en ? 'Events' : 'Evenemang' },
    { href: `${base}/erbjudanden`, label: en ? 'Offers' : 'Erbjudanden' },
    { href: `${base}/karta`, label: en ? 'Map' : 'Karta' },
    { href: `${base}/presentkort`, label: en ? 'Gift cards' : 'Presentkort' },
    { href: `${base}/saldo`, label: en ? 'Card balance' : 'Saldo' },
  ];
}

export const PublicCity = z
  .object({
    slug: z.string(),
    name: z.string(),
    associationName: z.string(),
    description: z.string(),
    website: z.string().nullable(),
    email: z.string().nullable(),
    primaryColor: z.string(),
    center: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  })
  .openapi('City');

export function toPublicCity(city: City, locale: Locale = 'sv'): z.infer<typeof PublicCity> {
  return {
    slug: city.slug,
    name: city.name,
    associationName: city.associationName,
    description: locale === 'en' && city.descriptionEn ? city.descriptionEn : city.description,
    website: city.website,
    email: city.email,
    primaryColor: city.primaryColor,
    center: city.centerLat !== null && city.centerLng !== null ? { lat: city.centerLat, lng: city.centerLng } : null,
  };
}

/**
 * A first, coarse gate for every change in a city's API, before bodies are validated:
 * anonymous callers get 401 and callers with no role at all in this city 403, so an
 * outsider learns nothing from validation messages. Services still check the exact
 * role (and business) for each operation.
 */
const writesNeedSomeRoleInCity = (readOnlyPosts: string[]): MiddlewareHandler<CityEnv> => async (c, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next();
  // POSTs that only read (a code must not travel in a URL) are open like GETs.
  if (readOnlyPosts.some((suffix) => c.req.path.endsWith(`/${suffix}`))) return next();
  const actor = c.get('actor');
  if (actor.kind === 'anonymous') throw new DomainError('unauthorized', 'Logga in eller skicka en giltig API-nyckel.');
  const cityId = c.get('city').id;
  if (!actor.grants.some((g) => g.role === 'platform-admin' || g.cityId === cityId)) throw new DomainError('forbidden', 'Du har ingen roll i den här staden.');
  return next();
};

export function mountCityApi(app: TorgetApp, deps: CityHttpDeps, options: { readOnlyPosts?: string[] } = {}): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cities',
      tags: ['Cities'],
      summary: 'The cities on this instance',
      responses: { 200: { description: 'Cities', content: { 'application/json': { schema: z.object({ items: z.array(PublicCity) }) } } } },
    }),
    async (c) => c.json({ items: (await deps.cities.list()).map((city) => toPublicCity(city, c.get('locale'))) }, 200),
  );

  app.use('/api/v1/cities/:city', cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>);
  app.use('/api/v1/cities/:city/*', cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>);
  app.use('/api/v1/cities/:city/*', writesNeedSomeRoleInCity(options.readOnlyPosts ?? []) as unknown as MiddlewareHandler<AppEnv>);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cities/{city}',
      tags: ['Cities'],
      summary: 'One city',
      request: { params: z.object({ city: z.string().openapi({ example: 'demo' }) }) },
      responses: { 200: { description: 'The city', content: { 'application/json': { schema: PublicCity } } }, ...publicErrorResponses },
    }),
    (c) => c.json(toPublicCity((c as unknown as Context<CityEnv>).get('city'), c.get('locale')), 200),
  );
}

function CityHome(props: { c: Context<CityEnv>; businessCount?: number }) {
  const { c } = props;
  const city = c.get('city');
  const en = c.get('locale') === 'en';
  const base = `${c.get('prefix')}/${city.slug}`;
  const description = en && city.descriptionEn ? city.descriptionEn : city.description;
  return (
    <Page c={c as unknown as Context<AppEnv>} title={en ? 'Welcome' : 'Välkommen'} city={city} nav={cityNav(c)} description={description}>
      <section class="hero">
        <h1>{en ? `Welcome to ${city.name}` : `Välkommen till ${city.name}`}</h1>
        {description ? <p class="lead">{description}</p> : null}
      </section>
      <h2>{en ? 'In town' : 'I stan'}</h2>
      <div class="tiles">
        <a class="tile" href={`${base}/foretag`}>
          {en ? 'Shops, restaurants and services' : 'Butiker, restauranger och tjänster'}
          <span>{en ? 'Find a business and see whether it is open now' : 'Hitta ett företag och se om det är öppet nu'}</span>
        </a>
        <a class="tile" href={`${base}/lunch`}>
          {en ? "Today's lunch" : 'Dagens lunch'}
          <span>{en ? 'Every lunch in town, vegetarian too' : 'Alla luncher i stan, även vegetariskt'}</span>
        </a>
        <a class="tile" href={`${base}/evenemang`}>
          {en ? "What's on" : 'Det händer i stan'}
          <span>{en ? 'Markets, music and events for children' : 'Marknader, musik och barnaktiviteter'}</span>
        </a>
        <a class="tile" href={`${base}/presentkort`}>
          {en ? 'Buy a city gift card' : 'Köp stadens presentkort'}
          <span>{en ? 'A gift that stays in town, sent by e-mail' : 'En present som stannar i stan, skickas med e-post'}</span>
        </a>
        <a class="tile" href={`${base}/foretag?tjanst=giftcard`}>
          {en ? 'Where the city gift card works' : 'Här gäller presentkortet'}
          <span>{en ? 'Businesses that accept it' : 'Företag som tar emot det'}</span>
        </a>
        <a class="tile" href={`${base}/foretag?tjanst=home_delivery`}>
          {en ? 'Home delivery' : 'Hemleverans'}
          <span>{en ? 'Shops that deliver to your door' : 'Butiker som levererar hem till dig'}</span>
        </a>
        <a class="tile" href={`${base}/foretag?oppet=1`}>
          {en ? 'Open now' : 'Öppet just nu'}
          <span>{en ? 'Everything that is open right now' : 'Allt som har öppet just nu'}</span>
        </a>
      </div>
      <h2>{en ? 'About' : 'Om'} {city.associationName}</h2>
      <p>
        {city.associationName}
        {en ? ' runs the town centre together with its members.' : ' driver stadskärnan tillsammans med sina medlemmar.'}{' '}
        {city.email ? (
          <>
            {en ? 'Contact: ' : 'Kontakt: '}
            <a href={`mailto:${city.email}`}>{city.email}</a>
          </>
        ) : null}
      </p>
    </Page>
  );
}

export function mountCityPages(app: TorgetApp, deps: CityHttpDeps): void {
  // The theme stylesheet carries the city's colours, since the CSP forbids inline styles.
  app.get('/static/theme/:file', async (c) => {
    const slug = c.req.param('file').replace(/\.css$/, '');
    const found = await deps.cities.lookup(slug);
    if (!found || !('city' in found)) return c.body('', 404);
    const { primaryColor, accentColor } = found.city;
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(`:root{--brand:${primaryColor};--accent:${accentColor};}\n`);
  });
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  app.use('/:city', withCity);
  app.use('/:city/*', withCity);
  app.get('/:city', (c) => renderPage(c, <CityHome c={c as unknown as Context<CityEnv>} />));
}
