/** @jsxImportSource hono/jsx */
/**
 * Staff's bookings, `/{city}/butik/{business}/bokningar?dag=…`: the day's bookings in
 * time order with "kom inte" (no-show) buttons, and the schedules: days, times, slot
 * length, capacity, dates off.
 */
import { CsrfField, Notice, Page } from '../../../platform/http/ui/layout.js';
import { formatDateLong, formatTimeRange, formatWeekdayRange, weekdayName } from '../../../platform/i18n/format.js';
import { formatSwedishPhone } from '../../../platform/identity/phone.js';
import { addDays, zonedParts } from '../../../platform/time/zoned.js';
import type { Booking, BusinessInfo, Schedule } from '../service.js';
import { cityBase, type BookContext } from './public.js';

const asApp = (c: BookContext) => c as never;

function weekdaysText(days: number[]): string {
  const sorted = [...days].sort();
  const consecutive = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (consecutive && sorted.length > 2) return formatWeekdayRange(sorted[0]!, sorted[sorted.length - 1]!, 'sv');
  return sorted.map((d) => weekdayName(d, 'sv')).join(', ');
}

export function DayPage(props: { c: BookContext; business: BusinessInfo; date: string; rows: Booking[]; schedules: Schedule[]; closed: Map<string, Set<string>>; notice?: string | undefined; error?: string | undefined; canEdit: boolean }) {
  const { c, business, date, rows } = props;
  const base = `${cityBase(c)}/butik/${business.slug}/bokningar`;
  const time = (d: Date) => zonedParts(d).time.slice(0, 5);
  return (
    <Page c={asApp(c)} title={`Bokningar – ${business.name}`} city={c.get('city')} area="merchant" nav={[{ href: `${cityBase(c)}/butik/${business.slug}`, label: business.name }, { href: base, label: 'Bokningar' }]}>
      <div lang="sv">
        <h1>Bokningar {formatDateLong(date, 'sv', { withYear: false, withWeekday: true })}</h1>
        {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
        <nav aria-label="Välj dag" class="day-nav">
          <a href={`${base}?dag=${addDays(date, -1)}`}>Föregående dag</a>
          <a href={`${base}?dag=${addDays(date, 1)}`}>Nästa dag</a>
        </nav>
        {rows.length === 0 ? (
          <p>Inga bokningar den dagen.</p>
        ) : (
          <div class="table-wrap" role="region" aria-label="Dagens bokningar" tabindex={0}>
            <table>
              <caption>Bokningar</caption>
              <thead>
                <tr>
                  <th scope="col">Tid</th>
                  <th scope="col">Namn</th>
                  <th scope="col">Kontakt</th>
                  <th scope="col">Kom</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((b) => (
                  <tr>
                    <td>{formatTimeRange(time(b.startsAt), time(b.endsAt), 'sv', { withKl: false })}</td>
                    <td>{b.name}</td>
                    <td>{b.email ?? (b.phone ? formatSwedishPhone(b.phone) : '')}</td>
                    <td>
                      <form method="post" action={`${base}/utebliven`} class="inline-form">
                        <CsrfField c={asApp(c)} />
                        <input type="hidden" name="id" value={b.id} />
                        <input type="hidden" name="dag" value={date} />
                        <input type="hidden" name="utebliven" value={b.status === 'no_show' ? '0' : '1'} />
                        {b.status === 'no_show' ? <strong>Kom inte</strong> : null}{' '}
                        <button type="submit" class="secondary">
                          {b.status === 'no_show' ? `Ångra: ${b.name} kom` : `${b.name} kom inte`}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h2 id="scheman">Scheman</h2>
        {props.schedules.length === 0 ? <p>Inga tider går att boka ännu.</p> : null}
        <ul>
          {props.schedules.map((s) => (
            <li>
              <strong>{s.name}</strong>: {weekdaysText(s.weekdays)} {formatTimeRange(s.startTime, s.endTime, 'sv')}, {s.slotMinutes} minuter, {s.capacity === 1 ? '1 person' : `${s.capacity} personer`} per tid
              {s.isActive ? '' : ' (avstängt)'}
              {(props.closed.get(s.id)?.size ?? 0) > 0 ? <> · stängt {[...props.closed.get(s.id)!].sort().join(', ')}</> : null}
              {props.canEdit ? (
                <form method="post" action={`${base}/undantag`} class="inline-form">
                  <CsrfField c={asApp(c)} />
                  <input type="hidden" name="schema" value={s.id} />
                  <label for={`undantag-${s.id}`}>Stäng en dag</label> <input id={`undantag-${s.id}`} name="datum" type="date" /> <button type="submit">Stäng dagen</button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {props.canEdit ? (
          <details class="card">
            <summary>Nytt schema</summary>
            <form method="post" action={`${base}/schema`} class="stack">
              <CsrfField c={asApp(c)} />
              <div class="field">
                <label for="schema-namn">Namn</label>
                <input id="schema-namn" name="namn" value="Morgonhandling" maxlength={80} />
              </div>
              <fieldset>
                <legend>Dagar</legend>
                {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                  <label class="inline-check">
                    <input type="checkbox" name="dagar" value={String(d)} checked={d <= 5} /> {weekdayName(d, 'sv')}
                  </label>
                ))}
              </fieldset>
              <div class="field">
                <label for="fran">Från (tt:mm)</label>
                <input id="fran" name="fran" value="09:00" maxlength={5} />
              </div>
              <div class="field">
                <label for="till">Till (tt:mm)</label>
                <input id="till" name="till" value="10:00" maxlength={5} />
              </div>
              <div class="field">
                <label for="minuter">Minuter per tid</label>
                <input id="minuter" name="minuter" inputmode="numeric" value="15" maxlength={3} />
              </div>
              <div class="field">
                <label for="platser">Personer per tid</label>
                <input id="platser" name="platser" inputmode="numeric" value="1" maxlength={3} />
              </div>
              <div>
                <button type="submit">Spara schemat</button>
              </div>
            </form>
          </details>
        ) : null}
      </div>
    </Page>
  );
}
