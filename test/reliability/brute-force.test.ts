/**
 * Brute force, measured: an attacker guesses gift card codes (at the till API with a
 * merchant key, and on the public balance endpoint) and passwords, as fast as the
 * server lets them, for a simulated quarter hour (the whole hour with RELIABILITY_LONG=1;
 * the clock steps a minute at a time), counted per hour. The
 * test counts the guesses the server actually evaluated and asserts the bound; a
 * right guess made after the limit is refused too, so the limit cannot be outwaited
 * inside a window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, createTestContext, type TestContext } from '../harness.js';
import { checkSymbol } from '../../src/modules/giftcards/codes.js';
import { apiKeyFor, insertBusiness, insertCity, insertUser } from '../factories/index.js';
import { CSRF_COOKIE } from '../../src/platform/http/app.js';
import { record } from './support.js';

const MINUTE = 60_000;
/** Simulated minutes: a quarter of an hour by default (windows start on the quarter hour), the hour when long. */
const MINUTES = process.env.RELIABILITY_LONG === '1' ? 60 : 15;
const perHour = (n: number) => Math.round((n * 60) / MINUTES);
/** What the limits promise (src/modules/giftcards/api.ts lookupRules, src/pages/auth.tsx loginRules). */
const bounds = { codeGuessesPerHourPerKey: 600, codeGuessesPerHourPerAddress: 600, passwordGuessesPerHourPerAccount: 40, passwordGuessesPerHourPerAddress: 120 };
/** The code space: 19 symbols of 32 plus a check symbol. */
const CODE_SPACE = 32 ** 19;

let seq = 0;
/** A well-formed code of no card (valid check symbol, so it reaches the database). */
function wrongCode(): string {
  const body = (Date.now().toString(32).toUpperCase() + String(seq++).padStart(8, '0')).replace(/[ILOU]/g, 'A').replace(/[^0-9A-Z]/g, 'B').padEnd(19, 'C').slice(0, 19);
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';
  const clean = [...body].map((ch) => (alphabet.includes(ch) ? ch : 'A')).join('');
  return clean + checkSymbol(clean);
}

// The counters' store is the same SQL on both databases: the short run measures on one.
for (const kind of process.env.RELIABILITY_LONG === '1' ? databaseKinds : databaseKinds.slice(0, 1)) {
  describe(`brute force over one hour [${kind}]`, () => {
    let ctx: TestContext;
    beforeAll(async () => {
      // Our own clock far from other tests' windows, and one trusted proxy so each test's address is its own.
      ctx = await createTestContext(kind, { trustedProxyHops: 1 }, `2031-0${(process.pid % 8) + 1}-1${seq % 9}T08:00:00Z`);
    });
    afterAll(() => ctx?.services.close());

    it('lets a gift card code guesser evaluate at most 600 guesses an hour per key and per address', async () => {
      const { services, app, clock } = ctx;
      const city = await insertCity(services);
      await services.giftcards.products.ensureDefaults(city.id);
      const shop = await insertBusiness(services, city, { category: 'mode' });
      const key = await apiKeyFor(services, city, 'merchant-owner', shop.id);
      const [real] = await services.giftcards.issuePromotional((await insertUser(services, 'association-admin', city)).actor, city.id, { amountOre: 50_000, count: 1 });
      const ip = `198.18.${process.pid % 250}.${(seq++ % 250) + 1}`;
      const post = (path: string, body: unknown, headers: Record<string, string>) =>
        app.request(`/api/v1/cities/${city.slug}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': headers.ip ?? ip, ...headers }, body: JSON.stringify(body) });

      const measure = async (send: (code: string, minute: number) => Promise<Response>, perMinute: number) => {
        let evaluated = 0;
        let refused = 0;
        let rightGuessRefused = 0;
        for (let minute = 0; minute < MINUTES; minute++) {
          for (let i = 0; i < perMinute; i++) {
            const res = await send(wrongCode(), minute);
            if (res.status === 404) evaluated++;
            else if (res.status === 429) {
              refused++;
              expect(res.headers.get('content-type')).toMatch(/problem\+json/);
            } else throw new Error(`unexpected ${res.status}: ${await res.text()}`);
          }
          // The right code, once the minute's guesses are spent, is refused as well.
          if ((await send(real!.code, minute)).status === 429) rightGuessRefused++;
          clock.advance(MINUTE);
        }
        return { evaluated, refused, rightGuessRefused };
      };

      // One key from addresses that change every minute: the key's limit holds.
      const perKey = await measure((code, minute) => post('giftcards/lookup', { code }, { authorization: `Bearer ${key}`, ip: `198.19.${minute}.${seq % 250}` }), 12);
      // Anonymous, one address, on the public balance endpoint: the address's limit holds.
      const perAddress = await measure((code) => post('giftcards/balance', { code }, {}), 12);
      expect(perHour(perKey.evaluated)).toBeLessThanOrEqual(bounds.codeGuessesPerHourPerKey);
      expect(perHour(perAddress.evaluated)).toBeLessThanOrEqual(bounds.codeGuessesPerHourPerAddress);
      expect(perKey.refused).toBeGreaterThan(0);
      expect(perKey.rightGuessRefused).toBe(MINUTES);
      expect(perAddress.rightGuessRefused).toBe(MINUTES);
      record(`brute-force-codes-${kind}`, {
        simulatedMinutes: MINUTES,
        attemptsPerMinute: 12,
        perKey: { ...perKey, evaluatedPerHour: perHour(perKey.evaluated) },
        perAddress: { ...perAddress, evaluatedPerHour: perHour(perAddress.evaluated) },
        bounds,
        chanceOfOneHitPerKeyHour: perHour(perKey.evaluated) / CODE_SPACE,
      });
    }, 240_000);

    it('lets a password guesser evaluate at most 40 guesses an hour per account and 120 per address', async () => {
      const { services, app, clock } = ctx;
      const city = await insertCity(services);
      const victim = await insertUser(services, 'association-admin', city, null, 'rätt-lösenord-för-test-1');
      const csrf = 'brute-force-csrf-token-0123456789';
      const login = (email: string, ip: string) =>
        app.request('/logga-in', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${CSRF_COOKIE}=${csrf}`, 'x-forwarded-for': ip },
          body: new URLSearchParams({ email, password: `fel-${seq++}`, _csrf: csrf }).toString(),
        });
      const measure = async (send: (minute: number) => Promise<Response>, perMinute: number) => {
        let evaluated = 0;
        let refused = 0;
        for (let minute = 0; minute < MINUTES; minute++) {
          for (let i = 0; i < perMinute; i++) {
            const res = await send(minute);
            if (res.status === 401) evaluated++;
            else if (res.status === 429) refused++;
            else throw new Error(`unexpected ${res.status}`);
          }
          clock.advance(MINUTE);
        }
        return { evaluated, refused };
      };
      // One account from an address that changes every minute.
      const perAccount = await measure((minute) => login(victim.email, `198.20.${minute}.${seq % 250}`), 1);
      // One address against a new account name every time.
      const fixedIp = `198.21.${process.pid % 250}.${seq % 250}`;
      const perAddress = await measure(() => login(`gissning-${seq++}@example.test`, fixedIp), 3);
      expect(perHour(perAccount.evaluated)).toBeLessThanOrEqual(bounds.passwordGuessesPerHourPerAccount);
      expect(perHour(perAddress.evaluated)).toBeLessThanOrEqual(bounds.passwordGuessesPerHourPerAddress);
      expect(perAccount.refused).toBeGreaterThan(0);
      expect(perAddress.refused).toBeGreaterThan(0);
      record(`brute-force-logins-${kind}`, { simulatedMinutes: MINUTES, perAccount: { attemptsPerMinute: 1, ...perAccount, evaluatedPerHour: perHour(perAccount.evaluated) }, perAddress: { attemptsPerMinute: 3, ...perAddress, evaluatedPerHour: perHour(perAddress.evaluated) }, bounds });
    }, 240_000);
  });
}
