/** @jsxImportSource hono/jsx */
/**
 * The events module's HTTP face: `/{city}/evenemang` (list and month calendar, with
 * filters), one event's page (schema.org Event, "Lägg till i kalender"), iCalendar
 * feeds, the members' event form (`/{city}/butik/{business}/evenemang`), the
 * association's moderation (`/{city}/admin/evenemang`) and `/api/v1/cities/{city}/events`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { can } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { DomainError, forbidden, validationError } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import { createMicroCache } from '../../platform/http/micro-cache.js';
import { publicErrorResponses } from '../../platform/http/openapi.js';
import type { AppEnv } from '../../platform/http/types.js';
import { CsrfField, LIVE_FILTER_SCRIPT, Notice, Page, renderPage, type NavLink } from '../../platform/http/ui/layout.js';
import { describedBy, ErrorSummary, FieldMessage, LabelWithHint, TextArea, TextField, type FieldErrors } from '../../platform/http/ui/forms.js';
import { imageSources, jpegPreview, MAX_IMAGE_BYTES, ResponsiveImage, webpPath, type MediaStore, type PreparedImage } from '../../platform/media/index.js';
import { formatDateLong, formatOre, formatTime, formatTimeRange } from '../../platform/i18n/format.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { addDays, isoWeekday, isValidDate, zonedParts } from '../../platform/time/zoned.js';
import { asAppContext, associationNav, cityMiddleware, cityNav, type City, tr, type CityContext, type CityService } from '../cities/index.js';
import type { Business, MemberContext, MembersService } from '../members/index.js';
import type { MapLayer, MapPoint } from '../directory/index.js';
import { toIcs } from './ics.js';
import { bookletPdf, type BookletOffer } from './pdf.js';
import { describeRule, eventCategories, eventCategorySlugs, type EventCategory } from './recurrence.js';
import type { Event, EventInput, EventOccurrence, EventsService } from './service.js';

export interface EventsHttpDeps {
  cities: CityService;
  members: MembersService;
  events: EventsService;
  /** Decodes and checks an uploaded picture before the event (and it) is saved. */
  media: Pick<MediaStore, 'prepare'>;
  clock: Clock;
  /** Printed QR codes point here. */
  config: { publicUrl: string };
  /** Offers for the booklet's last pages, valid on a date. */
  bookletOffers?: (cityId: string, date: string) => Promise<BookletOffer[]>;
}

type MerchantContext = MemberContext;
const app$ = asAppContext;
const today = (now: Date) => zonedParts(now).date;

/** How far ahead the list looks (a page); "Senare" continues from there. The API defaults to 90 days. */
export const LIST_DAYS = 30;
export const API_DAYS = 90;

const categoryLabel = (slug: string, locale: Locale) => eventCategories[slug as EventCategory]?.[locale] ?? slug;
export const eventPath = (citySlug: string, id: string, prefix = '') => `${prefix}/${citySlug}/evenemang/${id}`;

/** The event forms (the association's and a member's) take a picture: they get the media store's body limit. */
export const EVENT_FORM_PATHS = /^\/[^/]+\/(admin|butik\/[^/]+)\/evenemang$/;

/** A card's thumbnail: small and decorative (the card's title says what it is), lazy below the first cards. */
function Thumbnail(props: { cityId: string; e: Event; eager: boolean; class: string; sizes: string }) {
  return props.e.image ? <ResponsiveImage class={props.class} cityId={props.cityId} image={props.e.image} alt="" sizes={props.sizes} loading={props.eager ? 'eager' : 'lazy'} preferred={320} /> : null;
}

function whenText(o: { date: string; event: Event }, locale: Locale): string {
  const day = formatDateLong(o.date, locale, { withYear: false });
  const time = o.event.endTime ? formatTimeRange(o.event.startTime, o.event.endTime, locale) : `${locale === 'sv' ? 'kl. ' : ''}${formatTime(o.event.startTime, locale)}`;
  return `${day}, ${time}`;
}

const priceLabel = (e: Event, locale: Locale) => (e.priceOre === null || e.priceOre === 0 ? tr(locale, 'Fri entré', 'Free') : formatOre(e.priceOre, locale));

async function placeOf(deps: EventsHttpDeps, city: City, e: Event, cache: Map<string, Business | null>): Promise<{ name: string; href: string | null; address: string }> {
  if (e.placeBusinessId) {
    if (!cache.has(e.placeBusinessId)) cache.set(e.placeBusinessId, await deps.members.getById(city.id, e.placeBusinessId));
    const b = cache.get(e.placeBusinessId);
    if (b && !b.archivedAt) return { name: b.name, href: `/${city.slug}/foretag/${b.slug}`, address: [b.street, b.postalTown].filter(Boolean).join(', ') };
  }
  return { name: e.address, href: null, address: e.address };
}

// ── Public pages ─────────────────────────────────────────────────────────────

interface EventFilters {
  from: string;
  category: EventCategory | null;
  freeOnly: boolean;
  calendar: boolean;
}

function filtersFrom(c: CityContext, now: Date): EventFilters {
  const q = (k: string) => c.req.query(k) ?? '';
  const t = today(now);
  const from = isValidDate(q('fran')) && q('fran') >= addDays(t, -366) ? q('fran') : t;
  const category = (eventCategorySlugs as readonly string[]).includes(q('kategori')) ? (q('kategori') as EventCategory) : null;
  return { from, category, freeOnly: q('gratis') === '1', calendar: q('vy') === 'kalender' };
}

function EventFiltersForm(props: { c: CityContext; f: EventFilters; action: string }) {
  const { f } = props;
  const locale = props.c.get('locale');
  return (
    <form method="get" action={props.action} class="filters" role="search" aria-label={tr(locale, 'Filtrera evenemangen', 'Filter events')} id="evenemang-filter" data-live-filter data-live-region>
      {f.calendar ? <input type="hidden" name="vy" value="kalender" /> : null}
      <div>
        <label for="kategori">{tr(locale, 'Kategori', 'Category')}</label>
        <select id="kategori" name="kategori">
          <option value="">{tr(locale, 'Alla kategorier', 'All categories')}</option>
          {eventCategorySlugs.map((s) => (
            <option value={s} selected={f.category === s}>
              {eventCategories[s][locale]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="fran">{tr(locale, 'Från och med', 'From')}</label>
        <input id="fran" name="fran" type="date" value={f.from} />
      </div>
      <div class="checks">
        <label>
          <input type="checkbox" name="gratis" value="1" checked={f.freeOnly} />
          {tr(locale, 'Bara fri entré', 'Free entry only')}
        </label>
      </div>
      <button type="submit">{tr(locale, 'Visa', 'Show')}</button>
    </form>
  );
}

function OccurrenceCard(props: { c: CityContext; o: EventOccurrence; place: { name: string; href: string | null }; eager: boolean }) {
  const { c, o } = props;
  const locale = c.get('locale');
  const rule = describeRule(o.event.rrule, locale);
  return (
    <li class={`card event-card${o.event.image ? ' has-image' : ''}`}>
      <Thumbnail cityId={c.get('city').id} e={o.event} eager={props.eager} class="event-thumb" sizes="5.5rem" />
      <h3>
        <a href={eventPath(c.get('city').slug, o.event.id, c.get('prefix'))}>{o.event.title}</a>
      </h3>
      <p>
        <time datetime={o.start.toISOString()}>{whenText(o, locale)}</time>
        {props.place.name ? ` · ${props.place.name}` : ''}
      </p>
      <p class="muted">
        {categoryLabel(o.event.category, locale)} · {priceLabel(o.event, locale)}
        {rule ? ` · ${rule}` : ''}
      </p>
    </li>
  );
}

function MonthCalendar(props: { c: CityContext; from: string; occurrences: EventOccurrence[] }) {
  const { c } = props;
  const locale = c.get('locale');
  const first = `${props.from.slice(0, 7)}-01`;
  const start = addDays(first, 1 - isoWeekday(first));
  const weeks: string[][] = [];
  for (let d = start; d.slice(0, 7) <= first.slice(0, 7) || weeks.length === 0; ) {
    const week = [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(d, i));
    weeks.push(week);
    d = addDays(d, 7);
    if (d.slice(0, 7) > first.slice(0, 7)) break;
  }
  const names = locale === 'en' ? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] : ['mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön'];
  const month = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${first}T00:00:00Z`));
  return (
    <div class="table-wrap">
      <table class="calendar">
        <caption>{month}</caption>
        <thead>
          <tr>
            {names.map((n) => (
              <th scope="col">{n}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr>
              {week.map((d) => (
                <td class={d.slice(0, 7) === first.slice(0, 7) ? undefined : 'muted'}>
                  <span>{Number(d.slice(8))}</span>
                  {props.occurrences
                    .filter((o) => o.date === d)
                    .map((o) => (
                      <a href={eventPath(c.get('city').slug, o.event.id, c.get('prefix'))}>
                        <Thumbnail cityId={c.get('city').id} e={o.event} eager={false} class="calendar-thumb" sizes="9rem" />
                        {formatTime(o.event.startTime, locale)} {o.event.title}
                      </a>
                    ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EventListPage(props: { c: CityContext; f: EventFilters; occurrences: EventOccurrence[]; places: Map<string, { name: string; href: string | null }> }) {
  const { c, f } = props;
  const city = c.get('city');
  const locale = c.get('locale');
  const base = `${c.get('prefix')}/${city.slug}/evenemang`;
  const origin = new URL(c.req.url).origin;
  const days = [...new Set(props.occurrences.map((o) => o.date))];
  const feed = `/${city.slug}/evenemang.ics${f.category ? `?kategori=${f.category}` : ''}`;
  const keep = (extra: Record<string, string>) => {
    const p = new URLSearchParams();
    if (f.category) p.set('kategori', f.category);
    if (f.freeOnly) p.set('gratis', '1');
    for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  const title = tr(locale, `Evenemang i ${city.name}`, `Events in ${city.name}`);
  return (
    <Page
      c={app$(c)}
      title={title}
      city={city}
      nav={cityNav(c)}
      description={tr(locale, `Det här händer i ${city.name}: marknader, musik, barnaktiviteter och mer.`, `What is on in ${city.name}.`)}
      head={
        <>
          <link rel="canonical" href={`${origin}${base}`} />
          <link rel="alternate" type="text/calendar" title={tr(locale, 'Kalender (iCalendar)', 'Calendar (iCalendar)')} href={feed} />
        </>
      }
      scripts={[LIVE_FILTER_SCRIPT]}
    >
      <h1>{title}</h1>
      {/* The parts marked data-live-region are swapped in place by live-filter.js. */}
      <nav aria-label={tr(locale, 'Visning', 'View')} id="evenemang-vy" data-live-region data-live-links>
        <ul class="chips">
          <li class="chip">
            <a href={keep({ fran: f.from === today(new Date()) ? '' : f.from })} aria-current={!f.calendar ? 'page' : undefined}>
              {tr(locale, 'Lista', 'List')}
            </a>
          </li>
          <li class="chip">
            <a href={keep({ vy: 'kalender', fran: f.from })} aria-current={f.calendar ? 'page' : undefined}>
              {tr(locale, 'Kalender', 'Calendar')}
            </a>
          </li>
        </ul>
      </nav>
      <EventFiltersForm c={c} f={f} action={base} />
      <p class="result-count" role="status" data-live-status>
        {props.occurrences.length === 0 ? tr(locale, 'Inga evenemang hittades.', 'No events found.') : tr(locale, `${props.occurrences.length} tillfällen`, `${props.occurrences.length} occasions`)}
      </p>
      <div id="evenemang-resultat" data-live-region data-live-links>
        {f.calendar ? (
          <>
            <MonthCalendar c={c} from={f.from} occurrences={props.occurrences} />
            <p>
              <a href={keep({ vy: 'kalender', fran: addDays(`${f.from.slice(0, 7)}-01`, -1).slice(0, 7) + '-01' })}>{tr(locale, '← Förra månaden', '← Previous month')}</a>
              {' · '}
              <a href={keep({ vy: 'kalender', fran: addDays(`${f.from.slice(0, 7)}-01`, 32).slice(0, 7) + '-01' })}>{tr(locale, 'Nästa månad →', 'Next month →')}</a>
            </p>
          </>
        ) : (
          days.map((d) => (
            <section aria-labelledby={`dag-${d}`}>
              <h2 id={`dag-${d}`}>{formatDateLong(d, locale)}</h2>
              <ul class="grid">
                {props.occurrences
                  .filter((o) => o.date === d)
                  .map((o) => (
                    <OccurrenceCard c={c} o={o} place={props.places.get(o.event.id) ?? { name: '', href: null }} eager={props.occurrences.indexOf(o) < 2} />
                  ))}
              </ul>
            </section>
          ))
        )}
        {!f.calendar ? (
          <p>
            <a href={keep({ fran: addDays(f.from, LIST_DAYS + 1) })}>{tr(locale, 'Senare evenemang →', 'Later events →')}</a>
          </p>
        ) : null}
        <h2>{tr(locale, 'Ta med evenemangen', 'Take the events with you')}</h2>
        <ul>
          <li>
            <a href={feed}>{tr(locale, 'Prenumerera i din kalender (iCalendar)', 'Subscribe in your calendar (iCalendar)')}</a>
          </li>
          <li>
            <a href={`/${city.slug}/evenemang.pdf`}>{tr(locale, 'Skriv ut häftet ”Sommar på stan” (PDF, A5)', 'Print the "Summer in town" booklet (PDF, A5)')}</a>
          </li>
        </ul>
      </div>
    </Page>
  );
}

function EventPage(props: { c: CityContext; e: Event; next: EventOccurrence[]; place: { name: string; href: string | null; address: string } }) {
  const { c, e } = props;
  const city = c.get('city');
  const locale = c.get('locale');
  const origin = new URL(c.req.url).origin;
  const url = origin + eventPath(city.slug, e.id, c.get('prefix'));
  const first = props.next[0];
  const rule = describeRule(e.rrule, locale);
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: e.title,
    ...(e.description ? { description: e.description } : {}),
    url,
    ...(first ? { startDate: first.start.toISOString(), ...(first.end ? { endDate: first.end.toISOString() } : {}) } : {}),
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    location: { '@type': 'Place', name: props.place.name || city.name, address: props.place.address || city.name },
    organizer: { '@type': 'Organization', name: e.organiser },
    // The JPEG preview first (every reader knows JPEG), then the largest WebP.
    ...(e.image ? { image: [origin + jpegPreview(city.id, e.image).path, origin + webpPath(city.id, e.image, e.image.widths[e.image.widths.length - 1] ?? e.image.width)] } : {}),
    offers: { '@type': 'Offer', price: ((e.priceOre ?? 0) / 100).toFixed(2), priceCurrency: 'SEK', url },
  };
  const json = JSON.stringify(jsonLd).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  const preview = e.image ? jpegPreview(city.id, e.image) : null;
  return (
    <Page
      c={app$(c)}
      title={e.title}
      city={city}
      nav={cityNav(c)}
      description={(e.description || e.title).slice(0, 160)}
      {...(preview && e.image ? { image: { url: origin + preview.path, width: preview.width, height: preview.height, type: preview.type, alt: e.image.alt } } : {})}
      head={
        <>
          <link rel="canonical" href={url} />
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }}></script>
        </>
      }
    >
      <nav class="breadcrumbs" aria-label={tr(locale, 'Brödsmulor', 'Breadcrumbs')}>
        <a href={`${c.get('prefix')}/${city.slug}`}>{city.name}</a>
        {' › '}
        <a href={`${c.get('prefix')}/${city.slug}/evenemang`}>{tr(locale, 'Evenemang', 'Events')}</a>
        {' › '}
        <span aria-current="page">{e.title}</span>
      </nav>
      <h1>{e.title}</h1>
      <p class="lead">
        {first ? <time datetime={first.start.toISOString()}>{whenText(first, locale)}</time> : tr(locale, 'Har redan varit', 'Already over')}
        {rule ? ` · ${rule}` : ''}
      </p>
      {e.image ? (
        <figure class="event-image">
          <ResponsiveImage cityId={city.id} image={e.image} alt={e.image.alt} sizes="(min-width: 46rem) 44rem, calc(100vw - 2rem)" loading="eager" priority preferred={960} />
        </figure>
      ) : null}
      <dl class="facts">
        <dt>{tr(locale, 'Plats', 'Place')}</dt>
        <dd>{props.place.href ? <a href={`${c.get('prefix')}${props.place.href}`}>{props.place.name}</a> : props.place.name || city.name}</dd>
        <dt>{tr(locale, 'Pris', 'Price')}</dt>
        <dd>{priceLabel(e, locale)}</dd>
        <dt>{tr(locale, 'Kategori', 'Category')}</dt>
        <dd>{categoryLabel(e.category, locale)}</dd>
        <dt>{tr(locale, 'Arrangör', 'Organiser')}</dt>
        <dd>{e.organiser}</dd>
        {e.link ? (
          <>
            <dt>{tr(locale, 'Mer information', 'More information')}</dt>
            <dd>
              <a href={e.link} rel="noopener">
                {e.link.replace(/^https?:\/\//, '')}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      {e.description ? e.description.split(/\n{2,}/).map((p) => <p>{p}</p>) : null}
      <p>
        <a class="button" href={`/${city.slug}/evenemang/${e.id}/kalender.ics`}>
          {tr(locale, 'Lägg till i kalender', 'Add to calendar')}
        </a>
      </p>
      {props.next.length > 1 ? (
        <>
          <h2>{tr(locale, 'Kommande tillfällen', 'Coming dates')}</h2>
          <ul>
            {props.next.slice(0, 8).map((o) => (
              <li>
                <time datetime={o.start.toISOString()}>{whenText(o, locale)}</time>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}

function icsEvents(events: Event[], city: City, origin: string, places: Map<string, string>) {
  return events.map((e) => ({ id: e.id, title: e.title, description: e.description, location: places.get(e.id) ?? e.address, url: origin + eventPath(city.slug, e.id), category: eventCategories[e.category as EventCategory]?.sv ?? e.category, startDate: e.startDate, startTime: e.startTime, endTime: e.endTime, rrule: e.rrule, updatedAt: e.updatedAt }));
}

export function mountEventPages(app: TorgetApp, deps: EventsHttpDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  for (const p of ['/:city/evenemang', '/:city/evenemang/*', '/:city/evenemang.ics', '/:city/evenemang.pdf']) app.use(p, withCity);

  // The booklet: ?titel=Sommar på stan&fran=2027-06-01&till=2027-08-31 (default: today and three months on).
  app.get('/:city/evenemang.pdf', async (ctx) => {
    const c = ctx as unknown as CityContext;
    const city = c.get('city');
    const t = today(deps.clock.now());
    const from = isValidDate(c.req.query('fran') ?? '') ? c.req.query('fran')! : t;
    const askedTo = c.req.query('till') ?? '';
    const to = isValidDate(askedTo) && askedTo >= from && askedTo <= addDays(from, 366) ? askedTo : addDays(from, 91);
    const title = (c.req.query('titel') ?? '').trim().slice(0, 60) || 'Sommar på stan';
    const occurrences = await deps.events.occurrences(city.id, from, to);
    const known = new Map<string, Business | null>();
    const entries = [];
    for (const o of occurrences) {
      const place = await placeOf(deps, city, o.event, known);
      entries.push({ date: o.date, time: o.event.endTime ? formatTimeRange(o.event.startTime, o.event.endTime, 'sv') : `kl. ${formatTime(o.event.startTime)}`, title: o.event.title, place: place.name, price: priceLabel(o.event, 'sv'), description: o.event.description });
    }
    const offers = deps.bookletOffers ? await deps.bookletOffers(city.id, from) : [];
    const pdf = await bookletPdf({ title, cityName: city.name, from, to, url: `${deps.config.publicUrl}/${city.slug}/evenemang`, entries, offers, createdAt: deps.clock.now() });
    return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="evenemang-${city.slug}.pdf"` });
  });
  const cache = createMicroCache({ ttlMs: 5_000 });
  deps.events.onChange(() => cache.clear());
  deps.members.onChange(() => cache.clear());

  app.get('/:city/evenemang.ics', async (ctx) => {
    const c = ctx as unknown as CityContext;
    const city = c.get('city');
    const category = c.req.query('kategori');
    if (category && !(eventCategorySlugs as readonly string[]).includes(category)) throw new DomainError('not_found', 'Kategorin finns inte.');
    const events = await deps.events.published(city.id, category ? { categories: [category] } : {});
    const places = new Map<string, string>();
    const known = new Map<string, Business | null>();
    for (const e of events) places.set(e.id, [(await placeOf(deps, city, e, known)).name, (await placeOf(deps, city, e, known)).address].filter(Boolean).join(', '));
    const body = toIcs(icsEvents(events, city, new URL(c.req.url).origin, places), { name: `${city.name}: evenemang${category ? ` (${eventCategories[category as EventCategory].sv})` : ''}`, host: new URL(c.req.url).host });
    return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
  });

  app.get('/:city/evenemang', cache.middleware, async (ctx) => {
    const c = ctx as unknown as CityContext;
    const city = c.get('city');
    const f = filtersFrom(c, deps.clock.now());
    const from = f.calendar ? `${f.from.slice(0, 7)}-01` : f.from;
    const to = f.calendar ? addDays(addDays(from, 31).slice(0, 7) + '-01', -1) : addDays(from, LIST_DAYS);
    const occurrences = await deps.events.occurrences(city.id, from, to, { ...(f.category ? { categories: [f.category] } : {}), freeOnly: f.freeOnly });
    const places = new Map<string, { name: string; href: string | null }>();
    const known = new Map<string, Business | null>();
    for (const o of occurrences) if (!places.has(o.event.id)) places.set(o.event.id, await placeOf(deps, city, o.event, known));
    return renderPage(ctx, <EventListPage c={c} f={{ ...f, from }} occurrences={occurrences} places={places} />);
  });

  app.get('/:city/evenemang/:id/kalender.ics', async (ctx) => {
    const c = ctx as unknown as CityContext;
    const city = c.get('city');
    const e = await deps.events.getPublished(city.id, c.req.param('id') ?? '');
    if (!e) throw new DomainError('events.not_found', 'Evenemanget finns inte.');
    const place = await placeOf(deps, city, e, new Map());
    const body = toIcs(icsEvents([e], city, new URL(c.req.url).origin, new Map([[e.id, [place.name, place.address].filter(Boolean).join(', ')]])), { name: e.title, host: new URL(c.req.url).host });
    return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': 'attachment; filename="evenemang.ics"' });
  });

  app.get('/:city/evenemang/:id', cache.middleware, async (ctx) => {
    const c = ctx as unknown as CityContext;
    const city = c.get('city');
    const e = await deps.events.getPublished(city.id, c.req.param('id') ?? '');
    if (!e) throw new DomainError('events.not_found', c.get('locale') === 'en' ? 'There is no such event.' : 'Evenemanget finns inte.');
    const t = today(deps.clock.now());
    const next = (await deps.events.occurrences(city.id, t, addDays(t, 366), {})).filter((o) => o.event.id === e.id);
    return renderPage(ctx, <EventPage c={c} e={e} next={next} place={await placeOf(deps, city, e, new Map())} />);
  });
}

// ── The event form, for members and the association ─────────────────────────

interface EventFormValues {
  title: string;
  description: string;
  category: string;
  startDate: string;
  startTime: string;
  endTime: string;
  repeat: string;
  until: string;
  place: string;
  address: string;
  price: string;
  link: string;
  organiser: string;
  imageAlt: string;
}

const emptyForm = (organiser: string, place = ''): EventFormValues => ({ title: '', description: '', category: 'ovrigt', startDate: '', startTime: '', endTime: '', repeat: '', until: '', place, address: '', price: '', link: '', organiser, imageAlt: '' });

const repeats: Record<string, string> = { '': 'Upprepas inte', weekly: 'Varje vecka', biweekly: 'Varannan vecka', monthly: 'Varje månad' };
const byDay = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function formFrom(form: FormData): EventFormValues {
  const get = (k: string, max = 300) => String(form.get(k) ?? '').slice(0, max).trim();
  return { title: get('title'), description: get('description', 3000), category: get('category'), startDate: get('startDate'), startTime: get('startTime'), endTime: get('endTime'), repeat: get('repeat'), until: get('until'), place: get('place'), address: get('address'), price: get('price'), link: get('link', 500), organiser: get('organiser'), imageAlt: get('imageAlt', 200) };
}

/**
 * The form's picture, decoded and checked by the media store (nothing is stored yet:
 * it is saved with the event). A refused file becomes the message beside the field.
 */
async function imageFrom(deps: EventsHttpDeps, form: FormData, errors: FieldErrors): Promise<PreparedImage | null> {
  const file = form.get('image');
  // A browser sends an empty part without a name when no file was chosen; an empty file that has a name is refused.
  if (!(file instanceof File) || (file.size === 0 && !file.name)) return null;
  try {
    return await deps.media.prepare(new Uint8Array(await file.arrayBuffer()));
  } catch (err) {
    if (err instanceof DomainError && err.code.startsWith('media.')) {
      errors.image = err.message;
      return null;
    }
    throw err;
  }
}

/** Reads the whole form: its fields, the picture, and every mistake in them at once. */
async function readEventForm(deps: EventsHttpDeps, form: FormData, v: EventFormValues, organiserBusinessId: string | null): Promise<{ input: EventInput | null; upload: PreparedImage | null; errors: FieldErrors }> {
  const imageErrors: FieldErrors = {};
  const upload = await imageFrom(deps, form, imageErrors);
  const { input, errors } = eventInputFrom(v, organiserBusinessId, upload?.hash ?? null);
  Object.assign(errors, imageErrors);
  if (upload && Object.keys(errors).length > 0) errors.image ??= 'Välj bilden igen: den sparas först när evenemanget sparas.';
  return Object.keys(errors).length > 0 ? { input: null, upload: null, errors } : { input, upload, errors };
}

/** The form's values as the service's input, or the errors to show beside the fields. */
export function eventInputFrom(v: EventFormValues, organiserBusinessId: string | null, imageHash: string | null = null): { input: EventInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  // WCAG 1.1.1: a picture that says something needs words for those who cannot see it.
  if (imageHash && !v.imageAlt) errors.imageAlt = 'Beskriv vad bilden visar, för den som inte ser den.';
  if (!v.title) errors.title = 'Skriv en rubrik.';
  if (!isValidDate(v.startDate)) errors.startDate = 'Ange ett datum som 2026-12-12.';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(v.startTime)) errors.startTime = 'Ange en tid som 19:00.';
  if (v.endTime && !/^([01]\d|2[0-3]):[0-5]\d$/.test(v.endTime)) errors.endTime = 'Ange en tid som 21:00, eller lämna tomt.';
  if (!(eventCategorySlugs as readonly string[]).includes(v.category)) errors.category = 'Välj en kategori.';
  if (v.until && !isValidDate(v.until)) errors.until = 'Ange ett datum som 2027-06-30.';
  if (v.repeat && !repeats[v.repeat]) errors.repeat = 'Välj ett av alternativen.';
  const price = v.price ? Number(v.price.replace(/\s|kr/gi, '').replace(',', '.')) : 0;
  if (!Number.isFinite(price) || price < 0) errors.price = 'Ange priset i kronor, eller lämna tomt om det är gratis.';
  if (v.link && !/^https?:\/\/\S+$/.test(v.link)) errors.link = 'Ange en webbadress som börjar med https://.';
  if (!v.place && !v.address) errors.address = 'Ange var det händer: välj ett företag eller skriv en adress.';
  if (Object.keys(errors).length > 0) return { input: null, errors };
  let rrule: string | null = null;
  if (v.repeat) {
    const day = byDay[isoWeekday(v.startDate) - 1];
    const untilPart = v.until ? `;UNTIL=${v.until.replace(/-/g, '')}T235959Z` : ';COUNT=52';
    rrule = v.repeat === 'monthly' ? `FREQ=MONTHLY${untilPart}` : `FREQ=WEEKLY;INTERVAL=${v.repeat === 'biweekly' ? 2 : 1};BYDAY=${day}${untilPart}`;
  }
  return {
    input: {
      title: v.title,
      description: v.description,
      category: v.category as EventCategory,
      startDate: v.startDate,
      startTime: v.startTime,
      endTime: v.endTime || null,
      rrule,
      placeBusinessId: /^[0-9a-f-]{36}$/i.test(v.place) ? v.place : null,
      address: v.address,
      priceOre: price > 0 ? Math.round(price * 100) : null,
      link: v.link || null,
      organiserBusinessId,
      organiser: v.organiser || 'Arrangören',
      image: imageHash ? { hash: imageHash, alt: v.imageAlt } : null,
    },
    errors,
  };
}

function EventForm(props: { c: CityContext; action: string; v: EventFormValues; errors: FieldErrors; places: Array<{ id: string; name: string }>; askOrganiser: boolean }) {
  const { v, errors } = props;
  const labels: Record<string, string> = { title: 'Rubrik', startDate: 'Datum', startTime: 'Börjar', endTime: 'Slutar', category: 'Kategori', until: 'Upprepas till', repeat: 'Upprepning', price: 'Pris', link: 'Länk', address: 'Adress', image: 'Bild', imageAlt: 'Vad visar bilden?' };
  const imageHint = `Ett foto i JPEG, PNG eller WebP, högst ${MAX_IMAGE_BYTES / (1024 * 1024)} MB. Platsuppgifter (GPS) och annat som kameran sparar i filen tas bort.`;
  return (
    <form method="post" action={props.action} class="stack" enctype="multipart/form-data" novalidate>
      <CsrfField c={app$(props.c)} />
      <ErrorSummary errors={errors} labels={labels} />
      <TextField id="title" name="title" label="Rubrik" value={v.title} error={errors.title} maxlength={120} />
      <TextArea id="description" name="description" label="Beskrivning" value={v.description} maxlength={3000} rows={5} />
      <div>
        <label for="category">Kategori</label>
        <select id="category" name="category">
          {eventCategorySlugs.map((s) => (
            <option value={s} selected={v.category === s}>
              {eventCategories[s].sv}
            </option>
          ))}
        </select>
      </div>
      <TextField id="startDate" name="startDate" label="Datum" type="date" value={v.startDate} error={errors.startDate} />
      <TextField id="startTime" name="startTime" label="Börjar" value={v.startTime} error={errors.startTime} hint="T.ex. 19:00" inputmode="numeric" />
      <TextField id="endTime" name="endTime" label="Slutar (valfritt)" value={v.endTime} error={errors.endTime} hint="T.ex. 21:00" inputmode="numeric" />
      <div>
        <label for="repeat">Upprepning</label>
        <select id="repeat" name="repeat">
          {Object.entries(repeats).map(([k, label]) => (
            <option value={k} selected={v.repeat === k}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <TextField id="until" name="until" label="Upprepas till och med (valfritt)" type="date" value={v.until} error={errors.until} />
      <div>
        <label for="place">Plats</label>
        <select id="place" name="place">
          <option value="">Annan plats (skriv adressen nedan)</option>
          {props.places.map((p) => (
            <option value={p.id} selected={v.place === p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <TextField id="address" name="address" label="Adress eller plats" value={v.address} error={errors.address} hint="T.ex. Stora torget" maxlength={200} />
      <TextField id="price" name="price" label="Pris i kronor" value={v.price} error={errors.price} hint="Lämna tomt om det är gratis" inputmode="decimal" />
      <TextField id="link" name="link" label="Länk för mer information (valfri)" type="url" value={v.link} error={errors.link} />
      <div>
        <LabelWithHint id="image" label="Bild (valfri)" hint={imageHint} />
        <input id="image" name="image" type="file" accept="image/jpeg,image/png,image/webp" aria-invalid={errors.image ? 'true' : undefined} aria-describedby={describedBy('image', errors.image, imageHint)} />
        <FieldMessage id="image" error={errors.image} />
      </div>
      <TextField id="imageAlt" name="imageAlt" label="Vad visar bilden?" value={v.imageAlt} error={errors.imageAlt} hint="Krävs om du väljer en bild. Läses upp för den som inte ser bilden, t.ex. ”Marknadsstånd med äpplen på Stora torget”." maxlength={200} />
      {props.askOrganiser ? <TextField id="organiser" name="organiser" label="Arrangör" value={v.organiser} maxlength={120} /> : null}
      <div class="actions">
        <button type="submit">Spara evenemanget</button>
      </div>
    </form>
  );
}

const statusText: Record<string, string> = { pending: 'Väntar på föreningens granskning', published: 'Publicerat', rejected: 'Inte godkänt' };

function MerchantEventsPage(props: { c: MerchantContext; list: Event[]; v: EventFormValues; errors: FieldErrors; notice?: string }) {
  const { c } = props;
  const b = c.get('business');
  const base = `${c.get('prefix')}/${c.get('city').slug}/butik/${b.slug}`;
  const nav: NavLink[] = [
    { href: base, label: b.name },
    { href: `${base}/evenemang`, label: 'Evenemang' },
  ];
  return (
    <Page c={app$(c)} title={`Evenemang – ${b.name}`} city={c.get('city')} nav={nav} area="merchant">
      <div lang="sv">
        <h1>Evenemang</h1>
        <p class="lead">{b.name}</p>
        {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
        {props.list.length > 0 ? (
          <ul>
            {props.list.map((e) => (
              <li>
                {e.title}, {formatDateLong(e.startDate, 'sv', { withYear: false })}: {statusText[e.status] ?? e.status}
              </li>
            ))}
          </ul>
        ) : (
          <p>Ni har inga evenemang ännu.</p>
        )}
        <h2>Nytt evenemang</h2>
        <p class="hint">Föreningen granskar evenemanget innan det syns, om ni inte redan är betrodd arrangör.</p>
        <EventForm c={c as unknown as CityContext} action={`${base}/evenemang`} v={props.v} errors={props.errors} places={[{ id: b.id, name: b.name }]} askOrganiser={false} />
      </div>
    </Page>
  );
}

/**
 * `/{city}/butik/{business}/evenemang`. Mounted after members' merchant pages, whose
 * middleware has resolved the business and checked the role; the service checks again.
 */
export function mountEventMerchantPages(app: TorgetApp, deps: EventsHttpDeps): void {
  const m = (ctx: Context<AppEnv>) => {
    const c = ctx as unknown as MerchantContext;
    if (!c.get('business')) throw forbidden();
    return c;
  };
  app.get('/:city/butik/:business/evenemang', async (ctx) => {
    const c = m(ctx);
    const b = c.get('business');
    const list = await deps.events.ofBusiness(c.get('actor'), c.get('city').id, b.id);
    const done = c.req.query('klart');
    return renderPage(ctx, <MerchantEventsPage c={c} list={list} v={emptyForm(b.name, b.id)} errors={{}} {...(done === 'publicerat' ? { notice: 'Evenemanget är publicerat.' } : done === 'granskas' ? { notice: 'Tack! Föreningen granskar evenemanget innan det syns.' } : {})} />);
  });
  app.post('/:city/butik/:business/evenemang', async (ctx) => {
    const c = m(ctx);
    const b = c.get('business');
    const form = await c.req.formData();
    const v = { ...formFrom(form), organiser: b.name };
    const { input, upload, errors } = await readEventForm(deps, form, v, b.id);
    if (input && input.placeBusinessId && input.placeBusinessId !== b.id) input.placeBusinessId = null;
    if (!input) {
      const list = await deps.events.ofBusiness(c.get('actor'), c.get('city').id, b.id);
      return renderPage(ctx, <MerchantEventsPage c={c} list={list} v={v} errors={errors} />, 400);
    }
    const created = await deps.events.create(c.get('actor'), c.get('city').id, input, upload ? { upload } : {});
    return c.redirect(`${c.get('prefix')}/${c.get('city').slug}/butik/${b.slug}/evenemang?klart=${created.status === 'published' ? 'publicerat' : 'granskas'}`, 303);
  });
}

// ── The association's moderation ─────────────────────────────────────────────

function AdminEventsPage(props: { c: CityContext; pending: Event[]; organisers: Array<{ business: Business; trusted: boolean }>; places: Array<{ id: string; name: string }>; v: EventFormValues; errors: FieldErrors; notice?: string }) {
  const { c } = props;
  const base = `${c.get('prefix')}/${c.get('city').slug}/admin/evenemang`;
  const isAdmin = can(c.get('actor'), { cityId: c.get('city').id, roles: ['association-admin'] });
  return (
    <Page c={app$(c)} title="Evenemang" city={c.get('city')} nav={associationNav(`${c.get('prefix')}/${c.get('city').slug}/admin`, isAdmin)} area="admin">
      <div lang="sv">
        <h1>Evenemang</h1>
        {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
        <h2>Väntar på granskning</h2>
        {props.pending.length === 0 ? <p>Inga evenemang väntar.</p> : null}
        <ul class="lunch-days">
          {props.pending.map((e) => (
            <li class="card">
              <h3>{e.title}</h3>
              <p>
                {e.organiser} · {formatDateLong(e.startDate, 'sv')} kl. {formatTime(e.startTime)} {describeRule(e.rrule, 'sv') ?? ''}
              </p>
              {e.description ? <p>{e.description}</p> : null}
              {isAdmin ? (
                <div class="actions">
                  <form method="post" action={`${base}/${e.id}/godkann`} class="inline-form">
                    <CsrfField c={app$(c)} />
                    <button type="submit" aria-label={`Godkänn ${e.title}`}>Godkänn</button>
                  </form>
                  <form method="post" action={`${base}/${e.id}/avsla`} class="inline-form">
                    <CsrfField c={app$(c)} />
                    <button type="submit" class="link-button" aria-label={`Avslå ${e.title}`}>Avslå</button>
                  </form>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {isAdmin ? (
          <>
            <h2>Betrodda arrangörer</h2>
            <p class="hint">En betrodd medlems evenemang publiceras direkt, utan granskning.</p>
            <ul>
              {props.organisers.map((o) => (
                <li>
                  <form method="post" action={`${base}/betrodd`} class="inline-form">
                    <CsrfField c={app$(c)} />
                    <input type="hidden" name="businessId" value={o.business.id} />
                    <input type="hidden" name="trusted" value={o.trusted ? '0' : '1'} />
                    {o.business.name}: {o.trusted ? 'betrodd' : 'granskas'}{' '}
                    <button type="submit" class="link-button">
                      {o.trusted ? `Sluta lita på ${o.business.name}` : `Lita på ${o.business.name}`}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h2>Föreningens eget evenemang</h2>
        <EventForm c={c} action={base} v={props.v} errors={props.errors} places={props.places} askOrganiser={true} />
      </div>
    </Page>
  );
}

export function mountEventAdminPages(app: TorgetApp, deps: EventsHttpDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  const gate: MiddlewareHandler<AppEnv> = async (ctx, next) => {
    const c = ctx as unknown as CityContext;
    const actor = c.get('actor');
    if (actor.kind === 'anonymous') return c.redirect(`${c.get('prefix')}/logga-in?stad=${c.get('city').slug}&next=${encodeURIComponent(c.req.path)}`, c.req.method === 'GET' ? 302 : 303);
    if (!can(actor, { cityId: c.get('city').id, roles: ['association-admin', 'association-staff'] })) throw forbidden();
    await next();
  };
  app.use('/:city/admin/evenemang', withCity, gate);
  app.use('/:city/admin/evenemang/*', withCity, gate);

  const render = async (ctx: Context<AppEnv>, v?: EventFormValues, errors: FieldErrors = {}, status = 200) => {
    const c = ctx as unknown as CityContext;
    const city = c.get('city');
    const [pending, trusted, all] = await Promise.all([deps.events.pending(c.get('actor'), city.id), deps.events.trustedBusinessIds(city.id), deps.members.list(city.id, { limit: 500 })]);
    const organisers = all.items.filter((b) => b.isMember).map((b) => ({ business: b, trusted: trusted.includes(b.id) }));
    const done = c.req.query('klart');
    const notices: Record<string, string> = { godkant: 'Evenemanget är publicerat.', avslaget: 'Evenemanget är avslaget.', sparat: 'Evenemanget är publicerat.', betrodd: 'Ändringen är sparad.' };
    return renderPage(ctx, <AdminEventsPage c={c} pending={pending} organisers={organisers} places={all.items.map((b) => ({ id: b.id, name: b.name }))} v={v ?? emptyForm(city.associationName)} errors={errors} {...(done && notices[done] ? { notice: notices[done] } : {})} />, status);
  };
  const back = (ctx: Context<AppEnv>, done: string) => ctx.redirect(`${ctx.get('prefix')}/${(ctx as unknown as CityContext).get('city').slug}/admin/evenemang?klart=${done}`, 303);

  app.get('/:city/admin/evenemang', (ctx) => render(ctx));
  app.post('/:city/admin/evenemang', async (ctx) => {
    const c = ctx as unknown as CityContext;
    const form = await c.req.formData();
    const v = formFrom(form);
    const { input, upload, errors } = await readEventForm(deps, form, v, null);
    if (!input) return render(ctx, v, errors, 400);
    await deps.events.create(c.get('actor'), c.get('city').id, input, upload ? { upload } : {});
    return back(ctx, 'sparat');
  });
  app.post('/:city/admin/evenemang/betrodd', async (ctx) => {
    const c = ctx as unknown as CityContext;
    const form = await c.req.formData();
    const businessId = String(form.get('businessId') ?? '');
    const b = await deps.members.getById(c.get('city').id, businessId);
    if (!b) throw new DomainError('members.business_not_found', 'Företaget finns inte.');
    await deps.events.setTrusted(c.get('actor'), c.get('city').id, b.id, form.get('trusted') === '1');
    return back(ctx, 'betrodd');
  });
  app.post('/:city/admin/evenemang/:id/:decision', async (ctx) => {
    const c = ctx as unknown as CityContext;
    const decision = c.req.param('decision');
    if (decision !== 'godkann' && decision !== 'avsla') throw new DomainError('not_found', 'Sidan finns inte.');
    await deps.events.moderate(c.get('actor'), c.get('city').id, c.req.param('id') ?? '', decision === 'godkann' ? 'published' : 'rejected');
    return back(ctx, decision === 'godkann' ? 'godkant' : 'avslaget');
  });
}

// ── Public API ───────────────────────────────────────────────────────────────

export const EventOccurrenceList = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        description: z.string(),
        category: z.enum(eventCategorySlugs),
        start: z.string().openapi({ description: 'ISO 8601 instant', example: '2026-12-12T09:00:00.000Z' }),
        end: z.string().nullable(),
        localDate: z.string(),
        localTime: z.string(),
        rrule: z.string().nullable(),
        priceOre: z.number().int().nullable().openapi({ description: 'null: free entry' }),
        organiser: z.string(),
        link: z.string().nullable(),
        url: z.string(),
        image: z
          .object({
            url: z.string().openapi({ description: 'A WebP about 640 px wide, from this host' }),
            srcset: z.string(),
            width: z.number().int(),
            height: z.number().int(),
            alt: z.string().openapi({ description: 'What the picture shows' }),
            jpeg: z.string().openapi({ description: 'A JPEG preview (link previews)' }),
          })
          .nullable(),
      }),
    ),
  })
  .openapi('EventOccurrenceList');

function apiImage(cityId: string, e: Event) {
  if (!e.image) return null;
  const s = imageSources(cityId, e.image);
  return { url: s.src, srcset: s.srcset, width: s.width, height: s.height, alt: e.image.alt, jpeg: jpegPreview(cityId, e.image).path };
}

export function mountEventApi(app: TorgetApp, deps: EventsHttpDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cities/{city}/events',
      tags: ['City guide'],
      summary: "The city's events",
      description: 'Public. Every occurrence of published events starting between `from` and `to` (default: today and 90 days on), recurring events expanded in Stockholm time.',
      request: {
        params: z.object({ city: z.string().openapi({ param: { name: 'city', in: 'path' }, example: 'demo' }) }),
        query: z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional(), category: z.enum(eventCategorySlugs).optional(), free: z.enum(['true', 'false']).optional() }),
      },
      responses: { 200: { description: 'Occurrences in time order', content: { 'application/json': { schema: EventOccurrenceList } } }, ...publicErrorResponses },
    }),
    async (ctx) => {
      const city = (ctx as unknown as CityContext).get('city');
      const q = ctx.req.valid('query');
      const from = q.from ?? today(deps.clock.now());
      const to = q.to ?? addDays(from, API_DAYS);
      if (to < from || to > addDays(from, 366)) throw validationError([{ path: '/query/to', message: 'Perioden får vara högst ett år och `to` inte före `from`.', code: 'invalid_value' }]);
      const list = await deps.events.occurrences(city.id, from, to, { ...(q.category ? { categories: [q.category] } : {}), freeOnly: q.free === 'true' });
      return ctx.json({ items: list.map((o) => ({ id: o.event.id, title: o.event.title, description: o.event.description, category: o.event.category as EventCategory, start: o.start.toISOString(), end: o.end?.toISOString() ?? null, localDate: o.date, localTime: o.event.startTime, rrule: o.event.rrule, priceOre: o.event.priceOre, organiser: o.event.organiser, link: o.event.link, url: eventPath(city.slug, o.event.id), image: apiImage(city.id, o.event) })) }, 200);
    },
  );
}

// ── The city map's events layer ──────────────────────────────────────────────

/** The next two weeks' events at a business with coordinates, for the city map. */
export function eventMapLayer(deps: EventsHttpDeps): MapLayer {
  return {
    id: 'evenemang',
    label: (locale) => tr(locale, 'Evenemang de närmaste två veckorna', 'Events in the next two weeks'),
    async points({ city, locale, prefix, now }) {
      const t = today(now);
      const list = await deps.events.occurrences(city.id, t, addDays(t, 14));
      const seen = new Set<string>();
      const known = new Map<string, Business | null>();
      const out: MapPoint[] = [];
      for (const o of list) {
        if (seen.has(o.event.id) || !o.event.placeBusinessId) continue;
        seen.add(o.event.id);
        await placeOf(deps, city, o.event, known);
        const b = known.get(o.event.placeBusinessId);
        if (b && b.lat !== null && b.lng !== null) out.push({ lat: b.lat, lng: b.lng, title: o.event.title, text: whenText(o, locale), href: eventPath(city.slug, o.event.id, prefix) });
      }
      return out;
    },
  };
}
