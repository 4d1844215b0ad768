/**
 * A local stand-in for Swish Commerce API v2, in the spirit of Swish's own Merchant
 * Swish Simulator (MSS): HTTPS with mutual TLS (a throwaway CA from test/fakes/pki.ts),
 * the documented endpoints, validations and error codes, and a delayed callback.
 *
 * - `PUT  /swish-cpcapi/api/v2/paymentrequests/{instructionUUID}` → 201 + Location
 *   (+ PaymentRequestToken without payerAlias), or 422 `[{ errorCode, errorMessage,
 *   additionalInformation }]`: RP09 (instructionUUID taken), RP01, RP03, PA02, AM03,
 *   AM06, FF08, RP02, BE18; 403 when payeeAlias is not the client certificate's number;
 *   415 without JSON.
 * - `GET  /swish-cpcapi/api/v1/paymentrequests/{id}` → 200 object or 404.
 * - `PUT  /swish-cpcapi/api/v2/refunds/{instructionUUID}` → 201 + Location, or 422:
 *   RP09, RP01, RF02 (original not found / not paid), RF03 (payer is not the original
 *   payee), RF08 (more than is left; the remainder in additionalInformation), …
 * - `GET  /swish-cpcapi/api/v1/refunds/{id}`.
 * - After `callbackDelayMs` a created request settles (PAID, or what `declineNext`/
 *   `setOutcome` chose) and the object is POSTed as JSON to its callbackUrl.
 * - Like MSS, an error code as the `message` simulates that error: creation codes
 *   (FF08, RP03, BE18, ACMT03, …) answer 422 at once; result codes (RF07, BANKIDCL,
 *   FF10, TM01, DS24) settle the request as ERROR with that code.
 *
 * Callbacks to plain http are allowed for loopback addresses only (`allowHttpCallbacks`);
 * real Swish demands HTTPS (RP03). Everything listens on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createTestPki, type TestPki } from './pki.js';

export interface SwishPaymentObject {
  id: string;
  payeePaymentReference: string | null;
  paymentReference: string | null;
  callbackUrl: string;
  payerAlias: string | null;
  payeeAlias: string;
  amount: number;
  currency: 'SEK';
  message: string | null;
  status: 'CREATED' | 'PAID' | 'DECLINED' | 'ERROR' | 'CANCELLED';
  dateCreated: string;
  datePaid: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface SwishRefundObject {
  id: string;
  payerPaymentReference: string | null;
  originalPaymentReference: string;
  paymentReference: string | null;
  callbackUrl: string;
  payerAlias: string;
  payeeAlias: string | null;
  amount: number;
  currency: 'SEK';
  message: string | null;
  status: 'CREATED' | 'VALIDATED' | 'DEBITED' | 'PAID' | 'ERROR';
  dateCreated: string;
  datePaid: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  additionalInformation: string | null;
}

export type SwishOutcome = 'PAID' | 'DECLINED' | 'CANCELLED' | { errorCode: string };

export interface SwishFake {
  /** https://127.0.0.1:port */
  url: string;
  pki: TestPki;
  payeeAlias: string;
  paymentRequests: Map<string, SwishPaymentObject>;
  refunds: Map<string, SwishRefundObject>;
  /** Every request: method, path and the status answered. */
  log: Array<{ method: string; path: string; status: number }>;
  /** Every callback attempt: where, what, and the HTTP status (0 when it failed). */
  callbacks: Array<{ url: string; body: SwishPaymentObject | SwishRefundObject; status: number }>;
  /** The next payment request created settles with this outcome instead of PAID. */
  declineNext(outcome?: SwishOutcome): void;
  /** Chooses how a still-CREATED request settles. */
  setOutcome(id: string, outcome: SwishOutcome): void;
  /** Resolves when every scheduled settlement and callback has happened. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const errorMessages: Record<string, string> = {
  FF08: 'PaymentReference is invalid',
  RP03: 'Callback URL is missing or does not use HTTPS',
  BE18: 'Payer alias is invalid',
  RP01: 'Missing Merchant Swish Number',
  PA02: 'Amount value is missing or not a valid number',
  AM02: 'Amount value is too large',
  AM03: 'Invalid or missing Currency',
  AM06: 'Specified transaction amount is less than agreed minimum',
  RP02: 'Wrong formatted message',
  RP06: 'A payment request already exists for that payer',
  RP09: 'The given instructionUUID is not available',
  ACMT03: 'Payer not Enrolled',
  ACMT01: 'Counterpart is not activated',
  ACMT07: 'Payee not Enrolled',
  VR01: 'Payer does not meet age limit',
  VR02: 'The payer alias in the request is not enroled in swish with the supplied ssn',
  RF02: 'Original Payment not found or original payment is more than 13 months old',
  RF03: 'Payer alias in the refund does not match the payee alias in the original payment',
  RF04: 'Payer organization number do not match original payment payee organization number',
  RF06: 'The Payer SSN in the original payment is not the same as the SSN for the current Payee',
  RF07: 'Transaction declined',
  RF08: 'Amount value is too large, or amount exceeds the amount of the original payment minus any previous refunds',
  RF09: 'Refund already in progress',
  BANKIDCL: 'Payer cancelled BankId signing',
  FF10: 'Bank system processing error',
  TM01: 'Swish timed out before the payment was started',
  DS24: 'Swish timed out waiting for an answer from the banks after payment was started',
};
const paymentCreationCodes = new Set(['FF08', 'RP03', 'BE18', 'RP01', 'PA02', 'AM02', 'AM03', 'AM06', 'RP02', 'RP06', 'ACMT03', 'ACMT01', 'ACMT07', 'VR01', 'VR02']);
const paymentResultCodes = new Set(['RF07', 'BANKIDCL', 'FF10', 'TM01', 'DS24']);
const refundCreationCodes = new Set(['FF08', 'RP03', 'PA02', 'AM03', 'AM06', 'RP01', 'RP02', 'ACMT07', 'ACMT01', 'RF02', 'RF03', 'RF04', 'RF06', 'RF07', 'RF08', 'RF09', 'FF10', 'BE18']);

const messagePattern = /^[a-zA-Z0-9åäöÅÄÖ:;.,?!()"\- ]{0,50}$/;
const referencePattern = /^[a-zA-Z0-9\-_.+*/]{1,35}$/;
const amountPattern = /^\d{1,12}(\.\d{2})?$/;
const idPattern = /^[0-9A-F]{32}$/;

const hex32 = () => randomBytes(16).toString('hex').toUpperCase();

export async function startSwishFake(options: { payeeAlias?: string; callbackDelayMs?: number; allowHttpCallbacks?: boolean; pki?: TestPki } = {}): Promise<SwishFake> {
  const payeeAlias = options.payeeAlias ?? '1234679304';
  const delay = options.callbackDelayMs ?? 50;
  const allowHttp = options.allowHttpCallbacks ?? true;
  const pki = options.pki ?? createTestPki(payeeAlias);
  const paymentRequests = new Map<string, SwishPaymentObject>();
  const refunds = new Map<string, SwishRefundObject>();
  const outcomes = new Map<string, SwishOutcome>();
  const log: SwishFake['log'] = [];
  const callbacks: SwishFake['callbacks'] = [];
  const pending = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  let nextOutcome: SwishOutcome | null = null;
  let baseUrl = '';

  const later = (fn: () => Promise<void>) => {
    let done!: () => void;
    const promise = new Promise<void>((resolve) => (done = resolve));
    pending.add(promise);
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn()
        .catch(() => undefined)
        .finally(() => {
          pending.delete(promise);
          done();
        });
    }, delay);
    timers.add(timer);
  };

  const deliver = async (url: string, body: SwishPaymentObject | SwishRefundObject) => {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      callbacks.push({ url, body: { ...body }, status: res.status });
    } catch {
      callbacks.push({ url, body: { ...body }, status: 0 });
    }
  };

  const callbackOk = (value: unknown): boolean => {
    if (typeof value !== 'string') return false;
    try {
      const url = new URL(value);
      if (url.protocol === 'https:') return true;
      return allowHttp && url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    } catch {
      return false;
    }
  };

  const error = (code: string, additionalInformation: string | null = null) => ({ errorCode: code, errorMessage: errorMessages[code] ?? code, additionalInformation });
  const now = () => new Date().toISOString();

  function createPayment(id: string, body: Record<string, unknown>, certAlias: string | undefined): { status: number; headers?: Record<string, string>; body?: unknown } {
    if (paymentRequests.has(id)) return { status: 422, body: [error('RP09')] };
    if (typeof body.message === 'string' && paymentCreationCodes.has(body.message)) return { status: 422, body: [error(body.message)] };
    const errors = [];
    if (typeof body.payeeAlias !== 'string' || body.payeeAlias === '') errors.push(error('RP01'));
    else if (body.payeeAlias !== certAlias) return { status: 403 };
    if (!callbackOk(body.callbackUrl)) errors.push(error('RP03'));
    if (typeof body.amount !== 'string' || !amountPattern.test(body.amount)) errors.push(error('PA02'));
    else if (Number(body.amount) < 1) errors.push(error('AM06'));
    if (body.currency !== 'SEK') errors.push(error('AM03'));
    if (body.payeePaymentReference !== undefined && body.payeePaymentReference !== null && (typeof body.payeePaymentReference !== 'string' || !referencePattern.test(body.payeePaymentReference))) errors.push(error('FF08'));
    if (body.message !== undefined && body.message !== null && (typeof body.message !== 'string' || !messagePattern.test(body.message))) errors.push(error('RP02'));
    if (body.payerAlias !== undefined && (typeof body.payerAlias !== 'string' || !/^\d{8,15}$/.test(body.payerAlias))) errors.push(error('BE18'));
    if (errors.length > 0) return { status: 422, body: errors };

    const payment: SwishPaymentObject = {
      id,
      payeePaymentReference: (body.payeePaymentReference as string | undefined) ?? null,
      paymentReference: null,
      callbackUrl: body.callbackUrl as string,
      payerAlias: (body.payerAlias as string | undefined) ?? null,
      payeeAlias: body.payeeAlias as string,
      amount: Number(body.amount),
      currency: 'SEK',
      message: (body.message as string | undefined) ?? null,
      status: 'CREATED',
      dateCreated: now(),
      datePaid: null,
      errorCode: null,
      errorMessage: null,
    };
    paymentRequests.set(id, payment);
    if (typeof body.message === 'string' && paymentResultCodes.has(body.message)) outcomes.set(id, { errorCode: body.message });
    else if (nextOutcome) outcomes.set(id, nextOutcome);
    nextOutcome = null;

    later(async () => {
      if (payment.status !== 'CREATED') return;
      const outcome = outcomes.get(id) ?? 'PAID';
      if (outcome === 'PAID') {
        Object.assign(payment, { status: 'PAID', paymentReference: hex32(), datePaid: now() });
      } else if (typeof outcome === 'string') {
        payment.status = outcome;
      } else {
        Object.assign(payment, { status: 'ERROR', errorCode: outcome.errorCode, errorMessage: errorMessages[outcome.errorCode] ?? outcome.errorCode });
      }
      await deliver(payment.callbackUrl, payment);
    });

    const headers: Record<string, string> = { location: `${baseUrl}/swish-cpcapi/api/v1/paymentrequests/${id}` };
    // M-commerce (no payer number): the token the merchant's page hands to the Swish app.
    if (!payment.payerAlias) headers.paymentrequesttoken = randomBytes(16).toString('base64url');
    return { status: 201, headers };
  }

  function createRefund(id: string, body: Record<string, unknown>, certAlias: string | undefined): { status: number; headers?: Record<string, string>; body?: unknown } {
    if (refunds.has(id)) return { status: 422, body: [error('RP09')] };
    if (typeof body.message === 'string' && refundCreationCodes.has(body.message)) return { status: 422, body: [error(body.message)] };
    if (typeof body.payerAlias !== 'string' || body.payerAlias === '') return { status: 422, body: [error('RP01')] };
    if (body.payerAlias !== certAlias) return { status: 403 };
    const original = [...paymentRequests.values()].find((p) => p.paymentReference !== null && p.paymentReference === body.originalPaymentReference && p.status === 'PAID');
    if (!original) return { status: 422, body: [error('RF02')] };
    if (original.payeeAlias !== body.payerAlias) return { status: 422, body: [error('RF03')] };
    const errors = [];
    if (!callbackOk(body.callbackUrl)) errors.push(error('RP03'));
    if (typeof body.amount !== 'string' || !amountPattern.test(body.amount)) errors.push(error('PA02'));
    if (body.currency !== 'SEK') errors.push(error('AM03'));
    if (body.message !== undefined && body.message !== null && (typeof body.message !== 'string' || !messagePattern.test(body.message))) errors.push(error('RP02'));
    if (body.payerPaymentReference !== undefined && body.payerPaymentReference !== null && (typeof body.payerPaymentReference !== 'string' || !referencePattern.test(body.payerPaymentReference))) errors.push(error('FF08'));
    if (errors.length > 0) return { status: 422, body: errors };
    const refundedOre = [...refunds.values()].filter((r) => r.originalPaymentReference === original.paymentReference && r.status !== 'ERROR').reduce((sum, r) => sum + Math.round(r.amount * 100), 0);
    const remainingOre = Math.round(original.amount * 100) - refundedOre;
    if (Math.round(Number(body.amount) * 100) > remainingOre) return { status: 422, body: [error('RF08', (remainingOre / 100).toFixed(2))] };

    const refund: SwishRefundObject = {
      id,
      payerPaymentReference: (body.payerPaymentReference as string | undefined) ?? null,
      originalPaymentReference: original.paymentReference as string,
      paymentReference: null,
      callbackUrl: body.callbackUrl as string,
      payerAlias: body.payerAlias,
      payeeAlias: original.payerAlias,
      amount: Number(body.amount),
      currency: 'SEK',
      message: (body.message as string | undefined) ?? null,
      status: 'CREATED',
      dateCreated: now(),
      datePaid: null,
      errorCode: null,
      errorMessage: null,
      additionalInformation: null,
    };
    refunds.set(id, refund);
    later(async () => {
      Object.assign(refund, { status: 'PAID', paymentReference: hex32(), datePaid: now() });
      await deliver(refund.callbackUrl, refund);
    });
    return { status: 201, headers: { location: `${baseUrl}/swish-cpcapi/api/v1/refunds/${id}` } };
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const certAlias = (req.socket as TLSSocket).getPeerCertificate().subject?.CN as string | undefined;
    const answer = (result: { status: number; headers?: Record<string, string>; body?: unknown }) => {
      log.push({ method, path, status: result.status });
      const payload = result.body === undefined ? '' : JSON.stringify(result.body);
      res.writeHead(result.status, { ...(payload ? { 'content-type': 'application/json' } : {}), ...result.headers }).end(payload);
    };

    const match = /^\/swish-cpcapi\/api\/(v1|v2)\/(paymentrequests|refunds)\/([^/]+)$/.exec(path);
    if (!match) return answer({ status: 404 });
    const [, version, resource, id = ''] = match;
    if (method === 'GET' && version === 'v1') {
      const found = resource === 'paymentrequests' ? paymentRequests.get(id) : refunds.get(id);
      return answer(found ? { status: 200, body: found } : { status: 404 });
    }
    if (method === 'PUT' && version === 'v2') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return answer({ status: 415 });
      // Swish's documents name no error code for a malformed instructionUUID; the fake answers 400.
      if (!idPattern.test(id)) return answer({ status: 400 });
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer({ status: 400 });
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return answer({ status: 400 });
      const record = body as Record<string, unknown>;
      return answer(resource === 'paymentrequests' ? createPayment(id, record, certAlias) : createRefund(id, record, certAlias));
    }
    return answer({ status: 405 });
  };

  const server = https.createServer(
    {
      key: readFileSync(pki.serverKeyPath),
      cert: readFileSync(pki.serverCertPath),
      ca: readFileSync(pki.caPath),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      handle(req, res).catch(() => res.writeHead(500).end());
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    pki,
    payeeAlias,
    paymentRequests,
    refunds,
    log,
    callbacks,
    declineNext(outcome = 'DECLINED') {
      nextOutcome = outcome;
    },
    setOutcome(id, outcome) {
      outcomes.set(id, outcome);
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.pki) pki.remove();
    },
  };
}
