/**
 * A local stand-in for the parts of Stripe's API that card payments use, speaking its
 * wire format: form-encoded requests with bracketed keys, `Authorization: Bearer sk_…`
 * (or Basic with the key as user), JSON answers, errors as `{ error: { type, code,
 * message, param } }`.
 *
 * - `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/{id}`, `POST /v1/refunds`.
 * - Idempotency-Key on POSTs: the same key with the same parameters replays the first
 *   answer (with `Idempotent-Replayed: true`); with other parameters or another
 *   endpoint it is a 400 `idempotency_error`.
 * - `pay(sessionId, webhookUrl)` completes a session as Checkout would and POSTs a
 *   `checkout.session.completed` event signed like Stripe: `Stripe-Signature:
 *   t={unix},v1={hex HMAC-SHA256(secret, "{t}.{body}")}`. `expire` sends
 *   `checkout.session.expired`. `signatureHeader` signs anything, for forgery tests.
 *
 * Listens on 127.0.0.1 only, over plain HTTP.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type StripeObject = Record<string, unknown>;

export interface StripeFake {
  /** http://127.0.0.1:port: the provider's apiUrl. */
  url: string;
  secretKey: string;
  webhookSecret: string;
  sessions: Map<string, StripeObject>;
  paymentIntents: Map<string, StripeObject>;
  refunds: Map<string, StripeObject>;
  log: Array<{ method: string; path: string; status: number; idempotencyKey: string | null; replayed: boolean }>;
  /** Pays a session and POSTs the signed webhook; returns what was sent and the receiver's status. */
  pay(sessionId: string, webhookUrl: string): Promise<{ rawBody: string; headers: Record<string, string>; status: number }>;
  /** Expires an open session and POSTs `checkout.session.expired`. */
  expire(sessionId: string, webhookUrl: string): Promise<{ rawBody: string; headers: Record<string, string>; status: number }>;
  /** A Stripe-Signature header for any payload, time and secret. */
  signatureHeader(payload: string, options?: { timestamp?: number; secret?: string }): string;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; code?: string; message: string; param?: string },
  ) {
    super(body.message);
  }
}

/** `a[b][0][c]=x` → { a: { b: [ { c: 'x' } ] } }: how Stripe reads form bodies. */
function parseForm(text: string): StripeObject {
  const root: StripeObject = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.replace(/\]/g, '').split('[');
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else node = (node[part] ??= /^\d+$/.test(parts[i + 1] ?? '') ? [] : {}) as Record<string, unknown>;
    });
  }
  return root;
}

function integer(value: unknown, param: string): number {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new StripeError(400, { type: 'invalid_request_error', code: 'parameter_invalid_integer', param, message: `Invalid integer: ${String(value)}` });
  return Number(value);
}

function required(value: unknown, param: string): string {
  if (typeof value !== 'string' || value === '') throw new StripeError(400, { type: 'invalid_request_error', code: 'parameter_missing', param, message: `Missing required param: ${param}.` });
  return value;
}

export async function startStripeFake(options: { secretKey?: string; webhookSecret?: string } = {}): Promise<StripeFake> {
  const secretKey = options.secretKey ?? 'sk_test_torgetfake';
  const webhookSecret = options.webhookSecret ?? 'whsec_torgetfake';
  const sessions = new Map<string, StripeObject>();
  const paymentIntents = new Map<string, StripeObject>();
  const refunds = new Map<string, StripeObject>();
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const log: StripeFake['log'] = [];
  /** Checkout creates the PaymentIntent when the payer confirms; its metadata waits here. */
  const intentMetadataBySession = new Map<string, StripeObject>();
  let baseUrl = '';

  function createSession(params: StripeObject): StripeObject {
    const mode = required(params.mode, 'mode');
    if (mode !== 'payment') throw new StripeError(400, { type: 'invalid_request_error', code: 'parameter_invalid_string', param: 'mode', message: 'The fake supports mode=payment only.' });
    const items = params.line_items;
    if (!Array.isArray(items) || items.length === 0) throw new StripeError(400, { type: 'invalid_request_error', code: 'parameter_missing', param: 'line_items', message: 'line_items is required in payment mode.' });
    let total = 0;
    let currency: string | null = null;
    items.forEach((raw: unknown, i) => {
      const item = raw as { price_data?: { currency?: unknown; unit_amount?: unknown; product_data?: { name?: unknown } }; quantity?: unknown };
      const c = required(item.price_data?.currency, `line_items[${i}][price_data][currency]`);
      required(item.price_data?.product_data?.name, `line_items[${i}][price_data][product_data][name]`);
      currency ??= c;
      total += integer(item.price_data?.unit_amount, `line_items[${i}][price_data][unit_amount]`) * integer(item.quantity, `line_items[${i}][quantity]`);
    });
    // Stripe's minimum charge in SEK is 3.00 kr.
    if (currency === 'sek' && total < 300) throw new StripeError(400, { type: 'invalid_request_error', code: 'amount_too_small', message: 'The Checkout Session\'s total amount due must add up to at least kr 3.00 sek' });
    const successUrl = required(params.success_url, 'success_url');
    const session: StripeObject = {
      id: id('cs_test'),
      object: 'checkout.session',
      amount_subtotal: total,
      amount_total: total,
      cancel_url: params.cancel_url ?? null,
      client_reference_id: params.client_reference_id ?? null,
      created: nowSeconds(),
      currency,
      expires_at: nowSeconds() + 24 * 3600,
      livemode: false,
      metadata: params.metadata ?? {},
      mode,
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: successUrl,
      url: '',
    };
    session.url = `${baseUrl}/c/pay/${String(session.id)}`;
    const intentMetadata = (params.payment_intent_data as { metadata?: StripeObject } | undefined)?.metadata ?? {};
    sessions.set(session.id as string, session);
    intentMetadataBySession.set(session.id as string, intentMetadata);
    return session;
  }
  function createRefund(params: StripeObject): StripeObject {
    const intentId = params.payment_intent ?? params.charge;
    if (typeof intentId !== 'string') throw new StripeError(400, { type: 'invalid_request_error', code: 'parameter_missing', param: 'payment_intent', message: 'One of the following params should be provided for this request: payment_intent or charge.' });
    const intent = paymentIntents.get(intentId);
    if (!intent) throw new StripeError(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_intent', message: `No such payment_intent: '${intentId}'` });
    const remaining = (intent.amount_received as number) - (intent.amount_refunded as number);
    const amount = params.amount === undefined ? remaining : integer(params.amount, 'amount');
    if (amount > remaining) throw new StripeError(400, { type: 'invalid_request_error', code: 'amount_too_large', param: 'amount', message: `Refund amount (kr ${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge (kr ${(remaining / 100).toFixed(2)})` });
    if (params.reason !== undefined && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(String(params.reason))) {
      throw new StripeError(400, { type: 'invalid_request_error', code: 'parameter_invalid_string', param: 'reason', message: 'Invalid reason.' });
    }
    intent.amount_refunded = (intent.amount_refunded as number) + amount;
    const refund: StripeObject = { id: id('re'), object: 'refund', amount, currency: intent.currency, created: nowSeconds(), metadata: params.metadata ?? {}, payment_intent: intentId, reason: params.reason ?? null, status: 'succeeded' };
    refunds.set(refund.id as string, refund);
    return refund;
  }

  const authorized = (header: string | undefined): boolean => {
    if (!header) return false;
    if (header === `Bearer ${secretKey}`) return true;
    if (header.startsWith('Basic ')) return Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0] === secretKey;
    return false;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
      const send = (status: number, body: unknown, replayed = false) => {
        log.push({ method, path, status, idempotencyKey: key, replayed });
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...(replayed ? { 'idempotent-replayed': 'true' } : {}) }).end(JSON.stringify(body));
      };
      if (!authorized(req.headers.authorization)) {
        return send(401, { error: { type: 'invalid_request_error', message: req.headers.authorization ? 'Invalid API Key provided: sk_test_****' : 'You did not provide an API key.' } });
      }
      const text = Buffer.concat(chunks).toString('utf8');
      // Stripe compares the request's parameters, not its bytes; order does not matter.
      const fingerprint = `${method} ${path} ${[...new URLSearchParams(text)].map(([k, v]) => `${k}=${v}`).sort().join('&')}`;
      if (method === 'POST' && key) {
        const seen = idempotency.get(key);
        if (seen && seen.fingerprint !== fingerprint) {
          return send(400, { error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` } });
        }
        if (seen) return send(seen.status, seen.body, true);
      }
      let status = 200;
      let body: unknown;
      try {
        const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
        if (method === 'POST' && path === '/v1/checkout/sessions') body = createSession(parseForm(text));
        else if (method === 'GET' && sessionMatch) {
          const session = sessions.get(decodeURIComponent(sessionMatch[1] ?? ''));
          if (!session) throw new StripeError(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'session', message: `No such checkout.session: '${sessionMatch[1]}'` });
          body = session;
        } else if (method === 'POST' && path === '/v1/refunds') body = createRefund(parseForm(text));
        else throw new StripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
      } catch (error) {
        if (!(error instanceof StripeError)) throw error;
        status = error.status;
        body = { error: error.body };
      }
      // Like Stripe, a request that failed validation saves no result: a corrected retry may reuse the key.
      if (method === 'POST' && key && status < 400) idempotency.set(key, { fingerprint, status, body });
      send(status, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signatureHeader = (payload: string, opts: { timestamp?: number; secret?: string } = {}) => {
    const t = opts.timestamp ?? nowSeconds();
    return `t=${t},v1=${createHmac('sha256', opts.secret ?? webhookSecret).update(`${t}.${payload}`).digest('hex')}`;
  };

  async function sendEvent(type: string, object: StripeObject, webhookUrl: string) {
    const event = { id: id('evt'), object: 'event', api_version: '2024-06-20', created: nowSeconds(), data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type };
    const rawBody = JSON.stringify(event, null, 2);
    const headers = { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signatureHeader(rawBody), 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };
    const res = await fetch(webhookUrl, { method: 'POST', headers, body: rawBody });
    await res.arrayBuffer();
    return { rawBody, headers, status: res.status };
  }

  const findSession = (sessionId: string) => {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`No such session ${sessionId}`);
    return session;
  };

  return {
    url: baseUrl,
    secretKey,
    webhookSecret,
    sessions,
    paymentIntents,
    refunds,
    log,
    signatureHeader,
    async pay(sessionId, webhookUrl) {
      const session = findSession(sessionId);
      if (session.status !== 'open') throw new Error(`Session ${sessionId} is ${String(session.status)}`);
      const intent: StripeObject = { id: id('pi'), object: 'payment_intent', amount: session.amount_total, amount_received: session.amount_total, amount_refunded: 0, currency: session.currency, metadata: intentMetadataBySession.get(sessionId) ?? {}, status: 'succeeded' };
      paymentIntents.set(intent.id as string, intent);
      Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: intent.id, url: null });
      return sendEvent('checkout.session.completed', { ...session }, webhookUrl);
    },
    async expire(sessionId, webhookUrl) {
      const session = findSession(sessionId);
      Object.assign(session, { status: 'expired', url: null });
      return sendEvent('checkout.session.expired', { ...session }, webhookUrl);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
