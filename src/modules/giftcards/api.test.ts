import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from '../../../test/harness.js';
import { apiKeyFor, insertBusiness, insertCity, insertUser, sessionHeaders, uniqueSuffix } from '../../../test/factories/index.js';
import { accounts } from './ports.js';
import { isoStockholm } from './api.js';

let ipCounter = 0;
/** Each test its own client address: rate-limit counters are shared by the worker's database. */
const freshIp = () => `198.51.${(process.pid % 200) + 1}.${(ipCounter++ % 250) + 1}-${uniqueSuffix()}`;

async function setup(ctx: TestContext) {
  const { services } = ctx;
  const city = await insertCity(services);
  await services.giftcards.products.ensureDefaults(city.id);
  const shop = await insertBusiness(services, city, { category: 'mode' });
  const restaurant = await insertBusiness(services, city, { category: 'restaurang' });
  const shopKey = await apiKeyFor(services, city, 'merchant-owner', shop.id);
  const restaurantKey = await apiKeyFor(services, city, 'merchant-staff', restaurant.id);
  return { city, shop, restaurant, shopKey, restaurantKey, ip: freshIp() };
}

async function buyCard(ctx: TestContext, cityId: string, amountOre = 50_000, productSlug = 'presentkort') {
  const { services } = ctx;
  const { order, cards } = await services.giftcards.placeOrder(null, cityId, { productSlug, amountOre, quantity: 1, buyer: { email: 'kop@example.test' }, paymentMethod: 'simulator', channel: 'web' });
  await services.giftcards.setPaymentRef(cityId, order.id, `sim-${order.id}`);
  await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
  return { order, code: cards[0]!.code, cardId: cards[0]!.id };
}

const send = (key: string | null, ip: string, body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
  body: JSON.stringify(body),
});

describeEachDatabase(
  'gift card POS API',
  (ctx) => {
    it('looks up a card with a merchant key, with the Stockholm offset on expiresAt', async () => {
      const { app } = ctx();
      const s = await setup(ctx());
      const { code } = await buyCard(ctx(), s.city.id);
      const res = await app.request(`/api/v1/cities/${s.city.slug}/giftcards/lookup`, send(s.shopKey, s.ip, { code: code.toLowerCase() }));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ balanceOre: 50_000, status: 'active', acceptedHere: true, productName: 'Presentkort' });
      expect(body.couponsLeft).toBeUndefined();
      expect(body.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$/);
      expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.parse('2028-12-10T00:00:00Z'));

      const booklet = await buyCard(ctx(), s.city.id, undefined, 'lunchkuponger');
      const lunch = await (await app.request(`/api/v1/cities/${s.city.slug}/giftcards/lookup`, send(s.shopKey, s.ip, { code: booklet.code }))).json();
      expect(lunch).toMatchObject({ couponsLeft: 10, acceptedHere: false, productName: 'Lunchkuponger' });

      const unknown = await app.request(`/api/v1/cities/${s.city.slug}/giftcards/lookup`, send(s.shopKey, s.ip, { code: 'nope' }));
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toContain('application/problem+json');
      expect(await unknown.json()).toMatchObject({ code: 'giftcard.not_found' });
      expect((await app.request(`/api/v1/cities/${s.city.slug}/giftcards/lookup`, send(null, s.ip, { code }))).status).toBe(401);
    });

    it('formats instants in Swedish local time in summer and winter', () => {
      expect(isoStockholm(new Date('2028-12-11T22:59:59Z'))).toBe('2028-12-11T23:59:59+01:00');
      expect(isoStockholm(new Date('2027-07-01T10:00:00Z'))).toBe('2027-07-01T12:00:00+02:00');
    });

    it('redeems once per Idempotency-Key and replays the first answer', async () => {
      const { app, services } = ctx();
      const s = await setup(ctx());
      const { code, cardId } = await buyCard(ctx(), s.city.id);
      const url = `/api/v1/cities/${s.city.slug}/redemptions`;
      const key = { 'idempotency-key': `kassa-1-${uniqueSuffix()}` };

      const first = await app.request(url, send(s.shopKey, s.ip, { code, amountOre: 12_000 }, key));
      expect(first.status).toBe(201);
      const body = await first.json();
      expect(body).toMatchObject({ amountOre: 12_000, balanceOre: 38_000, receiptNumber: expect.stringMatching(/^K-/) });

      const again = await app.request(url, send(s.shopKey, s.ip, { amountOre: 12_000, code }, key));
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotency-replayed')).toBe('true');
      expect(await again.json()).toEqual(body);
      expect(await services.ledger.balance(services.db, s.city.id, accounts.card(cardId))).toBe(38_000);

      const reused = await app.request(url, send(s.shopKey, s.ip, { code, amountOre: 1_000 }, key));
      expect(reused.status).toBe(422);
      expect(await reused.json()).toMatchObject({ code: 'idempotency.key_reused' });

      const missing = await app.request(url, send(s.shopKey, s.ip, { code, amountOre: 1_000 }));
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ code: 'idempotency.key_required' });

      const tooMuch = await app.request(url, send(s.shopKey, s.ip, { code, amountOre: 40_000 }, { 'idempotency-key': uniqueSuffix() }));
      expect(tooMuch.status).toBe(409);
      expect(await tooMuch.json()).toMatchObject({ code: 'giftcard.insufficient_balance', balanceOre: 38_000 });

      // Later redemptions do not change the first answer a retry gets.
      const later = await app.request(url, send(s.shopKey, s.ip, { code, amountOre: 8_000 }, { 'idempotency-key': uniqueSuffix() }));
      expect(later.status).toBe(201);
      const replayedLater = await app.request(url, send(s.shopKey, s.ip, { code, amountOre: 12_000 }, key));
      expect(await replayedLater.json()).toEqual(body);

      const both = await app.request(url, send(s.shopKey, s.ip, { code, amountOre: 100, coupons: 1 }, { 'idempotency-key': uniqueSuffix() }));
      expect(both.status).toBe(400);
      expect(await both.json()).toMatchObject({ code: 'validation' });
      expect(await services.ledger.balance(services.db, s.city.id, accounts.card(cardId))).toBe(30_000);
    });

    it('refuses lunch coupons at a shop and takes whole coupons at a restaurant', async () => {
      const { app } = ctx();
      const s = await setup(ctx());
      const booklet = await buyCard(ctx(), s.city.id, undefined, 'lunchkuponger');
      const url = `/api/v1/cities/${s.city.slug}/redemptions`;
      const atShop = await app.request(url, send(s.shopKey, s.ip, { code: booklet.code, coupons: 1 }, { 'idempotency-key': uniqueSuffix() }));
      expect(atShop.status).toBe(422);
      expect(await atShop.json()).toMatchObject({ code: 'giftcard.not_accepted_here' });
      const lunch = await app.request(url, send(s.restaurantKey, s.ip, { code: booklet.code, coupons: 2 }, { 'idempotency-key': uniqueSuffix() }));
      expect(lunch.status).toBe(201);
      expect(await lunch.json()).toMatchObject({ amountOre: 16_000, couponsLeft: 8 });
    });

    it('reverses a redemption the same day and lists today’s redemptions', async () => {
      const { app, services } = ctx();
      const s = await setup(ctx());
      const { code, cardId } = await buyCard(ctx(), s.city.id);
      const redeemed = await (await app.request(`/api/v1/cities/${s.city.slug}/redemptions`, send(s.shopKey, s.ip, { code, amountOre: 20_000 }, { 'idempotency-key': uniqueSuffix() }))).json();
      const list = await app.request(`/api/v1/cities/${s.city.slug}/redemptions?date=today`, { headers: { authorization: `Bearer ${s.shopKey}` } });
      expect(list.status).toBe(200);
      expect((await list.json()).items).toEqual([expect.objectContaining({ id: redeemed.id, amountOre: 20_000, reversedAt: null, createdAt: expect.stringMatching(/\+01:00$/) })]);
      // The restaurant cannot undo the shop's redemption.
      const foreign = await app.request(`/api/v1/cities/${s.city.slug}/redemptions/${redeemed.id}/reversal`, { method: 'POST', headers: { authorization: `Bearer ${s.restaurantKey}`, 'idempotency-key': uniqueSuffix() } });
      expect(foreign.status).toBe(404);
      const reversalKey = { 'idempotency-key': uniqueSuffix() };
      const reversed = await app.request(`/api/v1/cities/${s.city.slug}/redemptions/${redeemed.id}/reversal`, { method: 'POST', headers: { authorization: `Bearer ${s.shopKey}`, ...reversalKey } });
      expect(reversed.status).toBe(200);
      expect(await reversed.json()).toEqual({ id: redeemed.id, balanceOre: 50_000 });
      const replayed = await app.request(`/api/v1/cities/${s.city.slug}/redemptions/${redeemed.id}/reversal`, { method: 'POST', headers: { authorization: `Bearer ${s.shopKey}`, ...reversalKey } });
      expect(replayed.headers.get('idempotency-replayed')).toBe('true');
      const twice = await app.request(`/api/v1/cities/${s.city.slug}/redemptions/${redeemed.id}/reversal`, { method: 'POST', headers: { authorization: `Bearer ${s.shopKey}`, 'idempotency-key': uniqueSuffix() } });
      expect(twice.status).toBe(409);
      expect(await services.ledger.balance(services.db, s.city.id, accounts.card(cardId))).toBe(50_000);
      const missingKey = await app.request(`/api/v1/cities/${s.city.slug}/redemptions/${redeemed.id}/reversal`, { method: 'POST', headers: { authorization: `Bearer ${s.shopKey}` } });
      expect(missingKey.status).toBe(400);
    });

    it('keeps another city’s key out and moves nothing', async () => {
      const { app, services } = ctx();
      const s = await setup(ctx());
      const other = await setup(ctx());
      const { code, cardId } = await buyCard(ctx(), s.city.id);
      const lookup = await app.request(`/api/v1/cities/${s.city.slug}/giftcards/lookup`, send(other.shopKey, s.ip, { code }));
      expect([403, 404]).toContain(lookup.status);
      const redeem = await app.request(`/api/v1/cities/${s.city.slug}/redemptions`, send(other.shopKey, s.ip, { code, amountOre: 100 }, { 'idempotency-key': uniqueSuffix() }));
      expect([403, 404]).toContain(redeem.status);
      // Its own city does not know the code either.
      const elsewhere = await app.request(`/api/v1/cities/${other.city.slug}/redemptions`, send(other.shopKey, s.ip, { code, amountOre: 100 }, { 'idempotency-key': uniqueSuffix() }));
      expect(elsewhere.status).toBe(404);
      expect((await app.request(`/api/v1/cities/${s.city.slug}/redemptions?date=today`, { headers: { authorization: `Bearer ${other.shopKey}` } })).status).toBe(403);
      expect(await services.ledger.balance(services.db, s.city.id, accounts.card(cardId))).toBe(50_000);
    });

    it('lets a merchant’s browser session name its business', async () => {
      const { app, services } = ctx();
      const s = await setup(ctx());
      const owner = await insertUser(services, 'merchant-owner', s.city, s.shop.id);
      const headers = { ...(await sessionHeaders(services, owner.userId)), 'x-forwarded-for': s.ip };
      const { code } = await buyCard(ctx(), s.city.id);
      const url = `/api/v1/cities/${s.city.slug}/giftcards/lookup`;
      const without = await app.request(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
      expect(without.status).toBe(400);
      const other = await app.request(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ code, businessSlug: s.restaurant.slug }) });
      expect(other.status).toBe(403);
      const ok = await app.request(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ code, businessSlug: s.shop.slug }) });
      expect(ok.status).toBe(200);
    });

    it('refuses every look-up after ten failed ones a minute, even for a valid code', async () => {
      const { app, services } = ctx();
      const s = await setup(ctx());
      const { code, cardId } = await buyCard(ctx(), s.city.id);
      const url = `/api/v1/cities/${s.city.slug}/giftcards/lookup`;
      // Successful look-ups do not count.
      for (let i = 0; i < 12; i++) expect((await app.request(url, send(s.shopKey, s.ip, { code }))).status).toBe(200);
      for (let i = 0; i < 10; i++) {
        const guess = await app.request(url, send(s.shopKey, s.ip, { code: i % 2 ? `K7QM-3XPA-9D2F-HW4T-B6N${i}` : 'malformed' }));
        expect(guess.status).toBe(404);
      }
      const blocked = await app.request(url, send(s.shopKey, s.ip, { code }));
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await blocked.json()).toMatchObject({ code: 'rate_limited' });
      // Redemptions are guarded too, and nothing moves.
      const redeem = await app.request(`/api/v1/cities/${s.city.slug}/redemptions`, send(s.shopKey, s.ip, { code, amountOre: 100 }, { 'idempotency-key': uniqueSuffix() }));
      expect(redeem.status).toBe(429);
      expect(await services.ledger.balance(services.db, s.city.id, accounts.card(cardId))).toBe(50_000);
      // The same key from another address is still blocked; another key from the same address too.
      expect((await app.request(url, send(s.shopKey, freshIp(), { code }))).status).toBe(429);
      const otherKey = await apiKeyFor(services, s.city, 'merchant-owner', s.shop.id);
      expect((await app.request(url, send(otherKey, s.ip, { code }))).status).toBe(429);
      expect((await app.request(url, send(otherKey, freshIp(), { code }))).status).toBe(200);
    });

    it('answers the public balance look-up without moving anything', async () => {
      const { app } = ctx();
      const s = await setup(ctx());
      const { code } = await buyCard(ctx(), s.city.id);
      // The public endpoint needs no merchant role: any caller of the city may ask.
      const res = await app.request(`/api/v1/cities/${s.city.slug}/giftcards/balance`, send(s.restaurantKey, s.ip, { code }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ balanceOre: 50_000, status: 'active', expiresAt: expect.stringMatching(/\+0[12]:00$/), couponsLeft: null, productName: 'Presentkort' });
      expect((await app.request(`/api/v1/cities/${s.city.slug}/giftcards/balance`, send(s.restaurantKey, s.ip, { code: 'AAAA' }))).status).toBe(404);
    });

    it('answers 404 to callbacks of providers that are not configured', async () => {
      const { app } = ctx();
      const res = await app.request('/api/v1/payments/swish/callback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(404);
      expect((await app.request('/api/v1/payments/bitcoin/callback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(400);
    });

    it('documents the routes in OpenAPI', async () => {
      const { app } = ctx();
      const doc = await (await app.request('/api/openapi.json')).json();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/cities/{city}/giftcards/lookup', '/api/v1/cities/{city}/redemptions', '/api/v1/cities/{city}/redemptions/{id}/reversal', '/api/v1/cities/{city}/giftcards/balance']));
      expect(doc.paths['/api/v1/cities/{city}/redemptions'].post.security).toEqual([{ apiKey: [] }]);
    });
  },
  { trustedProxyHops: 1 },
);
