/** The gift card module's public face. */
export { createGiftcardService, type GiftcardService, type Card, type CardView, type Order, type Redemption, type RedeemResult, type OrderInput } from './service.js';
export { giftcardProblems } from './errors.js';
export { createCardMailRenderer, balanceLink } from './mail.js';
export { formatCode, maskCode, normalizeCode } from './codes.js';
export { isAcceptedBy, defaultProducts, type Product } from './products.js';
export { accounts } from './ports.js';
export { createPaymentGateway, simulatorRef, type PaymentGateway, type ProviderPort } from './payment-gateway.js';
export { mountGiftcardApi, mountGiftcardPublicPages, mountGiftcardMerchantPages, mountGiftcardAdminPages, mountGiftcardProductPages, mountGiftcardCoveragePage, type GiftcardHttpDeps } from './http.js';
export { buildExitExport, openExitExport, exitCsv, type ExitFile } from './exit-export.js';
export { redemptionSource, cardCampaignSource, redemptionDetails, type RedemptionDetail } from './read-port.js';
