import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallbackReceiver, type CallbackReceiver } from '../../../test/fakes/callback-receiver.js';
import { startStripeFake, type StripeFake } from '../../../test/fakes/stripe-fake.js';
import { fixedClock } from '../clock.js';
import type { PaymentRequest } from './provider.js';
import { createStripeProvider, encodeStripeForm, verifyStripeSignature, type StripeProvider } from './stripe.js';

describe('Stripe wire format', () => {
  it('form-encodes nested parameters the way Stripe reads them', () => {
    const body = encodeStripeForm({ mode: 'payment', line_items: [{ price_data: { currency: 'sek', unit_amount: 50000 }, quantity: 1 }], metadata: { orderId: 'a b' } });
    expect(decodeURIComponent(body)).toBe('mode=payment&line_items[0][price_data][currency]=sek&line_items[0][price_data][unit_amount]=50000&line_items[0][quantity]=1&metadata[orderId]=a+b');
  });

  it('accepts any matching v1 signature while a secret is rolled, and nothing else', () => {
    const payload = '{"id":"evt_1"}';
    const t = 1_800_000_000;
    const sign = (secret: string) => createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
    expect(() => verifyStripeSignature(`t=${t},v1=${sign('whsec_old')},v1=${sign('whsec_new')}`, payload, 'whsec_new', t)).not.toThrow();
    expect(() => verifyStripeSignature(`t=${t},v0=${sign('whsec_new')}`, payload, 'whsec_new', t)).toThrow();
    expect(() => verifyStripeSignature(`t=${t},v1=${sign('whsec_old')}`, payload, 'whsec_new', t)).toThrow();
    expect(() => verifyStripeSignature(`t=${t},v1=${sign('whsec_new')}`, payload, 'whsec_new', t + 301)).toThrow();
    expect(() => verifyStripeSignature(undefined, payload, 'whsec_new', t)).toThrow();
  });
});

describe('Stripe Checkout provider against a local fake', () => {
  let fake: StripeFake;
  let receiver: CallbackReceiver;
  let stripe: StripeProvider;

  beforeAll(async () => {
    fake = await startStripeFake();
    receiver = await startCallbackReceiver();
    stripe = createStripeProvider({ apiUrl: fake.url, secretKey: fake.secretKey, webhookSecret: fake.webhookSecret });
  });

  afterAll(async () => {
    await fake?.close();
    await receiver?.close();
  });

  const request = (overrides: Partial<PaymentRequest> = {}): PaymentRequest => {
    const orderId = overrides.orderId ?? randomUUID();
    return {
      cityId: randomUUID(),
      orderId,
      amountOre: 50_000,
      description: 'Presentkort GC-1234',
      returnUrl: `https://torget.example/demo/presentkort/order/${orderId}`,
      callbackUrl: 'https://torget.example/api/v1/payments/stripe/webhook',
      idempotencyKey: `order:${orderId}`,
      ...overrides,
    };
  };

  it('starts a Checkout Session and sends the browser to its URL', async () => {
    const req = request();
    const started = await stripe.start(req);
    expect(started.providerRef).toMatch(/^cs_test_/);
    expect(started).toMatchObject({ status: 'pending', redirectUrl: `${fake.url}/c/pay/${started.providerRef}` });
    expect(fake.sessions.get(started.providerRef)).toMatchObject({
      mode: 'payment',
      amount_total: 50_000,
      currency: 'sek',
      client_reference_id: req.orderId,
      metadata: { orderId: req.orderId, cityId: req.cityId },
      success_url: req.returnUrl,
    });
    expect(await stripe.status(started.providerRef)).toMatchObject({ status: 'pending', orderId: req.orderId, amountOre: 50_000 });
  });

  it('verifies the signed webhook when the session is paid', async () => {
    const req = request();
    const started = await stripe.start(req);
    await fake.pay(started.providerRef, `${receiver.url}/stripe`);
    const webhook = await receiver.next('/stripe');
    const event = await stripe.parseCallback(webhook);
    expect(event).toMatchObject({ kind: 'payment', providerRef: started.providerRef, orderId: req.orderId, status: 'paid', amountOre: 50_000 });
    expect(event.paidAt).toBeInstanceOf(Date);
    expect(await stripe.status(started.providerRef)).toMatchObject({ status: 'paid' });
  });

  it('rejects a tampered body, a wrong secret, an old timestamp and a missing signature', async () => {
    const started = await stripe.start(request());
    const sent = await fake.pay(started.providerRef, `${receiver.url}/stripe`);
    await receiver.next('/stripe');
    const headers = { 'Stripe-Signature': sent.headers['stripe-signature'] ?? '' };
    await expect(stripe.parseCallback({ headers, rawBody: sent.rawBody })).resolves.toMatchObject({ status: 'paid' });

    const tampered = sent.rawBody.replace('"amount_total": 50000', '"amount_total": 100');
    expect(tampered).not.toBe(sent.rawBody);
    await expect(stripe.parseCallback({ headers, rawBody: tampered })).rejects.toMatchObject({ code: 'payments.callback_invalid' });

    const otherSecret = createStripeProvider({ apiUrl: fake.url, secretKey: fake.secretKey, webhookSecret: 'whsec_someoneelse' });
    await expect(otherSecret.parseCallback({ headers, rawBody: sent.rawBody })).rejects.toMatchObject({ code: 'payments.callback_invalid' });

    const old = fake.signatureHeader(sent.rawBody, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    await expect(stripe.parseCallback({ headers: { 'stripe-signature': old }, rawBody: sent.rawBody })).rejects.toMatchObject({ code: 'payments.callback_invalid' });
    const recent = fake.signatureHeader(sent.rawBody, { timestamp: Math.floor(Date.now() / 1000) - 200 });
    await expect(stripe.parseCallback({ headers: { 'stripe-signature': recent }, rawBody: sent.rawBody })).resolves.toMatchObject({ status: 'paid' });

    // The clock is injected: ten minutes later the same delivery is a replay.
    const later = fixedClock(new Date(Date.now() + 10 * 60_000));
    const replayed = createStripeProvider({ apiUrl: fake.url, secretKey: fake.secretKey, webhookSecret: fake.webhookSecret }, { clock: later });
    await expect(replayed.parseCallback({ headers, rawBody: sent.rawBody })).rejects.toMatchObject({ code: 'payments.callback_invalid' });

    await expect(stripe.parseCallback({ headers: {}, rawBody: sent.rawBody })).rejects.toMatchObject({ code: 'payments.callback_invalid' });
  });

  it('reports an expired session as cancelled', async () => {
    const started = await stripe.start(request());
    await fake.expire(started.providerRef, `${receiver.url}/stripe`);
    expect(await stripe.parseCallback(await receiver.next('/stripe'))).toMatchObject({ providerRef: started.providerRef, status: 'cancelled' });
    expect(await stripe.status(started.providerRef)).toMatchObject({ status: 'cancelled' });
  });

  it('creates one session per idempotency key, and refuses the key for different parameters', async () => {
    const req = request();
    const sessionsBefore = fake.sessions.size;
    const first = await stripe.start(req);
    const second = await stripe.start(req);
    expect(second.providerRef).toBe(first.providerRef);
    expect(fake.sessions.size).toBe(sessionsBefore + 1);
    expect(fake.log.filter((l) => l.idempotencyKey === req.idempotencyKey).map((l) => l.replayed)).toEqual([false, true]);

    await expect(stripe.start({ ...req, amountOre: 60_000 })).rejects.toMatchObject({ code: 'payments.provider_error', extra: { providerCodes: ['idempotency_error'] } });
  });

  it('refunds through the session\'s payment intent, and refuses more than was paid or an unpaid session', async () => {
    const req = request();
    const started = await stripe.start(req);
    await fake.pay(started.providerRef, `${receiver.url}/stripe`);
    await receiver.next('/stripe');

    const refund = await stripe.refund({ providerRef: started.providerRef, amountOre: 20_000, idempotencyKey: `refund:${req.orderId}:1`, reason: 'Ångrat köp' });
    expect(refund).toMatchObject({ status: 'paid' });
    expect(fake.refunds.get(refund.refundRef)).toMatchObject({ amount: 20_000, payment_intent: fake.sessions.get(started.providerRef)?.payment_intent, reason: 'requested_by_customer', metadata: { reason: 'Ångrat köp' } });
    const again = await stripe.refund({ providerRef: started.providerRef, amountOre: 20_000, idempotencyKey: `refund:${req.orderId}:1`, reason: 'Ångrat köp' });
    expect(again.refundRef).toBe(refund.refundRef);

    await expect(stripe.refund({ providerRef: started.providerRef, amountOre: 40_000, idempotencyKey: `refund:${req.orderId}:2`, reason: 'x' })).rejects.toMatchObject({
      code: 'payments.provider_error',
      extra: { providerCodes: ['amount_too_large'] },
    });
    const unpaid = await stripe.start(request());
    await expect(stripe.refund({ providerRef: unpaid.providerRef, amountOre: 100, idempotencyKey: randomUUID(), reason: 'x' })).rejects.toMatchObject({ code: 'payments.invalid_request' });
  });

  it('names a wrong API key as a provider error', async () => {
    const wrong = createStripeProvider({ apiUrl: fake.url, secretKey: 'sk_test_wrong', webhookSecret: fake.webhookSecret });
    await expect(wrong.start(request())).rejects.toMatchObject({ code: 'payments.provider_error', extra: { providerStatus: 401 } });
  });
});
