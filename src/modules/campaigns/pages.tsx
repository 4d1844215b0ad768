/** @jsxImportSource hono/jsx */
/**
 * Campaign pages.
 *
 * Association admins, `/{city}/admin/kampanjer`: the campaigns with cards sold and
 * left, a form to create one, and one campaign with its sponsor's share for a period,
 * the sponsor's invoice, and (promotions) handing one card to every member business.
 *
 * Residents, `/{city}/kampanj/{slug}`: the offer ("betala 250 kr, få 500 kr"), cards
 * left, and the buy form; a sold-out campaign says "Slutsålt" before anyone pays.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { can, type Role } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import { DomainError, forbidden } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import type { AppEnv } from '../../platform/http/types.js';
import { TextField } from '../../platform/http/ui/forms.js';
import { CsrfField, Notice, Page, renderPage } from '../../platform/http/ui/layout.js';
import { formatOre } from '../../platform/i18n/format.js';
import type { RateLimiter } from '../../platform/ratelimit/limiter.js';
import { addDays, zonedParts } from '../../platform/time/zoned.js';
import { associationNav, cityMiddleware, cityNav, type CityEnv, type CityService } from '../cities/index.js';
import type { PaymentGateway } from '../giftcards/index.js';
import type { MembersService } from '../members/index.js';
import type { CampaignService, CampaignView } from './service.js';

export interface CampaignPagesDeps {
  config: Config;
  cities: CityService;
  members: MembersService;
  campaigns: CampaignService;
  payments: PaymentGateway;
  rateLimiter: RateLimiter;
  clock: Clock;
}

type Ctx = Context<CityEnv>;
const ADMIN: readonly Role[] = ['association-admin'];
const app$ = (c: Ctx) => c as unknown as Context<AppEnv>;
const cx = (c: Context<AppEnv>) => c as unknown as Ctx;
const cityBase = (c: Ctx) => `${c.get('prefix')}/${c.get('city').slug}`;
const kr = (ore: number) => formatOre(ore, 'sv');
const day = (d: Date) => zonedParts(d).date;
/** The inclusive last day of a campaign (it ends at midnight after it). */
const lastDay = (c: Pick<CampaignView, 'endsAt'>) => addDays(day(c.endsAt), -1);
const purchaseRule = { name: 'campaign-purchase:ip', limit: 20, windowSeconds: 600 };
const notices: Record<string, string> = { skapad: 'Kampanjen är skapad.', fakturerad: 'Fakturan till sponsorn är skapad; skicka den från Fakturor.', utdelad: 'Korten är skapade och skickas till företagen med e-post.' };

function AdminPage(props: { c: Ctx; title: string; children?: unknown }) {
  return (
    <Page c={app$(props.c)} title={props.title} city={props.c.get('city')} nav={associationNav(`${cityBase(props.c)}/admin`, true)} area="admin">
      <div lang="sv">{props.children as never}</div>
    </Page>
  );
}

/** "Betala 250 kr, få 500 kr" */
export const offerText = (c: Pick<CampaignView, 'priceOre' | 'cardValueOre'>) => `Betala ${kr(c.priceOre)}, få ${kr(c.cardValueOre)}`;

type Values = Record<string, string>;
const blank: Values = { slug: '', name: '', description: '', kind: 'sale', productSlug: 'presentkort', value: '500', price: '250', sponsorName: '', sponsorEmail: '', sponsorOrg: '', cap: '250', perBuyer: '2', startsOn: '', endsOn: '', returnOnExpiry: '', feeBp: '' };
const labels: Record<string, string> = {
  slug: 'Namn i adressen',
  name: 'Kampanjens namn',
  description: 'Beskrivning för köparen',
  productSlug: 'Produkt',
  value: 'Kortets värde i kronor',
  price: 'Köparen betalar, kronor',
  sponsorName: 'Sponsor',
  sponsorEmail: 'Sponsorns e-post för fakturor',
  sponsorOrg: 'Sponsorns organisationsnummer',
  cap: 'Högst antal kort',
  perBuyer: 'Högst antal kort per köpare',
  startsOn: 'Första dagen',
  endsOn: 'Sista dagen',
  feeBp: 'Inlösenavgift i baspunkter (tomt: vanlig avgift)',
};
const pathToField: Record<string, string> = { '/slug': 'slug', '/name': 'name', '/faceValueOre': 'value', '/priceOre': 'price', '/sponsor/name': 'sponsorName', '/sponsor/email': 'sponsorEmail', '/sponsor/orgNumber': 'sponsorOrg', '/capCards': 'cap', '/perBuyerCap': 'perBuyer', '/startsOn': 'startsOn', '/endsOn': 'endsOn', '/feeBp': 'feeBp', '/description': 'description' };

export function mountCampaignPages(app: TorgetApp, deps: CampaignPagesDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
    const x = cx(c);
    if (c.get('actor').kind === 'anonymous') return c.redirect(`${c.get('prefix')}/logga-in?stad=${x.get('city').slug}&next=${encodeURIComponent(c.req.path)}`, c.req.method === 'GET' ? 302 : 303);
    if (!can(c.get('actor'), { cityId: x.get('city').id, roles: ADMIN })) throw forbidden();
    await next();
  };
  for (const path of ['/:city/admin/kampanjer', '/:city/admin/kampanjer/*']) app.use(path, withCity, adminOnly);

  async function listPage(c: Context<AppEnv>, values: Values = blank, errors: Record<string, string> = {}, status = 200) {
    const x = cx(c);
    const list = await deps.campaigns.list(c.get('actor'), x.get('city').id);
    const base = `${cityBase(x)}/admin/kampanjer`;
    const field = (name: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => <TextField id={`kampanj-${name}`} name={name} label={labels[name]!} value={values[name] ?? ''} error={errors[name]} {...extra} />;
    return renderPage(
      c,
      <AdminPage c={x} title="Kampanjer">
        <h1>Kampanjer</h1>
        <p class="lead">En sponsor betalar en del av varje kort: fastighetsägarna dubblar värdet, kommunen betalar halva lunchen, föreningen bjuder medlemmarna.</p>
        {list.length === 0 ? (
          <p>Inga kampanjer än.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Kampanj</th>
                  <th scope="col">Erbjudande</th>
                  <th scope="col">Sponsor</th>
                  <th scope="col">Period</th>
                  <th scope="col" class="num">
                    Sålda / tak
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((cmp) => (
                  <tr>
                    <td>
                      <a href={`${base}/${cmp.slug}`}>{cmp.name}</a>
                    </td>
                    <td>{offerText(cmp)}</td>
                    <td>{cmp.sponsorName}</td>
                    <td>
                      {day(cmp.startsAt)}–{lastDay(cmp)}
                    </td>
                    <td class="num">
                      {cmp.soldCards} / {cmp.capCards}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form method="post" action={base} class="stack card" novalidate>
          <CsrfField c={app$(x)} />
          <h2>Ny kampanj</h2>
          {Object.keys(errors).length ? (
            <div class="notice notice-error" role="alert">
              Kampanjen sparades inte. Rätta det som är markerat.
            </div>
          ) : null}
          {field('name', { required: true })}
          {field('slug', { required: true, hint: 'Små bokstäver och bindestreck, till exempel dubbla-vardet.' })}
          {field('description')}
          <fieldset>
            <legend>Slag</legend>
            <div>
              <input type="radio" id="kampanj-kind-sale" name="kind" value="sale" checked={values.kind !== 'promo'} />
              <label for="kampanj-kind-sale">Säljs till invånare</label>
            </div>
            <div>
              <input type="radio" id="kampanj-kind-promo" name="kind" value="promo" checked={values.kind === 'promo'} />
              <label for="kampanj-kind-promo">Delas ut till medlemsföretagen</label>
            </div>
          </fieldset>
          {field('productSlug', { hint: 'presentkort, eller lunchkuponger för häften.' })}
          {field('value', { inputmode: 'numeric', hint: 'Tomt för kuponghäften (deras värde är fast).' })}
          {field('price', { inputmode: 'numeric', required: true })}
          {field('sponsorName', { required: true })}
          {field('sponsorEmail', { type: 'email', required: true })}
          {field('sponsorOrg')}
          {field('cap', { inputmode: 'numeric', required: true })}
          {field('perBuyer', { inputmode: 'numeric' })}
          {field('startsOn', { type: 'date', required: true })}
          {field('endsOn', { type: 'date', required: true })}
          <div>
            <input type="checkbox" id="kampanj-return" name="returnOnExpiry" value="1" checked={!!values.returnOnExpiry} />
            <label for="kampanj-return">Oanvänt sponsorvärde går tillbaka till sponsorn när korten förfaller</label>
          </div>
          {field('feeBp', { inputmode: 'numeric' })}
          <div>
            <button type="submit">Skapa kampanjen</button>
          </div>
        </form>
      </AdminPage>,
      status,
    );
  }

  app.get('/:city/admin/kampanjer', (c) => listPage(c));

  app.post('/:city/admin/kampanjer', async (c) => {
    const x = cx(c);
    const body = await c.req.parseBody();
    const values: Values = Object.fromEntries(Object.keys(blank).map((k) => [k, String(body[k] ?? '').trim()]));
    const ore = (v: string) => (/^\d+$/.test(v) ? Number(v) * 100 : Number.NaN);
    const int = (v: string) => (/^\d+$/.test(v) ? Number(v) : Number.NaN);
    try {
      const created = await deps.campaigns.create(c.get('actor'), x.get('city').id, {
        slug: values.slug!,
        name: values.name!,
        description: values.description!,
        kind: values.kind === 'promo' ? 'promo' : 'sale',
        productSlug: values.productSlug || 'presentkort',
        ...(values.value ? { faceValueOre: ore(values.value) } : {}),
        priceOre: ore(values.price!),
        sponsor: { name: values.sponsorName!, email: values.sponsorEmail!, ...(values.sponsorOrg ? { orgNumber: values.sponsorOrg } : {}) },
        capCards: int(values.cap!),
        ...(values.perBuyer ? { perBuyerCap: int(values.perBuyer) } : {}),
        startsOn: values.startsOn!,
        endsOn: values.endsOn!,
        returnOnExpiry: !!values.returnOnExpiry,
        ...(values.feeBp ? { feeBp: int(values.feeBp) } : {}),
      });
      return c.redirect(`${cityBase(x)}/admin/kampanjer/${created.slug}?klart=skapad`, 303);
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'validation' || err.code === 'campaigns.slug_taken' || err.code === 'giftcard.product_not_found')) {
        const errors: Record<string, string> = {};
        for (const e of err.extra.errors ?? []) errors[pathToField[e.path] ?? 'name'] ??= e.message;
        if (err.code === 'campaigns.slug_taken') errors.slug = err.message;
        if (err.code === 'giftcard.product_not_found') errors.productSlug = err.message;
        return listPage(c, values, errors, 400);
      }
      throw err;
    }
  });

  app.get('/:city/admin/kampanjer/:slug', async (c) => {
    const x = cx(c);
    const cityId = x.get('city').id;
    const cmp = await deps.campaigns.get(c.get('actor'), cityId, c.req.param('slug'));
    const today = zonedParts(deps.clock.now()).date;
    const from = /^\d{4}-\d{2}-\d{2}$/.test(c.req.query('from') ?? '') ? c.req.query('from')! : `${today.slice(0, 8)}01`;
    const until = /^\d{4}-\d{2}-\d{2}$/.test(c.req.query('until') ?? '') ? c.req.query('until')! : today;
    const statement = await deps.campaigns.sponsorStatement(c.get('actor'), cityId, cmp.id, { from, until });
    const base = `${cityBase(x)}/admin/kampanjer/${cmp.slug}`;
    const notice = c.req.query('klart');
    return renderPage(
      c,
      <AdminPage c={x} title={cmp.name}>
        <p>
          <a href={`${cityBase(x)}/admin/kampanjer`}>Alla kampanjer</a>
        </p>
        <h1>{cmp.name}</h1>
        {notice && notices[notice] ? <Notice kind="success">{notices[notice]}</Notice> : null}
        <dl class="facts">
          <dt>Erbjudande</dt>
          <dd>{offerText(cmp)}</dd>
          <dt>Sponsor</dt>
          <dd>
            {cmp.sponsorName} betalar {kr(cmp.sponsorShareOre)} per kort
          </dd>
          <dt>Period</dt>
          <dd>
            {day(cmp.startsAt)}–{lastDay(cmp)}
            {cmp.active ? ' (pågår)' : ''}
          </dd>
          <dt>Sålda</dt>
          <dd>
            {cmp.soldCards} av {cmp.capCards}; {cmp.reservedCards - cmp.soldCards} under betalning; {cmp.leftCards} kvar
          </dd>
          {cmp.perBuyerCap ? (
            <>
              <dt>Per köpare</dt>
              <dd>högst {cmp.perBuyerCap}</dd>
            </>
          ) : null}
          <dt>När korten förfaller</dt>
          <dd>{cmp.returnOnExpiry ? 'Sponsorns oanvända andel går tillbaka till sponsorn' : 'Oanvänt värde blir föreningens intäkt'}</dd>
          {cmp.kind === 'sale' ? (
            <>
              <dt>Sida för köpare</dt>
              <dd>
                <a href={`${cityBase(x)}/kampanj/${cmp.slug}`}>
                  {cityBase(x)}/kampanj/{cmp.slug}
                </a>
              </dd>
            </>
          ) : null}
        </dl>
        <h2>Sponsorns andel</h2>
        <form method="get" action={base} class="inline-form">
          <label for="per-from">Från</label> <input id="per-from" name="from" type="date" value={from} /> <label for="per-until">till</label> <input id="per-until" name="until" type="date" value={until} /> <button type="submit">Visa</button>
        </form>
        <p>
          {statement.cards} kort aktiverade {from}–{until}: sponsorns andel är {kr(statement.fundedOre)}
          {statement.returnedOre ? `, tillbaka till sponsorn ${kr(statement.returnedOre)}` : ''}; att fakturera {kr(statement.dueOre)}.
          {statement.paidOre ? ` Sponsorn har betalat ${kr(statement.paidOre)} på sina fakturor under perioden.` : ''}
        </p>
        <p>
          <strong>Sponsorn är skyldig nu: {kr(statement.owedOre)}</strong> (hela kampanjen, fakturerat eller inte).
        </p>
        {statement.dueOre > 0 ? (
          <form method="post" action={`${base}/faktura`}>
            <CsrfField c={app$(x)} />
            <input type="hidden" name="from" value={from} />
            <input type="hidden" name="until" value={until} />
            <button type="submit">Fakturera sponsorn {kr(statement.dueOre)}</button>
          </form>
        ) : null}
        {cmp.kind === 'promo' ? (
          <form method="post" action={`${base}/dela-ut`} class="stack card">
            <CsrfField c={app$(x)} />
            <h2>Dela ut</h2>
            <p>Ett kort på {kr(cmp.cardValueOre)} till varje medlemsföretag med e-postadress, skickat till företaget.</p>
            <div>
              <button type="submit">Dela ut till medlemmarna</button>
            </div>
          </form>
        ) : null}
      </AdminPage>,
    );
  });

  app.post('/:city/admin/kampanjer/:slug/faktura', async (c) => {
    const x = cx(c);
    const body = await c.req.parseBody();
    await deps.campaigns.invoiceSponsor(c.get('actor'), x.get('city').id, c.req.param('slug'), { from: String(body.from ?? ''), until: String(body.until ?? '') });
    return c.redirect(`${cityBase(x)}/admin/kampanjer/${c.req.param('slug')}?klart=fakturerad`, 303);
  });

  app.post('/:city/admin/kampanjer/:slug/dela-ut', async (c) => {
    const x = cx(c);
    const cityId = x.get('city').id;
    const members = (await deps.members.list(cityId, { limit: 500 })).items.filter((b) => b.isMember && !b.archivedAt && b.email);
    await deps.campaigns.issuePromo(
      c.get('actor'),
      cityId,
      c.req.param('slug'),
      members.map((b) => ({ businessId: b.id, name: b.name, email: b.email! })),
    );
    return c.redirect(`${cityBase(x)}/admin/kampanjer/${c.req.param('slug')}?klart=utdelad`, 303);
  });

  // --- residents ---------------------------------------------------------------------

  async function offerPage(c: Context<AppEnv>, values: { email: string; quantity: string; paymentMethod: string } | null, error: string | null, status = 200) {
    const x = cx(c);
    let offer: CampaignView;
    try {
      offer = await deps.campaigns.offer(x.get('city').id, c.req.param('slug')!);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'campaigns.not_found') throw new DomainError('not_found', 'Kampanjen finns inte.');
      throw err;
    }
    const v = values ?? { email: '', quantity: '1', paymentMethod: deps.payments.methods[0] ?? 'simulator' };
    const max = Math.min(offer.perBuyerCap ?? 10, 10, Math.max(offer.leftCards, 1));
    const soldOut = offer.leftCards <= 0;
    const methodLabel: Record<string, string> = { swish: 'Swish', card: 'Kort', invoice: 'Faktura', simulator: 'Testbetalning' };
    return renderPage(
      c,
      <Page c={app$(x)} title={offer.name} city={x.get('city')} nav={cityNav(x)}>
        <h1>{offer.name}</h1>
        <p class="lead">
          <strong>{offerText(offer)}.</strong> {offer.description}
        </p>
        <p>
          {offer.sponsorName} betalar {kr(offer.sponsorShareOre)} av varje kort. Gäller till och med {lastDay(offer)}
          {offer.perBuyerCap ? `, högst ${offer.perBuyerCap} kort per köpare` : ''}.
        </p>
        {!offer.active ? (
          <Notice kind="info">Kampanjen pågår inte just nu.</Notice>
        ) : soldOut ? (
          <Notice kind="info">Slutsålt: alla {offer.capCards} kort är sålda.</Notice>
        ) : (
          <>
            <p>{offer.leftCards} kort kvar.</p>
            <form method="post" action={`${cityBase(x)}/kampanj/${offer.slug}`} class="stack card" novalidate>
              <CsrfField c={app$(x)} />
              {error ? <Notice kind="error">{error}</Notice> : null}
              <TextField id="kop-email" name="email" type="email" label="Din e-postadress" value={v.email} required autocomplete="email" hint="Korten och kvittot skickas hit." />
              <div>
                <label for="kop-antal">Antal kort</label>
                <select id="kop-antal" name="quantity">
                  {Array.from({ length: max }, (_, i) => String(i + 1)).map((n) => (
                    <option value={n} selected={v.quantity === n}>
                      {n} ({kr(offer.priceOre * Number(n))})
                    </option>
                  ))}
                </select>
              </div>
              <fieldset>
                <legend>Betalsätt</legend>
                {deps.payments.methods
                  .filter((m) => m !== 'invoice')
                  .map((m) => (
                    <div>
                      <input type="radio" id={`kop-${m}`} name="paymentMethod" value={m} checked={v.paymentMethod === m} />
                      <label for={`kop-${m}`}>{methodLabel[m] ?? m}</label>
                    </div>
                  ))}
              </fieldset>
              <div>
                <button type="submit">Köp och betala</button>
              </div>
            </form>
          </>
        )}
      </Page>,
      status,
    );
  }

  app.get('/:city/kampanj/:slug', withCity, (c) => offerPage(c, null, null));

  app.post('/:city/kampanj/:slug', withCity, async (c) => {
    const x = cx(c);
    const city = x.get('city');
    const body = await c.req.parseBody();
    const values = { email: String(body.email ?? '').trim(), quantity: String(body.quantity ?? '1'), paymentMethod: String(body.paymentMethod ?? '') };
    const limited = await deps.rateLimiter.hit(purchaseRule, c.get('clientIp'));
    if (!limited.allowed) return offerPage(c, values, 'För många köpförsök från din adress. Vänta en stund och försök igen.', 429);
    const method = deps.payments.methods.find((m) => m === values.paymentMethod && m !== 'invoice');
    if (!method) return offerPage(c, values, 'Välj ett betalsätt.', 400);
    let order;
    try {
      ({ order } = await deps.campaigns.buy(city.id, c.req.param('slug'), { buyer: { email: values.email }, quantity: Number(values.quantity), paymentMethod: method as 'simulator' | 'swish' | 'card' }));
    } catch (err) {
      if (err instanceof DomainError && ['campaigns.sold_out', 'campaigns.buyer_limit', 'campaigns.not_active', 'validation'].includes(err.code)) {
        return offerPage(c, values, err.extra.errors?.map((e) => e.message).join(' ') || err.message, err.code === 'validation' ? 400 : 409);
      }
      throw err;
    }
    const base = `${deps.config.publicUrl}${c.get('prefix')}/${city.slug}`;
    const { redirectUrl } = await deps.payments.start(order, { returnUrl: `${base}/presentkort/tack/${order.id}`, callbackUrl: (m) => `${deps.config.publicUrl}/api/v1/payments/${m}/callback` });
    if (!redirectUrl) return c.redirect(`${c.get('prefix')}/${city.slug}/presentkort/tack/${order.id}`, 303);
    return c.redirect(redirectUrl.startsWith('/') ? `${c.get('prefix')}${redirectUrl}` : redirectUrl, 303);
  });
}
