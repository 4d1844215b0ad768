/** @jsxImportSource hono/jsx */
/**
 * The residents' gift card pages: buy, pay (the simulator's test page), thank you, and
 * the balance page. Views only; the routes and validation live in public.tsx.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { PaymentMethod } from '../../../platform/config.js';
import type { AppEnv } from '../../../platform/http/types.js';
import { CsrfField, Notice, Page, type NavLink } from '../../../platform/http/ui/layout.js';
import { formatDateLong, formatOre, type Locale } from '../../../platform/i18n/format.js';
import type { City } from '../../cities/index.js';
import type { Product } from '../products.js';
import type { CardStatus, Order } from '../service.js';
import type { CampaignOffer } from '../deps.js';

export type Ctx = Context<AppEnv>;

export const tr = (c: Ctx, sv: string, en: string) => (c.get('locale') === 'en' ? en : sv);

/** Gift card amounts offered as one tap, in kronor; those outside a product's range are left out. */
export const QUICK_PICKS_KR = [200, 500, 1000];
export const MAX_QUANTITY = 20;

export const VAT_LINE = { sv: 'Presentkortet är en flerfunktionsvoucher – ingen moms vid köpet. Företaget redovisar momsen när kortet används.', en: 'The gift card is a multi-purpose voucher – no VAT at purchase. The business accounts for VAT when the card is used.' };
export const RECEIPT_VAT_LINE = { sv: 'Presentkort är en flerfunktionsvoucher – ingen moms vid köpet.', en: 'Gift cards are multi-purpose vouchers – no VAT at purchase.' };

const methodLabels: Record<PaymentMethod, { sv: string; en: string; hint?: { sv: string; en: string } }> = {
  simulator: { sv: 'Testbetalning (ingen riktig betalning)', en: 'Test payment (no real payment)', hint: { sv: 'För att prova köpet. Inga pengar dras.', en: 'To try out buying. No money is taken.' } },
  swish: { sv: 'Swish', en: 'Swish' },
  card: { sv: 'Kort', en: 'Card' },
  invoice: { sv: 'Faktura (företag och kommuner)', en: 'Invoice (companies and municipalities)', hint: { sv: 'Vi mejlar fakturan. Korten aktiveras när den är betald.', en: 'We e-mail the invoice. The cards are activated when it is paid.' } },
};

const designLabels: Record<string, { sv: string; en: string }> = {
  torget: { sv: 'Klassisk', en: 'Classic' },
  jul: { sv: 'Jul', en: 'Christmas' },
  tack: { sv: 'Tack', en: 'Thank you' },
  lunch: { sv: 'Lunch', en: 'Lunch' },
};
const designLabel = (design: string, locale: Locale) => designLabels[design]?.[locale] ?? design.charAt(0).toUpperCase() + design.slice(1);

export const statusLabels: Record<CardStatus, { sv: string; en: string }> = {
  pending: { sv: 'Inte aktiverat ännu', en: 'Not activated yet' },
  active: { sv: 'Aktivt', en: 'Active' },
  used: { sv: 'Förbrukat', en: 'Used up' },
  expired: { sv: 'Har gått ut', en: 'Expired' },
  blocked: { sv: 'Spärrat', en: 'Blocked' },
};

/** "10 × 80 kr för 800 kr" for a booklet; "100–5 000 kr" for a gift card. */
export function describePrice(p: Product, locale: Locale): string {
  if (p.kind === 'booklet') {
    const price = p.priceOre ?? p.couponCount! * p.couponValueOre!;
    return `${p.couponCount} × ${formatOre(p.couponValueOre!, locale)} ${locale === 'en' ? 'for' : 'för'} ${formatOre(price, locale)}`;
  }
  return `${formatOre(p.minAmountOre ?? 100, locale)}–${formatOre(p.maxAmountOre ?? 0, locale)}`;
}

export function describeValidity(months: number, until: Date, locale: Locale): string {
  const date = formatDateLong(until, locale, { withWeekday: false });
  return locale === 'en' ? `Valid for ${months} months, until and including ${date}` : `Giltigt i ${months} månader, till och med ${date}`;
}

// ---------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------

export type FieldErrors = Record<string, string>;

const errId = (name: string) => `${name}-error`;

function FieldError(props: { name: string; errors: FieldErrors }) {
  const message = props.errors[props.name];
  return message ? (
    <p class="field-error" id={errId(props.name)}>
      {message}
    </p>
  ) : null;
}

/** aria attributes that tie a field to its hint and error. */
function described(name: string, errors: FieldErrors, hintId?: string) {
  const ids = [hintId, errors[name] ? errId(name) : undefined].filter(Boolean).join(' ');
  return { 'aria-invalid': errors[name] ? 'true' : undefined, 'aria-describedby': ids || undefined };
}

function TextField(props: { name: string; label: string; hint?: string; value: string; errors: FieldErrors; type?: string; required?: boolean; autocomplete?: string; inputmode?: "numeric" | "email" | "text"; min?: string; max?: string; maxlength?: number }) {
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  return (
    <div>
      <label for={props.name}>
        {props.label}
        {props.hint ? (
          <span class="hint" id={hintId}>
            {props.hint}
          </span>
        ) : null}
      </label>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        min={props.min}
        max={props.max}
        maxlength={props.maxlength}
        {...described(props.name, props.errors, hintId)}
      />
      <FieldError name={props.name} errors={props.errors} />
    </div>
  );
}

function Radios(props: { name: string; legend: string; options: Array<{ value: string; label: string; hint?: string }>; value: string; errors: FieldErrors; children?: Child }) {
  return (
    <fieldset {...(props.errors[props.name] ? { 'aria-describedby': errId(props.name) } : {})}>
      <legend>{props.legend}</legend>
      <div class="checks">
        {props.options.map((o) => {
          const id = `${props.name}-${o.value}`;
          return (
            <label for={id}>
              <input type="radio" id={id} name={props.name} value={o.value} checked={props.value === o.value} />
              <span>
                {o.label}
                {o.hint ? <span class="hint">{o.hint}</span> : null}
              </span>
            </label>
          );
        })}
      </div>
      <FieldError name={props.name} errors={props.errors} />
      {props.children}
    </fieldset>
  );
}

function ErrorSummary(props: { c: Ctx; errors: FieldErrors; message?: string | null }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0 && !props.message) return null;
  return (
    <Notice kind="error">
      <p>{props.message ?? tr(props.c, 'Rätta uppgifterna nedan och försök igen.', 'Correct the details below and try again.')}</p>
      {entries.length > 0 ? (
        <ul>
          {entries.map(([name, message]) => (
            <li>
              <a href={`#${name === 'amount' ? 'amountOther' : name}`}>{message}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </Notice>
  );
}

// ---------------------------------------------------------------------------------
// Buying
// ---------------------------------------------------------------------------------

export interface BuyValues {
  product: string;
  amountPick: string;
  amountOther: string;
  quantity: string;
  design: string;
  recipientName: string;
  recipientEmail: string;
  message: string;
  delivery: string;
  deliverDate: string;
  buyerEmail: string;
  buyerName: string;
  paymentMethod: string;
  companyName: string;
  orgNumber: string;
  companyReference: string;
}

export function defaultBuyValues(products: Product[], methods: PaymentMethod[]): BuyValues {
  const giftcard = products.find((p) => p.kind === 'giftcard');
  return {
    product: (giftcard ?? products[0])?.slug ?? '',
    amountPick: '500',
    amountOther: '',
    quantity: '1',
    design: giftcard?.designs[0] ?? '',
    recipientName: '',
    recipientEmail: '',
    message: '',
    delivery: 'now',
    deliverDate: '',
    buyerEmail: '',
    buyerName: '',
    paymentMethod: methods[0] ?? '',
    companyName: '',
    orgNumber: '',
    companyReference: '',
  };
}

export function BuyPage(props: { c: Ctx; city: City; nav: NavLink[]; products: Product[]; methods: PaymentMethod[]; values: BuyValues; errors: FieldErrors; message?: string | null; validity: Map<string, Date>; tomorrow: string; offers?: CampaignOffer[] }) {
  const { c, city, products, values, errors } = props;
  const locale = c.get('locale');
  const giftcard = products.find((p) => p.kind === 'giftcard');
  const picks = giftcard ? QUICK_PICKS_KR.filter((kr) => kr * 100 >= (giftcard.minAmountOre ?? 0) && kr * 100 <= (giftcard.maxAmountOre ?? Infinity)) : [];
  const title = tr(c, 'Köp presentkort', 'Buy a gift card');
  return (
    <Page c={c} title={title} city={city} nav={props.nav} description={tr(c, `Ge bort ${city.name}s presentkort – det gäller i stadens butiker, kaféer och restauranger.`, `Give ${city.name}’s gift card – it works in the town’s shops, cafés and restaurants.`)}>
      <h1>{title}</h1>
      <p class="lead">{tr(c, `Presentkortet gäller hos företagen i ${city.name} som tar emot stadens presentkort. Det kommer med e-post, med en QR-kod att visa i kassan.`, `The gift card works at the businesses in ${city.name} that accept the city gift card. It arrives by e-mail, with a QR code to show at the till.`)}</p>
      {(props.offers ?? []).map((o) => (
        <div class="notice notice-info campaign-offer">
          <strong>{o.name}:</strong> {tr(c, `betala ${formatOre(o.priceOre, locale)}, få ${formatOre(o.cardValueOre, locale)}.`, `pay ${formatOre(o.priceOre, locale)}, get ${formatOre(o.cardValueOre, locale)}.`)}{' '}
          {o.leftCards > 0 ? <a href={`${c.get('prefix')}/${city.slug}/kampanj/${o.slug}`}>{tr(c, `Köp (${o.leftCards} kvar)`, `Buy (${o.leftCards} left)`)}</a> : tr(c, 'Slutsålt.', 'Sold out.')}
        </div>
      ))}
      {products.length === 0 ? (
        <Notice kind="info">{tr(c, 'Presentkort säljs inte här ännu.', 'Gift cards are not on sale here yet.')}</Notice>
      ) : (
        <form method="post" action={`${c.get('prefix')}/${city.slug}/presentkort`} class="stack" novalidate>
          <CsrfField c={c} />
          <ErrorSummary c={c} errors={errors} message={props.message ?? null} />
          {products.length > 1 ? (
            <Radios
              name="product"
              legend={tr(c, 'Vad vill du köpa?', 'What would you like to buy?')}
              value={values.product}
              errors={errors}
              options={products.map((p) => ({
                value: p.slug,
                label: `${p.name} – ${describePrice(p, locale)}`,
                hint: describeValidity(p.validityMonths, props.validity.get(p.slug)!, locale),
              }))}
            />
          ) : (
            <>
              <input type="hidden" name="product" value={products[0]!.slug} />
              <p>
                <strong>{products[0]!.name}</strong> – {describePrice(products[0]!, locale)}. {describeValidity(products[0]!.validityMonths, props.validity.get(products[0]!.slug)!, locale)}.
              </p>
            </>
          )}
          {giftcard ? (
            <Radios
              name="amountPick"
              legend={products.length > 1 ? tr(c, `Belopp (${giftcard.name.toLowerCase()})`, `Amount (${giftcard.name})`) : tr(c, 'Belopp', 'Amount')}
              value={values.amountOther.trim() ? '' : values.amountPick}
              errors={{}}
              options={picks.map((kr) => ({ value: String(kr), label: formatOre(kr * 100, locale) }))}
            >
              <TextField
                name="amountOther"
                label={tr(c, 'Annat belopp i kronor', 'Another amount in kronor')}
                hint={tr(c, `Hela kronor, ${describePrice(giftcard, locale)}.`, `Whole kronor, ${describePrice(giftcard, locale)}.`)}
                value={values.amountOther}
                errors={errors.amount ? { amountOther: errors.amount } : {}}
                inputmode="numeric"
              />
            </Radios>
          ) : null}
          <TextField name="quantity" type="number" label={tr(c, 'Antal', 'Quantity')} hint={tr(c, `1–${MAX_QUANTITY} kort`, `1–${MAX_QUANTITY} cards`)} value={values.quantity} errors={errors} min="1" max={String(MAX_QUANTITY)} required />
          {giftcard && giftcard.designs.length > 1 ? (
            <Radios name="design" legend={tr(c, 'Utseende', 'Design')} value={values.design} errors={errors} options={giftcard.designs.map((d) => ({ value: d, label: designLabel(d, locale) }))} />
          ) : null}
          <fieldset>
            <legend>{tr(c, 'Till vem?', 'Who is it for?')}</legend>
            <div class="stack">
              <TextField name="recipientName" label={tr(c, 'Mottagarens namn', 'Recipient’s name')} value={values.recipientName} errors={errors} autocomplete="off" maxlength={100} />
              <TextField name="recipientEmail" type="email" label={tr(c, 'Mottagarens e-postadress', 'Recipient’s e-mail address')} hint={tr(c, 'Lämna tomt så skickas kortet till dig.', 'Leave empty and the card is sent to you.')} value={values.recipientEmail} errors={errors} autocomplete="off" />
              <div>
                <label for="message">
                  {tr(c, 'Personlig hälsning', 'Personal message')}
                  <span class="hint" id="message-hint">
                    {tr(c, 'Högst 500 tecken.', 'At most 500 characters.')}
                  </span>
                </label>
                <textarea id="message" name="message" maxlength={500} {...described('message', errors, 'message-hint')}>
                  {values.message}
                </textarea>
                <FieldError name="message" errors={errors} />
              </div>
              <Radios
                name="delivery"
                legend={tr(c, 'När ska kortet skickas?', 'When should the card be sent?')}
                value={values.delivery}
                errors={{}}
                options={[
                  { value: 'now', label: tr(c, 'Direkt när betalningen är klar', 'As soon as it is paid') },
                  { value: 'date', label: tr(c, 'Ett visst datum', 'On a date') },
                ]}
              >
                <TextField name="deliverDate" type="date" label={tr(c, 'Datum', 'Date')} hint={tr(c, 'Kortet skickas på morgonen den dagen.', 'The card is sent in the morning that day.')} value={values.deliverDate} errors={errors} min={props.tomorrow} />
              </Radios>
            </div>
          </fieldset>
          <fieldset>
            <legend>{tr(c, 'Dina uppgifter', 'Your details')}</legend>
            <div class="stack">
              <TextField name="buyerEmail" type="email" label={tr(c, 'Din e-postadress', 'Your e-mail address')} hint={tr(c, 'Hit skickar vi kvittot.', 'We send the receipt here.')} value={values.buyerEmail} errors={errors} autocomplete="email" required />
              <TextField name="buyerName" label={tr(c, 'Ditt namn (frivilligt)', 'Your name (optional)')} value={values.buyerName} errors={errors} autocomplete="name" maxlength={100} />
            </div>
          </fieldset>
          <Radios
            name="paymentMethod"
            legend={tr(c, 'Betalning', 'Payment')}
            value={values.paymentMethod}
            errors={errors}
            options={props.methods.map((m) => ({ value: m, label: methodLabels[m][locale], ...(methodLabels[m].hint ? { hint: methodLabels[m].hint![locale] } : {}) }))}
          >
            {props.methods.includes('invoice') ? (
              <fieldset>
                <legend>{tr(c, 'Fakturauppgifter (bara för faktura)', 'Invoice details (invoice only)')}</legend>
                <div class="stack">
                  <TextField name="companyName" label={tr(c, 'Företag eller kommun', 'Company or municipality')} value={values.companyName} errors={errors} autocomplete="organization" maxlength={200} />
                  <TextField name="orgNumber" label={tr(c, 'Organisationsnummer', 'Organisation number')} hint={tr(c, 'Till exempel 556677-8899', 'For example 556677-8899')} value={values.orgNumber} errors={errors} autocomplete="off" />
                  <TextField name="companyReference" label={tr(c, 'Er referens', 'Your reference')} value={values.companyReference} errors={errors} autocomplete="off" maxlength={100} />
                </div>
              </fieldset>
            ) : null}
          </Radios>
          <p>{tr(c, VAT_LINE.sv, VAT_LINE.en)}</p>
          <div>
            <button type="submit">{tr(c, 'Till betalning', 'Go to payment')}</button>
          </div>
        </form>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------------------------
// The simulator's payment page
// ---------------------------------------------------------------------------------

export function SimulatorPage(props: { c: Ctx; city: City | null; order: Order; providerRef: string }) {
  const { c, order } = props;
  const title = tr(c, 'Testbetalning – inga pengar dras', 'Test payment – no money is taken');
  return (
    <Page c={c} title={title} city={props.city}>
      <h1>{title}</h1>
      <Notice kind="info">{tr(c, 'Det här är Torgets betalsimulator för tester och demonstrationer. Ingen riktig betalning görs.', 'This is Torget’s payment simulator for tests and demonstrations. No real payment is made.')}</Notice>
      <dl class="facts">
        <dt>{tr(c, 'Belopp', 'Amount')}</dt>
        <dd>{formatOre(order.totalOre, c.get('locale'))}</dd>
        <dt>{tr(c, 'Beställning', 'Order')}</dt>
        <dd>{order.reference}</dd>
      </dl>
      {order.status === 'pending' ? (
        <form method="post" action={`${c.get('prefix')}/betala/simulator/${props.providerRef}`} class="actions">
          <CsrfField c={c} />
          <button type="submit" name="outcome" value="paid">
            {tr(c, 'Betala (test)', 'Pay (test)')}
          </button>
          <button type="submit" name="outcome" value="declined" class="secondary">
            {tr(c, 'Avbryt', 'Cancel')}
          </button>
        </form>
      ) : (
        <p>{tr(c, 'Den här betalningen är redan avslutad.', 'This payment is already finished.')}</p>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------------------------
// Thank you
// ---------------------------------------------------------------------------------

export function ThankYouPage(props: { c: Ctx; city: City; nav: NavLink[]; order: Order; productName: string; cardCount: number; sendTo: Array<{ email: string; at: Date | null }> }) {
  const { c, city, order } = props;
  const locale = c.get('locale');
  const base = `${c.get('prefix')}/${city.slug}`;
  const recipients = props.sendTo.map((r) => (r.at ? tr(c, `${r.email} den ${formatDateLong(r.at, 'sv', { withWeekday: false })}`, `${r.email} on ${formatDateLong(r.at, 'en', { withWeekday: false })}`) : r.email)).join(', ');
  let heading: string;
  let body: Child;
  if (order.status === 'paid') {
    heading = tr(c, 'Tack för ditt köp!', 'Thank you for your purchase!');
    body = <Notice kind="success">{tr(c, `Tack! Presentkortet skickas till ${recipients}.`, `Thank you! The gift card is sent to ${recipients}.`)}</Notice>;
  } else if (order.status === 'pending' && order.paymentMethod === 'invoice') {
    heading = tr(c, 'Tack för din beställning!', 'Thank you for your order!');
    body = <Notice kind="success">{tr(c, `Fakturan kommer med e-post till ${order.buyerEmail}. Korten aktiveras och skickas när fakturan är betald.`, `The invoice comes by e-mail to ${order.buyerEmail}. The cards are activated and sent when it is paid.`)}</Notice>;
  } else if (order.status === 'pending') {
    heading = tr(c, 'Väntar på betalning', 'Waiting for payment');
    body = (
      <>
        <Notice kind="info">{tr(c, 'Vi har inte fått besked om betalningen ännu. Det brukar gå på några sekunder.', 'We have not heard about the payment yet. It usually takes a few seconds.')}</Notice>
        <p>
          <a class="button secondary" href={`${base}/presentkort/tack/${order.id}`}>
            {tr(c, 'Uppdatera', 'Refresh')}
          </a>
        </p>
      </>
    );
  } else if (order.status === 'refund_due' || (order.status === 'refunded' && order.latePayment)) {
    heading = tr(c, 'Betalningen kom för sent', 'The payment came too late');
    body = (
      <Notice kind="info">
        {order.status === 'refunded'
          ? tr(c, 'Beställningen hade redan avbrutits när betalningen kom, så inga kort skapades. Pengarna är återbetalda.', 'The order had already been cancelled when the payment came, so no cards were made. The money has been refunded.')
          : tr(c, 'Beställningen hade redan avbrutits när betalningen kom, så inga kort skapades. Pengarna betalas tillbaka automatiskt på samma sätt som du betalade.', 'The order had already been cancelled when the payment came, so no cards were made. The money is refunded automatically the way you paid.')}
      </Notice>
    );
  } else if (order.status === 'cancelled' || order.status === 'expired') {
    heading = order.status === 'expired' ? tr(c, 'Beställningen förföll', 'The order expired') : tr(c, 'Betalningen avbröts', 'The payment was cancelled');
    body = (
      <>
        <Notice kind="error">{tr(c, 'Inga pengar har dragits och inget kort har skickats.', 'No money was taken and no card was sent.')}</Notice>
        <p>
          <a class="button" href={`${base}/presentkort`}>
            {tr(c, 'Försök igen', 'Try again')}
          </a>
        </p>
      </>
    );
  } else {
    heading = tr(c, 'Beställningen är återbetald', 'The order has been refunded');
    body = <Notice kind="info">{tr(c, 'Korten i beställningen gäller inte längre.', 'The cards in this order are no longer valid.')}</Notice>;
  }
  return (
    <Page c={c} title={heading} city={city} nav={props.nav}>
      <h1>{heading}</h1>
      {body}
      <section class="card" aria-labelledby="receipt-heading">
        <h2 id="receipt-heading">{tr(c, 'Kvitto', 'Receipt')}</h2>
        <dl class="facts">
          <dt>{tr(c, 'Beställning', 'Order')}</dt>
          <dd>{order.reference}</dd>
          <dt>{tr(c, 'Datum', 'Date')}</dt>
          <dd>{formatDateLong(order.createdAt, locale, { withWeekday: false })}</dd>
          <dt>{tr(c, 'Vara', 'Item')}</dt>
          <dd>
            {props.cardCount} × {props.productName}
          </dd>
          <dt>{tr(c, 'Belopp', 'Amount')}</dt>
          <dd>{formatOre(order.totalOre, locale)}</dd>
          <dt>{tr(c, 'Säljare', 'Seller')}</dt>
          <dd>{city.associationName}</dd>
        </dl>
        <p>{tr(c, RECEIPT_VAT_LINE.sv, RECEIPT_VAT_LINE.en)}</p>
      </section>
    </Page>
  );
}

// ---------------------------------------------------------------------------------
// Balance
// ---------------------------------------------------------------------------------

export interface BalanceText {
  balance: string;
  lines: string[];
}

export function BalancePage(props: { c: Ctx; city: City; nav: NavLink[]; result?: BalanceText | null; error?: string | null }) {
  const { c, city } = props;
  const title = tr(c, 'Saldo på presentkort', 'Gift card balance');
  return (
    <Page c={c} title={title} city={city} nav={props.nav} scripts={['/static/balance.js']} head={<meta name="csrf-token" content={c.get('csrfToken')} />}>
      <h1>{title}</h1>
      <p class="lead">{tr(c, 'Skriv koden som står på presentkortet, eller öppna länken i mejlet med kortet.', 'Type the code printed on the gift card, or open the link in the e-mail with the card.')}</p>
      <form method="post" action={`${c.get('prefix')}/${city.slug}/saldo`} class="stack" data-balance-form>
        <CsrfField c={c} />
        <div>
          <label for="code">
            {tr(c, 'Kod på presentkortet', 'Code on the gift card')}
            <span class="hint" id="code-hint">
              {tr(c, 'Till exempel K7QM-3XPA-9D2F-HW4T-B6NC', 'For example K7QM-3XPA-9D2F-HW4T-B6NC')}
            </span>
          </label>
          <input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck={false} required maxlength={100} aria-describedby="code-hint" />
        </div>
        <div>
          <button type="submit">{tr(c, 'Visa saldo', 'Show balance')}</button>
        </div>
      </form>
      <div id="balance-result" aria-live="polite" data-balance-result>
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
        {props.result ? <BalanceResult result={props.result} /> : null}
      </div>
    </Page>
  );
}

export function BalanceResult(props: { result: BalanceText }) {
  return (
    <div class="card">
      <p class="balance-amount">
        <strong>{props.result.balance}</strong>
      </p>
      {props.result.lines.map((l) => (
        <p>{l}</p>
      ))}
    </div>
  );
}
