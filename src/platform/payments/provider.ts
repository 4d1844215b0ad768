/**
 * What every payment provider offers, knowing nothing of gift cards: start a payment,
 * ask for its status, verify and parse a provider's callback, refund. Amounts are whole
 * öre everywhere; each provider converts to its own format ("500.00", minor units) at
 * its edge and nowhere else.
 */
import { DomainError, type ProblemCatalogue } from '../errors.js';

export type PaymentProviderMethod = 'simulator' | 'swish' | 'card';

export interface PaymentRequest {
  cityId: string;
  orderId: string;
  /** Whole öre, > 0. */
  amountOre: number;
  /** Shown to the payer. Swish allows 50 characters of a limited set; providers sanitise. */
  description: string;
  /** Swish e-commerce: the payer's phone number, which gets the request pushed to the app. Without it the flow is m-commerce (a token the page hands to the app). */
  payerAlias?: string;
  /** Where the browser comes back to (Stripe Checkout's success and cancel URL). */
  returnUrl: string;
  /** Our HTTPS endpoint for the provider's callbacks (Swish callbackUrl). */
  callbackUrl: string;
  /** Stable per order attempt: a retry with the same key creates nothing new (Swish instructionUUID, Stripe Idempotency-Key). */
  idempotencyKey: string;
}

export type PaymentStatus = 'pending' | 'paid' | 'declined' | 'cancelled' | 'error';

export interface PaymentStart {
  /** The provider's id for this payment: Swish instructionUUID, Stripe Checkout Session id, `sim-…`. */
  providerRef: string;
  status: PaymentStatus;
  /** Where to send the browser (simulator page, Stripe Checkout), or null for Swish: the payer opens the app and the page polls. */
  redirectUrl: string | null;
  /** Swish m-commerce: the PaymentRequestToken that opens the app (`swish://paymentrequest?token=…`). Only on the request that created the payment. */
  swishToken?: string;
}

export interface PaymentEvent {
  /** A payment's outcome, or a refund's (Swish sends both to callback URLs). Gateways act on payments only. */
  kind: 'payment' | 'refund';
  providerRef: string;
  orderId: string | null;
  status: PaymentStatus;
  /** What the provider says was paid, in öre; null when it does not say. */
  amountOre: number | null;
  paidAt: Date | null;
  /** The provider's own object, for the audit trail and debugging. */
  raw: unknown;
}

export interface CallbackRequest {
  /** Header names in any case. */
  headers: Record<string, string>;
  /** The body exactly as received: Stripe signs the bytes, so parse nothing before this. */
  rawBody: string;
}

export interface RefundInput {
  /** The payment's providerRef (not a refund's). */
  providerRef: string;
  amountOre: number;
  /** Stable per refund attempt. */
  idempotencyKey: string;
  /** Why, in a few words; Swish shows it to the payer (sanitised like the description). */
  reason: string;
}

export interface RefundResult {
  refundRef: string;
  status: 'pending' | 'paid' | 'error';
}

export interface PaymentProvider {
  method: PaymentProviderMethod;
  start(req: PaymentRequest): Promise<PaymentStart>;
  /** Asks the provider directly (over mTLS for Swish); the page's poll and reconciliation use it. */
  status(providerRef: string): Promise<PaymentEvent>;
  /** Verifies and parses an incoming callback or webhook; throws DomainError('payments.callback_invalid') when the signature or shape is wrong. */
  parseCallback(request: CallbackRequest): Promise<PaymentEvent>;
  refund(input: RefundInput): Promise<RefundResult>;
}

/** The codes the payment providers throw; register with the ProblemRegistry. */
export const paymentProblems = {
  'payments.declined': {
    status: 402,
    title: 'Betalningen nekades',
    titleEn: 'Payment declined',
    description: 'The payment provider or the bank declined the payment or refund. Nothing was charged; try again or choose another way to pay.',
  },
  'payments.payer_invalid': {
    status: 422,
    title: 'Numret kan inte betala med Swish',
    titleEn: 'This number cannot pay with Swish',
    description: 'Swish refused the payer\'s phone number: it is malformed, not connected to Swish, or already has an open payment request. `providerCodes` has Swish\'s error codes (BE18, ACMT03, ACMT01, RP06, …).',
  },
  'payments.invalid_request': {
    status: 400,
    title: 'Betalningen kan inte göras',
    titleEn: 'Payment cannot be made',
    description: 'The payment or refund was not sent to the provider because it cannot succeed: a non-positive amount, a refund of a payment that was never paid, or more than is left to refund.',
  },
  'payments.provider_error': {
    status: 502,
    title: 'Betalningstjänsten svarade med fel',
    titleEn: 'Payment provider error',
    description: 'The payment provider refused the request. `providerCodes` lists its error codes (Swish: FF08, RP03, AM06, RF08 …; Stripe: the error code or type). This usually means a configuration problem (certificate, Swish number, API key); nothing was charged.',
  },
  'payments.provider_unavailable': {
    status: 503,
    title: 'Betalningstjänsten svarar inte',
    titleEn: 'Payment provider unavailable',
    description: 'The payment provider could not be reached, timed out or answered with a temporary error. Retrying with the same order is safe: requests are idempotent.',
  },
  'payments.callback_invalid': {
    status: 400,
    title: 'Ogiltigt anrop från betalningstjänsten',
    titleEn: 'Invalid payment callback',
    description: 'A callback or webhook claimed to come from a payment provider but its signature, timestamp or content did not check out (or Swish does not know the payment). It was ignored.',
  },
} as const satisfies ProblemCatalogue;

export type PaymentProblemCode = keyof typeof paymentProblems;

export function paymentError(code: PaymentProblemCode, detail: string, extra: Record<string, unknown> = {}): DomainError<PaymentProblemCode> {
  return new DomainError(code, detail, extra);
}

/** Throws unless amountOre is a positive whole number of öre. */
export function assertAmountOre(amountOre: number, what = 'Beloppet'): void {
  if (!Number.isSafeInteger(amountOre) || amountOre <= 0) {
    throw paymentError('payments.invalid_request', `${what} måste vara ett positivt helt antal öre (fick ${String(amountOre)}).`);
  }
}

/** 50000 → "500.00": Swish's amount format (SEK, two decimals, a period). */
export function formatSekAmount(amountOre: number): string {
  assertAmountOre(amountOre);
  const kronor = Math.floor(amountOre / 100);
  const ore = amountOre % 100;
  return `${kronor}.${String(ore).padStart(2, '0')}`;
}

/** 500, 500.5 or "500.50" (SEK, as Swish answers) → 50050 öre; null for anything else. */
export function parseSekAmount(value: unknown): number | null {
  const text = typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : typeof value === 'string' ? value.trim() : null;
  if (text === null) return null;
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match?.[1]) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/** Looks a header up by name in any case (Node lowercases, tests and proxies may not). */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Parses a callback body as a JSON object, or throws payments.callback_invalid. */
export function parseJsonObject(rawBody: string, provider: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw paymentError('payments.callback_invalid', `${provider}: kroppen är inte JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw paymentError('payments.callback_invalid', `${provider}: kroppen är inte ett JSON-objekt.`);
  return parsed as Record<string, unknown>;
}
