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
import { mountCityPages, mountCityApi } from './modules/cities/http.js';
import { mountCityAdminPages } from './modules/cities/index.js';
import { mountBillingPages, sellerFromCity } from './modules/billing/index.js';
import { mountSettlementPages } from './modules/settlement/index.js';
import { mountCampaignPages } from './modules/campaigns/index.js';
import { mountGiftcardAdminPages, mountGiftcardCoveragePage, mountGiftcardProductPages, mountGiftcardApi, mountGiftcardMerchantPages, mountGiftcardPublicPages } from './modules/giftcards/index.js';
import { mountDirectoryApi, mountDirectoryPages } from './modules/directory/index.js';
import { mountMemberAdminApi, mountMemberAdminPages, mountMerchantPages } from './modules/members/http.js';
import type { Services } from './services.js';

export function createApp(services: Services) {
  const app = createHttpApp({ config: services.config, log: services.log, auth: services.auth, problems: services.problems, renderErrorPage });

  app.use('/static/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=3600');
  });
  app.use('/static/swagger/*', serveStatic({ root: './node_modules/swagger-ui-dist', rewriteRequestPath: (p) => p.replace(/^\/static\/swagger/, '') }));
  app.use('/static/*', serveStatic({ root: './public', rewriteRequestPath: (p) => p.replace(/^\/static/, '') }));

  mountInstancePages(app, services);
  mountAuthPages(app, services);
  if (services.outbox.transportKind === 'dev' && services.config.env !== 'production') mountDevMailbox(app, services);

  // JSON API, documented at /api/openapi.json.
  // The public balance look-up is a POST (codes never travel in URLs) that changes nothing.
  mountCityApi(app, services, { readOnlyPosts: ['giftcards/balance'] });
  mountDirectoryApi(app, services);
  mountMemberAdminApi(app, services);
  mountGiftcardApi(app, services);
  mountOpenApi(app, services);

  // City pages last: `/:city` matches any remaining first path segment.
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
  mountMerchantPages(app, services);
  mountDirectoryPages(app, services);
  mountCityPages(app, services);

  return { app, ...withLocalePrefix(app) };
}

export type App = ReturnType<typeof createApp>;
