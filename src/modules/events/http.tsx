/** @jsxImportSource hono/jsx */
/**
 * The events module's public HTTP face: `/{city}/evenemang` (list and month calendar,
 * with filters), one event's page (schema.org Event, "Lägg till i kalender"), iCalendar
 * feeds, the booklet, `/api/v1/cities/{city}/events` and the city map's layer. The
 * members' and the association's pages are in `manage.tsx`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { DomainError, validationError } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import { createMicroCache } from '../../platform/http/micro-cache.js';
import { publicErrorResponses } from '../../platform/http/openapi.js';
import type { AppEnv } from '../../platform/http/types.js';
import { LIVE_FILTER_SCRIPT, Page, renderPage } from '../../platform/http/ui/layout.js';
import { imageSources, jpegPreview, ResponsiveImage, webpPath } from '../../platform/media/index.js';
import { formatDateLong, formatTime, formatTimeRange } from '../../platform/i18n/format.js';
import { addDays, isoWeekday, isValidDate } from '../../platform/time/zoned.js';
import { asAppContext, cityMiddleware, cityNav, type City, tr, type CityContext } from '../cities/index.js';
import type { Business } from '../members/index.js';
import type { MapLayer, MapPoint } from '../directory/index.js';
import { occurrencesOf } from './changes.js';
import { toIcs } from './ics.js';
import { bookletPdf } from './pdf.js';
import { describeRule, eventCategories, eventCategorySlugs, type EventCategory } from './recurrence.js';
import type { Event, EventOccurrence } from './service.js';
import { CancelledTag, categoryLabel, eventPath, placeOf, priceLabel, Thumbnail, today, whenText, type EventsHttpDeps } from './view.js';

export { EVENT_FORM_PATHS, eventPath, type EventsHttpDeps } from './view.js';

const app$ = asAppContext;

/** How far ahead the list looks (a page); "Senare" continues from there. The API defaults to 90 days. */
export const LIST_DAYS = 30;
export const API_DAYS = 90;

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
        {o.cancelled ? <CancelledTag locale={locale} /> : null}
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
                        {o.cancelled ? `${tr(locale, 'Inställt', 'Cancelled')}: ` : ''}
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
  // The whole event, or the date the page leads with, is called off.
  const cancelled = e.cancelledAt !== null || (first?.cancelled ?? false);
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: e.title,
    ...(e.description ? { description: e.description } : {}),
    url,
    ...(first ? { startDate: first.start.toISOString(), ...(first.end ? { endDate: first.end.toISOString() } : {}) } : {}),
    eventStatus: cancelled ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
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
      {e.cancelledAt ? (
        <div class="notice notice-cancelled">
          <p>
            <strong>{tr(locale, 'Inställt.', 'Cancelled.')}</strong> {tr(locale, 'Evenemanget blir inte av.', 'The event will not take place.')}
          </p>
        </div>
      ) : first?.cancelled ? (
        <div class="notice notice-cancelled">
          <p>
            <strong>{tr(locale, 'Inställt', 'Cancelled')}</strong> {whenText(first, locale)}.{' '}
            {props.next.some((o) => !o.cancelled) ? tr(locale, 'Se kommande tillfällen nedan.', 'See the coming dates below.') : ''}
          </p>
        </div>
      ) : null}
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
                {o.cancelled && !e.cancelledAt ? <> – {tr(locale, 'inställt', 'cancelled')}</> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}

function icsEvents(events: Event[], city: City, origin: string, places: Map<string, string>) {
  return events.map((e) => ({
    id: e.id,
    title: e.title,
    description: e.description,
    location: places.get(e.id) ?? e.address,
    url: origin + eventPath(city.slug, e.id),
    category: eventCategories[e.category as EventCategory]?.sv ?? e.category,
    startDate: e.startDate,
    startTime: e.startTime,
    endTime: e.endTime,
    rrule: e.rrule,
    updatedAt: e.updatedAt,
    sequence: e.sequence,
    cancelled: e.cancelledAt !== null,
    cancelledDates: e.cancelledDates,
  }));
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
      entries.push({ date: o.date, time: o.event.endTime ? formatTimeRange(o.event.startTime, o.event.endTime, 'sv') : `kl. ${formatTime(o.event.startTime)}`, title: o.cancelled ? `Inställt: ${o.event.title}` : o.event.title, place: place.name, price: priceLabel(o.event, 'sv'), description: o.event.description });
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
    const next = occurrencesOf(e, t, addDays(t, 366));
    return renderPage(ctx, <EventPage c={c} e={e} next={next} place={await placeOf(deps, city, e, new Map())} />);
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
        status: z.enum(['scheduled', 'cancelled']).openapi({ description: '`cancelled`: called off ("Inställt"), the whole event or this date; it stays listed so people learn of it' }),
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
      description: 'Public. Every occurrence of published events starting between `from` and `to` (default: today and 90 days on), recurring events expanded in Stockholm time. Called-off occurrences stay in the list with `status: cancelled`.',
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
      return ctx.json({ items: list.map((o) => ({ id: o.event.id, title: o.event.title, description: o.event.description, category: o.event.category as EventCategory, status: o.cancelled ? ('cancelled' as const) : ('scheduled' as const), start: o.start.toISOString(), end: o.end?.toISOString() ?? null, localDate: o.date, localTime: o.event.startTime, rrule: o.event.rrule, priceOre: o.event.priceOre, organiser: o.event.organiser, link: o.event.link, url: eventPath(city.slug, o.event.id), image: apiImage(city.id, o.event) })) }, 200);
    },
  );
}

// ── The city map's events layer ──────────────────────────────────────────────

/** The next two weeks' events at a business with coordinates, for the city map. */
export function eventMapLayer(deps: EventsHttpDeps): MapLayer {
  return {
    id: 'evenemang',
    onChange: (listener) => deps.events.onChange(listener),
    label: (locale) => tr(locale, 'Evenemang de närmaste två veckorna', 'Events in the next two weeks'),
    async points({ city, locale, prefix, now }) {
      const t = today(now);
      const list = await deps.events.occurrences(city.id, t, addDays(t, 14));
      const seen = new Set<string>();
      const known = new Map<string, Business | null>();
      const out: MapPoint[] = [];
      for (const o of list) {
        // The map points people somewhere: a called-off date sends nobody.
        if (o.cancelled || seen.has(o.event.id) || !o.event.placeBusinessId) continue;
        seen.add(o.event.id);
        await placeOf(deps, city, o.event, known);
        const b = known.get(o.event.placeBusinessId);
        if (b && b.lat !== null && b.lng !== null) out.push({ lat: b.lat, lng: b.lng, title: o.event.title, text: whenText(o, locale), href: eventPath(city.slug, o.event.id, prefix) });
      }
      return out;
    },
  };
}
