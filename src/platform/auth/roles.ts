/**
 * Roles and the one rule that decides what an actor may do where. Spelled as in the
 * CLI and API. Association roles cover every business in their city; merchant roles
 * cover only their own business; platform-admin covers everything.
 */
import { forbidden, unauthorized } from '../errors.js';

export const roles = [
  'platform-admin',
  'network-admin',
  'association-admin',
  'association-staff',
  'merchant-owner',
  'merchant-staff',
  'courier',
  'company-contact',
  'resident',
] as const;
export type Role = (typeof roles)[number];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

/** Roles tied to one business: a grant of these must name the business. */
export const businessRoles: readonly Role[] = ['merchant-owner', 'merchant-staff'];
export const associationRoles: readonly Role[] = ['association-admin', 'association-staff'];

export interface Grant {
  role: Role;
  cityId: string | null;
  businessId: string | null;
}

export interface Actor {
  kind: 'user' | 'apikey' | 'cli' | 'system' | 'anonymous';
  /** User or API key id. */
  id: string | null;
  /** How the audit log names this actor: 'user:<id>', 'apikey:<id>', 'cli:<os user>', 'system'. */
  label: string;
  email?: string;
  name?: string;
  grants: Grant[];
  /** True when this session passed two-factor (always false for API keys). */
  hasTwoFactor: boolean;
}

export const anonymousActor: Actor = { kind: 'anonymous', id: null, label: 'anonymous', grants: [], hasTwoFactor: false };
export const systemActor: Actor = { kind: 'system', id: null, label: 'system', grants: [{ role: 'platform-admin', cityId: null, businessId: null }], hasTwoFactor: true };

export interface Permission {
  cityId: string;
  roles: readonly Role[];
  /** When set, merchant roles must belong to this business. */
  businessId?: string;
}

/** True when one of the actor's grants allows the permission. */
export function can(actor: Actor, permission: Permission): boolean {
  return actor.grants.some((grant) => {
    if (grant.role === 'platform-admin') return true;
    if (grant.cityId !== permission.cityId || !permission.roles.includes(grant.role)) return false;
    if (businessRoles.includes(grant.role)) {
      return permission.businessId !== undefined && grant.businessId === permission.businessId;
    }
    return true;
  });
}

/** Throws unauthorized for anonymous actors and forbidden for actors without the permission. */
export function authorize(actor: Actor, permission: Permission): void {
  if (actor.kind === 'anonymous') throw unauthorized();
  if (!can(actor, permission)) throw forbidden();
}

/** The businesses in a city that an actor may act for as a merchant. */
export function merchantBusinessIds(actor: Actor, cityId: string): string[] {
  return actor.grants.filter((g) => g.cityId === cityId && businessRoles.includes(g.role) && g.businessId).map((g) => g.businessId as string);
}
