/**
 * Payment provider faults, end to end through the buy page and the callback route,
 * with card payments against the local Stripe fake: duplicate (and concurrent)
 * webhooks, a late and an out-of-order event, forged and mismatched ones, a payment
 * that arrives after its order was cancelled (refunded through Stripe, never kept,
 * never issued), and a provider answering 5xx or not at all when the payment starts.
 * Nothing is issued twice, nothing is issued unpaid, and every order ends in a known
 * state. (Provider-level signature and replay checks live in src/platform/payments;
 * late payments with the simulator and Swish in src/modules/giftcards/late-payment.test.ts.)
 */
import http from 'node:http';
import { sql } from 'drizzle-orm';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, databaseKinds, type TestContext } from '../harness.js';
import { insertCity, uniqueSuffix } from '../factories/index.js';
import { startStripeFake, type StripeFake } from '../fakes/stripe-fake.js';
import { startCallbackReceiver, type CallbackReceiver } from '../fakes/callback-receiver.js';
import { CSRF_COOKIE } from '../../src/platform/http/app.js';
import { accounts } from '../../src/modules/giftcards/index.js';
import { record } from './support.js';

const csrf = 'payment-faults-csrf-0123456789ab';

for (const kind of databaseKinds) {
  describe(`payment provider faults [${kind}]`, () => {
    let fake: StripeFake;
    let receiver: CallbackReceiver;
    let ctx: TestContext;
    let broken: http.Server;
    let brokenUrl: string;
    const figures = { orders: 0, webhooksDelivered: 0, duplicates: 0, forgedRefused: 0, mismatchedRefused: 0, outOfOrder: 0, providerFailures: 0, issuedTwice: 0, issuedUnpaid: 0, latePayments: 0, lateRefunded: 0, lateKept: 0, refundedTwice: 0 };

    beforeAll(async () => {
      fake = await startStripeFake();
      receiver = await startCallbackReceiver();
      // A provider that fails: 503 to everything.
      broken = http.createServer((_req, res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"type":"api_error","message":"down"}}'));
      await new Promise<void>((r) => broken.listen(0, '127.0.0.1', () => r()));
      brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
      // The Stripe fake signs with the real time, so the clock is now.
      ctx = await createTestContext(kind, { payments: { methods: ['card'], swish: null, stripe: { apiUrl: fake.url, secretKey: fake.secretKey, webhookSecret: fake.webhookSecret } } }, new Date().toISOString());
    });

    afterAll(async () => {
      await ctx?.services.close();
      await fake?.close();
      await receiver?.close();
      await new Promise((r) => broken?.close(r));
      record(`payments-${kind}`, figures);
    });

    async function buy(app = ctx.app) {
      const city = await insertCity(ctx.services);
      await ctx.services.giftcards.products.ensureDefaults(city.id);
      const res = await app.request(`/${city.slug}/presentkort`, {
        method: 'POST',
        headers: { cookie: `${CSRF_COOKIE}=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, product: 'presentkort', amountPick: '500', amountOther: '', quantity: '2', design: 'jul', recipientName: 'Karin', recipientEmail: `karin-${uniqueSuffix()}@example.test`, message: '', delivery: 'now', deliverDate: '', buyerEmail: 'kopare@example.test', buyerName: 'Olle', paymentMethod: 'card' }).toString(),
      });
      figures.orders++;
      return { city, res };
    }

    async function orderOf(cityId: string) {
      const { rows } = (await ctx.services.db.execute(sql`select id from giftcard_orders where city_id = ${cityId}`)) as unknown as { rows: Array<{ id: string }> };
      const id = rows[0]!.id;
      return (await ctx.services.giftcards.getOrder(cityId, id))!;
    }

    const deliver = (webhook: { headers: Record<string, string>; rawBody: string }) => {
      figures.webhooksDelivered++;
      return ctx.app.request('/api/v1/payments/card/callback', { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': webhook.headers['stripe-signature'] ?? '' }, body: webhook.rawBody });
    };

    /**
     * The invariant for every order: paid ⇔ its cards active and funded exactly once;
     * otherwise nothing funded. A payment that came after the order was cancelled is
     * held for the payer (`refund_due`) until it is refunded, and never kept.
     */
    async function expectKnownState(cityId: string) {
      const { order, cards } = await orderOf(cityId);
      expect(['pending', 'paid', 'cancelled', 'expired', 'refund_due', 'refunded']).toContain(order.status);
      for (const card of cards) {
        const balance = await ctx.services.ledger.balance(ctx.services.db, cityId, accounts.card(card.id));
        if (order.status === 'paid') {
          expect(card.status).toBe('active');
          if (balance !== 50_000) figures.issuedTwice++;
          expect(balance).toBe(50_000);
        } else {
          expect(['pending', 'blocked']).toContain(card.status);
          if (balance !== 0) figures.issuedUnpaid++;
          expect(balance).toBe(0);
        }
      }
      const owed = await ctx.services.ledger.balance(ctx.services.db, cityId, accounts.refund(order.id));
      expect(owed).toBe(order.status === 'refund_due' ? order.latePayment!.amountOre : 0);
      if (order.latePayment && order.status === 'refunded' && owed !== 0) figures.lateKept++;
      const mails = (await ctx.services.outbox.list({ cityId })).filter((m) => m.template === 'giftcards.card');
      expect(mails.length).toBe(order.status === 'paid' ? cards.length : 0);
      expect((await ctx.services.ledger.verify(cityId)).ok).toBe(true);
      return order.status;
    }

    const sessionOf = (res: Response) => /\/c\/pay\/(cs_test_\w+)/.exec(res.headers.get('location') ?? '')![1]!;

    it('activates once under duplicate and concurrent webhooks, and ignores a late expiry', async () => {
      const { city, res } = await buy();
      expect(res.status).toBe(303);
      const session = sessionOf(res);
      expect(await expectKnownState(city.id)).toBe('pending');
      await fake.pay(session, `${receiver.url}/card`);
      const webhook = await receiver.next('/card');
      // Stripe delivers at least once: five copies, three of them at the same moment.
      const answers = await Promise.all([deliver(webhook), deliver(webhook), deliver(webhook)]);
      answers.push(await deliver(webhook), await deliver(webhook));
      figures.duplicates += 4;
      for (const a of answers) expect(a.status).toBe(200);
      expect(await expectKnownState(city.id)).toBe('paid');
      // An expiry event arriving after the payment (out of order) changes nothing.
      const expired = JSON.stringify({ id: `evt_${uniqueSuffix()}`, object: 'event', type: 'checkout.session.expired', created: Math.floor(Date.now() / 1000), data: { object: { ...fake.sessions.get(session), status: 'expired' } } });
      expect((await deliver({ headers: { 'stripe-signature': fake.signatureHeader(expired) }, rawBody: expired })).status).toBe(200);
      figures.outOfOrder++;
      expect(await expectKnownState(city.id)).toBe('paid');
    });

    it('issues nothing for forged, tampered or mismatched payments', async () => {
      const { city, res } = await buy();
      const session = sessionOf(res);
      const paidBody = (amount: number) =>
        JSON.stringify({ id: `evt_${uniqueSuffix()}`, object: 'event', type: 'checkout.session.completed', created: Math.floor(Date.now() / 1000), data: { object: { ...fake.sessions.get(session), status: 'complete', payment_status: 'paid', amount_total: amount } } });
      const forged: Array<{ headers: Record<string, string>; rawBody: string }> = [
        { headers: {}, rawBody: paidBody(100_000) },
        { headers: { 'stripe-signature': fake.signatureHeader(paidBody(100_000), { secret: 'whsec_attacker' }) }, rawBody: paidBody(100_000) },
        { headers: { 'stripe-signature': fake.signatureHeader(paidBody(100_000), { timestamp: Math.floor(Date.now() / 1000) - 3_600 }) }, rawBody: paidBody(100_000) },
        { headers: { 'stripe-signature': fake.signatureHeader(paidBody(100_000)) }, rawBody: paidBody(100_000).replace('"paid"', '"paid" ') },
      ];
      for (const f of forged) {
        const answer = await deliver(f);
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
        figures.forgedRefused++;
      }
      expect(await expectKnownState(city.id)).toBe('pending');
      // Correctly signed (a leaked secret, or a provider bug) but for another amount: refused.
      const wrongAmount = paidBody(1_000);
      const mismatch = await deliver({ headers: { 'stripe-signature': fake.signatureHeader(wrongAmount) }, rawBody: wrongAmount });
      expect(mismatch.status).toBe(409);
      figures.mismatchedRefused++;
      expect(await expectKnownState(city.id)).toBe('pending');
    });

    it('refunds through Stripe a payment that arrives after its order was cancelled, once however often it is delivered', async () => {
      const { city, res } = await buy();
      const session = sessionOf(res);
      await fake.pay(session, `${receiver.url}/card`);
      const paid = await receiver.next('/card');
      // An expiry for the session delivered first (out of order): the order is cancelled.
      const expired = JSON.stringify({ id: `evt_${uniqueSuffix()}`, object: 'event', type: 'checkout.session.expired', created: Math.floor(Date.now() / 1000), data: { object: { ...fake.sessions.get(session), status: 'expired' } } });
      expect((await deliver({ headers: { 'stripe-signature': fake.signatureHeader(expired) }, rawBody: expired })).status).toBe(200);
      figures.outOfOrder++;
      expect(await expectKnownState(city.id)).toBe('cancelled');
      const refundsBefore = fake.refunds.size;
      // Then the payment: acknowledged, nothing issued, the money sent back through Stripe.
      const answers = await Promise.all([deliver(paid), deliver(paid)]);
      answers.push(await deliver(paid));
      figures.duplicates += 2;
      for (const a of answers) expect(a.status).toBe(200);
      figures.latePayments++;
      expect(await expectKnownState(city.id)).toBe('refunded');
      const { order } = await orderOf(city.id);
      expect(order.latePayment).toMatchObject({ amountOre: 100_000, refundStatus: 'paid' });
      const made = fake.refunds.size - refundsBefore;
      if (made > 1) figures.refundedTwice++;
      expect(made).toBe(1);
      figures.lateRefunded++;
    });

    it('answers the buyer and leaves the order pending with nothing issued when the provider fails', async () => {
      for (const apiUrl of [brokenUrl, 'http://127.0.0.1:9']) {
        const failing = await createTestContext(kind, { payments: { methods: ['card'], swish: null, stripe: { apiUrl, secretKey: fake.secretKey, webhookSecret: fake.webhookSecret } } }, new Date().toISOString());
        try {
          const { city, res } = await buy(failing.app);
          expect(res.status).toBe(502);
          expect(await res.text()).toContain('Betalningen kunde inte startas');
          figures.providerFailures++;
          expect(await expectKnownState(city.id)).toBe('pending');
        } finally {
          await failing.services.close();
        }
      }
    });
  });
}
