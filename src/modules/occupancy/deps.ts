import type { AuthService } from '../../platform/auth/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import type { ProblemRegistry } from '../../platform/errors.js';
import type { CityService } from '../cities/index.js';
import type { MembersService } from '../members/index.js';
import type { LiveHub } from './hub.js';
import type { OpenState } from './open-state.js';
import type { QueueService } from './queue.js';
import type { OccupancyService } from './service.js';

/** What the occupancy pages and API use; app.ts passes the full services object. */
export interface OccupancyHttpDeps {
  config: Config;
  cities: CityService;
  members: MembersService;
  auth: AuthService;
  occupancy: OccupancyService;
  occupancyQueue: QueueService;
  liveHub: LiveHub;
  liveOpenState: OpenState;
  problems: ProblemRegistry;
  clock: Clock;
}
