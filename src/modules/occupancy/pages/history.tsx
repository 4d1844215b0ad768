/** @jsxImportSource hono/jsx */
/**
 * History per hour, `/{city}/butik/rakna/historik?plats=…&dag=YYYY-MM-DD`: the highest
 * count in each hour of a day as a bar chart drawn on the server (SVG, no script), with
 * the same numbers in a table for screen readers and for copying. Staff of the business
 * and the association see it.
 */
import { Page } from '../../../platform/http/ui/layout.js';
import { formatDateLong } from '../../../platform/i18n/format.js';
import { addDays } from '../../../platform/time/zoned.js';
import type { Place } from '../service.js';
import { asApp, LiveStyles, type OccContext } from './shared.js';

export interface HourRow {
  hour: number;
  max: number;
  last: number;
  changes: number;
}

/** Bars for hours with anything to show (first to last non-empty hour, at least 8–20). */
export function visibleHours(rows: HourRow[]): HourRow[] {
  const used = rows.filter((r) => r.max > 0 || r.changes > 0).map((r) => r.hour);
  const from = Math.min(8, ...used);
  const to = Math.max(20, ...used);
  return rows.filter((r) => r.hour >= from && r.hour <= to);
}

/** One bar: its height, the label under it ('' for none), and whether a new group (a day) starts with it. */
export interface Bar {
  value: number;
  label: string;
  groupStart?: boolean;
}

/**
 * A bar chart drawn on the server (SVG, no script): a bar per value, a grid with three
 * ticks, an optional dashed line (a capacity), a thin separator where a group starts.
 * It is one image to assistive technology (`role="img"` with `label`); every page that
 * shows one has the same numbers in a table.
 */
export function BarChart(props: { bars: Bar[]; line?: number | null; label: string }) {
  const bars = props.bars;
  const width = 640;
  const height = 240;
  const pad = { left: 36, right: 8, top: 12, bottom: 28 };
  const top = Math.max(1, props.line ?? 0, ...bars.map((b) => b.value));
  const scale = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / top);
  const slot = (width - pad.left - pad.right) / Math.max(1, bars.length);
  const ticks = [...new Set([0, Math.round(top / 2), top])];
  return (
    <svg class="hour-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.label} xmlns="http://www.w3.org/2000/svg">
      {ticks.map((t) => (
        <g>
          <line x1={pad.left} x2={width - pad.right} y1={scale(t)} y2={scale(t)} class="chart-grid" />
          <text x={pad.left - 6} y={scale(t) + 4} class="chart-axis" text-anchor="end">
            {t}
          </text>
        </g>
      ))}
      {bars.map((b, i) => (
        <g>
          {b.groupStart && i > 0 ? <line x1={pad.left + i * slot} x2={pad.left + i * slot} y1={pad.top} y2={scale(0)} class="chart-grid" /> : null}
          <rect x={pad.left + i * slot + slot * 0.15} y={scale(b.value)} width={slot * 0.7} height={Math.max(0, scale(0) - scale(b.value))} class="chart-bar" />
          {b.label ? (
            <text x={pad.left + i * slot + (b.groupStart ? 2 : slot / 2)} y={height - 10} class="chart-axis" text-anchor={b.groupStart ? 'start' : 'middle'}>
              {b.label}
            </text>
          ) : null}
        </g>
      ))}
      {props.line ? <line x1={pad.left} x2={width - pad.right} y1={scale(props.line)} y2={scale(props.line)} class="chart-capacity" /> : null}
    </svg>
  );
}

/** A day's hours: one bar per hour, the capacity as a line. */
export function HourChart(props: { rows: HourRow[]; capacity: number | null; label: string }) {
  return <BarChart bars={props.rows.map((r) => ({ value: r.max, label: String(r.hour) }))} line={props.capacity} label={props.label} />;
}

export function HistoryPage(props: { c: OccContext; place: Place; day: string; today: string; rows: HourRow[]; counterHref: string }) {
  const { c, place, day } = props;
  const rows = visibleHours(props.rows);
  const dayText = formatDateLong(day, 'sv', { withYear: true, withWeekday: true });
  const link = (d: string) => `?plats=${place.slug}&dag=${d}`;
  const peak = Math.max(0, ...props.rows.map((r) => r.max));
  return (
    <Page c={asApp(c)} title={`Historik – ${place.name}`} city={c.get('city')} area="merchant" head={<LiveStyles />}>
      <div lang="sv">
        <h1>Besökare per timme</h1>
        <p class="lead">
          {place.name}, {dayText}
        </p>
        <nav aria-label="Välj dag" class="day-nav">
          <a href={link(addDays(day, -1))}>Föregående dag</a>
          {day < props.today ? <a href={link(addDays(day, 1))}>Nästa dag</a> : null}
          {day !== props.today ? <a href={link(props.today)}>I dag</a> : null}
        </nav>
        <p>{peak === 0 ? 'Inga besökare räknades den dagen.' : `Flest samtidigt: ${peak}${place.capacity ? ` (kapacitet ${place.capacity})` : ''}.`}</p>
        <figure class="card">
          <HourChart rows={rows} capacity={place.capacity} label={`Stapeldiagram: flest besökare samtidigt per timme, ${dayText}. Samma siffror finns i tabellen nedan.`} />
          <figcaption class="muted">Staplarna visar flest samtidigt under timmen{place.capacity ? '; linjen är kapaciteten' : ''}.</figcaption>
        </figure>
        <div class="table-wrap" role="region" aria-label="Besökare per timme" tabindex={0}>
          <table>
            <caption>Besökare per timme</caption>
            <thead>
              <tr>
                <th scope="col">Timme</th>
                <th scope="col">Flest samtidigt</th>
                <th scope="col">Vid timmens slut</th>
                <th scope="col">Ändringar</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>
                    kl. {r.hour}–{r.hour + 1}
                  </td>
                  <td>{r.max}</td>
                  <td>{r.last}</td>
                  <td>{r.changes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <a href={props.counterHref}>Tillbaka till räknaren</a>
        </p>
      </div>
    </Page>
  );
}
