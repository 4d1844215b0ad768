/**
 * Mounts the directory pages. The city middleware is applied here, on exactly these
 * paths, because mountCityPages (which covers /:city/*) is registered after us.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cityMiddleware, type CityEnv } from '../../cities/http.js';
import type { TorgetApp } from '../../../platform/http/app.js';
import type { AppEnv } from '../../../platform/http/types.js';
import type { DirectoryHttpDeps } from '../deps.js';
import { renderBusinessPage } from './business.js';
import { renderBusinessList } from './list.js';

const asCity = (c: Context<AppEnv>) => c as unknown as Context<CityEnv>;

export function mountDirectoryPages(app: TorgetApp, deps: DirectoryHttpDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  app.use('/:city/foretag', withCity);
  app.use('/:city/foretag/*', withCity);
  app.get('/:city/foretag', (c) => renderBusinessList(asCity(c), deps));
  app.get('/:city/foretag/:slug', (c) => renderBusinessPage(asCity(c), deps));
}
