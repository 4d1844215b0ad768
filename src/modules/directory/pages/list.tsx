/** @jsxImportSource hono/jsx */
/**
 * /{city}/foretag: the list of a city's businesses with search and filters. A plain
 * GET form, so it works without JavaScript and every result page has its own URL.
 */
import { cityNav } from '../../cities/http.js';
import { categories, categoryGroups, categorySlugs, openStatus, serviceSlugs, type Business, type CategoryGroup, type CategorySlug, type ServiceSlug } from '../../members/index.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { LIVE_FILTER_SCRIPT, Page, renderPage } from '../../../platform/http/ui/layout.js';
import type { DirectoryHttpDeps } from '../deps.js';
import { categoryLabel, hoursOf, serviceLabel } from '../public-business.js';
import { asAppContext, countBusinesses, countHits, StatusLine, stockholmToday, tr, type DirectoryContext } from './shared.js';

export const PAGE_SIZE = 30;
const MAX_QUERY_LENGTH = 100;

const groupLabels: Record<CategoryGroup, { sv: string; en: string }> = {
  shop: { sv: 'Butiker', en: 'Shops' },
  food: { sv: 'Mat och dryck', en: 'Food and drink' },
  salon: { sv: 'Frisör och skönhet', en: 'Hair and beauty' },
  service: { sv: 'Tjänster, hälsa och boende', en: 'Services, health and stays' },
  culture: { sv: 'Kultur och nöje', en: 'Culture and entertainment' },
  property: { sv: 'Fastighetsägare', en: 'Property owners' },
};

export interface ListFilters {
  q: string;
  categories: CategorySlug[];
  services: ServiceSlug[];
  openNow: boolean;
  cursor: string | null;
}

const knownCategories = new Set<string>(categorySlugs);
const knownServices = new Set<string>(serviceSlugs);

/** Reads the form's query string; values the form cannot produce are ignored, not errors. */
export function parseListFilters(c: DirectoryContext): ListFilters {
  const many = (name: string) => (c.req.queries(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
  const oppet = c.req.query('oppet');
  return {
    q: (c.req.query('q') ?? '').trim().slice(0, MAX_QUERY_LENGTH),
    categories: [...new Set(many('kategori').filter((s) => knownCategories.has(s)))] as CategorySlug[],
    services: [...new Set(many('tjanst').filter((s) => knownServices.has(s)))] as ServiceSlug[],
    openNow: oppet === '1' || oppet === 'true' || oppet === 'on',
    cursor: c.req.query('cursor') || null,
  };
}

/** The query string for these filters (without the cursor unless given). */
export function filterQuery(f: ListFilters, cursor: string | null = null): string {
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  for (const cat of f.categories) params.append('kategori', cat);
  for (const s of f.services) params.append('tjanst', s);
  if (f.openNow) params.set('oppet', '1');
  if (cursor) params.set('cursor', cursor);
  const s = params.toString();
  return s ? `?${s}` : '';
}

const hasFilters = (f: ListFilters) => Boolean(f.q || f.categories.length || f.services.length || f.openNow);

function BusinessCard(props: { b: Business; base: string; locale: Locale; now: Date; today: string }) {
  const { b, locale } = props;
  const address = [b.street, b.postalTown].filter(Boolean).join(', ');
  const offered = (b.services ?? []).filter((s) => knownServices.has(s));
  return (
    <li>
      <article class="card business-card">
        <h3>
          <a href={`${props.base}/${b.slug}`}>{b.name}</a>
        </h3>
        <p class="meta">{categoryLabel(b.category, locale)}</p>
        {address ? <p class="meta">{address}</p> : null}
        <StatusLine status={openStatus(hoursOf(b), props.now)} locale={locale} today={props.today} />
        {offered.length > 0 ? (
          <ul class="chips" aria-label={tr(locale, 'Erbjuder', 'Offers')}>
            {offered.map((s) => (
              <li class="chip">{serviceLabel(s, locale)}</li>
            ))}
          </ul>
        ) : null}
      </article>
    </li>
  );
}

function FilterForm(props: { action: string; f: ListFilters; locale: Locale }) {
  const { f, locale } = props;
  const selected = f.categories.length === 1 ? f.categories[0] : '';
  return (
    <form class="filters card" method="get" action={props.action} role="search" aria-label={tr(locale, 'Sök företag', 'Search businesses')} id="foretag-filter" data-live-filter data-live-region>
      <div>
        <label for="q">{tr(locale, 'Sök bland företagen', 'Search the businesses')}</label>
        <input type="search" id="q" name="q" value={f.q} maxlength={MAX_QUERY_LENGTH} autocomplete="off" />
      </div>
      <div>
        <label for="kategori">{tr(locale, 'Kategori', 'Category')}</label>
        <select id="kategori" name="kategori">
          <option value="">{tr(locale, 'Alla kategorier', 'All categories')}</option>
          {categoryGroups.map((group) => (
            <optgroup label={groupLabels[group][locale]}>
              {categorySlugs
                .filter((slug) => categories[slug].group === group)
                .map((slug) => (
                  <option value={slug} selected={slug === selected}>
                    {categories[slug][locale]}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div class="checks">
        <label>
          <input type="checkbox" name="oppet" value="1" checked={f.openNow} />
          {tr(locale, 'Öppet nu', 'Open now')}
        </label>
      </div>
      <fieldset class="checks">
        <legend>{tr(locale, 'Tjänster', 'Services')}</legend>
        {serviceSlugs.map((s) => (
          <label>
            <input type="checkbox" name="tjanst" value={s} checked={f.services.includes(s)} />
            {serviceLabel(s, locale)}
          </label>
        ))}
      </fieldset>
      <div class="filter-actions actions" id="foretag-rensa" data-live-region data-live-links>
        <button type="submit">{tr(locale, 'Sök', 'Search')}</button>
        {hasFilters(f) ? <a href={props.action}>{tr(locale, 'Rensa filtren', 'Clear filters')}</a> : null}
      </div>
    </form>
  );
}

export async function renderBusinessList(c: DirectoryContext, deps: DirectoryHttpDeps): Promise<Response> {
  const city = c.get('city');
  const locale = c.get('locale');
  const base = `${c.get('prefix')}/${city.slug}/foretag`;
  const f = parseListFilters(c);
  const now = deps.clock.now();
  const today = stockholmToday(now);
  const search = {
    ...(f.q ? { q: f.q } : {}),
    category: f.categories,
    services: f.services,
    ...(f.openNow ? { openAt: now } : {}),
  };

  const [total, page] = await Promise.all([deps.members.count(city.id, search), deps.members.list(city.id, { ...search, limit: PAGE_SIZE, cursor: f.cursor })]);
  const heading = tr(locale, `Företag i ${city.name}`, `Businesses in ${city.name}`);
  const countText = f.q ? countHits(total, f.q, locale) : countBusinesses(total, locale);
  return renderPage(
    asAppContext(c),
    <Page
      c={asAppContext(c)}
      title={tr(locale, 'Företag', 'Businesses')}
      city={city}
      nav={cityNav(c)}
      description={tr(locale, `Butiker, restauranger och tjänster i ${city.name}: öppettider, adresser och vad de erbjuder.`, `Shops, restaurants and services in ${city.name}: opening hours, addresses and what they offer.`)}
      scripts={[LIVE_FILTER_SCRIPT]}
    >
      <h1>{heading}</h1>
      <FilterForm action={base} f={f} locale={locale} />
      <h2 class="visually-hidden">{tr(locale, 'Sökresultat', 'Results')}</h2>
      <p class="result-count" role="status" data-live-status>
        {countText}
      </p>
      {/* Swapped in place by live-filter.js, with the form's "Rensa filtren". */}
      <div id="foretag-resultat" data-live-region data-live-links>
        {page.items.length > 0 ? (
          <ul class="grid">
            {page.items.map((b) => (
              <BusinessCard b={b} base={base} locale={locale} now={now} today={today} />
            ))}
          </ul>
        ) : (
          <div class="notice notice-info">
            {hasFilters(f) ? (
              <>
                <p>{tr(locale, 'Inga företag matchar din sökning.', 'No businesses match your search.')}</p>
                <p>
                  {tr(locale, 'Prova ett annat ord eller ', 'Try another word or ')}
                  <a href={base}>{tr(locale, 'rensa filtren', 'clear the filters')}</a>
                  {tr(locale, ' för att se alla företag.', ' to see every business.')}
                </p>
              </>
            ) : (
              <p>{tr(locale, 'Här finns inga företag ännu.', 'There are no businesses here yet.')}</p>
            )}
          </div>
        )}
        {page.nextCursor || f.cursor ? (
          <nav class="pager" aria-label={tr(locale, 'Fler resultat', 'More results')}>
            {f.cursor ? <a href={`${base}${filterQuery(f)}`}>{tr(locale, 'Till början', 'Back to the start')}</a> : <span></span>}
            {page.nextCursor ? (
              <a href={`${base}${filterQuery(f, page.nextCursor)}`} rel="next">
                {tr(locale, 'Visa fler', 'Show more')}
              </a>
            ) : null}
          </nav>
        ) : null}
      </div>
    </Page>,
  );
}
