/** @jsxImportSource hono/jsx */
/**
 * The business form (association: everything; merchant: the listing) as plain strings,
 * so a failed save shows exactly what was typed, and its translation into the input
 * the members service validates. The service stays the judge of what is valid; this
 * file only turns text into types and the service's errors into field messages.
 */
import type { z } from 'zod';
import type { DomainError, FieldError } from '../../../platform/errors.js';
import { formatSwedishPhone } from '../../../platform/identity/phone.js';
import { categories, categoryGroups, services, type CategoryGroup, type CategorySlug } from '../categories.js';
import type { BusinessInput, ListingUpdate } from '../input.js';
import type { Business } from '../service.js';
import { hoursFromValue, hoursLabels, hoursValueFrom, hoursValueFromForm, placeHoursError, HoursEditor, type HoursResult, type HoursValue } from './hours-editor.js';
import { CheckboxGroup, errorId, FieldMessage, formChecked, formString, formStrings, swedishMessage, TextArea, TextField, type FieldErrors, type FormBody } from './shared.js';

export interface BusinessFormValues {
  name: string;
  category: string;
  orgNumber: string;
  isMember: boolean;
  memberSince: string;
  slug: string;
  description: string;
  descriptionEn: string;
  street: string;
  postalCode: string;
  postalTown: string;
  phone: string;
  email: string;
  website: string;
  lat: string;
  lng: string;
  services: string[];
  tags: string;
  hours: HoursValue;
}

export const fieldLabels: Record<string, string> = {
  name: 'Namn',
  category: 'Kategori',
  orgNumber: 'Organisationsnummer',
  isMember: 'Medlem',
  memberSince: 'Medlem sedan',
  slug: 'Adress på webben',
  description: 'Beskrivning',
  descriptionEn: 'Beskrivning på engelska',
  street: 'Gatuadress',
  postalCode: 'Postnummer',
  postalTown: 'Ort',
  phone: 'Telefon',
  email: 'E-post',
  website: 'Webbplats',
  lat: 'Latitud',
  lng: 'Longitud',
  services: 'Tjänster',
  tags: 'Nyckelord',
  _form: 'Formuläret',
};

const groupLabels: Record<CategoryGroup, string> = {
  shop: 'Butiker',
  food: 'Mat och dryck',
  salon: 'Frisör och skönhet',
  service: 'Tjänster',
  culture: 'Kultur och nöje',
  property: 'Fastigheter',
};

export const serviceOptions = (Object.entries(services) as Array<[string, { sv: string }]>).map(([value, l]) => ({ value, label: l.sv }));

const phoneForPeople = (e164: string | null) => {
  if (!e164) return '';
  try {
    return formatSwedishPhone(e164);
  } catch {
    return e164;
  }
};

export function emptyBusinessForm(): BusinessFormValues {
  return {
    name: '', category: '', orgNumber: '', isMember: true, memberSince: '', slug: '', description: '', descriptionEn: '', street: '', postalCode: '', postalTown: '',
    phone: '', email: '', website: '', lat: '', lng: '', services: [], tags: '', hours: hoursValueFrom(null),
  };
}

export function businessFormFrom(b: Business): BusinessFormValues {
  return {
    name: b.name,
    category: b.category,
    orgNumber: b.orgNumber,
    isMember: b.isMember,
    memberSince: b.memberSince ?? '',
    slug: b.slug,
    description: b.description,
    descriptionEn: b.descriptionEn,
    street: b.street,
    postalCode: b.postalCode,
    postalTown: b.postalTown,
    phone: phoneForPeople(b.phone),
    email: b.email ?? '',
    website: b.website ?? '',
    lat: b.lat === null ? '' : String(b.lat),
    lng: b.lng === null ? '' : String(b.lng),
    services: [...b.services],
    tags: b.tags.join(', '),
    hours: hoursValueFrom(b.openingHours),
  };
}

export function businessFormFromBody(form: FormBody): BusinessFormValues {
  const s = (name: string, max = 200) => formString(form, name, max);
  return {
    name: s('name'),
    category: s('category', 60),
    orgNumber: s('orgNumber', 30),
    isMember: formChecked(form, 'isMember'),
    memberSince: s('memberSince', 20),
    slug: s('slug', 80),
    description: s('description', 2000),
    descriptionEn: s('descriptionEn', 2000),
    street: s('street'),
    postalCode: s('postalCode', 20),
    postalTown: s('postalTown'),
    phone: s('phone', 40),
    email: s('email', 250),
    website: s('website', 350),
    lat: s('lat', 30),
    lng: s('lng', 30),
    services: formStrings(form, 'services').slice(0, 20),
    tags: s('tags', 1000),
    hours: hoursValueFromForm(form),
  };
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** "butiken.se" is what people write; the service wants a full address. */
function website(v: string): string | null {
  const t = v.trim();
  if (!t) return null;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`;
}

export const parseTags = (v: string): string[] => [...new Set(v.split(/[,;\n]/).map((t) => t.trim()).filter(Boolean))];

function coordinate(v: string, field: 'lat' | 'lng', errors: FieldErrors): number | null {
  const t = v.trim().replace(',', '.');
  if (!t) return null;
  const n = Number(t);
  if (!Number.isFinite(n)) {
    errors[field] = field === 'lat' ? 'Ange latitud som ett tal, t.ex. 58.3861.' : 'Ange longitud som ett tal, t.ex. 13.4385.';
    return null;
  }
  return n;
}

/** The service input from the association's form, plus the errors found on the way. */
export function businessInputFrom(values: BusinessFormValues, mode: 'create' | 'edit'): { input: BusinessInput; errors: FieldErrors; hours: HoursResult } {
  const errors: FieldErrors = {};
  const hours = hoursFromValue(values.hours);
  Object.assign(errors, hours.errors);
  const lat = coordinate(values.lat, 'lat', errors);
  const lng = coordinate(values.lng, 'lng', errors);
  if ((lat === null) !== (lng === null) && !errors.lat && !errors.lng) errors[lat === null ? 'lat' : 'lng'] = 'Ange både latitud och longitud, eller ingen av dem.';
  const input: BusinessInput = {
    name: values.name,
    category: values.category as CategorySlug,
    orgNumber: values.orgNumber.trim(),
    isMember: values.isMember,
    memberSince: orNull(values.memberSince),
    description: values.description,
    descriptionEn: values.descriptionEn,
    street: values.street,
    postalCode: values.postalCode.trim(),
    postalTown: values.postalTown,
    phone: orNull(values.phone),
    email: orNull(values.email),
    website: website(values.website),
    lat,
    lng,
    services: values.services as BusinessInput['services'] & string[],
    tags: parseTags(values.tags),
    openingHours: hours.hours,
  };
  if (mode === 'edit' && values.slug.trim()) input.slug = values.slug.trim();
  return { input, errors, hours };
}

/** The listing a merchant owner edits. */
export function listingInputFrom(values: BusinessFormValues): ListingUpdate {
  return {
    description: values.description,
    descriptionEn: values.descriptionEn,
    phone: orNull(values.phone),
    email: orNull(values.email),
    website: website(values.website),
    services: values.services as ListingUpdate['services'] & string[],
    tags: parseTags(values.tags),
  };
}

/** Field errors (paths like `/phone`, `/openingHours/regular/2`) on the form's fields. */
export function placeFieldErrors(list: FieldError[], into: FieldErrors, hoursSources: HoursResult['sources'] = { regular: [], special: [] }): void {
  for (const e of list) {
    if (placeHoursError(e, hoursSources, into)) continue;
    const field = e.path.split('/').filter(Boolean)[0];
    const key = field && field in fieldLabels && field !== '_form' ? field : '_form';
    into[key] ??= swedishMessage(e);
  }
}

/** A DomainError from the service, on the form's fields. */
export function fieldErrorsFrom(err: DomainError, hoursSources?: HoursResult['sources']): FieldErrors {
  const out: FieldErrors = {};
  placeFieldErrors(err.extra.errors ?? [], out, hoursSources);
  if (Object.keys(out).length === 0) {
    const key = err.code === 'members.slug_taken' ? 'slug' : err.code === 'members.org_number_invalid' ? 'orgNumber' : '_form';
    out[key] = err.message;
  }
  return out;
}

/**
 * Checks input against the service's own schema without writing, so every field's
 * problem is shown at once (the editor's own checks may already have stopped some).
 * Errors already found on a field win: they are the more specific.
 */
export function addSchemaErrors(schema: z.ZodType, input: unknown, into: FieldErrors, hoursSources: HoursResult['sources'] = { regular: [], special: [] }, pathPrefix = ''): void {
  const result = schema.safeParse(input);
  if (result.success) return;
  const found: FieldErrors = {};
  placeFieldErrors(result.error.issues.map((i) => ({ path: pathPrefix + '/' + i.path.map(String).join('/'), message: i.message, code: i.code })), found, hoursSources);
  for (const [field, message] of Object.entries(found)) into[field] ??= message;
}

export function summaryLabels(values: BusinessFormValues): Record<string, string> {
  return { ...fieldLabels, ...hoursLabels(values.hours) };
}

function CategorySelect(props: { value: string; error?: string | undefined }) {
  return (
    <div>
      <label for="category">Kategori</label>
      <select id="category" name="category" required aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? errorId('category') : undefined}>
        <option value="" selected={!props.value}>
          Välj kategori
        </option>
        {categoryGroups.map((g) => (
          <optgroup label={groupLabels[g]}>
            {(Object.entries(categories) as Array<[CategorySlug, { group: string; sv: string }]>)
              .filter(([, c]) => c.group === g)
              .map(([slug, c]) => (
                <option value={slug} selected={props.value === slug}>
                  {c.sv}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <FieldMessage id="category" error={props.error} />
    </div>
  );
}

/** Contact and listing fields, shared by the association's and the merchant's forms. */
export function ListingFieldset(props: { values: BusinessFormValues; errors: FieldErrors }) {
  const { values: v, errors: e } = props;
  return (
    <>
      <TextArea id="description" name="description" label="Beskrivning" hint="Visas på företagets sida. Högst 1 000 tecken." value={v.description} error={e.description} maxlength={1000} rows={5} />
      <TextArea id="descriptionEn" name="descriptionEn" label="Beskrivning på engelska (valfritt)" hint="Visas för besökare som läser på engelska." value={v.descriptionEn} error={e.descriptionEn} maxlength={1000} rows={4} />
      <TextField id="phone" name="phone" type="tel" label="Telefon" hint="T.ex. 070-123 45 67" value={v.phone} error={e.phone} autocomplete="tel" />
      <TextField id="email" name="email" type="email" label="E-post" value={v.email} error={e.email} autocomplete="email" />
      <TextField id="website" name="website" type="url" label="Webbplats" hint="T.ex. https://butiken.se" value={v.website} error={e.website} autocomplete="url" />
      <CheckboxGroup id="services" name="services" legend="Tjänster" options={serviceOptions} checked={v.services} error={e.services} />
      <TextField id="tags" name="tags" label="Nyckelord" hint="Skilj med kommatecken, t.ex. ekologiskt, barnkläder. Hjälper besökare att hitta er." value={v.tags} error={e.tags} />
    </>
  );
}

/** Every field of a business, for the association. */
export function BusinessFields(props: { values: BusinessFormValues; errors: FieldErrors; mode: 'create' | 'edit' }) {
  const { values: v, errors: e } = props;
  return (
    <>
      <section class="stack" aria-labelledby="section-company">
        <h2 id="section-company">Företaget</h2>
        <TextField id="name" name="name" label="Namn" value={v.name} error={e.name} required maxlength={100} />
        <CategorySelect value={v.category} error={e.category} />
        <TextField id="orgNumber" name="orgNumber" label="Organisationsnummer" hint="Tio siffror, NNNNNN-NNNN. Enskild firma: personnumret (visas aldrig publikt)." value={v.orgNumber} error={e.orgNumber} required inputmode="numeric" />
        {props.mode === 'edit' ? <TextField id="slug" name="slug" label="Adress på webben" hint="Den sista delen av företagets webbadress. Den gamla adressen fortsätter att fungera." value={v.slug} error={e.slug} /> : null}
        <div class="checks">
          <label>
            <input type="checkbox" id="isMember" name="isMember" value="1" checked={v.isMember} />
            Medlem i föreningen
          </label>
        </div>
        <TextField id="memberSince" name="memberSince" type="date" label="Medlem sedan (valfritt)" value={v.memberSince} error={e.memberSince} />
      </section>
      <section class="stack" aria-labelledby="section-address">
        <h2 id="section-address">Adress</h2>
        <TextField id="street" name="street" label="Gatuadress" value={v.street} error={e.street} autocomplete="street-address" />
        <TextField id="postalCode" name="postalCode" label="Postnummer" hint="T.ex. 532 30" value={v.postalCode} error={e.postalCode} inputmode="numeric" autocomplete="postal-code" />
        <TextField id="postalTown" name="postalTown" label="Ort" value={v.postalTown} error={e.postalTown} autocomplete="address-level2" />
        <TextField id="lat" name="lat" label="Latitud (valfritt)" hint="För kartan, t.ex. 58.3861" value={v.lat} error={e.lat} inputmode="decimal" />
        <TextField id="lng" name="lng" label="Longitud (valfritt)" hint="T.ex. 13.4385" value={v.lng} error={e.lng} inputmode="decimal" />
      </section>
      <section class="stack" aria-labelledby="section-listing">
        <h2 id="section-listing">Presentation och kontakt</h2>
        <ListingFieldset values={v} errors={e} />
      </section>
      <section class="stack" aria-labelledby="section-hours">
        <h2 id="section-hours">Öppettider</h2>
        <HoursEditor value={v.hours} errors={e} headingLevel={3} />
      </section>
    </>
  );
}
