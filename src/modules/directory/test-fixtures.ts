/**
 * The town the directory tests share: a handful of businesses chosen to exercise
 * Swedish order, fuzzy search, filters, opening hours and a sole trader. Test-only.
 */
import { systemActor } from '../../platform/auth/roles.js';
import { luhnCheckDigit } from '../../platform/identity/luhn.js';
import type { TestContext } from '../../../test/harness.js';
import { insertBusiness, insertCity } from '../../../test/factories/index.js';

const weekdays = (opens: string, closes: string) => [1, 2, 3, 4, 5].map((day) => ({ day, opens, closes }));

/** A documentation-style personnummer (serial 98x) with a valid check digit. */
export function soleTraderNumber(): string {
  const body = '850101987';
  return `850101-987${luhnCheckDigit(body)}`;
}

export async function seedDirectoryTown(ctx: TestContext) {
  const { services } = ctx;
  const city = await insertCity(services, { name: 'Provköping' });
  const other = await insertCity(services, { name: 'Grannstad' });
  const personnummer = soleTraderNumber();

  const kaffebaren = await insertBusiness(services, city, {
    name: 'Kaffebaren',
    slug: 'kaffebaren',
    category: 'kafe',
    description: 'Espresso och kanelbullar vid torget.',
    descriptionEn: 'Espresso and cinnamon buns by the square.',
    street: 'Torggatan 3',
    postalCode: '532 30',
    postalTown: 'Provköping',
    lat: 58.39,
    lng: 13.845,
    phone: '070-123 45 67',
    email: 'hej@kaffebaren.example',
    website: 'https://kaffebaren.example/',
    services: ['take_away', 'giftcard'],
    openingHours: {
      regular: [...weekdays('08:00', '18:00'), { day: 6, opens: '09:00', closes: '15:00' }],
      special: [
        { date: '2026-12-24', closed: true },
        { date: '2026-12-31', closed: false, opens: '09:00', closes: '13:00', note: 'nyårsafton' },
        { date: '2027-02-01', closed: true },
      ],
    },
  });
  const ljuset = await insertBusiness(services, city, { name: 'Kafé Ljuset', category: 'kafe', services: [] });
  const zetas = await insertBusiness(services, city, { name: 'Zetas', category: 'mode', services: ['home_delivery'] });
  const akessons = await insertBusiness(services, city, { name: 'Åkessons', category: 'skor' });
  const angel = await insertBusiness(services, city, { name: 'Ängel', category: 'smycken' });
  // Evenings only: closed at the harness clock (Friday 11:30 in Stockholm).
  const olstugan = await insertBusiness(services, city, {
    name: 'Ölstugan',
    category: 'bar',
    services: [],
    openingHours: { regular: [4, 5, 6].map((day) => ({ day, opens: '16:00', closes: '01:00' })), special: [] },
  });
  const soleTrader = await insertBusiness(services, city, { name: 'Bosses Cykelverkstad', category: 'tjanster', orgNumber: personnummer });
  const hostile = await insertBusiness(services, city, { name: 'Bar </script><script>alert(1)</script>', slug: 'hostile', category: 'bar', services: [] });
  const renamed = await insertBusiness(services, city, { name: 'Gamla Bokhandeln', slug: 'gamla-bokhandeln', category: 'bocker' });
  await services.members.update(systemActor, city.id, renamed.id, { slug: 'nya-bokhandeln' });
  const archived = await insertBusiness(services, city, { name: 'Stängda Butiken', slug: 'stangda-butiken' });
  await services.members.archive(systemActor, city.id, archived.id);
  const elsewhere = await insertBusiness(services, other, { name: 'Grannens Kaffe', slug: 'grannens-kaffe', category: 'kafe' });

  return { city, other, personnummer, kaffebaren, ljuset, zetas, akessons, angel, olstugan, soleTrader, hostile, renamed, archived, elsewhere };
}

export type DirectoryTown = Awaited<ReturnType<typeof seedDirectoryTown>>;
