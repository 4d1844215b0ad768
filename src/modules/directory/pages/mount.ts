/**
 * Mounts the directory pages. The city middleware is applied here, on exactly these
 * paths, because mountCityPages (which covers /:city/*) is registered after us.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cityMiddleware, type CityEnv } from '../../cities/http.js';
import type { TorgetApp } from '../../../platform/http/app.js';
import type { AppEnv } from '../../../platform/http/types.js';
import { createMicroCache } from '../../../platform/http/micro-cache.js';
import type { DirectoryHttpDeps } from '../deps.js';
import { renderBusinessPage } from './business.js';
import { renderBusinessList } from './list.js';
import { renderMapPage } from './map.js';
import { renderSticker } from './business.js';

const asCity = (c: Context<AppEnv>) => c as unknown as Context<CityEnv>;

export function mountDirectoryPages(app: TorgetApp, deps: DirectoryHttpDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  app.use('/:city/foretag', withCity);
  app.use('/:city/foretag/*', withCity);
  app.use('/:city/karta', withCity);
  // Everyone on the street sees the same list: render it once every few seconds, and
  // forget it as soon as a business changes.
  const cache = createMicroCache({ ttlMs: 5_000 });
  deps.members.onChange(() => cache.clear());
  for (const section of deps.businessSections ?? []) section.onChange?.(() => cache.clear());
  for (const layer of deps.mapLayers ?? []) layer.onChange?.(() => cache.clear());
  app.get('/:city/foretag', cache.middleware, (c) => renderBusinessList(asCity(c), deps));
  app.get('/:city/foretag/:slug', cache.middleware, (c) => renderBusinessPage(asCity(c), deps));
  app.get('/:city/foretag/:slug/dekal.pdf', (c) => renderSticker(asCity(c), deps));
  app.get('/:city/karta', cache.middleware, (c) => renderMapPage(asCity(c), deps));
}
