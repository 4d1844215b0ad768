import { describe, expect, it } from 'vitest';
import type { Business } from '../members/index.js';
import { businessJsonLd, jsonLdScriptContent, schemaOrgTypeFor } from './json-ld.js';
import { upcomingSpecialDays, weekLines } from './pages/business.js';

const business = (overrides: Partial<Business> = {}): Business =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    cityId: '00000000-0000-4000-8000-000000000002',
    slug: 'kaffebaren',
    name: 'Kaffebaren',
    category: 'kafe',
    orgNumber: '556677-8899',
    isSoleTrader: false,
    isMember: true,
    description: 'Kaffe',
    descriptionEn: 'Coffee',
    street: 'Torggatan 3',
    postalCode: '532 30',
    postalTown: 'Demoköping',
    lat: 58.39,
    lng: 13.845,
    phone: '+46701234567',
    email: null,
    website: null,
    openingHours: {
      regular: [1, 2, 3, 4, 5].map((day) => ({ day, opens: '10:00', closes: '18:00' })),
      special: [
        { date: '2025-12-24', closed: true },
        { date: '2026-12-24', closed: true },
        { date: '2026-12-25', closed: true },
      ],
    },
    services: [],
    tags: [],
    ...overrides,
  }) as Business;

describe('businessJsonLd', () => {
  it('describes the business as schema.org wants it', () => {
    const ld = businessJsonLd(business(), { pageUrl: 'https://torget.example/demo/foretag/kaffebaren', today: '2026-12-11', locale: 'sv' });
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'CafeOrCoffeeShop',
      name: 'Kaffebaren',
      url: 'https://torget.example/demo/foretag/kaffebaren',
      telephone: '+46701234567',
      address: { '@type': 'PostalAddress', streetAddress: 'Torggatan 3', postalCode: '532 30', addressLocality: 'Demoköping', addressCountry: 'SE' },
      geo: { '@type': 'GeoCoordinates', latitude: 58.39, longitude: 13.845 },
      openingHoursSpecification: [{ '@type': 'OpeningHoursSpecification', opens: '10:00:00', closes: '18:00:00' }],
      // Last year's Christmas is gone; this year's two closed days are one run.
      specialOpeningHoursSpecification: [{ validFrom: '2026-12-24', validThrough: '2026-12-25', opens: '00:00:00', closes: '00:00:00' }],
    });
    expect(JSON.stringify(ld)).not.toContain('556677-8899');
  });

  it('falls back to LocalBusiness', () => {
    expect(schemaOrgTypeFor('restaurang')).toBe('Restaurant');
    expect(schemaOrgTypeFor('bar')).toBe('BarOrPub');
    expect(schemaOrgTypeFor('frisor')).toBe('HairSalon');
    expect(schemaOrgTypeFor('okand')).toBe('LocalBusiness');
  });

  it('escapes what could end the script element', () => {
    const text = jsonLdScriptContent({ name: '</script><script>alert(1)</script> & \u2028' });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual({ name: '</script><script>alert(1)</script> & \u2028' });
  });
});

describe('opening hours on the page', () => {
  it('groups the week and knows which days each line covers', () => {
    const hours = { regular: [...[1, 2, 3, 4, 5].map((day) => ({ day, opens: '10:00', closes: '18:00' })), { day: 6, opens: '10:00', closes: '14:00' }], special: [] };
    expect(weekLines(hours, 'sv')).toEqual([
      { days: 'måndag–fredag', hours: 'kl. 10–18', from: 1, to: 5 },
      { days: 'lördag', hours: 'kl. 10–14', from: 6, to: 6 },
      { days: 'söndag', hours: 'stängt', from: 7, to: 7 },
    ]);
  });

  it('lists special days in the next 30 days, named by note, holiday or weekday', () => {
    const hours = {
      regular: [],
      special: [
        { date: '2026-12-10', closed: true as const },
        { date: '2026-12-24', closed: true as const },
        { date: '2026-12-19', closed: false as const, opens: '10:00', closes: '16:00', note: 'julmarknad' },
        { date: '2026-12-30', closed: false as const, opens: '10:00', closes: '12:00' },
        { date: '2026-12-30', closed: false as const, opens: '13:00', closes: '15:30' },
        { date: '2027-01-11', closed: true as const },
      ],
    };
    expect(upcomingSpecialDays(hours, '2026-12-11', 'sv').map((d) => d.text)).toEqual([
      'julmarknad 19 december: kl. 10–16',
      'julafton 24 december: stängt',
      'onsdag 30 december: kl. 10–12, 13.00–15.30',
    ]);
    expect(upcomingSpecialDays(hours, '2026-12-11', 'en').map((d) => d.text)[1]).toBe('Christmas Eve 24 December: closed');
  });
});
