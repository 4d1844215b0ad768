/** The shapes a business is created and edited with, shared by API, pages, CSV and CLI. */
import { z } from 'zod';
import { parseOrgNumber } from '../../platform/identity/org-number.js';
import { normalizePostalCode, normalizeSwedishPhone } from '../../platform/identity/phone.js';
import { categorySlugs, serviceSlugs } from './categories.js';
import { OpeningHours } from './opening-hours.js';

export const businessSlug = z
  .string()
  .min(2)
  .max(60)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Endast a–z, 0–9 och bindestreck.');

const phone = z
  .string()
  .max(30)
  .transform((v, ctx) => {
    const e164 = normalizeSwedishPhone(v);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'Ange ett svenskt telefonnummer, t.ex. 070-123 45 67.' });
      return z.NEVER;
    }
    return e164;
  });

const postalCode = z
  .string()
  .max(10)
  .transform((v, ctx) => {
    const p = normalizePostalCode(v);
    if (!p) {
      ctx.addIssue({ code: 'custom', message: 'Postnummer har fem siffror, t.ex. 532 30.' });
      return z.NEVER;
    }
    return p;
  });

export const orgNumber = z
  .string()
  .max(20)
  .transform((v, ctx) => {
    const parsed = parseOrgNumber(v);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.reason === 'check_digit' ? 'Kontrollsiffran stämmer inte.' : 'Skriv tio siffror, NNNNNN-NNNN.' });
      return z.NEVER;
    }
    return { value: parsed.value, isSoleTrader: parsed.kind === 'personal' };
  });

/** The public profile fields a merchant owner may edit on their own listing. */
export const ListingFields = z.strictObject({
  description: z.string().trim().max(1000),
  descriptionEn: z.string().trim().max(1000),
  street: z.string().trim().max(120),
  postalCode: postalCode.or(z.literal('')),
  postalTown: z.string().trim().max(60),
  phone: phone.nullable(),
  email: z.email().max(200).nullable(),
  website: z.url().max(300).refine((u) => /^https?:\/\//.test(u), 'Adressen ska börja med https://').nullable(),
  openingHours: OpeningHours,
  services: z.array(z.enum(serviceSlugs)).max(serviceSlugs.length),
  tags: z.array(z.string().trim().min(1).max(40)).max(20),
});

export const BusinessInput = ListingFields.partial().extend({
  slug: businessSlug.optional(),
  name: z.string().trim().min(1, 'Ange ett namn.').max(100),
  category: z.enum(categorySlugs),
  orgNumber,
  isMember: z.boolean().default(true),
  memberSince: z.iso.date().nullable().optional(),
  lat: z.number().min(55).max(69.1).nullable().optional(),
  lng: z.number().min(10.9).max(24.2).nullable().optional(),
});
export type BusinessInput = z.input<typeof BusinessInput>;

export const BusinessUpdate = BusinessInput.partial();
export type BusinessUpdate = z.input<typeof BusinessUpdate>;
export const ListingUpdate = ListingFields.partial();
export type ListingUpdate = z.input<typeof ListingUpdate>;
