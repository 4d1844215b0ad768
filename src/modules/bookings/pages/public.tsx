/** @jsxImportSource hono/jsx */
/**
 * Booking a visit, `/{city}/foretag/{slug}/boka`: the free times of the coming week by
 * day, name and e-mail or phone, one button. The confirmation page carries the cancel
 * link (also in the e-mail), `/{city}/bokning/{token}`. Plain forms; no script.
 */
import type { Context } from 'hono';
import type { AppVariables } from '../../../platform/http/types.js';
import { CsrfField, Notice, Page } from '../../../platform/http/ui/layout.js';
import { ErrorSummary, TextField, type FieldErrors } from '../../../platform/http/ui/forms.js';
import { formatDateLong, formatTimeRange } from '../../../platform/i18n/format.js';
import type { City } from '../../cities/index.js';
import { slotText, type Booking, type BusinessInfo, type OpenSlot } from '../service.js';

export type BookEnv = { Variables: AppVariables & { city: City } };
export type BookContext = Context<BookEnv>;

const asApp = (c: BookContext) => c as never;
export const cityBase = (c: BookContext) => `${c.get('prefix')}/${c.get('city').slug}`;
export const slotValue = (s: Pick<OpenSlot, 'scheduleId' | 'startsAt'>) => `${s.scheduleId}|${s.startsAt.toISOString()}`;

const labels = { tid: 'Tid', namn: 'Namn', epost: 'E-post', telefon: 'Telefon' };

export interface BookingForm {
  tid: string;
  namn: string;
  epost: string;
  telefon: string;
}

function byDate(slots: OpenSlot[]): Array<[string, OpenSlot[]]> {
  const map = new Map<string, OpenSlot[]>();
  for (const s of slots) {
    if (!map.has(s.date)) map.set(s.date, []);
    map.get(s.date)!.push(s);
  }
  return [...map.entries()];
}

export function BookPage(props: { c: BookContext; business: BusinessInfo; slots: OpenSlot[]; values: BookingForm; errors: FieldErrors; alert?: string | undefined }) {
  const { c, business, slots, values, errors } = props;
  const action = `${cityBase(c)}/foretag/${business.slug}/boka`;
  const anyFree = slots.some((s) => s.left > 0);
  return (
    <Page c={asApp(c)} title={`Boka tid hos ${business.name}`} city={c.get('city')}>
      <div lang="sv">
        <h1>Boka tid hos {business.name}</h1>
        <p>
          <a href={`${cityBase(c)}/foretag/${business.slug}`}>Tillbaka till {business.name}</a>
        </p>
        {props.alert ? <Notice kind="error">{props.alert}</Notice> : null}
        {slots.length === 0 ? (
          <p>Det finns inga tider att boka den närmaste veckan.</p>
        ) : (
          <form method="post" action={action} class="stack" novalidate>
            <CsrfField c={asApp(c)} />
            <ErrorSummary errors={errors} labels={labels} ids={{ tid: 'tid-0' }} />
            {!anyFree ? <Notice kind="info">Alla tider den närmaste veckan är bokade.</Notice> : null}
            {byDate(slots).map(([date, daySlots], d) => (
              <fieldset class="slot-day">
                <legend>{formatDateLong(date, 'sv', { withYear: false, withWeekday: true })}</legend>
                <ul class="slot-list">
                  {daySlots.map((s, i) => {
                    const id = `tid-${d === 0 && i === 0 ? 0 : `${d}-${i}`}`;
                    const free = s.left > 0;
                    return (
                      <li>
                        <input type="radio" id={id} name="tid" value={slotValue(s)} disabled={!free} checked={values.tid === slotValue(s)} aria-describedby={errors.tid ? 'tid-fel' : undefined} />{' '}
                        <label for={id}>
                          {formatTimeRange(s.time, s.endTime, 'sv')} · {s.scheduleName} –{' '}
                          {free ? (s.left === 1 ? '1 plats kvar' : `${s.left} platser kvar`) : 'fullbokad'}
                        </label>
                      </li>
                    );
                  })}
                </ul>
              </fieldset>
            ))}
            {errors.tid ? (
              <p id="tid-fel" class="field-error">
                {errors.tid}
              </p>
            ) : null}
            <TextField id="namn" name="namn" label="Namn" value={values.namn} error={errors.namn} autocomplete="name" maxlength={100} />
            <TextField id="epost" name="epost" label="E-post" hint="Hit skickar vi bekräftelsen, en kalenderfil och en påminnelse dagen före." type="email" value={values.epost} error={errors.epost} autocomplete="email" maxlength={200} />
            <TextField id="telefon" name="telefon" label="Telefon (om du inte har e-post)" type="tel" value={values.telefon} error={errors.telefon} autocomplete="tel" maxlength={40} />
            <div>
              <button type="submit" class="big-button">
                Boka
              </button>
            </div>
          </form>
        )}
      </div>
    </Page>
  );
}

export function BookingPage(props: { c: BookContext; business: BusinessInfo; booking: Booking; token: string; justBooked?: boolean }) {
  const { c, business, booking } = props;
  const cancelled = booking.status === 'cancelled';
  return (
    <Page c={asApp(c)} title={cancelled ? 'Avbokad' : 'Din bokning'} city={c.get('city')}>
      <div lang="sv">
        <h1>{cancelled ? 'Tiden är avbokad' : props.justBooked ? 'Tiden är bokad' : 'Din bokning'}</h1>
        {props.justBooked ? (
          <Notice kind="success">
            {booking.email ? `Vi har skickat en bekräftelse till ${booking.email}.` : 'Spara den här sidan: länken behövs om du vill avboka.'}
          </Notice>
        ) : null}
        <p class="lead">
          {business.name}, {slotText(booking.startsAt, booking.endsAt)}
        </p>
        <p>Bokad för {booking.name}.</p>
        {cancelled ? (
          <p>Platsen är ledig för någon annan. Välkommen en annan gång!</p>
        ) : booking.status === 'booked' ? (
          <form method="post" action={`${cityBase(c)}/bokning/${props.token}`}>
            <CsrfField c={asApp(c)} />
            <button type="submit" class="secondary">
              Avboka tiden
            </button>
          </form>
        ) : null}
      </div>
    </Page>
  );
}
