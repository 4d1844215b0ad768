/** The campaigns module's public face. */
export { createCampaignService, sponsorAccount, SPONSOR_INVOICE_SOURCE, SPONSOR_PAYMENT, CampaignInput, type Campaign, type CampaignView, type CampaignService, type CampaignGiftcardPort, type CampaignBillingPort, type CampaignLedgerPort } from './service.js';
export { campaignProblems } from './errors.js';
export { mountCampaignPages, offerText, type CampaignPagesDeps } from './pages.js';
