/** @jsxImportSource hono/jsx */
/**
 * /{city}/foretag/{slug}: one business — status now, the week's hours, upcoming
 * special days, contact details and schema.org JSON-LD for search engines.
 */
import { cityNav } from '../../cities/http.js';
import { businessSlug, describeRegularHours, intervalsOn, openStatus, type Business, type OpeningHours } from '../../members/index.js';
import { DomainError } from '../../../platform/errors.js';
import { formatDateLong, formatTimeRange, formatWeekdayRange, weekdayName } from '../../../platform/i18n/format.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { formatSwedishPhone } from '../../../platform/identity/phone.js';
import { Page, renderPage } from '../../../platform/http/ui/layout.js';
import { swedishHolidaysOn } from '../../../platform/time/holidays.js';
import { addDays, isoWeekday } from '../../../platform/time/zoned.js';
import type { BusinessSectionContent, DirectoryHttpDeps } from '../deps.js';
import { businessJsonLd, jsonLdScriptContent } from '../json-ld.js';
import { windowStickerPdf } from '../sticker-pdf.js';
import { businessPath, categoryLabel, descriptionOf, hoursOf, publicOrgNumber, serviceLabel } from '../public-business.js';
import { asAppContext, StatusLine, stockholmToday, tr, type DirectoryContext } from './shared.js';

/** How far ahead the page lists special days (holidays, events, summer closing). */
export const SPECIAL_DAYS_AHEAD = 30;

/** The regular week as grouped lines, each with the ISO weekdays it covers. */
export function weekLines(hours: OpeningHours, locale: Locale): Array<{ days: string; hours: string; from: number; to: number }> {
  const lines = describeRegularHours(hours, locale);
  let from = 1;
  return lines.map((line) => {
    // Lines are consecutive and Monday first; find where this one ends.
    let to = from;
    while (to < 7 && formatWeekdayRange(from, to, locale) !== line.days) to++;
    const result = { ...line, from, to };
    from = to + 1;
    return result;
  });
}

/** "julafton 24 december: stängt", "lördag 2 januari: kl. 10–14"; special days from today on. */
export function upcomingSpecialDays(hours: OpeningHours, today: string, locale: Locale, days = SPECIAL_DAYS_AHEAD): Array<{ date: string; text: string }> {
  const last = addDays(today, days);
  const dates = [...new Set(hours.special.map((s) => s.date))].filter((d) => d >= today && d <= last).sort();
  return dates.map((date) => {
    const entries = hours.special.filter((s) => s.date === date);
    const note = entries.find((s) => s.note)?.note;
    const holiday = swedishHolidaysOn(date)[0];
    const name = note ?? (holiday ? (locale === 'en' ? holiday.nameEn : holiday.name.toLowerCase()) : weekdayName(isoWeekday(date), locale));
    const intervals = intervalsOn(hours, date);
    const time =
      intervals.length === 0
        ? tr(locale, 'stängt', 'closed')
        : (locale === 'sv' ? 'kl. ' : '') + intervals.map((i) => formatTimeRange(i.opens, i.closes, locale, { withKl: false })).join(', ');
    return { date, text: `${name} ${formatDateLong(date, locale, { withYear: false, withWeekday: false })}: ${time}` };
  });
}

const osmLink = (lat: number, lng: number) => `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=18/${lat}/${lng}`;

function nationalPhone(e164: string): string {
  try {
    return formatSwedishPhone(e164, 'national');
  } catch {
    return e164;
  }
}

const displayUrl = (url: string) => url.replace(/^https?:\/\//, '').replace(/\/$/, '');

/** Lets a long address break after "@", "/" and "." on a narrow phone instead of overflowing. */
function Breakable(props: { text: string }) {
  const parts = props.text.split(/(?<=[@/.])/);
  return (
    <>
      {parts.map((part, i) => (
        <>
          {i > 0 ? <wbr /> : null}
          {part}
        </>
      ))}
    </>
  );
}

function BusinessPage(props: { c: DirectoryContext; b: Business; now: Date; sections: BusinessSectionContent[] }) {
  const { c, b, now, sections } = props;
  const city = c.get('city');
  const locale = c.get('locale');
  const prefix = c.get('prefix');
  const today = stockholmToday(now);
  const hours = hoursOf(b);
  const status = openStatus(hours, now);
  const todayWeekday = isoWeekday(today);
  const lines = weekLines(hours, locale);
  const special = upcomingSpecialDays(hours, today, locale);
  const description = descriptionOf(b, locale);
  const orgNumber = publicOrgNumber(b);
  const offered = b.services ?? [];
  const listPath = `${prefix}/${city.slug}/foretag`;
  const origin = new URL(c.req.url).origin;
  const jsonLd = jsonLdScriptContent(Object.assign(businessJsonLd(b, { pageUrl: origin + businessPath(city.slug, b.slug), today, locale }), ...sections.map((s) => s.jsonLd ?? {})));
  const address = [b.street, [b.postalCode, b.postalTown].filter(Boolean).join(' ')].filter(Boolean);
  const category = categoryLabel(b.category, locale);

  return (
    <Page
      c={asAppContext(c)}
      title={b.name}
      city={city}
      nav={cityNav(c)}
      description={(description || `${category}, ${address.join(', ')}`).slice(0, 160)}
      head={
        <>
          <link rel="canonical" href={origin + businessPath(city.slug, b.slug, prefix)} />
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }}></script>
        </>
      }
    >
      <nav class="breadcrumbs" aria-label={tr(locale, 'Brödsmulor', 'Breadcrumbs')}>
        <a href={`${prefix}/${city.slug}`}>{city.name}</a>
        {' › '}
        <a href={listPath}>{tr(locale, 'Företag', 'Businesses')}</a>
        {' › '}
        <span aria-current="page">{b.name}</span>
      </nav>
      <h1>{b.name}</h1>
      <p class="lead">{category}</p>
      <StatusLine status={status} locale={locale} today={today} />
      {sections.filter((s) => s.placement === 'status').map((s) => s.html)}
      {description ? <p>{description}</p> : null}

      <div class="two-col">
        <section aria-labelledby="hours-heading">
          <h2 id="hours-heading">{tr(locale, 'Öppettider', 'Opening hours')}</h2>
          {hours.regular.length === 0 ? (
            <p>{tr(locale, 'Företaget har inte angett några öppettider.', 'No opening hours given.')}</p>
          ) : (
            <div class="table-wrap">
              <table class="hours">
                <caption class="visually-hidden">{tr(locale, 'Öppettider en vanlig vecka', 'Opening hours in a normal week')}</caption>
                <tbody>
                  {lines.map((line) => {
                    const isToday = todayWeekday >= line.from && todayWeekday <= line.to;
                    return (
                      <tr class={isToday ? 'today' : undefined}>
                        <th scope="row">
                          {line.days}
                          {isToday ? <span> ({tr(locale, 'idag', 'today')})</span> : null}
                        </th>
                        <td>{line.hours}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {special.length > 0 ? (
            <>
              <h3>{tr(locale, 'Avvikande öppettider', 'Special opening hours')}</h3>
              <ul>
                {special.map((s) => (
                  <li>
                    <time datetime={s.date}>{s.text}</time>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>

        <section aria-labelledby="contact-heading">
          <h2 id="contact-heading">{tr(locale, 'Hitta hit och kontakt', 'Find us and contact')}</h2>
          <dl class="facts">
            {address.length > 0 ? (
              <>
                <dt>{tr(locale, 'Adress', 'Address')}</dt>
                <dd>
                  <address>
                    {address.map((part, i) => (
                      <>
                        {i > 0 ? <br /> : null}
                        {part}
                      </>
                    ))}
                  </address>
                  {b.lat !== null && b.lng !== null ? <a href={osmLink(b.lat, b.lng)}>{tr(locale, 'Visa på kartan (OpenStreetMap)', 'Show on the map (OpenStreetMap)')}</a> : null}
                </dd>
              </>
            ) : null}
            {b.phone ? (
              <>
                <dt>{tr(locale, 'Telefon', 'Phone')}</dt>
                <dd>
                  <a href={`tel:${b.phone}`}>{nationalPhone(b.phone)}</a>
                </dd>
              </>
            ) : null}
            {b.email ? (
              <>
                <dt>{tr(locale, 'E-post', 'E-mail')}</dt>
                <dd>
                  <a href={`mailto:${b.email}`}>
                    <Breakable text={b.email} />
                  </a>
                </dd>
              </>
            ) : null}
            {b.website ? (
              <>
                <dt>{tr(locale, 'Webbplats', 'Website')}</dt>
                <dd>
                  <a href={b.website} rel="noopener">
                    <Breakable text={displayUrl(b.website)} />
                  </a>
                </dd>
              </>
            ) : null}
            {orgNumber ? (
              <>
                <dt>{tr(locale, 'Org.nr', 'Org. no.')}</dt>
                <dd>{orgNumber}</dd>
              </>
            ) : null}
          </dl>
          {offered.length > 0 ? (
            <>
              <h2>{tr(locale, 'Det här erbjuder vi', 'What we offer')}</h2>
              <ul class="chips">
                {offered.map((s) => (
                  <li class="chip">{serviceLabel(s, locale)}</li>
                ))}
              </ul>
            </>
          ) : null}
          {b.isMember ? <p class="muted">{tr(locale, `Medlem i ${city.associationName}.`, `Member of ${city.associationName}.`)}</p> : null}
        </section>
      </div>
      {sections.filter((s) => s.placement !== 'status').map((s) => s.html)}
      <p>
        <a href={listPath}>{tr(locale, '← Alla företag', '← All businesses')}</a>
      </p>
    </Page>
  );
}

export async function renderBusinessPage(c: DirectoryContext, deps: DirectoryHttpDeps): Promise<Response> {
  const city = c.get('city');
  const slug = c.req.param('slug') ?? '';
  const found = businessSlug.safeParse(slug).success ? await deps.members.lookup(city.id, slug) : null;
  if (!found) throw new DomainError('members.business_not_found', c.get('locale') === 'en' ? 'There is no business at this address.' : 'Det finns inget företag på den här adressen.');
  if ('redirectTo' in found) {
    // Printed QR codes and old links keep working after a rename.
    return c.redirect(businessPath(city.slug, found.redirectTo, c.get('prefix')) + new URL(c.req.url).search, 301);
  }
  const now = deps.clock.now();
  const input = { city, business: found.business, locale: c.get('locale'), prefix: c.get('prefix'), now };
  const sections = (
    await Promise.all((deps.businessSections ?? []).map(async (s) => {
      const content = await s.render(input);
      return content ? ({ ...content, placement: s.placement ?? 'body' } satisfies BusinessSectionContent) : null;
    }))
  ).filter((s) => s !== null);
  return renderPage(asAppContext(c), <BusinessPage c={c} b={found.business} now={now} sections={sections} />);
}

/** /{city}/foretag/{slug}/dekal.pdf: the window sticker with a QR code to the page. */
export async function renderSticker(c: DirectoryContext, deps: DirectoryHttpDeps): Promise<Response> {
  const city = c.get('city');
  const slug = c.req.param('slug') ?? '';
  const found = businessSlug.safeParse(slug).success ? await deps.members.lookup(city.id, slug) : null;
  if (!found || !('business' in found)) throw new DomainError('members.business_not_found', 'Det finns inget företag på den här adressen.');
  const pdf = await windowStickerPdf({ cityName: city.name, businessName: found.business.name, url: `${deps.publicUrl ?? new URL(c.req.url).origin}${businessPath(city.slug, found.business.slug)}`, createdAt: deps.clock.now() });
  return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="dekal-${found.business.slug}.pdf"` });
}
