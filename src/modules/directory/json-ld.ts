/**
 * schema.org JSON-LD for a business page, so search engines and maps show the right
 * type, address and opening hours. Pure: no I/O, the caller passes the page URL and
 * today's Stockholm date.
 */
import { toSchemaOrgOpeningHours, type Business, type CategorySlug } from '../members/index.js';
import { descriptionOf, hoursOf } from './public-business.js';
import type { Locale } from '../../platform/i18n/locale.js';

/** The most specific schema.org type for each category; LocalBusiness where none fits. */
const typeByCategory: Record<CategorySlug, string> = {
  mode: 'ClothingStore',
  skor: 'ShoeStore',
  inredning: 'HomeGoodsStore',
  bocker: 'BookStore',
  sport: 'SportingGoodsStore',
  optik: 'Optician',
  smycken: 'JewelryStore',
  livsmedel: 'GroceryStore',
  blommor: 'Florist',
  apotek: 'Pharmacy',
  tobak: 'Store',
  restaurang: 'Restaurant',
  kafe: 'CafeOrCoffeeShop',
  bar: 'BarOrPub',
  frisor: 'HairSalon',
  skonhet: 'BeautySalon',
  halsa: 'HealthClub',
  tjanster: 'LocalBusiness',
  hotell: 'Hotel',
  kultur: 'EntertainmentBusiness',
  fastighetsagare: 'LocalBusiness',
};

export const schemaOrgTypeFor = (category: string): string => typeByCategory[category as CategorySlug] ?? 'LocalBusiness';

/**
 * The LocalBusiness (or subtype) object. Special days before `today` are left out:
 * last year's Christmas hours only confuse. The org. number is deliberately absent,
 * even for companies: the page shows it, search engines need not.
 */
export function businessJsonLd(b: Business, options: { pageUrl: string; today: string; locale: Locale }): Record<string, unknown> {
  const hours = hoursOf(b);
  const { openingHoursSpecification, specialOpeningHoursSpecification } = toSchemaOrgOpeningHours({
    regular: hours.regular,
    special: hours.special.filter((s) => s.date >= options.today),
  });
  const description = descriptionOf(b, options.locale);
  return {
    '@context': 'https://schema.org',
    '@type': schemaOrgTypeFor(b.category),
    '@id': options.pageUrl,
    name: b.name,
    ...(description ? { description } : {}),
    url: options.pageUrl,
    ...(b.website ? { sameAs: [b.website] } : {}),
    address: {
      '@type': 'PostalAddress',
      ...(b.street ? { streetAddress: b.street } : {}),
      ...(b.postalCode ? { postalCode: b.postalCode } : {}),
      ...(b.postalTown ? { addressLocality: b.postalTown } : {}),
      addressCountry: 'SE',
    },
    ...(b.lat !== null && b.lng !== null ? { geo: { '@type': 'GeoCoordinates', latitude: b.lat, longitude: b.lng } } : {}),
    ...(b.phone ? { telephone: b.phone } : {}),
    ...(b.email ? { email: b.email } : {}),
    ...(openingHoursSpecification.length ? { openingHoursSpecification } : {}),
    ...(specialOpeningHoursSpecification.length ? { specialOpeningHoursSpecification } : {}),
  };
}

/**
 * JSON for inside <script type="application/ld+json">: `<` (and `>`, `&`, the JS line
 * separators) escaped, so a business called "</script><script>…" cannot end the tag.
 */
export function jsonLdScriptContent(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
