/** @jsxImportSource hono/jsx */
/** Small pieces both directory pages use. */
import type { Context } from 'hono';
import type { CityEnv } from '../../cities/http.js';
import { describeStatus, type OpenStatus } from '../../members/index.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import type { AppEnv } from '../../../platform/http/types.js';
import { zonedParts } from '../../../platform/time/zoned.js';

export type DirectoryContext = Context<CityEnv>;

export const asAppContext = (c: DirectoryContext): Context<AppEnv> => c as unknown as Context<AppEnv>;

export const tr = (locale: Locale, sv: string, en: string): string => (locale === 'en' ? en : sv);

/** Today's date on the Stockholm wall clock, 'YYYY-MM-DD'. */
export const stockholmToday = (now: Date): string => zonedParts(now).date;

/**
 * "Öppet nu, stänger kl. 18" / "Stängt, öppnar måndag kl. 10": the words carry the
 * meaning; the colour and dot from .status-open/.status-closed only repeat it.
 */
export function StatusLine(props: { status: OpenStatus; locale: Locale; today: string; tag?: 'p' | 'span' }) {
  const text = describeStatus(props.status, props.locale, props.today);
  const cls = `status ${props.status.isOpen ? 'status-open' : 'status-closed'}`;
  return props.tag === 'span' ? <span class={cls}>{text}</span> : <p class={cls}>{text}</p>;
}

/** Swedish counts: "1 företag", "12 företag"; English "1 business", "12 businesses". */
export function countBusinesses(n: number, locale: Locale): string {
  const num = n.toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE');
  if (locale === 'en') return `${num} ${n === 1 ? 'business' : 'businesses'}`;
  return `${num} företag`;
}

/** "3 träffar för ”kaffe”" / "3 results for “kaffe”". */
export function countHits(n: number, q: string, locale: Locale): string {
  const num = n.toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE');
  if (locale === 'en') return `${num} ${n === 1 ? 'result' : 'results'} for \u201c${q}\u201d`;
  return `${num} ${n === 1 ? 'träff' : 'träffar'} för \u201d${q}\u201d`;
}
