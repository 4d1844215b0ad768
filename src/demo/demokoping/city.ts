/**
 * Demoköping, the fictional demo city (slug `demo`), and the people who log in to it.
 * Pure data. The phone number is from the range PTS reserves for fiction; addresses use
 * the reserved `.example` domain. The passwords are demo passwords, printed on the demo's
 * login page on purpose: never reuse them anywhere real.
 */
import { demoBusinesses } from './businesses.js';

export const demoCity = {
  slug: 'demo',
  name: 'Demoköping',
  associationName: 'Demoköpings Centrumförening',
  /** Ideell förening (first digit 8), valid Luhn check digit. */
  orgNumber: '802514-2368',
  email: 'info@demokoping.example',
  phone: '+46701740605',
  website: 'https://demokoping.example',
  /** White text on it has a contrast of 7.8:1 (WCAG AA needs 4.5:1). */
  primaryColor: '#0b5d4b',
  /** Amber; use dark text on it (#1a1a1a gives 9.5:1). */
  accentColor: '#f2b632',
  description:
    'Demoköpings Centrumförening samlar ett femtiotal butiker, kaféer, restauranger och fastighetsägare runt Stora torget och längs ån. Tillsammans gör vi stadskärnan till en plats där man vill handla, äta och mötas, året runt.',
  descriptionEn:
    'Demoköping’s town centre association brings together some fifty shops, cafés, restaurants and property owners around Stora torget and along the river. Together we make the town centre a place where people want to shop, eat and meet, all year round.',
  center: { lat: 58.39, lng: 13.845 },
} as const;

const merchantBusiness = demoBusinesses.find((b) => b.slug === 'kaffebaren');
if (!merchantBusiness) throw new Error('Demoköping: the demo merchant business kaffebaren is missing');

export const demoPeople = {
  admin: { email: 'admin@demokoping.example', name: 'Anna Lindqvist', password: 'demo-admin-2026' },
  staff: { email: 'cityvard@demokoping.example', name: 'Erik Sandström', password: 'demo-cityvard-2026' },
  merchant: {
    email: merchantBusiness.contact.email,
    name: merchantBusiness.contact.name,
    password: 'demo-handlare-2026',
    businessSlug: 'kaffebaren',
  },
} as const;
