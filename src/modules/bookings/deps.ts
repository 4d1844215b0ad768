import type { Clock } from '../../platform/clock.js';
import type { CityService } from '../cities/index.js';
import type { MembersService } from '../members/index.js';
import type { BookingService } from './service.js';

/** What the booking pages use; app.ts passes the full services object. */
export interface BookingHttpDeps {
  cities: CityService;
  members: MembersService;
  bookings: BookingService;
  clock: Clock;
}
