/** @jsxImportSource hono/jsx */
/**
 * What the till and the association's gift card tools share: the role gate (anonymous →
 * login and back, wrong role → 403), the work-area page shell, form fields wired for
 * screen readers and the Swedish formats. Small local equivalents of the members
 * module's page helpers, which are not part of its public face.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import { can, type Role } from '../../../platform/auth/roles.js';
import { DomainError, forbidden } from '../../../platform/errors.js';
import type { AppEnv, AppVariables } from '../../../platform/http/types.js';
import { Page, type NavLink } from '../../../platform/http/ui/layout.js';
import { formatDateLong, formatOre } from '../../../platform/i18n/format.js';
import { zonedParts } from '../../../platform/time/zoned.js';
import type { Business } from '../../members/index.js';
import type { City } from '../../cities/index.js';
import type { CardStatus } from '../service.js';

export type GcEnv = { Variables: AppVariables & { city: City; business: Business } };
export type GcContext = Context<GcEnv>;

export const ADMIN: readonly Role[] = ['association-admin'];
export const ADMIN_OR_STAFF: readonly Role[] = ['association-admin', 'association-staff'];
export const MERCHANT: readonly Role[] = ['merchant-owner', 'merchant-staff'];

export const asApp = (c: GcContext): Context<AppEnv> => c as unknown as Context<AppEnv>;
export const cityBase = (c: GcContext): string => `${c.get('prefix')}/${c.get('city').slug}`;

/** The login page, coming back here afterwards (GET pages only keep their query). */
export function loginUrl(c: GcContext): string {
  const next = c.req.path + (c.req.method === 'GET' ? new URL(c.req.url).search : '');
  return `${c.get('prefix')}/logga-in?stad=${encodeURIComponent(c.get('city').slug)}&next=${encodeURIComponent(next)}`;
}

export function isAllowed(c: GcContext, roles: readonly Role[]): boolean {
  const business = c.get('business') as Business | undefined;
  return can(c.get('actor'), { cityId: c.get('city').id, roles, ...(business ? { businessId: business.id } : {}) });
}

/** Lets through actors holding one of `roles` (merchant roles only for the page's business). */
export function requireRoles(roles: readonly Role[]): MiddlewareHandler<GcEnv> {
  return async (c, next) => {
    if (c.get('actor').kind === 'anonymous') return c.redirect(loginUrl(c), c.req.method === 'GET' ? 302 : 303);
    if (!isAllowed(c, roles)) throw forbidden();
    await next();
  };
}

/** The work-area shell. These pages are Swedish, so /en/… keeps lang="sv" on the content. */
export function WorkPage(props: { c: GcContext; title: string; area: 'admin' | 'merchant'; nav: NavLink[]; scripts?: string[]; head?: Child; children?: Child }) {
  const { c } = props;
  return (
    <Page c={asApp(c)} title={props.title} city={c.get('city')} nav={props.nav} area={props.area} scripts={props.scripts ?? []} head={props.head}>
      {c.get('locale') === 'en' ? <div lang="sv">{props.children}</div> : props.children}
    </Page>
  );
}

// ── Fields ──────────────────────────────────────────────────────────────────

export { TextField, ErrorSummary, errorId, type FieldErrors, type TextFieldProps } from '../../../platform/http/ui/forms.js';

/** An uploaded file's rows with errors, as a table (the header is row 1). */
export function RowErrorTable(props: { errors: Array<{ row: number | null; column: string | null; message: string }>; caption: string }) {
  return (
    <div class="table-wrap" role="region" aria-label={props.caption} tabindex={0}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Rad</th>
            <th scope="col">Kolumn</th>
            <th scope="col">Fel</th>
          </tr>
        </thead>
        <tbody>
          {props.errors.slice(0, 500).map((e) => (
            <tr>
              <td>{e.row ?? '–'}</td>
              <td>{e.column ?? '–'}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.errors.length > 500 ? <p class="muted">… och {props.errors.length - 500} fel till.</p> : null}
    </div>
  );
}

// ── Form data ───────────────────────────────────────────────────────────────

export const formString = (form: FormData, name: string, max = 2000): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v.slice(0, max) : '';
};

/** An uploaded text file: UTF-8, or Windows-1252 as older Excel saves it. */
export function decodeUpload(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The text of a form's file field, or of its textarea when no file was chosen. */
export async function uploadedText(form: FormData, fileField: string, textField: string): Promise<string> {
  const file = form.get(fileField);
  if (file && typeof file !== 'string' && file.size > 0) return decodeUpload(await file.arrayBuffer());
  return formString(form, textField, 5 * 1024 * 1024);
}

export const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

// ── Words and formats ───────────────────────────────────────────────────────

export const kr = (ore: number) => formatOre(ore, 'sv');
export const dateLong = (d: Date) => formatDateLong(d, 'sv', { withYear: true, withWeekday: false });
/** "14.05", Swedish time. */
export const clockTime = (d: Date) => zonedParts(d).time.slice(0, 5).replace(':', '.').replace(/^0(?=\d)/, '');
export const dateShort = (d: Date) => zonedParts(d).date;

export const statusText: Record<CardStatus, string> = {
  pending: 'Inte aktiverat',
  active: 'Aktivt',
  used: 'Förbrukat',
  expired: 'Utgånget',
  blocked: 'Spärrat',
};

export const orderStatusText: Record<string, string> = {
  pending: 'Väntar på betalning',
  paid: 'Betald',
  cancelled: 'Avbruten',
  expired: 'Obetald, förfallen',
  refund_due: 'Betald för sent – ska återbetalas',
  refunded: 'Återbetald',
};

/** A card's code as lists show it: only the last group, with words for screen readers. */
export function MaskedCode(props: { last4: string; long?: boolean }) {
  return (
    <span class="masked-code">
      <span aria-hidden="true">{props.long ? '••••-••••-••••-••••-' : '••••-'}</span>
      <span class="visually-hidden">kod som slutar på </span>
      {props.last4}
    </span>
  );
}

/** A domain error in plain Swedish for people at a counter or a desk. */
export function plainMessage(err: DomainError): string {
  if (err.code === 'giftcard.insufficient_balance' && typeof err.extra.balanceOre === 'number') return `Saldot räcker inte: det finns ${kr(err.extra.balanceOre)} kvar på kortet.`;
  if (err.code === 'forbidden') return 'Din roll får inte göra detta.';
  return err.message;
}
