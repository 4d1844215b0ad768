import type { Child } from 'hono/jsx';
import type { Clock } from '../../platform/clock.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { CityService } from '../cities/index.js';
import type { Business, MembersService } from '../members/index.js';

/** What the directory's routes use; app.ts passes the full services object. */
export interface DirectoryHttpDeps {
  cities: CityService;
  members: MembersService;
  /** "Open now" is judged at this clock's now, per request. */
  clock: Clock;
  /** Small boxes other modules add under a business's status line (its crowd level, booking). */
  businessPageExtras?: Array<(cityId: string, citySlug: string, business: Business, locale: Locale) => Promise<Child | null>>;
}
