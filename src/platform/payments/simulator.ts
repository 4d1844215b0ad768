/**
 * The embedded default: a payment provider that takes no money. `start` sends the
 * browser to the simulator page (`/betala/simulator/{providerRef}`, mounted by the
 * wiring), where a person chooses "paid" or "declined"; `complete` turns that choice
 * into a PaymentEvent for the registered listeners, which the wiring points at the
 * same code path as real callbacks.
 *
 * State lives in this process's memory: fine for the single-process laptop default it
 * is made for, wrong for several app processes (a payment started on one is unknown to
 * another). Config refuses the simulator in production.
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { assertAmountOre, paymentError, type PaymentEvent, type PaymentProvider, type PaymentStatus, type RefundResult } from './provider.js';

export interface SimulatedPayment {
  providerRef: string;
  cityId: string;
  orderId: string;
  amountOre: number;
  description: string;
  idempotencyKey: string;
  status: PaymentStatus;
  paidAt: Date | null;
  refundedOre: number;
}

export type PaymentEventListener = (event: PaymentEvent) => void | Promise<void>;

export interface SimulatorProvider extends PaymentProvider {
  method: 'simulator';
  /** Registers a listener for completed payments; returns a function that removes it. */
  onEvent(listener: PaymentEventListener): () => void;
  /** The simulator page's button: settles a pending payment and tells the listeners (awaited). Settled payments keep their outcome. */
  complete(providerRef: string, outcome: 'paid' | 'declined'): Promise<PaymentEvent>;
  /** The payment behind a simulator page, or null. */
  find(providerRef: string): SimulatedPayment | null;
}

/** The page the browser is sent to; the wiring mounts it. */
export const simulatorPagePath = (providerRef: string): string => `/betala/simulator/${encodeURIComponent(providerRef)}`;

export function createSimulator(deps: { clock?: Clock } = {}): SimulatorProvider {
  const clock = deps.clock ?? systemClock;
  const payments = new Map<string, SimulatedPayment>();
  const refunds = new Map<string, RefundResult & { providerRef: string; amountOre: number }>();
  const listeners = new Set<PaymentEventListener>();

  const toEvent = (p: SimulatedPayment): PaymentEvent => ({
    kind: 'payment',
    providerRef: p.providerRef,
    orderId: p.orderId,
    status: p.status,
    amountOre: p.amountOre,
    paidAt: p.paidAt,
    raw: { ...p },
  });

  const get = (providerRef: string): SimulatedPayment => {
    const payment = payments.get(providerRef);
    if (!payment) throw new DomainError('not_found', 'Den simulerade betalningen finns inte.');
    return payment;
  };

  return {
    method: 'simulator',

    async start(req) {
      assertAmountOre(req.amountOre);
      // One simulated payment per order: a new attempt (another key) reopens it.
      const providerRef = `sim-${req.orderId}`;
      const existing = payments.get(providerRef);
      if (existing && existing.idempotencyKey === req.idempotencyKey) {
        return { providerRef, status: existing.status, redirectUrl: simulatorPagePath(providerRef) };
      }
      if (existing?.status === 'paid') throw paymentError('payments.invalid_request', 'Beställningen är redan betald.');
      payments.set(providerRef, {
        providerRef,
        cityId: req.cityId,
        orderId: req.orderId,
        amountOre: req.amountOre,
        description: req.description,
        idempotencyKey: req.idempotencyKey,
        status: 'pending',
        paidAt: null,
        refundedOre: 0,
      });
      return { providerRef, status: 'pending', redirectUrl: simulatorPagePath(providerRef) };
    },

    async status(providerRef) {
      return toEvent(get(providerRef));
    },

    async parseCallback() {
      // Nothing outside this process speaks for the simulator; its events come from complete().
      throw paymentError('payments.callback_invalid', 'Simulatorn tar inte emot anrop utifrån.');
    },

    async refund(input) {
      assertAmountOre(input.amountOre, 'Återbetalningen');
      const done = refunds.get(input.idempotencyKey);
      if (done) return { refundRef: done.refundRef, status: done.status };
      const payment = get(input.providerRef);
      if (payment.status !== 'paid') throw paymentError('payments.invalid_request', 'Bara betalda betalningar kan återbetalas.');
      if (payment.refundedOre + input.amountOre > payment.amountOre) {
        throw paymentError('payments.invalid_request', `Högst ${payment.amountOre - payment.refundedOre} öre återstår att återbetala.`);
      }
      payment.refundedOre += input.amountOre;
      const result = { refundRef: `simref-${randomUUID()}`, status: 'paid' as const };
      refunds.set(input.idempotencyKey, { ...result, providerRef: input.providerRef, amountOre: input.amountOre });
      return result;
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async complete(providerRef, outcome) {
      const payment = get(providerRef);
      if (payment.status === 'pending') {
        payment.status = outcome;
        payment.paidAt = outcome === 'paid' ? clock.now() : null;
      }
      const event = toEvent(payment);
      for (const listener of listeners) await listener(event);
      return event;
    },

    find(providerRef) {
      const payment = payments.get(providerRef);
      return payment ? { ...payment } : null;
    },
  };
}
