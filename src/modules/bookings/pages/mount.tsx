/** @jsxImportSource hono/jsx */
/** Mounts the booking pages: public booking and cancelling, and staff's day list and schedules. */
import type { Hono, MiddlewareHandler } from 'hono';
import { can, type Role } from '../../../platform/auth/roles.js';
import { DomainError, forbidden } from '../../../platform/errors.js';
import type { TorgetApp } from '../../../platform/http/app.js';
import { renderPage } from '../../../platform/http/ui/layout.js';
import type { FieldErrors } from '../../../platform/http/ui/forms.js';
import { isValidDate, zonedParts } from '../../../platform/time/zoned.js';
import { cityMiddleware } from '../../cities/index.js';
import type { BookingHttpDeps } from '../deps.js';
import type { BusinessInfo } from '../service.js';
import { BookingPage, BookPage, cityBase, type BookContext, type BookEnv, type BookingForm } from './public.js';
import { DayPage } from './staff.js';

const STAFF: readonly Role[] = ['merchant-owner', 'merchant-staff', 'association-admin', 'association-staff'];
const OWNER: readonly Role[] = ['merchant-owner', 'association-admin'];

const text = (form: Record<string, unknown>, name: string, max = 200): string => {
  const v = form[name];
  return typeof v === 'string' ? v.slice(0, max).trim() : '';
};

/** Field paths from the service to the form's names. */
const fieldOf: Record<string, keyof BookingForm> = { '/name': 'namn', '/email': 'epost', '/phone': 'telefon' };

export function mountBookingPages(app: TorgetApp, deps: BookingHttpDeps): void {
  const r = app as unknown as Hono<BookEnv>;
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<BookEnv>;
  for (const path of ['/:city/foretag/:slug/boka', '/:city/bokning/*', '/:city/butik/:business/bokningar', '/:city/butik/:business/bokningar/*']) r.use(path, withCity);

  async function businessBySlug(c: BookContext, slug: string): Promise<BusinessInfo> {
    const found = /^[a-z0-9-]{1,60}$/.test(slug) ? await deps.members.lookup(c.get('city').id, slug) : null;
    if (!found || !('business' in found) || found.business.archivedAt) throw new DomainError('members.business_not_found', 'Företaget finns inte i den här staden.');
    return found.business;
  }

  async function bookPage(c: BookContext, business: BusinessInfo, values: BookingForm, errors: FieldErrors = {}, alert?: string, status = 200) {
    const slots = await deps.bookings.openSlots(c.get('city').id, business.id);
    return renderPage(c as never, <BookPage c={c} business={business} slots={slots} values={values} errors={errors} alert={alert} />, status);
  }

  r.get('/:city/foretag/:slug/boka', async (c) => bookPage(c, await businessBySlug(c, c.req.param('slug')), { tid: '', namn: '', epost: '', telefon: '' }));

  r.post('/:city/foretag/:slug/boka', async (c) => {
    const business = await businessBySlug(c, c.req.param('slug'));
    const form = await c.req.parseBody();
    const values: BookingForm = { tid: text(form, 'tid', 100), namn: text(form, 'namn', 100), epost: text(form, 'epost', 200), telefon: text(form, 'telefon', 40) };
    const [scheduleId, iso] = values.tid.split('|');
    if (!scheduleId || !iso) return bookPage(c, business, values, { tid: 'Välj en tid.' }, undefined, 422);
    try {
      const { cancelToken } = await deps.bookings.book(c.get('city').id, business.id, { scheduleId, startsAt: new Date(iso) }, { name: values.namn, ...(values.epost ? { email: values.epost } : {}), ...(values.telefon ? { phone: values.telefon } : {}) });
      return c.redirect(`${cityBase(c)}/bokning/${cancelToken}?bokad=1`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === 'validation') {
        const errors: FieldErrors = {};
        for (const e of err.extra.errors ?? []) {
          const field = fieldOf[e.path];
          if (field && !errors[field]) errors[field] = e.message;
        }
        return bookPage(c, business, values, errors, undefined, 422);
      }
      if (err.code === 'bookings.slot_full' || err.code === 'bookings.slot_past' || err.code === 'bookings.slot_not_found') {
        return bookPage(c, business, { ...values, tid: '' }, {}, `${err.message}`, err.code === 'bookings.slot_full' ? 409 : 422);
      }
      throw err;
    }
  });

  async function bookingView(c: BookContext, justBooked: boolean) {
    const token = c.req.param('token') ?? '';
    const booking = await deps.bookings.byToken(c.get('city').id, token);
    const business = await deps.members.getById(c.get('city').id, booking.businessId);
    if (!business) throw new DomainError('bookings.not_found', 'Bokningen finns inte.');
    c.header('Referrer-Policy', 'no-referrer');
    return renderPage(c as never, <BookingPage c={c} business={business} booking={booking} token={token} justBooked={justBooked} />);
  }

  r.get('/:city/bokning/:token', (c) => bookingView(c, c.req.query('bokad') === '1'));
  r.post('/:city/bokning/:token', async (c) => {
    await deps.bookings.cancel(c.get('city').id, c.req.param('token'));
    return bookingView(c, false);
  });

  // ── Staff ──────────────────────────────────────────────────────────────────

  type StaffEnv = BookEnv & { Variables: { business: BusinessInfo } };
  const s = r as unknown as Hono<StaffEnv>;
  const staffGate: MiddlewareHandler<StaffEnv> = async (c, next) => {
    if (c.get('actor').kind === 'anonymous') {
      const nextUrl = c.req.path + (c.req.method === 'GET' ? new URL(c.req.url).search : '');
      return c.redirect(`${c.get('prefix')}/logga-in?stad=${c.get('city').slug}&next=${encodeURIComponent(nextUrl)}`, c.req.method === 'GET' ? 302 : 303);
    }
    const business = await businessBySlug(c as unknown as BookContext, c.req.param('business') ?? '');
    if (!can(c.get('actor'), { cityId: c.get('city').id, roles: STAFF, businessId: business.id })) throw forbidden();
    c.set('business', business);
    await next();
  };
  s.use('/:city/butik/:business/bokningar', staffGate);
  s.use('/:city/butik/:business/bokningar/*', staffGate);

  async function dayPage(c: BookContext & { get(k: 'business'): BusinessInfo }, date: string, extra: { notice?: string; error?: string } = {}, status = 200) {
    const cityId = c.get('city').id;
    const business = (c as unknown as { get(k: string): BusinessInfo }).get('business');
    const rows = await deps.bookings.day(c.get('actor'), cityId, business.id, date);
    const schedules = await deps.bookings.schedules(cityId, business.id, false);
    const closed = await deps.bookings.exceptions(cityId, schedules.map((x) => x.id));
    const canEdit = can(c.get('actor'), { cityId, roles: OWNER, businessId: business.id });
    return renderPage(c as never, <DayPage c={c} business={business} date={date} rows={rows} schedules={schedules} closed={closed} notice={extra.notice} error={extra.error} canEdit={canEdit} />, status);
  }
  const dayOf = (value: string | undefined) => (value && isValidDate(value) ? value : zonedParts(deps.clock.now()).date);
  const back = (cityBaseUrl: string, slug: string, day: string, done: string) => `${cityBaseUrl}/butik/${slug}/bokningar?dag=${day}&klart=${done}`;
  const notices: Record<string, string> = { schema: 'Schemat är sparat.', undantag: 'Dagen är stängd för bokningar.', utebliven: 'Ändrat.' };

  s.get('/:city/butik/:business/bokningar', (c) => {
    const done = c.req.query('klart') ?? '';
    return dayPage(c as never, dayOf(c.req.query('dag')), notices[done] ? { notice: notices[done] } : {});
  });

  s.post('/:city/butik/:business/bokningar/utebliven', async (c) => {
    const form = await c.req.parseBody();
    const day = dayOf(text(form, 'dag', 10));
    await deps.bookings.markNoShow(c.get('actor'), c.get('city').id, c.get('business').id, text(form, 'id', 40), text(form, 'utebliven', 1) === '1');
    return c.redirect(back(cityBase(c as never), c.get('business').slug, day, 'utebliven'), 303);
  });

  s.post('/:city/butik/:business/bokningar/undantag', async (c) => {
    const form = await c.req.parseBody();
    const date = text(form, 'datum', 10);
    try {
      await deps.bookings.addException(c.get('actor'), c.get('city').id, c.get('business').id, text(form, 'schema', 40), date);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation') return dayPage(c as never, dayOf(undefined), { error: 'Välj ett datum att stänga.' }, 422);
      throw err;
    }
    return c.redirect(back(cityBase(c as never), c.get('business').slug, dayOf(date), 'undantag'), 303);
  });

  s.post('/:city/butik/:business/bokningar/schema', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const days = ([] as unknown[]).concat(form['dagar'] ?? []).map(Number).filter((d) => Number.isInteger(d));
    const num = (name: string) => {
      const v = text(form as Record<string, unknown>, name, 6);
      return /^\d{1,4}$/.test(v) ? Number(v) : NaN;
    };
    try {
      await deps.bookings.createSchedule(c.get('actor'), c.get('city').id, c.get('business').id, {
        name: text(form as Record<string, unknown>, 'namn', 80),
        weekdays: days,
        startTime: text(form as Record<string, unknown>, 'fran', 5),
        endTime: text(form as Record<string, unknown>, 'till', 5),
        slotMinutes: num('minuter'),
        capacity: num('platser'),
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'bookings.invalid_schedule') {
        return dayPage(c as never, dayOf(undefined), { error: `Schemat sparades inte: ${(err.extra.errors ?? []).map((e) => e.message).join(' ')}` }, 422);
      }
      throw err;
    }
    return c.redirect(back(cityBase(c as never), c.get('business').slug, dayOf(undefined), 'schema'), 303);
  });
}
