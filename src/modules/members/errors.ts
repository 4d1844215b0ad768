import type { ProblemCatalogue } from '../../platform/errors.js';

export const memberProblems = {
  'members.business_not_found': { status: 404, title: 'Företaget finns inte', titleEn: 'Business not found', description: 'No business in this city has this address (slug) or id. It may belong to another city.' },
  'members.slug_taken': { status: 409, title: 'Adressen är upptagen', titleEn: 'Slug taken', description: 'Another business in this city already uses this slug.' },
  'members.org_number_invalid': { status: 400, title: 'Ogiltigt organisationsnummer', titleEn: 'Invalid organisation number', description: 'A Swedish organisation number has ten digits (NNNNNN-NNNN) and a check digit; a sole trader uses a personnummer.' },
  'members.import_failed': { status: 400, title: 'Importen stoppades', titleEn: 'Import stopped', description: 'One or more rows had errors, so nothing was imported. `errors` lists each row (1 is the first data row after the header) and field.' },
  'members.archived': { status: 409, title: 'Företaget är arkiverat', titleEn: 'Business archived', description: 'Archived businesses cannot be changed; restore it first.' },
} as const satisfies ProblemCatalogue;
