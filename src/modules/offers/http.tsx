/** @jsxImportSource hono/jsx */
/**
 * The offers module's HTTP face: `/{city}/erbjudanden` (every valid offer and service in
 * town), the business page's offers section, the merchant's page
 * (`/{city}/butik/{business}/erbjudanden`, each offer's edit page under it) and
 * `/api/v1/cities/{city}/offers`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from '../../platform/clock.js';
import { DomainError, forbidden } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import { createMicroCache } from '../../platform/http/micro-cache.js';
import { publicErrorResponses } from '../../platform/http/openapi.js';
import type { AppEnv } from '../../platform/http/types.js';
import { CsrfField, LIVE_FILTER_SCRIPT, Notice, Page, renderPage, type NavLink } from '../../platform/http/ui/layout.js';
import { ErrorSummary, TextArea, TextField, type FieldErrors } from '../../platform/http/ui/forms.js';
import { formatDateLong } from '../../platform/i18n/format.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { zonedParts } from '../../platform/time/zoned.js';
import { asAppContext, cityMiddleware, cityNav, tr, type CityContext, type CityService } from '../cities/index.js';
import type { BusinessPageSection } from '../directory/index.js';
import type { Business, MemberContext, MembersService } from '../members/index.js';
import { offerServices, offerServiceSlugs, type Offer, type OfferInput, type OffersService, type OfferService } from './service.js';

export interface OffersHttpDeps {
  cities: CityService;
  members: MembersService;
  offers: OffersService;
  clock: Clock;
}

type MerchantContext = MemberContext;
const app$ = asAppContext;
const today = (now: Date) => zonedParts(now).date;

const validityText = (o: Offer, locale: Locale) =>
  o.validTo ? tr(locale, `Gäller till och med ${formatDateLong(o.validTo, locale, { withYear: false })}`, `Until ${formatDateLong(o.validTo, locale, { withYear: false })}`) : tr(locale, 'Gäller tills vidare', 'Until further notice');

function OfferItem(props: { o: Offer; locale: Locale; business?: { name: string; href: string } }) {
  const { o, locale } = props;
  return (
    <li class="card">
      <h3>
        {o.kind === 'service' && o.service ? `${offerServices[o.service as OfferService][locale]}: ` : ''}
        {o.title}
      </h3>
      {props.business ? (
        <p>
          <a href={props.business.href}>{props.business.name}</a>
        </p>
      ) : null}
      {o.description ? <p>{o.description}</p> : null}
      <p class="muted">{validityText(o, locale)}</p>
      {o.link ? (
        <p>
          <a href={o.link} rel="noopener">
            {tr(locale, 'Läs mer', 'Read more')}
            <span class="visually-hidden"> {o.title}</span>
          </a>
        </p>
      ) : null}
    </li>
  );
}

function OffersPage(props: { c: CityContext; kind: 'offer' | 'service' | null; list: Array<{ o: Offer; b: Business }> }) {
  const { c } = props;
  const city = c.get('city');
  const locale = c.get('locale');
  const base = `${c.get('prefix')}/${city.slug}/erbjudanden`;
  const title = tr(locale, `Erbjudanden i ${city.name}`, `Offers in ${city.name}`);
  const groups: Array<{ kind: 'offer' | 'service'; heading: string }> = [
    { kind: 'offer', heading: tr(locale, 'Erbjudanden just nu', 'Offers right now') },
    { kind: 'service', heading: tr(locale, 'Tjänster: leverans, avhämtning och bokning', 'Services: delivery, take-away and booking') },
  ];
  return (
    <Page c={app$(c)} title={title} city={city} nav={cityNav(c)} description={tr(locale, `Medlemmarnas erbjudanden och tjänster i ${city.name}.`, `Members' offers and services in ${city.name}.`)} head={<link rel="canonical" href={`${new URL(c.req.url).origin}${base}`} />} scripts={[LIVE_FILTER_SCRIPT]}>
      <h1>{title}</h1>
      {/* The parts marked data-live-region are swapped in place by live-filter.js. */}
      <nav aria-label={tr(locale, 'Visa', 'Show')} id="erbjudanden-typ" data-live-region data-live-links>
        <ul class="chips">
          <li class="chip">
            <a href={base} aria-current={props.kind === null ? 'page' : undefined}>
              {tr(locale, 'Allt', 'Everything')}
            </a>
          </li>
          <li class="chip">
            <a href={`${base}?typ=erbjudande`} aria-current={props.kind === 'offer' ? 'page' : undefined}>
              {tr(locale, 'Erbjudanden', 'Offers')}
            </a>
          </li>
          <li class="chip">
            <a href={`${base}?typ=tjanst`} aria-current={props.kind === 'service' ? 'page' : undefined}>
              {tr(locale, 'Tjänster', 'Services')}
            </a>
          </li>
        </ul>
      </nav>
      <p class="result-count" role="status" data-live-status>
        {props.list.length === 0 ? tr(locale, 'Inga erbjudanden just nu.', 'No offers right now.') : tr(locale, `${props.list.length} st`, `${props.list.length} in all`)}
      </p>
      <div id="erbjudanden-resultat" data-live-region>
        {groups
          .filter((g) => props.list.some((x) => x.o.kind === g.kind))
          .map((g) => (
            <section aria-labelledby={`grupp-${g.kind}`}>
              <h2 id={`grupp-${g.kind}`}>{g.heading}</h2>
              <ul class="grid">
                {props.list
                  .filter((x) => x.o.kind === g.kind)
                  .map((x) => (
                    <OfferItem o={x.o} locale={locale} business={{ name: x.b.name, href: `${c.get('prefix')}/${city.slug}/foretag/${x.b.slug}` }} />
                  ))}
              </ul>
            </section>
          ))}
      </div>
    </Page>
  );
}

export function mountOfferPages(app: TorgetApp, deps: OffersHttpDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  app.use('/:city/erbjudanden', withCity);
  const cache = createMicroCache({ ttlMs: 5_000 });
  deps.offers.onChange(() => cache.clear());
  deps.members.onChange(() => cache.clear());
  app.get('/:city/erbjudanden', cache.middleware, async (ctx) => {
    const c = ctx as unknown as CityContext;
    const city = c.get('city');
    const typ = c.req.query('typ');
    const kind = typ === 'erbjudande' ? 'offer' : typ === 'tjanst' ? 'service' : null;
    const [list, businesses] = await Promise.all([deps.offers.validOn(city.id, today(deps.clock.now()), kind ? { kind } : {}), deps.members.list(city.id, { limit: 500 })]);
    const byId = new Map(businesses.items.map((b) => [b.id, b]));
    const joined = list.flatMap((o) => (byId.has(o.businessId) ? [{ o, b: byId.get(o.businessId)! }] : []));
    return renderPage(ctx, <OffersPage c={c} kind={kind} list={joined} />);
  });
}

/** The business page's offers: what is valid today. */
export function offerSection(deps: Pick<OffersHttpDeps, 'offers'>): BusinessPageSection {
  return {
    onChange: (listener) => deps.offers.onChange(listener),
    async render({ city, business, locale, now }) {
      const list = await deps.offers.validOn(city.id, today(now), { businessId: business.id });
      if (list.length === 0) return null;
      return {
        html: (
          <section aria-labelledby="offers-heading" class="business-section">
            <h2 id="offers-heading">{tr(locale, 'Erbjudanden och tjänster', 'Offers and services')}</h2>
            <ul class="grid">
              {list.map((o) => (
                <OfferItem o={o} locale={locale} />
              ))}
            </ul>
          </section>
        ),
      };
    },
  };
}

// ── The merchant's pages ─────────────────────────────────────────────────────

interface OfferFormValues {
  kind: string;
  service: string;
  title: string;
  description: string;
  validFrom: string;
  validTo: string;
  link: string;
}

const valuesOf = (o: Offer): OfferFormValues => ({ kind: o.kind, service: o.service ?? '', title: o.title, description: o.description, validFrom: o.validFrom, validTo: o.validTo ?? '', link: o.link ?? '' });

/** The offer form, new or prefilled for an edit: the same fields and checks either way. */
function OfferForm(props: { c: MerchantContext; action: string; v: OfferFormValues; errors: FieldErrors; submitLabel: string }) {
  const { c, v, errors } = props;
  const labels = { title: 'Rubrik', validFrom: 'Gäller från', validTo: 'Sista dag', service: 'Tjänst', link: 'Länk', kind: 'Typ' };
  return (
    <form method="post" action={props.action} class="stack" novalidate>
      <CsrfField c={app$(c)} />
      <ErrorSummary errors={errors} labels={labels} />
      <fieldset id="kind">
        <legend>Typ</legend>
        <div class="checks">
          <label>
            <input type="radio" name="kind" value="offer" checked={v.kind !== 'service'} />
            Erbjudande (med sista dag)
          </label>
          <label>
            <input type="radio" name="kind" value="service" checked={v.kind === 'service'} />
            Tjänst (t.ex. hemleverans)
          </label>
        </div>
      </fieldset>
      <div>
        <label for="service">Tjänst (för en tjänst)</label>
        <select id="service" name="service" aria-invalid={errors.service ? 'true' : undefined} aria-describedby={errors.service ? 'service-fel' : undefined}>
          <option value="">Välj tjänst</option>
          {offerServiceSlugs.map((s) => (
            <option value={s} selected={v.service === s}>
              {offerServices[s].sv}
            </option>
          ))}
        </select>
        {errors.service ? (
          <p class="field-error" id="service-fel">
            {errors.service}
          </p>
        ) : null}
      </div>
      <TextField id="title" name="title" label="Rubrik" value={v.title} error={errors.title} maxlength={120} hint="T.ex. 20 % på alla vinterjackor" />
      <TextArea id="description" name="description" label="Beskrivning (valfri)" value={v.description} maxlength={1000} rows={3} />
      <TextField id="validFrom" name="validFrom" label="Gäller från" type="date" value={v.validFrom} error={errors.validFrom} />
      <TextField id="validTo" name="validTo" label="Sista dag" type="date" value={v.validTo} error={errors.validTo} hint="Tomt för en tjänst som gäller tills vidare" />
      <TextField id="link" name="link" label="Länk (valfri)" type="url" value={v.link} error={errors.link} />
      <div class="actions">
        <button type="submit">{props.submitLabel}</button>
      </div>
    </form>
  );
}

const merchantNav = (c: MerchantContext): NavLink[] => {
  const b = c.get('business');
  const base = `${c.get('prefix')}/${c.get('city').slug}/butik/${b.slug}`;
  return [
    { href: base, label: b.name },
    { href: `${base}/erbjudanden`, label: 'Erbjudanden' },
  ];
};

function MerchantOffersPage(props: { c: MerchantContext; list: Offer[]; v: OfferFormValues; errors: FieldErrors; notice?: string }) {
  const { c } = props;
  const b = c.get('business');
  const base = `${c.get('prefix')}/${c.get('city').slug}/butik/${b.slug}`;
  return (
    <Page c={app$(c)} title={`Erbjudanden – ${b.name}`} city={c.get('city')} nav={merchantNav(c)} area="merchant">
      <div lang="sv">
        <h1>Erbjudanden och tjänster</h1>
        <p class="lead">{b.name}</p>
        {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
        {props.list.length === 0 ? <p>Ni har inga erbjudanden ännu.</p> : null}
        <ul class="lunch-days">
          {props.list.map((o) => (
            <li class="card">
              <h2>{o.title}</h2>
              <p class="muted">{validityText(o, 'sv')}</p>
              <div class="actions">
                <a href={`${base}/erbjudanden/${o.id}`} aria-label={`Ändra ${o.title}`}>
                  Ändra
                </a>
                <form method="post" action={`${base}/erbjudanden/${o.id}/ta-bort`} class="inline-form">
                  <CsrfField c={app$(c)} />
                  <button type="submit" class="link-button" aria-label={`Ta bort ${o.title}`}>
                    Ta bort
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ul>
        <h2>Nytt erbjudande eller ny tjänst</h2>
        <OfferForm c={c} action={`${base}/erbjudanden`} v={props.v} errors={props.errors} submitLabel="Publicera" />
      </div>
    </Page>
  );
}

function EditOfferPage(props: { c: MerchantContext; o: Offer; v: OfferFormValues; errors: FieldErrors }) {
  const { c, o } = props;
  const base = `${c.get('prefix')}/${c.get('city').slug}/butik/${c.get('business').slug}/erbjudanden`;
  return (
    <Page c={app$(c)} title={`Ändra ${o.title}`} city={c.get('city')} nav={merchantNav(c)} area="merchant">
      <div lang="sv">
        <nav class="breadcrumbs" aria-label="Brödsmulor">
          <a href={base}>Erbjudanden</a>
          {' › '}
          <span aria-current="page">Ändra</span>
        </nav>
        <h1>Ändra erbjudande</h1>
        <p class="lead">{o.title}</p>
        <p class="hint">Ändringen syns direkt på företagets sida och bland stadens erbjudanden.</p>
        <OfferForm c={c} action={`${base}/${o.id}`} v={props.v} errors={props.errors} submitLabel="Spara ändringarna" />
      </div>
    </Page>
  );
}

/** The form's values, and the service's input made from them. */
function readOfferForm(form: FormData): { v: OfferFormValues; input: OfferInput } {
  const get = (k: string, max = 500) => String(form.get(k) ?? '').slice(0, max).trim();
  const v: OfferFormValues = { kind: get('kind') === 'service' ? 'service' : 'offer', service: get('service'), title: get('title'), description: get('description', 1000), validFrom: get('validFrom'), validTo: get('validTo'), link: get('link') };
  const input: OfferInput = { kind: v.kind as 'offer' | 'service', service: (offerServiceSlugs as readonly string[]).includes(v.service) ? (v.service as OfferService) : null, title: v.title, description: v.description, validFrom: v.validFrom, validTo: v.validTo || null, link: v.link || null };
  return { v, input };
}

/** The service's validation errors as messages beside the fields, or null for any other error. */
function fieldErrorsFrom(err: unknown): FieldErrors | null {
  if (!(err instanceof DomainError) || err.code !== 'validation') return null;
  const errors: FieldErrors = {};
  for (const e of err.extra.errors ?? []) errors[e.path.split('/')[1] || 'title'] ??= e.message;
  return errors;
}

const UUID = '{[0-9a-fA-F-]{36}}';
const notices: Record<string, string> = { publicerat: 'Erbjudandet är publicerat.', andrat: 'Ändringen är sparad.', borttaget: 'Erbjudandet är borttaget.' };

/** `/{city}/butik/{business}/erbjudanden` and each offer's edit page, after members' merchant gate (business resolved, role checked). */
export function mountOfferMerchantPages(app: TorgetApp, deps: OffersHttpDeps): void {
  const m = (ctx: Context<AppEnv>) => {
    const c = ctx as unknown as MerchantContext;
    if (!c.get('business')) throw forbidden();
    return c;
  };
  const empty = (now: Date): OfferFormValues => ({ kind: 'offer', service: '', title: '', description: '', validFrom: today(now), validTo: '', link: '' });
  const back = (c: MerchantContext, done: string) => c.redirect(`${c.get('prefix')}/${c.get('city').slug}/butik/${c.get('business').slug}/erbjudanden?klart=${done}`, 303);
  app.get('/:city/butik/:business/erbjudanden', async (ctx) => {
    const c = m(ctx);
    const list = await deps.offers.ofBusiness(c.get('city').id, c.get('business').id);
    const done = c.req.query('klart') ?? '';
    return renderPage(ctx, <MerchantOffersPage c={c} list={list} v={empty(deps.clock.now())} errors={{}} {...(notices[done] ? { notice: notices[done] } : {})} />);
  });
  app.post('/:city/butik/:business/erbjudanden', async (ctx) => {
    const c = m(ctx);
    const { v, input } = readOfferForm(await c.req.formData());
    try {
      await deps.offers.create(c.get('actor'), c.get('city').id, c.get('business').id, input);
    } catch (err) {
      const errors = fieldErrorsFrom(err);
      if (!errors) throw err;
      const list = await deps.offers.ofBusiness(c.get('city').id, c.get('business').id);
      return renderPage(ctx, <MerchantOffersPage c={c} list={list} v={v} errors={errors} />, 400);
    }
    return back(c, 'publicerat');
  });
  app.get(`/:city/butik/:business/erbjudanden/:id${UUID}`, async (ctx) => {
    const c = m(ctx);
    const o = await deps.offers.get(c.get('actor'), c.get('city').id, c.get('business').id, c.req.param('id') ?? '');
    return renderPage(ctx, <EditOfferPage c={c} o={o} v={valuesOf(o)} errors={{}} />);
  });
  app.post(`/:city/butik/:business/erbjudanden/:id${UUID}`, async (ctx) => {
    const c = m(ctx);
    const id = c.req.param('id') ?? '';
    const { v, input } = readOfferForm(await c.req.formData());
    try {
      // update reads the offer (not found: 404) before it validates.
      await deps.offers.update(c.get('actor'), c.get('city').id, c.get('business').id, id, input);
    } catch (err) {
      const errors = fieldErrorsFrom(err);
      if (!errors) throw err;
      const o = await deps.offers.get(c.get('actor'), c.get('city').id, c.get('business').id, id);
      return renderPage(ctx, <EditOfferPage c={c} o={o} v={v} errors={errors} />, 400);
    }
    return back(c, 'andrat');
  });
  app.post('/:city/butik/:business/erbjudanden/:id/ta-bort', async (ctx) => {
    const c = m(ctx);
    await deps.offers.remove(c.get('actor'), c.get('city').id, c.get('business').id, c.req.param('id') ?? '');
    return back(c, 'borttaget');
  });
}

// ── Public API ───────────────────────────────────────────────────────────────

export const OfferList = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['offer', 'service']),
        service: z.enum(offerServiceSlugs).nullable(),
        title: z.string(),
        description: z.string(),
        validFrom: z.string(),
        validTo: z.string().nullable(),
        link: z.string().nullable(),
        business: z.object({ slug: z.string(), name: z.string(), url: z.string() }),
      }),
    ),
  })
  .openapi('OfferList');

export function mountOfferApi(app: TorgetApp, deps: OffersHttpDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cities/{city}/offers',
      tags: ['City guide'],
      summary: "Members' offers and services",
      description: 'Public. Offers and service offers valid on `date` (default today in Stockholm).',
      request: {
        params: z.object({ city: z.string().openapi({ param: { name: 'city', in: 'path' }, example: 'demo' }) }),
        query: z.strictObject({ date: z.iso.date().optional(), kind: z.enum(['offer', 'service']).optional() }),
      },
      responses: { 200: { description: 'Offers', content: { 'application/json': { schema: OfferList } } }, ...publicErrorResponses },
    }),
    async (ctx) => {
      const city = (ctx as unknown as CityContext).get('city');
      const q = ctx.req.valid('query');
      const [list, businesses] = await Promise.all([deps.offers.validOn(city.id, q.date ?? today(deps.clock.now()), q.kind ? { kind: q.kind } : {}), deps.members.list(city.id, { limit: 500 })]);
      const byId = new Map(businesses.items.map((b) => [b.id, b]));
      const items = list.flatMap((o) => {
        const b = byId.get(o.businessId);
        return b ? [{ id: o.id, kind: o.kind as 'offer' | 'service', service: o.service as OfferService | null, title: o.title, description: o.description, validFrom: o.validFrom, validTo: o.validTo, link: o.link, business: { slug: b.slug, name: b.name, url: `/${city.slug}/foretag/${b.slug}` } }] : [];
      });
      return ctx.json({ items }, 200);
    },
  );
}
