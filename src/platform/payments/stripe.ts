/**
 * Card payments through Stripe Checkout (hosted payment page).
 *
 * - Start: `POST /v1/checkout/sessions` (form-encoded, `Authorization: Bearer sk_…`,
 *   `Idempotency-Key`): the session's `url` is where the browser goes, its `id` is our
 *   providerRef.
 * - Status: `GET /v1/checkout/sessions/{id}`: `payment_status` paid/unpaid, `status`
 *   open/complete/expired.
 * - Webhooks carry `Stripe-Signature: t=…,v1=…`: HMAC-SHA256 with the endpoint's
 *   signing secret over `${t}.${rawBody}`, compared in constant time; a timestamp more
 *   than 300 s from our clock is refused (replays). Several v1 entries may appear while
 *   a secret is rolled; any match will do.
 * - Refunds: `POST /v1/refunds` with the session's payment_intent and an amount.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { assertAmountOre, headerValue, paymentError, parseJsonObject, type PaymentEvent, type PaymentProvider, type PaymentStatus, type RefundResult } from './provider.js';

export interface StripeConfig {
  apiUrl: string;
  secretKey: string;
  webhookSecret: string;
}

export interface StripeOptions {
  clock?: Clock;
  /** How far a webhook's timestamp may be from our clock, in seconds (Stripe's libraries use 300). */
  toleranceSeconds?: number;
  /** Per request, in ms. */
  timeoutMs?: number;
}

export interface StripeProvider extends PaymentProvider {
  method: 'card';
}

/** Pinned so objects and errors keep the shape this code reads, whatever the account's default. */
export const stripeApiVersion = '2024-06-20';

type StripeObject = Record<string, unknown>;

/**
 * Verifies a `Stripe-Signature` header for a raw body; throws payments.callback_invalid.
 * Exported for tests and tools; the provider's parseCallback uses it.
 */
export function verifyStripeSignature(header: string | undefined, rawBody: string, secret: string, nowSeconds: number, toleranceSeconds = 300): void {
  if (!header) throw paymentError('payments.callback_invalid', 'Stripe-Signature saknas.');
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1') signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) throw paymentError('payments.callback_invalid', 'Stripe-Signature saknar t eller v1.');
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest();
  const matches = signatures.some((sig) => {
    if (!/^[0-9a-f]{64}$/.test(sig)) return false;
    return timingSafeEqual(Buffer.from(sig, 'hex'), expected);
  });
  if (!matches) throw paymentError('payments.callback_invalid', 'Stripe-signaturen stämmer inte.');
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) throw paymentError('payments.callback_invalid', 'Stripe-anropets tidsstämpel är för gammal.');
}

/** Stripe's form encoding: nested keys in brackets (`line_items[0][price_data][currency]`). */
export function encodeStripeForm(params: Record<string, unknown>): string {
  const out = new URLSearchParams();
  const walk = (prefix: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) value.forEach((v, i) => walk(`${prefix}[${i}]`, v));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}[${k}]` : k, v);
    else out.append(prefix, String(value));
  };
  walk('', params);
  return out.toString();
}

export function createStripeProvider(config: StripeConfig, options: StripeOptions = {}): StripeProvider {
  const clock = options.clock ?? systemClock;
  const tolerance = options.toleranceSeconds ?? 300;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const base = config.apiUrl.replace(/\/$/, '');

  async function call(method: 'GET' | 'POST', path: string, params?: Record<string, unknown>, idempotencyKey?: string): Promise<StripeObject> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${config.secretKey}`,
          'stripe-version': stripeApiVersion,
          accept: 'application/json',
          ...(params ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        ...(params ? { body: encodeStripeForm(params) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw paymentError('payments.provider_unavailable', `Stripe kunde inte nås: ${(error as Error).message}`);
    }
    const text = await res.text();
    let body: StripeObject = {};
    try {
      body = parseJsonObject(text, 'Stripe');
    } catch {
      // An HTML error page from a proxy, say: handled by status below.
    }
    if (res.ok) return body;
    const error = (typeof body.error === 'object' && body.error !== null ? body.error : {}) as { type?: string; code?: string; message?: string; decline_code?: string };
    const codes = [error.code ?? error.type].filter((c): c is string => typeof c === 'string');
    const detail = `Stripe svarade ${res.status}${error.message ? `: ${error.message}` : ''}`;
    const extra = { providerCodes: codes, providerStatus: res.status };
    if (res.status === 404 && method === 'GET') throw new DomainError('not_found', detail);
    if (res.status === 402 || error.type === 'card_error') throw paymentError('payments.declined', detail, extra);
    // 409: a request with the same Idempotency-Key is still running; try again shortly.
    if (res.status === 409 || res.status === 429 || res.status >= 500) throw paymentError('payments.provider_unavailable', detail, extra);
    throw paymentError('payments.provider_error', detail, extra);
  }

  function sessionEvent(session: StripeObject, status: PaymentStatus, paidAt: Date | null, raw: unknown): PaymentEvent {
    if (typeof session.id !== 'string') throw paymentError('payments.callback_invalid', 'Stripe-sessionen saknar id.');
    if (session.currency !== undefined && session.currency !== 'sek') throw paymentError('payments.callback_invalid', `Stripe-sessionen är i ${String(session.currency)}, inte SEK.`);
    const metadata = (typeof session.metadata === 'object' && session.metadata !== null ? session.metadata : {}) as Record<string, unknown>;
    const orderId = typeof session.client_reference_id === 'string' ? session.client_reference_id : typeof metadata.orderId === 'string' ? metadata.orderId : null;
    return {
      kind: 'payment',
      providerRef: session.id,
      orderId,
      status,
      amountOre: typeof session.amount_total === 'number' ? session.amount_total : null,
      paidAt: status === 'paid' ? paidAt : null,
      raw,
    };
  }

  const isPaid = (session: StripeObject): boolean => session.payment_status === 'paid' || session.payment_status === 'no_payment_required';

  return {
    method: 'card',

    async start(req) {
      assertAmountOre(req.amountOre);
      const session = await call(
        'POST',
        '/v1/checkout/sessions',
        {
          mode: 'payment',
          line_items: [{ price_data: { currency: 'sek', unit_amount: req.amountOre, product_data: { name: req.description.slice(0, 250) || 'Betalning' } }, quantity: 1 }],
          success_url: req.returnUrl,
          cancel_url: req.returnUrl,
          client_reference_id: req.orderId,
          metadata: { orderId: req.orderId, cityId: req.cityId },
          payment_intent_data: { metadata: { orderId: req.orderId, cityId: req.cityId } },
        },
        req.idempotencyKey,
      );
      if (typeof session.id !== 'string' || typeof session.url !== 'string') throw paymentError('payments.provider_error', 'Stripe svarade utan sessionens id eller url.');
      return { providerRef: session.id, status: isPaid(session) ? 'paid' : 'pending', redirectUrl: session.url };
    },

    async status(providerRef) {
      const session = await call('GET', `/v1/checkout/sessions/${encodeURIComponent(providerRef)}`);
      const status: PaymentStatus = isPaid(session) ? 'paid' : session.status === 'expired' ? 'cancelled' : 'pending';
      // A session records no time of payment; the webhook's event time is the one we keep.
      return sessionEvent(session, status, null, session);
    },

    async parseCallback(request) {
      verifyStripeSignature(headerValue(request.headers, 'stripe-signature'), request.rawBody, config.webhookSecret, Math.floor(clock.now().getTime() / 1000), tolerance);
      const event = parseJsonObject(request.rawBody, 'Stripe');
      const data = event.data as { object?: unknown } | undefined;
      const object = data && typeof data.object === 'object' && data.object !== null ? (data.object as StripeObject) : null;
      if (event.object !== 'event' || typeof event.type !== 'string' || typeof event.created !== 'number' || !object) {
        throw paymentError('payments.callback_invalid', 'Stripe-anropet är inte en händelse.');
      }
      const at = new Date(event.created * 1000);
      switch (event.type) {
        case 'checkout.session.completed':
          // Delayed methods complete the session unpaid and settle later (async_payment_*).
          return sessionEvent(object, isPaid(object) ? 'paid' : 'pending', at, event);
        case 'checkout.session.async_payment_succeeded':
          return sessionEvent(object, 'paid', at, event);
        case 'checkout.session.async_payment_failed':
          return sessionEvent(object, 'declined', null, event);
        case 'checkout.session.expired':
          return sessionEvent(object, 'cancelled', null, event);
        default:
          // Verified but not ours to act on: reported as pending so the route answers 200
          // (Stripe retries anything else for days) and nothing changes.
          return {
            kind: event.type.startsWith('charge.refund') || event.type.startsWith('refund.') ? 'refund' : 'payment',
            providerRef: typeof object.id === 'string' ? object.id : String(event.id),
            orderId: null,
            status: 'pending',
            amountOre: null,
            paidAt: null,
            raw: event,
          };
      }
    },

    async refund(input): Promise<RefundResult> {
      assertAmountOre(input.amountOre, 'Återbetalningen');
      const session = await call('GET', `/v1/checkout/sessions/${encodeURIComponent(input.providerRef)}`);
      const intent = session.payment_intent;
      const paymentIntent = typeof intent === 'string' ? intent : typeof intent === 'object' && intent !== null ? (intent as StripeObject).id : null;
      if (typeof paymentIntent !== 'string' || !isPaid(session)) throw paymentError('payments.invalid_request', 'Bara betalda kortbetalningar kan återbetalas.');
      const refund = await call(
        'POST',
        '/v1/refunds',
        { payment_intent: paymentIntent, amount: input.amountOre, reason: 'requested_by_customer', metadata: { reason: input.reason.slice(0, 500) } },
        input.idempotencyKey,
      );
      if (typeof refund.id !== 'string') throw paymentError('payments.provider_error', 'Stripe svarade utan återbetalningens id.');
      const status = refund.status === 'succeeded' ? 'paid' : refund.status === 'pending' || refund.status === 'requires_action' ? 'pending' : 'error';
      return { refundRef: refund.id, status };
    },
  };
}
