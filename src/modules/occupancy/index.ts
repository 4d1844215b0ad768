/** The occupancy module's public face: crowd counts, live streams, displays, the doorbell queue. */
export { createOccupancyService, cityChannel, stateOf, type OccupancyService, type Place, type PlaceState, type LiveMessage, type BusinessPort } from './service.js';
export { createQueueService, type QueueService } from './queue.js';
export { createLiveHub, type LiveHub } from './hub.js';
export { createOpenState, type OpenState } from './open-state.js';
export { levelOf, levelText, type Level } from './levels.js';
export { occupancyProblems } from './errors.js';
export { mountOccupancyApi } from './api.js';
export { mountOccupancyPages } from './pages/mount.js';
export type { OccupancyHttpDeps } from './deps.js';
export { liveLevelBox } from './pages/business-box.js';
export { liveLevelMapLayer } from './pages/map-layer.js';
export { occupancyMerchantLinks } from './pages/merchant-links.js';
