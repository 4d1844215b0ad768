import type { ProblemCatalogue } from '../../platform/errors.js';

export const routingProblems = {
  'routing.matrix_unavailable': {
    status: 502,
    title: 'Restider kunde inte hämtas',
    titleEn: 'Travel times unavailable',
    description: 'The routing service set in ROUTING_OSRM_URL did not answer with a travel-time table for these locations. Check that it is running and covers the area, or unset ROUTING_OSRM_URL to plan with straight-line distances.',
  },
  'routing.invalid_problem': {
    status: 400,
    title: 'Ruttproblemet är ogiltigt',
    titleEn: 'Invalid routing problem',
    description: 'The depots, vehicles or stops do not make a routing problem: see the errors for which field is wrong.',
  },
} as const satisfies ProblemCatalogue;

export type RoutingProblemCode = keyof typeof routingProblems;
