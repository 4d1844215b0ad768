/** @jsxImportSource hono/jsx */
/**
 * Residents' gift card pages: `/{city}/presentkort` (buy), `/betala/simulator/{ref}`
 * (the test payment page), `/{city}/presentkort/tack/{order id}` (thank you and
 * receipt) and `/{city}/saldo` (balance). Codes never appear here but on the balance
 * page's own form: the card's link carries the code in the URL fragment, which the
 * balance island reads; the server only ever sees it in a POST body.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { PaymentMethod } from '../../../platform/config.js';
import { DomainError } from '../../../platform/errors.js';
import type { TorgetApp } from '../../../platform/http/app.js';
import type { AppEnv } from '../../../platform/http/types.js';
import { renderPage } from '../../../platform/http/ui/layout.js';
import { formatDateLong, formatOre, type Locale } from '../../../platform/i18n/format.js';
import { isValidOrgNumber } from '../../../platform/identity/org-number.js';
import type { RateLimitRule } from '../../../platform/ratelimit/limiter.js';
import { addDays, isValidDate, zonedDateTimeToInstant, zonedParts } from '../../../platform/time/zoned.js';
import { cityMiddleware, cityNav, type City, type CityEnv } from '../../cities/index.js';
import { lookupGuardFor, lookupRules, toBalance } from '../api.js';
import type { GiftcardHttpDeps } from '../deps.js';
import { expiryFor, type Product } from '../products.js';
import type { CardView, OrderInput, Recipient } from '../service.js';
import { BalancePage, BuyPage, defaultBuyValues, MAX_QUANTITY, SimulatorPage, statusLabels, ThankYouPage, tr, type BalanceText, type BuyValues, type Ctx, type FieldErrors } from './public-views.js';

export const purchaseRule = { name: 'giftcard-purchase:ip', limit: 20, windowSeconds: 600 } satisfies RateLimitRule;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Pages that show a balance or an order: never kept by a browser or a proxy. */
function noStore(res: Response): Response {
  res.headers.set('Cache-Control', 'no-store');
  return res;
}

const cityOf = (c: Ctx): City => (c as unknown as Context<CityEnv>).get('city');

/** The words a holder reads about a card, in the page's language. */
export function balanceText(v: CardView, locale: Locale): BalanceText {
  const en = locale === 'en';
  const balance = `${en ? 'Balance' : 'Saldo'}: ${formatOre(v.balanceOre, locale)}`;
  const until = formatDateLong(v.expiresAt, locale, { withWeekday: false });
  const lines = [
    `${v.productName} ${en ? 'ending in' : 'som slutar på'} ${v.last4}`,
    `${en ? 'Status' : 'Status'}: ${statusLabels[v.status][locale]}`,
    ...(v.couponsLeft !== null ? [en ? `Coupons left: ${v.couponsLeft} (${formatOre(v.couponValueOre ?? 0, locale)} each)` : `Kuponger kvar: ${v.couponsLeft} (à ${formatOre(v.couponValueOre ?? 0, locale)})`] : []),
    v.status === 'expired' ? (en ? `Expired ${until}` : `Gick ut ${until}`) : en ? `Valid until and including ${until}` : `Giltigt till och med ${until}`,
  ];
  return { balance, lines };
}

export function mountGiftcardPublicPages(app: TorgetApp, deps: GiftcardHttpDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  const guard = lookupGuardFor(deps.rateLimiter, deps.clock);
  const methods = deps.payments.methods;
  const nav = (c: Ctx) => cityNav(c as unknown as Context<CityEnv>);

  async function buyPage(c: Ctx, values: BuyValues | null, errors: FieldErrors = {}, message: string | null = null, status = 200): Promise<Response> {
    const city = cityOf(c);
    const products = await deps.giftcards.products.list(city.id);
    const now = deps.clock.now();
    const validity = new Map(products.map((p) => [p.slug, expiryFor(now, p.validityMonths)]));
    const tomorrow = addDays(zonedParts(now).date, 1);
    const offers = deps.campaigns ? await deps.campaigns.activeOffers(city.id) : [];
    return renderPage(
      c,
      <BuyPage c={c} city={city} nav={nav(c)} products={products} methods={methods} values={values ?? defaultBuyValues(products, methods)} errors={errors} message={message} validity={validity} tomorrow={tomorrow} offers={offers} />,
      status,
    );
  }

  app.get('/:city/presentkort', withCity, (c) => buyPage(c, null));

  app.post('/:city/presentkort', withCity, async (c) => {
    const city = cityOf(c);
    const form = await c.req.parseBody();
    const field = (name: keyof BuyValues) => (typeof form[name] === 'string' ? (form[name] as string) : '').slice(0, 1000);
    const values: BuyValues = {
      product: field('product'),
      amountPick: field('amountPick'),
      amountOther: field('amountOther'),
      quantity: field('quantity'),
      design: field('design'),
      recipientName: field('recipientName'),
      recipientEmail: field('recipientEmail').trim(),
      message: field('message'),
      delivery: field('delivery') || 'now',
      deliverDate: field('deliverDate'),
      buyerEmail: field('buyerEmail').trim(),
      buyerName: field('buyerName'),
      paymentMethod: field('paymentMethod'),
      companyName: field('companyName'),
      orgNumber: field('orgNumber'),
      companyReference: field('companyReference'),
    };
    const limited = await deps.rateLimiter.hit(purchaseRule, c.get('clientIp'));
    if (!limited.allowed) {
      c.header('Retry-After', String(limited.retryAfterSeconds));
      const minutes = Math.ceil(limited.retryAfterSeconds / 60);
      return buyPage(c, values, {}, tr(c, `För många köpförsök från din adress. Vänta ${minutes} min och försök igen.`, `Too many purchase attempts from your address. Wait ${minutes} min and try again.`), 429);
    }
    const products = await deps.giftcards.products.list(city.id);
    const parsed = parseBuyForm(c, values, products, methods, zonedParts(deps.clock.now()).date);
    if ('errors' in parsed) return buyPage(c, values, parsed.errors, null, 400);
    let order;
    try {
      ({ order } = await deps.giftcards.placeOrder(null, city.id, parsed.input));
    } catch (err) {
      if (err instanceof DomainError && err.code === 'giftcard.amount_out_of_range') return buyPage(c, values, { amount: err.message }, null, 400);
      if (err instanceof DomainError && (err.code === 'validation' || err.code === 'giftcard.product_not_found')) return buyPage(c, values, {}, err.message, 400);
      throw err;
    }
    const base = `${deps.config.publicUrl}${c.get('prefix')}/${city.slug}`;
    let redirectUrl: string | null;
    try {
      ({ redirectUrl } = await deps.payments.start(order, { returnUrl: `${base}/presentkort/tack/${order.id}`, callbackUrl: (m) => `${deps.config.publicUrl}/api/v1/payments/${m}/callback` }));
    } catch (err) {
      if (err instanceof DomainError) return buyPage(c, values, {}, tr(c, 'Betalningen kunde inte startas. Välj ett annat betalsätt eller försök igen om en stund.', 'The payment could not be started. Choose another payment method or try again shortly.'), 502);
      throw err;
    }
    if (!redirectUrl) return c.redirect(`${c.get('prefix')}/${city.slug}/presentkort/tack/${order.id}`, 303);
    return c.redirect(redirectUrl.startsWith('/') ? `${c.get('prefix')}${redirectUrl}` : redirectUrl, 303);
  });

  app.get('/:city/presentkort/tack/:order', withCity, async (c) => {
    const city = cityOf(c);
    const id = c.req.param('order');
    const found = UUID.test(id) ? await deps.giftcards.getOrder(city.id, id) : null;
    if (!found) throw new DomainError('giftcard.order_not_found', tr(c, 'Beställningen finns inte.', 'The order does not exist.'));
    const { order, cards } = found;
    const product = await deps.giftcards.products.getById(order.productId);
    const now = deps.clock.now().getTime();
    const sendTo = new Map<string, { email: string; at: Date | null }>();
    for (const card of cards) {
      const email = card.recipientEmail ?? order.buyerEmail;
      const at = card.deliverAt && card.deliverAt.getTime() > now ? card.deliverAt : null;
      sendTo.set(`${email} ${at?.getTime() ?? ''}`, { email, at });
    }
    c.header('Referrer-Policy', 'no-referrer');
    return noStore(await renderPage(c, <ThankYouPage c={c} city={city} nav={nav(c)} order={order} productName={product?.name ?? ''} cardCount={cards.length} sendTo={[...sendTo.values()]} />));
  });

  if (methods.includes('simulator')) {
    app.get('/betala/simulator/:ref', async (c) => {
      const ref = c.req.param('ref');
      const order = await deps.payments.simulator.find(ref);
      if (!order) throw new DomainError('giftcard.order_not_found', tr(c, 'Betalningen finns inte.', 'The payment does not exist.'));
      const city = await deps.cities.getById(order.cityId);
      return noStore(await renderPage(c, <SimulatorPage c={c} city={city} order={order} providerRef={ref} />));
    });

    app.post('/betala/simulator/:ref', async (c) => {
      const ref = c.req.param('ref');
      const form = await c.req.parseBody();
      const outcome = form.outcome === 'paid' ? 'paid' : 'declined';
      const order = await deps.payments.simulator.find(ref);
      if (!order) throw new DomainError('giftcard.order_not_found', tr(c, 'Betalningen finns inte.', 'The payment does not exist.'));
      await deps.payments.simulator.complete(ref, outcome);
      const city = await deps.cities.getById(order.cityId);
      if (!city) throw new DomainError('giftcard.order_not_found');
      return c.redirect(`${c.get('prefix')}/${city.slug}/presentkort/tack/${order.id}`, 303);
    });
  }

  app.get('/:city/saldo', withCity, (c) => renderPage(c, <BalancePage c={c} city={cityOf(c)} nav={nav(c)} />));

  // The form without JavaScript, and the island (JSON, with the CSRF token as a header).
  app.post('/:city/saldo', withCity, async (c) => {
    const city = cityOf(c);
    const wantsJson = /application\/json/.test(c.req.header('content-type') ?? '');
    let code = '';
    if (wantsJson) {
      const body = (await c.req.json().catch(() => ({}))) as { code?: unknown };
      code = typeof body.code === 'string' ? body.code.slice(0, 100) : '';
    } else {
      const form = await c.req.parseBody();
      code = typeof form.code === 'string' ? form.code.slice(0, 100) : '';
    }
    try {
      const card = await guard.run([{ rule: lookupRules.perIp, subject: c.get('clientIp') }], () => deps.giftcards.lookup(city.id, code));
      const text = balanceText(card, c.get('locale'));
      if (wantsJson) return noStore(c.json({ ...toBalance(card), text }, 200));
      return noStore(await renderPage(c, <BalancePage c={c} city={city} nav={nav(c)} result={text} />));
    } catch (err) {
      if (!(err instanceof DomainError) || (err.code !== 'giftcard.not_found' && err.code !== 'rate_limited')) throw err;
      if (wantsJson) throw err;
      const status = err.code === 'rate_limited' ? 429 : 404;
      if (err.extra.retryAfterSeconds) c.header('Retry-After', String(err.extra.retryAfterSeconds));
      const message = err.code === 'rate_limited' ? err.message : tr(c, 'Det finns inget presentkort med den koden. Kontrollera koden och försök igen.', 'There is no gift card with that code. Check the code and try again.');
      return noStore(await renderPage(c, <BalancePage c={c} city={city} nav={nav(c)} error={message} />, status));
    }
  });
}

/** Checks the buy form; Swedish (or English) messages per field. */
export function parseBuyForm(c: Ctx, v: BuyValues, products: Product[], methods: PaymentMethod[], today: string): { input: OrderInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const product = products.find((p) => p.slug === v.product);
  if (!product) errors.product = tr(c, 'Välj vad du vill köpa.', 'Choose what to buy.');

  let amountOre: number | undefined;
  if (product?.kind === 'giftcard') {
    const raw = (v.amountOther.trim() || v.amountPick).replace(/[\s\u00a0]/g, '').replace(/(kr|,00|\.00)$/i, '');
    const kr = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
    const min = product.minAmountOre ?? 100;
    const max = product.maxAmountOre ?? Number.MAX_SAFE_INTEGER;
    const range = `${formatOre(min, c.get('locale'))}–${formatOre(max, c.get('locale'))}`;
    if (!raw) errors.amount = tr(c, 'Välj ett belopp.', 'Choose an amount.');
    else if (!Number.isInteger(kr)) errors.amount = tr(c, 'Skriv beloppet i hela kronor, till exempel 500.', 'Write the amount in whole kronor, for example 500.');
    else if (kr * 100 < min || kr * 100 > max) errors.amount = tr(c, `Välj ett belopp mellan ${range}.`, `Choose an amount between ${range}.`);
    else amountOre = kr * 100;
  }

  const quantity = /^\d{1,3}$/.test(v.quantity.trim()) ? Number(v.quantity.trim()) : NaN;
  if (!(quantity >= 1 && quantity <= MAX_QUANTITY)) errors.quantity = tr(c, `Ange ett antal mellan 1 och ${MAX_QUANTITY}.`, `Enter a quantity between 1 and ${MAX_QUANTITY}.`);

  if (v.recipientEmail && !EMAIL.test(v.recipientEmail)) errors.recipientEmail = tr(c, 'Skriv en giltig e-postadress, till exempel namn@exempel.se.', 'Enter a valid e-mail address, such as name@example.com.');
  if (v.recipientName.length > 100) errors.recipientName = tr(c, 'Högst 100 tecken.', 'At most 100 characters.');
  if (v.message.length > 500) errors.message = tr(c, 'Högst 500 tecken.', 'At most 500 characters.');

  let deliverAt: Date | null = null;
  if (v.delivery === 'date') {
    const latest = addDays(today, 366);
    if (!isValidDate(v.deliverDate)) errors.deliverDate = tr(c, 'Välj ett datum, eller välj att skicka direkt.', 'Choose a date, or choose to send at once.');
    else if (v.deliverDate <= today || v.deliverDate > latest) errors.deliverDate = tr(c, 'Välj ett datum från i morgon och högst ett år framåt.', 'Choose a date from tomorrow and at most a year ahead.');
    else deliverAt = zonedDateTimeToInstant(v.deliverDate, '08:00');
  }

  if (!v.buyerEmail) errors.buyerEmail = tr(c, 'Skriv din e-postadress, så att vi kan skicka kvittot.', 'Enter your e-mail address, so that we can send the receipt.');
  else if (!EMAIL.test(v.buyerEmail)) errors.buyerEmail = tr(c, 'Skriv en giltig e-postadress, till exempel namn@exempel.se.', 'Enter a valid e-mail address, such as name@example.com.');
  if (v.buyerName.length > 100) errors.buyerName = tr(c, 'Högst 100 tecken.', 'At most 100 characters.');

  const method = methods.find((m) => m === v.paymentMethod);
  if (!method) errors.paymentMethod = tr(c, 'Välj hur du vill betala.', 'Choose how to pay.');
  let company: Record<string, string> | null = null;
  if (method === 'invoice') {
    if (!v.companyName.trim()) errors.companyName = tr(c, 'Skriv företagets eller kommunens namn.', 'Enter the name of the company or municipality.');
    if (!isValidOrgNumber(v.orgNumber.trim())) errors.orgNumber = tr(c, 'Skriv ett giltigt organisationsnummer, till exempel 556677-8899.', 'Enter a valid organisation number, such as 556677-8899.');
    company = { name: v.companyName.trim().slice(0, 200), orgNumber: v.orgNumber.trim(), reference: v.companyReference.trim().slice(0, 100) };
  }

  if (Object.keys(errors).length > 0 || !product || !method) return { errors };
  const recipient: Recipient = { name: v.recipientName.trim(), email: v.recipientEmail || null, message: v.message.trim(), deliverAt };
  const hasRecipient = !!(recipient.name || recipient.email || recipient.message || deliverAt);
  return {
    input: {
      productSlug: product.slug,
      ...(amountOre !== undefined ? { amountOre } : {}),
      ...(hasRecipient ? { recipients: Array.from({ length: quantity }, () => ({ ...recipient })) } : { quantity }),
      buyer: { email: v.buyerEmail, ...(v.buyerName.trim() ? { name: v.buyerName.trim() } : {}) },
      company,
      ...(v.design ? { design: v.design } : {}),
      paymentMethod: method,
      channel: 'web',
    },
  };
}
