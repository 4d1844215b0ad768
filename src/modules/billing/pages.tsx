/** @jsxImportSource hono/jsx */
/**
 * The association's invoice pages: the list (`/{city}/admin/fakturor`, filter open or
 * paid), one invoice with its payments and the form to register a payment, the PDF,
 * and sending the invoice by e-mail. Association admins only.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { can, type Role } from '../../platform/auth/roles.js';
import { DomainError, forbidden } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import type { AppEnv } from '../../platform/http/types.js';
import { CsrfField, Notice, Page, renderPage } from '../../platform/http/ui/layout.js';
import { formatBankgiro } from '../../platform/identity/payment-references.js';
import { zonedParts, STOCKHOLM } from '../../platform/time/zoned.js';
import { associationNav, cityMiddleware, type City, type CityEnv, type CityService } from '../cities/index.js';
import { assertSellerComplete, type BillingService, type Invoice, type InvoicePayment, type InvoiceSeller, type InvoiceStatus } from './service.js';
import { formatInvoiceAmount, formatVatRate, parseKronor } from './totals.js';
import type { Clock } from '../../platform/clock.js';

export interface BillingPagesDeps {
  cities: CityService;
  billing: BillingService;
  clock: Clock;
  /** The association's invoice details; null (or incomplete) until it has filled them in. */
  sellerFor: (city: City) => InvoiceSeller | null | Promise<InvoiceSeller | null>;
}

type Ctx = Context<CityEnv>;
const ADMIN: readonly Role[] = ['association-admin'];
const app$ = (c: Ctx) => c as unknown as Context<AppEnv>;
const base = (c: Ctx) => `${c.get('prefix')}/${c.get('city').slug}/admin`;
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

const statusLabel: Record<InvoiceStatus, string> = { open: 'Obetald', paid: 'Betald', credited: 'Krediterad', void: 'Makulerad' };
const methodLabel: Record<string, string> = { bankgiro: 'Bankgiro', manual: 'Manuell', swish: 'Swish', transfer: 'Banköverföring' };
const doneMessages: Record<string, string> = {
  betalning: 'Betalningen är registrerad.',
  betald: 'Betalningen är registrerad och fakturan är betald.',
  skickad: 'Fakturan skickas till kunden med e-post.',
};

function gate(): MiddlewareHandler<CityEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (actor.kind === 'anonymous') return c.redirect(`${c.get('prefix')}/logga-in?stad=${c.get('city').slug}&next=${encodeURIComponent(c.req.path)}`, c.req.method === 'GET' ? 302 : 303);
    if (!can(actor, { cityId: c.get('city').id, roles: ADMIN })) throw forbidden();
    await next();
  };
}

function BillingPage(props: { c: Ctx; title: string; children?: unknown }) {
  const { c } = props;
  return (
    <Page c={app$(c)} title={props.title} city={c.get('city')} nav={associationNav(base(c), true)} area="admin">
      <div lang="sv">{props.children as never}</div>
    </Page>
  );
}

function statusText(invoice: Invoice, today: string): string {
  if (invoice.status === 'open' && invoice.dueDate < today) return 'Förfallen';
  if (invoice.status === 'open' && invoice.paidOre > 0) return 'Delbetald';
  return statusLabel[invoice.status];
}

export function mountBillingPages(app: TorgetApp, deps: BillingPagesDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  const adminOnly = gate() as unknown as MiddlewareHandler<AppEnv>;
  for (const path of ['/:city/admin/fakturor', '/:city/admin/fakturor/*']) app.use(path, withCity, adminOnly);
  const today = () => zonedParts(deps.clock.now(), STOCKHOLM).date;

  app.get('/:city/admin/fakturor', async (c) => {
    const cx = c as unknown as Ctx;
    const filter = c.req.query('status');
    const status: InvoiceStatus | undefined = filter === 'open' || filter === 'paid' ? filter : undefined;
    const invoices = await deps.billing.list(c.get('actor'), cx.get('city').id, status ? { status } : {});
    const now = today();
    const tab = (value: string | undefined, label: string) => (
      <a href={`${base(cx)}/fakturor${value ? `?status=${value}` : ''}`} aria-current={status === value ? 'page' : undefined}>
        {label}
      </a>
    );
    return renderPage(
      c,
      <BillingPage c={cx} title="Fakturor">
        <h1>Fakturor</h1>
        <p class="lead">Fakturor till företag och kommuner, till exempel för presentkort. En faktura är betald när hela beloppet har kommit in.</p>
        <nav aria-label="Visa" class="filters">
          {tab(undefined, 'Alla')} · {tab('open', 'Obetalda')} · {tab('paid', 'Betalda')}
        </nav>
        {invoices.length === 0 ? (
          <p>Inga fakturor.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Nr</th>
                  <th scope="col">Kund</th>
                  <th scope="col" class="num">
                    Belopp
                  </th>
                  <th scope="col">Förfaller</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {invoices.map((inv) => (
                  <tr>
                    <td>
                      <a href={`${base(cx)}/fakturor/${inv.id}`}>{inv.number}</a>
                    </td>
                    <td>{inv.customer.name}</td>
                    <td class="num">{formatInvoiceAmount(inv.totalOre)}</td>
                    <td>{inv.dueDate}</td>
                    <td>{statusText(inv, now)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </BillingPage>,
    );
  });

  // Registered before the details route, which would otherwise take "….pdf" as an id.
  app.get(`/:city/admin/fakturor/:file{${UUID}\\.pdf}`, async (c) => {
    const cx = c as unknown as Ctx;
    const id = c.req.param('file').slice(0, -4);
    const invoice = await deps.billing.get(c.get('actor'), cx.get('city').id, id);
    const seller = await deps.sellerFor(cx.get('city'));
    assertSellerComplete(seller);
    const pdf = await deps.billing.renderInvoicePdf(invoice, seller);
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="faktura-${invoice.number}.pdf"`,
      'Cache-Control': 'private, no-store',
    });
  });

  async function showInvoice(c: Context<AppEnv>, form?: { values: Record<string, string>; error: string }, status = 200): Promise<Response> {
    const cx = c as unknown as Ctx;
    const cityId = cx.get('city').id;
    const invoice = await deps.billing.get(c.get('actor'), cityId, c.req.param('id')!);
    const payments = await deps.billing.listPayments(c.get('actor'), cityId, invoice.id);
    const seller = await deps.sellerFor(cx.get('city'));
    let sellerProblem: string | null = null;
    try {
      assertSellerComplete(seller);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      sellerProblem = err.message;
    }
    return renderPage(c, <InvoicePage c={cx} invoice={invoice} payments={payments} seller={sellerProblem ? null : seller} sellerProblem={sellerProblem} today={today()} form={form} />, status);
  }

  app.get(`/:city/admin/fakturor/:id{${UUID}}`, (c) => showInvoice(c));

  app.post(`/:city/admin/fakturor/:id{${UUID}}/betalning`, async (c) => {
    const cx = c as unknown as Ctx;
    const body = await c.req.parseBody();
    const values = { amount: String(body.amount ?? '').trim(), paidOn: String(body.paidOn ?? '').trim(), reference: String(body.reference ?? '').trim(), method: String(body.method ?? 'manual') };
    const amountOre = parseKronor(values.amount);
    if (amountOre === null || amountOre === 0) return showInvoice(c, { values, error: 'Ange beloppet i kronor, till exempel 1 250 eller 1 250,50.' }, 400);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.paidOn)) return showInvoice(c, { values, error: 'Ange betalningsdagen som 2026-12-11.' }, 400);
    const method = (['bankgiro', 'manual', 'swish', 'transfer'] as const).find((m) => m === values.method) ?? 'manual';
    try {
      const { invoice } = await deps.billing.registerPayment(c.get('actor'), cx.get('city').id, c.req.param('id'), { amountOre, paidOn: values.paidOn, method, reference: values.reference });
      return c.redirect(`${base(cx)}/fakturor/${invoice.id}?klart=${invoice.status === 'paid' ? 'betald' : 'betalning'}`, 303);
    } catch (err) {
      if (err instanceof DomainError && (err.code.startsWith('billing.') || err.code === 'validation') && err.code !== 'billing.invoice_not_found') {
        return showInvoice(c, { values, error: err.extra.errors?.map((e) => e.message).join(' ') ?? err.message }, err.code === 'validation' ? 400 : 409);
      }
      throw err;
    }
  });

  app.post(`/:city/admin/fakturor/:id{${UUID}}/skicka`, async (c) => {
    const cx = c as unknown as Ctx;
    const seller = await deps.sellerFor(cx.get('city'));
    assertSellerComplete(seller);
    await deps.billing.emailInvoice(c.get('actor'), cx.get('city').id, c.req.param('id'), seller);
    return c.redirect(`${base(cx)}/fakturor/${c.req.param('id')}?klart=skickad`, 303);
  });
}

function InvoicePage(props: { c: Ctx; invoice: Invoice; payments: InvoicePayment[]; seller: InvoiceSeller | null; sellerProblem: string | null; today: string; form: { values: Record<string, string>; error: string } | undefined }) {
  const { c, invoice, payments, form } = props;
  const cx = app$(c);
  const url = `${base(c)}/fakturor/${invoice.id}`;
  const remaining = invoice.totalOre - invoice.paidOre;
  const done = c.req.query('klart');
  const values = form?.values ?? { amount: '', paidOn: props.today, reference: '', method: 'bankgiro' };
  return (
    <BillingPage c={c} title={`Faktura ${invoice.number}`}>
      <p>
        <a href={`${base(c)}/fakturor`}>Alla fakturor</a>
      </p>
      <h1>Faktura {invoice.number}</h1>
      {done && doneMessages[done] ? <Notice kind="success">{doneMessages[done]}</Notice> : null}
      {props.sellerProblem ? <Notice kind="info">{props.sellerProblem} Utan dem går det inte att skapa PDF:en eller skicka fakturan.</Notice> : null}
      <dl class="facts">
        <dt>Kund</dt>
        <dd>
          {invoice.customer.name}
          {invoice.customer.orgNumber ? `, org.nr ${invoice.customer.orgNumber}` : ''}
          <br />
          {invoice.customer.email}
          {invoice.customer.addressLines.map((l) => (
            <>
              <br />
              {l}
            </>
          ))}
        </dd>
        {invoice.customer.reference ? (
          <>
            <dt>Er referens</dt>
            <dd>{invoice.customer.reference}</dd>
          </>
        ) : null}
        <dt>Fakturadatum</dt>
        <dd>{invoice.issueDate}</dd>
        <dt>Förfallodatum</dt>
        <dd>{invoice.dueDate}</dd>
        <dt>OCR-nummer</dt>
        <dd>{invoice.ocr}</dd>
        {props.seller ? (
          <>
            <dt>Bankgiro</dt>
            <dd>{formatBankgiro(props.seller.bankgiro)}</dd>
          </>
        ) : null}
        <dt>Status</dt>
        <dd>{statusText(invoice, props.today)}</dd>
        <dt>Belopp</dt>
        <dd>
          {formatInvoiceAmount(invoice.totalOre)} (varav moms {formatInvoiceAmount(invoice.vatOre)})
        </dd>
        <dt>Betalt</dt>
        <dd>{formatInvoiceAmount(invoice.paidOre)}</dd>
        <dt>Kvar att betala</dt>
        <dd>{formatInvoiceAmount(remaining)}</dd>
      </dl>
      {props.seller ? (
        <p>
          <a href={`${url}.pdf`}>Visa fakturan som PDF</a>
        </p>
      ) : null}

      <h2>Rader</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Beskrivning</th>
              <th scope="col" class="num">
                Antal
              </th>
              <th scope="col" class="num">
                À-pris
              </th>
              <th scope="col" class="num">
                Moms
              </th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((l) => (
              <tr>
                <td>{l.description}</td>
                <td class="num">{l.quantity}</td>
                <td class="num">{formatInvoiceAmount(l.unitPriceOre)}</td>
                <td class="num">{formatVatRate(l.vatRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {invoice.lines.some((l) => l.kind === 'giftcard') ? <p class="muted">Presentkort är flerfunktionsvouchrar; moms redovisas när kortet används.</p> : null}

      <h2>Betalningar</h2>
      {payments.length === 0 ? (
        <p>Inga betalningar ännu.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Betaldag</th>
                <th scope="col" class="num">
                  Belopp
                </th>
                <th scope="col">Sätt</th>
                <th scope="col">Referens</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <tr>
                  <td>{p.paidOn}</td>
                  <td class="num">{formatInvoiceAmount(p.amountOre)}</td>
                  <td>{methodLabel[p.method] ?? p.method}</td>
                  <td>{p.reference || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {invoice.status === 'open' ? (
        <div class="two-col">
          <form method="post" action={`${url}/betalning`} class="stack card" novalidate>
            <CsrfField c={cx} />
            <h2>Registrera betalning</h2>
            {form ? (
              <div class="notice notice-error" role="alert" id="betalning-fel">
                {form.error}
              </div>
            ) : null}
            <div>
              <label for="pay-amount">
                Belopp i kronor<span class="hint">Kvar att betala: {formatInvoiceAmount(remaining)}</span>
              </label>
              <input id="pay-amount" name="amount" type="text" inputmode="decimal" value={values.amount} required aria-invalid={form ? 'true' : undefined} aria-describedby={form ? 'betalning-fel' : undefined} />
            </div>
            <div>
              <label for="pay-date">Betaldag</label>
              <input id="pay-date" name="paidOn" type="date" value={values.paidOn} required />
            </div>
            <div>
              <label for="pay-method">Betalsätt</label>
              <select id="pay-method" name="method">
                {Object.entries(methodLabel).map(([value, label]) => (
                  <option value={value} selected={values.method === value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="pay-reference">
                Referens<span class="hint">Till exempel OCR-numret som betalaren angav eller bankens transaktionsnummer.</span>
              </label>
              <input id="pay-reference" name="reference" type="text" maxlength={200} value={values.reference} />
            </div>
            <div>
              <button type="submit">Registrera betalning</button>
            </div>
          </form>
          {props.seller ? (
            <form method="post" action={`${url}/skicka`} class="stack card">
              <CsrfField c={cx} />
              <h2>Skicka fakturan</h2>
              <p>Ett mejl till {invoice.customer.email} med belopp, förfallodatum, bankgiro och OCR-nummer. PDF:en skickas inte med; kunden kan be om den.</p>
              <div>
                <button type="submit">Skicka med e-post</button>
              </div>
            </form>
          ) : null}
        </div>
      ) : null}
    </BillingPage>
  );
}

/**
 * The seller details from a city: its association name, org. number and e-mail, and
 * `settings.billing` = { address: string[], bankgiro, vatNumber? } (the cities module
 * owns where the settings are edited). Null when a required detail is missing.
 */
export function sellerFromCity(city: City): InvoiceSeller | null {
  const billing = (city.settings as { billing?: { address?: unknown; bankgiro?: unknown; vatNumber?: unknown } }).billing ?? {};
  const address = Array.isArray(billing.address) ? billing.address.filter((l): l is string => typeof l === 'string') : [];
  const seller: InvoiceSeller = {
    name: city.associationName,
    orgNumber: city.orgNumber ?? '',
    address,
    bankgiro: typeof billing.bankgiro === 'string' ? billing.bankgiro : '',
    email: city.email ?? '',
    ...(city.phone ? { phone: city.phone } : {}),
    ...(typeof billing.vatNumber === 'string' ? { vatNumber: billing.vatNumber } : {}),
  };
  try {
    assertSellerComplete(seller);
    return seller;
  } catch {
    return null;
  }
}
