import type { Clock } from '../../platform/clock.js';
import type { CityService } from '../cities/index.js';
import type { MembersService } from '../members/index.js';

/** What the directory's routes use; app.ts passes the full services object. */
export interface DirectoryHttpDeps {
  cities: CityService;
  members: MembersService;
  /** "Open now" is judged at this clock's now, per request. */
  clock: Clock;
}
