/**
 * Accounts, sessions, magic links, passwords (argon2id), TOTP two-factor and API keys.
 * Secrets are only ever stored hashed; tokens and codes never reach a log.
 */
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db/database.js';
import { DomainError } from '../errors.js';
import { businessRoles, type Actor, type Grant, type Role, isRole } from './roles.js';
import { apiKeys, loginTokens, roleGrants, sessions, users } from './schema.js';
import { hashToken, randomToken, safeEqual } from './tokens.js';
import { createTtlCache } from '../ttl-cache.js';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
export const LOGIN_LINK_TTL_MS = 20 * 60 * 1000;
export const INVITE_LINK_TTL_MS = 7 * 24 * 3600 * 1000;
const ISSUER = 'Torget';

export type User = typeof users.$inferSelect;
export type PublicUser = Pick<User, 'id' | 'email' | 'name' | 'locale'> & { hasTwoFactor: boolean };

export const authProblems = {
  'auth.invalid_credentials': { status: 401, title: 'Fel e-post eller lösenord', titleEn: 'Wrong e-mail or password', description: 'The e-mail address and password did not match an account. Nothing tells which of them was wrong, on purpose.' },
  'auth.link_invalid': { status: 400, title: 'Länken gäller inte längre', titleEn: 'The link is no longer valid', description: 'Login links work once and for a short time. Ask for a new one.' },
  'auth.two_factor_required': { status: 403, title: 'Tvåstegsverifiering krävs', titleEn: 'Two-factor authentication required', description: 'This action moves money or changes access: confirm it with a code from your authenticator app.' },
  'auth.two_factor_invalid': { status: 400, title: 'Fel kod', titleEn: 'Wrong code', description: 'The six-digit code did not match. Check the time on your phone and try the current code.' },
  'auth.email_taken': { status: 409, title: 'E-postadressen används redan', titleEn: 'E-mail already in use', description: 'An account with this e-mail address already exists.' },
  'auth.password_weak': { status: 400, title: 'För svagt lösenord', titleEn: 'Password too weak', description: 'Use at least 10 characters.' },
  'auth.role_invalid': { status: 400, title: 'Ogiltig roll', titleEn: 'Invalid role', description: 'The role does not exist, or a merchant role was given without a business.' },
} as const;

export type AuthService = ReturnType<typeof createAuthService>;

const normalizeEmail = (email: string): string => email.trim().toLowerCase();

// Verifying against a real hash when the user does not exist keeps the response time
// the same, so timing does not reveal which e-mail addresses have accounts.
let dummyHash: Promise<string> | null = null;
const getDummyHash = () => (dummyHash ??= argonHash('torget-dummy-password'));

export function createAuthService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  // A till sends its key with every scan: remember who it is for a few seconds. A
  // revocation clears this process at once; other processes within 10 s.
  const apiKeyActors = createTtlCache<Actor | null>({ ttlMs: 10_000, maxEntries: 5000 });

  const toPublic = (u: User): PublicUser => ({ id: u.id, email: u.email, name: u.name, locale: u.locale, hasTwoFactor: !!u.totpSecret });

  async function grantsOf(userId: string, ex: Executor = db): Promise<Grant[]> {
    const rows = await ex.select().from(roleGrants).where(eq(roleGrants.userId, userId));
    return rows.filter((r) => isRole(r.role)).map((r) => ({ role: r.role as Role, cityId: r.cityId, businessId: r.businessId }));
  }

  const service = {
    normalizeEmail,

    async findUserByEmail(email: string, ex: Executor = db): Promise<User | null> {
      const [u] = await ex.select().from(users).where(eq(users.email, normalizeEmail(email)));
      return u ?? null;
    },

    async getUser(id: string, ex: Executor = db): Promise<User | null> {
      const [u] = await ex.select().from(users).where(eq(users.id, id));
      return u ?? null;
    },

    /** Creates an account, or returns the existing one for that e-mail when `reuse` is set. */
    async createUser(input: { email: string; name?: string; password?: string; locale?: 'sv' | 'en' }, ex: Executor = db, options: { reuse?: boolean } = {}): Promise<User> {
      const email = normalizeEmail(input.email);
      if (input.password !== undefined && input.password.length < 10) throw new DomainError('auth.password_weak', 'Lösenordet måste ha minst 10 tecken.');
      const existing = await service.findUserByEmail(email, ex);
      if (existing) {
        if (options.reuse) return existing;
        throw new DomainError('auth.email_taken', `Det finns redan ett konto för ${email}.`);
      }
      const passwordHash = input.password ? await argonHash(input.password) : null;
      const [u] = await ex.insert(users).values({ email, name: input.name ?? '', passwordHash, locale: input.locale ?? 'sv' }).returning();
      return u!;
    },

    async setPassword(userId: string, password: string, ex: Executor = db): Promise<void> {
      if (password.length < 10) throw new DomainError('auth.password_weak', 'Lösenordet måste ha minst 10 tecken.');
      await ex.update(users).set({ passwordHash: await argonHash(password) }).where(eq(users.id, userId));
    },

    async grantRole(userId: string, grant: Grant, ex: Executor = db): Promise<void> {
      if (businessRoles.includes(grant.role) && !grant.businessId) throw new DomainError('auth.role_invalid', `Rollen ${grant.role} kräver ett företag.`);
      if (grant.role !== 'platform-admin' && grant.role !== 'network-admin' && !grant.cityId) throw new DomainError('auth.role_invalid', `Rollen ${grant.role} kräver en stad.`);
      await ex.insert(roleGrants).values({ userId, role: grant.role, cityId: grant.cityId, businessId: grant.businessId }).onConflictDoNothing();
    },

    async revokeRole(userId: string, grant: Grant, ex: Executor = db): Promise<void> {
      await ex
        .delete(roleGrants)
        .where(
          and(
            eq(roleGrants.userId, userId),
            eq(roleGrants.role, grant.role),
            grant.cityId ? eq(roleGrants.cityId, grant.cityId) : isNull(roleGrants.cityId),
            grant.businessId ? eq(roleGrants.businessId, grant.businessId) : isNull(roleGrants.businessId),
          ),
        );
    },

    grantsOf,

    /** Users holding any role in a city (optionally for one business). */
    async listCityUsers(cityId: string, businessId?: string): Promise<Array<PublicUser & { grants: Grant[] }>> {
      const rows = await db
        .select({ user: users, grant: roleGrants })
        .from(roleGrants)
        .innerJoin(users, eq(users.id, roleGrants.userId))
        .where(and(eq(roleGrants.cityId, cityId), businessId ? eq(roleGrants.businessId, businessId) : undefined));
      const byUser = new Map<string, PublicUser & { grants: Grant[] }>();
      for (const { user, grant } of rows) {
        const entry = byUser.get(user.id) ?? { ...toPublic(user), grants: [] };
        if (isRole(grant.role)) entry.grants.push({ role: grant.role, cityId: grant.cityId, businessId: grant.businessId });
        byUser.set(user.id, entry);
      }
      return [...byUser.values()].sort((a, b) => a.email.localeCompare(b.email));
    },

    /** Returns the user when the password matches; the same slow path either way. */
    async verifyPassword(email: string, password: string): Promise<User | null> {
      const user = await service.findUserByEmail(email);
      if (!user?.passwordHash || user.disabledAt) {
        await argonVerify(await getDummyHash(), password).catch(() => false);
        return null;
      }
      return (await argonVerify(user.passwordHash, password).catch(() => false)) ? user : null;
    },

    async createSession(userId: string, meta: { ip?: string; userAgent?: string; twoFactor?: boolean } = {}): Promise<{ token: string; expiresAt: Date }> {
      const token = randomToken();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      await db.insert(sessions).values({
        id: hashToken(token),
        userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
        twoFactorAt: meta.twoFactor ? now : null,
      });
      await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, userId));
      return { token, expiresAt };
    },

    /** The actor behind a session cookie, or null when it is unknown or expired. */
    async actorForSession(token: string): Promise<(Actor & { sessionId: string; user: PublicUser }) | null> {
      const id = hashToken(token);
      const [row] = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.id, id), gt(sessions.expiresAt, clock.now()), isNull(users.disabledAt)));
      if (!row) return null;
      // Touch at most once a minute: a write per request would be wasted work.
      if (clock.now().getTime() - row.session.lastSeenAt.getTime() > 60_000) {
        await db.update(sessions).set({ lastSeenAt: clock.now() }).where(eq(sessions.id, id));
      }
      return {
        kind: 'user',
        id: row.user.id,
        label: `user:${row.user.id}`,
        email: row.user.email,
        name: row.user.name,
        grants: await grantsOf(row.user.id),
        hasTwoFactor: row.session.twoFactorAt !== null,
        sessionId: id,
        user: toPublic(row.user),
      };
    },

    async deleteSession(token: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
    },

    async markSessionTwoFactor(sessionId: string): Promise<void> {
      await db.update(sessions).set({ twoFactorAt: clock.now() }).where(eq(sessions.id, sessionId));
    },

    async pruneSessions(): Promise<number> {
      const rows = await db.delete(sessions).where(lt(sessions.expiresAt, clock.now())).returning({ id: sessions.id });
      const links = await db.delete(loginTokens).where(lt(loginTokens.expiresAt, new Date(clock.now().getTime() - 24 * 3600 * 1000))).returning({ id: loginTokens.id });
      return rows.length + links.length;
    },

    /** A single-use link token. `redirectTo` must be a local path. */
    async createLoginToken(userId: string, purpose: 'login' | 'invite', redirectTo: string | null = null, ex: Executor = db): Promise<string> {
      const token = randomToken();
      const ttl = purpose === 'invite' ? INVITE_LINK_TTL_MS : LOGIN_LINK_TTL_MS;
      await ex.insert(loginTokens).values({
        id: hashToken(token),
        userId,
        purpose,
        redirectTo: safeLocalPath(redirectTo),
        createdAt: clock.now(),
        expiresAt: new Date(clock.now().getTime() + ttl),
      });
      return token;
    },

    /** Checks a link without using it up (the confirm page shows who is logging in). */
    async peekLoginToken(token: string): Promise<{ email: string; purpose: string } | null> {
      const [row] = await db
        .select({ email: users.email, purpose: loginTokens.purpose })
        .from(loginTokens)
        .innerJoin(users, eq(users.id, loginTokens.userId))
        .where(and(eq(loginTokens.id, hashToken(token)), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, clock.now())));
      return row ?? null;
    },

    /** Uses a link exactly once; a second use, or an expired link, fails. */
    async consumeLoginToken(token: string): Promise<{ userId: string; redirectTo: string | null; purpose: string }> {
      const [row] = await db
        .update(loginTokens)
        .set({ usedAt: clock.now() })
        .where(and(eq(loginTokens.id, hashToken(token)), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, clock.now())))
        .returning({ userId: loginTokens.userId, redirectTo: loginTokens.redirectTo, purpose: loginTokens.purpose });
      if (!row) throw new DomainError('auth.link_invalid', 'Länken har redan använts eller gått ut. Begär en ny.');
      return row;
    },

    /** Starts TOTP enrolment: a new secret that only counts once a code confirms it. */
    async beginTotp(userId: string): Promise<{ secret: string; uri: string }> {
      const user = await service.getUser(userId);
      if (!user) throw new DomainError('not_found', 'Kontot finns inte.');
      const secret = new OTPAuth.Secret({ size: 20 });
      await db.update(users).set({ totpPendingSecret: secret.base32 }).where(eq(users.id, userId));
      const totp = new OTPAuth.TOTP({ issuer: ISSUER, label: user.email, secret, digits: 6, period: 30, algorithm: 'SHA1' });
      return { secret: secret.base32, uri: totp.toString() };
    },

    async confirmTotp(userId: string, code: string): Promise<void> {
      const user = await service.getUser(userId);
      if (!user?.totpPendingSecret || !checkTotp(user.totpPendingSecret, code, clock.now())) {
        throw new DomainError('auth.two_factor_invalid', 'Koden stämmer inte.');
      }
      await db.update(users).set({ totpSecret: user.totpPendingSecret, totpPendingSecret: null }).where(eq(users.id, userId));
    },

    async verifyTotp(userId: string, code: string): Promise<boolean> {
      const user = await service.getUser(userId);
      return !!user?.totpSecret && checkTotp(user.totpSecret, code, clock.now());
    },

    /** Creates an API key; the full key is returned once and never stored. */
    async createApiKey(input: { cityId: string; role: Role; businessId?: string | null; name?: string; createdBy: string }, ex: Executor = db): Promise<{ id: string; key: string }> {
      if (businessRoles.includes(input.role) && !input.businessId) throw new DomainError('auth.role_invalid', `Rollen ${input.role} kräver ett företag.`);
      const prefix = randomToken(9);
      const secret = randomToken(32);
      const [row] = await ex
        .insert(apiKeys)
        .values({ cityId: input.cityId, businessId: input.businessId ?? null, role: input.role, name: input.name ?? '', prefix, secretHash: hashToken(secret), createdBy: input.createdBy })
        .returning({ id: apiKeys.id });
      return { id: row!.id, key: `tgk_${prefix}_${secret}` };
    },

    async actorForApiKey(key: string): Promise<Actor | null> {
      return apiKeyActors.get(hashToken(key), () => service.loadApiKeyActor(key));
    },

    async loadApiKeyActor(key: string): Promise<Actor | null> {
      const match = /^tgk_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
      if (!match) return null;
      const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.prefix, match[1]!), isNull(apiKeys.revokedAt)));
      if (!row || !safeEqual(row.secretHash, hashToken(match[2]!)) || !isRole(row.role)) return null;
      // "Last used" to the minute is enough, and a write per request would cost a commit on every till scan.
      if (!row.lastUsedAt || clock.now().getTime() - row.lastUsedAt.getTime() > 60_000) {
        await db.update(apiKeys).set({ lastUsedAt: clock.now() }).where(eq(apiKeys.id, row.id));
      }
      return { kind: 'apikey', id: row.id, label: `apikey:${row.id}`, grants: [{ role: row.role, cityId: row.cityId, businessId: row.businessId }], hasTwoFactor: false };
    },

    async listApiKeys(cityId: string) {
      return db
        .select({ id: apiKeys.id, name: apiKeys.name, role: apiKeys.role, businessId: apiKeys.businessId, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
        .from(apiKeys)
        .where(eq(apiKeys.cityId, cityId));
    },

    async revokeApiKey(cityId: string, id: string): Promise<boolean> {
      const rows = await db.update(apiKeys).set({ revokedAt: clock.now(), isActive: false }).where(and(eq(apiKeys.cityId, cityId), eq(apiKeys.id, id))).returning({ id: apiKeys.id });
      apiKeyActors.clear();
      return rows.length > 0;
    },

    /** Everything stored about one person, for a data export. */
    async exportUser(userId: string) {
      const user = await service.getUser(userId);
      if (!user) return null;
      const grants = await grantsOf(userId);
      const userSessions = await db.select({ createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, ip: sessions.ip, userAgent: sessions.userAgent }).from(sessions).where(eq(sessions.userId, userId));
      return { id: user.id, email: user.email, name: user.name, locale: user.locale, createdAt: user.createdAt, lastLoginAt: user.lastLoginAt, hasPassword: !!user.passwordHash, hasTwoFactor: !!user.totpSecret, grants, sessions: userSessions };
    },

    /** Erases a person: the account and everything hanging off it (sessions, links, roles). */
    async eraseUser(userId: string): Promise<void> {
      await db.delete(users).where(eq(users.id, userId));
    },

    /** Counts for the admin's overview, e.g. how many users hold a role in a city. */
    async countCityUsers(cityId: string): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(distinct ${roleGrants.userId})::int` }).from(roleGrants).where(eq(roleGrants.cityId, cityId));
      return row?.n ?? 0;
    },
  };
  return service;
}

function checkTotp(secret: string, code: string, now: Date): boolean {
  if (!/^\d{6}$/.test(code.trim())) return false;
  const totp = new OTPAuth.TOTP({ issuer: ISSUER, secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.validate({ token: code.trim(), timestamp: now.getTime(), window: 1 }) !== null;
}

/** Only same-site paths may be redirect targets: no open redirects. */
export function safeLocalPath(target: string | null | undefined): string | null {
  if (!target) return null;
  // Browsers drop tabs and newlines from URLs and read '\\' as '/', so '/\t/evil.example'
  // would become '//evil.example': control characters and backslashes are refused outright.
  if (!target.startsWith('/') || target.startsWith('//') || /[\u0000-\u001f\u007f\\]/.test(target)) return null;
  // And whatever is left must resolve to this site.
  const base = 'https://torget.invalid';
  try {
    if (new URL(target, base).origin !== base) return null;
  } catch {
    return null;
  }
  return target;
}

export function totpCodeFor(secret: string, at: Date): string {
  return new OTPAuth.TOTP({ issuer: ISSUER, secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at.getTime() });
}
