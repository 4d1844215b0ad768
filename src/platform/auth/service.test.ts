import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertCity, uniqueSuffix } from '../../../test/factories/index.js';
import { can, type Actor } from './roles.js';
import { safeLocalPath, totpCodeFor } from './service.js';

describeEachDatabase('auth service', (ctx) => {
  it('verifies passwords hashed with argon2id and rejects wrong ones', async () => {
    const { auth } = ctx().services;
    const email = `Pia.${uniqueSuffix()}@Example.test`;
    const user = await auth.createUser({ email, password: 'korrekt-häst-batteri' });
    expect(user.email).toBe(email.toLowerCase());
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await auth.verifyPassword(email, 'korrekt-häst-batteri'))?.id).toBe(user.id);
    expect(await auth.verifyPassword(email, 'fel-lösenord-här')).toBeNull();
    expect(await auth.verifyPassword(`nobody-${uniqueSuffix()}@example.test`, 'whatever-12345')).toBeNull();
    await expect(auth.createUser({ email, password: 'another-password' })).rejects.toMatchObject({ code: 'auth.email_taken' });
    await expect(auth.createUser({ email: `x${uniqueSuffix()}@e.test`, password: 'short' })).rejects.toMatchObject({ code: 'auth.password_weak' });
  });

  it('magic links work once and expire after 20 minutes', async () => {
    const { services, clock } = ctx();
    const user = await services.auth.createUser({ email: `link-${uniqueSuffix()}@example.test` });
    const token = await services.auth.createLoginToken(user.id, 'login', '/demo/admin');
    expect(await services.auth.peekLoginToken(token)).toMatchObject({ email: user.email });
    // Peeking (what a mail scanner's GET does) must not use it up.
    expect(await services.auth.peekLoginToken(token)).not.toBeNull();
    expect(await services.auth.consumeLoginToken(token)).toMatchObject({ userId: user.id, redirectTo: '/demo/admin' });
    await expect(services.auth.consumeLoginToken(token)).rejects.toMatchObject({ code: 'auth.link_invalid' });

    const late = await services.auth.createLoginToken(user.id, 'login');
    clock.advance(21 * 60 * 1000);
    try {
      await expect(services.auth.consumeLoginToken(late)).rejects.toMatchObject({ code: 'auth.link_invalid' });
    } finally {
      clock.advance(-21 * 60 * 1000);
    }
  });

  it('never stores a redirect that leaves the site', async () => {
    expect(safeLocalPath('https://evil.example/')).toBeNull();
    expect(safeLocalPath('//evil.example')).toBeNull();
    expect(safeLocalPath('/\\evil.example')).toBeNull();
    expect(safeLocalPath('/\t/evil.example')).toBeNull();
    expect(safeLocalPath('/\n/evil.example')).toBeNull();
    expect(safeLocalPath('/%5Cevil.example')).toBe('/%5Cevil.example');
    expect(safeLocalPath('/demo/admin')).toBe('/demo/admin');
    const { auth } = ctx().services;
    const user = await auth.createUser({ email: `redir-${uniqueSuffix()}@example.test` });
    const token = await auth.createLoginToken(user.id, 'login', '//evil.example/steal');
    expect((await auth.consumeLoginToken(token)).redirectTo).toBeNull();
  });

  it('confirms TOTP only with a current code', async () => {
    const { services, clock } = ctx();
    const user = await services.auth.createUser({ email: `totp-${uniqueSuffix()}@example.test` });
    const { secret, uri } = await services.auth.beginTotp(user.id);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Torget:/);
    await expect(services.auth.confirmTotp(user.id, '000000')).rejects.toMatchObject({ code: 'auth.two_factor_invalid' });
    await services.auth.confirmTotp(user.id, totpCodeFor(secret, clock.now()));
    expect(await services.auth.verifyTotp(user.id, totpCodeFor(secret, clock.now()))).toBe(true);
    expect(await services.auth.verifyTotp(user.id, totpCodeFor(secret, new Date(clock.now().getTime() - 10 * 60_000)))).toBe(false);
  });

  it('sessions carry the user’s grants and end at logout', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const user = await services.auth.createUser({ email: `sess-${uniqueSuffix()}@example.test` });
    await services.auth.grantRole(user.id, { role: 'association-admin', cityId: city.id, businessId: null });
    const { token } = await services.auth.createSession(user.id);
    const actor = await services.auth.actorForSession(token);
    expect(actor).toMatchObject({ kind: 'user', id: user.id, hasTwoFactor: false });
    expect(can(actor as Actor, { cityId: city.id, roles: ['association-admin'] })).toBe(true);
    await services.auth.deleteSession(token);
    expect(await services.auth.actorForSession(token)).toBeNull();
  });

  it('API keys are shown once, stored hashed, scoped to a city and revocable', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const other = await insertCity(services);
    const { id, key } = await services.auth.createApiKey({ cityId: city.id, role: 'association-staff', createdBy: 'test' });
    expect(key).toMatch(/^tgk_[\w-]{12}_[\w-]{43}$/);
    const keys = await services.auth.listApiKeys(city.id);
    expect(JSON.stringify(keys)).not.toContain(key.split('_').pop()!);
    const actor = await services.auth.actorForApiKey(key);
    expect(actor).toMatchObject({ kind: 'apikey', label: `apikey:${id}` });
    expect(can(actor!, { cityId: city.id, roles: ['association-staff'] })).toBe(true);
    expect(can(actor!, { cityId: other.id, roles: ['association-staff'] })).toBe(false);
    expect(await services.auth.actorForApiKey(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(await services.auth.revokeApiKey(other.id, id)).toBe(false);
    expect(await services.auth.revokeApiKey(city.id, id)).toBe(true);
    expect(await services.auth.actorForApiKey(key)).toBeNull();
  });

  it('merchant roles need a business; city roles need a city', async () => {
    const { auth } = ctx().services;
    const user = await auth.createUser({ email: `role-${uniqueSuffix()}@example.test` });
    await expect(auth.grantRole(user.id, { role: 'merchant-owner', cityId: null, businessId: null })).rejects.toMatchObject({ code: 'auth.role_invalid' });
    await expect(auth.grantRole(user.id, { role: 'association-admin', cityId: null, businessId: null })).rejects.toMatchObject({ code: 'auth.role_invalid' });
  });
});

describe('can', () => {
  const city = '00000000-0000-0000-0000-00000000000a';
  const business = '00000000-0000-0000-0000-0000000000b1';
  const actor = (grants: Actor['grants']): Actor => ({ kind: 'user', id: 'u', label: 'user:u', grants, hasTwoFactor: false });
  it('keeps merchants to their own business and admins to their own city', () => {
    const owner = actor([{ role: 'merchant-owner', cityId: city, businessId: business }]);
    expect(can(owner, { cityId: city, roles: ['merchant-owner'], businessId: business })).toBe(true);
    expect(can(owner, { cityId: city, roles: ['merchant-owner'], businessId: '00000000-0000-0000-0000-0000000000b2' })).toBe(false);
    expect(can(owner, { cityId: city, roles: ['merchant-owner'] })).toBe(false);
    const admin = actor([{ role: 'association-admin', cityId: city, businessId: null }]);
    expect(can(admin, { cityId: city, roles: ['association-admin'] })).toBe(true);
    expect(can(admin, { cityId: '00000000-0000-0000-0000-00000000000c', roles: ['association-admin'] })).toBe(false);
    expect(can(actor([{ role: 'platform-admin', cityId: null, businessId: null }]), { cityId: city, roles: ['association-admin'] })).toBe(true);
  });
});
