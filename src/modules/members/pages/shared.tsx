/** @jsxImportSource hono/jsx */
/**
 * What the association's and the merchants' pages share: the role gate (anonymous →
 * login, wrong role → 403), form fields wired for screen readers (label, hint, error
 * tied with aria-describedby and aria-invalid), the error summary, Swedish messages for
 * validation errors and the success notices shown after a redirect.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import { can, type Role } from '../../../platform/auth/roles.js';
import type { AuthService } from '../../../platform/auth/service.js';
import type { Clock } from '../../../platform/clock.js';
import { forbidden, type FieldError } from '../../../platform/errors.js';
import type { AppEnv, AppVariables } from '../../../platform/http/types.js';
import { Notice, Page, type NavLink } from '../../../platform/http/ui/layout.js';
import { associationNav, type City, type CityService } from '../../cities/index.js';
import type { Business, MembersService } from '../service.js';

export interface MembersHttpDeps {
  cities: CityService;
  members: MembersService;
  auth: AuthService;
  clock: Clock;
  /** Other modules' merchant pages under `/{city}/butik/{business}/{path}` (lunch, events, offers): a tile and a nav link each. */
  merchantLinks?: readonly MerchantLink[];
}

/**
 * A page of another module for a business's people: a tile on the business's home page
 * and, unless `nav` is false, a link in the merchant navigation.
 */
export interface MerchantLink {
  /** Under the business: `/{city}/butik/{business}/{path}`. */
  path?: string;
  /** Elsewhere: the address from the city's base (`/{city}`, with any locale prefix) and the business's slug. */
  href?: (cityBase: string, businessSlug: string) => string;
  label: string;
  hint: string;
  /** In the navigation too (default); tiles only when false. */
  nav?: boolean;
  /** Left out for an archived business (its place and bookings are gone with it). */
  activeOnly?: boolean;
}

export type MemberEnv = { Variables: AppVariables & { city: City; business: Business } };
export type MemberContext = Context<MemberEnv>;

export const ADMIN: readonly Role[] = ['association-admin'];
export const ADMIN_OR_STAFF: readonly Role[] = ['association-admin', 'association-staff'];
export const MERCHANT: readonly Role[] = ['merchant-owner', 'merchant-staff'];

/** `${prefix}/${city}` — the start of every link on these pages. */
export const cityBase = (c: MemberContext): string => `${c.get('prefix')}/${c.get('city').slug}`;

export const asAppContext = (c: MemberContext): Context<AppEnv> => c as unknown as Context<AppEnv>;

/** The login page, coming back to this page afterwards. */
export function loginUrl(c: MemberContext): string {
  const url = new URL(c.req.url);
  const next = c.req.path + (c.req.method === 'GET' ? url.search : '');
  return `${c.get('prefix')}/logga-in?stad=${encodeURIComponent(c.get('city').slug)}&next=${encodeURIComponent(next)}`;
}

/**
 * Lets through actors holding one of `roles` in the page's city (merchant roles only
 * for `c.get('business')` when it is set); sends anonymous visitors to the login page.
 */
export function requireRoles(roles: readonly Role[]): MiddlewareHandler<MemberEnv> {
  return async (c, next) => {
    if (!isAllowed(c, roles)) return deny(c);
    await next();
  };
}

export function isAllowed(c: MemberContext, roles: readonly Role[]): boolean {
  const business = c.get('business') as Business | undefined;
  return can(c.get('actor'), { cityId: c.get('city').id, roles, ...(business ? { businessId: business.id } : {}) });
}

/** Anonymous: to the login page (303 after a POST, so the browser follows with GET). Otherwise 403. */
export function deny(c: MemberContext): Response {
  if (c.get('actor').kind === 'anonymous') return c.redirect(loginUrl(c), c.req.method === 'GET' ? 302 : 303);
  throw forbidden();
}

/** Post/Redirect/Get: back to a page with a `klart` code the page turns into a notice. */
export function redirectDone(c: MemberContext, path: string, done: string, extra: Record<string, string> = {}): Response {
  const query = new URLSearchParams({ klart: done, ...extra });
  return c.redirect(`${path}?${query.toString()}`, 303);
}

const doneMessages: Record<string, string> = {
  sparat: 'Ändringarna är sparade.',
  skapat: 'Företaget är skapat.',
  arkiverat: 'Företaget är arkiverat och syns inte längre i företagslistan.',
  aterstallt: 'Företaget är återställt och syns igen.',
  inbjuden: 'Inbjudan är skickad. Personen får ett mejl med en inloggningslänk som gäller i 7 dagar.',
  borttagen: 'Personen har inte längre tillgång till företaget.',
};

/** The success notice for `?klart=…`, or nothing. */
export function DoneNotice(props: { c: MemberContext }) {
  const done = props.c.req.query('klart');
  if (done === 'importerat') {
    const count = Number(props.c.req.query('antal') ?? '0');
    return <Notice kind="success">{count === 1 ? '1 företag importerades.' : `${Number.isFinite(count) ? count : 0} företag importerades.`}</Notice>;
  }
  const message = done ? doneMessages[done] : undefined;
  return message ? <Notice kind="success">{message}</Notice> : null;
}

/** The page shell of the work areas. They are written in Swedish, so /en/… keeps lang="sv" on the content. */
export function WorkPage(props: { c: MemberContext; title: string; area: 'admin' | 'merchant'; nav: NavLink[]; scripts?: string[]; children?: Child }) {
  const { c } = props;
  return (
    <Page c={asAppContext(c)} title={props.title} city={c.get('city')} nav={props.nav} area={props.area} scripts={props.scripts ?? []}>
      {c.get('locale') === 'en' ? <div lang="sv">{props.children}</div> : props.children}
    </Page>
  );
}

export function adminNav(c: MemberContext): NavLink[] {
  return associationNav(`${cityBase(c)}/admin`, isAllowed(c, ADMIN));
}

// ── Form fields ──────────────────────────────────────────────────────────────

export { TextField, TextArea, FieldMessage, ErrorSummary, CheckboxGroup, errorId, type FieldErrors, type TextFieldProps } from '../../../platform/http/ui/forms.js';

// ── Form data ────────────────────────────────────────────────────────────────

export type FormBody = FormData;

export const formString = (form: FormBody, name: string, max = 2000): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v.slice(0, max) : '';
};
export const formStrings = (form: FormBody, name: string): string[] => form.getAll(name).filter((v): v is string => typeof v === 'string');
export const formChecked = (form: FormBody, name: string): boolean => form.get(name) !== null && form.get(name) !== '';

/**
 * A Swedish message for a validation error from the service. Its own messages are
 * Swedish already (custom checks); zod's built-in ones and the opening-hours checks
 * are English, so they are replaced by the code.
 */
export function swedishMessage(error: FieldError): string {
  const field = error.path.split('/').filter(Boolean)[0] ?? '';
  const m = error.message;
  if (/överlappar/i.test(m)) return 'Tiderna överlappar varandra. Ändra en av dem.';
  if (/Högst \d+ pass/i.test(m)) return 'Högst fyra pass per dag.';
  if (/både som stängd och öppen/i.test(m)) return 'Dagen är markerad både som stängd och öppen. Ta bort en av raderna.';
  if (/Ange en tid|kan inte öppna/i.test(m)) return 'Ange en tid som 10:00.';
  if (/Ange ett datum/i.test(m)) return 'Ange ett datum som 2026-12-24.';
  switch (error.code) {
    case 'custom':
      return /[åäöÅÄÖ]|Ange|Skriv|Endast|Adressen/.test(m) ? m : 'Kontrollera uppgiften.';
    case 'invalid_format':
      if (field === 'email') return 'Ange en giltig e-postadress, t.ex. info@butiken.se.';
      if (field === 'website') return 'Ange en webbadress som börjar med https://, t.ex. https://butiken.se.';
      if (field === 'memberSince') return 'Ange ett datum som 2024-01-31.';
      if (field === 'slug') return 'Endast a–z, 0–9 och bindestreck.';
      return 'Fel format.';
    case 'too_big':
      if (field === 'lat' || field === 'lng') return 'Platsen ligger utanför Sverige. Kontrollera koordinaterna.';
      return 'För långt. Korta ned texten.';
    case 'too_small':
      if (field === 'lat' || field === 'lng') return 'Platsen ligger utanför Sverige. Kontrollera koordinaterna.';
      if (field === 'name') return 'Ange ett namn.';
      return 'För kort.';
    case 'invalid_value':
      return 'Välj ett av alternativen.';
    case 'invalid_type':
      return 'Fyll i fältet.';
    case 'unrecognized_keys':
      return 'Okänt fält.';
    default:
      return /[åäöÅÄÖ]/.test(m) ? m : 'Kontrollera uppgiften.';
  }
}
