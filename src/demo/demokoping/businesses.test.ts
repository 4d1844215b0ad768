import { describe, it, expect } from 'vitest';
import { categories, categoryGroups, serviceSlugs } from '../../modules/members/categories.js';
import { OpeningHours } from '../../modules/members/opening-hours.js';
import { demoBusinesses, streets, storaTorget, type StreetName } from './businesses.js';
import { demoCity, demoPeople } from './city.js';

/** Luhn over the first nine digits: double every other digit starting with the first. */
function luhnCheckDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < nine.length; i++) {
    let d = Number(nine[i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function validOrgShape(org: string): boolean {
  if (!/^\d{6}-\d{4}$/.test(org)) return false;
  const digits = org.replace('-', '');
  return luhnCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

function validPersonnummerDate(pnr: string): boolean {
  const yy = Number(pnr.slice(0, 2));
  const mm = Number(pnr.slice(2, 4));
  const dd = Number(pnr.slice(4, 6));
  const year = yy + (yy > 26 ? 1900 : 2000);
  const date = new Date(Date.UTC(year, mm - 1, dd));
  return date.getUTCFullYear() === year && date.getUTCMonth() === mm - 1 && date.getUTCDate() === dd;
}

function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000;
  const rad = (x: number) => (x * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const isProperty = (b: (typeof demoBusinesses)[number]) => categories[b.category].group === 'property';
const nonProperty = demoBusinesses.filter((b) => !isProperty(b));

describe('Demoköping businesses', () => {
  it('has a town centre full of businesses', () => {
    expect(demoBusinesses.length).toBeGreaterThanOrEqual(40);
  });

  it('has unique slugs, names and organisation numbers', () => {
    for (const key of ['slug', 'name', 'orgNumber'] as const) {
      const values = demoBusinesses.map((b) => b[key]);
      expect(new Set(values).size, key).toBe(values.length);
    }
    for (const b of demoBusinesses) expect(b.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has organisation numbers with a valid Luhn check digit, and personnummer only for sole traders', () => {
    for (const b of demoBusinesses) {
      expect(validOrgShape(b.orgNumber), `${b.slug} ${b.orgNumber}`).toBe(true);
      if (b.soleTrader) {
        expect(validPersonnummerDate(b.orgNumber), `${b.slug} ${b.orgNumber}`).toBe(true);
      } else {
        expect(Number(b.orgNumber.slice(2, 4)), `${b.slug} ${b.orgNumber}`).toBeGreaterThanOrEqual(20);
        expect(b.orgNumber[0], b.slug).toMatch(/[25789]/);
      }
    }
    expect(demoBusinesses.filter((b) => b.soleTrader)).toHaveLength(2);
    // Mostly aktiebolag, with some handelsbolag and föreningar.
    const firstDigits = demoBusinesses.filter((b) => !b.soleTrader).map((b) => b.orgNumber[0]);
    expect(firstDigits.filter((d) => d === '5').length).toBeGreaterThan(firstDigits.length / 2);
    for (const d of ['7', '8', '9']) expect(firstDigits, d).toContain(d);
  });

  it('places every business within 1 km of Stora torget, on its street', () => {
    for (const b of demoBusinesses) {
      expect(metresBetween(storaTorget, b), b.slug).toBeLessThan(1000);
      expect(Object.keys(streets), b.slug).toContain(b.street);
      expect(b.postalCode, b.slug).toBe(streets[b.street as StreetName].postalCode);
      expect(b.postalCode).toMatch(/^532 3[0-7]$/);
      expect(b.postalTown).toBe('Demoköping');
    }
  });

  it('keeps odd and even numbers on opposite sides of each street', () => {
    for (const [name, def] of Object.entries(streets)) {
      if (def.axis === 'square') continue;
      for (const b of demoBusinesses.filter((x) => x.street === name)) {
        const odd = Number.parseInt(b.streetNumber, 10) % 2 === 1;
        if (def.axis === 'east-west') expect(b.lat > def.lat, `${b.slug}: odd is north`).toBe(odd);
        else expect(b.lng < def.lng, `${b.slug}: odd is west`).toBe(odd);
      }
    }
  });

  it('covers every category group, with at least 8 restaurants and 5 cafés', () => {
    for (const group of categoryGroups) {
      expect(demoBusinesses.filter((b) => categories[b.category].group === group).length, group).toBeGreaterThan(0);
    }
    const count = (c: string) => demoBusinesses.filter((b) => b.category === c).length;
    expect(count('restaurang')).toBeGreaterThanOrEqual(8);
    expect(count('kafe')).toBeGreaterThanOrEqual(5);
    expect(count('bar')).toBeGreaterThanOrEqual(1);
    expect(count('hotell')).toBeGreaterThanOrEqual(1);
    expect(count('fastighetsagare')).toBeGreaterThanOrEqual(4);
    expect(demoBusinesses.some((b) => b.category === 'kafe' && b.name.toLowerCase().includes('kaffe'))).toBe(true);
    expect(demoBusinesses.some((b) => b.category === 'kafe' && b.name.startsWith('Kafé '))).toBe(true);
  });

  it('has E.164 phone numbers and .example addresses', () => {
    for (const b of demoBusinesses) {
      expect(b.phone, b.slug).toMatch(/^\+46[1-9]\d{6,11}$/);
      const domain = `${b.slug}.example`;
      expect(b.email, b.slug).toMatch(/^[a-z0-9.]+@[a-z0-9-]+\.example$/);
      expect(b.email.endsWith(`@${domain}`), b.slug).toBe(true);
      expect(b.contact.email.endsWith(`@${domain}`), b.slug).toBe(true);
      if (b.website) expect(b.website, b.slug).toBe(`https://${domain}`);
      expect(b.contact.name, b.slug).toMatch(/^\p{Lu}\p{L}+( \p{Lu}\p{L}+)+$/u);
    }
    expect(new Set(demoBusinesses.map((b) => b.phone)).size).toBe(demoBusinesses.length);
  });

  it('has opening hours in HH:MM, and none for property owners', () => {
    for (const b of demoBusinesses) {
      for (const r of b.openingHours.regular) {
        expect([1, 2, 3, 4, 5, 6, 7], b.slug).toContain(r.day);
        expect(r.opens, b.slug).toMatch(HHMM);
        expect(r.closes, b.slug).toMatch(HHMM);
      }
      for (const s of b.openingHours.special) {
        expect(s.date, b.slug).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (!s.closed) {
          expect(s.opens, b.slug).toMatch(HHMM);
          expect(s.closes, b.slug).toMatch(HHMM);
        }
      }
      if (isProperty(b)) {
        expect(b.openingHours.regular, b.slug).toHaveLength(0);
        expect(b.services.length, b.slug).toBeLessThanOrEqual(1);
      } else {
        expect(b.openingHours.regular.length, b.slug).toBeGreaterThan(0);
      }
    }
    // The same rules a business meets when it edits its own hours (no overlaps, ≤ 4 intervals a day, …).
    for (const b of demoBusinesses) {
      const parsed = OpeningHours.safeParse(b.openingHours);
      expect(parsed.success ? [] : parsed.error.issues.map((i) => i.message), b.slug).toEqual([]);
    }
    // Bars close after midnight.
    const bars = demoBusinesses.filter((b) => b.category === 'bar');
    expect(bars.some((b) => b.openingHours.regular.some((r) => r.closes < r.opens))).toBe(true);
  });

  it('gives every non-property business its Christmas-season exceptions', () => {
    for (const b of nonProperty) {
      const dates = b.openingHours.special.map((s) => s.date);
      expect(dates, b.slug).toContain('2026-12-24');
      expect(new Set(dates).size, `${b.slug}: one entry per date`).toBe(dates.length);
    }
    const closedOn = (date: string) =>
      nonProperty.filter((b) => b.openingHours.special.some((s) => s.date === date && s.closed)).length;
    expect(closedOn('2026-12-25')).toBeGreaterThan(nonProperty.length / 2);
    expect(closedOn('2027-01-06')).toBeGreaterThan(10);
  });

  it('offers services the way a real town centre does', () => {
    for (const b of demoBusinesses) for (const s of b.services) expect(serviceSlugs, b.slug).toContain(s);
    const withService = (s: string, category?: string) =>
      demoBusinesses.filter((b) => b.services.includes(s as never) && (!category || b.category === category)).length;
    expect(withService('take_away', 'restaurang')).toBeGreaterThanOrEqual(4);
    expect(withService('home_delivery')).toBeGreaterThanOrEqual(3);
    expect(withService('click_collect')).toBeGreaterThanOrEqual(3);
    expect(withService('booking', 'frisor')).toBeGreaterThanOrEqual(2);
    const members = demoBusinesses.filter((b) => b.isMember);
    const sellers = members.filter((b) => !isProperty(b));
    expect(sellers.filter((b) => b.services.includes('giftcard')).length).toBeGreaterThan(sellers.length * 0.8);
    // Non-members cannot accept the city gift card.
    for (const b of demoBusinesses.filter((x) => !x.isMember)) expect(b.services, b.slug).not.toContain('giftcard');
  });

  it('lists a few non-members, and a membership date for every member', () => {
    const nonMembers = demoBusinesses.filter((b) => !b.isMember);
    expect(nonMembers.length).toBeGreaterThanOrEqual(3);
    expect(nonMembers.length).toBeLessThanOrEqual(6);
    for (const b of demoBusinesses) {
      if (b.isMember) expect(b.memberSince, b.slug).toMatch(/^(200\d|201\d|202[0-6])-\d{2}-\d{2}$/);
      else expect(b.memberSince, b.slug).toBeUndefined();
    }
  });
});

describe('Demoköping city', () => {
  it('is a valid ideell förening with an accessible primary colour', () => {
    expect(demoCity.slug).toBe('demo');
    expect(validOrgShape(demoCity.orgNumber)).toBe(true);
    expect(demoCity.orgNumber[0]).toBe('8');
    expect(Number(demoCity.orgNumber.slice(2, 4))).toBeGreaterThanOrEqual(20);
    expect(contrast('#ffffff', demoCity.primaryColor)).toBeGreaterThanOrEqual(4.5);
    expect(demoCity.phone).toMatch(/^\+46\d{7,12}$/);
  });

  it('has a demo merchant who runs Kaffebaren', () => {
    const kaffebaren = demoBusinesses.find((b) => b.slug === demoPeople.merchant.businessSlug);
    expect(kaffebaren?.contact.email).toBe(demoPeople.merchant.email);
    expect(kaffebaren?.contact.name).toBe(demoPeople.merchant.name);
    expect(new Set([demoPeople.admin.email, demoPeople.staff.email, demoPeople.merchant.email]).size).toBe(3);
  });
});
