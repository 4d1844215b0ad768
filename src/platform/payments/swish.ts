/**
 * Swish Commerce (Handel) API v2 over mutual TLS with the merchant's certificate.
 *
 * - Create: `PUT /swish-cpcapi/api/v2/paymentrequests/{instructionUUID}` → 201 with
 *   `Location` and, for m-commerce (no payerAlias), `PaymentRequestToken`. We choose the
 *   instructionUUID (32 uppercase hex) from the idempotency key, so a retry names the
 *   same request; Swish answers a reused one with 422 RP09 and we fetch it instead.
 * - Status: `GET /swish-cpcapi/api/v1/paymentrequests/{id}` (retrieval stays on v1; the
 *   Location header points there). CREATED → pending, PAID, DECLINED, ERROR, CANCELLED.
 * - Callbacks are not signed. Anyone can POST to our callbackUrl, so a callback only
 *   names an id: parseCallback fetches that id from Swish over mTLS and reports what
 *   Swish says, never what the body says.
 * - Refunds: `PUT /swish-cpcapi/api/v2/refunds/{instructionUUID}`, status on v1; their
 *   callbacks come back as PaymentEvents of kind 'refund'.
 * - Errors: 422 with `[{ errorCode, errorMessage, additionalInformation }]`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { assertAmountOre, formatSekAmount, paymentError, parseJsonObject, parseSekAmount, type PaymentEvent, type PaymentProvider, type PaymentStatus, type RefundResult } from './provider.js';
import { normalizeSwishPayerAlias, sanitizeSwishMessage, swishPayeePaymentReference } from './swish-format.js';
import { DomainError } from '../errors.js';

export { sanitizeSwishMessage, swishPayeePaymentReference } from './swish-format.js';

export interface SwishConfig {
  /** https://cpc.getswish.net (production) or https://mss.cpc.getswish.net (Merchant Swish Simulator). */
  apiUrl: string;
  /** The association's Swish number (123…): the payee of gift card payments and payer of their refunds. */
  payeeAlias: string;
  certPath: string;
  keyPath: string;
  /** The CA that signed Swish's server certificate (Swish_TLS_RootCA.pem); null trusts Node's bundled CAs. */
  caPath: string | null;
}

export interface SwishOptions {
  /** The instance's public base URL (https://…), for refund callbacks and relative callback URLs. */
  callbackBaseUrl: string;
  /** Where Swish reports refunds; default `${callbackBaseUrl}/api/v1/payments/swish/callback`. */
  refundCallbackUrl?: string;
  /** Per request, in ms. */
  timeoutMs?: number;
}

export interface SwishProvider extends PaymentProvider {
  method: 'swish';
}

/** Swish's error codes that mean "this payer cannot pay", as opposed to our set-up being wrong. */
const payerCodes = new Set(['BE18', 'ACMT03', 'ACMT01', 'RP06', 'VR01', 'VR02']);
const paymentStatuses = new Set(['CREATED', 'PAID', 'DECLINED', 'ERROR', 'CANCELLED']);
const refundStatuses = new Set(['CREATED', 'VALIDATED', 'DEBITED', 'PAID', 'ERROR']);
const idPattern = /^[0-9A-F]{32}$/;

/** 32 uppercase hex from the idempotency key: the same key always names the same Swish request. */
export function instructionUuidFor(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32).toUpperCase();
}

interface SwishError {
  errorCode: string;
  errorMessage?: string;
  additionalInformation?: string | null;
}

interface SwishResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function createSwishProvider(config: SwishConfig, options: SwishOptions): SwishProvider {
  // Read at start-up so a wrong path stops the boot, not the first customer.
  const agent = new https.Agent({
    cert: readFileSync(config.certPath),
    key: readFileSync(config.keyPath),
    ...(config.caPath ? { ca: readFileSync(config.caPath) } : {}),
    keepAlive: true,
  });
  const base = config.apiUrl.replace(/\/$/, '');
  const publicBase = options.callbackBaseUrl.replace(/\/$/, '');
  const refundCallbackUrl = options.refundCallbackUrl ?? `${publicBase}/api/v1/payments/swish/callback`;
  const timeoutMs = options.timeoutMs ?? 15_000;

  function call(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<SwishResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${base}${path}`,
        {
          method,
          agent,
          timeout: timeoutMs,
          headers: { accept: 'application/json', ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`Swish did not answer within ${timeoutMs} ms`)));
      req.on('error', (error) => reject(paymentError('payments.provider_unavailable', `Swish kunde inte nås: ${error.message}`, { cause: error.message })));
      req.end(payload);
    });
  }

  /** Turns a non-success answer into the right DomainError. */
  function failure(res: SwishResponse, what: string): DomainError {
    if (res.status === 422) {
      const errors = parseErrors(res.body);
      const codes = errors.map((e) => e.errorCode);
      const detail = `${what}: Swish svarade ${errors.map((e) => `${e.errorCode} ${e.errorMessage ?? ''}`.trim()).join('; ') || '422'}.`;
      const extra = { providerCodes: codes, providerErrors: errors };
      if (codes.length > 0 && codes.every((c) => payerCodes.has(c))) return paymentError('payments.payer_invalid', detail, extra);
      if (codes.includes('RF07')) return paymentError('payments.declined', detail, extra);
      return paymentError('payments.provider_error', detail, extra);
    }
    if (res.status === 401 || res.status === 403) {
      // 401: the certificate is not accepted; 403: the payee alias is not the certificate's Swish number.
      return paymentError('payments.provider_error', `${what}: Swish nekade åtkomst (${res.status}); kontrollera certifikat och Swish-nummer.`, { providerStatus: res.status });
    }
    if (res.status === 429 || res.status >= 500) return paymentError('payments.provider_unavailable', `${what}: Swish svarade ${res.status}.`, { providerStatus: res.status });
    return paymentError('payments.provider_error', `${what}: Swish svarade ${res.status}.`, { providerStatus: res.status });
  }

  async function fetchObject(kind: 'paymentrequests' | 'refunds', id: string): Promise<Record<string, unknown> | null> {
    const res = await call('GET', `/swish-cpcapi/api/v1/${kind}/${id}`);
    if (res.status === 404) return null;
    if (res.status !== 200) throw failure(res, 'Hämta status');
    try {
      return parseJsonObject(res.body, 'Swish');
    } catch {
      throw paymentError('payments.provider_error', 'Swish svarade med något som inte är JSON.');
    }
  }

  function paymentEvent(obj: Record<string, unknown>): PaymentEvent {
    if (typeof obj.id !== 'string' || typeof obj.status !== 'string' || !paymentStatuses.has(obj.status)) {
      throw paymentError('payments.provider_error', 'Swish svarade med en okänd betalning.');
    }
    if (obj.payeeAlias !== config.payeeAlias) throw paymentError('payments.callback_invalid', 'Betalningen gäller ett annat Swish-nummer.');
    if (obj.currency !== undefined && obj.currency !== 'SEK') throw paymentError('payments.callback_invalid', 'Betalningen är inte i SEK.');
    return {
      kind: 'payment',
      providerRef: obj.id,
      orderId: orderIdFromReference(obj.payeePaymentReference),
      status: mapPaymentStatus(obj.status, typeof obj.errorCode === 'string' ? obj.errorCode : null),
      amountOre: parseSekAmount(obj.amount),
      paidAt: obj.status === 'PAID' && typeof obj.datePaid === 'string' ? new Date(obj.datePaid) : null,
      raw: obj,
    };
  }

  function refundEvent(obj: Record<string, unknown>): PaymentEvent {
    if (typeof obj.id !== 'string' || typeof obj.status !== 'string' || !refundStatuses.has(obj.status)) {
      throw paymentError('payments.provider_error', 'Swish svarade med en okänd återbetalning.');
    }
    if (obj.payerAlias !== config.payeeAlias) throw paymentError('payments.callback_invalid', 'Återbetalningen gäller ett annat Swish-nummer.');
    return {
      kind: 'refund',
      providerRef: obj.id,
      orderId: null,
      status: mapRefundStatus(obj.status),
      amountOre: parseSekAmount(obj.amount),
      paidAt: obj.status === 'PAID' && typeof obj.datePaid === 'string' ? new Date(obj.datePaid) : null,
      raw: obj,
    };
  }

  return {
    method: 'swish',

    async start(req) {
      assertAmountOre(req.amountOre);
      const id = instructionUuidFor(req.idempotencyKey);
      const payerAlias = req.payerAlias ? normalizeSwishPayerAlias(req.payerAlias) : undefined;
      const body = {
        payeePaymentReference: swishPayeePaymentReference(req.orderId),
        callbackUrl: req.callbackUrl.startsWith('/') ? `${publicBase}${req.callbackUrl}` : req.callbackUrl,
        ...(payerAlias ? { payerAlias } : {}),
        payeeAlias: config.payeeAlias,
        amount: formatSekAmount(req.amountOre),
        currency: 'SEK',
        message: sanitizeSwishMessage(req.description),
      };
      const res = await call('PUT', `/swish-cpcapi/api/v2/paymentrequests/${id}`, body);
      if (res.status === 201) {
        const token = headerString(res.headers['paymentrequesttoken']);
        return { providerRef: id, status: 'pending', redirectUrl: null, ...(token ? { swishToken: token } : {}) };
      }
      if (res.status === 422 && parseErrors(res.body).some((e) => e.errorCode === 'RP09')) {
        // A retry: the first attempt created the request (perhaps its answer was lost).
        // It is ours only if it asks for the same thing.
        const existing = await fetchObject('paymentrequests', id);
        if (existing && existing.payeePaymentReference === body.payeePaymentReference && parseSekAmount(existing.amount) === req.amountOre) {
          const event = paymentEvent(existing);
          return { providerRef: id, status: event.status, redirectUrl: null };
        }
      }
      throw failure(res, 'Skapa Swish-betalning');
    },

    async status(providerRef) {
      if (!idPattern.test(providerRef)) throw new DomainError('not_found', 'Swish-betalningen finns inte.');
      const obj = await fetchObject('paymentrequests', providerRef);
      if (!obj) throw new DomainError('not_found', 'Swish känner inte till betalningen.');
      return paymentEvent(obj);
    },

    async parseCallback(request) {
      const body = parseJsonObject(request.rawBody, 'Swish');
      const { id, status } = body;
      if (typeof id !== 'string' || !idPattern.test(id) || typeof status !== 'string') {
        throw paymentError('payments.callback_invalid', 'Swish-anropet saknar id eller status.');
      }
      const isRefund = 'originalPaymentReference' in body;
      if (!(isRefund ? refundStatuses : paymentStatuses).has(status)) throw paymentError('payments.callback_invalid', `Okänd Swish-status ${status}.`);
      // Unsigned: ask Swish itself what happened to this id.
      const confirmed = await fetchObject(isRefund ? 'refunds' : 'paymentrequests', id);
      if (!confirmed) throw paymentError('payments.callback_invalid', 'Swish känner inte till betalningen i anropet.');
      return isRefund ? refundEvent(confirmed) : paymentEvent(confirmed);
    },

    async refund(input): Promise<RefundResult> {
      assertAmountOre(input.amountOre, 'Återbetalningen');
      const original = idPattern.test(input.providerRef) ? await fetchObject('paymentrequests', input.providerRef) : null;
      if (!original) throw new DomainError('not_found', 'Swish-betalningen finns inte.');
      if (original.status !== 'PAID' || typeof original.paymentReference !== 'string') {
        throw paymentError('payments.invalid_request', 'Bara betalda Swish-betalningar kan återbetalas.');
      }
      // A separate namespace, so a refund key can never collide with a payment key.
      const id = instructionUuidFor(`refund:${input.idempotencyKey}`);
      const res = await call('PUT', `/swish-cpcapi/api/v2/refunds/${id}`, {
        originalPaymentReference: original.paymentReference,
        callbackUrl: refundCallbackUrl,
        payerAlias: config.payeeAlias,
        amount: formatSekAmount(input.amountOre),
        currency: 'SEK',
        message: sanitizeSwishMessage(input.reason),
      });
      if (res.status === 201) return { refundRef: id, status: 'pending' };
      if (res.status === 422 && parseErrors(res.body).some((e) => e.errorCode === 'RP09')) {
        const existing = await fetchObject('refunds', id);
        if (existing && existing.originalPaymentReference === original.paymentReference && parseSekAmount(existing.amount) === input.amountOre) {
          return { refundRef: id, status: refundResultStatus(mapRefundStatus(String(existing.status))) };
        }
      }
      throw failure(res, 'Återbetala med Swish');
    },
  };
}

function mapPaymentStatus(status: string, errorCode: string | null): PaymentStatus {
  switch (status) {
    case 'PAID':
      return 'paid';
    case 'DECLINED':
      return 'declined';
    case 'CANCELLED':
      return 'cancelled';
    case 'ERROR':
      // The payer gave up (BankID cancelled, never opened the app) or the bank said no:
      // outcomes the payer can retry, unlike a processing error.
      if (errorCode === 'BANKIDCL' || errorCode === 'TM01') return 'cancelled';
      if (errorCode === 'RF07') return 'declined';
      return 'error';
    default:
      return 'pending';
  }
}

function mapRefundStatus(status: string): PaymentStatus {
  if (status === 'PAID') return 'paid';
  if (status === 'ERROR') return 'error';
  return 'pending';
}

function refundResultStatus(status: PaymentStatus): RefundResult['status'] {
  return status === 'paid' ? 'paid' : status === 'pending' ? 'pending' : 'error';
}

function parseErrors(body: string): SwishError[] {
  try {
    const parsed: unknown = JSON.parse(body);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.filter((e): e is SwishError => typeof e === 'object' && e !== null && typeof (e as SwishError).errorCode === 'string');
  } catch {
    return [];
  }
}

function headerString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Our order ids are UUIDs, sent without hyphens (Swish allows 35 characters); put them back. */
function orderIdFromReference(reference: unknown): string | null {
  if (typeof reference !== 'string' || reference === '') return null;
  const hex = /^[0-9a-f]{32}$/i.exec(reference);
  if (!hex) return reference;
  const r = reference.toLowerCase();
  return `${r.slice(0, 8)}-${r.slice(8, 12)}-${r.slice(12, 16)}-${r.slice(16, 20)}-${r.slice(20)}`;
}
