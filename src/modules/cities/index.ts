/** The cities module's public face. */
export { createCityService, type CityService, type City, CityInput, CityUpdate, citySlug, reservedSlugs } from './service.js';
export { cityProblems } from './errors.js';
export { cityMiddleware, cityNav, asAppContext, tr, type CityEnv, type CityContext } from './http.js';
export { mountCityAdminPages, associationNav } from './admin.js';
