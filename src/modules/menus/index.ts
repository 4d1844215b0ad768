/**
 * The menus module's public face: restaurants' weekly lunch menus, the city's lunch
 * page (/{city}/lunch), the merchant's lunch editor and the public menus API.
 */
export { createMenusService, toLunchWeek, type MenusService, type LunchMenu } from './service.js';
export { menuProblems } from './errors.js';
export { dietTags, dietTagSlugs, dietFilters, dishesOn, dishMatches, lunchStatus, lunchDate, weekStartOf, type Dish, type DietTag, type LunchWeek, type LunchStatus } from './lunch.js';
export { mountMenuPages, mountMenuMerchantPages, mountMenuApi, menuSection, type MenusHttpDeps } from './http.js';
