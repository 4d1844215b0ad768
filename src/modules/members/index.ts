/** The members module's public face: other modules use only what is exported here. */
export { createMembersService, type MembersService, type Business, type BusinessPage, type ListOptions } from './service.js';
export { BusinessInput, BusinessUpdate, ListingUpdate, ListingFields, businessSlug } from './input.js';
export { categories, categorySlugs, categoryGroups, services, serviceSlugs, type CategorySlug, type ServiceSlug, type CategoryGroup } from './categories.js';
export { memberProblems } from './errors.js';
export { csvTemplateHeader } from './csv.js';
export * from './opening-hours.js';
export type { MemberContext, MerchantLink } from './pages/shared.js';
