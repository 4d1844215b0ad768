/** @jsxImportSource hono/jsx */
/**
 * The association's history, `/{city}/admin/besokare?dag=…&visa=dag|vecka`: the whole
 * city centre hour by hour for a day or an ISO week. The city's total per hour (the sum
 * over the counted places) as a bar chart drawn on the server, the same numbers in a
 * table, then each place (per hour for a day, per day for a week) with a link to its
 * own chart, and all of it as CSV (`/{city}/admin/besokare.csv`, same query).
 */
import { can } from '../../../platform/auth/roles.js';
import { Page } from '../../../platform/http/ui/layout.js';
import { formatDateLong, weekdayName } from '../../../platform/i18n/format.js';
import { csvDocument } from '../../../platform/text/csv.js';
import { addDays, isoWeek, isoWeekday, isValidDate, zonedDateTimeToInstant, zonedParts } from '../../../platform/time/zoned.js';
import { associationNav } from '../../cities/index.js';
import type { CityHours, HourStats } from '../service.js';
import { BarChart, type Bar } from './history.js';
import { asApp, cityBase, LiveStyles, type OccContext } from './shared.js';

export type Span = 'dag' | 'vecka';

/** The period asked for: a day, or the Monday-to-Sunday week around it; never later than today. */
export interface Period {
  span: Span;
  /** The day asked for (the week's own days are `first` … `first + 6`). */
  day: string;
  first: string;
  days: number;
  from: Date;
  to: Date;
  today: string;
}

export function periodOf(query: { dag?: string | undefined; visa?: string | undefined }, now: Date): Period {
  const today = zonedParts(now).date;
  const asked = query.dag ?? today;
  const day = isValidDate(asked) && asked <= today ? asked : today;
  const span: Span = query.visa === 'vecka' ? 'vecka' : 'dag';
  const first = span === 'vecka' ? addDays(day, 1 - isoWeekday(day)) : day;
  const days = span === 'vecka' ? 7 : 1;
  const from = zonedDateTimeToInstant(first, '00:00');
  const end = zonedDateTimeToInstant(addDays(first, days), '00:00');
  // Hours that have not begun are not history: up to the end of the current hour.
  const to = new Date(Math.min(end.getTime(), Math.ceil(now.getTime() / 3600_000) * 3600_000));
  return { span, day, first, days, from, to: to > from ? to : from, today };
}

/** One hour as the page and the file name it: its Stockholm date and hour. */
interface HourOf {
  date: string;
  hour: number;
  stats: HourStats;
}

const local = (hours: HourStats[]): HourOf[] =>
  hours.map((h) => {
    const p = zonedParts(h.hourStart);
    return { date: p.date, hour: Number(p.time.slice(0, 2)), stats: h };
  });

/** The hours of the day worth a column: the used ones, and at least 8–20. */
function hourRange(rows: HourOf[]): [number, number] {
  const used = rows.filter((r) => r.stats.max > 0 || r.stats.changes > 0).map((r) => r.hour);
  return [Math.min(8, ...used), Math.max(20, ...used)];
}

const weekday = (date: string) => weekdayName(isoWeekday(date), 'sv');
const shortWeekday = (date: string) => weekday(date).slice(0, 3);
const periodText = (p: Period) => {
  if (p.span === 'dag') return formatDateLong(p.day, 'sv', { withYear: true, withWeekday: true });
  const { week } = isoWeek(p.first);
  return `vecka ${week}, ${formatDateLong(p.first, 'sv', { withYear: false, withWeekday: false })} – ${formatDateLong(addDays(p.first, 6), 'sv', { withYear: true, withWeekday: false })}`;
};

export function CityHistoryPage(props: { c: OccContext; period: Period; data: CityHours }) {
  const { c, period, data } = props;
  const admin = `${cityBase(c)}/admin`;
  const isAdmin = can(c.get('actor'), { cityId: c.get('city').id, roles: ['association-admin'] });
  const total = local(data.total);
  const [firstHour, lastHour] = hourRange(total);
  const shown = total.filter((r) => r.hour >= firstHour && r.hour <= lastHour);
  // The hours shown (none that have not begun), in order.
  const columns = [...new Set(shown.map((r) => r.hour))].sort((a, b) => a - b);
  const week = period.span === 'vecka';
  const bars: Bar[] = shown.map((r, i) => {
    const newDay = i === 0 || shown[i - 1]!.date !== r.date;
    return week ? { value: r.stats.max, label: newDay ? shortWeekday(r.date) : '', groupStart: newDay } : { value: r.stats.max, label: String(r.hour) };
  });
  const peak = shown.reduce<HourOf | null>((best, r) => (r.stats.max > (best?.stats.max ?? 0) ? r : best), null);
  const what = periodText(period);
  const query = (day: string, span: Span = period.span) => `?dag=${day}&visa=${span}`;
  const step = week ? 7 : 1;
  const hourText = (r: HourOf) => `kl. ${r.hour}–${r.hour + 1}`;
  const dates = Array.from({ length: period.days }, (_, i) => addDays(period.first, i)).filter((d) => d <= period.today);
  const placeHref = (slug: string, day: string) => `${cityBase(c)}/butik/rakna/historik?plats=${slug}&dag=${day}`;
  return (
    <Page c={asApp(c)} title="Besökare" city={c.get('city')} area="admin" nav={associationNav(admin, isAdmin)} head={<LiveStyles />}>
      <div lang="sv">
        <h1>Besökare i stadskärnan</h1>
        <p class="lead">{what[0]!.toUpperCase() + what.slice(1)}</p>
        <nav aria-label="Välj period" class="day-nav">
          <a href={query(addDays(period.day, -step))}>{week ? 'Föregående vecka' : 'Föregående dag'}</a>
          {addDays(period.first, step) <= period.today ? <a href={query(addDays(period.day, step) > period.today ? period.today : addDays(period.day, step))}>{week ? 'Nästa vecka' : 'Nästa dag'}</a> : null}
          <a href={query(period.day, 'dag')} aria-current={week ? undefined : 'page'}>
            En dag
          </a>
          <a href={query(period.day, 'vecka')} aria-current={week ? 'page' : undefined}>
            Hela veckan
          </a>
          {period.day !== period.today ? <a href={query(period.today)}>I dag</a> : null}
        </nav>
        <form method="get" class="filters">
          <div>
            <label for="dag">Dag</label>
            <input id="dag" name="dag" type="date" value={period.day} max={period.today} />
          </div>
          <div>
            <label for="visa">Visa</label>
            <select id="visa" name="visa">
              <option value="dag" selected={!week}>
                Den dagen
              </option>
              <option value="vecka" selected={week}>
                Hela veckan
              </option>
            </select>
          </div>
          <div>
            <button type="submit">Visa</button>
          </div>
        </form>
        <p>
          {!peak
            ? 'Inga besökare räknades under perioden.'
            : `Flest samtidigt (summan av platsernas högsta antal under timmen): ${peak.stats.max}, ${week ? `${weekday(peak.date)} ` : ''}${hourText(peak)}. ${data.places.length} ${data.places.length === 1 ? 'plats räknades' : 'platser räknades'}.`}
        </p>
        <figure class="card">
          <BarChart bars={bars} label={`Stapeldiagram: besökare per timme i hela stadskärnan, ${what}. Samma siffror finns i tabellen nedan.`} />
          <figcaption class="muted">{week ? 'Staplarna visar summan av varje plats högsta antal under timmen, dag för dag; samma siffror finns i tabellen. Välj en dag för hur många som var inne vid varje timmes slut.' : 'Staplarna visar summan av varje plats högsta antal under timmen. Tabellen har också hur många som var inne vid timmens slut.'}</figcaption>
        </figure>
        {week ? (
          <div class="table-wrap" role="region" aria-label="Hela stadskärnan per timme och dag" tabindex={0}>
            <table>
              <caption>Flest samtidigt i hela stadskärnan (summa), per timme och dag</caption>
              <thead>
                <tr>
                  <th scope="col">Timme</th>
                  {dates.map((d) => (
                    <th scope="col">{`${shortWeekday(d)} ${Number(d.slice(8))}/${Number(d.slice(5, 7))}`}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {columns.map((h) => (
                  <tr>
                    <th scope="row">{`kl. ${h}–${h + 1}`}</th>
                    {dates.map((d) => {
                      const here = shown.filter((r) => r.date === d && r.hour === h);
                      return <td>{here.length === 0 ? '–' : Math.max(...here.map((r) => r.stats.max))}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <div class="table-wrap" role="region" aria-label="Hela stadskärnan per timme" tabindex={0}>
            <table>
              <caption>Hela stadskärnan per timme</caption>
              <thead>
                <tr>
                  <th scope="col">Timme</th>
                  <th scope="col">Flest samtidigt (summa)</th>
                  <th scope="col">Inne vid timmens slut</th>
                  <th scope="col">Ändringar</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr>
                    <td>{hourText(r)}</td>
                    <td>{r.stats.max}</td>
                    <td>{r.stats.last}</td>
                    <td>{r.stats.changes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h2>Per plats</h2>
        {data.places.length === 0 ? (
          <p>Ingen plats räknades under perioden.</p>
        ) : (
          <div class="table-wrap" role="region" aria-label={week ? 'Flest samtidigt per plats och dag' : 'Flest samtidigt per plats och timme'} tabindex={0}>
            <table>
              <caption>{week ? 'Flest samtidigt per plats och dag' : 'Flest samtidigt per plats och timme'}</caption>
              <thead>
                <tr>
                  <th scope="col">Plats</th>
                  {week
                    ? dates.map((d) => <th scope="col">{shortWeekday(d)}</th>)
                    : columns.map((h) => <th scope="col">{h}</th>)}
                  <th scope="col">Högst</th>
                </tr>
              </thead>
              <tbody>
                {data.places.map(({ place, hours }) => {
                  const rows = local(hours);
                  const cells = week
                    ? dates.map((d) => Math.max(0, ...rows.filter((r) => r.date === d).map((r) => r.stats.max)))
                    : columns.map((h) => Math.max(0, ...rows.filter((r) => r.hour === h).map((r) => r.stats.max)));
                  return (
                    <tr>
                      <th scope="row">
                        <a href={placeHref(place.slug, period.day)}>{place.name}</a>
                      </th>
                      {cells.map((n) => (
                        <td>{n}</td>
                      ))}
                      <td>{Math.max(0, ...cells)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <a class="button" href={`${admin}/besokare.csv${query(period.day)}`} download>
            Ladda ned som CSV
          </a>
        </p>
        <p class="muted">
          Räknat av personalen vid dörren och av dörrsensorer. <a href={`${cityBase(c)}/butik/rakna`}>Räkna besökare</a> · <a href={`${cityBase(c)}/live`}>Skärmen för hela staden</a>
        </p>
      </div>
    </Page>
  );
}

/** The file: every hour of the period, the city's total first, then each place. */
export function cityHistoryCsv(data: CityHours): string {
  const row = (slug: string, name: string, r: HourOf) => [r.date, `${String(r.hour).padStart(2, '0')}:00`, r.stats.hourStart.toISOString(), slug, name, r.stats.max, r.stats.last, r.stats.changes];
  return csvDocument(
    ['datum', 'timme', 'start_utc', 'plats', 'namn', 'flest_samtidigt', 'vid_timmens_slut', 'andringar'],
    [...local(data.total).map((r) => row('', 'Alla platser', r)), ...data.places.flatMap(({ place, hours }) => local(hours).map((r) => row(place.slug, place.name, r)))],
  );
}

export const cityHistoryFileName = (p: Period) => (p.span === 'vecka' ? `besokare-vecka-${isoWeek(p.first).year}-${String(isoWeek(p.first).week).padStart(2, '0')}.csv` : `besokare-${p.day}.csv`);
