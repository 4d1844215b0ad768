import type { ProblemCatalogue } from '../../platform/errors.js';

export const occupancyProblems = {
  'occupancy.place_not_found': { status: 404, title: 'Platsen finns inte', titleEn: 'Place not found', description: 'No business or area in this city has that slug, so there is no count to read or change.' },
  'occupancy.count_out_of_range': {
    status: 422,
    title: 'Antalet är orimligt',
    titleEn: 'Count out of range',
    description: 'A count is a whole number from 0 to 100 000, and a delta a whole number from −1 000 to 1 000 that is not 0. Send `{ "delta": 1 }` or `{ "count": 12 }`, not both.',
  },
  'occupancy.slug_taken': { status: 409, title: 'Adressen är upptagen', titleEn: 'Slug taken', description: 'A business or another area in this city already uses that slug.' },
  'occupancy.queue_closed': { status: 409, title: 'Kön är stängd', titleEn: 'Queue closed', description: 'This place does not take a doorbell queue right now.' },
  'occupancy.queue_entry_not_found': { status: 404, title: 'Platsen i kön finns inte', titleEn: 'Queue entry not found', description: 'The link to your place in the queue is unknown or has expired.' },
} as const satisfies ProblemCatalogue;
