/** Factories: build valid inputs and insert rows with sensible defaults, overridable. */
import { randomUUID } from 'node:crypto';
import { systemActor, type Actor, type Role } from '../../src/platform/auth/roles.js';
import { luhnCheckDigit } from '../../src/platform/identity/luhn.js';
import type { BusinessInput } from '../../src/modules/members/index.js';
import type { City } from '../../src/modules/cities/index.js';
import type { Services } from '../../src/services.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../src/platform/http/app.js';

let counter = 0;
export const uniqueSuffix = (): string => `${Date.now().toString(36)}${(counter++).toString(36)}${randomUUID().slice(0, 4)}`;

/** A valid aktiebolag org. number, different on every call. */
export function buildOrgNumber(): string {
  const body = `5569${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`;
  const digits = body + luhnCheckDigit(body);
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
}

export async function insertCity(services: Services, overrides: Partial<{ slug: string; name: string }> = {}): Promise<City> {
  const suffix = uniqueSuffix();
  return services.cities.create(systemActor, { slug: overrides.slug ?? `stad-${suffix}`, name: overrides.name ?? `Teststad ${suffix}`, associationName: `Testföreningen ${suffix}` });
}

export function buildBusinessInput(overrides: Partial<BusinessInput> = {}): BusinessInput {
  return {
    name: `Testbutiken ${uniqueSuffix()}`,
    category: 'mode',
    orgNumber: buildOrgNumber(),
    street: 'Storgatan 1',
    postalCode: '532 30',
    postalTown: 'Teststad',
    phone: '070-123 45 67',
    openingHours: { regular: [1, 2, 3, 4, 5].map((day) => ({ day: day as 1, opens: '10:00', closes: '18:00' })), special: [] },
    services: ['giftcard'],
    tags: [],
    ...overrides,
  };
}

export async function insertBusiness(services: Services, city: City, overrides: Partial<BusinessInput> = {}) {
  return services.members.create(systemActor, city.id, buildBusinessInput(overrides));
}

/** A user holding a role; returns the actor as services see it. */
export async function insertUser(services: Services, role: Role, city: City | null, businessId: string | null = null, password?: string): Promise<{ userId: string; email: string; actor: Actor }> {
  const email = `${role}-${uniqueSuffix()}@example.test`;
  const user = await services.auth.createUser({ email, name: `Test ${role}`, ...(password ? { password } : {}) });
  await services.auth.grantRole(user.id, { role, cityId: city?.id ?? null, businessId });
  const grants = await services.auth.grantsOf(user.id);
  return { userId: user.id, email, actor: { kind: 'user', id: user.id, label: `user:${user.id}`, email, grants, hasTwoFactor: false } };
}

/** Cookie and CSRF header for a logged-in browser session. */
export async function sessionHeaders(services: Services, userId: string, options: { twoFactor?: boolean } = {}): Promise<Record<string, string>> {
  const { token } = await services.auth.createSession(userId, { twoFactor: options.twoFactor ?? false });
  const csrf = 'test-csrf-token-0123456789abcdef';
  return { cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${csrf}`, 'x-csrf-token': csrf };
}

export async function apiKeyFor(services: Services, city: City, role: Role, businessId: string | null = null): Promise<string> {
  const { key } = await services.auth.createApiKey({ cityId: city.id, role, businessId, createdBy: 'test' });
  return key;
}
