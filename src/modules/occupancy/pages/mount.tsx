/** @jsxImportSource hono/jsx */
/**
 * Mounts the occupancy pages. They are registered before the members' merchant pages,
 * so `/{city}/butik/rakna` is the counter (not a business called "rakna"), and they
 * bring the city middleware for their own paths.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { DomainError, forbidden } from '../../../platform/errors.js';
import type { TorgetApp } from '../../../platform/http/app.js';
import { eventStream, sseFrame } from '../../../platform/http/sse.js';
import { renderPage } from '../../../platform/http/ui/layout.js';
import { parseSubscription } from '../../../platform/push/web-push.js';
import { qrSvg } from '../../../platform/qr/index.js';
import { addDays, isValidDate, zonedDateTimeToInstant, zonedParts } from '../../../platform/time/zoned.js';
import { cityMiddleware } from '../../cities/index.js';
import { openNowFor } from '../api.js';
import type { OccupancyHttpDeps } from '../deps.js';
import type { Place } from '../service.js';
import { stateOf } from '../service.js';
import { PING, RETRY } from '../frames.js';
import { occupancyStream } from '../stream.js';
import { ChoosePlacePage, CounterPage, counterPath, QueueList } from './counter.js';
import { CityDisplay, renderBare, WindowDisplay } from './display.js';
import { CityHistoryPage, cityHistoryCsv, cityHistoryFileName, periodOf } from './city-history.js';
import { HistoryPage } from './history.js';
import { JoinPage, queueBase, TicketPage } from './queue-pages.js';
import { asApp, isAssociation, loginUrl, myBusinessIds, type OccContext, type OccEnv } from './shared.js';

const formText = (form: Record<string, unknown>, name: string, max = 200): string => {
  const v = form[name];
  return typeof v === 'string' ? v.slice(0, max).trim() : '';
};

export function mountOccupancyPages(app: TorgetApp, deps: OccupancyHttpDeps): void {
  const r = app as unknown as Hono<OccEnv>;
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<OccEnv>;
  const openNow = openNowFor(deps);
  for (const path of ['/:city/butik/rakna', '/:city/butik/rakna/*', '/:city/live', '/:city/live/*', '/:city/ko/*', '/:city/admin/besokare', '/:city/admin/besokare.csv']) r.use(path, withCity);

  // Staff only on the counter: anonymous visitors go to the login page and back.
  const staffOnly: MiddlewareHandler<OccEnv> = async (c, next) => {
    if (c.get('actor').kind === 'anonymous') return c.redirect(loginUrl(c), c.req.method === 'GET' ? 302 : 303);
    await next();
  };
  r.use('/:city/butik/rakna', staffOnly);
  r.use('/:city/butik/rakna/*', staffOnly);

  /** The places this person may count: their businesses, and for the association every area and counted business. */
  async function countablePlaces(c: OccContext): Promise<Place[]> {
    const cityId = c.get('city').id;
    const mine = (await Promise.all(myBusinessIds(c).map((id) => deps.occupancy.forBusiness(cityId, id)))).filter((p): p is Place => p !== null);
    if (!isAssociation(c)) return mine;
    const all = await deps.occupancy.list(cityId);
    return [...mine, ...all.filter((p) => !mine.some((m) => m.id === p.id))];
  }

  /** The place named by `plats` (checked against the role), or the only one this person has. */
  async function chosenPlace(c: OccContext, slug: string): Promise<Place | null> {
    if (slug) {
      const place = await deps.occupancy.resolve(c.get('city').id, slug);
      deps.occupancy.authorizeFor(c.get('actor'), place);
      return place;
    }
    const places = await countablePlaces(c);
    return places.length === 1 && !isAssociation(c) ? places[0]! : null;
  }

  async function counter(c: OccContext, place: Place, extra: { notice?: string; error?: string } = {}, status = 200): Promise<Response> {
    const fresh = (await deps.occupancy.getById(place.cityId, place.id)) ?? place;
    const waiting = fresh.queueEnabled ? await deps.occupancyQueue.waiting(c.get('actor'), fresh) : [];
    const canChoose = isAssociation(c) || myBusinessIds(c).length > 1;
    return renderPage(asApp(c), <CounterPage c={c} place={fresh} state={stateOf(fresh)} waiting={waiting} notice={extra.notice} error={extra.error} canChoose={canChoose} />, status);
  }

  const messageOf = (err: unknown): string | null => {
    if (!(err instanceof DomainError)) return null;
    if (err.code === 'forbidden' || err.code === 'unauthorized') return 'Du får inte räkna på den platsen.';
    return err.message;
  };

  r.get('/:city/butik/rakna', async (c) => {
    const place = await chosenPlace(c, c.req.query('plats') ?? '');
    if (!place) {
      const places = await countablePlaces(c);
      if (places.length === 0 && myBusinessIds(c).length === 0 && !isAssociation(c)) throw forbidden('Du sköter ingen plats i den här staden.');
      return renderPage(asApp(c), <ChoosePlacePage c={c} places={places} canAddArea={isAssociation(c)} />);
    }
    const note = c.req.query('noll') === '1' ? 'Antalet kan inte bli lägre än 0; det är nu 0.' : undefined;
    return counter(c, place, note ? { notice: note } : {});
  });

  // A tap without JavaScript: the form's key makes a re-sent form count once.
  r.post('/:city/butik/rakna', async (c) => {
    const form = await c.req.parseBody();
    const slug = formText(form, 'plats', 80);
    const place = await chosenPlace(c, slug);
    if (!place) throw new DomainError('occupancy.place_not_found', 'Välj en plats.');
    const step = Number(formText(form, 'steg', 6));
    const key = formText(form, 'nyckel', 100) || null;
    try {
      const result = await deps.occupancy.record(c.get('actor'), c.get('city').id, place.slug, { delta: step }, key);
      return c.redirect(`${counterPath(c)}?plats=${place.slug}${result.clamped ? '&noll=1' : ''}`, 303);
    } catch (err) {
      const message = messageOf(err);
      if (!message) throw err;
      return counter(c, place, { error: message }, 422);
    }
  });

  // The association adds an area (a square, a market) to count.
  r.post('/:city/butik/rakna/omrade', async (c) => {
    const form = await c.req.parseBody();
    const capacityText = formText(form, 'kapacitet', 10);
    try {
      const area = await deps.occupancy.createArea(c.get('actor'), c.get('city').id, {
        slug: formText(form, 'adress', 60),
        name: formText(form, 'namn', 120) || formText(form, 'adress', 60),
        capacity: /^\d{1,6}$/.test(capacityText) && Number(capacityText) > 0 ? Number(capacityText) : null,
      });
      return c.redirect(`${counterPath(c)}?plats=${area.slug}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError) || !['validation', 'occupancy.slug_taken'].includes(err.code)) throw err;
      const detail = (err.extra.errors ?? []).map((e) => e.message).join(' ') || err.message;
      return renderPage(asApp(c), <ChoosePlacePage c={c} places={await countablePlaces(c)} canAddArea={isAssociation(c)} error={`Området lades inte till: ${detail}`} />, 422);
    }
  });

  r.post('/:city/butik/rakna/installningar', async (c) => {
    const form = await c.req.parseBody();
    const place = await chosenPlace(c, formText(form, 'plats', 80));
    if (!place) throw new DomainError('occupancy.place_not_found', 'Välj en plats.');
    const capacityText = formText(form, 'kapacitet', 10);
    const num = (s: string) => (/^\d{1,6}$/.test(s) ? Number(s) : NaN);
    try {
      await deps.occupancy.configure(c.get('actor'), c.get('city').id, place.slug, {
        capacity: capacityText === '' ? null : num(capacityText),
        yellowPct: num(formText(form, 'gul', 5)),
        redPct: num(formText(form, 'rod', 5)),
        queueEnabled: formText(form, 'ko', 2) === '1',
      });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation') throw err;
      const detail = (err.extra.errors ?? []).map((e) => e.message).join(' ') || err.message;
      return counter(c, place, { error: `Inställningarna sparades inte: ${detail}` }, 422);
    }
    return counter(c, place, { notice: 'Inställningarna är sparade.' });
  });

  r.post('/:city/butik/rakna/slapp-in', async (c) => {
    const form = await c.req.parseBody();
    const place = await chosenPlace(c, formText(form, 'plats', 80));
    if (!place) throw new DomainError('occupancy.place_not_found', 'Välj en plats.');
    const entry = await deps.occupancyQueue.admit(c.get('actor'), place, formText(form, 'id', 40));
    return c.redirect(`${counterPath(c)}?plats=${place.slug}&slappt=${entry.number}`, 303);
  });

  // The queue list alone, for counter.js to refresh when the queue changes.
  r.get('/:city/butik/rakna/ko', async (c) => {
    const place = await chosenPlace(c, c.req.query('plats') ?? '');
    if (!place) throw new DomainError('occupancy.place_not_found', 'Välj en plats.');
    const waiting = await deps.occupancyQueue.waiting(c.get('actor'), place);
    c.header('Cache-Control', 'private, no-store');
    return c.html((await (<QueueList c={c} place={place} waiting={waiting} />)).toString());
  });

  // The counter's own stream: counts and queue changes of the place.
  r.get('/:city/butik/rakna/strom', async (c) => {
    const place = await chosenPlace(c, c.req.query('plats') ?? '');
    if (!place) throw new DomainError('occupancy.place_not_found', 'Välj en plats.');
    return occupancyStream(c, {
      hub: deps.liveHub,
      cityId: place.cityId,
      accepts: (id) => id === place.id,
      queueEvents: true,
      snapshot: async () => {
        const now = await deps.occupancy.getById(place.cityId, place.id);
        return now ? [stateOf(now)] : [];
      },
    });
  });

  // The QR code for the door: it leads to the queue page.
  r.get('/:city/butik/rakna/qr', async (c) => {
    const place = await chosenPlace(c, c.req.query('plats') ?? '');
    if (!place) throw new DomainError('occupancy.place_not_found', 'Välj en plats.');
    const url = `${deps.config.publicUrl}/${c.get('city').slug}/ko/${place.slug}`;
    const svg = await qrSvg(url, { size: 600, margin: 4 });
    c.header('Content-Type', 'image/svg+xml');
    c.header('Content-Disposition', `inline; filename="ko-${place.slug}.svg"`);
    return c.body(svg);
  });

  r.get('/:city/butik/rakna/historik', async (c) => {
    const place = await chosenPlace(c, c.req.query('plats') ?? '');
    if (!place) return c.redirect(counterPath(c), 302);
    const today = zonedParts(deps.clock.now()).date;
    const asked = c.req.query('dag') ?? today;
    const day = isValidDate(asked) && asked <= today ? asked : today;
    const from = zonedDateTimeToInstant(day, '00:00');
    const to = zonedDateTimeToInstant(addDays(day, 1), '00:00');
    const hours = await deps.occupancy.hourly(c.get('city').id, place.id, from, to);
    const rows = hours.map((h) => ({ hour: Number(zonedParts(h.hourStart).time.slice(0, 2)), max: h.max, last: h.last, changes: h.changes }));
    return renderPage(asApp(c), <HistoryPage c={c} place={place} day={day} today={today} rows={rows} counterHref={`${counterPath(c)}?plats=${place.slug}`} />);
  });

  // ── The association's history of the whole city centre ────────────────────

  // Association admins and staff; anonymous visitors log in first.
  const associationOnly: MiddlewareHandler<OccEnv> = async (c, next) => {
    if (c.get('actor').kind === 'anonymous') return c.redirect(loginUrl(c), 302);
    if (!isAssociation(c)) throw forbidden('Bara föreningen ser hela stadskärnans besökare.');
    await next();
  };

  async function cityHistory(c: OccContext) {
    const period = periodOf({ dag: c.req.query('dag'), visa: c.req.query('visa') }, deps.clock.now());
    return { period, data: await deps.occupancy.cityHourly(c.get('city').id, period.from, period.to) };
  }

  r.get('/:city/admin/besokare', associationOnly, async (c) => {
    const { period, data } = await cityHistory(c);
    return renderPage(asApp(c), <CityHistoryPage c={c} period={period} data={data} />);
  });

  r.get('/:city/admin/besokare.csv', associationOnly, async (c) => {
    const { period, data } = await cityHistory(c);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${cityHistoryFileName(period)}"`);
    c.header('Cache-Control', 'private, no-store');
    return c.body(cityHistoryCsv(data));
  });

  // ── Displays (public) ──────────────────────────────────────────────────────

  r.get('/:city/live', async (c) => {
    const places = await deps.occupancy.list(c.get('city').id);
    const states = await Promise.all(places.map(async (p) => ({ state: stateOf(p), open: await openNow(p) })));
    return renderBare(c, <CityDisplay c={c} states={states} />);
  });

  r.get('/:city/live/:slug', async (c) => {
    const place = await deps.occupancy.resolve(c.get('city').id, c.req.param('slug'));
    return renderBare(c, <WindowDisplay c={c} state={stateOf(place)} open={await openNow(place)} />);
  });

  // ── The doorbell queue (public) ───────────────────────────────────────────

  async function joinPage(c: OccContext, slug: string, error?: string, status = 200): Promise<Response> {
    const place = await deps.occupancy.resolve(c.get('city').id, slug);
    const waiting = (await deps.occupancyQueue.waitingCounts(c.get('city').id)).get(place.id) ?? 0;
    return renderPage(asApp(c), <JoinPage c={c} place={place} state={stateOf(place)} waiting={waiting} {...(error ? { error } : {})} />, status);
  }

  r.get('/:city/ko/:slug', (c) => joinPage(c, c.req.param('slug')));

  r.post('/:city/ko/:slug', async (c) => {
    const slug = c.req.param('slug');
    try {
      const { token } = await deps.occupancyQueue.join(c.get('city').id, slug);
      return c.redirect(`${queueBase(c, slug)}/${token}`, 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'occupancy.queue_closed') return joinPage(c, slug, err.message, 409);
      throw err;
    }
  });

  r.get('/:city/ko/:slug/:token', async (c) => {
    const view = await deps.occupancyQueue.view(c.get('city').id, c.req.param('token'));
    if (view.place.slug !== c.req.param('slug')) throw new DomainError('occupancy.queue_entry_not_found', 'Din plats i kön finns inte.');
    c.header('Referrer-Policy', 'no-referrer');
    return renderPage(asApp(c), <TicketPage c={c} view={view} token={c.req.param('token')} vapidKey={deps.occupancyQueue.vapidPublicKey} />);
  });

  r.post('/:city/ko/:slug/:token/lamna', async (c) => {
    await deps.occupancyQueue.leave(c.get('city').id, c.req.param('token'));
    return c.redirect(`${queueBase(c, c.req.param('slug'))}/${c.req.param('token')}`, 303);
  });

  // queue.js sends the browser's push subscription here (JSON, with the CSRF header).
  r.post('/:city/ko/:slug/:token/notis', async (c) => {
    const body = await c.req.json().catch(() => null);
    const subscription = parseSubscription(body, { allowHttp: deps.config.env !== 'production' });
    if (!subscription) throw new DomainError('validation', 'Ogiltig prenumeration.', { errors: [{ path: '/endpoint', message: 'En push-prenumeration från webbläsaren.', code: 'invalid' }] });
    await deps.occupancyQueue.subscribe(c.get('city').id, c.req.param('token'), subscription);
    return c.json({ ok: true });
  });

  // The customer's stream: their ticket whenever the place's queue changes.
  r.get('/:city/ko/:slug/:token/strom', async (c) => {
    const cityId = c.get('city').id;
    const token = c.req.param('token');
    const first = await deps.occupancyQueue.view(cityId, token);
    return eventStream(c, async (sink) => {
      let version = 0;
      const sendView = async () => {
        const mine = ++version;
        const v = await deps.occupancyQueue.view(cityId, token).catch(() => null);
        if (!v || sink.closed || mine !== version) return;
        sink.write(sseFrame({ event: 'queue', id: mine, data: JSON.stringify({ number: v.entry.number, status: v.entry.status, ahead: v.ahead }) }));
      };
      const leave = await deps.liveHub.join(cityId, {
        onMessage(m) {
          if (m.type === 'queue' && m.placeId === first.place.id) void sendView();
        },
        onHeartbeat: () => sink.write(PING),
        onClose: () => sink.close(),
      });
      sink.onClose(leave);
      sink.write(RETRY);
      await sendView();
    });
  });
}
