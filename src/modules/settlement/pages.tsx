/** @jsxImportSource hono/jsx */
/**
 * Settlement pages.
 *
 * Association admins (`/{city}/admin/avrakning`): the runs, a new draft for a period,
 * one run with its lines, approval (two-factor in this session), the payout file
 * (pain.001 .03/.09 and CSV) of an approved run, each business's statement (page and
 * PDF); `/{city}/admin/utbetalningskonton`: payout accounts, a change entered by one
 * admin and confirmed by another.
 *
 * Merchant owners (`/{city}/butik/{business}/avrakningar`): their approved runs and
 * each statement (page and PDF).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { can, type Role } from '../../platform/auth/roles.js';
import { DomainError, forbidden } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import type { AppEnv } from '../../platform/http/types.js';
import { CsrfField, Notice, Page, renderPage, type NavLink } from '../../platform/http/ui/layout.js';
import { formatOre } from '../../platform/i18n/format.js';
import type { Clock } from '../../platform/clock.js';
import { isValidDate, zonedParts } from '../../platform/time/zoned.js';
import { associationNav, cityMiddleware, type City, type CityEnv, type CityService } from '../cities/index.js';
import type { MembersService } from '../members/index.js';
import { debtorOf } from './city-settings.js';
import type { PayoutAccountInput } from './payout-accounts.js';
import type { RunWithLines, SettlementService } from './service.js';
import { percentText, periodText, renderStatementPdf, tierLabel, type Statement } from './statements.js';
import type { SettlementFeePart } from './schema.js';

export interface SettlementPagesDeps {
  cities: CityService;
  members: MembersService;
  settlement: SettlementService;
  clock: Clock;
}

type Ctx = Context<CityEnv>;
const ADMIN: readonly Role[] = ['association-admin'];
const app$ = (c: Ctx) => c as unknown as Context<AppEnv>;
const cityBase = (c: Ctx) => `${c.get('prefix')}/${c.get('city').slug}`;
const base = (c: Ctx) => `${cityBase(c)}/admin`;
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const kr = (ore: number) => formatOre(ore, 'sv');
const done: Record<string, string> = {
  godkand: 'Avräkningen är godkänd. Pengarna är förda till utbetalning och företagen får sina avräkningar med e-post.',
  forsta: 'Ditt godkännande är registrerat. En andra administratör måste också godkänna innan pengarna förs över.',
  foreslaget: 'Ändringen är sparad och väntar på att en andra administratör bekräftar den. Företaget har fått ett mejl.',
  bekraftat: 'Utbetalningskontot är bekräftat och gäller från nu.',
  avvisat: 'Ändringen är avvisad.',
};

function loginRedirect(c: Ctx) {
  return c.redirect(`${c.get('prefix')}/logga-in?stad=${c.get('city').slug}&next=${encodeURIComponent(c.req.path)}`, c.req.method === 'GET' ? 302 : 303);
}

function adminGate(): MiddlewareHandler<CityEnv> {
  return async (c, next) => {
    if (c.get('actor').kind === 'anonymous') return loginRedirect(c);
    if (!can(c.get('actor'), { cityId: c.get('city').id, roles: ADMIN })) throw forbidden();
    await next();
  };
}

function AdminPage(props: { c: Ctx; title: string; children?: unknown }) {
  const { c } = props;
  return (
    <Page c={app$(c)} title={props.title} city={c.get('city')} nav={associationNav(base(c), true)} area="admin">
      <div lang="sv">{props.children as never}</div>
    </Page>
  );
}

const money = (ore: number) => <td class="num">{kr(ore)}</td>;
const NumTh = (props: { children?: unknown }) => (
  <th scope="col" class="num">
    {props.children as never}
  </th>
);

/** A line's fee per tier: tier, rate, base, fee and the fee's VAT. */
function FeePartsTable(props: { parts: SettlementFeePart[]; caption: string }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={props.caption}>
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Nivå</th>
            <NumTh>Sats</NumTh>
            <NumTh>Underlag</NumTh>
            <NumTh>Avgift</NumTh>
            <NumTh>Moms</NumTh>
          </tr>
        </thead>
        <tbody>
          {props.parts.map((f) => (
            <tr>
              <th scope="row">{tierLabel(f)}</th>
              <td class="num">{percentText(f.feeBp)}</td>
              {money(f.baseOre)}
              {money(f.feeOre)}
              {money(f.feeVatOre)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatementView(props: { s: Statement; pdfHref: string }) {
  const { s } = props;
  const l = s.line;
  const labels = new Map(l.fees.map((f) => [f.tier, tierLabel(f)]));
  return (
    <>
      <p>
        Period {periodText(s.run)}. {s.run.status === 'approved' ? `Godkänd ${s.run.approvedAt ? zonedParts(s.run.approvedAt).date : ''}.` : 'Utkast: inte godkänd än.'}{' '}
        <a href={props.pdfHref}>Avräkningen som PDF</a>
      </p>
      <h2>Summa</h2>
      <dl class="facts">
        <dt>Inlöst</dt>
        <dd>{kr(l.redeemedOre)}</dd>
        {l.reversedOre ? (
          <>
            <dt>Ångrat</dt>
            <dd>{kr(-l.reversedOre)}</dd>
          </>
        ) : null}
        {l.carriedInOre ? (
          <>
            <dt>Från förra avräkningen</dt>
            <dd>{kr(l.carriedInOre)}</dd>
          </>
        ) : null}
        <dt>{l.fees.length === 1 ? `Avgift (${percentText(l.fees[0]!.feeBp)})` : 'Avgift'}</dt>
        <dd>{kr(-l.feeOre)}</dd>
        <dt>Moms på avgiften (25 %)</dt>
        <dd>{kr(-l.feeVatOre)}</dd>
        {l.carriedOutOre ? (
          <>
            <dt>Till nästa avräkning</dt>
            <dd>{kr(l.carriedOutOre)}</dd>
          </>
        ) : null}
        <dt>Utbetalning</dt>
        <dd>
          <strong>{kr(l.payoutOre)}</strong>
        </dd>
      </dl>
      {l.fees.length ? (
        <>
          <h2>Avgift per nivå</h2>
          <p>Avgiften räknas för sig på varje nivå och avrundas till hela ören; momsen är 25 % av den avrundade avgiften.{l.fees.length > 1 ? ' Kort som sålts i en kampanj med egen avgift har kampanjens nivå.' : ''}</p>
          <FeePartsTable parts={l.fees} caption="Avgift per nivå" />
        </>
      ) : null}
      <h2>Varje inlösen</h2>
      {s.items.length === 0 ? (
        <p>Inga inlösen i den här avräkningen.</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="Inlösen med momsunderlag">
          <table>
            <caption class="visually-hidden">Inlösen med momsunderlag</caption>
            <thead>
              <tr>
                <th scope="col">Datum</th>
                <th scope="col">Kvitto</th>
                <th scope="col">Kort</th>
                <NumTh>Belopp</NumTh>
                <NumTh>Momsunderlag</NumTh>
              </tr>
            </thead>
            <tbody>
              {s.items.map((it) => (
                <tr>
                  <td>{it.date}</td>
                  <td>{it.receiptNumber}</td>
                  <td>
                    …{it.cardLast4}
                    {it.kind === 'reversed' ? ' (ångrad)' : ''}
                    {l.fees.length > 1 ? ` · ${labels.get(it.tier) ?? ''}` : ''}
                  </td>
                  {money(it.amountOre)}
                  {money(it.vatBaseOre)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="muted">Momsunderlaget är det som betalades för kortet (av köparen och en eventuell sponsor), i proportion till det inlösta beloppet. Ni redovisar momsen på det ni sålde när kortet används.</p>
    </>
  );
}

export function mountSettlementPages(app: TorgetApp, deps: SettlementPagesDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  const adminOnly = adminGate() as unknown as MiddlewareHandler<AppEnv>;
  for (const path of ['/:city/admin/avrakning', '/:city/admin/avrakning/*', '/:city/admin/utbetalningskonton', '/:city/admin/utbetalningskonton/*']) app.use(path, withCity, adminOnly);
  const today = () => zonedParts(deps.clock.now()).date;
  const cx = (c: Context<AppEnv>) => c as unknown as Ctx;

  async function runsPage(c: Context<AppEnv>, form?: { from: string; until: string; error: string }) {
    const x = cx(c);
    const runs = await deps.settlement.list(c.get('actor'), x.get('city').id);
    const values = form ?? { from: '', until: today(), error: '' };
    return renderPage(
      c,
      <AdminPage c={x} title="Avräkning">
        <h1>Avräkning med företagen</h1>
        <p class="lead">
          Varje avräkning betalar företagen det deras kunder har löst in med presentkortet, minus föreningens avgift och momsen på den. <a href={`${base(x)}/utbetalningskonton`}>Utbetalningskonton</a>
        </p>
        <form method="post" action={`${base(x)}/avrakning`} class="stack card" novalidate>
          <CsrfField c={app$(x)} />
          <h2>Räkna fram en avräkning</h2>
          {form?.error ? (
            <div class="notice notice-error" role="alert" id="period-fel">
              {form.error}
            </div>
          ) : null}
          <div>
            <label for="run-from">
              Från och med<span class="hint">Tomt: allt som ingen godkänd avräkning har tagit.</span>
            </label>
            <input id="run-from" name="from" type="date" value={values.from} />
          </div>
          <div>
            <label for="run-until">Till och med</label>
            <input id="run-until" name="until" type="date" value={values.until} required aria-describedby={form?.error ? 'period-fel' : undefined} />
          </div>
          <div>
            <button type="submit">Räkna fram utkast</button>
          </div>
        </form>
        <h2>Avräkningar</h2>
        {runs.length === 0 ? (
          <p>Inga avräkningar än.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Nr</th>
                  <th scope="col">Period</th>
                  <th scope="col">Status</th>
                  <NumTh>Utbetalning</NumTh>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr>
                    <td>
                      <a href={`${base(x)}/avrakning/${r.id}`}>{r.number}</a>
                    </td>
                    <td>{periodText(r)}</td>
                    <td>{r.status === 'approved' ? 'Godkänd' : r.firstApprovedBy ? 'Väntar på andra godkännandet' : 'Utkast'}</td>
                    {money(r.totals.payoutOre)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AdminPage>,
      form ? 400 : 200,
    );
  }

  app.get('/:city/admin/avrakning', (c) => runsPage(c));

  app.post('/:city/admin/avrakning', async (c) => {
    const x = cx(c);
    const body = await c.req.parseBody();
    const from = String(body.from ?? '').trim();
    const until = String(body.until ?? '').trim();
    if ((from && !isValidDate(from)) || !isValidDate(until) || (from && from > until)) return runsPage(c, { from, until, error: 'Ange perioden som datum, till exempel 2026-11-01 till 2026-11-30; slutet kan inte komma före början.' });
    const run = await deps.settlement.createRun(c.get('actor'), x.get('city').id, { ...(from ? { from } : {}), until });
    return c.redirect(`${base(x)}/avrakning/${run.id}`, 303);
  });

  async function exportFile(c: Context<AppEnv>, format: 'xml' | 'csv') {
    const x = cx(c);
    const city = x.get('city') as City;
    const debtor = debtorOf(city);
    if (!debtor) throw new DomainError('settlement.debtor_missing', 'Föreningen saknar organisationsnummer eller klientmedelskonto (bankgiro); lägg in dem först.');
    const version = c.req.query('version') === '09' ? '001.001.09' : '001.001.03';
    const file = await deps.settlement.exportPain001(c.get('actor'), city.id, c.req.param('id')!, { debtor, version, executionDate: today() });
    const name = `utbetalning-${city.slug}-${file.number}`;
    return c.body(format === 'xml' ? file.xml : file.csv, 200, {
      'Content-Type': format === 'xml' ? 'application/xml; charset=utf-8' : 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.${format}"`,
      'Cache-Control': 'private, no-store',
    });
  }
  app.get(`/:city/admin/avrakning/:id{${UUID}}/utbetalning.xml`, (c) => exportFile(c, 'xml'));
  app.get(`/:city/admin/avrakning/:id{${UUID}}/utbetalning.csv`, (c) => exportFile(c, 'csv'));

  async function statementPdf(c: Context<AppEnv>, runId: string, businessId: string) {
    const city = cx(c).get('city') as City;
    const s = await deps.settlement.statement(c.get('actor'), city.id, runId, businessId);
    const pdf = await renderStatementPdf(s, { name: city.associationName, orgNumber: city.orgNumber }, deps.clock.now());
    return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="avrakning-${s.run.number}-${s.business.slug}.pdf"`, 'Cache-Control': 'private, no-store' });
  }

  app.get(`/:city/admin/avrakning/:id{${UUID}}/foretag/:file{${UUID}\\.pdf}`, (c) => statementPdf(c, c.req.param('id'), c.req.param('file').slice(0, -4)));

  app.get(`/:city/admin/avrakning/:id{${UUID}}/foretag/:business{${UUID}}`, async (c) => {
    const x = cx(c);
    const s = await deps.settlement.statement(c.get('actor'), x.get('city').id, c.req.param('id'), c.req.param('business'));
    const url = `${base(x)}/avrakning/${s.run.id}`;
    return renderPage(
      c,
      <AdminPage c={x} title={`Avräkning ${s.run.number}: ${s.business.name}`}>
        <p>
          <a href={url}>Avräkning {s.run.number}</a>
        </p>
        <h1>
          Avräkning {s.run.number}: {s.business.name}
        </h1>
        <StatementView s={s} pdfHref={`${url}/foretag/${s.business.id}.pdf`} />
      </AdminPage>,
    );
  });

  async function runPage(c: Context<AppEnv>, error?: string) {
    const x = cx(c);
    const actor = c.get('actor');
    const run: RunWithLines = await deps.settlement.get(actor, x.get('city').id, c.req.param('id')!);
    const url = `${base(x)}/avrakning/${run.id}`;
    const notice = c.req.query('klart');
    const t = run.totals;
    const awaitingMe = run.status === 'draft' && run.firstApprovedBy === actor.label;
    // The run's fees summed per tier (each line's parts were rounded on their own).
    const tiers = new Map<string, SettlementFeePart>();
    for (const l of run.lines) {
      for (const f of l.fees) {
        const key = `${f.tier}:${f.feeBp}`;
        const t = tiers.get(key) ?? { ...f, baseOre: 0, feeOre: 0, feeVatOre: 0 };
        tiers.set(key, { ...t, baseOre: t.baseOre + f.baseOre, feeOre: t.feeOre + f.feeOre, feeVatOre: t.feeVatOre + f.feeVatOre });
      }
    }
    const byTier = [...tiers.values()];
    return renderPage(
      c,
      <AdminPage c={x} title={`Avräkning ${run.number}`}>
        <p>
          <a href={`${base(x)}/avrakning`}>Alla avräkningar</a>
        </p>
        <h1>Avräkning {run.number}</h1>
        {notice && done[notice] ? <Notice kind="success">{done[notice]}</Notice> : null}
        {error ? <Notice kind="error">{error}</Notice> : null}
        <dl class="facts">
          <dt>Period</dt>
          <dd>{periodText(run)}</dd>
          <dt>Status</dt>
          <dd>{run.status === 'approved' ? `Godkänd ${run.approvedAt ? zonedParts(run.approvedAt).date : ''}${run.secondApprovedBy ? ' av två administratörer' : ''}` : run.firstApprovedBy ? 'Utkast, godkänt en gång: väntar på en andra administratör' : 'Utkast'}</dd>
          <dt>Inlöst − ångrat</dt>
          <dd>{kr(t.redeemedOre - t.reversedOre)}</dd>
          <dt>Avgifter och moms</dt>
          <dd>
            {kr(t.feeOre)} + {kr(t.feeVatOre)}
          </dd>
          <dt>Utbetalning</dt>
          <dd>
            <strong>{kr(t.payoutOre)}</strong>
          </dd>
        </dl>
        {run.status === 'approved' && t.payoutOre > 0 ? (
          <>
            <h2>Utbetalningsfil</h2>
            <ul>
              <li>
                <a href={`${url}/utbetalning.xml`} download>
                  Ladda ner pain.001 (version 03)
                </a>
              </li>
              <li>
                <a href={`${url}/utbetalning.xml?version=09`} download>
                  Ladda ner pain.001 (version 09)
                </a>
              </li>
              <li>
                <a href={`${url}/utbetalning.csv`} download>
                  Ladda ner som CSV
                </a>
              </li>
            </ul>
          </>
        ) : null}
        {byTier.length > 1 ? (
          <>
            <h2>Avgift per nivå</h2>
            <FeePartsTable parts={byTier} caption="Avgift per nivå, alla företag" />
          </>
        ) : null}
        <h2>Företag</h2>
        {run.lines.length === 0 ? (
          <p>Inget att avräkna i perioden.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Företag</th>
                  <NumTh>Inlöst</NumTh>
                  <NumTh>Ångrat</NumTh>
                  <NumTh>Avgift</NumTh>
                  <NumTh>Moms</NumTh>
                  <NumTh>Utbetalning</NumTh>
                  <NumTh>Till nästa</NumTh>
                  <th scope="col">Avgift per nivå</th>
                </tr>
              </thead>
              <tbody>
                {run.lines.map((l) => (
                  <tr>
                    <td>
                      <a href={`${url}/foretag/${l.businessId}`}>{l.businessName}</a>
                    </td>
                    {money(l.redeemedOre)}
                    {money(l.reversedOre)}
                    {money(l.feeOre)}
                    {money(l.feeVatOre)}
                    {money(l.payoutOre)}
                    {money(l.carriedOutOre)}
                    <td>
                      {l.fees.length === 0 ? (
                        '–'
                      ) : (
                        <ul class="fee-parts">
                          {l.fees.map((f) => (
                            <li>
                              {tierLabel(f)} {percentText(f.feeBp)} av {kr(f.baseOre)}: {kr(f.feeOre)} + moms {kr(f.feeVatOre)}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {run.status === 'draft' && !awaitingMe ? (
          <form method="post" action={`${url}/godkann`} class="stack card">
            <CsrfField c={app$(x)} />
            <h2>Godkänn</h2>
            {actor.hasTwoFactor ? (
              <p>När avräkningen är godkänd kan den inte ändras, pengarna förs till utbetalning och varje företag får sin avräkning med e-post.</p>
            ) : (
              <p>
                Att godkänna kräver tvåstegsverifiering. <a href={`${c.get('prefix')}/konto`}>Slå på den på ditt konto</a> och logga in igen.
              </p>
            )}
            <div>
              <button type="submit" disabled={!actor.hasTwoFactor}>
                Godkänn avräkning {run.number}
              </button>
            </div>
          </form>
        ) : null}
      </AdminPage>,
      error ? 409 : 200,
    );
  }

  app.get(`/:city/admin/avrakning/:id{${UUID}}`, (c) => runPage(c));

  app.post(`/:city/admin/avrakning/:id{${UUID}}/godkann`, async (c) => {
    const x = cx(c);
    try {
      const run = await deps.settlement.approve(c.get('actor'), x.get('city').id, c.req.param('id'), { method: 'web-2fa' });
      return c.redirect(`${base(x)}/avrakning/${run.id}?klart=${run.status === 'approved' ? 'godkand' : 'forsta'}`, 303);
    } catch (err) {
      if (err instanceof DomainError && ['settlement.stale_draft', 'settlement.second_approval_required', 'auth.two_factor_required', 'settlement.run_approved'].includes(err.code)) return runPage(c, err.message);
      throw err;
    }
  });

  // --- payout accounts ---------------------------------------------------------------

  async function accountsPage(c: Context<AppEnv>, form?: { values: Record<string, string>; error: string }) {
    const x = cx(c);
    const actor = c.get('actor');
    const cityId = x.get('city').id;
    const accounts = await deps.settlement.payoutAccounts.list(actor, cityId);
    const businesses = (await deps.members.list(cityId, { limit: 500 })).items;
    const byBusiness = new Map<string, { confirmed?: (typeof accounts)[number]; pending?: (typeof accounts)[number] }>();
    for (const a of accounts) byBusiness.set(a.businessId, { ...byBusiness.get(a.businessId), [a.status === 'confirmed' ? 'confirmed' : 'pending']: a });
    const values = form?.values ?? { businessId: '', kind: 'bankgiro', clearing: '', number: '' };
    const url = `${base(x)}/utbetalningskonton`;
    const notice = c.req.query('klart');
    return renderPage(
      c,
      <AdminPage c={x} title="Utbetalningskonton">
        <p>
          <a href={`${base(x)}/avrakning`}>Avräkning</a>
        </p>
        <h1>Utbetalningskonton</h1>
        <p class="lead">Dit avräkningarna betalas ut. En ändring gäller först när en andra administratör har bekräftat den, och företaget får ett mejl om varje ändring.</p>
        {notice && done[notice] ? <Notice kind="success">{done[notice]}</Notice> : null}
        <div class="table-wrap" tabindex={0} role="region" aria-label="Utbetalningskonton">
          <table>
            <thead>
              <tr>
                <th scope="col">Företag</th>
                <th scope="col">Gäller</th>
                <th scope="col">Väntar på bekräftelse</th>
              </tr>
            </thead>
            <tbody>
              {businesses.map((b) => {
                const a = byBusiness.get(b.id);
                return (
                  <tr>
                    <td>{b.name}</td>
                    <td>{a?.confirmed?.display ?? 'Saknas'}</td>
                    <td>
                      {a?.pending ? (
                        <>
                          {a.pending.display}{' '}
                          {a.pending.proposedBy !== actor.label ? (
                            <form method="post" action={`${url}/${a.pending.id}/bekrafta`} class="inline">
                              <CsrfField c={app$(x)} />
                              <button type="submit">Bekräfta {a.pending.display} för {b.name}</button>
                            </form>
                          ) : (
                            <span class="muted">(du lade in den; en annan administratör bekräftar)</span>
                          )}{' '}
                          <form method="post" action={`${url}/${a.pending.id}/avvisa`} class="inline">
                            <CsrfField c={app$(x)} />
                            <button type="submit" class="secondary">
                              Avvisa
                            </button>
                          </form>
                        </>
                      ) : (
                        '–'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <form method="post" action={url} class="stack card" novalidate>
          <CsrfField c={app$(x)} />
          <h2>Lägg in ett nytt konto</h2>
          {form ? (
            <div class="notice notice-error" role="alert" id="konto-fel">
              {form.error}
            </div>
          ) : null}
          <div>
            <label for="acc-business">Företag</label>
            <select id="acc-business" name="businessId" required>
              {businesses.map((b) => (
                <option value={b.id} selected={values.businessId === b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>Slags konto</legend>
            {(
              [
                ['bankgiro', 'Bankgiro'],
                ['plusgiro', 'Plusgiro'],
                ['bank', 'Bankkonto (clearingnummer och kontonummer)'],
              ] as const
            ).map(([value, label]) => (
              <div>
                <input type="radio" id={`acc-kind-${value}`} name="kind" value={value} checked={values.kind === value} />
                <label for={`acc-kind-${value}`}>{label}</label>
              </div>
            ))}
          </fieldset>
          <div>
            <label for="acc-clearing">
              Clearingnummer<span class="hint">Bara för bankkonto, till exempel 8327-9 eller 6789.</span>
            </label>
            <input id="acc-clearing" name="clearing" type="text" inputmode="numeric" value={values.clearing} />
          </div>
          <div>
            <label for="acc-number">Nummer</label>
            <input id="acc-number" name="number" type="text" inputmode="numeric" value={values.number} required aria-invalid={form ? 'true' : undefined} aria-describedby={form ? 'konto-fel' : undefined} />
          </div>
          <div>
            <button type="submit">Spara ändringen</button>
          </div>
        </form>
      </AdminPage>,
      form ? 400 : 200,
    );
  }

  app.get('/:city/admin/utbetalningskonton', (c) => accountsPage(c));

  app.post('/:city/admin/utbetalningskonton', async (c) => {
    const x = cx(c);
    const body = await c.req.parseBody();
    const values = { businessId: String(body.businessId ?? ''), kind: String(body.kind ?? ''), clearing: String(body.clearing ?? '').trim(), number: String(body.number ?? '').trim() };
    const input: PayoutAccountInput = values.kind === 'bank' ? { kind: 'bank', clearing: values.clearing, number: values.number } : { kind: values.kind === 'plusgiro' ? 'plusgiro' : 'bankgiro', number: values.number };
    try {
      await deps.settlement.payoutAccounts.propose(c.get('actor'), x.get('city').id, values.businessId, input);
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'settlement.invalid_payout_account' || err.code === 'members.business_not_found')) return accountsPage(c, { values, error: err.message });
      throw err;
    }
    return c.redirect(`${base(x)}/utbetalningskonton?klart=foreslaget`, 303);
  });

  for (const [action, verb] of [
    ['bekrafta', 'confirm'],
    ['avvisa', 'reject'],
  ] as const) {
    app.post(`/:city/admin/utbetalningskonton/:id{${UUID}}/${action}`, async (c) => {
      const x = cx(c);
      await deps.settlement.payoutAccounts[verb](c.get('actor'), x.get('city').id, c.req.param('id'));
      return c.redirect(`${base(x)}/utbetalningskonton?klart=${verb === 'confirm' ? 'bekraftat' : 'avvisat'}`, 303);
    });
  }

  // --- the merchant's statements ----------------------------------------------------

  const withBusiness: MiddlewareHandler<AppEnv> = async (c, next) => {
    const x = cx(c);
    if (c.get('actor').kind === 'anonymous') return loginRedirect(x);
    const slug = c.req.param('business') ?? '';
    const found = /^[a-z0-9-]{1,60}$/.test(slug) ? await deps.members.lookup(x.get('city').id, slug, { includeArchived: true }) : null;
    if (!found || 'redirectTo' in found) throw new DomainError('members.business_not_found', 'Företaget finns inte i den här staden.');
    if (!can(c.get('actor'), { cityId: x.get('city').id, roles: [...ADMIN, 'merchant-owner'], businessId: found.business.id })) throw forbidden();
    (c as unknown as Context<{ Variables: { settlementBusiness: { id: string; slug: string; name: string } } }>).set('settlementBusiness', found.business);
    await next();
  };
  for (const path of ['/:city/butik/:business/avrakningar', '/:city/butik/:business/avrakningar/*']) app.use(path, withCity, withBusiness);
  const businessOf = (c: Context<AppEnv>) => (c as unknown as Context<{ Variables: { settlementBusiness: { id: string; slug: string; name: string } } }>).get('settlementBusiness');
  const merchantNav = (c: Ctx, b: { slug: string; name: string }): NavLink[] => [
    { href: `${cityBase(c)}/butik/${b.slug}`, label: b.name },
    { href: `${cityBase(c)}/butik/${b.slug}/kassa`, label: 'Kassa' },
    { href: `${cityBase(c)}/butik/${b.slug}/avrakningar`, label: 'Avräkningar' },
  ];
  function MerchantPage(props: { c: Ctx; title: string; business: { slug: string; name: string }; children?: unknown }) {
    return (
      <Page c={app$(props.c)} title={props.title} city={props.c.get('city')} nav={merchantNav(props.c, props.business)} area="merchant">
        <div lang="sv">{props.children as never}</div>
      </Page>
    );
  }

  app.get('/:city/butik/:business/avrakningar', async (c) => {
    const x = cx(c);
    const b = businessOf(c);
    const runs = await deps.settlement.runsForBusiness(c.get('actor'), x.get('city').id, b.id);
    const here = `${cityBase(x)}/butik/${b.slug}/avrakningar`;
    return renderPage(
      c,
      <MerchantPage c={x} title="Avräkningar" business={b}>
        <h1>Avräkningar för {b.name}</h1>
        <p class="lead">Det föreningen har betalat ut för presentkort som era kunder har löst in, med avgift och moms.</p>
        {runs.length === 0 ? (
          <p>Inga godkända avräkningar än.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Avräkning</th>
                  <th scope="col">Period</th>
                  <NumTh>Inlöst</NumTh>
                  <NumTh>Utbetalning</NumTh>
                </tr>
              </thead>
              <tbody>
                {runs.map(({ run, line }) => (
                  <tr>
                    <td>
                      <a href={`${here}/${run.id}`}>Avräkning {run.number}</a>
                    </td>
                    <td>{periodText(run)}</td>
                    {money(line.redeemedOre - line.reversedOre)}
                    {money(line.payoutOre)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </MerchantPage>,
    );
  });

  app.get(`/:city/butik/:business/avrakningar/:file{${UUID}\\.pdf}`, (c) => statementPdf(c, c.req.param('file').slice(0, -4), businessOf(c).id));

  app.get(`/:city/butik/:business/avrakningar/:id{${UUID}}`, async (c) => {
    const x = cx(c);
    const b = businessOf(c);
    const s = await deps.settlement.statement(c.get('actor'), x.get('city').id, c.req.param('id'), b.id);
    const here = `${cityBase(x)}/butik/${b.slug}/avrakningar`;
    return renderPage(
      c,
      <MerchantPage c={x} title={`Avräkning ${s.run.number}`} business={b}>
        <p>
          <a href={here}>Alla avräkningar</a>
        </p>
        <h1>
          Avräkning {s.run.number}: {b.name}
        </h1>
        <StatementView s={s} pdfHref={`${here}/${s.run.id}.pdf`} />
      </MerchantPage>,
    );
  });
}
