/** @jsxImportSource hono/jsx */
/**
 * The event form, for members and the association, new or edited: its values, reading
 * them (with the picture) into the service's input, and the form itself. An edit
 * prefills it from the event, keeps the picture unless another is chosen or it is
 * removed, and keeps a repeat rule the form's own choices cannot express.
 */
import { CsrfField } from '../../platform/http/ui/layout.js';
import { describedBy, ErrorSummary, FieldMessage, LabelWithHint, TextArea, TextField, type FieldErrors } from '../../platform/http/ui/forms.js';
import { MAX_IMAGE_BYTES, ResponsiveImage, type PreparedImage } from '../../platform/media/index.js';
import { DomainError } from '../../platform/errors.js';
import { isoWeekday, isValidDate } from '../../platform/time/zoned.js';
import { asAppContext, type CityContext } from '../cities/index.js';
import { describeRule, eventCategories, eventCategorySlugs, type EventCategory } from './recurrence.js';
import type { EventFields, EventImage } from './schema.js';
import type { EventInput } from './service.js';
import type { EventsHttpDeps } from './view.js';

export interface EventFormValues {
  title: string;
  description: string;
  category: string;
  startDate: string;
  startTime: string;
  endTime: string;
  /** '' | weekly | biweekly | monthly, or `keep` (an edit keeps the event's own rule). */
  repeat: string;
  until: string;
  place: string;
  address: string;
  price: string;
  link: string;
  organiser: string;
  imageAlt: string;
  /** For an event that has a picture: keep | replace | remove (a chosen file always replaces). */
  imageAction: string;
}

/** What an edit starts from: the version being edited (its picture and repeat rule). */
export type EditBase = Pick<EventFields, 'image' | 'rrule'>;

export const emptyForm = (organiser: string, place = ''): EventFormValues => ({ title: '', description: '', category: 'ovrigt', startDate: '', startTime: '', endTime: '', repeat: '', until: '', place, address: '', price: '', link: '', organiser, imageAlt: '', imageAction: 'keep' });

const repeats: Record<string, string> = { '': 'Upprepas inte', weekly: 'Varje vecka', biweekly: 'Varannan vecka', monthly: 'Varje månad' };
const byDay = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const ruleUntil = (rule: string | null) => /(?:^|;)UNTIL=(\d{4})(\d{2})(\d{2})/.exec(rule ?? '');

/** Kronor as a person types them: "150", "125,50". */
const kronor = (ore: number) => (ore % 100 === 0 ? String(ore / 100) : (ore / 100).toFixed(2).replace('.', ','));

/** The form prefilled from an event (or from a member's waiting change to it). */
export function valuesFromEvent(f: EventFields): EventFormValues {
  const until = ruleUntil(f.rrule);
  return {
    title: f.title,
    description: f.description,
    category: f.category,
    startDate: f.startDate,
    startTime: f.startTime,
    endTime: f.endTime ?? '',
    repeat: f.rrule ? 'keep' : '',
    until: until ? `${until[1]}-${until[2]}-${until[3]}` : '',
    place: f.placeBusinessId ?? '',
    address: f.address,
    price: f.priceOre ? kronor(f.priceOre) : '',
    link: f.link ?? '',
    organiser: f.organiser,
    imageAlt: f.image?.alt ?? '',
    imageAction: 'keep',
  };
}

export function formFrom(form: FormData): EventFormValues {
  const get = (k: string, max = 300) => String(form.get(k) ?? '').slice(0, max).trim();
  const imageAction = get('imageAction');
  return { title: get('title'), description: get('description', 3000), category: get('category'), startDate: get('startDate'), startTime: get('startTime'), endTime: get('endTime'), repeat: get('repeat'), until: get('until'), place: get('place'), address: get('address'), price: get('price'), link: get('link', 500), organiser: get('organiser'), imageAlt: get('imageAlt', 200), imageAction: ['replace', 'remove'].includes(imageAction) ? imageAction : 'keep' };
}

/**
 * The form's picture, decoded and checked by the media store (nothing is stored yet:
 * it is saved with the event). A refused file becomes the message beside the field.
 */
async function imageFrom(deps: Pick<EventsHttpDeps, 'media'>, form: FormData, errors: FieldErrors): Promise<PreparedImage | null> {
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

/**
 * Reads the whole form: its fields, the picture, and every mistake in them at once.
 * For an edit (`base`), the picture is the new file, else the kept one unless removed.
 */
export async function readEventForm(deps: Pick<EventsHttpDeps, 'media'>, form: FormData, v: EventFormValues, organiserBusinessId: string | null, base: EditBase | null = null): Promise<{ input: EventInput | null; upload: PreparedImage | null; errors: FieldErrors }> {
  const imageErrors: FieldErrors = {};
  const upload = await imageFrom(deps, form, imageErrors);
  let imageHash = upload?.hash ?? null;
  if (!upload && base?.image && !imageErrors.image) {
    if (v.imageAction === 'replace') imageErrors.image = 'Välj den nya bilden, eller välj Behåll bilden.';
    else if (v.imageAction === 'keep') imageHash = base.image.hash;
  }
  const { input, errors } = eventInputFrom(v, organiserBusinessId, imageHash, base?.rrule ?? null);
  Object.assign(errors, imageErrors);
  if (upload && Object.keys(errors).length > 0) errors.image ??= 'Välj bilden igen: den sparas först när evenemanget sparas.';
  return Object.keys(errors).length > 0 ? { input: null, upload: null, errors } : { input, upload, errors };
}

/**
 * The rule an edit keeps: the event's own, moved to the new weekday when it repeats on
 * one weekday, and ending on `until` when one is given.
 */
function keptRule(rule: string, startDate: string, until: string): string {
  let parts = rule.split(';').filter(Boolean);
  const days = parts.find((p) => p.startsWith('BYDAY='));
  if (days && /^BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/.test(days)) parts = parts.map((p) => (p === days ? `BYDAY=${byDay[isoWeekday(startDate) - 1]}` : p));
  if (until) parts = [...parts.filter((p) => !p.startsWith('UNTIL=') && !p.startsWith('COUNT=')), `UNTIL=${until.replace(/-/g, '')}T235959Z`];
  return parts.join(';');
}

/** The form's values as the service's input, or the errors to show beside the fields. */
export function eventInputFrom(v: EventFormValues, organiserBusinessId: string | null, imageHash: string | null = null, currentRule: string | null = null): { input: EventInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  // WCAG 1.1.1: a picture that says something needs words for those who cannot see it.
  if (imageHash && !v.imageAlt) errors.imageAlt = 'Beskriv vad bilden visar, för den som inte ser den.';
  if (v.title.length < 2) errors.title = 'Skriv en rubrik.';
  if (!isValidDate(v.startDate)) errors.startDate = 'Ange ett datum som 2026-12-12.';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(v.startTime)) errors.startTime = 'Ange en tid som 19:00.';
  if (v.endTime && !/^([01]\d|2[0-3]):[0-5]\d$/.test(v.endTime)) errors.endTime = 'Ange en tid som 21:00, eller lämna tomt.';
  if (!(eventCategorySlugs as readonly string[]).includes(v.category)) errors.category = 'Välj en kategori.';
  if (v.until && !isValidDate(v.until)) errors.until = 'Ange ett datum som 2027-06-30.';
  else if (v.until && isValidDate(v.startDate) && v.until < v.startDate) errors.until = 'Sista dagen kan inte vara före den första.';
  if (v.repeat && !repeats[v.repeat] && !(v.repeat === 'keep' && currentRule)) errors.repeat = 'Välj ett av alternativen.';
  const price = v.price ? Number(v.price.replace(/\s|kr/gi, '').replace(',', '.')) : 0;
  if (!Number.isFinite(price) || price < 0) errors.price = 'Ange priset i kronor, eller lämna tomt om det är gratis.';
  else if (price > 100_000) errors.price = 'Högst 100 000 kr.';
  if (v.link && !/^https?:\/\/\S+$/.test(v.link)) errors.link = 'Ange en webbadress som börjar med https://.';
  if (!v.place && !v.address) errors.address = 'Ange var det händer: välj ett företag eller skriv en adress.';
  if (Object.keys(errors).length > 0) return { input: null, errors };
  let rrule: string | null = null;
  if (v.repeat === 'keep' && currentRule) rrule = keptRule(currentRule, v.startDate, v.until);
  else if (v.repeat) {
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

/** The current picture of an edited event, with the choice to keep, replace or remove it. */
function CurrentImage(props: { cityId: string; image: EventImage; action: string }) {
  const options: Array<[string, string]> = [
    ['keep', 'Behåll bilden'],
    ['replace', 'Byt till en ny bild (välj den nedan)'],
    ['remove', 'Ta bort bilden'],
  ];
  return (
    <fieldset id="imageAction" class="current-image">
      <legend>Nuvarande bild</legend>
      <ResponsiveImage class="current-image-thumb" cityId={props.cityId} image={props.image} alt={props.image.alt} sizes="10rem" loading="lazy" preferred={320} />
      <div class="checks">
        {options.map(([value, label]) => (
          <label>
            <input type="radio" name="imageAction" value={value} checked={props.action === value} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function EventForm(props: { c: CityContext; action: string; v: EventFormValues; errors: FieldErrors; places: Array<{ id: string; name: string }>; askOrganiser: boolean; submitLabel?: string; base?: EditBase | null }) {
  const { v, errors } = props;
  const base = props.base ?? null;
  const labels: Record<string, string> = { title: 'Rubrik', startDate: 'Datum', startTime: 'Börjar', endTime: 'Slutar', category: 'Kategori', until: 'Upprepas till', repeat: 'Upprepning', price: 'Pris', link: 'Länk', address: 'Adress', image: 'Bild', imageAlt: 'Vad visar bilden?' };
  const imageHint = `Ett foto i JPEG, PNG eller WebP, högst ${MAX_IMAGE_BYTES / (1024 * 1024)} MB. Platsuppgifter (GPS) och annat som kameran sparar i filen tas bort.`;
  const keepLabel = base?.rrule ? `Som nu: ${describeRule(base.rrule, 'sv') ?? 'egen regel'}` : null;
  return (
    <form method="post" action={props.action} class="stack" enctype="multipart/form-data" novalidate>
      <CsrfField c={asAppContext(props.c)} />
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
        <select id="repeat" name="repeat" aria-invalid={errors.repeat ? 'true' : undefined} aria-describedby={describedBy('repeat', errors.repeat)}>
          {keepLabel ? (
            <option value="keep" selected={v.repeat === 'keep'}>
              {keepLabel}
            </option>
          ) : null}
          {Object.entries(repeats).map(([k, label]) => (
            <option value={k} selected={v.repeat === k}>
              {label}
            </option>
          ))}
        </select>
        <FieldMessage id="repeat" error={errors.repeat} />
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
      {base?.image ? <CurrentImage cityId={props.c.get('city').id} image={base.image} action={v.imageAction} /> : null}
      <div>
        <LabelWithHint id="image" label={base?.image ? 'Ny bild (valfri)' : 'Bild (valfri)'} hint={imageHint} />
        <input id="image" name="image" type="file" accept="image/jpeg,image/png,image/webp" aria-invalid={errors.image ? 'true' : undefined} aria-describedby={describedBy('image', errors.image, imageHint)} />
        <FieldMessage id="image" error={errors.image} />
      </div>
      <TextField id="imageAlt" name="imageAlt" label="Vad visar bilden?" value={v.imageAlt} error={errors.imageAlt} hint="Krävs om evenemanget har en bild. Läses upp för den som inte ser bilden, t.ex. ”Marknadsstånd med äpplen på Stora torget”." maxlength={200} />
      {props.askOrganiser ? <TextField id="organiser" name="organiser" label="Arrangör" value={v.organiser} maxlength={120} /> : null}
      <div class="actions">
        <button type="submit">{props.submitLabel ?? 'Spara evenemanget'}</button>
      </div>
    </form>
  );
}
