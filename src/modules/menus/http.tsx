/** @jsxImportSource hono/jsx */
/**
 * The menus module's HTTP face: the city's lunch page (`/{city}/lunch`), the menu
 * section of a business page, the merchant's lunch editor
 * (`/{city}/butik/{business}/lunch`) and the public API (`/api/v1/cities/{city}/menus`).
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
import { ErrorSummary, TextField, type FieldErrors } from '../../platform/http/ui/forms.js';
import { formatDateLong, formatOre, formatTimeRange, weekdayName } from '../../platform/i18n/format.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { addDays, isoWeek, isoWeekday, isValidDate } from '../../platform/time/zoned.js';
import { asAppContext, cityMiddleware, cityNav, type City, tr, type CityContext, type CityService } from '../cities/index.js';
import type { BusinessPageSection } from '../directory/index.js';
import { categories, type Business, type CategorySlug, type MemberContext, type MembersService, type OpeningHours } from '../members/index.js';
import { lunchFlyerPdf } from './pdf.js';
import { dietFilters, dietTags, dietTagSlugs, dishesOn, dishMatches, lunchDate, lunchStatus, parseKronor, streetArea, weekStartOf, type DietFilter, type DietTag, type Dish, type LunchStatus, type LunchWeek } from './lunch.js';
import { toLunchWeek, type LunchMenu, type MenusService } from './service.js';

export interface MenusHttpDeps {
  cities: CityService;
  members: MembersService;
  menus: MenusService;
  clock: Clock;
  /** Printed QR codes point here. */
  config: { publicUrl: string };
  /** The city's card products a business accepts (e.g. "Lunchkuponger", "Presentkort"). */
  cardsAcceptedBy?: (cityId: string, business: Business) => Promise<string[]>;
}

type MerchantContext = MemberContext;
const app$ = asAppContext;

/** Categories that serve lunch. */
export const LUNCH_CATEGORIES = ['restaurang', 'kafe', 'bar'] as const;

const dietLabel = (tag: DietTag, locale: Locale) => dietTags[tag][locale];
const priceText = (ore: number, locale: Locale) => formatOre(ore, locale);

export function describeLunchStatus(s: LunchStatus, locale: Locale): string {
  const time = (t: string) => (locale === 'en' ? t : t.startsWith('0') ? t.slice(1).replace(':00', '').replace(':', '.') : t.replace(':00', '').replace(':', '.'));
  switch (s.kind) {
    case 'serving':
      return tr(locale, `Serveras nu, till kl. ${time(s.until)}`, `Serving now, until ${time(s.until)}`);
    case 'later':
      return tr(locale, `Serveras från kl. ${time(s.from)}`, `Served from ${time(s.from)}`);
    case 'over':
      return tr(locale, 'Lunchen är slut för idag', 'Lunch is over for today');
    case 'closed':
      return tr(locale, 'Ingen lunch idag', 'No lunch today');
    case 'holiday':
      return tr(locale, `Ingen lunch idag (${s.name.toLowerCase()})`, `No lunch today (${s.nameEn})`);
  }
}

function DishList(props: { dishes: Array<Dish & { weekly?: boolean }>; locale: Locale }) {
  const { locale } = props;
  return (
    <ul class="dishes">
      {props.dishes.map((d) => (
        <li>
          <span class="dish-name">
            {d.weekly ? <span class="muted">{tr(locale, 'Veckans: ', 'This week: ')}</span> : null}
            {d.name}
          </span>{' '}
          <span class="dish-price">{priceText(d.priceOre, locale)}</span>
          {d.description ? <span class="dish-desc">{d.description}</span> : null}
          {d.tags.length > 0 ? (
            <span class="dish-tags">
              {d.tags.map((t) => (
                <span class={`tag tag-${t}`}>{dietLabel(t, locale)}</span>
              ))}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

// ── The city's lunch page ────────────────────────────────────────────────────

interface LunchFilters {
  date: string;
  diet: DietFilter | null;
  maxPriceOre: number | null;
  servingNow: boolean;
  /** A street (see `streetArea`); null: the whole town. */
  area: string | null;
  week: boolean;
}

const PRICE_CHOICES = [100_00, 120_00, 150_00];

function filtersFrom(c: CityContext, today: string): LunchFilters {
  const q = (k: string) => c.req.query(k) ?? '';
  const date = isValidDate(q('dag')) ? q('dag') : today;
  const diet = (dietFilters as readonly string[]).includes(q('kost')) ? (q('kost') as DietFilter) : null;
  const max = Number(q('maxpris'));
  return { date, diet, maxPriceOre: PRICE_CHOICES.includes(max * 100) ? max * 100 : null, servingNow: q('oppet') === '1', area: q('omrade').trim() || null, week: q('vy') === 'vecka' };
}

export interface LunchEntry {
  business: Business;
  menu: LunchWeek;
  dishes: Array<Dish & { weekly: boolean }>;
  status: LunchStatus;
  cards: string[];
}

/** The city's restaurants, cafés and bars. */
async function lunchPlaces(deps: MenusHttpDeps, city: City): Promise<Business[]> {
  return (await deps.members.list(city.id, { category: [...LUNCH_CATEGORIES], limit: 500 })).items;
}

/** The restaurants serving on `date` whose dishes match the filters (each shows only matching dishes). */
export async function lunchEntries(deps: MenusHttpDeps, city: City, f: Pick<LunchFilters, 'date' | 'diet' | 'maxPriceOre' | 'servingNow'> & { area?: string | null }, now: Date, places?: Business[]): Promise<LunchEntry[]> {
  const [menus, businesses] = await Promise.all([deps.menus.forWeekOf(city.id, f.date), places ?? lunchPlaces(deps, city)]);
  const byId = new Map(businesses.map((b) => [b.id, b]));
  const isToday = f.date === lunchDate(now);
  const entries: LunchEntry[] = [];
  for (const m of menus) {
    const business = byId.get(m.businessId);
    if (!business || (f.area && streetArea(business.street) !== f.area)) continue;
    const menu = toLunchWeek(m);
    const dishes = dishesOn(menu, f.date).filter((d) => dishMatches(d, f.diet) && (f.maxPriceOre === null || d.priceOre <= f.maxPriceOre));
    if (dishes.length === 0) continue;
    const status: LunchStatus = isToday ? lunchStatus(menu, business.openingHours as OpeningHours, now) : { kind: 'later', from: menu.lunchOpens };
    if (f.servingNow && status.kind !== 'serving') continue;
    entries.push({ business, menu, dishes, status, cards: [] });
  }
  if (deps.cardsAcceptedBy) for (const e of entries) e.cards = await deps.cardsAcceptedBy(city.id, e.business);
  return entries.sort((a, b) => (a.business.sortKey < b.business.sortKey ? -1 : 1));
}

function LunchFiltersForm(props: { c: CityContext; f: LunchFilters; areas: string[]; action: string }) {
  const { f } = props;
  const locale = props.c.get('locale');
  return (
    <form method="get" action={props.action} class="filters" role="search" aria-label={tr(locale, 'Filtrera luncherna', 'Filter lunches')} id="lunch-filter" data-live-filter data-live-region>
      <input type="hidden" name="dag" value={f.date} />
      {f.week ? <input type="hidden" name="vy" value="vecka" /> : null}
      <fieldset>
        <legend>{tr(locale, 'Kost', 'Diet')}</legend>
        <div class="checks">
          <label>
            <input type="radio" name="kost" value="" checked={f.diet === null} />
            {tr(locale, 'Alla rätter', 'All dishes')}
          </label>
          {dietFilters.map((d) => (
            <label>
              <input type="radio" name="kost" value={d} checked={f.diet === d} />
              {dietLabel(d, locale)}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label for="maxpris">{tr(locale, 'Högsta pris', 'Highest price')}</label>
        <select id="maxpris" name="maxpris">
          <option value="">{tr(locale, 'Alla priser', 'Any price')}</option>
          {PRICE_CHOICES.map((p) => (
            <option value={String(p / 100)} selected={f.maxPriceOre === p}>
              {tr(locale, 'högst ', 'up to ')}
              {priceText(p, locale)}
            </option>
          ))}
        </select>
      </div>
      {props.areas.length > 1 ? (
        <div>
          <label for="omrade">{tr(locale, 'Område', 'Area')}</label>
          <select id="omrade" name="omrade">
            <option value="">{tr(locale, 'Hela stan', 'All of town')}</option>
            {props.areas.map((a) => (
              <option value={a} selected={f.area === a}>
                {a}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {!f.week ? (
        <div class="checks">
          <label>
            <input type="checkbox" name="oppet" value="1" checked={f.servingNow} />
            {tr(locale, 'Serveras just nu', 'Serving right now')}
          </label>
        </div>
      ) : null}
      <button type="submit">{tr(locale, 'Visa', 'Show')}</button>
    </form>
  );
}

function LunchCard(props: { e: LunchEntry; c: CityContext; showStatus: boolean }) {
  const { e, c } = props;
  const locale = c.get('locale');
  const href = `${c.get('prefix')}/${c.get('city').slug}/foretag/${e.business.slug}`;
  return (
    <li class="card lunch-card">
      <h3>
        <a href={href}>{e.business.name}</a>
      </h3>
      <p class="muted">
        {e.business.street}
        {' · '}
        {tr(locale, 'Lunch ', 'Lunch ')}
        {formatTimeRange(e.menu.lunchOpens, e.menu.lunchCloses, locale)}
      </p>
      {props.showStatus ? <p class={`status ${e.status.kind === 'serving' ? 'status-open' : 'status-closed'}`}>{describeLunchStatus(e.status, locale)}</p> : null}
      <DishList dishes={e.dishes} locale={locale} />
      {e.cards.length > 0 ? (
        <p class="accepts">
          {tr(locale, 'Här kan du betala med ', 'Pay here with ')}
          {e.cards.join(tr(locale, ' och ', ' and '))}
        </p>
      ) : null}
    </li>
  );
}

function LunchPage(props: { c: CityContext; f: LunchFilters; today: string; areas: string[]; days: Array<{ date: string; entries: LunchEntry[] }> }) {
  const { c, f, today } = props;
  const city = c.get('city');
  const locale = c.get('locale');
  const base = `${c.get('prefix')}/${city.slug}/lunch`;
  const origin = new URL(c.req.url).origin;
  const weekStart = weekStartOf(f.date);
  const dayLabel = formatDateLong(f.date, locale, { withYear: false });
  const title = f.week
    ? tr(locale, `Veckans lunch, vecka ${isoWeek(f.date).week}`, `Lunch this week, week ${isoWeek(f.date).week}`)
    : f.date === today
      ? tr(locale, `Dagens lunch, ${dayLabel}`, `Today's lunch, ${dayLabel}`)
      : tr(locale, `Lunch ${dayLabel}`, `Lunch on ${dayLabel}`);
  const query = (extra: Record<string, string>) => {
    const p = new URLSearchParams();
    if (f.diet) p.set('kost', f.diet);
    if (f.maxPriceOre) p.set('maxpris', String(f.maxPriceOre / 100));
    if (f.area) p.set('omrade', f.area);
    for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  const total = props.days.reduce((n, d) => n + d.entries.length, 0);
  const dishCount = props.days.reduce((n, d) => n + d.entries.reduce((m, e) => m + e.dishes.length, 0), 0);
  return (
    <Page
      c={app$(c)}
      title={title}
      city={city}
      nav={cityNav(c)}
      description={tr(locale, `Dagens lunch på restaurangerna och kaféerna i ${city.name}: rätter, priser och vegetariskt.`, `Today's lunch at the restaurants and cafés of ${city.name}.`)}
      head={<link rel="canonical" href={`${origin}${c.get('prefix')}/${city.slug}/lunch`} />}
      scripts={[LIVE_FILTER_SCRIPT]}
    >
      {/* The parts marked data-live-region are swapped in place by live-filter.js. */}
      <h1 id="lunch-rubrik" data-live-region>
        {title}
      </h1>
      <nav aria-label={tr(locale, 'Välj dag', 'Choose a day')} class="day-nav" id="lunch-dagar" data-live-region data-live-links>
        <ul class="chips">
          {[0, 1, 2, 3, 4].map((i) => {
            const d = addDays(weekStart, i);
            const current = !f.week && d === f.date;
            return (
              <li class="chip">
                <a href={query({ dag: d === today ? '' : d })} aria-current={current ? 'date' : undefined}>
                  {weekdayName(i + 1, locale)}
                  {d === today ? tr(locale, ' (idag)', ' (today)') : ''}
                </a>
              </li>
            );
          })}
          <li class="chip">
            <a href={query({ dag: f.date === today ? '' : f.date, vy: 'vecka' })} aria-current={f.week ? 'page' : undefined}>
              {tr(locale, 'Hela veckan', 'Whole week')}
            </a>
          </li>
        </ul>
      </nav>
      <LunchFiltersForm c={c} f={f} areas={props.areas} action={base} />
      <p class="result-count" role="status" data-live-status>
        {total === 0
          ? tr(locale, 'Inga luncher matchar.', 'No lunches match.')
          : f.week
            ? tr(locale, `${total} luncher i veckan`, `${total} lunches this week`)
            : // The dishes too: a diet filter often keeps every restaurant but not every dish.
              tr(
                locale,
                `${dishCount} ${dishCount === 1 ? 'rätt' : 'rätter'} på ${total} ${total === 1 ? 'restaurang' : 'restauranger'}`,
                `${dishCount} ${dishCount === 1 ? 'dish' : 'dishes'} at ${total} ${total === 1 ? 'restaurant' : 'restaurants'}`,
              )}
      </p>
      <div id="lunch-resultat" data-live-region data-live-links>
        {total === 0 && (f.diet || f.maxPriceOre || f.servingNow || f.area) ? (
          <p>
            <a href={f.week ? `${base}?vy=vecka` : base}>{tr(locale, 'Visa alla luncher', 'Show all lunches')}</a>
          </p>
        ) : null}
        {props.days.map((day) => (
          <section aria-labelledby={`dag-${day.date}`}>
            {f.week ? <h2 id={`dag-${day.date}`}>{formatDateLong(day.date, locale, { withYear: false })}</h2> : <h2 id={`dag-${day.date}`} class="visually-hidden">{tr(locale, 'Restauranger', 'Restaurants')}</h2>}
            <ul class="grid">
              {day.entries.map((e) => (
                <LunchCard e={e} c={c} showStatus={day.date === today} />
              ))}
            </ul>
          </section>
        ))}
      </div>
      <p>
        <a href={`${c.get('prefix')}/${city.slug}/lunch.pdf`}>{tr(locale, 'Skriv ut stadens lunchflygblad (PDF)', 'Print the city lunch flyer (PDF)')}</a>
      </p>
    </Page>
  );
}

export function mountMenuPages(app: TorgetApp, deps: MenusHttpDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  app.use('/:city/lunch', withCity);
  app.use('/:city/lunch.pdf', withCity);
  app.get('/:city/lunch.pdf', async (ctx) => {
    const city = (ctx as unknown as CityContext).get('city');
    const list = await lunchPlaces(deps, city);
    const pdf = await lunchFlyerPdf({ cityName: city.name, url: `${deps.config.publicUrl}/${city.slug}/lunch`, places: list.map((b) => ({ name: b.name, street: b.street, kind: categories[b.category as CategorySlug]?.sv ?? '' })), createdAt: deps.clock.now() });
    return ctx.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="lunch-${city.slug}.pdf"` });
  });
  const cache = createMicroCache({ ttlMs: 5_000 });
  deps.menus.onChange(() => cache.clear());
  deps.members.onChange(() => cache.clear());
  app.get('/:city/lunch', cache.middleware, async (ctx) => {
    const c = ctx as unknown as CityContext;
    const now = deps.clock.now();
    const today = lunchDate(now);
    const f = filtersFrom(c, today);
    const dates = f.week ? [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(weekStartOf(f.date), i)) : [f.date];
    // One list of places for every day shown and for the area filter.
    const places = await lunchPlaces(deps, c.get('city'));
    const days = await Promise.all(dates.map(async (date) => ({ date, entries: await lunchEntries(deps, c.get('city'), { ...f, date, servingNow: f.servingNow && !f.week }, now, places) })));
    const areas = [...new Set(places.map((b) => streetArea(b.street)).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'sv'));
    return renderPage(ctx, <LunchPage c={c} f={f} today={today} areas={areas} days={f.week ? days.filter((d) => d.entries.length > 0) : days} />);
  });
}

// ── The business page's menu section ─────────────────────────────────────────

const schemaDiet: Partial<Record<DietTag, string>> = { vegetarisk: 'https://schema.org/VegetarianDiet', vegansk: 'https://schema.org/VeganDiet', glutenfri: 'https://schema.org/GlutenFreeDiet', laktosfri: 'https://schema.org/LowLactoseDiet' };

function menuItem(d: Dish) {
  const diets = d.tags.map((t) => schemaDiet[t]).filter(Boolean);
  return {
    '@type': 'MenuItem',
    name: d.name,
    ...(d.description ? { description: d.description } : {}),
    offers: { '@type': 'Offer', price: (d.priceOre / 100).toFixed(2), priceCurrency: 'SEK' },
    ...(diets.length ? { suitableForDiet: diets } : {}),
  };
}

/** schema.org `hasMenu` for a week's lunch: one section per day, one for the week's dishes. */
export function menuJsonLd(menu: LunchWeek, locale: Locale): Record<string, unknown> {
  const sections = menu.days.map((d) => ({ '@type': 'MenuSection', name: weekdayName(d.day, locale), hasMenuItem: d.dishes.map(menuItem) }));
  if (menu.weekly.length) sections.push({ '@type': 'MenuSection', name: tr(locale, 'Veckans', 'This week'), hasMenuItem: menu.weekly.map(menuItem) });
  return { '@type': 'Menu', name: tr(locale, 'Lunch', 'Lunch'), hasMenuSection: sections };
}

/** The business page's lunch section: the week's menu, today first, and the cards it accepts. */
export function menuSection(deps: MenusHttpDeps): BusinessPageSection {
  return {
    onChange: (listener) => deps.menus.onChange(listener),
    async render({ city, business, locale, now }) {
      const today = lunchDate(now);
      const [row] = await deps.menus.forWeekOf(city.id, today, [business.id]);
      const cards = deps.cardsAcceptedBy ? await deps.cardsAcceptedBy(city.id, business) : [];
      if (!row && cards.length === 0) return null;
      const menu = row ? toLunchWeek(row) : null;
      const hasMenu = menu && (menu.days.length > 0 || menu.weekly.length > 0);
      return {
        html: (
          <section aria-labelledby="lunch-heading" class="business-section">
            <h2 id="lunch-heading">{hasMenu ? tr(locale, `Lunch vecka ${isoWeek(today).week}`, `Lunch, week ${isoWeek(today).week}`) : tr(locale, 'Betala med stadens kort', 'Pay with the city cards')}</h2>
            {menu && hasMenu ? (
              <>
                <p class="muted">
                  {tr(locale, 'Lunch serveras ', 'Lunch is served ')}
                  {formatTimeRange(menu.lunchOpens, menu.lunchCloses, locale)}
                </p>
                {menu.days.map((d) => {
                  const date = addDays(menu.weekStart, d.day - 1);
                  return (
                    <>
                      <h3>
                        {formatDateLong(date, locale, { withYear: false })}
                        {date === today ? tr(locale, ' (idag)', ' (today)') : ''}
                      </h3>
                      <DishList dishes={d.dishes} locale={locale} />
                    </>
                  );
                })}
                {menu.weekly.length > 0 ? (
                  <>
                    <h3>{tr(locale, 'Hela veckan', 'All week')}</h3>
                    <DishList dishes={menu.weekly} locale={locale} />
                  </>
                ) : null}
              </>
            ) : null}
            {cards.length > 0 ? (
              <p class="accepts">
                {tr(locale, 'Här kan du betala med ', 'Pay here with ')}
                {cards.join(tr(locale, ' och ', ' and '))}.
              </p>
            ) : null}
          </section>
        ),
        ...(menu && hasMenu ? { jsonLd: { hasMenu: menuJsonLd(menu, locale) } } : {}),
      };
    },
  };
}

// ── The merchant's lunch editor ──────────────────────────────────────────────

const DISH_SLOTS = 4;

interface DishRow {
  name: string;
  description: string;
  price: string;
  tags: string[];
}

const rowsFrom = (dishes: Dish[]): DishRow[] => {
  const rows = dishes.map((d) => ({ name: d.name, description: d.description, price: String(d.priceOre / 100).replace('.', ','), tags: [...d.tags] }));
  while (rows.length < DISH_SLOTS) rows.push({ name: '', description: '', price: '', tags: [] });
  return rows;
};

function parseRows(form: FormData): { rows: DishRow[]; dishes: Dish[]; errors: FieldErrors } {
  const rows: DishRow[] = [];
  const dishes: Dish[] = [];
  const errors: FieldErrors = {};
  for (let i = 0; i < DISH_SLOTS; i++) {
    const get = (k: string) => String(form.get(`${k}${i}`) ?? '').slice(0, 300).trim();
    const row = { name: get('namn'), description: get('beskrivning'), price: get('pris'), tags: form.getAll(`kost${i}`).map(String).filter((t) => (dietTagSlugs as readonly string[]).includes(t)) };
    rows.push(row);
    if (!row.name && !row.description && !row.price) continue;
    if (!row.name) errors[`namn${i}`] = 'Skriv rättens namn.';
    const priceOre = parseKronor(row.price);
    if (priceOre === null) errors[`pris${i}`] = 'Ange priset i kronor, t.ex. 115.';
    if (row.name && priceOre !== null) dishes.push({ name: row.name.slice(0, 120), description: row.description, priceOre, tags: row.tags as DietTag[] });
  }
  return { rows, dishes, errors };
}

const merchantBase = (c: MerchantContext) => `${c.get('prefix')}/${c.get('city').slug}/butik/${c.get('business').slug}`;

function MerchantShell(props: { c: MerchantContext; title: string; children?: unknown }) {
  const { c } = props;
  const base = merchantBase(c);
  const nav: NavLink[] = [
    { href: base, label: c.get('business').name },
    { href: `${base}/lunch`, label: 'Lunch' },
  ];
  return (
    <Page c={app$(c)} title={props.title} city={c.get('city')} nav={nav} area="merchant">
      <div lang="sv">{props.children as never}</div>
    </Page>
  );
}

const dayName = (day: number | 'weekly') => (day === 'weekly' ? 'Veckans rätter' : weekdayName(day, 'sv').replace(/^./, (x) => x.toUpperCase()));

function WeekPage(props: { c: MerchantContext; week: LunchWeek; today: string; notice?: string; error?: string }) {
  const { c, week } = props;
  const base = `${merchantBase(c)}/lunch`;
  const w = isoWeek(week.weekStart).week;
  const slots: Array<number | 'weekly'> = [1, 2, 3, 4, 5, 6, 7, 'weekly'];
  return (
    <MerchantShell c={c} title={`Lunch vecka ${w} – ${c.get('business').name}`}>
      <h1>Lunch vecka {w}</h1>
      <p class="lead">
        {c.get('business').name}, {formatDateLong(week.weekStart, 'sv', { withYear: false, withWeekday: false })}–{formatDateLong(addDays(week.weekStart, 6), 'sv', { withWeekday: false })}
      </p>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <form method="post" action={`${base}/${week.weekStart}/kopiera`} class="inline-form">
        <CsrfField c={app$(c)} />
        <button type="submit">Kopiera förra veckans lunch</button>
      </form>
      <ul class="lunch-days">
        {slots.map((slot) => {
          const dishes = slot === 'weekly' ? week.weekly : (week.days.find((d) => d.day === slot)?.dishes ?? []);
          const date = slot === 'weekly' ? null : addDays(week.weekStart, slot - 1);
          return (
            <li class="card">
              <h2>
                {dayName(slot)}
                {date ? <span class="muted"> {formatDateLong(date, 'sv', { withYear: false, withWeekday: false })}{date === props.today ? ' (idag)' : ''}</span> : null}
              </h2>
              {dishes.length > 0 ? <DishList dishes={dishes} locale="sv" /> : <p class="muted">Ingen lunch inlagd.</p>}
              <a class="button" href={`${base}/${week.weekStart}/${slot === 'weekly' ? 'veckans' : slot}`} aria-label={`Ändra ${dayName(slot).toLowerCase()}`}>
                {dishes.length > 0 ? 'Ändra' : 'Lägg in'}
              </a>
            </li>
          );
        })}
      </ul>
      <form method="post" action={`${base}/${week.weekStart}/tider`} class="stack">
        <CsrfField c={app$(c)} />
        <fieldset>
          <legend>Lunchtider den här veckan</legend>
          <TextField id="opens" name="opens" label="Från" type="text" inputmode="numeric" value={week.lunchOpens} hint="T.ex. 11:00" />
          <TextField id="closes" name="closes" label="Till" type="text" inputmode="numeric" value={week.lunchCloses} hint="T.ex. 14:00" />
        </fieldset>
        <button type="submit">Spara lunchtiderna</button>
      </form>
      <p>
        <a href={`${c.get('prefix')}/${c.get('city').slug}/foretag/${c.get('business').slug}/dekal.pdf`}>Skriv ut en dekal för fönstret (PDF med QR-kod)</a>
      </p>
      <p>
        <a href={`${base}?vecka=${addDays(week.weekStart, -7)}`}>← Förra veckan</a> · <a href={`${base}?vecka=${addDays(week.weekStart, 7)}`}>Nästa vecka →</a>
      </p>
    </MerchantShell>
  );
}

function DayPage(props: { c: MerchantContext; weekStart: string; day: number | 'weekly'; rows: DishRow[]; errors: FieldErrors }) {
  const { c, rows, errors } = props;
  const action = `${merchantBase(c)}/lunch/${props.weekStart}/${props.day === 'weekly' ? 'veckans' : props.day}`;
  const labels: Record<string, string> = {};
  rows.forEach((_, i) => {
    labels[`namn${i}`] = `Rätt ${i + 1}, namn`;
    labels[`pris${i}`] = `Rätt ${i + 1}, pris`;
  });
  const when = props.day === 'weekly' ? `vecka ${isoWeek(props.weekStart).week}` : formatDateLong(addDays(props.weekStart, props.day - 1), 'sv', { withYear: false, withWeekday: false });
  return (
    <MerchantShell c={c} title={`${dayName(props.day)} – lunch`}>
      <h1>
        {dayName(props.day)} <span class="muted">{when}</span>
      </h1>
      <p class="hint">{props.day === 'weekly' ? 'Veckans rätter serveras varje dag som har lunch.' : 'Lämna en rad tom om ni har färre rätter.'}</p>
      <form method="post" action={action} class="stack" novalidate>
        <CsrfField c={app$(c)} />
        <ErrorSummary errors={errors} labels={labels} />
        {rows.map((r, i) => (
          <fieldset class="dish-editor">
            <legend>Rätt {i + 1}</legend>
            <TextField id={`namn${i}`} name={`namn${i}`} label="Namn" value={r.name} error={errors[`namn${i}`]} maxlength={120} />
            <TextField id={`beskrivning${i}`} name={`beskrivning${i}`} label="Beskrivning (valfri)" value={r.description} maxlength={300} />
            <TextField id={`pris${i}`} name={`pris${i}`} label="Pris i kronor" value={r.price} inputmode="decimal" error={errors[`pris${i}`]} maxlength={10} />
            <fieldset>
              <legend>Kost och allergener</legend>
              <div class="checks">
                {dietTagSlugs.map((t) => (
                  <label>
                    <input type="checkbox" name={`kost${i}`} value={t} checked={r.tags.includes(t)} />
                    {dietTags[t].sv}
                  </label>
                ))}
              </div>
            </fieldset>
          </fieldset>
        ))}
        <div class="actions">
          <button type="submit">Spara</button>
          <a href={`${merchantBase(c)}/lunch?vecka=${props.weekStart}`}>Avbryt</a>
        </div>
      </form>
    </MerchantShell>
  );
}

const doneText: Record<string, string> = { sparat: 'Lunchen är sparad.', kopierat: 'Förra veckans lunch är kopierad. Ändra det som skiljer.', tider: 'Lunchtiderna är sparade.' };

/**
 * `/{city}/butik/{business}/lunch…`. Mounted after members' merchant pages, whose
 * middleware on `/:city/butik/:business/*` has resolved the business and let only its
 * people and the association's admins through; the service checks the role again.
 */
export function mountMenuMerchantPages(app: TorgetApp, deps: MenusHttpDeps): void {
  const m = (ctx: Context<AppEnv>) => {
    const c = ctx as unknown as MerchantContext;
    if (!c.get('business')) throw forbidden();
    return c;
  };
  const week = (value: string | undefined, today: string) => {
    if (value === undefined || value === '') return weekStartOf(today);
    if (!isValidDate(value) || isoWeekday(value) !== 1) throw new DomainError('menus.week_invalid', 'Veckan anges med sin måndag, ÅÅÅÅ-MM-DD.');
    return value;
  };
  const daySlot = (value: string): number | 'weekly' => {
    if (value === 'veckans') return 'weekly';
    if (/^[1-7]$/.test(value)) return Number(value);
    throw new DomainError('not_found', 'Sidan finns inte.');
  };
  const meta = (c: MerchantContext) => ({ cityId: c.get('city').id, businessId: c.get('business').id });

  app.get('/:city/butik/:business/lunch', async (ctx) => {
    const c = m(ctx);
    const today = lunchDate(deps.clock.now());
    const w = week(c.req.query('vecka'), today);
    const menu = await deps.menus.weekOrEmpty(meta(c).cityId, meta(c).businessId, w);
    const done = c.req.query('klart');
    return renderPage(ctx, <WeekPage c={c} week={menu} today={today} {...(done && doneText[done] ? { notice: doneText[done] } : {})} />);
  });

  app.get('/:city/butik/:business/lunch/:week/:day', async (ctx) => {
    const c = m(ctx);
    const w = week(c.req.param('week'), '');
    const day = daySlot(c.req.param('day') ?? '');
    const menu = await deps.menus.weekOrEmpty(meta(c).cityId, meta(c).businessId, w);
    const dishes = day === 'weekly' ? menu.weekly : (menu.days.find((d) => d.day === day)?.dishes ?? []);
    return renderPage(ctx, <DayPage c={c} weekStart={w} day={day} rows={rowsFrom(dishes)} errors={{}} />);
  });

  app.post('/:city/butik/:business/lunch/:week/kopiera', async (ctx) => {
    const c = m(ctx);
    const w = week(c.req.param('week'), '');
    try {
      await deps.menus.copyPreviousWeek(c.get('actor'), meta(c).cityId, meta(c).businessId, w);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'menus.nothing_to_copy') {
        const menu = await deps.menus.weekOrEmpty(meta(c).cityId, meta(c).businessId, w);
        return renderPage(ctx, <WeekPage c={c} week={menu} today={lunchDate(deps.clock.now())} error="Det finns ingen lunch förra veckan att kopiera. Lägg in veckan dag för dag." />, 409);
      }
      throw err;
    }
    return c.redirect(`${merchantBase(c)}/lunch?vecka=${w}&klart=kopierat`, 303);
  });

  app.post('/:city/butik/:business/lunch/:week/tider', async (ctx) => {
    const c = m(ctx);
    const w = week(c.req.param('week'), '');
    const form = await c.req.formData();
    try {
      await deps.menus.saveHours(c.get('actor'), meta(c).cityId, meta(c).businessId, w, { opens: String(form.get('opens') ?? '').trim(), closes: String(form.get('closes') ?? '').trim() });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation') {
        const menu = await deps.menus.weekOrEmpty(meta(c).cityId, meta(c).businessId, w);
        return renderPage(ctx, <WeekPage c={c} week={menu} today={lunchDate(deps.clock.now())} error="Lunchtiderna skrivs som 11:00 och 14:00, och lunchen måste sluta efter att den börjar." />, 400);
      }
      throw err;
    }
    return c.redirect(`${merchantBase(c)}/lunch?vecka=${w}&klart=tider`, 303);
  });

  app.post('/:city/butik/:business/lunch/:week/:day', async (ctx) => {
    const c = m(ctx);
    const w = week(c.req.param('week'), '');
    const day = daySlot(c.req.param('day') ?? '');
    const { rows, dishes, errors } = parseRows(await c.req.formData());
    if (Object.keys(errors).length > 0) return renderPage(ctx, <DayPage c={c} weekStart={w} day={day} rows={rows} errors={errors} />, 400);
    await deps.menus.saveDay(c.get('actor'), meta(c).cityId, meta(c).businessId, w, day, dishes);
    return c.redirect(`${merchantBase(c)}/lunch?vecka=${w}&klart=sparat`, 303);
  });
}

// ── Public API ───────────────────────────────────────────────────────────────

const ApiDish = z.object({ name: z.string(), description: z.string(), priceOre: z.number().int(), tags: z.array(z.enum(dietTagSlugs)), weekly: z.boolean() }).openapi('LunchDish');
export const LunchMenuList = z
  .object({
    date: z.string().openapi({ example: '2026-12-11' }),
    items: z.array(
      z.object({
        business: z.object({ slug: z.string(), name: z.string(), url: z.string() }),
        lunchHours: z.object({ opens: z.string(), closes: z.string() }),
        status: z.enum(['serving', 'later', 'over', 'closed', 'holiday']),
        accepts: z.array(z.string()),
        dishes: z.array(ApiDish),
      }),
    ),
  })
  .openapi('LunchMenuList');

export function mountMenuApi(app: TorgetApp, deps: MenusHttpDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cities/{city}/menus',
      tags: ['City guide'],
      summary: "A day's lunch across the city",
      description: 'Public. Every restaurant serving lunch on `date` (default today in Stockholm) with its dishes, filtered by diet, highest price and area (street).',
      request: {
        params: z.object({ city: z.string().openapi({ param: { name: 'city', in: 'path' }, example: 'demo' }) }),
        query: z.strictObject({
          date: z.iso.date().optional().openapi({ example: '2026-12-11' }),
          diet: z.enum(dietFilters).optional(),
          maxPriceOre: z.coerce.number().int().min(0).optional(),
          area: z.string().max(100).optional().openapi({ description: 'A street: places on it (the street name without number, e.g. Storgatan)', example: 'Storgatan' }),
        }),
      },
      responses: { 200: { description: 'Lunches', content: { 'application/json': { schema: LunchMenuList } } }, ...publicErrorResponses },
    }),
    async (ctx) => {
      const city = (ctx as unknown as CityContext).get('city');
      const q = ctx.req.valid('query');
      const now = deps.clock.now();
      const date = q.date ?? lunchDate(now);
      const entries = await lunchEntries(deps, city, { date, diet: q.diet ?? null, maxPriceOre: q.maxPriceOre ?? null, servingNow: false, area: q.area?.trim() || null }, now);
      return ctx.json(
        {
          date,
          items: entries.map((e) => ({
            business: { slug: e.business.slug, name: e.business.name, url: `/${city.slug}/foretag/${e.business.slug}` },
            lunchHours: { opens: e.menu.lunchOpens, closes: e.menu.lunchCloses },
            status: e.status.kind,
            accepts: e.cards,
            dishes: e.dishes.map((d) => ({ name: d.name, description: d.description, priceOre: d.priceOre, tags: d.tags, weekly: d.weekly })),
          })),
        },
        200,
      );
    },
  );
}

export type { LunchMenu };
