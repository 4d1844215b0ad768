/** @jsxImportSource hono/jsx */
/**
 * Where events are made and kept: a member's events (`/{city}/butik/{business}/evenemang`)
 * and the association's (`/{city}/admin/evenemang`), each with the new-event form, the
 * edit page (`…/evenemang/{id}`: the form prefilled, "Ställ in" for the whole event or
 * one date) and, for the association, moderation of new events and of members' changes,
 * trusted members and deletion (after a confirmation page). Every form carries the CSRF
 * field; the service checks roles again.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { can } from '../../platform/auth/roles.js';
import { DomainError, forbidden } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import type { AppEnv } from '../../platform/http/types.js';
import { CsrfField, Notice, Page, renderPage, type NavLink } from '../../platform/http/ui/layout.js';
import type { FieldErrors } from '../../platform/http/ui/forms.js';
import { ResponsiveImage, type PreparedImage } from '../../platform/media/index.js';
import { formatDateLong, formatTime } from '../../platform/i18n/format.js';
import { addDays } from '../../platform/time/zoned.js';
import { asAppContext, associationNav, cityMiddleware, type CityContext } from '../cities/index.js';
import type { Business, MemberContext } from '../members/index.js';
import { changedFields, fieldsOf, occurrencesOf, type EventFieldName } from './changes.js';
import { emptyForm, EventForm, formFrom, readEventForm, valuesFromEvent, type EditBase, type EventFormValues } from './form.js';
import { describeRule, nextOccurrence } from './recurrence.js';
import type { EventFields } from './schema.js';
import type { EditOutcome, Event, EventInput } from './service.js';
import { CancelledTag, categoryLabel, eventPath, priceLabel, today, whenText, type EventsHttpDeps } from './view.js';

type MerchantContext = MemberContext;
const app$ = asAppContext;
const UUID = '{[0-9a-fA-F-]{36}}';

const statusText: Record<string, string> = { pending: 'Väntar på föreningens granskning', published: 'Publicerat', rejected: 'Inte godkänt' };

/** The service's validation errors (`/title`, `/image/alt`) as messages beside the form's fields. */
function fieldErrorsFrom(err: unknown): FieldErrors | null {
  if (!(err instanceof DomainError) || err.code !== 'validation') return null;
  const errors: FieldErrors = {};
  const names: Record<string, string> = { image: 'imageAlt', rrule: 'repeat', placeBusinessId: 'place', priceOre: 'price' };
  for (const e of err.extra.errors ?? []) {
    const field = e.path.split('/')[1] || 'title';
    errors[e.path === '/image/hash' ? 'image' : (names[field] ?? field)] ??= e.message;
  }
  return errors;
}

/** The edit form's starting point: a member continues from its own waiting change, everyone else from the published version. */
const editedFields = (e: Event, asMember: boolean): EventFields => (asMember && e.pendingChanges ? e.pendingChanges.fields : fieldsOf(e));

function EventSummary(props: { e: Pick<Event, 'startDate' | 'startTime' | 'rrule'>; next?: { date: string } | null }) {
  const rule = describeRule(props.e.rrule, 'sv');
  const date = props.next?.date ?? props.e.startDate;
  return (
    <p>
      {props.next && props.e.rrule ? 'Nästa gång ' : ''}
      {formatDateLong(date, 'sv', { withYear: false })} kl. {formatTime(props.e.startTime)}
      {rule ? ` · ${rule}` : ''}
    </p>
  );
}

function StateLine(props: { e: Event }) {
  const { e } = props;
  return (
    <p class="muted">
      {statusText[e.status] ?? e.status}
      {e.cancelledAt ? (
        <>
          {' · '}
          <CancelledTag locale="sv" />
        </>
      ) : e.cancelledDates.length > 0 ? (
        ` · ${e.cancelledDates.length === 1 ? 'Ett tillfälle inställt' : `${e.cancelledDates.length} tillfällen inställda`}`
      ) : (
        ''
      )}
      {e.pendingChanges ? ' · Ändring väntar på granskning' : ''}
    </p>
  );
}

/**
 * "Ställ in" on a list: a single event is called off (or taken back) at once, with one
 * button; a series goes to its edit page, where the whole series or one date is chosen.
 */
function CancelControl(props: { c: CityContext; e: Event; editHref: string; baseHref: string; upcoming: boolean }) {
  const { c, e } = props;
  if (e.cancelledAt)
    return (
      <form method="post" action={`${props.baseHref}/${e.id}/ateruppta`} class="inline-form">
        <CsrfField c={app$(c)} />
        <button type="submit" class="link-button" aria-label={`Återuppta ${e.title}`}>
          Återuppta
        </button>
      </form>
    );
  if (!props.upcoming) return null;
  if (e.rrule)
    return (
      <a href={`${props.editHref}#stall-in`} aria-label={`Ställ in ${e.title}: hela serien eller ett tillfälle`}>
        Ställ in…
      </a>
    );
  return (
    <form method="post" action={`${props.baseHref}/${e.id}/stall-in`} class="inline-form">
      <CsrfField c={app$(c)} />
      <button type="submit" class="link-button" aria-label={`Ställ in ${e.title}`}>
        Ställ in
      </button>
    </form>
  );
}

// ── The edit page, for members and the association ──────────────────────────

interface EditPageProps {
  c: CityContext;
  area: 'merchant' | 'admin';
  nav: NavLink[];
  /** The list page (`…/evenemang`); the event's own actions are under `${base}/${id}`. */
  base: string;
  e: Event;
  v: EventFormValues;
  errors: FieldErrors;
  editBase: EditBase;
  places: Array<{ id: string; name: string }>;
  askOrganiser: boolean;
  /** A member's edits of what the public sees wait for the association. */
  reviewed: boolean;
  canDelete: boolean;
  /** Today in Stockholm (the injected clock's). */
  today: string;
  notice?: string;
}

function CancelSection(props: { c: CityContext; e: Event; action: string; today: string }) {
  const { c, e } = props;
  const t = props.today;
  const upcoming = occurrencesOf(e, t, addDays(t, 366));
  // The next ten dates, and any later date already called off (so it can be taken back).
  const shown = [...upcoming.slice(0, 10), ...upcoming.slice(10).filter((o) => o.cancelled)];
  return (
    <section aria-labelledby="stall-in">
      <h2 id="stall-in">Ställ in</h2>
      {e.cancelledAt ? (
        <>
          <p>Evenemanget är inställt. Det står kvar i listan och i kalendrarna, markerat som inställt.</p>
          <form method="post" action={`${props.action}/ateruppta`} class="cancel-all">
            <CsrfField c={app$(c)} />
            <button type="submit" class="secondary">
              Återuppta evenemanget
            </button>
          </form>
        </>
      ) : (
        <>
          <p>Blir det inte av? Ställ in i stället för att ta bort: evenemanget står kvar, markerat ”Inställt”, och den som har det i sin kalender ser att det är inställt.</p>
          <form method="post" action={`${props.action}/stall-in`} class="cancel-all">
            <CsrfField c={app$(c)} />
            <button type="submit" class="secondary">
              {e.rrule ? 'Ställ in alla tillfällen' : 'Ställ in evenemanget'}
            </button>
          </form>
          {e.rrule && shown.length > 0 ? (
            <>
              <h3>Ställ in ett tillfälle</h3>
              <ul class="occasions">
                {shown.map((o) => (
                  <li>
                    <span>
                      {whenText(o, 'sv')}
                      {o.cancelled ? (
                        <>
                          {' '}
                          <CancelledTag locale="sv" />
                        </>
                      ) : null}
                    </span>
                    <form method="post" action={`${props.action}/${o.cancelled ? 'ateruppta' : 'stall-in'}`} class="inline-form">
                      <CsrfField c={app$(c)} />
                      <input type="hidden" name="datum" value={o.date} />
                      <button type="submit" class="link-button" aria-label={`${o.cancelled ? 'Återuppta' : 'Ställ in'} ${formatDateLong(o.date, 'sv', { withYear: false })}`}>
                        {o.cancelled ? 'Återuppta' : 'Ställ in'}
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

function EditEventPage(props: EditPageProps) {
  const { c, e } = props;
  const action = `${props.base}/${e.id}`;
  const publicHref = eventPath(c.get('city').slug, e.id, c.get('prefix'));
  return (
    <Page c={app$(c)} title={`Ändra ${e.title}`} city={c.get('city')} nav={props.nav} area={props.area}>
      <div lang="sv">
        <nav class="breadcrumbs" aria-label="Brödsmulor">
          <a href={props.base}>Evenemang</a>
          {' › '}
          <span aria-current="page">Ändra</span>
        </nav>
        <h1>Ändra evenemang</h1>
        <p class="lead">{e.title}</p>
        <StateLine e={e} />
        {e.status === 'published' ? (
          <p>
            <a href={publicHref}>Visa evenemangets sida</a>
          </p>
        ) : null}
        {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
        {props.area === 'merchant' && e.pendingChanges ? (
          <Notice kind="info">
            <p>Er ändring väntar på föreningens granskning. Formuläret visar ändringen; besökarna ser evenemanget som förut tills den är godkänd. Sparar ni igen ersätter det ändringen.</p>
          </Notice>
        ) : props.reviewed ? (
          <Notice kind="info">
            <p>Ändringar i ett publicerat evenemang granskas av föreningen innan de syns. Till dess visas evenemanget som det är nu. Att ställa in gäller direkt.</p>
          </Notice>
        ) : null}
        {props.area === 'admin' && e.pendingChanges ? (
          <Notice kind="info">
            <p>
              Arrangören har föreslagit en ändring som väntar på granskning. <a href={`${props.base}#andringar`}>Granska ändringen</a>. Det du sparar här gäller den publicerade versionen.
            </p>
          </Notice>
        ) : null}
        <EventForm c={c} action={action} v={props.v} errors={props.errors} places={props.places} askOrganiser={props.askOrganiser} submitLabel="Spara ändringarna" base={props.editBase} />
        <CancelSection c={c} e={e} action={action} today={props.today} />
        {props.canDelete ? (
          <section aria-labelledby="ta-bort">
            <h2 id="ta-bort">Ta bort</h2>
            <p>Tar bort evenemanget för gott, med dess bild. Var det publicerat är det oftast bättre att ställa in det: då får de som sparat det veta.</p>
            <p>
              <a href={`${action}/ta-bort`}>Ta bort evenemanget…</a>
            </p>
          </section>
        ) : null}
      </div>
    </Page>
  );
}

// ── A member's events ────────────────────────────────────────────────────────

function MerchantEventsPage(props: { c: MerchantContext; list: Event[]; v: EventFormValues; errors: FieldErrors; today: string; notice?: string }) {
  const { c } = props;
  const b = c.get('business');
  const base = `${c.get('prefix')}/${c.get('city').slug}/butik/${b.slug}`;
  const nav: NavLink[] = [
    { href: base, label: b.name },
    { href: `${base}/evenemang`, label: 'Evenemang' },
  ];
  const t = props.today;
  return (
    <Page c={app$(c)} title={`Evenemang – ${b.name}`} city={c.get('city')} nav={nav} area="merchant">
      <div lang="sv">
        <h1>Evenemang</h1>
        <p class="lead">{b.name}</p>
        {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
        {props.list.length > 0 ? (
          <>
            <p>
              <a href="#nytt">Lägg till ett evenemang</a>
            </p>
            <ul class="lunch-days">
              {props.list.map((e) => {
                const editHref = `${base}/evenemang/${e.id}`;
                const next = nextOccurrence(e, t);
                return (
                  <li class="card">
                    <h2>{e.title}</h2>
                    <EventSummary e={e} next={next} />
                    <StateLine e={e} />
                    <div class="actions">
                      <a href={editHref} aria-label={`Ändra ${e.title}`}>
                        Ändra
                      </a>
                      <CancelControl c={c as unknown as CityContext} e={e} editHref={editHref} baseHref={`${base}/evenemang`} upcoming={next !== null} />
                    </div>
                  </li>
                );
              })}
            </ul>
          </>
        ) : (
          <p>Ni har inga evenemang ännu.</p>
        )}
        <h2 id="nytt">Nytt evenemang</h2>
        <p class="hint">Föreningen granskar evenemanget innan det syns, om ni inte redan är betrodd arrangör.</p>
        <EventForm c={c as unknown as CityContext} action={`${base}/evenemang`} v={props.v} errors={props.errors} places={[{ id: b.id, name: b.name }]} askOrganiser={false} />
      </div>
    </Page>
  );
}

const merchantNotices: Record<string, string> = {
  publicerat: 'Evenemanget är publicerat.',
  granskas: 'Tack! Föreningen granskar evenemanget innan det syns.',
  andrat: 'Ändringen är sparad och syns direkt.',
  'andring-granskas': 'Tack! Föreningen granskar ändringen innan den syns. Till dess visas evenemanget som förut.',
  oforandrat: 'Inget var ändrat.',
  installt: 'Evenemanget är inställt. Det står kvar, markerat som inställt.',
  aterupptaget: 'Evenemanget är återupptaget.',
  'datum-installt': 'Tillfället är inställt.',
  'datum-aterupptaget': 'Tillfället är återupptaget.',
};

const outcomeDone: Record<EditOutcome, string> = { applied: 'andrat', proposed: 'andring-granskas', pending: 'granskas', unchanged: 'oforandrat' };

/**
 * `/{city}/butik/{business}/evenemang` and each event's edit page under it. Mounted after
 * members' merchant pages, whose middleware has resolved the business and checked the
 * role; an event of another business (or city) is not found here, and the service checks
 * the role again.
 */
export function mountEventMerchantPages(app: TorgetApp, deps: EventsHttpDeps): void {
  const m = (ctx: Context<AppEnv>) => {
    const c = ctx as unknown as MerchantContext;
    if (!c.get('business')) throw forbidden();
    return c;
  };
  const listPath = (c: MerchantContext) => `${c.get('prefix')}/${c.get('city').slug}/butik/${c.get('business').slug}/evenemang`;
  const back = (c: MerchantContext, done: string, id?: string) => c.redirect(`${listPath(c)}${id ? `/${id}` : ''}?klart=${done}`, 303);
  /** The business's own event, editable by this actor. */
  const ownEvent = async (c: MerchantContext): Promise<Event> => {
    const e = await deps.events.editable(c.get('actor'), c.get('city').id, c.req.param('id') ?? '');
    if (e.organiserBusinessId !== c.get('business').id) throw new DomainError('events.not_found', 'Evenemanget finns inte.');
    return e;
  };

  const renderList = async (ctx: Context<AppEnv>, v?: EventFormValues, errors: FieldErrors = {}, status = 200) => {
    const c = m(ctx);
    const b = c.get('business');
    const list = await deps.events.ofBusiness(c.get('actor'), c.get('city').id, b.id);
    const done = c.req.query('klart') ?? '';
    return renderPage(ctx, <MerchantEventsPage c={c} list={list} v={v ?? emptyForm(b.name, b.id)} errors={errors} today={today(deps.clock.now())} {...(status === 200 && merchantNotices[done] ? { notice: merchantNotices[done] } : {})} />, status);
  };

  const renderEdit = async (ctx: Context<AppEnv>, e: Event, v?: EventFormValues, errors: FieldErrors = {}, status = 200) => {
    const c = m(ctx);
    const b = c.get('business');
    const fields = editedFields(e, true);
    const places = [{ id: b.id, name: b.name }];
    // A place the association chose stays choosable.
    if (fields.placeBusinessId && fields.placeBusinessId !== b.id) {
      const other = await deps.members.getById(c.get('city').id, fields.placeBusinessId);
      if (other) places.push({ id: other.id, name: other.name });
    }
    const reviewed = e.status === 'published' && !(await deps.events.isTrusted(c.get('city').id, b.id));
    const base = listPath(c);
    const nav: NavLink[] = [
      { href: `${c.get('prefix')}/${c.get('city').slug}/butik/${b.slug}`, label: b.name },
      { href: base, label: 'Evenemang' },
    ];
    const done = c.req.query('klart') ?? '';
    return renderPage(
      ctx,
      <EditEventPage c={c as unknown as CityContext} area="merchant" nav={nav} base={base} e={e} v={v ?? { ...valuesFromEvent(fields), organiser: b.name }} errors={errors} editBase={fields} places={places} askOrganiser={false} reviewed={reviewed} canDelete={false} today={today(deps.clock.now())} {...(status === 200 && merchantNotices[done] ? { notice: merchantNotices[done] } : {})} />,
      status,
    );
  };

  app.get('/:city/butik/:business/evenemang', (ctx) => renderList(ctx));
  app.post('/:city/butik/:business/evenemang', async (ctx) => {
    const c = m(ctx);
    const b = c.get('business');
    const form = await c.req.formData();
    const v = { ...formFrom(form), organiser: b.name };
    const { input, upload, errors } = await readEventForm(deps, form, v, b.id);
    if (input && input.placeBusinessId && input.placeBusinessId !== b.id) input.placeBusinessId = null;
    if (!input) return renderList(ctx, v, errors, 400);
    try {
      const created = await deps.events.create(c.get('actor'), c.get('city').id, input, upload ? { upload } : {});
      return back(c, created.status === 'published' ? 'publicerat' : 'granskas');
    } catch (err) {
      const fieldErrors = fieldErrorsFrom(err);
      if (!fieldErrors) throw err;
      return renderList(ctx, v, fieldErrors, 400);
    }
  });

  app.get(`/:city/butik/:business/evenemang/:id${UUID}`, async (ctx) => renderEdit(ctx, await ownEvent(m(ctx))));
  app.post(`/:city/butik/:business/evenemang/:id${UUID}`, async (ctx) => {
    const c = m(ctx);
    const b = c.get('business');
    const e = await ownEvent(c);
    const fields = editedFields(e, true);
    const form = await c.req.formData();
    const v = { ...formFrom(form), organiser: b.name };
    const { input, upload, errors } = await readEventForm(deps, form, v, b.id, fields);
    // A member names its own business as the place, or keeps the one the event has.
    if (input && input.placeBusinessId && input.placeBusinessId !== b.id && input.placeBusinessId !== fields.placeBusinessId) input.placeBusinessId = null;
    if (!input) return renderEdit(ctx, e, v, errors, 400);
    return saveEdit(deps, ctx, e, input, upload, (outcome) => back(c, outcomeDone[outcome]), (fieldErrors) => renderEdit(ctx, e, v, fieldErrors, 400));
  });
  app.post(`/:city/butik/:business/evenemang/:id${UUID}/:what{(?:stall-in|ateruppta)}`, async (ctx) => {
    const c = m(ctx);
    const e = await ownEvent(c);
    return setCancelled(deps, ctx, e, (done, date) => back(c, done, date ? e.id : undefined));
  });

}

// ── The association's events ─────────────────────────────────────────────────

const fieldLabels: Record<EventFieldName, string> = { title: 'Rubrik', description: 'Beskrivning', category: 'Kategori', startDate: 'Datum', startTime: 'Börjar', endTime: 'Slutar', rrule: 'Upprepning', placeBusinessId: 'Plats', address: 'Adress', priceOre: 'Pris', image: 'Bild', link: 'Länk', organiser: 'Arrangör' };

function FieldValue(props: { c: CityContext; field: EventFieldName; f: EventFields; placeNames: Map<string, string> }) {
  const { f } = props;
  switch (props.field) {
    case 'category':
      return <>{categoryLabel(f.category, 'sv')}</>;
    case 'startDate':
      return <>{formatDateLong(f.startDate, 'sv')}</>;
    case 'startTime':
      return <>{formatTime(f.startTime, 'sv', { alwaysMinutes: true })}</>;
    case 'endTime':
      return <>{f.endTime ? formatTime(f.endTime, 'sv', { alwaysMinutes: true }) : '–'}</>;
    case 'rrule':
      return <>{describeRule(f.rrule, 'sv') ?? 'Upprepas inte'}</>;
    case 'placeBusinessId':
      return <>{f.placeBusinessId ? (props.placeNames.get(f.placeBusinessId) ?? 'Ett företag som inte finns kvar') : 'Annan plats'}</>;
    case 'priceOre':
      return <>{priceLabel(f, 'sv')}</>;
    case 'image':
      return f.image ? (
        <>
          <ResponsiveImage class="review-thumb" cityId={props.c.get('city').id} image={f.image} alt={f.image.alt} sizes="8rem" loading="lazy" preferred={320} />
          <span>”{f.image.alt}”</span>
        </>
      ) : (
        <>Ingen bild</>
      );
    default: {
      const value = f[props.field];
      return <>{value === null || value === '' ? '–' : String(value)}</>;
    }
  }
}

/** A member's waiting change: what differs, now and proposed, side by side. */
function ChangeReview(props: { c: CityContext; e: Event; base: string; isAdmin: boolean; placeNames: Map<string, string> }) {
  const { c, e } = props;
  const proposal = e.pendingChanges!;
  const now = fieldsOf(e);
  const diff = changedFields(now, proposal.fields);
  const when = new Date(proposal.proposedAt);
  return (
    <li class="card">
      <h3>{e.title}</h3>
      <p class="muted">
        {e.organiser} föreslog ändringen {formatDateLong(when, 'sv', { withYear: false })}.
      </p>
      <div class="table-wrap">
        <table class="changes">
          <caption class="visually-hidden">Ändringar i {e.title}</caption>
          <thead>
            <tr>
              <th scope="col">Uppgift</th>
              <th scope="col">Nu</th>
              <th scope="col">Föreslaget</th>
            </tr>
          </thead>
          <tbody>
            {diff.map((field) => (
              <tr>
                <th scope="row">{fieldLabels[field]}</th>
                <td>
                  <FieldValue c={c} field={field} f={now} placeNames={props.placeNames} />
                </td>
                <td>
                  <FieldValue c={c} field={field} f={proposal.fields} placeNames={props.placeNames} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.isAdmin ? (
        <div class="actions">
          <form method="post" action={`${props.base}/${e.id}/andring/godkann`} class="inline-form">
            <CsrfField c={app$(c)} />
            <button type="submit" aria-label={`Godkänn ändringen av ${e.title}`}>
              Godkänn ändringen
            </button>
          </form>
          <form method="post" action={`${props.base}/${e.id}/andring/avsla`} class="inline-form">
            <CsrfField c={app$(c)} />
            <button type="submit" class="link-button" aria-label={`Avslå ändringen av ${e.title}`}>
              Avslå
            </button>
          </form>
        </div>
      ) : null}
    </li>
  );
}

interface AdminPageProps {
  c: CityContext;
  pending: Event[];
  changes: Event[];
  upcoming: Array<{ event: Event; next: { date: string } }>;
  organisers: Array<{ business: Business; trusted: boolean }>;
  places: Array<{ id: string; name: string }>;
  v: EventFormValues;
  errors: FieldErrors;
  notice?: string;
}

function AdminEventsPage(props: AdminPageProps) {
  const { c } = props;
  const base = `${c.get('prefix')}/${c.get('city').slug}/admin/evenemang`;
  const isAdmin = can(c.get('actor'), { cityId: c.get('city').id, roles: ['association-admin'] });
  const placeNames = new Map(props.places.map((p) => [p.id, p.name]));
  return (
    <Page c={app$(c)} title="Evenemang" city={c.get('city')} nav={associationNav(`${c.get('prefix')}/${c.get('city').slug}/admin`, isAdmin)} area="admin">
      <div lang="sv">
        <h1>Evenemang</h1>
        {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
        <p>
          <a href="#nytt">Lägg till ett evenemang</a>
        </p>
        <h2>Väntar på granskning</h2>
        {props.pending.length === 0 ? <p>Inga evenemang väntar.</p> : null}
        <ul class="lunch-days">
          {props.pending.map((e) => (
            <li class="card">
              <h3>{e.title}</h3>
              <p>
                {e.organiser} · {formatDateLong(e.startDate, 'sv')} kl. {formatTime(e.startTime)} {describeRule(e.rrule, 'sv') ?? ''}
              </p>
              {e.description ? <p>{e.description}</p> : null}
              <div class="actions">
                {isAdmin ? (
                  <>
                    <form method="post" action={`${base}/${e.id}/godkann`} class="inline-form">
                      <CsrfField c={app$(c)} />
                      <button type="submit" aria-label={`Godkänn ${e.title}`}>
                        Godkänn
                      </button>
                    </form>
                    <form method="post" action={`${base}/${e.id}/avsla`} class="inline-form">
                      <CsrfField c={app$(c)} />
                      <button type="submit" class="link-button" aria-label={`Avslå ${e.title}`}>
                        Avslå
                      </button>
                    </form>
                  </>
                ) : null}
                <a href={`${base}/${e.id}`} aria-label={`Ändra ${e.title}`}>
                  Ändra
                </a>
              </div>
            </li>
          ))}
        </ul>
        <h2 id="andringar">Ändringar som väntar på granskning</h2>
        <p class="hint">När en medlem ändrar ett publicerat evenemang syns ändringen först när den är godkänd. Till dess visas evenemanget som förut.</p>
        {props.changes.length === 0 ? <p>Inga ändringar väntar.</p> : null}
        <ul class="lunch-days">
          {props.changes.map((e) => (
            <ChangeReview c={c} e={e} base={base} isAdmin={isAdmin} placeNames={placeNames} />
          ))}
        </ul>
        <h2>Kommande evenemang</h2>
        {props.upcoming.length === 0 ? <p>Inga publicerade evenemang framöver.</p> : null}
        <ul class="lunch-days">
          {props.upcoming.map(({ event: e, next }) => (
            <li class="card">
              <h3>
                <a href={eventPath(c.get('city').slug, e.id, c.get('prefix'))}>{e.title}</a>
              </h3>
              <EventSummary e={e} next={next} />
              <p class="muted">
                {e.organiser} · {categoryLabel(e.category, 'sv')}
                {e.cancelledAt ? (
                  <>
                    {' · '}
                    <CancelledTag locale="sv" />
                  </>
                ) : null}
                {e.pendingChanges ? ' · Ändring väntar på granskning' : ''}
              </p>
              <div class="actions">
                <a href={`${base}/${e.id}`} aria-label={`Ändra ${e.title}`}>
                  Ändra
                </a>
                <CancelControl c={c} e={e} editHref={`${base}/${e.id}`} baseHref={base} upcoming={true} />
              </div>
            </li>
          ))}
        </ul>
        {isAdmin ? (
          <>
            <h2>Betrodda arrangörer</h2>
            <p class="hint">En betrodd medlems evenemang och ändringar publiceras direkt, utan granskning.</p>
            <ul>
              {props.organisers.map((o) => (
                <li>
                  <form method="post" action={`${base}/betrodd`} class="inline-form">
                    <CsrfField c={app$(c)} />
                    <input type="hidden" name="businessId" value={o.business.id} />
                    <input type="hidden" name="trusted" value={o.trusted ? '0' : '1'} />
                    {o.business.name}: {o.trusted ? 'betrodd' : 'granskas'}{' '}
                    <button type="submit" class="link-button">
                      {o.trusted ? `Sluta lita på ${o.business.name}` : `Lita på ${o.business.name}`}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h2 id="nytt">Föreningens eget evenemang</h2>
        <EventForm c={c} action={base} v={props.v} errors={props.errors} places={props.places} askOrganiser={true} />
      </div>
    </Page>
  );
}

function DeletePage(props: { c: CityContext; e: Event; base: string }) {
  const { c, e } = props;
  return (
    <Page c={app$(c)} title={`Ta bort ${e.title}?`} city={c.get('city')} nav={associationNav(`${c.get('prefix')}/${c.get('city').slug}/admin`, true)} area="admin">
      <div lang="sv">
        <h1>Ta bort evenemanget?</h1>
        <p class="lead">{e.title}</p>
        <EventSummary e={e} />
        <p>Det går inte att ångra. Evenemanget försvinner från listan, kalendrarna och API:t, och bilden tas bort om inget annat evenemang visar den.</p>
        {e.status === 'published' && !e.cancelledAt ? <p>Blir det bara inte av? Ställ in det i stället, så får de som har sparat det veta.</p> : null}
        <form method="post" action={`${props.base}/${e.id}/ta-bort`} class="actions">
          <CsrfField c={app$(c)} />
          <button type="submit" class="danger">
            Ja, ta bort evenemanget
          </button>
          <a href={`${props.base}/${e.id}`}>Nej, tillbaka</a>
        </form>
      </div>
    </Page>
  );
}

const adminNotices: Record<string, string> = {
  godkant: 'Evenemanget är publicerat.',
  avslaget: 'Evenemanget är avslaget.',
  sparat: 'Evenemanget är publicerat.',
  betrodd: 'Ändringen är sparad.',
  andrat: 'Ändringen är sparad.',
  oforandrat: 'Inget var ändrat.',
  'andring-godkand': 'Ändringen är godkänd och syns nu.',
  'andring-avslagen': 'Ändringen är avslagen. Evenemanget visas som förut.',
  installt: 'Evenemanget är inställt. Det står kvar, markerat som inställt.',
  aterupptaget: 'Evenemanget är återupptaget.',
  'datum-installt': 'Tillfället är inställt.',
  'datum-aterupptaget': 'Tillfället är återupptaget.',
  borttaget: 'Evenemanget är borttaget.',
};

/**
 * `/{city}/admin/evenemang` and each event's edit page under it: admins do everything;
 * staff see, create, edit and call off (moderation, trust and deletion are the admins').
 */
export function mountEventAdminPages(app: TorgetApp, deps: EventsHttpDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  const gate: MiddlewareHandler<AppEnv> = async (ctx, next) => {
    const c = ctx as unknown as CityContext;
    const actor = c.get('actor');
    if (actor.kind === 'anonymous') return c.redirect(`${c.get('prefix')}/logga-in?stad=${c.get('city').slug}&next=${encodeURIComponent(c.req.path)}`, c.req.method === 'GET' ? 302 : 303);
    if (!can(actor, { cityId: c.get('city').id, roles: ['association-admin', 'association-staff'] })) throw forbidden();
    await next();
  };
  app.use('/:city/admin/evenemang', withCity, gate);
  app.use('/:city/admin/evenemang/*', withCity, gate);
  const cx = (ctx: Context<AppEnv>) => ctx as unknown as CityContext;
  const listPath = (ctx: Context<AppEnv>) => `${ctx.get('prefix')}/${cx(ctx).get('city').slug}/admin/evenemang`;
  const back = (ctx: Context<AppEnv>, done: string, id?: string) => ctx.redirect(`${listPath(ctx)}${id ? `/${id}` : ''}?klart=${done}`, 303);
  const isAdmin = (ctx: Context<AppEnv>) => can(cx(ctx).get('actor'), { cityId: cx(ctx).get('city').id, roles: ['association-admin'] });
  const places = async (ctx: Context<AppEnv>) => (await deps.members.list(cx(ctx).get('city').id, { limit: 500 })).items;
  const event = (ctx: Context<AppEnv>) => deps.events.editable(cx(ctx).get('actor'), cx(ctx).get('city').id, ctx.req.param('id') ?? '');

  const render = async (ctx: Context<AppEnv>, v?: EventFormValues, errors: FieldErrors = {}, status = 200) => {
    const c = cx(ctx);
    const city = c.get('city');
    const t = today(deps.clock.now());
    const [pending, changes, upcoming, trusted, all] = await Promise.all([deps.events.pending(c.get('actor'), city.id), deps.events.pendingChanges(c.get('actor'), city.id), deps.events.upcoming(c.get('actor'), city.id, t), deps.events.trustedBusinessIds(city.id), places(ctx)]);
    const organisers = all.filter((b) => b.isMember).map((b) => ({ business: b, trusted: trusted.includes(b.id) }));
    const done = c.req.query('klart') ?? '';
    return renderPage(ctx, <AdminEventsPage c={c} pending={pending} changes={changes} upcoming={upcoming} organisers={organisers} places={all.map((b) => ({ id: b.id, name: b.name }))} v={v ?? emptyForm(city.associationName)} errors={errors} {...(status === 200 && adminNotices[done] ? { notice: adminNotices[done] } : {})} />, status);
  };

  const renderEdit = async (ctx: Context<AppEnv>, e: Event, v?: EventFormValues, errors: FieldErrors = {}, status = 200) => {
    const c = cx(ctx);
    const fields = fieldsOf(e);
    const done = c.req.query('klart') ?? '';
    const all = await places(ctx);
    return renderPage(
      ctx,
      <EditEventPage
        c={c}
        area="admin"
        nav={associationNav(`${c.get('prefix')}/${c.get('city').slug}/admin`, isAdmin(ctx))}
        base={listPath(ctx)}
        e={e}
        v={v ?? valuesFromEvent(fields)}
        errors={errors}
        editBase={fields}
        places={all.map((b) => ({ id: b.id, name: b.name }))}
        askOrganiser={true}
        reviewed={false}
        canDelete={isAdmin(ctx)}
        today={today(deps.clock.now())}
        {...(status === 200 && adminNotices[done] ? { notice: adminNotices[done] } : {})}
      />,
      status,
    );
  };

  app.get('/:city/admin/evenemang', (ctx) => render(ctx));
  app.post('/:city/admin/evenemang', async (ctx) => {
    const c = cx(ctx);
    const form = await c.req.formData();
    const v = formFrom(form);
    const { input, upload, errors } = await readEventForm(deps, form, v, null);
    if (!input) return render(ctx, v, errors, 400);
    try {
      await deps.events.create(c.get('actor'), c.get('city').id, input, upload ? { upload } : {});
    } catch (err) {
      const fieldErrors = fieldErrorsFrom(err);
      if (!fieldErrors) throw err;
      return render(ctx, v, fieldErrors, 400);
    }
    return back(ctx, 'sparat');
  });
  app.post('/:city/admin/evenemang/betrodd', async (ctx) => {
    const c = cx(ctx);
    const form = await c.req.formData();
    const businessId = String(form.get('businessId') ?? '');
    const b = await deps.members.getById(c.get('city').id, businessId);
    if (!b) throw new DomainError('members.business_not_found', 'Företaget finns inte.');
    await deps.events.setTrusted(c.get('actor'), c.get('city').id, b.id, form.get('trusted') === '1');
    return back(ctx, 'betrodd');
  });

  app.get(`/:city/admin/evenemang/:id${UUID}`, async (ctx) => renderEdit(ctx, await event(ctx)));
  app.post(`/:city/admin/evenemang/:id${UUID}`, async (ctx) => {
    const e = await event(ctx);
    const form = await ctx.req.formData();
    const v = formFrom(form);
    const { input, upload, errors } = await readEventForm(deps, form, v, e.organiserBusinessId, fieldsOf(e));
    if (!input) return renderEdit(ctx, e, v, errors, 400);
    // The association's edits apply at once (a waiting event stays waiting for an admin's approval).
    return saveEdit(deps, ctx, e, input, upload, (outcome) => back(ctx, outcome === 'unchanged' ? 'oforandrat' : 'andrat'), (fieldErrors) => renderEdit(ctx, e, v, fieldErrors, 400));
  });
  app.post(`/:city/admin/evenemang/:id${UUID}/:what{(?:stall-in|ateruppta)}`, async (ctx) => {
    const e = await event(ctx);
    return setCancelled(deps, ctx, e, (done, date) => back(ctx, done, date ? e.id : undefined));
  });
  app.get(`/:city/admin/evenemang/:id${UUID}/ta-bort`, async (ctx) => {
    if (!isAdmin(ctx)) throw forbidden('Bara föreningens administratörer tar bort evenemang. Ställ in det i stället.');
    return renderPage(ctx, <DeletePage c={cx(ctx)} e={await event(ctx)} base={listPath(ctx)} />);
  });
  app.post(`/:city/admin/evenemang/:id${UUID}/ta-bort`, async (ctx) => {
    await deps.events.remove(cx(ctx).get('actor'), cx(ctx).get('city').id, ctx.req.param('id') ?? '');
    return back(ctx, 'borttaget');
  });
  app.post(`/:city/admin/evenemang/:id${UUID}/andring/:decision{(?:godkann|avsla)}`, async (ctx) => {
    const decision = ctx.req.param('decision') === 'godkann' ? 'approve' : 'reject';
    await deps.events.reviewChange(cx(ctx).get('actor'), cx(ctx).get('city').id, ctx.req.param('id') ?? '', decision);
    return back(ctx, decision === 'approve' ? 'andring-godkand' : 'andring-avslagen');
  });
  app.post(`/:city/admin/evenemang/:id${UUID}/:decision{(?:godkann|avsla)}`, async (ctx) => {
    const decision = ctx.req.param('decision');
    await deps.events.moderate(cx(ctx).get('actor'), cx(ctx).get('city').id, ctx.req.param('id') ?? '', decision === 'godkann' ? 'published' : 'rejected');
    return back(ctx, decision === 'godkann' ? 'godkant' : 'avslaget');
  });
}

/** Saves an edit; the service's own validation (rare: the form checks first) re-renders the form. */
async function saveEdit(deps: EventsHttpDeps, ctx: Context<AppEnv>, e: Event, input: EventInput, upload: PreparedImage | null, done: (o: EditOutcome) => Response, invalid: (errors: FieldErrors) => Promise<Response>): Promise<Response> {
  const c = ctx as unknown as CityContext;
  try {
    const { outcome } = await deps.events.update(c.get('actor'), c.get('city').id, e.id, input, upload ? { upload } : {});
    return done(outcome);
  } catch (err) {
    const fieldErrors = fieldErrorsFrom(err);
    if (!fieldErrors) throw err;
    return invalid(fieldErrors);
  }
}

/** "Ställ in" / "Återuppta", for the whole event or (`datum`) one date of a series. */
async function setCancelled(deps: EventsHttpDeps, ctx: Context<AppEnv>, e: Event, done: (what: string, date: string | null) => Response): Promise<Response> {
  const c = ctx as unknown as CityContext;
  const form = await c.req.formData();
  const date = String(form.get('datum') ?? '').trim();
  const cancel = c.req.param('what') === 'stall-in';
  const options = date ? { date } : {};
  if (cancel) await deps.events.cancel(c.get('actor'), c.get('city').id, e.id, options);
  else await deps.events.reinstate(c.get('actor'), c.get('city').id, e.id, options);
  return done(`${date ? 'datum-' : ''}${cancel ? 'installt' : 'aterupptaget'}`, date || null);
}
