/**
 * The public face of a business: what residents, search engines and API clients may
 * see. Everything the directory shows goes through here, so the rule that a sole
 * trader's personnummer is never published lives in one place.
 */
import { z } from '@hono/zod-openapi';
import type { City } from '../cities/index.js';
import { categories, services as serviceLabels, openStatus, type Business, type CategorySlug, type OpeningHours, type ServiceSlug } from '../members/index.js';
import type { Locale } from '../../platform/i18n/locale.js';

const Interval = { opens: z.string().openapi({ example: '10:00' }), closes: z.string().openapi({ example: '18:00' }) };

export const PublicOpeningHours = z
  .object({
    regular: z.array(z.object({ day: z.number().int().min(1).max(7).openapi({ description: 'ISO weekday, Monday = 1' }), ...Interval })),
    special: z.array(
      z.object({
        date: z.string().openapi({ example: '2026-12-24' }),
        closed: z.boolean(),
        opens: z.string().optional(),
        closes: z.string().optional(),
        note: z.string().optional(),
      }),
    ),
  })
  .openapi('OpeningHours', { description: "Wall-clock times in Europe/Stockholm; `closes` at or before `opens` runs past midnight. Special days replace the regular week on their date." });

export const PublicBusiness = z
  .object({
    slug: z.string().openapi({ example: 'kaffebaren' }),
    name: z.string().openapi({ example: 'Kaffebaren' }),
    category: z.string().openapi({ example: 'kafe' }),
    categoryLabel: z.string().openapi({ example: 'Kaféer & konditorier' }),
    description: z.string(),
    address: z.object({ street: z.string(), postalCode: z.string().openapi({ example: '532 30' }), postalTown: z.string() }),
    location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
    phone: z.string().nullable().openapi({ description: 'E.164', example: '+46701234567' }),
    email: z.string().nullable(),
    website: z.string().nullable(),
    services: z.array(z.string()).openapi({ example: ['giftcard'] }),
    tags: z.array(z.string()),
    isMember: z.boolean(),
    orgNumber: z.string().optional().openapi({ description: 'Organisationsnummer; left out for sole traders, whose number is a personnummer.', example: '556677-8899' }),
    openingHours: PublicOpeningHours,
    openNow: z.boolean().openapi({ description: 'Open at the time of the request (Stockholm wall clock).' }),
    url: z.string().openapi({ description: 'Path of the business page', example: '/demo/foretag/kaffebaren' }),
  })
  .openapi('Business');
export type PublicBusiness = z.infer<typeof PublicBusiness>;

export const categoryLabel = (slug: string, locale: Locale): string => {
  const cat = categories[slug as CategorySlug];
  return cat ? cat[locale] : slug;
};

export const serviceLabel = (slug: string, locale: Locale): string => {
  const s = serviceLabels[slug as ServiceSlug];
  return s ? s[locale] : slug;
};

/** Path of a business's page (Swedish unless a locale prefix is given). */
export const businessPath = (citySlug: string, businessSlug: string, prefix = ''): string => `${prefix}/${citySlug}/foretag/${businessSlug}`;

export const hoursOf = (b: Business): OpeningHours => (b.openingHours as OpeningHours | null) ?? { regular: [], special: [] };

export const descriptionOf = (b: Business, locale: Locale): string => (locale === 'en' && b.descriptionEn ? b.descriptionEn : b.description);

/** The organisation number when it may be published; never a sole trader's personnummer. */
export const publicOrgNumber = (b: Business): string | null => (b.isSoleTrader ? null : b.orgNumber);

export function toPublicBusiness(b: Business, city: City, now: Date, locale: Locale = 'sv'): PublicBusiness {
  const orgNumber = publicOrgNumber(b);
  const hours = hoursOf(b);
  return {
    slug: b.slug,
    name: b.name,
    category: b.category,
    categoryLabel: categoryLabel(b.category, locale),
    description: descriptionOf(b, locale),
    address: { street: b.street, postalCode: b.postalCode, postalTown: b.postalTown },
    location: b.lat !== null && b.lng !== null ? { lat: b.lat, lng: b.lng } : null,
    phone: b.phone,
    email: b.email,
    website: b.website,
    services: b.services ?? [],
    tags: b.tags ?? [],
    isMember: b.isMember,
    ...(orgNumber ? { orgNumber } : {}),
    openingHours: { regular: hours.regular, special: hours.special },
    openNow: openStatus(hours, now).isOpen,
    url: businessPath(city.slug, b.slug),
  };
}
