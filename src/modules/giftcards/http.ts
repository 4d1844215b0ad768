/** The gift card module's HTTP surface: POS API, public pages, merchant till, association tools. */
export { mountGiftcardApi } from './api.js';
export { mountGiftcardPublicPages } from './pages/public.js';
export { mountGiftcardMerchantPages } from './pages/merchant.js';
export { mountGiftcardAdminPages } from './pages/admin.js';
export { mountGiftcardProductPages } from './pages/admin-products.js';
export { mountGiftcardCoveragePage } from './pages/admin-coverage.js';
export type { GiftcardHttpDeps } from './deps.js';
