/**
 * A payment that arrives after its order was cancelled or expired: never lost, never
 * kept. The order becomes `refund_due`, the money is held for the payer in the ledger
 * (`refund:<order>`), no card is issued, and the money goes back through the provider
 * that took it with an idempotent instruction — the simulator, Swish (the mTLS fake,
 * confirmed by its refund callback) and Stripe (the fake, Idempotency-Key) — whether
 * the payment is reported once, twice, or after the provider was down.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallbackReceiver, type CallbackReceiver } from '../../../test/fakes/callback-receiver.js';
import { startStripeFake, type StripeFake } from '../../../test/fakes/stripe-fake.js';
import { startSwishFake, type SwishFake } from '../../../test/fakes/swish-fake.js';
import { insertCity, insertUser, sessionHeaders, uniqueSuffix } from '../../../test/factories/index.js';
import { createTestContext, databaseKinds, type TestContext } from '../../../test/harness.js';
import { systemActor } from '../../platform/auth/roles.js';
import type { PaymentMethod } from '../../platform/config.js';
import { accounts } from './ports.js';
import type { Order } from './service.js';

async function placeAndStart(ctx: TestContext, method: Exclude<PaymentMethod, 'invoice'>, callbackBase: string) {
  const city = await insertCity(ctx.services);
  await ctx.services.giftcards.products.ensureDefaults(city.id);
  const { order } = await ctx.services.giftcards.placeOrder(null, city.id, { productSlug: 'presentkort', amountOre: 25_000, quantity: 2, buyer: { email: `sen-${uniqueSuffix()}@example.test` }, paymentMethod: method, channel: 'web' });
  const started = await ctx.services.payments.start(order, { returnUrl: `${callbackBase}/${city.slug}/presentkort/tack/${order.id}`, callbackUrl: (m) => `${callbackBase}/api/v1/payments/${m}/callback` });
  return { city, order: (await ctx.services.giftcards.getOrder(city.id, order.id))!.order, redirectUrl: started.redirectUrl };
}

const reload = async (ctx: TestContext, order: Order) => (await ctx.services.giftcards.getOrder(order.cityId, order.id))!.order;

/** Placed a day and more ago, then the hourly job: the order expires unpaid. */
async function expire(ctx: TestContext, order: Order) {
  await ctx.services.db.execute(sql`update giftcard_orders set created_at = created_at - interval '26 hours' where id = ${order.id}`);
  expect(await ctx.services.giftcards.expireUnpaidOrders()).toBeGreaterThanOrEqual(1);
  const expired = await reload(ctx, order);
  expect(expired.status).toBe('expired');
  const { cards } = (await ctx.services.giftcards.getOrder(order.cityId, order.id))!;
  for (const card of cards) expect(card).toMatchObject({ status: 'blocked', blockReason: 'order_expired' });
}

/** Nothing issued: no card active or funded, no card mailed; the ledger verifies. */
async function expectNothingIssued(ctx: TestContext, order: Order) {
  const { cards } = (await ctx.services.giftcards.getOrder(order.cityId, order.id))!;
  for (const card of cards) {
    expect(card.status).toBe('blocked');
    expect(await ctx.services.ledger.balance(ctx.services.db, order.cityId, accounts.card(card.id))).toBe(0);
  }
  expect((await ctx.services.outbox.list({ cityId: order.cityId })).filter((m) => m.template === 'giftcards.card')).toHaveLength(0);
  expect((await ctx.services.ledger.verify(order.cityId)).ok).toBe(true);
}

/** What the ledger holds for the payer, and how often money moved for the late payment. */
async function money(ctx: TestContext, order: Order) {
  const { rows } = (await ctx.services.db.execute(sql`select kind, count(*)::int as n from ledger_transfers where reference = ${order.id} group by kind`)) as unknown as { rows: Array<{ kind: string; n: number }> };
  const count = (kind: string) => rows.find((r) => r.kind === kind)?.n ?? 0;
  return {
    owed: await ctx.services.ledger.balance(ctx.services.db, order.cityId, accounts.refund(order.id)),
    clearing: await ctx.services.ledger.balance(ctx.services.db, order.cityId, accounts.clearing(order.paymentMethod)),
    received: count('giftcard.late_payment'),
    refunded: count('giftcard.late_refund'),
    issued: count('giftcard.issue'),
  };
}

for (const kind of databaseKinds) {
  describe(`late payments [${kind}]`, () => {
    describe('simulator', () => {
      let ctx: TestContext;
      beforeAll(async () => {
        ctx = await createTestContext(kind, {}, new Date().toISOString());
      });
      afterAll(async () => ctx?.services.close());

      it('refunds a payment that comes after the payer cancelled, once however often it comes', async () => {
        const { order, redirectUrl } = await placeAndStart(ctx, 'simulator', 'http://localhost');
        const ref = redirectUrl!.split('/').at(-1)!;
        expect((await ctx.services.payments.simulator.complete(ref, 'declined')).changed).toBe(true);
        expect((await reload(ctx, order)).status).toBe('cancelled');

        expect((await ctx.services.payments.simulator.complete(ref, 'paid')).changed).toBe(true);
        const refunded = await reload(ctx, order);
        expect(refunded.status).toBe('refunded');
        expect(refunded.latePayment).toMatchObject({ amountOre: 50_000, attempt: 0, refundStatus: 'paid', refundRef: `simref-${order.id}-0`, lastError: null });
        expect(await money(ctx, order)).toEqual({ owed: 0, clearing: 0, received: 1, refunded: 1, issued: 0 });

        // The same payment reported again (twice, at once) moves nothing.
        const again = await Promise.all([ctx.services.payments.simulator.complete(ref, 'paid'), ctx.services.payments.simulator.complete(ref, 'paid')]);
        expect(again.map((a) => a.changed)).toEqual([false, false]);
        expect(await money(ctx, order)).toEqual({ owed: 0, clearing: 0, received: 1, refunded: 1, issued: 0 });
        await expectNothingIssued(ctx, order);
        const actions = (await ctx.services.audit.list(order.cityId, { entityType: 'giftcard_order', entityId: order.id })).map((a) => a.action);
        expect(actions).toEqual(expect.arrayContaining(['giftcard.late_payment', 'giftcard.late_refund']));
      });

      it('refunds a payment that comes after the order expired unpaid, and gives a campaign card back', async () => {
        const city = await insertCity(ctx.services);
        await ctx.services.giftcards.products.ensureDefaults(city.id);
        const campaign = await ctx.services.campaigns.create(systemActor, city.id, { slug: `sen-${uniqueSuffix()}`, name: 'Betala 250, få 500', faceValueOre: 50_000, priceOre: 25_000, sponsor: { name: 'Fastighetsägarna', email: 'sponsor@example.test' }, capCards: 1, startsOn: '2020-01-01', endsOn: '2099-12-31' });
        const { order } = await ctx.services.campaigns.buy(city.id, campaign.slug, { buyer: { email: 'sen@example.test' }, quantity: 1, paymentMethod: 'simulator' });
        await ctx.services.payments.start(order, { returnUrl: 'http://localhost/tack', callbackUrl: (m) => `http://localhost/api/v1/payments/${m}/callback` });
        await expect(ctx.services.campaigns.buy(city.id, campaign.slug, { buyer: { email: 'nasta@example.test' }, quantity: 1, paymentMethod: 'simulator' })).rejects.toMatchObject({ code: 'campaigns.sold_out' });

        await expire(ctx, order);
        // The expired order's reservation goes back on sale.
        expect((await ctx.services.campaigns.syncReservations()).released).toBeGreaterThanOrEqual(1);
        expect((await ctx.services.campaigns.offer(city.id, campaign.slug)).leftCards).toBe(1);

        expect((await ctx.services.payments.simulator.complete(`sim-${order.id}`, 'paid')).changed).toBe(true);
        expect(await reload(ctx, order)).toMatchObject({ status: 'refunded', latePayment: { amountOre: 25_000, refundStatus: 'paid' } });
        // The sponsor paid nothing: nothing was issued; the buyer's money went back.
        expect(await money(ctx, order)).toEqual({ owed: 0, clearing: 0, received: 1, refunded: 1, issued: 0 });
        expect(await ctx.services.ledger.balance(ctx.services.db, city.id, ctx.services.campaigns.sponsorAccount(campaign.id))).toBe(0);
        await expectNothingIssued(ctx, order);
        // The card that came back on sale can be bought by someone else.
        const { order: next } = await ctx.services.campaigns.buy(city.id, campaign.slug, { buyer: { email: 'nasta@example.test' }, quantity: 1, paymentMethod: 'simulator' });
        expect(next.status).toBe('pending');
      });
    });

    describe('Stripe (local fake)', () => {
      let fake: StripeFake;
      let receiver: CallbackReceiver;
      let ctx: TestContext;
      /** In front of the fake: forwards, or answers 503 while `down`. */
      let gate: http.Server;
      let down = false;

      beforeAll(async () => {
        fake = await startStripeFake();
        receiver = await startCallbackReceiver();
        gate = http.createServer((req, res) => {
          if (down) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"type":"api_error","message":"down"}}');
          const upstream = http.request(`${fake.url}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          });
          req.pipe(upstream);
        });
        await new Promise<void>((r) => gate.listen(0, '127.0.0.1', () => r()));
        const apiUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}`;
        // Stripe signs with the real time, so the clock starts now.
        ctx = await createTestContext(kind, { payments: { methods: ['card'], swish: null, stripe: { apiUrl, secretKey: fake.secretKey, webhookSecret: fake.webhookSecret } } }, new Date().toISOString());
      });

      afterAll(async () => {
        await ctx?.services.close();
        await fake?.close();
        await receiver?.close();
        await new Promise((r) => gate?.close(r));
      });

      const deliver = (webhook: { headers: Record<string, string>; rawBody: string }) =>
        ctx.app.request('/api/v1/payments/card/callback', { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': webhook.headers['stripe-signature'] ?? '' }, body: webhook.rawBody });
      const sessionOf = (url: string | null) => /\/c\/pay\/(cs_test_\w+)/.exec(url ?? '')![1]!;

      it('refunds through Stripe a payment whose webhook arrives after the order expired, once when delivered twice', async () => {
        const before = fake.refunds.size;
        const { order, redirectUrl } = await placeAndStart(ctx, 'card', receiver.url);
        const session = sessionOf(redirectUrl);
        await fake.pay(session, `${receiver.url}/card`);
        const webhook = await receiver.next('/card');
        // Stripe's delivery is late (retried for days); meanwhile the order expired.
        await expire(ctx, order);

        expect((await deliver(webhook)).status).toBe(200);
        const refunded = await reload(ctx, order);
        expect(refunded).toMatchObject({ status: 'refunded', latePayment: { amountOre: 50_000, refundStatus: 'paid', attempt: 0 } });
        expect(fake.refunds.size).toBe(before + 1);
        const refund = [...fake.refunds.values()].at(-1)!;
        expect(refund).toMatchObject({ amount: 50_000, payment_intent: fake.sessions.get(session)!.payment_intent, status: 'succeeded' });
        expect(refunded.latePayment!.refundRef).toBe(refund.id);
        expect(fake.log.filter((l) => l.path === '/v1/refunds' && l.idempotencyKey?.includes(order.id)).map((l) => l.idempotencyKey)).toEqual([`late-refund:${order.id}:0`]);

        // Delivered again (Stripe delivers at least once): nothing moves, nothing is refunded twice.
        expect((await deliver(webhook)).status).toBe(200);
        expect(fake.refunds.size).toBe(before + 1);
        expect(await money(ctx, order)).toEqual({ owed: 0, clearing: 0, received: 1, refunded: 1, issued: 0 });
        await expectNothingIssued(ctx, order);
      });

      it('keeps a payment that came after the session expired as refund_due while Stripe is down, lists it, and refunds it when Stripe is back', async () => {
        const before = fake.refunds.size;
        const { city, order, redirectUrl } = await placeAndStart(ctx, 'card', receiver.url);
        const session = sessionOf(redirectUrl);
        await fake.pay(session, `${receiver.url}/card`);
        const paid = await receiver.next('/card');
        // An expiry event for the session delivered before the payment (out of order): cancelled.
        const expiredEvent = JSON.stringify({ id: `evt_${uniqueSuffix()}`, object: 'event', type: 'checkout.session.expired', created: Math.floor(Date.now() / 1000), data: { object: { ...fake.sessions.get(session), status: 'expired' } } });
        expect((await deliver({ headers: { 'stripe-signature': fake.signatureHeader(expiredEvent) }, rawBody: expiredEvent })).status).toBe(200);
        expect((await reload(ctx, order)).status).toBe('cancelled');

        down = true;
        try {
          // The payment is acknowledged (Stripe must not keep retrying) and recorded, not lost.
          expect((await deliver(paid)).status).toBe(200);
          const due = await reload(ctx, order);
          expect(due.status).toBe('refund_due');
          // Unreachable: the outcome is unknown, so the same instruction (key) is tried again.
          expect(due.latePayment).toMatchObject({ amountOre: 50_000, attempt: 0, refundRef: null, refundStatus: null });
          expect(due.latePayment!.lastError).toBeTruthy();
          expect(await money(ctx, order)).toEqual({ owed: 50_000, clearing: -50_000, received: 1, refunded: 0, issued: 0 });
          await expectNothingIssued(ctx, order);
          // The payer's page says so, in Swedish.
          const thanks = await (await ctx.app.request(`/${city.slug}/presentkort/tack/${order.id}`)).text();
          expect(thanks).toContain('Betalningen kom för sent');
          expect(thanks).toContain('Pengarna betalas tillbaka automatiskt');

          // Customer service sees it, with what is wrong.
          const admin = await insertUser(ctx.services, 'association-admin', city);
          const headers = await sessionHeaders(ctx.services, admin.userId);
          const page = await ctx.app.request(`/${city.slug}/admin/presentkort`, { headers });
          const html = await page.text();
          expect(page.status).toBe(200);
          expect(html).toContain('Betalningar att återbetala (1)');
          expect(html).toContain(order.reference);
          expect(html).toContain('Senaste försöket misslyckades');
          expect(await ctx.services.giftcards.refundsDue(admin.actor, city.id)).toHaveLength(1);
          // Another city's admin sees none of it.
          const other = await insertCity(ctx.services);
          const stranger = await insertUser(ctx.services, 'association-admin', other);
          await expect(ctx.services.giftcards.refundsDue(stranger.actor, city.id)).rejects.toMatchObject({ code: 'forbidden' });

          // The job tries again (ten minutes later) while Stripe is still down: still owed.
          ctx.clock.advance(11 * 60_000);
          expect(await ctx.services.payments.retryLateRefunds()).toBeGreaterThanOrEqual(1);
          expect((await reload(ctx, order)).status).toBe('refund_due');
          expect(fake.refunds.size).toBe(before);

          down = false;
          // The admin's button: the same key (attempt 0), so Stripe refunds once.
          const retried = await ctx.app.request(`/${city.slug}/admin/presentkort/order/${order.id}/aterbetala-sen`, { method: 'POST', headers });
          expect(retried.status).toBe(303);
          expect(await reload(ctx, order)).toMatchObject({ status: 'refunded', latePayment: { attempt: 0, refundStatus: 'paid', lastError: null } });
          expect(fake.refunds.size).toBe(before + 1);
          expect(await money(ctx, order)).toEqual({ owed: 0, clearing: 0, received: 1, refunded: 1, issued: 0 });
          expect(await ctx.services.giftcards.refundsDue(admin.actor, city.id)).toHaveLength(0);
          // The job finds nothing more to do for it.
          ctx.clock.advance(11 * 60_000);
          await ctx.services.payments.retryLateRefunds();
          expect(fake.refunds.size).toBe(before + 1);
        } finally {
          down = false;
        }
      });
    });

    describe('Swish (local mTLS fake)', () => {
      let fake: SwishFake;
      let receiver: CallbackReceiver;
      let ctx: TestContext;
      const callbackPath = '/api/v1/payments/swish/callback';

      beforeAll(async () => {
        fake = await startSwishFake({ callbackDelayMs: 30 });
        receiver = await startCallbackReceiver();
        // Swish calls back to PUBLIC_URL: the receiver stands in, and the test hands each callback on.
        ctx = await createTestContext(
          kind,
          { publicUrl: receiver.url, payments: { methods: ['swish'], stripe: null, swish: { apiUrl: fake.url, payeeAlias: fake.payeeAlias, certPath: fake.pki.clientCertPath, keyPath: fake.pki.clientKeyPath, caPath: fake.pki.caPath } } },
          new Date().toISOString(),
        );
      });

      afterAll(async () => {
        await ctx?.services.close();
        await fake?.settled();
        await fake?.close();
        await receiver?.close();
      });

      const deliver = (callback: { rawBody: string }) => ctx.app.request(callbackPath, { method: 'POST', headers: { 'content-type': 'application/json' }, body: callback.rawBody });

      it('refunds through Swish a payment that comes after the order expired, confirmed once by its callback or by asking again', async () => {
        const { order } = await placeAndStart(ctx, 'swish', receiver.url);
        const paid = await receiver.next(callbackPath);
        expect(JSON.parse(paid.rawBody)).toMatchObject({ status: 'PAID' });
        await expire(ctx, order);

        expect((await deliver(paid)).status).toBe(200);
        // Swish took the refund instruction (201) and reports the outcome later.
        const due = await reload(ctx, order);
        expect(due).toMatchObject({ status: 'refund_due', latePayment: { amountOre: 50_000, attempt: 0, refundStatus: 'pending' } });
        expect(fake.refunds.size).toBe(1);
        const refund = [...fake.refunds.values()][0]!;
        expect(due.latePayment!.refundRef).toBe(refund.id);
        expect(refund.amount).toBe(500);
        expect(await money(ctx, order)).toEqual({ owed: 50_000, clearing: -50_000, received: 1, refunded: 0, issued: 0 });

        // The payment's callback again: nothing new, no second refund.
        expect((await deliver(paid)).status).toBe(200);
        expect(fake.refunds.size).toBe(1);

        // The refund's own callback is lost; ten minutes on, the job asks again with the
        // same instruction: Swish answers that it exists, and that it is paid.
        const refundCallback = await receiver.next(callbackPath);
        expect(JSON.parse(refundCallback.rawBody)).toMatchObject({ id: refund.id, status: 'PAID' });
        ctx.clock.advance(11 * 60_000);
        expect(await ctx.services.payments.retryLateRefunds()).toBeGreaterThanOrEqual(1);
        expect(await reload(ctx, order)).toMatchObject({ status: 'refunded', latePayment: { refundStatus: 'paid', refundRef: refund.id } });
        expect(fake.refunds.size).toBe(1);
        // Then the callback arrives after all: already settled, nothing moves.
        expect((await deliver(refundCallback)).status).toBe(200);
        expect(await money(ctx, order)).toEqual({ owed: 0, clearing: 0, received: 1, refunded: 1, issued: 0 });
        await expectNothingIssued(ctx, order);
      });

      it('settles a late payment when Swish confirms the refund by callback', async () => {
        const { order } = await placeAndStart(ctx, 'swish', receiver.url);
        const paid = await receiver.next(callbackPath);
        await expire(ctx, order);
        expect((await deliver(paid)).status).toBe(200);
        expect((await reload(ctx, order)).status).toBe('refund_due');
        const refundCallback = await receiver.next(callbackPath);
        expect((await deliver(refundCallback)).status).toBe(200);
        expect((await reload(ctx, order)).status).toBe('refunded');
        expect((await deliver(refundCallback)).status).toBe(200);
        expect(await money(ctx, order)).toEqual({ owed: 0, clearing: 0, received: 1, refunded: 1, issued: 0 });
        await expectNothingIssued(ctx, order);
      });
    });
  });
}
