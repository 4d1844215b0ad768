export type Locale = 'sv' | 'en';
export const locales: readonly Locale[] = ['sv', 'en'];

/** English pages live under /en/…; Swedish pages have no prefix. */
export const localePrefix = (locale: Locale): '' | '/en' => (locale === 'en' ? '/en' : '');

/** Picks the Swedish or English text. Swedish is the default everywhere. */
export const pick = <T>(locale: Locale, sv: T, en: T): T => (locale === 'en' ? en : sv);
