/** @jsxImportSource hono/jsx */
/**
 * The association's gift card tools, `/{city}/admin/presentkort`: customer service
 * (find an order by buyer, recipient, reference or the last characters of a code;
 * resend, correct an address, block and reissue, refund, activate an invoiced order),
 * bulk orders and the import of live cards from a previous provider.
 *
 * Association staff may search and resend; everything that moves money or creates
 * cards is for admins (the service checks the same). Searches are POSTs, so what is
 * typed (an e-mail address, part of a code) never lands in a URL.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import type { Db } from '../../../platform/db/database.js';
import { DomainError, forbidden } from '../../../platform/errors.js';
import type { TorgetApp } from '../../../platform/http/app.js';
import { CsrfField, Notice, renderPage, type NavLink } from '../../../platform/http/ui/layout.js';
import { maskOrgNumber } from '../../../platform/identity/org-number.js';
import { associationNav, cityMiddleware } from '../../cities/index.js';
import { codesCsv, kronorText, parseKronor, parseRecipientsCsv, payerProblems, placeBulkOrder, type BulkPayer, type BulkPayment, type RowError } from '../bulk.js';
import type { GiftcardHttpDeps } from '../deps.js';
import { importCards } from '../import-cards.js';
import type { Product } from '../products.js';
import { WITHDRAWAL_DAYS, type Card, type CardView, type Order } from '../service.js';
import {
  ADMIN,
  ADMIN_OR_STAFF,
  asApp,
  cityBase,
  dateLong,
  dateShort,
  ErrorSummary,
  formString,
  isAllowed,
  isUuid,
  kr,
  MaskedCode,
  orderStatusText,
  plainMessage,
  requireRoles,
  RowErrorTable,
  statusText,
  TextField,
  uploadedText,
  WorkPage,
  type FieldErrors,
  type GcContext,
  type GcEnv,
} from './admin-ui.js';

/** The admin pages write import rows themselves (see import-cards.ts), so they need the database. */
export type GiftcardAdminDeps = GiftcardHttpDeps & { db: Db };

const base = (c: GcContext) => `${cityBase(c)}/admin/presentkort`;
const isAdmin = (c: GcContext) => isAllowed(c, ADMIN);

function nav(c: GcContext): NavLink[] {
  const links = associationNav(`${cityBase(c)}/admin`, isAdmin(c));
  if (!links.some((l) => l.href === base(c))) links.splice(2, 0, { href: base(c), label: 'Presentkort' });
  return links;
}

function SubNav(props: { c: GcContext }) {
  const { c } = props;
  if (!isAdmin(c)) return null;
  return (
    <p class="actions">
      <a href={base(c)}>Sök beställning</a>
      <a href={`${base(c)}/mangd`}>Mängdbeställning</a>
      <a href={`${base(c)}/import`}>Importera kort</a>
      <a href={`${base(c)}/produkter`}>Villkor</a>
      <a href={`${base(c)}/tackning`}>Täckning</a>
    </p>
  );
}

const channelText: Record<string, string> = { web: 'Webben', bulk: 'Mängdbeställning', admin: 'Föreningen', import: 'Import', cli: 'Kommandorad' };
const methodText: Record<string, string> = { simulator: 'Testbetalning', swish: 'Swish', card: 'Kort', invoice: 'Faktura', none: 'Ingen betalning' };

// ── Search ──────────────────────────────────────────────────────────────────

type SearchHit = { order: Order; cards: CardView[] };

function CardsTable(props: { cards: CardView[]; caption: string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Kod</th>
            <th scope="col">Status</th>
            <th scope="col">Saldo</th>
            <th scope="col">Giltigt till</th>
          </tr>
        </thead>
        <tbody>
          {props.cards.map((v) => (
            <tr>
              <td>
                <MaskedCode last4={v.last4} long />
              </td>
              <td>{statusText[v.status]}</td>
              <td>{v.couponsLeft !== null ? `${v.couponsLeft} kuponger` : kr(v.balanceOre)}</td>
              <td>{dateShort(v.expiresAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a late payment's refund is waiting for, in words. */
function lateRefundText(order: Order): string {
  const late = order.latePayment;
  if (!late) return '';
  if (late.refundStatus === 'pending') return 'Återbetalningen är skickad till betalningstjänsten och väntar på bekräftelse.';
  if (late.lastError) return `Senaste försöket misslyckades: ${late.lastError}`;
  return 'Återbetalningen har inte gått iväg ännu.';
}

/**
 * Payments that came after their order was cancelled or expired: no card was issued and
 * the money is the payer's. Torget refunds them by itself; these are the ones not yet done.
 */
function RefundsDue(props: { c: GcContext; orders: Order[] }) {
  const { c, orders } = props;
  if (orders.length === 0) return null;
  return (
    <section aria-labelledby="att-aterbetala" class="stack">
      <h2 id="att-aterbetala">Betalningar att återbetala ({orders.length})</h2>
      <p>Betalningen kom efter att beställningen hade avbrutits eller förfallit. Inga kort har skapats; pengarna betalas tillbaka via betalsättet.</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Beställning</th>
              <th scope="col">Köpare</th>
              <th scope="col">Betalt</th>
              <th scope="col">Kom in</th>
              <th scope="col">Läge</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr>
                <td>
                  <a href={`${base(c)}/order/${order.id}`}>{order.reference}</a>
                </td>
                <td>{order.buyerEmail}</td>
                <td>
                  {kr(order.latePayment?.amountOre ?? order.totalOre)}, {methodText[order.paymentMethod] ?? order.paymentMethod}
                </td>
                <td>{order.latePayment ? dateShort(new Date(order.latePayment.receivedAt)) : '–'}</td>
                <td>{lateRefundText(order)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SearchPage(props: { c: GcContext; query: string; hits: SearchHit[] | null; error?: string; refundsDue?: Order[] }) {
  const { c, hits } = props;
  return (
    <WorkPage c={c} title="Presentkort" area="admin" nav={nav(c)}>
      <h1>Presentkort</h1>
      <SubNav c={c} />
      <RefundsDue c={c} orders={props.refundsDue ?? []} />
      <form method="post" action={`${base(c)}/sok`} class="stack" role="search">
        <CsrfField c={asApp(c)} />
        <TextField
          id="q"
          name="q"
          type="search"
          label="Sök beställning"
          hint="Köparens eller mottagarens e-post, ordernumret (t.ex. PK-7Q3M9D) eller kodens sista fyra tecken."
          value={props.query}
          error={props.error}
          autocomplete="off"
          maxlength={200}
        />
        <div>
          <button type="submit">Sök</button>
        </div>
      </form>
      {hits === null ? null : hits.length === 0 ? (
        <p role="status">Ingen beställning matchar ”{props.query}”.</p>
      ) : (
        <section aria-labelledby="traffar">
          <h2 id="traffar" role="status">
            {hits.length === 1 ? '1 beställning' : `${hits.length} beställningar`}
          </h2>
          {hits.map(({ order, cards }) => (
            <article class="card stack" aria-labelledby={`o-${order.id}`}>
              <h3 id={`o-${order.id}`}>
                <a href={`${base(c)}/order/${order.id}`}>{order.reference}</a>
              </h3>
              <p class="muted">
                {dateShort(order.createdAt)} · {order.buyerEmail} · {orderStatusText[order.status] ?? order.status} · {kr(order.totalOre)} · {channelText[order.channel] ?? order.channel}
              </p>
              <CardsTable cards={cards} caption={`Kort i ${order.reference}`} />
            </article>
          ))}
        </section>
      )}
    </WorkPage>
  );
}

// ── One order ───────────────────────────────────────────────────────────────

interface OrderData {
  order: Order;
  cards: Card[];
  views: Map<string, CardView>;
}

function orderNotice(c: GcContext, data: OrderData): string | null {
  const done = c.req.query('klart');
  const card = (id: string | undefined) => data.cards.find((x) => x.id === id);
  switch (done) {
    case 'skickat':
      return 'Kortet skickas igen inom några minuter.';
    case 'sparrat': {
      const fresh = card(c.req.query('nytt'));
      return fresh ? `Kortet är spärrat. Saldot har flyttats till ett nytt kort som slutar på ${fresh.codeLast4}, och det nya kortet skickas med e-post.` : 'Kortet är spärrat.';
    }
    case 'aktiverat':
      return 'Beställningen är aktiverad. Korten fungerar nu och skickas till mottagarna.';
    case 'aterbetalt':
      return `Beställningen är återbetald och korten är spärrade. Pengarna betalas tillbaka via betalsättet (${methodText[data.order.paymentMethod] ?? data.order.paymentMethod}).`;
    case 'sen-aterbetalning':
      return data.order.status === 'refunded' ? 'Pengarna är återbetalda till betalaren.' : null;
    case 'mangd':
      return data.order.status === 'paid'
        ? `Beställningen är skapad och aktiverad: ${data.cards.length} kort skickas nu med e-post till mottagarna.`
        : `Beställningen är skapad med ${data.cards.length} kort. Korten aktiveras och skickas när fakturan är betald (eller när du väljer Aktivera nu).`;
    case 'importerat':
      return `${data.cards.length === 1 ? '1 kort' : `${data.cards.length} kort`} importerades, totalt ${kr(data.order.totalOre)}. Korten kan användas direkt med sina gamla koder.`;
    default:
      return null;
  }
}

const canRefund = (c: GcContext, order: Order, now: Date) =>
  isAdmin(c) && order.status === 'paid' && order.channel !== 'import' && order.paymentMethod !== 'none' && (now.getTime() - order.createdAt.getTime()) / 86_400_000 <= WITHDRAWAL_DAYS;

function OrderPage(props: { c: GcContext; data: OrderData; now: Date; error?: string | undefined; fieldErrors?: Record<string, string> }) {
  const { c, data } = props;
  const { order } = data;
  const admin = isAdmin(c);
  const oBase = `${base(c)}/order/${order.id}`;
  const notice = orderNotice(c, data);
  const company = order.company;
  return (
    <WorkPage c={c} title={`Beställning ${order.reference}`} area="admin" nav={nav(c)}>
      <p>
        <a href={base(c)}>← Sök beställning</a>
      </p>
      <h1>Beställning {order.reference}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <dl class="facts">
        <dt>Status</dt>
        <dd>{orderStatusText[order.status] ?? order.status}</dd>
        <dt>Skapad</dt>
        <dd>{dateLong(order.createdAt)}</dd>
        <dt>Köpare</dt>
        <dd>
          {order.buyerName ? `${order.buyerName}, ` : ''}
          {order.buyerEmail}
        </dd>
        {company ? (
          <>
            <dt>Faktureras</dt>
            <dd>
              {company.name}
              {company.orgNumber ? `, ${maskOrgNumber(company.orgNumber)}` : ''}
              {company.reference ? `, ref. ${company.reference}` : ''}
            </dd>
          </>
        ) : null}
        <dt>Betalning</dt>
        <dd>
          {methodText[order.paymentMethod] ?? order.paymentMethod}, {kr(order.totalOre)}
        </dd>
        <dt>Kanal</dt>
        <dd>{channelText[order.channel] ?? order.channel}</dd>
        {order.latePayment ? (
          <>
            <dt>Betalning efter avbrott</dt>
            <dd>
              {kr(order.latePayment.amountOre)} kom in {dateLong(new Date(order.latePayment.receivedAt))}, efter att beställningen avbrutits eller förfallit. Inga kort skapades.{' '}
              {order.status === 'refunded' ? `Återbetald${order.refundedAt ? ` ${dateLong(order.refundedAt)}` : ''}.` : lateRefundText(order)}
            </dd>
          </>
        ) : null}
      </dl>

      {admin && order.status === 'refund_due' && order.latePayment?.refundStatus !== 'pending' ? (
        <form method="post" action={`${oBase}/aterbetala-sen`} class="stack">
          <CsrfField c={asApp(c)} />
          <p>Torget försöker återbetala själv var tionde minut. Du kan försöka direkt.</p>
          <div>
            <button type="submit">Försök återbetala nu</button>
          </div>
        </form>
      ) : null}

      {admin && order.status === 'pending' && order.paymentMethod === 'invoice' ? (
        <form method="post" action={`${oBase}/aktivera`} class="stack">
          <CsrfField c={asApp(c)} />
          <p>Fakturan är inte betald ännu. Aktivera korten nu om föreningen litar på betalningen (t.ex. en kommun).</p>
          <div>
            <button type="submit">Aktivera nu</button>
          </div>
        </form>
      ) : null}

      <h2>Kort ({data.cards.length})</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Kod</th>
              <th scope="col">Mottagare</th>
              <th scope="col">Status</th>
              <th scope="col">Saldo</th>
              <th scope="col">Giltigt till</th>
              <th scope="col">Åtgärder</th>
            </tr>
          </thead>
          <tbody>
            {data.cards.slice(0, 500).map((card) => {
              const v = data.views.get(card.id);
              const to = card.recipientEmail ?? order.buyerEmail;
              return (
                <tr>
                  <td>
                    <MaskedCode last4={card.codeLast4} long />
                  </td>
                  <td>
                    {card.recipientName || '–'}
                    <div class="muted">{card.recipientEmail ?? (order.channel === 'web' ? `Köparen: ${order.buyerEmail}` : 'Ingen e-post')}</div>
                  </td>
                  <td>
                    {statusText[v?.status ?? (card.status as keyof typeof statusText)] ?? card.status}
                    {card.blockReason ? <div class="muted">Orsak: {card.blockReason}</div> : null}
                  </td>
                  <td>{v ? (v.couponsLeft !== null ? `${v.couponsLeft} kuponger` : kr(v.balanceOre)) : '–'}</td>
                  <td>{dateShort(card.expiresAt)}</td>
                  <td>
                    {card.status === 'blocked' || order.channel === 'import' ? (
                      '–'
                    ) : (
                      <details>
                        <summary>
                          Åtgärder <span class="visually-hidden">för kortet som slutar på {card.codeLast4}</span>
                        </summary>
                        <form method="post" action={`${oBase}/skicka`} class="stack">
                          <CsrfField c={asApp(c)} />
                          <input type="hidden" name="kort" value={card.id} />
                          <TextField id={`till-${card.id}`} name="till" type="email" label="Skicka kortet till" value={to} autocomplete="off" error={props.fieldErrors?.[`till-${card.id}`]} hint="Ändra adressen om den var fel." />
                          <div>
                            <button type="submit" class="secondary">
                              Skicka igen
                            </button>
                          </div>
                        </form>
                        {admin ? (
                          <form method="post" action={`${oBase}/sparra`} class="stack">
                            <CsrfField c={asApp(c)} />
                            <input type="hidden" name="kort" value={card.id} />
                            <TextField id={`orsak-${card.id}`} name="orsak" label="Orsak till spärren" value="" hint="T.ex. ”Borttappat, anmält av kunden”." maxlength={200} error={props.fieldErrors?.[`orsak-${card.id}`]} />
                            <div>
                              <button type="submit" class="danger">
                                Spärra och ersätt
                              </button>
                            </div>
                          </form>
                        ) : null}
                      </details>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {data.cards.length > 500 ? <p class="muted">Visar de första 500 av {data.cards.length} kort. Sök på kodens sista tecken för att hitta ett visst kort.</p> : null}

      {canRefund(c, order, props.now) ? (
        <section aria-labelledby="aterbetala" class="stack">
          <h2 id="aterbetala">Ångerrätt</h2>
          <p>Oanvända kort kan återbetalas inom {WITHDRAWAL_DAYS} dagar från köpet. Alla kort i beställningen spärras.</p>
          <form method="post" action={`${oBase}/aterbetala`}>
            <CsrfField c={asApp(c)} />
            <button type="submit" class="danger">
              Återbetala beställningen
            </button>
          </form>
        </section>
      ) : null}
    </WorkPage>
  );
}

function RefundConfirmPage(props: { c: GcContext; order: Order }) {
  const { c, order } = props;
  const oBase = `${base(c)}/order/${order.id}`;
  return (
    <WorkPage c={c} title={`Återbetala ${order.reference}`} area="admin" nav={nav(c)}>
      <h1>Återbetala {order.reference}?</h1>
      <p>
        Alla kort i beställningen spärras och {kr(order.totalOre)} ska betalas tillbaka till köparen via betalsättet ({methodText[order.paymentMethod] ?? order.paymentMethod}). Det går inte att ångra.
      </p>
      <form method="post" action={`${oBase}/aterbetala`} class="actions">
        <CsrfField c={asApp(c)} />
        <input type="hidden" name="bekrafta" value="ja" />
        <button type="submit" class="danger">
          Ja, återbetala {kr(order.totalOre)}
        </button>
        <a class="button secondary" href={oBase}>
          Nej, tillbaka
        </a>
      </form>
    </WorkPage>
  );
}

// ── Bulk order ──────────────────────────────────────────────────────────────

interface BulkValues {
  kind: 'recipients' | 'anonymous';
  productSlug: string;
  csv: string;
  count: string;
  amount: string;
  payment: BulkPayment;
  payer: BulkPayer;
}

const emptyBulk = (): BulkValues => ({ kind: 'recipients', productSlug: 'presentkort', csv: '', count: '', amount: '', payment: 'invoice', payer: { companyName: '', orgNumber: '', email: '', reference: '' } });

const bulkLabels: Record<string, string> = {
  fil: 'Mottagarlista',
  antal: 'Antal kort',
  belopp: 'Belopp per kort',
  foretag: 'Företag eller kommun',
  orgnr: 'Organisationsnummer',
  epost: 'E-post för faktura och kvitto',
  referens: 'Er referens',
  produkt: 'Produkt',
};

function Radio(props: { name: string; value: string; checked: boolean; label: string; hint?: string }) {
  const id = `${props.name}-${props.value}`;
  return (
    <label for={id}>
      <input type="radio" id={id} name={props.name} value={props.value} checked={props.checked} /> {props.label}
      {props.hint ? <span class="hint">{props.hint}</span> : null}
    </label>
  );
}

function BulkPage(props: { c: GcContext; products: Product[]; values: BulkValues; errors: FieldErrors; rowErrors: RowError[] }) {
  const { c, values: v, errors } = props;
  return (
    <WorkPage c={c} title="Mängdbeställning" area="admin" nav={nav(c)}>
      <h1>Mängdbeställning</h1>
      <SubNav c={c} />
      <p class="lead">Många kort i en beställning: en lista med mottagare som får var sitt kort med e-post, eller ett antal anonyma kort som du får som en fil med koder.</p>
      <ErrorSummary errors={errors} labels={bulkLabels} />
      {props.rowErrors.length > 0 ? (
        <>
          <Notice kind="error">
            <p>
              <strong>Inget skapades.</strong> Rätta raderna nedan i filen och försök igen.
            </p>
          </Notice>
          <RowErrorTable errors={props.rowErrors} caption="Fel i mottagarlistan (rubrikraden är rad 1)" />
        </>
      ) : null}
      <form method="post" action={`${base(c)}/mangd`} enctype="multipart/form-data" class="stack" novalidate>
        <CsrfField c={asApp(c)} />
        <div>
          <label for="produkt">Produkt</label>
          <select id="produkt" name="produkt">
            {props.products.map((p) => (
              <option value={p.slug} selected={p.slug === v.productSlug}>
                {p.name}
                {p.kind === 'booklet' ? ` (${p.couponCount} × ${kr(p.couponValueOre ?? 0)})` : ''}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>Vilka kort?</legend>
          <div class="stack">
            <Radio name="typ" value="lista" checked={v.kind === 'recipients'} label="En lista med mottagare" hint="Var och en får sitt kort med e-post." />
            <Radio name="typ" value="anonyma" checked={v.kind === 'anonymous'} label="Anonyma kort" hint="Du får en CSV-fil med koderna att skriva ut eller dela ut själv." />
          </div>
        </fieldset>
        <fieldset class="stack">
          <legend>Mottagarlista</legend>
          <p class="hint">
            CSV med rubrikraden <code>namn;e-post;belopp</code>, belopp i kronor. Semikolon eller komma. <a href={`${base(c)}/mangd/mall.csv`}>Ladda ned en mall</a>.
          </p>
          <div>
            <label for="fil">CSV-fil</label>
            <input id="fil" name="fil" type="file" accept=".csv,text/csv,text/plain" aria-invalid={errors.fil ? 'true' : undefined} aria-describedby={errors.fil ? 'fil-fel' : undefined} />
            {errors.fil ? (
              <p class="field-error" id="fil-fel">
                {errors.fil}
              </p>
            ) : null}
          </div>
          <div>
            <label for="csv">Eller klistra in raderna</label>
            <textarea id="csv" name="csv" rows={6}>
              {v.csv}
            </textarea>
          </div>
        </fieldset>
        <fieldset class="stack">
          <legend>Anonyma kort</legend>
          <TextField id="antal" name="antal" label="Antal kort" value={v.count} error={errors.antal} inputmode="numeric" autocomplete="off" maxlength={5} />
          <TextField id="belopp" name="belopp" label="Belopp per kort (kr)" value={v.amount} error={errors.belopp} inputmode="numeric" autocomplete="off" maxlength={10} hint="Lämnas tomt för kuponghäften, som har ett fast värde." />
          <p class="hint">
            <strong>Spara filen väl:</strong> koderna visas i klartext bara i filen som laddas ned när du skapar beställningen. Torget visar dem aldrig igen.
          </p>
        </fieldset>
        <fieldset>
          <legend>Betalning</legend>
          <div class="stack">
            <Radio name="betalning" value="faktura" checked={v.payment === 'invoice'} label="Faktura till företaget eller kommunen" hint="Korten aktiveras när betalningen registreras, eller när du väljer Aktivera nu." />
            <Radio name="betalning" value="direkt" checked={v.payment === 'activate'} label="Betald – aktivera direkt" hint="Korten fungerar på en gång." />
          </div>
        </fieldset>
        <fieldset class="stack">
          <legend>Beställare</legend>
          <TextField id="foretag" name="foretag" label="Företag eller kommun" value={v.payer.companyName} error={errors.foretag} autocomplete="organization" maxlength={200} />
          <TextField id="orgnr" name="orgnr" label="Organisationsnummer" value={v.payer.orgNumber} error={errors.orgnr} autocomplete="off" maxlength={20} hint="T.ex. 212000-1234. Krävs för faktura." />
          <TextField id="epost" name="epost" type="email" label="E-post för faktura och kvitto" value={v.payer.email} error={errors.epost} autocomplete="email" maxlength={200} />
          <TextField id="referens" name="referens" label="Er referens" value={v.payer.reference} error={errors.referens} autocomplete="off" maxlength={100} />
        </fieldset>
        <div>
          <button type="submit">Skapa beställningen</button>
        </div>
      </form>
    </WorkPage>
  );
}

// ── Import ──────────────────────────────────────────────────────────────────

function ImportPage(props: { c: GcContext; csv: string; source: string; summary?: string; rowErrors: RowError[] }) {
  const { c } = props;
  return (
    <WorkPage c={c} title="Importera presentkort" area="admin" nav={nav(c)}>
      <h1>Importera presentkort</h1>
      <SubNav c={c} />
      <p class="lead">Ta över gällande kort från en tidigare leverantör. Korten behåller sina koder och saldon och kan användas direkt i butikerna.</p>
      {props.rowErrors.length > 0 ? (
        <>
          <Notice kind="error">
            <p>
              <strong>Inget importerades.</strong> {props.summary} Rätta raderna nedan i filen och försök igen.
            </p>
          </Notice>
          <RowErrorTable errors={props.rowErrors} caption="Fel i filen (rubrikraden är rad 1)" />
        </>
      ) : null}
      <p>
        CSV med rubrikraden <code>kod;saldo;giltig_till;produkt</code>: saldo i kronor, sista giltighetsdag som 2027-06-30, produkt som <code>presentkort</code> (tom = presentkort). Alla rader
        kontrolleras först: antingen importeras alla kort, eller inget. <a href={`${base(c)}/import/mall.csv`}>Ladda ned en mall</a>.
      </p>
      <form method="post" action={`${base(c)}/import`} enctype="multipart/form-data" class="stack">
        <CsrfField c={asApp(c)} />
        <TextField id="kalla" name="kalla" label="Tidigare leverantör" value={props.source} autocomplete="off" maxlength={200} hint="Syns på importbeställningen, t.ex. ”Gamla presentkortet AB”." />
        <div>
          <label for="fil">CSV-fil</label>
          <input id="fil" name="fil" type="file" accept=".csv,text/csv,text/plain" />
        </div>
        <div>
          <label for="csv">Eller klistra in raderna</label>
          <textarea id="csv" name="csv" rows={8}>
            {props.csv}
          </textarea>
        </div>
        <div>
          <button type="submit">Importera</button>
        </div>
      </form>
    </WorkPage>
  );
}

// ── Routes ──────────────────────────────────────────────────────────────────

export function mountGiftcardAdminPages(app: TorgetApp, deps: GiftcardAdminDeps): void {
  const r = app as unknown as Hono<GcEnv>;
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<GcEnv>;
  const staffGate = requireRoles(ADMIN_OR_STAFF);
  const adminOnly: MiddlewareHandler<GcEnv> = async (c, next) => {
    if (!isAdmin(c)) throw forbidden('Bara föreningens administratörer kan göra detta.');
    await next();
  };
  // `/presentkort/*` covers `/presentkort` itself too.
  r.use('/:city/admin/presentkort/*', withCity, staffGate);

  const render = (c: GcContext, page: Parameters<typeof renderPage>[1], status = 200) => renderPage(asApp(c), page, status);

  // Search.
  r.get('/:city/admin/presentkort', async (c) => render(c, <SearchPage c={c} query="" hits={null} refundsDue={await deps.giftcards.refundsDue(c.get('actor'), c.get('city').id)} />));
  r.get('/:city/admin/presentkort/sok', (c) => c.redirect(base(c), 302));
  r.post('/:city/admin/presentkort/sok', async (c) => {
    const query = formString(await c.req.formData(), 'q', 200).trim();
    if (query.length < 3) return render(c, <SearchPage c={c} query={query} hits={null} error="Skriv minst tre tecken, t.ex. kodens sista fyra." />, 400);
    const hits = await deps.giftcards.search(c.get('actor'), c.get('city').id, query);
    return render(c, <SearchPage c={c} query={query} hits={hits} />);
  });

  // One order.
  const loadOrder = async (c: GcContext): Promise<OrderData> => {
    const id = c.req.param('id') ?? '';
    const found = isUuid(id) ? await deps.giftcards.getOrder(c.get('city').id, id) : null;
    if (!found) throw new DomainError('giftcard.order_not_found', 'Beställningen finns inte.');
    // Balances and effective status come from the service's card views (via the order's reference).
    const hit = (await deps.giftcards.search(c.get('actor'), c.get('city').id, found.order.reference)).find((h) => h.order.id === found.order.id);
    return { ...found, views: new Map((hit?.cards ?? []).map((v) => [v.id, v])) };
  };
  const orderPage = async (c: GcContext, extra: { error?: string; fieldErrors?: Record<string, string> } = {}, status = 200) =>
    render(c, <OrderPage c={c} data={await loadOrder(c)} now={deps.clock.now()} error={extra.error} {...(extra.fieldErrors ? { fieldErrors: extra.fieldErrors } : {})} />, status);
  const orderUrl = (c: GcContext, done: string, extra: Record<string, string> = {}) => `${base(c)}/order/${c.req.param('id')}?${new URLSearchParams({ klart: done, ...extra }).toString()}`;
  /** A refusal from the service shown on the order page; bugs and missing rights go on up. */
  const refused = (c: GcContext, err: unknown) => {
    if (!(err instanceof DomainError) || err.code === 'forbidden' || err.code === 'unauthorized' || err.code === 'giftcard.order_not_found') throw err;
    return orderPage(c, { error: plainMessage(err) }, deps.problems.get(err.code)?.status ?? 400);
  };
  const cardOf = async (c: GcContext, form: FormData) => {
    const cardId = formString(form, 'kort', 40);
    const data = await loadOrder(c);
    const card = data.cards.find((x) => x.id === cardId);
    if (!card) throw new DomainError('giftcard.not_found', 'Kortet finns inte i den här beställningen.');
    return { data, card };
  };

  r.get('/:city/admin/presentkort/order/:id', (c) => orderPage(c));

  r.post('/:city/admin/presentkort/order/:id/skicka', async (c) => {
    const form = await c.req.formData();
    const { data, card } = await cardOf(c, form);
    const to = formString(form, 'till', 200).trim().toLowerCase();
    const current = card.recipientEmail ?? data.order.buyerEmail;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to)) return orderPage(c, { fieldErrors: { [`till-${card.id}`]: 'Ange en giltig e-postadress.' }, error: 'Ange en giltig e-postadress.' }, 400);
    try {
      await deps.giftcards.resend(c.get('actor'), c.get('city').id, card.id, to !== current ? to : undefined);
    } catch (err) {
      return refused(c, err);
    }
    return c.redirect(orderUrl(c, 'skickat'), 303);
  });

  r.post('/:city/admin/presentkort/order/:id/sparra', adminOnly, async (c) => {
    const form = await c.req.formData();
    const { card } = await cardOf(c, form);
    const reason = formString(form, 'orsak', 200).trim();
    if (!reason) return orderPage(c, { fieldErrors: { [`orsak-${card.id}`]: 'Skriv varför kortet spärras.' }, error: 'Skriv varför kortet spärras.' }, 400);
    try {
      const fresh = await deps.giftcards.blockAndReissue(c.get('actor'), c.get('city').id, card.id, reason);
      return c.redirect(orderUrl(c, 'sparrat', { nytt: fresh.newCardId }), 303);
    } catch (err) {
      return refused(c, err);
    }
  });

  r.post('/:city/admin/presentkort/order/:id/aktivera', adminOnly, async (c) => {
    const data = await loadOrder(c);
    try {
      await deps.giftcards.activateByAdmin(c.get('actor'), c.get('city').id, data.order.id);
    } catch (err) {
      return refused(c, err);
    }
    return c.redirect(orderUrl(c, 'aktiverat'), 303);
  });

  r.post('/:city/admin/presentkort/order/:id/aterbetala', adminOnly, async (c) => {
    const form = await c.req.formData();
    const data = await loadOrder(c);
    if (formString(form, 'bekrafta', 5) !== 'ja') return render(c, <RefundConfirmPage c={c} order={data.order} />);
    try {
      // Check first, then return the money through the provider, then close the cards:
      // a provider refund that fails leaves the cards usable and the admin can retry.
      await deps.giftcards.assertRefundable(c.get('actor'), c.get('city').id, data.order.id);
      await deps.payments.refund(data.order, `Ångerrätt, beställning ${data.order.reference}`);
      await deps.giftcards.refundOrder(c.get('actor'), c.get('city').id, data.order.id);
    } catch (err) {
      return refused(c, err);
    }
    return c.redirect(orderUrl(c, 'aterbetalt'), 303);
  });

  // A payment that came after its order was cancelled or expired: refund it now.
  r.post('/:city/admin/presentkort/order/:id/aterbetala-sen', adminOnly, async (c) => {
    const data = await loadOrder(c);
    if (data.order.status !== 'refund_due') return orderPage(c, { error: 'Beställningen har inget att återbetala.' }, 409);
    const after = await deps.payments.refundLatePayment(data.order);
    if (after?.status === 'refund_due' && after.latePayment?.refundStatus !== 'pending') return orderPage(c, { error: `Återbetalningen gick inte igenom. ${lateRefundText(after)}` }, 502);
    return c.redirect(orderUrl(c, 'sen-aterbetalning'), 303);
  });

  // Bulk orders.
  const bulkPage = async (c: GcContext, values: BulkValues, errors: FieldErrors = {}, rowErrors: RowError[] = [], status = 200) => render(c, <BulkPage c={c} products={await deps.giftcards.products.list(c.get('city').id)} values={values} errors={errors} rowErrors={rowErrors} />, status);

  r.get('/:city/admin/presentkort/mangd', adminOnly, (c) => bulkPage(c, emptyBulk()));
  r.get('/:city/admin/presentkort/mangd/mall.csv', adminOnly, (c) => csvResponse(c, 'mottagare-mall.csv', '\uFEFFnamn;e-post;belopp\r\nAnna Andersson;anna@example.se;500\r\nBo Berg;bo@example.se;250\r\n'));

  r.post('/:city/admin/presentkort/mangd', adminOnly, async (c) => {
    const city = c.get('city');
    const form = await c.req.formData();
    const values: BulkValues = {
      kind: formString(form, 'typ', 10) === 'anonyma' ? 'anonymous' : 'recipients',
      productSlug: formString(form, 'produkt', 60) || 'presentkort',
      csv: formString(form, 'csv', 300_000),
      count: formString(form, 'antal', 10).trim(),
      amount: formString(form, 'belopp', 20).trim(),
      payment: formString(form, 'betalning', 10) === 'direkt' ? 'activate' : 'invoice',
      payer: { companyName: formString(form, 'foretag', 200).trim(), orgNumber: formString(form, 'orgnr', 20).trim(), email: formString(form, 'epost', 200).trim(), reference: formString(form, 'referens', 100).trim() },
    };
    const product = (await deps.giftcards.products.list(city.id)).find((p) => p.slug === values.productSlug);
    const errors: FieldErrors = {};
    if (!product) errors.produkt = 'Välj en produkt.';
    const payer = payerProblems(values.payer, values.payment);
    const payerFields = { companyName: 'foretag', orgNumber: 'orgnr', email: 'epost', reference: 'referens' } as const;
    for (const [key, field] of Object.entries(payerFields)) {
      const message = payer[key as keyof BulkPayer];
      if (message) errors[field] = message;
    }
    let rowErrors: RowError[] = [];
    let recipients: ReturnType<typeof parseRecipientsCsv>['recipients'] = [];
    let count = 0;
    let amountOre: number | undefined;
    if (product && values.kind === 'recipients') {
      const text = await uploadedText(form, 'fil', 'csv');
      if (!text.trim()) errors.fil = 'Välj en CSV-fil eller klistra in raderna.';
      else ({ recipients, errors: rowErrors } = parseRecipientsCsv(text, product));
    } else if (product) {
      count = /^\d{1,5}$/.test(values.count) ? Number(values.count) : 0;
      if (count < 1 || count > 5000) errors.antal = 'Ange ett antal mellan 1 och 5 000.';
      if (product.kind !== 'booklet') {
        const ore = parseKronor(values.amount);
        const min = product.minAmountOre ?? 100;
        const max = product.maxAmountOre ?? Number.MAX_SAFE_INTEGER;
        if (ore === null || ore % 100 !== 0 || ore < min || ore > max) errors.belopp = `Ange hela kronor mellan ${kronorText(min)} och ${kronorText(max)}.`;
        else amountOre = ore;
      }
    }
    if (Object.keys(errors).length > 0 || rowErrors.length > 0) return bulkPage(c, values, errors, rowErrors, 400);

    try {
      const result =
        values.kind === 'recipients'
          ? await placeBulkOrder(deps, c.get('actor'), city.id, { kind: 'recipients', productSlug: values.productSlug, recipients, payer: values.payer, payment: values.payment })
          : await placeBulkOrder(deps, c.get('actor'), city.id, { kind: 'anonymous', productSlug: values.productSlug, count, ...(amountOre !== undefined ? { amountOre } : {}), payer: values.payer, payment: values.payment });
      if (values.kind === 'anonymous') return csvResponse(c, `presentkort-${result.order.reference}.csv`, codesCsv(result.cards, deps.config.publicUrl, city.slug));
      return c.redirect(`${base(c)}/order/${result.order.id}?klart=mangd`, 303);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'forbidden' || err.code === 'unauthorized') throw err;
      return bulkPage(c, values, { fil: plainMessage(err) }, [], deps.problems.get(err.code)?.status ?? 400);
    }
  });

  // Import from a previous provider.
  r.get('/:city/admin/presentkort/import', adminOnly, (c) => render(c, <ImportPage c={c} csv="" source="" rowErrors={[]} />));
  r.get('/:city/admin/presentkort/import/mall.csv', adminOnly, (c) => csvResponse(c, 'import-mall.csv', '\uFEFFkod;saldo;giltig_till;produkt\r\nAB12CD34EF;350;2027-06-30;presentkort\r\n'));

  r.post('/:city/admin/presentkort/import', adminOnly, async (c) => {
    const form = await c.req.formData();
    const text = await uploadedText(form, 'fil', 'csv');
    const source = formString(form, 'kalla', 200).trim();
    const pasted = formString(form, 'csv', 300_000);
    if (!text.trim()) return render(c, <ImportPage c={c} csv="" source={source} summary="Ingen fil valdes." rowErrors={[{ row: null, column: null, message: 'Välj en CSV-fil eller klistra in raderna.' }]} />, 400);
    try {
      const report = await importCards(deps, c.get('actor'), c.get('city').id, text, source ? { source } : {});
      return c.redirect(`${base(c)}/order/${report.order.id}?klart=importerat`, 303);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'giftcard.import_failed') throw err;
      const rows = (err.extra.rows as RowError[] | undefined) ?? [{ row: null, column: null, message: err.message }];
      return render(c, <ImportPage c={c} csv={pasted} source={source} summary={err.message} rowErrors={rows} />, 400);
    }
  });
}

function csvResponse(c: GcContext, filename: string, body: string): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  c.header('Cache-Control', 'private, no-store');
  return c.body(body);
}
