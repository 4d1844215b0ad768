/** @jsxImportSource hono/jsx */
/**
 * The opening-hours editor: one fieldset per weekday (Monday first) with a "Stängt"
 * box and opening/closing times, a second pass per day behind <details> (lunch
 * closing), and special days (holidays, events) as rows. It works without JavaScript:
 * three empty special-day rows are always there, and a "Ta bort" box removes a row;
 * /static/hours-editor.js only adds rows and greys out times on closed days.
 *
 * The form is flat (`d1-0-oppnar`, `s2-datum`) so it needs no parser beyond FormData,
 * and every entry remembers the field it came from, so the service's errors (which
 * point into the OpeningHours arrays) land on the right input.
 */
import { formatDateLong, weekdayName } from '../../../platform/i18n/format.js';
import type { FieldError } from '../../../platform/errors.js';
import { isValidDate } from '../../../platform/time/zoned.js';
import type { OpeningHours } from '../opening-hours.js';
import { errorId, FieldMessage, formChecked, formString, swedishMessage, type FieldErrors, type FormBody } from './shared.js';

const MAX_INTERVALS = 4;
const EMPTY_SPECIAL_ROWS = 3;
/** A business rarely has more; the cap keeps a hostile form from making us loop. */
const MAX_SPECIAL_ROWS = 400;

export interface IntervalValue {
  opens: string;
  closes: string;
}
export interface DayValue {
  day: number;
  closed: boolean;
  intervals: IntervalValue[];
}
export interface SpecialValue {
  date: string;
  closed: boolean;
  opens: string;
  closes: string;
  note: string;
  /** Saved before: offers "Ta bort". */
  saved: boolean;
  remove: boolean;
}
export interface HoursValue {
  days: DayValue[];
  special: SpecialValue[];
}

const days = [1, 2, 3, 4, 5, 6, 7] as const;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const dayLabel = (day: number) => capitalize(weekdayName(day, 'sv'));

/** `<input type="time">` cannot show 24:00; 00:00 means the same as a closing time. */
const forTimeInput = (t: string) => (t === '24:00' ? '00:00' : t);

/** Editor values from stored hours. */
export function hoursValueFrom(hours: OpeningHours | null | undefined): HoursValue {
  const regular = hours?.regular ?? [];
  const special = [...(hours?.special ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    days: days.map((day) => {
      const intervals = regular
        .filter((r) => r.day === day)
        .sort((a, b) => (a.opens < b.opens ? -1 : 1))
        .map((r) => ({ opens: forTimeInput(r.opens), closes: forTimeInput(r.closes) }));
      return { day, closed: intervals.length === 0 && regular.length > 0, intervals };
    }),
    special: special.map((s) => ({
      date: s.date,
      closed: s.closed,
      opens: s.closed ? '' : forTimeInput(s.opens),
      closes: s.closed ? '' : forTimeInput(s.closes),
      note: s.note ?? '',
      saved: true,
      remove: false,
    })),
  };
}

/** Editor values as the person typed them. */
export function hoursValueFromForm(form: FormBody): HoursValue {
  const indexes = new Set<number>();
  for (const key of form.keys()) {
    const m = /^s(\d{1,4})-/.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  return {
    days: days.map((day) => {
      const intervals: IntervalValue[] = [];
      for (let i = 0; i < MAX_INTERVALS; i++) intervals.push({ opens: formString(form, `d${day}-${i}-oppnar`, 10), closes: formString(form, `d${day}-${i}-stanger`, 10) });
      while (intervals.length > 0 && !intervals[intervals.length - 1]!.opens && !intervals[intervals.length - 1]!.closes) intervals.pop();
      return { day, closed: formChecked(form, `d${day}-stangt`), intervals };
    }),
    special: [...indexes]
      .sort((a, b) => a - b)
      .slice(0, MAX_SPECIAL_ROWS)
      .map((i) => ({
        date: formString(form, `s${i}-datum`, 20).trim(),
        closed: formChecked(form, `s${i}-stangt`),
        opens: formString(form, `s${i}-oppnar`, 10),
        closes: formString(form, `s${i}-stanger`, 10),
        note: formString(form, `s${i}-notering`, 200),
        saved: formChecked(form, `s${i}-sparad`),
        remove: formChecked(form, `s${i}-ta-bort`),
      })),
  };
}

/**
 * "10", "1030", "10.30", "10:30", "10:30:00" → "10:30"; null if it is not a time.
 * Browsers without a time picker let people type freely.
 */
export function normalizeTime(raw: string): string | null {
  const v = raw.trim();
  const m = /^(\d{1,2})(?:[:.]?(\d{2}))?(?::\d{2})?$/.exec(v);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

export interface HoursResult {
  /** What the service gets; only meaningful when `errors` is empty. */
  hours: OpeningHours;
  errors: FieldErrors;
  /** The field each entry came from, to place the service's errors. */
  sources: { regular: string[]; special: string[] };
}

/** Checks the editor's rows in Swedish and builds OpeningHours from them. */
export function hoursFromValue(value: HoursValue): HoursResult {
  const errors: FieldErrors = {};
  const regular: OpeningHours['regular'] = [];
  const special: OpeningHours['special'] = [];
  const sources = { regular: [] as string[], special: [] as string[] };
  // Nothing filled in at all means the hours are not known yet: an empty week, no errors.
  const nothingGiven = value.days.every((d) => !d.closed && d.intervals.every((i) => !i.opens && !i.closes));

  for (const d of value.days) {
    if (d.closed || nothingGiven) continue;
    const given = d.intervals.map((iv, i) => ({ iv, i })).filter(({ iv }) => iv.opens || iv.closes);
    if (given.length === 0) {
      errors[`d${d.day}-0-oppnar`] = 'Ange öppettider eller kryssa i Stängt.';
      continue;
    }
    for (const { iv, i } of given) {
      const opens = normalizeTime(iv.opens);
      const closes = normalizeTime(iv.closes);
      const at = `d${d.day}-${i}`;
      if (!iv.opens) errors[`${at}-oppnar`] = 'Ange när ni öppnar.';
      else if (!opens || opens === '24:00') errors[`${at}-oppnar`] = 'Ange en tid som 10:00.';
      if (!iv.closes) errors[`${at}-stanger`] = 'Ange när ni stänger.';
      else if (!closes) errors[`${at}-stanger`] = 'Ange en tid som 18:00.';
      if (opens && closes && opens !== '24:00') {
        regular.push({ day: d.day, opens, closes });
        sources.regular.push(at);
      }
    }
  }

  value.special.forEach((s, i) => {
    const at = `s${i}`;
    const empty = !s.date && !s.opens && !s.closes && !s.note.trim() && !s.closed;
    if (s.remove || empty) return;
    let ok = true;
    if (!s.date) {
      errors[`${at}-datum`] = 'Ange datum.';
      ok = false;
    } else if (!isValidDate(s.date)) {
      errors[`${at}-datum`] = 'Ange ett datum som 2026-12-24.';
      ok = false;
    }
    const note = s.note.trim() || undefined;
    if (s.closed) {
      if (ok) {
        special.push({ date: s.date, closed: true, ...(note ? { note } : {}) });
        sources.special.push(at);
      }
      return;
    }
    const opens = normalizeTime(s.opens);
    const closes = normalizeTime(s.closes);
    if (!s.opens && !s.closes) {
      errors[`${at}-oppnar`] = 'Ange tider eller kryssa i Stängt hela dagen.';
      return;
    }
    if (!s.opens) errors[`${at}-oppnar`] = 'Ange när ni öppnar.';
    else if (!opens || opens === '24:00') errors[`${at}-oppnar`] = 'Ange en tid som 10:00.';
    if (!s.closes) errors[`${at}-stanger`] = 'Ange när ni stänger.';
    else if (!closes) errors[`${at}-stanger`] = 'Ange en tid som 18:00.';
    if (ok && opens && closes && opens !== '24:00') {
      special.push({ date: s.date, closed: false, opens, closes, ...(note ? { note } : {}) });
      sources.special.push(at);
    }
  });

  return { hours: { regular, special }, errors, sources };
}

/**
 * Places the service's errors for `/openingHours/…` on the editor's fields; returns
 * true for the errors it placed.
 */
export function placeHoursError(error: FieldError, sources: HoursResult['sources'], into: FieldErrors): boolean {
  const m = /^\/openingHours(?:\/(regular|special)\/(\d+))?(?:\/(\w+))?/.exec(error.path);
  if (!m) return false;
  const list = m[1] === 'regular' ? sources.regular : m[1] === 'special' ? sources.special : [];
  const at = m[2] !== undefined ? list[Number(m[2])] : undefined;
  const field = at ? `${at}-${m[3] === 'closes' ? 'stanger' : m[3] === 'date' ? 'datum' : 'oppnar'}` : 'd1-0-oppnar';
  into[field] ??= swedishMessage(error);
  return true;
}

/** Labels for the error summary: "Måndag, öppnar", "Avvikande dag 2, datum". */
export function hoursLabels(value: HoursValue): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const d of value.days) {
    for (let i = 0; i < MAX_INTERVALS; i++) {
      const pass = i === 0 ? '' : ` (pass ${i + 1})`;
      labels[`d${d.day}-${i}-oppnar`] = `${dayLabel(d.day)}${pass}, öppnar`;
      labels[`d${d.day}-${i}-stanger`] = `${dayLabel(d.day)}${pass}, stänger`;
    }
  }
  const rows = Math.max(value.special.length, 0) + EMPTY_SPECIAL_ROWS;
  for (let i = 0; i < rows; i++) {
    labels[`s${i}-datum`] = `Avvikande dag ${i + 1}, datum`;
    labels[`s${i}-oppnar`] = `Avvikande dag ${i + 1}, öppnar`;
    labels[`s${i}-stanger`] = `Avvikande dag ${i + 1}, stänger`;
  }
  return labels;
}

function TimeInput(props: { id: string; label: string; value: string; error?: string | undefined }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <input id={props.id} name={props.id} type="time" value={props.value} aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? errorId(props.id) : undefined} />
      <FieldMessage id={props.id} error={props.error} />
    </div>
  );
}

function IntervalRow(props: { day: number; index: number; value: IntervalValue; errors: FieldErrors }) {
  const at = `d${props.day}-${props.index}`;
  return (
    <div class="actions hours-interval">
      <TimeInput id={`${at}-oppnar`} label="Öppnar" value={props.value.opens} error={props.errors[`${at}-oppnar`]} />
      <TimeInput id={`${at}-stanger`} label="Stänger" value={props.value.closes} error={props.errors[`${at}-stanger`]} />
    </div>
  );
}

function DayFieldset(props: { value: DayValue; errors: FieldErrors }) {
  const { value, errors } = props;
  const shown = value.intervals.length > 0 ? value.intervals : [{ opens: '', closes: '' }];
  const extraIndex = shown.length;
  const extraHasError = Object.keys(errors).some((k) => k.startsWith(`d${value.day}-${extraIndex}-`));
  return (
    <fieldset class="hours-day" id={`d${value.day}`}>
      <legend>{dayLabel(value.day)}</legend>
      <div class="checks">
        <label>
          <input type="checkbox" id={`d${value.day}-stangt`} name={`d${value.day}-stangt`} value="1" checked={value.closed} data-closes-row={`d${value.day}`} />
          Stängt
        </label>
      </div>
      {shown.map((iv, i) => (
        <IntervalRow day={value.day} index={i} value={iv} errors={errors} />
      ))}
      {extraIndex < MAX_INTERVALS ? (
        <details open={extraHasError}>
          <summary>Lägg till ett pass till (t.ex. stängt för lunch)</summary>
          <IntervalRow day={value.day} index={extraIndex} value={{ opens: '', closes: '' }} errors={errors} />
        </details>
      ) : null}
    </fieldset>
  );
}

function SpecialFieldset(props: { index: number; value: SpecialValue; errors: FieldErrors }) {
  const { index: i, value, errors } = props;
  const at = `s${i}`;
  const legend = value.saved && isValidDate(value.date) ? capitalize(formatDateLong(value.date, 'sv')) : `Avvikande dag ${i + 1}`;
  return (
    <fieldset class="special-day" data-index={String(i)}>
      <legend>{legend}</legend>
      {value.saved ? <input type="hidden" name={`${at}-sparad`} value="1" /> : null}
      <div>
        <label for={`${at}-datum`}>Datum</label>
        <input id={`${at}-datum`} name={`${at}-datum`} type="date" value={value.date} aria-invalid={errors[`${at}-datum`] ? 'true' : undefined} aria-describedby={errors[`${at}-datum`] ? errorId(`${at}-datum`) : undefined} />
        <FieldMessage id={`${at}-datum`} error={errors[`${at}-datum`]} />
      </div>
      <div class="checks">
        <label>
          <input type="checkbox" id={`${at}-stangt`} name={`${at}-stangt`} value="1" checked={value.closed} data-closes-row={at} />
          Stängt hela dagen
        </label>
      </div>
      <div class="actions hours-interval">
        <TimeInput id={`${at}-oppnar`} label="Öppnar" value={value.opens} error={errors[`${at}-oppnar`]} />
        <TimeInput id={`${at}-stanger`} label="Stänger" value={value.closes} error={errors[`${at}-stanger`]} />
      </div>
      <div>
        <label for={`${at}-notering`}>Notering (visas för besökare)</label>
        <input id={`${at}-notering`} name={`${at}-notering`} type="text" maxlength={200} value={value.note} />
      </div>
      {value.saved ? (
        <div class="checks">
          <label>
            <input type="checkbox" id={`${at}-ta-bort`} name={`${at}-ta-bort`} value="1" checked={value.remove} />
            Ta bort den här dagen
          </label>
        </div>
      ) : null}
    </fieldset>
  );
}

/** The editor's fields, to be placed inside a form (the form owns CSRF and the submit button). */
export function HoursEditor(props: { value: HoursValue; errors: FieldErrors; headingLevel?: 2 | 3 }) {
  const { value, errors } = props;
  const rows: SpecialValue[] = [...value.special];
  const emptyRows = rows.filter((s) => !s.saved && !s.date && !s.opens && !s.closes && !s.note && !s.closed).length;
  for (let i = emptyRows; i < EMPTY_SPECIAL_ROWS; i++) rows.push({ date: '', closed: false, opens: '', closes: '', note: '', saved: false, remove: false });
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <div class="hours-editor stack" data-hours-editor="">
      <section class="stack" aria-labelledby="hours-week">
        <H id="hours-week">Vanlig vecka</H>
        <p class="hint">Lämna tiderna tomma och kryssa i Stängt de dagar ni har stängt. Stänger ni efter midnatt, skriv t.ex. 02:00.</p>
        {value.days.map((d) => (
          <DayFieldset value={d} errors={errors} />
        ))}
      </section>
      <section class="stack" aria-labelledby="hours-special">
        <H id="hours-special">Avvikande dagar</H>
        <p class="hint">Helgdagar, semester och evenemang. En avvikande dag gäller i stället för vanlig vecka. Tomma rader sparas inte.</p>
        <div class="stack" data-special-days="" data-next-index={String(rows.length)}>
          {rows.map((s, i) => (
            <SpecialFieldset index={i} value={s} errors={errors} />
          ))}
        </div>
      </section>
    </div>
  );
}
