/** @jsxImportSource hono/jsx */
/**
 * The merchant's pages (`/{city}/butik/…`), made for a phone behind the counter: the
 * business at a glance, opening hours, the listing, and staff. Owners change things;
 * staff see the same pages read-only, because the members service lets only owners
 * (and the association) change a listing.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { can, merchantBusinessIds } from '../../../platform/auth/roles.js';
import { DomainError, forbidden } from '../../../platform/errors.js';
import type { TorgetApp } from '../../../platform/http/app.js';
import { CsrfField, Notice, renderPage, type NavLink } from '../../../platform/http/ui/layout.js';
import { zonedParts } from '../../../platform/time/zoned.js';
import { cityMiddleware } from '../../cities/http.js';
import { describeRegularHours, describeStatus, openStatus, type OpeningHours } from '../opening-hours.js';
import type { Business } from '../service.js';
import { ListingUpdate } from '../input.js';
import { OpeningHours as OpeningHoursSchema } from '../opening-hours.js';
import { addSchemaErrors, businessFormFrom, businessFormFromBody, fieldErrorsFrom, fieldLabels, listingInputFrom, ListingFieldset, type BusinessFormValues } from './business-form.js';
import { hoursFromValue, hoursLabels, hoursValueFrom, hoursValueFromForm, HoursEditor, placeHoursError, type HoursValue } from './hours-editor.js';
import { emptyInvite, inviteErrorsFrom, InviteForm, inviteFromBody, isBusinessRole, PeopleTable, type InviteValues } from './people.js';
import {
  ADMIN_OR_STAFF,
  asAppContext,
  cityBase,
  deny,
  DoneNotice,
  ErrorSummary,
  formString,
  isAllowed,
  MERCHANT,
  redirectDone,
  WorkPage,
  type FieldErrors,
  type MemberContext,
  type MemberEnv,
  type MembersHttpDeps,
  type MerchantLink,
} from './shared.js';

/** Who may open a business's merchant pages: its people, and the association's admins (support). */
const BUSINESS_PAGE_ROLES = [...MERCHANT, 'association-admin'] as const;

/** Owners and association admins change the listing; the members service enforces the same. */
const canEdit = (c: MemberContext) => can(c.get('actor'), { cityId: c.get('city').id, roles: ['association-admin', 'merchant-owner'], businessId: c.get('business').id }) && !c.get('business').archivedAt;

const businessBase = (c: MemberContext, b: Business) => `${cityBase(c)}/butik/${b.slug}`;

function roleText(c: MemberContext, b: Business): string {
  const grants = c.get('actor').grants.filter((g) => g.businessId === b.id);
  if (grants.some((g) => g.role === 'merchant-owner')) return 'ägare';
  if (grants.some((g) => g.role === 'merchant-staff')) return 'personal';
  return 'föreningens administratör';
}

/** Set once at mount: other modules' merchant pages (see MembersHttpDeps.merchantLinks). */
let extraLinks: readonly MerchantLink[] = [];

function merchantNav(c: MemberContext, b: Business | null, hasSeveral: boolean): NavLink[] {
  const links: NavLink[] = [];
  if (hasSeveral || !b) links.push({ href: `${cityBase(c)}/butik`, label: 'Mina företag' });
  if (b) {
    const base = businessBase(c, b);
    links.push(
      { href: base, label: b.name },
      { href: `${base}/kassa`, label: 'Kassa' },
      { href: `${base}/oppettider`, label: 'Öppettider' },
      { href: `${base}/uppgifter`, label: 'Uppgifter' },
      { href: `${base}/personal`, label: 'Personal' },
      ...linksFor(c, b)
        .filter((l) => l.nav)
        .map((l) => ({ href: l.href, label: l.label })),
    );
  }
  return links;
}

/** Other modules' pages for this business, with their addresses. */
function linksFor(c: MemberContext, b: Business): Array<{ href: string; label: string; hint: string; nav: boolean }> {
  return extraLinks
    .filter((l) => !(l.activeOnly && b.archivedAt))
    .map((l) => ({ href: l.href ? l.href(cityBase(c), b.slug) : `${businessBase(c, b)}/${l.path ?? ''}`, label: l.label, hint: l.hint, nav: l.nav !== false }));
}

const hasSeveral = (c: MemberContext) => new Set(merchantBusinessIds(c.get('actor'), c.get('city').id)).size > 1;

function HoursSummary(props: { hours: OpeningHours }) {
  const lines = describeRegularHours(props.hours, 'sv');
  return (
    <dl class="facts">
      {lines.map((l) => (
        <>
          <dt>{l.days.charAt(0).toUpperCase() + l.days.slice(1)}</dt>
          <dd>{l.hours}</dd>
        </>
      ))}
    </dl>
  );
}

function BusinessHome(props: { c: MemberContext; business: Business; now: Date; several: boolean; editable: boolean }) {
  const { c, business: b } = props;
  const base = businessBase(c, b);
  const hours = b.openingHours as OpeningHours;
  const hasHours = hours.regular.length > 0 || hours.special.length > 0;
  const status = describeStatus(openStatus(hours, props.now), 'sv', zonedParts(props.now).date);
  return (
    <WorkPage c={c} title={b.name} area="merchant" nav={merchantNav(c, b, props.several)}>
      <h1>{b.name}</h1>
      <DoneNotice c={c} />
      <p class="muted">Du är inloggad som {roleText(c, b)}.</p>
      {b.archivedAt ? (
        <Notice kind="info">Företaget är arkiverat och syns inte för besökare. Kontakta föreningen om det är fel.</Notice>
      ) : (
        <p>
          <span class={`status ${status.startsWith('Öppet') ? 'status-open' : 'status-closed'}`}>{status}</span> – så ser besökarna det just nu.
        </p>
      )}
      {!hasHours && !b.archivedAt ? <Notice kind="info">Öppettiderna saknas. Lägg in dem så att besökarna ser när ni har öppet.</Notice> : null}
      <div class="tiles">
        <a class="tile" href={`${base}/kassa`}>
          Kassa
          <span>Ta emot presentkort: skanna eller skriv koden</span>
        </a>
        <a class="tile" href={`${base}/oppettider`}>
          {props.editable ? 'Ändra öppettider' : 'Öppettider'}
          <span>Vanlig vecka, helgdagar och semester</span>
        </a>
        <a class="tile" href={`${base}/uppgifter`}>
          {props.editable ? 'Ändra uppgifter' : 'Uppgifter'}
          <span>Beskrivning, telefon, webbplats och tjänster</span>
        </a>
        <a class="tile" href={`${base}/personal`}>
          Personal
          <span>Vilka som kan logga in för företaget</span>
        </a>
        {linksFor(c, b).map((l) => (
          <a class="tile" href={l.href}>
            {l.label}
            <span>{l.hint}</span>
          </a>
        ))}
        {!b.archivedAt ? (
          <a class="tile" href={`${cityBase(c)}/foretag/${b.slug}`}>
            Visa den publika sidan
            <span>Så ser besökarna er</span>
          </a>
        ) : null}
      </div>
    </WorkPage>
  );
}

function BusinessList(props: { c: MemberContext; businesses: Business[] }) {
  const { c } = props;
  return (
    <WorkPage c={c} title="Mina företag" area="merchant" nav={merchantNav(c, null, true)}>
      <h1>Mina företag</h1>
      {props.businesses.length === 0 ? (
        <p>
          Du sköter inget företag i {c.get('city').name}. {isAllowed(c, ADMIN_OR_STAFF) ? <a href={`${cityBase(c)}/admin/foretag`}>Till föreningens företagslista</a> : null}
        </p>
      ) : (
        <ul>
          {props.businesses.map((b) => (
            <li>
              <a href={businessBase(c, b)}>{b.name}</a>
              {b.archivedAt ? ' (arkiverat)' : ''}
            </li>
          ))}
        </ul>
      )}
    </WorkPage>
  );
}

function ReadOnlyNote(props: { c: MemberContext; what: string }) {
  const b = props.c.get('business');
  if (b.archivedAt) return <Notice kind="info">Företaget är arkiverat och kan inte ändras. Kontakta föreningen.</Notice>;
  return <Notice kind="info">Bara företagets ägare kan ändra {props.what}. Be ägaren, eller föreningen, om något behöver ändras.</Notice>;
}

function HoursPage(props: { c: MemberContext; value: HoursValue; errors: FieldErrors }) {
  const { c, value, errors } = props;
  const b = c.get('business');
  const editable = canEdit(c);
  const base = businessBase(c, b);
  const editor = <HoursEditor value={value} errors={errors} />;
  return (
    <WorkPage c={c} title={`Öppettider – ${b.name}`} area="merchant" nav={merchantNav(c, b, hasSeveral(c))} scripts={editable ? ['/static/hours-editor.js'] : []}>
      <h1>Öppettider</h1>
      <p class="lead">{b.name}</p>
      <DoneNotice c={c} />
      {(b.openingHours as OpeningHours).regular.length > 0 && Object.keys(errors).length === 0 ? (
        <section aria-labelledby="hours-now">
          <h2 id="hours-now">Så visas veckan för besökarna</h2>
          <HoursSummary hours={b.openingHours as OpeningHours} />
        </section>
      ) : null}
      {editable ? (
        <form method="post" action={`${base}/oppettider`} class="stack" novalidate>
          <CsrfField c={asAppContext(c)} />
          <ErrorSummary errors={errors} labels={hoursLabels(value)} />
          {editor}
          <div class="actions">
            <button type="submit">Spara öppettider</button>
            <a href={base}>Avbryt</a>
          </div>
        </form>
      ) : (
        <>
          <ReadOnlyNote c={c} what="öppettiderna" />
          <fieldset disabled class="stack">
            <legend class="visually-hidden">Öppettider (kan inte ändras här)</legend>
            {editor}
          </fieldset>
        </>
      )}
    </WorkPage>
  );
}

function ListingPage(props: { c: MemberContext; values: BusinessFormValues; errors: FieldErrors }) {
  const { c, values, errors } = props;
  const b = c.get('business');
  const editable = canEdit(c);
  const base = businessBase(c, b);
  const fields = <ListingFieldset values={values} errors={errors} />;
  return (
    <WorkPage c={c} title={`Uppgifter – ${b.name}`} area="merchant" nav={merchantNav(c, b, hasSeveral(c))}>
      <h1>Uppgifter</h1>
      <p class="lead">{b.name}</p>
      <DoneNotice c={c} />
      <p class="hint">Namn, adress och organisationsnummer ändrar föreningen. Hör av dig till dem om något är fel.</p>
      {editable ? (
        <form method="post" action={`${base}/uppgifter`} class="stack" novalidate>
          <CsrfField c={asAppContext(c)} />
          <ErrorSummary errors={errors} labels={fieldLabels} ids={{ _form: 'main' }} />
          {fields}
          <div class="actions">
            <button type="submit">Spara uppgifter</button>
            <a href={base}>Avbryt</a>
          </div>
        </form>
      ) : (
        <>
          <ReadOnlyNote c={c} what="uppgifterna" />
          <fieldset disabled class="stack">
            <legend class="visually-hidden">Uppgifter (kan inte ändras här)</legend>
            {fields}
          </fieldset>
        </>
      )}
    </WorkPage>
  );
}

function StaffPage(props: { c: MemberContext; people: Awaited<ReturnType<MembersHttpDeps['members']['listPeople']>>; invite: InviteValues; inviteErrors: FieldErrors }) {
  const { c } = props;
  const b = c.get('business');
  const editable = canEdit(c);
  const base = businessBase(c, b);
  return (
    <WorkPage c={c} title={`Personal – ${b.name}`} area="merchant" nav={merchantNav(c, b, hasSeveral(c))}>
      <h1>Personal</h1>
      <p class="lead">{b.name}</p>
      <DoneNotice c={c} />
      <PeopleTable c={c} people={props.people} businessId={b.id} removeAction={`${base}/personal/ta-bort`} canRemove={(role) => editable && role === 'merchant-staff'} selfId={c.get('actor').id} />
      {editable ? (
        <section class="stack" aria-labelledby="invite-heading">
          <h2 id="invite-heading">Bjud in personal</h2>
          <p>Personal kan logga in och se företagets sidor. Öppettider och uppgifter ändrar bara ägaren.</p>
          <InviteForm c={c} action={`${base}/personal/bjud-in`} values={props.invite} errors={props.inviteErrors} allowOwner={false} />
        </section>
      ) : (
        <ReadOnlyNote c={c} what="vem som har tillgång" />
      )}
    </WorkPage>
  );
}

export function mountMerchantPagesImpl(app: TorgetApp, deps: MembersHttpDeps): void {
  const r = app as unknown as Hono<MemberEnv>;
  extraLinks = deps.merchantLinks ?? [];
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<MemberEnv>;

  // Everyone here must be logged in; which business they may see is checked below.
  r.use('/:city/butik/*', withCity, async (c, next) => {
    if (c.get('actor').kind === 'anonymous') return deny(c);
    await next();
  });

  r.use('/:city/butik/:business/*', async (c, next) => {
    const slug = c.req.param('business') ?? '';
    const found = /^[a-z0-9-]{1,60}$/.test(slug) ? await deps.members.lookup(c.get('city').id, slug, { includeArchived: true }) : null;
    if (!found) throw new DomainError('members.business_not_found', 'Företaget finns inte i den här staden.');
    if ('redirectTo' in found) {
      const path = c.req.path.replace(`/butik/${slug}`, `/butik/${found.redirectTo}`);
      return c.redirect(c.get('prefix') + path + new URL(c.req.url).search, c.req.method === 'GET' ? 301 : 308);
    }
    c.set('business', found.business);
    if (!isAllowed(c, BUSINESS_PAGE_ROLES)) return deny(c);
    await next();
  });

  r.get('/:city/butik', async (c) => {
    const city = c.get('city');
    const ids = [...new Set(merchantBusinessIds(c.get('actor'), city.id))];
    if (ids.length === 0 && !isAllowed(c, ADMIN_OR_STAFF)) throw forbidden('Du sköter inget företag i den här staden.');
    const found = (await Promise.all(ids.map((id) => deps.members.getById(city.id, id)))).filter((b): b is Business => b !== null);
    if (found.length === 1) {
      const b = found[0]!;
      c.set('business', b);
      return renderPage(asAppContext(c), <BusinessHome c={c} business={b} now={deps.clock.now()} several={false} editable={canEdit(c)} />);
    }
    return renderPage(asAppContext(c), <BusinessList c={c} businesses={found} />);
  });

  r.get('/:city/butik/:business', (c) => renderPage(asAppContext(c), <BusinessHome c={c} business={c.get('business')} now={deps.clock.now()} several={hasSeveral(c)} editable={canEdit(c)} />));

  r.get('/:city/butik/:business/oppettider', (c) => renderPage(asAppContext(c), <HoursPage c={c} value={hoursValueFrom(c.get('business').openingHours as OpeningHours)} errors={{}} />));

  r.post('/:city/butik/:business/oppettider', async (c) => {
    const b = c.get('business');
    if (!canEdit(c)) throw forbidden(b.archivedAt ? 'Företaget är arkiverat och kan inte ändras.' : 'Bara företagets ägare kan ändra detta.');
    const value = hoursValueFromForm(await c.req.formData());
    const result = hoursFromValue(value);
    const errors = { ...result.errors };
    addSchemaErrors(OpeningHoursSchema, result.hours, errors, result.sources, '/openingHours');
    if (Object.keys(errors).length === 0) {
      try {
        await deps.members.update(c.get('actor'), c.get('city').id, b.id, { openingHours: result.hours }, { ip: c.get('clientIp'), requestId: c.get('requestId') });
        return redirectDone(c, `${businessBase(c, b)}/oppettider`, 'sparat');
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation') throw err;
        for (const e of err.extra.errors ?? []) placeHoursError(e, result.sources, errors);
        if (Object.keys(errors).length === 0) errors['d1-0-oppnar'] = err.message;
      }
    }
    return renderPage(asAppContext(c), <HoursPage c={c} value={value} errors={errors} />, 400);
  });

  r.get('/:city/butik/:business/uppgifter', (c) => renderPage(asAppContext(c), <ListingPage c={c} values={businessFormFrom(c.get('business'))} errors={{}} />));

  r.post('/:city/butik/:business/uppgifter', async (c) => {
    const b = c.get('business');
    if (!canEdit(c)) throw forbidden(b.archivedAt ? 'Företaget är arkiverat och kan inte ändras.' : 'Bara företagets ägare kan ändra detta.');
    const submitted = businessFormFromBody(await c.req.formData());
    // Only the listing's fields come from the form; the rest stay as stored.
    const values: BusinessFormValues = { ...businessFormFrom(b), description: submitted.description, descriptionEn: submitted.descriptionEn, phone: submitted.phone, email: submitted.email, website: submitted.website, services: submitted.services, tags: submitted.tags };
    const input = listingInputFrom(values);
    const errors: FieldErrors = {};
    addSchemaErrors(ListingUpdate, input, errors);
    if (Object.keys(errors).length > 0) return renderPage(asAppContext(c), <ListingPage c={c} values={values} errors={errors} />, 400);
    try {
      await deps.members.update(c.get('actor'), c.get('city').id, b.id, input, { ip: c.get('clientIp'), requestId: c.get('requestId') });
      return redirectDone(c, `${businessBase(c, b)}/uppgifter`, 'sparat');
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation') throw err;
      return renderPage(asAppContext(c), <ListingPage c={c} values={values} errors={fieldErrorsFrom(err)} />, 400);
    }
  });

  const staffPage = async (c: MemberContext, invite: InviteValues = emptyInvite(), inviteErrors: FieldErrors = {}, status = 200) => {
    const people = await deps.members.listPeople(c.get('actor'), c.get('city').id, c.get('business').id);
    return renderPage(asAppContext(c), <StaffPage c={c} people={people} invite={invite} inviteErrors={inviteErrors} />, status);
  };

  r.get('/:city/butik/:business/personal', (c) => staffPage(c));

  r.post('/:city/butik/:business/personal/bjud-in', async (c) => {
    const b = c.get('business');
    if (!canEdit(c)) throw forbidden(b.archivedAt ? 'Företaget är arkiverat och kan inte ändras.' : 'Bara företagets ägare kan ändra detta.');
    const city = c.get('city');
    const invite = inviteFromBody(await c.req.formData(), false);
    try {
      await deps.members.invite(c.get('actor'), city.id, b.id, invite, { cityName: city.name, citySlug: city.slug }, { ip: c.get('clientIp'), requestId: c.get('requestId') });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation') return staffPage(c, invite, inviteErrorsFrom(err), 400);
      throw err;
    }
    return redirectDone(c, `${businessBase(c, b)}/personal`, 'inbjuden');
  });

  r.post('/:city/butik/:business/personal/ta-bort', async (c) => {
    const b = c.get('business');
    const form = await c.req.formData();
    const userId = formString(form, 'userId', 40);
    const role = formString(form, 'role', 30);
    if (!/^[0-9a-f-]{36}$/i.test(userId) || !isBusinessRole(role)) throw new DomainError('bad_request', 'Felaktig begäran.');
    await deps.members.removePerson(c.get('actor'), c.get('city').id, b.id, userId, role);
    return redirectDone(c, `${businessBase(c, b)}/personal`, 'borttagen');
  });
}
