/**
 * Between gift card orders and the payment providers: starts a payment for an order,
 * and turns what a provider reports (a callback, a webhook, the simulator's button)
 * into `giftcards.handlePayment`, which activates cards once however often it hears.
 *
 * A payment that arrives after its order was cancelled or expired issues nothing: the
 * order becomes `refund_due` and the money goes straight back through the provider that
 * took it (Swish refund, Stripe refund; the simulator takes no money and is refunded at
 * once), one idempotent instruction per attempt. What fails is retried by the
 * `giftcards.refunds` job and listed for the association's customer service.
 */
import type { PaymentMethod } from '../../platform/config.js';
import { DomainError } from '../../platform/errors.js';
import type { GiftcardService, LateRefundOutcome, Order } from './service.js';

/** What a real provider offers (see platform/payments). */
export interface ProviderPort {
  start(req: { cityId: string; orderId: string; amountOre: number; description: string; returnUrl: string; callbackUrl: string; idempotencyKey: string }): Promise<{ providerRef: string; redirectUrl: string | null }>;
  /** `kind: 'refund'`: a refund's outcome (Swish calls back for both), `providerRef` the refund's id. */
  parseCallback(request: { headers: Record<string, string>; rawBody: string }): Promise<{ kind: 'payment' | 'refund'; providerRef: string; status: 'pending' | 'paid' | 'declined' | 'cancelled' | 'error'; amountOre: number | null }>;
  refund(input: { providerRef: string; amountOre: number; idempotencyKey: string; reason: string }): Promise<{ refundRef: string; status: 'pending' | 'paid' | 'error' }>;
}

export interface PaymentGateway {
  /** The methods the buy page offers, in order. */
  methods: PaymentMethod[];
  start(order: Order, urls: { returnUrl: string; callbackUrl: (method: string) => string }): Promise<{ redirectUrl: string | null }>;
  callback(method: string, request: { headers: Record<string, string>; rawBody: string }): Promise<{ changed: boolean }>;
  /**
   * Refunds an order through the provider that took the money (Swish, card). Safe to
   * repeat: the provider sees the same idempotency key. Invoice and simulator orders
   * have no provider refund (an invoice is refunded by bank transfer): null.
   */
  refund(order: Order, reason: string): Promise<{ refundRef: string; status: string } | null>;
  /**
   * Returns a late payment (an order `refund_due`) through its provider and records the
   * outcome. Never throws: a failure is recorded on the order for the next try.
   */
  refundLatePayment(order: Order): Promise<Order | null>;
  /** The job: (re)tries every late payment's refund not tried for `staleMinutes` (10); returns how many were tried. */
  retryLateRefunds(staleMinutes?: number): Promise<number>;
  /** The simulator's test page: an order's simulated payment, and its outcome. */
  simulator: {
    find(providerRef: string): Promise<Order | null>;
    complete(providerRef: string, outcome: 'paid' | 'declined'): Promise<{ changed: boolean }>;
  };
}

export const simulatorRef = (orderId: string) => `sim-${orderId}`;

export function createPaymentGateway(deps: {
  giftcards: GiftcardService;
  methods: PaymentMethod[];
  providers: Partial<Record<'swish' | 'card', ProviderPort>>;
  /** Issues (and sends) the invoice for an invoiced order; billing activates it when paid. */
  invoicer?: (order: Order) => Promise<void>;
}): PaymentGateway {
  const { giftcards } = deps;

  async function refundLatePayment(order: Order): Promise<Order | null> {
    const late = order.latePayment;
    if (order.status !== 'refund_due' || !late) return null;
    const attempt = late.attempt;
    let outcome: LateRefundOutcome;
    try {
      if (order.paymentMethod === 'simulator') {
        // The simulator takes no money, so giving it back is done as soon as it is asked.
        outcome = { status: 'paid', refundRef: `simref-${order.id}-${attempt}` };
      } else {
        const provider = order.paymentMethod === 'swish' || order.paymentMethod === 'card' ? deps.providers[order.paymentMethod] : undefined;
        if (!provider || !order.paymentRef) throw new DomainError('payments.provider_unavailable', 'Betalsättet är inte inställt i den här processen.');
        const result = await provider.refund({
          providerRef: order.paymentRef,
          amountOre: late.amountOre,
          // One key per attempt: a retry of an attempt whose answer was lost refunds nothing twice.
          idempotencyKey: `late-refund:${order.id}:${attempt}`,
          reason: `Återbetalning ${order.reference}, avbruten order`,
        });
        outcome = result.status === 'error' ? { status: 'error', error: `Betalningstjänsten avvisade återbetalningen (${result.refundRef}).` } : { status: result.status, refundRef: result.refundRef };
      }
    } catch (err) {
      // Unreachable, timed out or 5xx: the outcome is unknown, so the same key is tried
      // again. Any other refusal is definite: the next attempt gets a new key.
      const definite = err instanceof DomainError && err.code !== 'payments.provider_unavailable';
      outcome = { status: definite ? 'error' : 'unknown', error: err instanceof Error ? err.message : String(err) };
    }
    return giftcards.recordLateRefund(order.id, attempt, outcome);
  }

  return {
    refundLatePayment,
    async retryLateRefunds(staleMinutes = 10) {
      const due = await giftcards.lateRefundsToTry(staleMinutes);
      for (const order of due) await refundLatePayment(order);
      return due.length;
    },
    methods: deps.methods,
    async start(order, urls) {
      if (order.paymentMethod === 'simulator') {
        const ref = simulatorRef(order.id);
        await giftcards.setPaymentRef(order.cityId, order.id, ref);
        return { redirectUrl: `/betala/simulator/${ref}` };
      }
      if (order.paymentMethod === 'swish' || order.paymentMethod === 'card') {
        const provider = deps.providers[order.paymentMethod];
        if (!provider) throw new DomainError('payments.provider_error', 'Betalsättet är inte inställt.');
        const started = await provider.start({
          cityId: order.cityId,
          orderId: order.id,
          amountOre: order.totalOre,
          description: `Presentkort ${order.reference}`,
          returnUrl: urls.returnUrl,
          callbackUrl: urls.callbackUrl(order.paymentMethod),
          idempotencyKey: `order:${order.id}`,
        });
        await giftcards.setPaymentRef(order.cityId, order.id, started.providerRef);
        return { redirectUrl: started.redirectUrl };
      }
      // Invoice: the order waits for its invoice to be paid (or an admin to activate it).
      if (order.paymentMethod === 'invoice' && deps.invoicer) await deps.invoicer(order);
      return { redirectUrl: null };
    },
    async callback(method, request) {
      const provider = method === 'swish' || method === 'card' ? deps.providers[method] : undefined;
      if (!provider) throw new DomainError('not_found', 'Okänt betalsätt.');
      const event = await provider.parseCallback(request);
      if (event.kind === 'refund') return { changed: (await giftcards.handleLateRefundEvent({ method, refundRef: event.providerRef, status: event.status })) !== null };
      const result = await giftcards.handlePayment({ method, providerRef: event.providerRef, status: event.status, amountOre: event.amountOre });
      // Paid after it was cancelled or expired: the money goes back at once.
      if (result.changed && result.order?.status === 'refund_due') await refundLatePayment(result.order);
      return { changed: result.changed };
    },
    async refund(order, reason) {
      const provider = order.paymentMethod === 'swish' || order.paymentMethod === 'card' ? deps.providers[order.paymentMethod] : undefined;
      if (!provider || !order.paymentRef) return null;
      return provider.refund({ providerRef: order.paymentRef, amountOre: order.totalOre, idempotencyKey: `refund:${order.id}`, reason });
    },
    simulator: {
      async find(ref) {
        const match = /^sim-([0-9a-f-]{36})$/.exec(ref);
        if (!match || !deps.methods.includes('simulator')) return null;
        return giftcards.findOrderByPaymentRef('simulator', ref);
      },
      async complete(ref, outcome) {
        if (!deps.methods.includes('simulator')) throw new DomainError('not_found', 'Simulatorn är avstängd.');
        const order = await giftcards.findOrderByPaymentRef('simulator', ref);
        if (!order) throw new DomainError('giftcard.order_not_found', 'Beställningen finns inte.');
        const result = await giftcards.handlePayment({ method: 'simulator', providerRef: ref, status: outcome, amountOre: order.totalOre });
        if (result.changed && result.order?.status === 'refund_due') await refundLatePayment(result.order);
        return { changed: result.changed };
      },
    },
  };
}
