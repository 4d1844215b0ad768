import type { ProblemCatalogue } from '../../platform/errors.js';

export const offerProblems = {
  'offers.not_found': { status: 404, title: 'Erbjudandet finns inte', titleEn: 'Offer not found', description: 'No offer of this business in this city has this id.' },
} as const satisfies ProblemCatalogue;
