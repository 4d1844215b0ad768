/**
 * Member import from CSV. Swedish spreadsheets save with semicolons and a BOM; both
 * separators are accepted. Headers are Swedish (English accepted). Every row is
 * checked before anything is written.
 */
import { parse } from 'csv-parse/sync';
import type { FieldError } from '../../platform/errors.js';
import { categories, categorySlugs, services, type CategorySlug, type ServiceSlug } from './categories.js';
import { BusinessInput } from './input.js';

/** Header (lower-case, Swedish or English) → field. */
const headerMap: Record<string, string> = {
  namn: 'name', name: 'name',
  kategori: 'category', category: 'category',
  organisationsnummer: 'orgNumber', orgnr: 'orgNumber', 'org.nr': 'orgNumber', orgnumber: 'orgNumber', org_number: 'orgNumber',
  adress: 'street', gatuadress: 'street', street: 'street', address: 'street',
  postnummer: 'postalCode', postalcode: 'postalCode', postal_code: 'postalCode',
  ort: 'postalTown', postort: 'postalTown', town: 'postalTown', city: 'postalTown',
  telefon: 'phone', phone: 'phone',
  'e-post': 'email', epost: 'email', email: 'email',
  webb: 'website', webbplats: 'website', hemsida: 'website', website: 'website',
  beskrivning: 'description', description: 'description',
  medlem: 'isMember', member: 'isMember',
  'medlem sedan': 'memberSince', medlem_sedan: 'memberSince', member_since: 'memberSince',
  tjänster: 'services', tjanster: 'services', services: 'services',
  nyckelord: 'tags', taggar: 'tags', tags: 'tags',
  latitud: 'lat', lat: 'lat', latitude: 'lat',
  longitud: 'lng', lng: 'lng', lon: 'lng', longitude: 'lng',
  adress_slug: 'slug', slug: 'slug',
};

export const csvTemplateHeader = 'namn;kategori;organisationsnummer;gatuadress;postnummer;ort;telefon;e-post;webb;beskrivning;medlem;tjänster;latitud;longitud';

export const MAX_IMPORT_ROWS = 2000;

function toCategory(value: string): CategorySlug | string {
  const v = value.trim().toLowerCase();
  if ((categorySlugs as string[]).includes(v)) return v;
  const byLabel = (Object.entries(categories) as Array<[CategorySlug, { sv: string; en: string }]>).find(([, c]) => c.sv.toLowerCase() === v || c.en.toLowerCase() === v);
  return byLabel ? byLabel[0] : v;
}

function toServices(value: string): Array<ServiceSlug | string> {
  return value
    .split(/[;,|]/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((s) => {
      const hit = (Object.entries(services) as Array<[ServiceSlug, { sv: string; en: string }]>).find(([slug, l]) => slug === s || l.sv.toLowerCase() === s || l.en.toLowerCase() === s);
      return hit ? hit[0] : s;
    });
}

const yes = new Set(['ja', 'j', 'yes', 'y', 'true', '1', 'x']);

export function parseBusinessCsv(text: string): { rows: BusinessInput[]; errors: FieldError[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: [';', ',', '\t'], relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    return { rows: [], errors: [{ path: '/file', message: `Filen kunde inte läsas som CSV: ${(err as Error).message.split('\n')[0]}`, code: 'csv_invalid' }] };
  }
  const [header, ...data] = records;
  if (!header || data.length === 0) return { rows: [], errors: [{ path: '/file', message: 'Filen har inga rader under rubrikraden.', code: 'csv_empty' }] };
  if (data.length > MAX_IMPORT_ROWS) return { rows: [], errors: [{ path: '/file', message: `Högst ${MAX_IMPORT_ROWS} rader per import.`, code: 'csv_too_large' }] };
  const fields = header.map((h) => headerMap[h.trim().toLowerCase()] ?? null);
  const errors: FieldError[] = [];
  header.forEach((h, i) => {
    if (!fields[i]) errors.push({ path: `/header/${i + 1}`, message: `Okänd kolumn ”${h}”.`, code: 'unknown_column' });
  });
  for (const required of ['name', 'category', 'orgNumber']) {
    if (!fields.includes(required)) errors.push({ path: '/header', message: `Kolumnen ${required === 'name' ? 'namn' : required === 'category' ? 'kategori' : 'organisationsnummer'} saknas.`, code: 'missing_column' });
  }
  if (errors.length > 0) return { rows: [], errors };

  const rows: BusinessInput[] = [];
  data.forEach((record, index) => {
    const raw: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      const value = (record[i] ?? '').trim();
      if (!field || value === '') return;
      if (field === 'category') raw.category = toCategory(value);
      else if (field === 'services') raw.services = toServices(value);
      else if (field === 'tags') raw.tags = value.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
      else if (field === 'isMember') raw.isMember = yes.has(value.toLowerCase());
      else if (field === 'lat' || field === 'lng') raw[field] = Number(value.replace(',', '.'));
      else raw[field] = value;
    });
    const result = BusinessInput.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) errors.push({ path: `/rows/${index + 1}/${issue.path.join('/')}`, message: issue.message, code: issue.code });
    } else rows.push(raw as BusinessInput);
  });
  return { rows, errors };
}
