/** Finding what an operator names by slug, with a message that says what to type instead. */
import type { City } from '../modules/cities/index.js';
import type { Business } from '../modules/members/index.js';
import type { Services } from '../services.js';
import { CliError } from './output.js';

export async function requireCity(services: Services, slug: string): Promise<City> {
  const found = await services.cities.lookup(slug);
  if (!found) throw new CliError(`Staden ”${slug}” finns inte (se torget city list).`);
  // A former slug still works on the web, but a command should name the city as it is now.
  if ('redirectTo' in found) throw new CliError(`Staden ”${slug}” har bytt adress: använd --city ${found.redirectTo}.`);
  return found.city;
}

export async function requireBusiness(services: Services, city: City, slug: string): Promise<Business> {
  const found = await services.members.lookup(city.id, slug, { includeArchived: true });
  if (!found) throw new CliError(`Företaget ”${slug}” finns inte i ${city.name} (se torget business list --city ${city.slug}).`);
  if ('redirectTo' in found) throw new CliError(`Företaget ”${slug}” har bytt adress: använd --business ${found.redirectTo}.`);
  return found.business;
}
