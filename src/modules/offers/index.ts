/** The offers module's public face: members' offers and service offers, /{city}/erbjudanden, the merchant's page and the API. */
export { createOffersService, OfferInput, offerServices, offerServiceSlugs, type OffersService, type Offer, type OfferService } from './service.js';
export { offerProblems } from './errors.js';
export { mountOfferPages, mountOfferMerchantPages, mountOfferApi, offerSection, type OffersHttpDeps } from './http.js';
