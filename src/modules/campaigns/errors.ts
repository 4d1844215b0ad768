import type { ProblemCatalogue } from '../../platform/errors.js';

export const campaignProblems = {
  'campaigns.not_found': { status: 404, title: 'Kampanjen finns inte', titleEn: 'Campaign not found', description: 'No campaign in this city has this slug or id.' },
  'campaigns.slug_taken': { status: 409, title: 'Namnet är upptaget', titleEn: 'Campaign slug taken', description: 'Another campaign in this city already uses this slug.' },
  'campaigns.sold_out': { status: 409, title: 'Slutsålt', titleEn: 'Sold out', description: 'Every card of the campaign is sold or held for a purchase in progress. Nothing was paid.' },
  'campaigns.buyer_limit': { status: 409, title: 'Du har köpt det högsta antalet', titleEn: 'Per-buyer limit reached', description: 'The campaign allows a certain number of cards per buyer, and this purchase would exceed it. Nothing was paid.' },
  'campaigns.not_active': { status: 409, title: 'Kampanjen pågår inte', titleEn: 'Campaign not running', description: 'The campaign has not started yet, or has ended.' },
} as const satisfies ProblemCatalogue;
