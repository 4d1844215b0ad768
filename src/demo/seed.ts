/**
 * The demo city Demoköping, seeded through the same services the app uses, so the
 * demo exercises real validation and auditing. Deterministic: the same data every
 * time. Later modules add their own demo data here, one step each.
 */
import { systemActor } from '../platform/auth/roles.js';
import type { Services } from '../services.js';
import { demoBusinesses } from './demokoping/businesses.js';
import { demoCity, demoPeople } from './demokoping/city.js';

export interface SeedOptions {
  progress?: (step: string) => void;
}

export async function seedDemo(services: Services, options: SeedOptions = {}): Promise<{ cityId: string }> {
  const progress = options.progress ?? (() => {});
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

  const city = await services.cities.create(systemActor, {
    slug: demoCity.slug,
    name: demoCity.name,
    associationName: demoCity.associationName,
    orgNumber: demoCity.orgNumber,
    email: demoCity.email,
    phone: demoCity.phone,
    website: demoCity.website,
    description: demoCity.description,
    descriptionEn: demoCity.descriptionEn,
    primaryColor: demoCity.primaryColor,
    accentColor: demoCity.accentColor,
    centerLat: demoCity.center.lat,
    centerLng: demoCity.center.lng,
  });
  progress(`Staden ${city.name} skapad (${elapsed()})`);

  const ids = new Map<string, string>();
  for (const [i, b] of demoBusinesses.entries()) {
    const created = await services.members.create(systemActor, city.id, {
      slug: b.slug,
      name: b.name,
      category: b.category,
      orgNumber: b.orgNumber,
      isMember: b.isMember,
      memberSince: b.memberSince ?? null,
      description: b.description,
      descriptionEn: b.descriptionEn,
      street: `${b.street} ${b.streetNumber}`,
      postalCode: b.postalCode,
      postalTown: b.postalTown,
      lat: b.lat,
      lng: b.lng,
      phone: b.phone,
      email: b.email,
      website: b.website ?? null,
      openingHours: b.openingHours,
      services: b.services,
      tags: b.tags,
    });
    ids.set(b.slug, created.id);
    if ((i + 1) % 10 === 0 || i + 1 === demoBusinesses.length) progress(`${i + 1} av ${demoBusinesses.length} företag (${elapsed()})`);
  }

  const admin = await services.auth.createUser({ email: demoPeople.admin.email, name: demoPeople.admin.name, password: demoPeople.admin.password });
  await services.auth.grantRole(admin.id, { role: 'association-admin', cityId: city.id, businessId: null });
  const staff = await services.auth.createUser({ email: demoPeople.staff.email, name: demoPeople.staff.name, password: demoPeople.staff.password });
  await services.auth.grantRole(staff.id, { role: 'association-staff', cityId: city.id, businessId: null });
  const merchant = await services.auth.createUser({ email: demoPeople.merchant.email, name: demoPeople.merchant.name, password: demoPeople.merchant.password });
  await services.auth.grantRole(merchant.id, { role: 'merchant-owner', cityId: city.id, businessId: ids.get(demoPeople.merchant.businessSlug)! });
  progress(`Demokonton skapade (${elapsed()})`);
  return { cityId: city.id };
}

/** What the console prints after start: where to go and how to log in. */
export function demoLoginHelp(url: string, devMailbox: boolean): string {
  return [
    '',
    `  Demoköping:        ${url}/demo`,
    `  Logga in:          ${url}/logga-in`,
    `    Föreningen:      ${demoPeople.admin.email} / ${demoPeople.admin.password}`,
    `    Handlare:        ${demoPeople.merchant.email} / ${demoPeople.merchant.password} (${demoPeople.merchant.businessSlug})`,
    devMailbox ? `  E-post (dev):      ${url}/dev/mailbox  (inloggningslänkar hamnar här)` : '',
    `  API:               ${url}/api/docs`,
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}
