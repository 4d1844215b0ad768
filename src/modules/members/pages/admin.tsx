/** @jsxImportSource hono/jsx */
/**
 * The association's pages for its businesses (`/{city}/admin/…`): overview, the list,
 * create and edit (with people and archiving), and the CSV import. Admins change
 * things; association staff may look.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import type { TorgetApp } from '../../../platform/http/app.js';
import { CsrfField, Notice, renderPage } from '../../../platform/http/ui/layout.js';
import { formatDateShort } from '../../../platform/i18n/format.js';
import { luhnCheckDigit } from '../../../platform/identity/luhn.js';
import { maskOrgNumber } from '../../../platform/identity/org-number.js';
import { cityMiddleware } from '../../cities/http.js';
import { categories, categorySlugs, type CategorySlug } from '../categories.js';
import { csvTemplateHeader } from '../csv.js';
import type { Business } from '../service.js';
import { BusinessInput, BusinessUpdate } from '../input.js';
import {
  addSchemaErrors,
  BusinessFields,
  businessFormFrom,
  businessFormFromBody,
  businessInputFrom,
  emptyBusinessForm,
  fieldErrorsFrom,
  summaryLabels,
  type BusinessFormValues,
} from './business-form.js';
import { emptyInvite, inviteErrorsFrom, InviteForm, inviteFromBody, isBusinessRole, PeopleTable, type InviteValues, type Person } from './people.js';
import {
  ADMIN,
  ADMIN_OR_STAFF,
  adminNav,
  asAppContext,
  cityBase,
  DoneNotice,
  ErrorSummary,
  formString,
  isAllowed,
  redirectDone,
  requireRoles,
  swedishMessage,
  WorkPage,
  type FieldErrors,
  type MemberContext,
  type MemberEnv,
  type MembersHttpDeps,
} from './shared.js';

const PAGE_SIZE = 50;

function statusOf(b: Business): string {
  if (b.archivedAt) return 'Arkiverad';
  return b.isMember ? 'Medlem' : 'Ej medlem';
}

const categoryLabel = (slug: string) => categories[slug as CategorySlug]?.sv ?? slug;

// ── Overview ────────────────────────────────────────────────────────────────

function OverviewPage(props: { c: MemberContext; members: number; nonMembers: number; archived: number }) {
  const { c } = props;
  const base = `${cityBase(c)}/admin`;
  const isAdmin = isAllowed(c, ADMIN);
  return (
    <WorkPage c={c} title="Föreningen" area="admin" nav={adminNav(c)}>
      <h1>{c.get('city').associationName}</h1>
      <DoneNotice c={c} />
      <h2>Företagen i {c.get('city').name}</h2>
      <dl class="facts">
        <dt>Medlemsföretag</dt>
        <dd>{props.members}</dd>
        <dt>Företag som inte är medlemmar</dt>
        <dd>{props.nonMembers}</dd>
        <dt>Arkiverade</dt>
        <dd>{props.archived}</dd>
      </dl>
      <div class="tiles">
        <a class="tile" href={`${base}/foretag`}>
          Alla företag
          <span>Sök, granska och ändra företagens uppgifter</span>
        </a>
        {isAdmin ? (
          <a class="tile" href={`${base}/foretag/ny`}>
            Lägg till företag
            <span>Ett företag i taget, med öppettider</span>
          </a>
        ) : null}
        {isAdmin ? (
          <a class="tile" href={`${base}/import`}>
            Importera från kalkylark
            <span>Många företag på en gång, från en CSV-fil</span>
          </a>
        ) : null}
        <a class="tile" href={`${base}/besokare`}>
          Besökare per timme
          <span>Hela stadskärnan och varje plats, dag för dag eller vecka för vecka</span>
        </a>
        <a class="tile" href={`${cityBase(c)}/butik/rakna`}>
          Räkna besökare
          <span>På torget, på marknaden eller i en butik</span>
        </a>
        <a class="tile" href={`${cityBase(c)}/live`}>
          Skärm för hela staden
          <span>Alla platser i grönt, gult och rött, för en skärm på torget</span>
        </a>
        <a class="tile" href={cityBase(c)}>
          Den publika sidan
          <span>Så ser besökarna stadskärnan</span>
        </a>
      </div>
    </WorkPage>
  );
}

// ── List ────────────────────────────────────────────────────────────────────

function ListPage(props: { c: MemberContext; items: Business[]; q: string; category: string; nextCursor: string | null }) {
  const { c, items } = props;
  const base = `${cityBase(c)}/admin/foretag`;
  const more = props.nextCursor ? `${base}?${new URLSearchParams({ q: props.q, kategori: props.category, fran: props.nextCursor }).toString()}` : null;
  return (
    <WorkPage c={c} title="Företag" area="admin" nav={adminNav(c)}>
      <h1>Företag</h1>
      <DoneNotice c={c} />
      {isAllowed(c, ADMIN) ? (
        <p>
          <a class="button" href={`${base}/ny`}>
            Lägg till företag
          </a>
        </p>
      ) : null}
      <form method="get" action={base} class="filters" role="search">
        <div>
          <label for="q">Sök företag</label>
          <input id="q" name="q" type="search" value={props.q} />
        </div>
        <div>
          <label for="kategori">Kategori</label>
          <select id="kategori" name="kategori">
            <option value="">Alla kategorier</option>
            {categorySlugs.map((slug) => (
              <option value={slug} selected={props.category === slug}>
                {categories[slug].sv}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">Sök</button>
        </div>
      </form>
      <p class="result-count" role="status">
        {items.length === 0 ? 'Inga företag hittades.' : `Visar ${items.length}${more ? ' (fler finns)' : ''}.`} Arkiverade företag visas också.
      </p>
      {items.length > 0 ? (
        <div class="table-wrap" role="region" aria-label="Företagen" tabindex={0}>
          <table>
            <caption class="visually-hidden">Företagen i {c.get('city').name}</caption>
            <thead>
              <tr>
                <th scope="col">Namn</th>
                <th scope="col">Kategori</th>
                <th scope="col">Status</th>
                <th scope="col">Org.nr</th>
                <th scope="col">Ändrad</th>
              </tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/${b.id}`}>{b.name}</a>
                  </th>
                  <td>{categoryLabel(b.category)}</td>
                  <td>{statusOf(b)}</td>
                  <td>{maskOrgNumber(b.orgNumber)}</td>
                  <td>{formatDateShort(b.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {more ? (
        <nav class="pager" aria-label="Fler företag">
          <a href={more}>Visa fler</a>
        </nav>
      ) : null}
    </WorkPage>
  );
}

// ── Create and edit ─────────────────────────────────────────────────────────

function NewPage(props: { c: MemberContext; values: BusinessFormValues; errors: FieldErrors }) {
  const { c, values, errors } = props;
  const base = `${cityBase(c)}/admin/foretag`;
  return (
    <WorkPage c={c} title="Lägg till företag" area="admin" nav={adminNav(c)} scripts={['/static/hours-editor.js']}>
      <nav class="breadcrumbs" aria-label="Du är här">
        <a href={base}>Företag</a>
      </nav>
      <h1>Lägg till företag</h1>
      <form method="post" action={`${base}/ny`} class="stack" novalidate>
        <CsrfField c={asAppContext(c)} />
        <ErrorSummary errors={errors} labels={summaryLabels(values)} ids={{ _form: 'main' }} />
        <BusinessFields values={values} errors={errors} mode="create" />
        <div class="actions">
          <button type="submit">Skapa företaget</button>
          <a href={base}>Avbryt</a>
        </div>
      </form>
    </WorkPage>
  );
}

interface EditState {
  values: BusinessFormValues;
  errors: FieldErrors;
  invite: InviteValues;
  inviteErrors: FieldErrors;
}

function EditPage(props: { c: MemberContext; business: Business; people: Person[]; state: EditState }) {
  const { c, business: b, state } = props;
  const base = `${cityBase(c)}/admin/foretag`;
  const here = `${base}/${b.id}`;
  const isAdmin = isAllowed(c, ADMIN);
  const editable = isAdmin && !b.archivedAt;
  const fields = <BusinessFields values={state.values} errors={state.errors} mode="edit" />;
  return (
    <WorkPage c={c} title={b.name} area="admin" nav={adminNav(c)} scripts={editable ? ['/static/hours-editor.js'] : []}>
      <nav class="breadcrumbs" aria-label="Du är här">
        <a href={base}>Företag</a>
      </nav>
      <h1>{b.name}</h1>
      <DoneNotice c={c} />
      <p class="actions">
        <span>{statusOf(b)}</span>
        {!b.archivedAt ? <a href={`${cityBase(c)}/foretag/${b.slug}`}>Visa den publika sidan</a> : null}
        {isAdmin ? <a href={`${cityBase(c)}/butik/${b.slug}`}>Företagets egna sidor</a> : null}
        {!b.archivedAt ? <a href={`${cityBase(c)}/butik/rakna/historik?plats=${b.slug}`}>Besökare per timme</a> : null}
      </p>
      {b.archivedAt ? <Notice kind="info">Företaget är arkiverat sedan {formatDateShort(b.archivedAt)} och syns inte för besökare. Återställ det för att kunna ändra uppgifterna.</Notice> : null}
      {!isAdmin ? <Notice kind="info">Du kan se uppgifterna. Bara föreningens administratörer kan ändra dem.</Notice> : null}

      {editable ? (
        <form method="post" action={here} class="stack" novalidate>
          <CsrfField c={asAppContext(c)} />
          <ErrorSummary errors={state.errors} labels={summaryLabels(state.values)} ids={{ _form: 'main' }} />
          {fields}
          <div class="actions">
            <button type="submit">Spara ändringar</button>
          </div>
        </form>
      ) : (
        <fieldset disabled class="stack">
          <legend class="visually-hidden">Uppgifter (kan inte ändras här)</legend>
          {fields}
        </fieldset>
      )}

      <section class="stack" aria-labelledby="people-heading">
        <h2 id="people-heading">Personer som sköter företaget</h2>
        <p class="hint">Ägare kan ändra öppettider och uppgifter och bjuda in personal. Personal kan se företagets sidor.</p>
        <PeopleTable c={c} people={props.people} businessId={b.id} removeAction={`${here}/ta-bort-person`} canRemove={() => isAdmin} selfId={null} />
        {isAdmin && !b.archivedAt ? (
          <>
            <h3>Bjud in</h3>
            <InviteForm c={c} action={`${here}/bjud-in`} values={state.invite} errors={state.inviteErrors} allowOwner />
          </>
        ) : null}
      </section>

      {isAdmin ? (
        <section class="stack" aria-labelledby="archive-heading">
          <h2 id="archive-heading">{b.archivedAt ? 'Återställ' : 'Arkivera'}</h2>
          <p>{b.archivedAt ? 'Företaget syns igen i företagslistan och kan ändras.' : 'Ett arkiverat företag syns inte för besökare. Historiken finns kvar och det går att återställa.'}</p>
          <form method="post" action={`${here}/arkivera`} class="inline-form">
            <CsrfField c={asAppContext(c)} />
            <input type="hidden" name="atgard" value={b.archivedAt ? 'aterstall' : 'arkivera'} />
            <button type="submit" class={b.archivedAt ? '' : 'danger'}>
              {b.archivedAt ? 'Återställ företaget' : 'Arkivera företaget'}
            </button>
          </form>
        </section>
      ) : null}
    </WorkPage>
  );
}

// ── Import ──────────────────────────────────────────────────────────────────

/** Field → the column name people see in the template. */
const csvColumns: Record<string, string> = {
  name: 'namn', category: 'kategori', orgNumber: 'organisationsnummer', street: 'gatuadress', postalCode: 'postnummer', postalTown: 'ort', phone: 'telefon', email: 'e-post',
  website: 'webb', description: 'beskrivning', descriptionEn: 'beskrivning (engelska)', isMember: 'medlem', memberSince: 'medlem sedan', services: 'tjänster', tags: 'nyckelord',
  lat: 'latitud', lng: 'longitud', slug: 'slug', openingHours: 'öppettider',
};

interface ImportRow {
  row: string;
  field: string;
  message: string;
}

/** `/rows/3/orgNumber` → row 4 of the file (the header is row 1), column "organisationsnummer". */
export function describeImportError(e: FieldError): ImportRow {
  const parts = e.path.split('/').filter(Boolean);
  if (parts[0] === 'rows' && parts[1]) {
    const field = parts[2] ?? '';
    return { row: String(Number(parts[1]) + 1), field: csvColumns[field] ?? (field || '–'), message: swedishMessage({ ...e, path: '/' + parts.slice(2).join('/') }) };
  }
  if (parts[0] === 'header') return { row: '1', field: parts[1] ? `kolumn ${parts[1]}` : '–', message: e.message };
  return { row: '–', field: '–', message: e.message };
}

function ImportPage(props: { c: MemberContext; text: string; errors: ImportRow[]; summary?: string | undefined }) {
  const { c } = props;
  const base = `${cityBase(c)}/admin/import`;
  return (
    <WorkPage c={c} title="Importera företag" area="admin" nav={adminNav(c)}>
      <h1>Importera företag</h1>
      <DoneNotice c={c} />
      {props.errors.length > 0 ? (
        <div class="stack">
          <Notice kind="error">
            <p>
              <strong>Inget importerades.</strong> {props.summary} Rätta raderna nedan i filen och försök igen.
            </p>
          </Notice>
          <div class="table-wrap" role="region" aria-label="Fel i filen" tabindex={0}>
            <table>
              <caption>Fel i filen (rubrikraden är rad 1)</caption>
              <thead>
                <tr>
                  <th scope="col">Rad</th>
                  <th scope="col">Kolumn</th>
                  <th scope="col">Fel</th>
                </tr>
              </thead>
              <tbody>
                {props.errors.map((e) => (
                  <tr>
                    <td>{e.row}</td>
                    <td>{e.field}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      <p>
        Spara kalkylarket som CSV (UTF-8) med en rubrikrad. Kolumnerna namn, kategori och organisationsnummer krävs. Antingen importeras alla rader, eller ingen: blir något fel ser du
        vilka rader som behöver rättas.
      </p>
      <p>
        <a href={`${base}/mall.csv`} download="foretag-mall.csv">
          Ladda ned en mall (CSV)
        </a>
      </p>
      <form method="post" action={base} enctype="multipart/form-data" class="stack">
        <CsrfField c={asAppContext(c)} />
        <div>
          <label for="fil">CSV-fil</label>
          <input id="fil" name="fil" type="file" accept=".csv,text/csv,text/plain" aria-describedby="fil-tips" />
          <span class="hint" id="fil-tips">
            Semikolon eller komma som avgränsare.
          </span>
        </div>
        <div>
          <label for="csv">Eller klistra in raderna här</label>
          <textarea id="csv" name="csv" rows={8}>
            {props.text}
          </textarea>
        </div>
        <div>
          <button type="submit">Importera</button>
        </div>
      </form>
    </WorkPage>
  );
}

/** A valid example organisation number for the template (aktiebolag, Luhn checked). */
const exampleOrgNumber = (() => {
  const body = '556677889';
  const digits = body + luhnCheckDigit(body);
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
})();

/** The template: the header and one example row; semicolons, UTF-8 with BOM, as Excel in Sweden reads it. */
export function csvTemplate(): string {
  const example = ['Exempelbutiken', categories.mode.sv, exampleOrgNumber, 'Storgatan 1', '532 30', 'Skara', '0511-123 45', 'info@exempelbutiken.se', 'https://exempelbutiken.se', 'Kläder för hela familjen.', 'ja', '"Tar emot presentkortet, Hemleverans"', '58.3861', '13.4385'];
  return `\uFEFF${csvTemplateHeader}\r\n${example.join(';')}\r\n`;
}

/** Uploaded files from Windows may still be Windows-1252; UTF-8 is tried first. */
function decodeUpload(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

// ── Routes ──────────────────────────────────────────────────────────────────

export function mountAdminPages(app: TorgetApp, deps: MembersHttpDeps): void {
  const r = app as unknown as Hono<MemberEnv>;
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<MemberEnv>;
  const adminOnly = requireRoles(ADMIN);
  r.use('/:city/admin/*', withCity, requireRoles(ADMIN_OR_STAFF));

  r.get('/:city/admin', async (c) => {
    const stats = await deps.members.stats(c.get('city').id);
    return renderPage(asAppContext(c), <OverviewPage c={c} members={stats.members} nonMembers={stats.nonMembers} archived={stats.archived} />);
  });

  r.get('/:city/admin/foretag', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const wanted = c.req.query('kategori') ?? '';
    const category = (categorySlugs as string[]).includes(wanted) ? wanted : '';
    const cursor = c.req.query('fran') || null;
    const list = (cur: string | null) => deps.members.list(c.get('city').id, { q, includeArchived: true, limit: PAGE_SIZE, cursor: cur, ...(category ? { category: [category] } : {}) });
    // A stale or edited cursor starts the list over rather than failing.
    const page = await list(cursor).catch((err: unknown) => (err instanceof DomainError && err.code === 'validation' ? list(null) : Promise.reject(err)));
    return renderPage(asAppContext(c), <ListPage c={c} items={page.items} q={q} category={category} nextCursor={page.nextCursor} />);
  });

  r.get('/:city/admin/foretag/ny', adminOnly, (c) => renderPage(asAppContext(c), <NewPage c={c} values={emptyBusinessForm()} errors={{}} />));

  r.post('/:city/admin/foretag/ny', adminOnly, async (c) => {
    const values = businessFormFromBody(await c.req.formData());
    const { input, errors, hours } = businessInputFrom(values, 'create');
    addSchemaErrors(BusinessInput, input, errors, hours.sources);
    if (Object.keys(errors).length === 0) {
      try {
        const created = await deps.members.create(c.get('actor'), c.get('city').id, input, { ip: c.get('clientIp'), requestId: c.get('requestId') });
        return redirectDone(c, `${cityBase(c)}/admin/foretag/${created.id}`, 'skapat');
      } catch (err) {
        if (!(err instanceof DomainError) || !['validation', 'members.slug_taken', 'members.org_number_invalid'].includes(err.code)) throw err;
        Object.assign(errors, fieldErrorsFrom(err, hours.sources));
      }
    }
    return renderPage(asAppContext(c), <NewPage c={c} values={values} errors={errors} />, 400);
  });

  async function loadBusiness(c: MemberContext): Promise<Business> {
    const b = await deps.members.getById(c.get('city').id, c.req.param('id') ?? '');
    if (!b) throw new DomainError('members.business_not_found', 'Företaget finns inte i den här staden.');
    return b;
  }

  async function renderEdit(c: MemberContext, b: Business, state: Partial<EditState> = {}, status = 200): Promise<Response> {
    const people = await deps.members.listPeople(c.get('actor'), c.get('city').id, b.id);
    const full: EditState = { values: businessFormFrom(b), errors: {}, invite: emptyInvite('merchant-owner'), inviteErrors: {}, ...state };
    return renderPage(asAppContext(c), <EditPage c={c} business={b} people={people} state={full} />, status);
  }

  r.get('/:city/admin/foretag/:id', async (c) => renderEdit(c, await loadBusiness(c)));

  r.post('/:city/admin/foretag/:id', adminOnly, async (c) => {
    const b = await loadBusiness(c);
    const values = businessFormFromBody(await c.req.formData());
    const { input, errors, hours } = businessInputFrom(values, 'edit');
    addSchemaErrors(BusinessUpdate, input, errors, hours.sources);
    if (Object.keys(errors).length === 0) {
      try {
        await deps.members.update(c.get('actor'), c.get('city').id, b.id, input, { ip: c.get('clientIp'), requestId: c.get('requestId') });
        return redirectDone(c, `${cityBase(c)}/admin/foretag/${b.id}`, 'sparat');
      } catch (err) {
        if (!(err instanceof DomainError) || !['validation', 'members.slug_taken', 'members.org_number_invalid', 'members.archived'].includes(err.code)) throw err;
        Object.assign(errors, fieldErrorsFrom(err, hours.sources));
      }
    }
    return renderEdit(c, b, { values, errors }, 400);
  });

  r.post('/:city/admin/foretag/:id/arkivera', adminOnly, async (c) => {
    const b = await loadBusiness(c);
    const restore = formString(await c.req.formData(), 'atgard', 20) === 'aterstall';
    await deps.members.archive(c.get('actor'), c.get('city').id, b.id, !restore, { ip: c.get('clientIp'), requestId: c.get('requestId') });
    return redirectDone(c, `${cityBase(c)}/admin/foretag/${b.id}`, restore ? 'aterstallt' : 'arkiverat');
  });

  r.post('/:city/admin/foretag/:id/bjud-in', adminOnly, async (c) => {
    const b = await loadBusiness(c);
    const invite = inviteFromBody(await c.req.formData(), true);
    const city = c.get('city');
    try {
      await deps.members.invite(c.get('actor'), city.id, b.id, invite, { cityName: city.name, citySlug: city.slug }, { ip: c.get('clientIp'), requestId: c.get('requestId') });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation') return renderEdit(c, b, { invite, inviteErrors: inviteErrorsFrom(err) }, 400);
      throw err;
    }
    return redirectDone(c, `${cityBase(c)}/admin/foretag/${b.id}`, 'inbjuden');
  });

  r.post('/:city/admin/foretag/:id/ta-bort-person', adminOnly, async (c) => {
    const b = await loadBusiness(c);
    const form = await c.req.formData();
    const userId = formString(form, 'userId', 40);
    const role = formString(form, 'role', 30);
    if (!/^[0-9a-f-]{36}$/i.test(userId) || !isBusinessRole(role)) throw new DomainError('bad_request', 'Felaktig begäran.');
    await deps.members.removePerson(c.get('actor'), c.get('city').id, b.id, userId, role);
    return redirectDone(c, `${cityBase(c)}/admin/foretag/${b.id}`, 'borttagen');
  });

  r.get('/:city/admin/import/mall.csv', adminOnly, (c) => {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="foretag-mall.csv"');
    return c.body(csvTemplate());
  });

  r.get('/:city/admin/import', adminOnly, (c) => renderPage(asAppContext(c), <ImportPage c={c} text="" errors={[]} />));

  r.post('/:city/admin/import', adminOnly, async (c) => {
    const form = await c.req.formData();
    const file = form.get('fil');
    const pasted = formString(form, 'csv', 5 * 1024 * 1024);
    const text = file && typeof file !== 'string' && file.size > 0 ? decodeUpload(await file.arrayBuffer()) : pasted;
    if (!text.trim()) {
      return renderPage(asAppContext(c), <ImportPage c={c} text="" errors={[{ row: '–', field: '–', message: 'Välj en fil eller klistra in raderna.' }]} summary="Ingen fil valdes." />, 400);
    }
    try {
      const result = await deps.members.importCsv(c.get('actor'), c.get('city').id, text, { ip: c.get('clientIp'), requestId: c.get('requestId') });
      return redirectDone(c, `${cityBase(c)}/admin/import`, 'importerat', { antal: String(result.created) });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'members.import_failed') throw err;
      const rows = (err.extra.errors ?? []).map(describeImportError);
      return renderPage(asAppContext(c), <ImportPage c={c} text={pasted} errors={rows} summary={err.message} />, 400);
    }
  });
}
