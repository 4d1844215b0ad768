import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallbackReceiver, type CallbackReceiver } from '../../../test/fakes/callback-receiver.js';
import { startSwishFake, type SwishFake } from '../../../test/fakes/swish-fake.js';
import type { PaymentRequest } from './provider.js';
import { createSwishProvider, instructionUuidFor, sanitizeSwishMessage, swishPayeePaymentReference, type SwishProvider } from './swish.js';
import { normalizeSwishPayerAlias } from './swish-format.js';

describe('Swish formats', () => {
  it('derives a stable 32-hex instructionUUID from the idempotency key', () => {
    expect(instructionUuidFor('order:1')).toMatch(/^[0-9A-F]{32}$/);
    expect(instructionUuidFor('order:1')).toBe(instructionUuidFor('order:1'));
    expect(instructionUuidFor('order:2')).not.toBe(instructionUuidFor('order:1'));
  });

  it('keeps Swedish letters, folds accents, drops what Swish refuses and cuts at 50', () => {
    expect(sanitizeSwishMessage('Presentkort GC-12 – Café Åsa & Ärlig [väg] ö')).toBe('Presentkort GC-12 - Cafe Åsa Ärlig väg ö');
    expect(sanitizeSwishMessage('x'.repeat(80))).toHaveLength(50);
    expect(sanitizeSwishMessage('Tack!\n(Demoköping)')).toBe('Tack! (Demoköping)');
  });

  it('sends a UUID order id without hyphens and a payer number with country code', () => {
    expect(swishPayeePaymentReference('0b8f7c3e-1d2a-4e5f-9a8b-7c6d5e4f3a2b')).toBe('0b8f7c3e1d2a4e5f9a8b7c6d5e4f3a2b');
    expect(normalizeSwishPayerAlias('070-123 45 67')).toBe('46701234567');
    expect(normalizeSwishPayerAlias('+46 70 123 45 67')).toBe('46701234567');
  });
});

describe('Swish provider against a local mTLS fake', () => {
  let fake: SwishFake;
  let receiver: CallbackReceiver;
  let swish: SwishProvider;

  beforeAll(async () => {
    fake = await startSwishFake({ callbackDelayMs: 30 });
    receiver = await startCallbackReceiver();
    swish = createSwishProvider(
      { apiUrl: fake.url, payeeAlias: fake.payeeAlias, certPath: fake.pki.clientCertPath, keyPath: fake.pki.clientKeyPath, caPath: fake.pki.caPath },
      { callbackBaseUrl: receiver.url, refundCallbackUrl: `${receiver.url}/refund` },
    );
  });

  afterAll(async () => {
    await fake?.settled();
    await fake?.close();
    await receiver?.close();
  });

  const request = (overrides: Partial<PaymentRequest> = {}): PaymentRequest => {
    const orderId = overrides.orderId ?? randomUUID();
    return {
      cityId: randomUUID(),
      orderId,
      amountOre: 50_000,
      description: 'Presentkort GC-1234 – Demoköping',
      returnUrl: '/demo/presentkort/order',
      callbackUrl: `${receiver.url}/swish/${orderId}`,
      idempotencyKey: `order:${orderId}`,
      ...overrides,
    };
  };

  it('creates a payment request, and a delayed callback is confirmed with Swish before it is believed', async () => {
    const req = request();
    const started = await swish.start(req);
    expect(started).toMatchObject({ providerRef: instructionUuidFor(req.idempotencyKey), status: 'pending', redirectUrl: null });
    expect(started.swishToken).toBeTruthy(); // m-commerce: no payer number, a token for the app
    const created = fake.paymentRequests.get(started.providerRef);
    expect(created).toMatchObject({ amount: 500, currency: 'SEK', message: 'Presentkort GC-1234 - Demoköping', payeePaymentReference: req.orderId.replace(/-/g, ''), status: 'CREATED' });

    const callback = await receiver.next(`/swish/${req.orderId}`);
    const getsBefore = fake.log.filter((l) => l.method === 'GET').length;
    const event = await swish.parseCallback(callback);
    expect(event).toMatchObject({ kind: 'payment', providerRef: started.providerRef, orderId: req.orderId, status: 'paid', amountOre: 50_000 });
    expect(event.paidAt).toBeInstanceOf(Date);
    expect(fake.log.filter((l) => l.method === 'GET' && l.path.endsWith(started.providerRef)).length).toBeGreaterThan(0);
    expect(fake.log.filter((l) => l.method === 'GET').length).toBe(getsBefore + 1);
    expect(await swish.status(started.providerRef)).toMatchObject({ status: 'paid', amountOre: 50_000 });
  });

  it('reuses the instruction UUID on a retry and creates no second payment request', async () => {
    const req = request();
    const first = await swish.start(req);
    const count = fake.paymentRequests.size;
    const again = await swish.start(req);
    expect(again.providerRef).toBe(first.providerRef);
    expect(fake.paymentRequests.size).toBe(count);
    expect(fake.log.filter((l) => l.method === 'PUT' && l.path.endsWith(first.providerRef)).map((l) => l.status)).toEqual([201, 422]);
    await receiver.next(`/swish/${req.orderId}`);
  });

  it('turns Swish error codes into problems that carry the codes', async () => {
    // MSS-style: an error code as the message makes the simulator answer with it.
    await expect(swish.start(request({ description: 'FF08' }))).rejects.toMatchObject({ code: 'payments.provider_error', extra: { providerCodes: ['FF08'] } });
    await expect(swish.start(request({ amountOre: 50 }))).rejects.toMatchObject({ code: 'payments.provider_error', extra: { providerCodes: ['AM06'] } });
    await expect(swish.start(request({ payerAlias: '12' }))).rejects.toMatchObject({ code: 'payments.payer_invalid', extra: { providerCodes: ['BE18'] } });
    await expect(swish.start(request({ callbackUrl: 'http://torget.example/cb' }))).rejects.toMatchObject({ code: 'payments.provider_error', extra: { providerCodes: ['RP03'] } });
  });

  it('reports a declined payment, and a forged PAID callback cannot change what Swish says', async () => {
    fake.declineNext();
    const req = request();
    const started = await swish.start(req);
    const callback = await receiver.next(`/swish/${req.orderId}`);
    expect(await swish.parseCallback(callback)).toMatchObject({ status: 'declined', providerRef: started.providerRef });

    const forged = { ...JSON.parse(callback.rawBody), status: 'PAID', datePaid: new Date().toISOString() };
    expect(await swish.parseCallback({ headers: {}, rawBody: JSON.stringify(forged) })).toMatchObject({ status: 'declined' });
  });

  it('maps a simulated result error (RF07) to declined', async () => {
    const req = request({ description: 'RF07' });
    await swish.start(req);
    expect(await swish.parseCallback(await receiver.next(`/swish/${req.orderId}`))).toMatchObject({ status: 'declined' });
  });

  it('rejects a callback for a payment Swish does not know, and malformed ones', async () => {
    const forged = { id: 'ABCDEF0123456789ABCDEF0123456789', payeePaymentReference: 'x', paymentReference: 'Y', payeeAlias: fake.payeeAlias, amount: 500, currency: 'SEK', status: 'PAID', datePaid: new Date().toISOString() };
    await expect(swish.parseCallback({ headers: {}, rawBody: JSON.stringify(forged) })).rejects.toMatchObject({ code: 'payments.callback_invalid' });
    await expect(swish.parseCallback({ headers: {}, rawBody: 'not json' })).rejects.toMatchObject({ code: 'payments.callback_invalid' });
    await expect(swish.parseCallback({ headers: {}, rawBody: JSON.stringify({ id: '../../etc', status: 'PAID' }) })).rejects.toMatchObject({ code: 'payments.callback_invalid' });
    await expect(swish.parseCallback({ headers: {}, rawBody: JSON.stringify({ ...forged, status: 'MAYBE' }) })).rejects.toMatchObject({ code: 'payments.callback_invalid' });
  });

  it('refunds part of a paid payment once, however often it is asked, and refuses more than was paid', async () => {
    const req = request();
    const started = await swish.start(req);
    await swish.parseCallback(await receiver.next(`/swish/${req.orderId}`));

    const refund = await swish.refund({ providerRef: started.providerRef, amountOre: 10_000, idempotencyKey: `refund:${req.orderId}:1`, reason: 'Ångrat köp' });
    expect(refund).toMatchObject({ status: 'pending' });
    const again = await swish.refund({ providerRef: started.providerRef, amountOre: 10_000, idempotencyKey: `refund:${req.orderId}:1`, reason: 'Ångrat köp' });
    expect(again.refundRef).toBe(refund.refundRef);
    expect([...fake.refunds.values()].filter((r) => r.originalPaymentReference === fake.paymentRequests.get(started.providerRef)?.paymentReference)).toHaveLength(1);
    expect(fake.refunds.get(refund.refundRef)).toMatchObject({ amount: 100, payerAlias: fake.payeeAlias, message: 'Ångrat köp' });

    const event = await swish.parseCallback(await receiver.next('/refund'));
    expect(event).toMatchObject({ kind: 'refund', providerRef: refund.refundRef, status: 'paid', amountOre: 10_000 });

    await expect(swish.refund({ providerRef: started.providerRef, amountOre: 45_000, idempotencyKey: `refund:${req.orderId}:2`, reason: 'För mycket' })).rejects.toMatchObject({
      code: 'payments.provider_error',
      extra: { providerCodes: ['RF08'] },
    });
  });

  it('refuses clients without the merchant certificate (mTLS)', async () => {
    const get = (tls: https.RequestOptions) =>
      new Promise<number>((resolve, reject) => {
        const req = https.request(`${fake.url}/swish-cpcapi/api/v1/paymentrequests/ABCDEF0123456789ABCDEF0123456789`, { ...tls, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    const ca = readFileSync(fake.pki.caPath);
    // The certificate lets a client in (404: no such payment), …
    await expect(get({ ca, cert: readFileSync(fake.pki.clientCertPath), key: readFileSync(fake.pki.clientKeyPath) })).resolves.toBe(404);
    // … no certificate, or one from another CA, does not get past the handshake.
    await expect(get({ ca })).rejects.toThrow();
    await expect(get({ ca, cert: readFileSync(fake.pki.strangerCertPath), key: readFileSync(fake.pki.strangerKeyPath) })).rejects.toThrow();

    const stranger = createSwishProvider(
      { apiUrl: fake.url, payeeAlias: fake.payeeAlias, certPath: fake.pki.strangerCertPath, keyPath: fake.pki.strangerKeyPath, caPath: fake.pki.caPath },
      { callbackBaseUrl: receiver.url },
    );
    await expect(stranger.start(request())).rejects.toMatchObject({ code: 'payments.provider_unavailable' });
  });

  it('answers 403 when the payee alias is not the certificate\'s Swish number', async () => {
    const other = createSwishProvider(
      { apiUrl: fake.url, payeeAlias: '1231111111', certPath: fake.pki.clientCertPath, keyPath: fake.pki.clientKeyPath, caPath: fake.pki.caPath },
      { callbackBaseUrl: receiver.url },
    );
    await expect(other.start(request())).rejects.toMatchObject({ code: 'payments.provider_error', extra: { providerStatus: 403 } });
  });
});
