/**
 * The HTTP application: platform middleware, then the instance's own pages, then each
 * module's API routes and pages. Static paths are registered before `/:city/…` so a
 * reserved word can never be mistaken for a city.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { createHttpApp, withLocalePrefix } from './platform/http/app.js';
import { mountOpenApi } from './platform/http/openapi.js';
import { renderErrorPage } from './pages/error-page.js';
import { mountAuthPages } from './pages/auth.js';
import { mountInstancePages } from './pages/instance.js';
import { mountDevMailbox } from './pages/dev-mailbox.js';
import { mountSitemap } from './pages/sitemap.js';
import { mountCityPages, mountCityApi } from './modules/cities/http.js';
import { mountCityAdminPages } from './modules/cities/index.js';
import { mountBillingPages, sellerFromCity } from './modules/billing/index.js';
import { mountSettlementPages } from './modules/settlement/index.js';
import { mountCampaignPages } from './modules/campaigns/index.js';
import { mountGiftcardAdminPages, mountGiftcardCoveragePage, mountGiftcardProductPages, mountGiftcardApi, mountGiftcardMerchantPages, mountGiftcardPublicPages } from './modules/giftcards/index.js';
import { mountDirectoryApi, mountDirectoryPages } from './modules/directory/index.js';
import { mountMemberAdminApi, mountMemberAdminPages, mountMerchantPages } from './modules/members/http.js';
import { menuSection, mountMenuApi, mountMenuMerchantPages, mountMenuPages } from './modules/menus/index.js';
import { EVENT_FORM_PATHS, eventMapLayer, mountEventAdminPages, mountEventApi, mountEventMerchantPages, mountEventPages } from './modules/events/index.js';
import { MEDIA_BODY_LIMIT, mountMediaApi, mountMediaFiles } from './platform/media/index.js';
import type { CityContext } from './modules/cities/index.js';
import { mountOfferApi, mountOfferMerchantPages, mountOfferPages, offerSection } from './modules/offers/index.js';
import { isAcceptedBy } from './modules/giftcards/index.js';
import type { Business } from './modules/members/index.js';
import { liveLevelBox, liveLevelMapLayer, mountOccupancyApi, mountOccupancyPages, occupancyMerchantLinks } from './modules/occupancy/index.js';
import { bookingLinkBox, bookingMerchantLinks, mountBookingPages } from './modules/bookings/index.js';
import type { Services } from './services.js';

/** The city's card products a business takes: its category is accepted and it says it takes the city's cards. */
function cardsAcceptedBy(services: Services) {
  return async (cityId: string, business: Business): Promise<string[]> => {
    if (!(business.services ?? []).includes('giftcard')) return [];
    const products = await services.giftcards.products.list(cityId);
    return products.filter((p) => isAcceptedBy(p, business.category)).map((p) => p.name);
  };
}

export function createApp(services: Services) {
  const app = createHttpApp({
    config: services.config,
    log: services.log,
    auth: services.auth,
    problems: services.problems,
    renderErrorPage,
    // Forms and routes that take a picture get room for it; everything else stays small.
    bodyLimits: [
      { path: /^\/api\/v1\/cities\/[^/]+\/media$/, bytes: MEDIA_BODY_LIMIT },
      { path: EVENT_FORM_PATHS, bytes: MEDIA_BODY_LIMIT },
    ],
  });

  app.use('/static/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=3600');
  });
  app.use('/static/vendor/leaflet/*', serveStatic({ root: './node_modules/leaflet/dist', rewriteRequestPath: (p) => p.replace(/^\/static\/vendor\/leaflet/, '') }));
  app.use('/static/swagger/*', serveStatic({ root: './node_modules/swagger-ui-dist', rewriteRequestPath: (p) => p.replace(/^\/static\/swagger/, '') }));
  app.use('/static/*', serveStatic({ root: './public', rewriteRequestPath: (p) => p.replace(/^\/static/, '') }));

  // Uploaded pictures, content-hashed: /media/{city id}/{hash}-{width}.webp
  mountMediaFiles(app, services);
  mountInstancePages(app, services);
  mountAuthPages(app, services);
  mountSitemap(app, services);
  if (services.outbox.transportKind === 'dev' && services.config.env !== 'production') mountDevMailbox(app, services);

  // JSON API, documented at /api/openapi.json.
  // The public balance look-up is a POST (codes never travel in URLs) that changes nothing.
  mountCityApi(app, services, { readOnlyPosts: ['giftcards/balance'] });
  mountDirectoryApi(app, services);
  mountMediaApi(app, { media: services.media, cityOf: (c) => (c as unknown as CityContext).get('city') });
  const guide = {
    ...services,
    cardsAcceptedBy: cardsAcceptedBy(services),
    bookletOffers: async (cityId: string, date: string) => {
      const [list, businesses] = await Promise.all([services.offers.validOn(cityId, date), services.members.list(cityId, { limit: 500 })]);
      const names = new Map(businesses.items.map((b) => [b.id, b.name]));
      return list.filter((o) => names.has(o.businessId)).map((o) => ({ business: names.get(o.businessId)!, title: o.title, validity: o.validTo ? `Till och med ${o.validTo}` : 'Tills vidare' }));
    },
  };
  mountMenuApi(app, guide);
  mountEventApi(app, guide);
  mountOfferApi(app, guide);
  mountMemberAdminApi(app, services);
  mountGiftcardApi(app, services);
  mountOccupancyApi(app, services);
  mountOpenApi(app, services);

  // City pages last: `/:city` matches any remaining first path segment.
  // The counter (/:city/butik/rakna) before the merchant pages' /:city/butik/:business.
  mountOccupancyPages(app, services);
  mountBookingPages(app, services);
  mountCityAdminPages(app, services);
  mountBillingPages(app, { ...services, sellerFor: sellerFromCity });
  mountSettlementPages(app, services);
  mountCampaignPages(app, services);
  mountGiftcardAdminPages(app, services);
  mountGiftcardProductPages(app, services);
  mountGiftcardCoveragePage(app, services);
  mountGiftcardMerchantPages(app, services);
  mountGiftcardPublicPages(app, services);
  mountMemberAdminPages(app, services);
  mountMerchantPages(app, { ...services, merchantLinks: [
    { path: 'lunch', label: 'Lunch', hint: 'Veckans lunchmeny, dag för dag' },
    { path: 'evenemang', label: 'Evenemang', hint: 'Berätta vad som händer hos er' },
    { path: 'erbjudanden', label: 'Erbjudanden', hint: 'Erbjudanden, hemleverans, avhämtning och bokning' },
    ...bookingMerchantLinks,
    ...occupancyMerchantLinks,
  ] });
  // After the merchant pages: their middleware resolves the business and checks the role.
  mountMenuMerchantPages(app, guide);
  mountEventMerchantPages(app, guide);
  mountEventAdminPages(app, guide);
  mountOfferMerchantPages(app, guide);
  mountMenuPages(app, guide);
  mountEventPages(app, guide);
  mountOfferPages(app, guide);
  mountDirectoryPages(app, { ...services, businessSections: [liveLevelBox(services.occupancy), bookingLinkBox(services.bookings), menuSection(guide), offerSection(guide)], mapLayers: [eventMapLayer(guide), liveLevelMapLayer(services.occupancy)], mapTiles: { url: services.config.map.tileUrl, attribution: services.config.map.attribution }, publicUrl: services.config.publicUrl });
  mountCityPages(app, services);

  return { app, ...withLocalePrefix(app) };
}

export type App = ReturnType<typeof createApp>;
