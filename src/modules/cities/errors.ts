import type { ProblemCatalogue } from '../../platform/errors.js';

export const cityProblems = {
  'city.slug_taken': { status: 409, title: 'Adressen är upptagen', titleEn: 'Slug taken', description: 'Another city (or a former address of one) already uses this slug. Former slugs keep redirecting, so they cannot be reused.' },
  'city.slug_reserved': { status: 400, title: 'Adressen är reserverad', titleEn: 'Slug reserved', description: 'The slug is a word Torget uses for its own pages (such as `api` or `admin`).' },
  'city.not_found': { status: 404, title: 'Staden finns inte', titleEn: 'City not found', description: 'No city on this instance has this slug.' },
} as const satisfies ProblemCatalogue;

export type CityProblemCode = keyof typeof cityProblems;
