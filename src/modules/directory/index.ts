/**
 * The directory module's public face: the public shop window of a city's businesses,
 * as JSON (/api/v1/cities/{city}/businesses) and as pages (/{city}/foretag). It owns
 * no tables; it reads businesses through members' index and cities through cities'.
 */
export type { DirectoryHttpDeps, BusinessPageSection, BusinessSectionContent, MapLayer, MapPoint } from './deps.js';
export { mountDirectoryApi, BusinessListQuery, BusinessList } from './api.js';
export { mountDirectoryPages } from './pages/mount.js';
export { PublicBusiness, toPublicBusiness, publicOrgNumber } from './public-business.js';
export { businessJsonLd, jsonLdScriptContent, schemaOrgTypeFor } from './json-ld.js';
