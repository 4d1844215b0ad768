/**
 * Payments: the providers behind gift card purchases (and whatever pays next). The
 * only import others use. See README.md.
 */
import type { PaymentsConfig } from '../config.js';
import type { Clock } from '../clock.js';
import { createSimulator, type SimulatorProvider } from './simulator.js';
import { createStripeProvider, type StripeProvider } from './stripe.js';
import { createSwishProvider, type SwishProvider } from './swish.js';

export type {
  CallbackRequest,
  PaymentEvent,
  PaymentProvider,
  PaymentProviderMethod,
  PaymentRequest,
  PaymentStart,
  PaymentStatus,
  PaymentProblemCode,
  RefundInput,
  RefundResult,
} from './provider.js';
export { paymentProblems, formatSekAmount, parseSekAmount } from './provider.js';
export { createSimulator, simulatorPagePath, type SimulatorProvider, type SimulatedPayment, type PaymentEventListener } from './simulator.js';
export { createSwishProvider, instructionUuidFor, sanitizeSwishMessage, swishPayeePaymentReference, type SwishConfig, type SwishOptions, type SwishProvider } from './swish.js';
export { createStripeProvider, verifyStripeSignature, stripeApiVersion, type StripeConfig, type StripeOptions, type StripeProvider } from './stripe.js';

/** The configured providers by method; invoice is no provider (it waits for a bank payment). */
export interface PaymentProviders {
  simulator?: SimulatorProvider;
  swish?: SwishProvider;
  card?: StripeProvider;
}

/**
 * Builds the providers that `config.methods` names. Reads Swish's certificate files
 * now, so a wrong path stops the start-up.
 */
export function createPaymentProviders(config: PaymentsConfig, deps: { publicUrl: string; clock?: Clock }): PaymentProviders {
  const providers: PaymentProviders = {};
  const clock = deps.clock ? { clock: deps.clock } : {};
  if (config.methods.includes('simulator')) providers.simulator = createSimulator(clock);
  if (config.methods.includes('swish')) {
    if (!config.swish) throw new Error('PAYMENT_PROVIDERS includes swish but SWISH_* is not configured');
    providers.swish = createSwishProvider(config.swish, { callbackBaseUrl: deps.publicUrl });
  }
  if (config.methods.includes('card')) {
    if (!config.stripe) throw new Error('PAYMENT_PROVIDERS includes card but STRIPE_* is not configured');
    providers.card = createStripeProvider(config.stripe, clock);
  }
  return providers;
}
