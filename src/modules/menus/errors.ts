import type { ProblemCatalogue } from '../../platform/errors.js';

export const menuProblems = {
  'menus.nothing_to_copy': { status: 409, title: 'Det finns ingen meny förra veckan', titleEn: 'No menu last week', description: 'Copying needs a menu for the week before; enter this week by hand instead.' },
  'menus.week_invalid': { status: 400, title: 'Ogiltig vecka', titleEn: 'Invalid week', description: 'A week is given by its Monday, YYYY-MM-DD.' },
  'menus.not_a_restaurant': { status: 409, title: 'Företaget serverar inte lunch', titleEn: 'Not a restaurant', description: 'Lunch menus belong to restaurants, cafés and bars.' },
} as const satisfies ProblemCatalogue;
