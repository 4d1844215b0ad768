/** The cities module's public face. */
export { createCityService, type CityService, type City, CityInput, CityUpdate, citySlug, reservedSlugs } from './service.js';
export { cityProblems } from './errors.js';
export { cityMiddleware, cityNav, type CityEnv } from './http.js';
export { mountCityAdminPages, associationNav } from './admin.js';
