/** @jsxImportSource hono/jsx */
/** What the occupancy pages share: context types, the role gate, the level words. */
import type { Context } from 'hono';
import { can, merchantBusinessIds, type Role } from '../../../platform/auth/roles.js';
import type { AppEnv, AppVariables } from '../../../platform/http/types.js';
import type { City } from '../../cities/index.js';
import { zonedParts } from '../../../platform/time/zoned.js';
import { levelText, type Level } from '../levels.js';
import type { PlaceState } from '../service.js';

export type OccEnv = { Variables: AppVariables & { city: City } };
export type OccContext = Context<OccEnv>;

export const asApp = (c: OccContext): Context<AppEnv> => c as unknown as Context<AppEnv>;
export const cityBase = (c: OccContext): string => `${c.get('prefix')}/${c.get('city').slug}`;
export const ASSOCIATION: readonly Role[] = ['association-admin', 'association-staff'];

export function isAssociation(c: OccContext): boolean {
  return can(c.get('actor'), { cityId: c.get('city').id, roles: ASSOCIATION });
}

export function myBusinessIds(c: OccContext): string[] {
  return [...new Set(merchantBusinessIds(c.get('actor'), c.get('city').id))];
}

export function loginUrl(c: OccContext): string {
  const next = c.req.path + (c.req.method === 'GET' ? new URL(c.req.url).search : '');
  return `${c.get('prefix')}/logga-in?stad=${encodeURIComponent(c.get('city').slug)}&next=${encodeURIComponent(next)}`;
}

/** "12 av 20 inne", "12 inne". */
export function countText(s: Pick<PlaceState, 'count' | 'capacity'>): string {
  return s.capacity ? `${s.count} av ${s.capacity} inne` : `${s.count} inne`;
}

export const levelWord = (level: Level): string => levelText[level].detailSv;

/** The stylesheet for counters, displays and the queue (kept apart from the site's). */
export const LiveStyles = () => <link rel="stylesheet" href="/static/live.css" />;

/** "14.05", Swedish time. */
export const clockTime = (d: Date): string => zonedParts(d).time.slice(0, 5).replace(':', '.').replace(/^0(?=\d)/, '');
