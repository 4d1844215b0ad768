/** @jsxImportSource hono/jsx */
/**
 * The merchant's till, `/{city}/butik/{business}/kassa`: a phone behind the counter,
 * used one-handed. Scan or type the code → see the card → enter the amount and confirm
 * → receipt; today's redemptions with same-day undo.
 *
 * Plain POST forms, so it all works without JavaScript; `till.js` adds the camera.
 * The code travels only in POST bodies (a hidden field between steps), never in a URL.
 * Step 2 carries a random idempotency key made when it was rendered, so a double tap
 * or a re-sent form redeems once and shows the same receipt.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Hono, MiddlewareHandler } from 'hono';
import { DomainError } from '../../../platform/errors.js';
import type { TorgetApp } from '../../../platform/http/app.js';
import { CsrfField, Notice, renderPage, type NavLink } from '../../../platform/http/ui/layout.js';
import { cityMiddleware } from '../../cities/index.js';
import { parseKronor } from '../bulk.js';
import { lookupGuardFor, lookupRules } from '../api.js';
import type { GiftcardHttpDeps } from '../deps.js';
import type { CardView, RedeemResult, Redemption } from '../service.js';
import {
  asApp,
  cityBase,
  clockTime,
  dateLong,
  formString,
  isUuid,
  kr,
  MaskedCode,
  MERCHANT,
  plainMessage,
  requireRoles,
  statusText,
  TextField,
  WorkPage,
  type GcContext,
  type GcEnv,
} from './admin-ui.js';

type Lookup = CardView & { acceptedHere: boolean | null };
type TodayRow = Redemption & { cardLast4: string };

/** Code look-ups per person and minute at the till: plenty for a queue, hopeless for guessing. */

const tillBase = (c: GcContext) => `${cityBase(c)}/butik/${c.get('business').slug}/kassa`;

function tillNav(c: GcContext): NavLink[] {
  const b = c.get('business');
  return [
    { href: `${cityBase(c)}/butik/${b.slug}`, label: b.name },
    { href: tillBase(c), label: 'Kassa' },
  ];
}

/** A code as typed, pasted or scanned: a whole card link keeps its code in the fragment. */
export function codeFromInput(input: string): string {
  const trimmed = input.trim();
  const hash = trimmed.indexOf('#');
  return (hash >= 0 ? decodeURIComponent(trimmed.slice(hash + 1)) : trimmed).slice(0, 80);
}

function TillPage(props: { c: GcContext; title: string; children?: unknown }) {
  const { c } = props;
  return (
    <WorkPage
      c={c}
      title={props.title}
      area="merchant"
      nav={tillNav(c)}
      scripts={['/static/till.js']}
      head={
        <>
          <link rel="manifest" href={`${cityBase(c)}/butik/${c.get('business').slug}/kassa.webmanifest`} />
          <meta name="theme-color" content="#0b5d4b" />
        </>
      }
    >
      <div class="till" data-till data-sw={`${cityBase(c)}/butik/sw.js`}>
        {props.children as never}
      </div>
    </WorkPage>
  );
}

// ── Step 1: scan or type ────────────────────────────────────────────────────

function StartPage(props: { c: GcContext; today: TodayRow[]; code?: string; error?: string; alert?: string; notice?: string | undefined }) {
  const { c } = props;
  const base = tillBase(c);
  return (
    <TillPage c={c} title="Kassa">
      <h1>Skanna eller skriv koden</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.alert ? <Notice kind="error">{props.alert}</Notice> : null}
      {c.get('business').archivedAt ? <Notice kind="info">Företaget är arkiverat och kan inte ta emot presentkort. Kontakta föreningen.</Notice> : null}
      <form method="post" action={`${base}/kort`} class="stack till-form" data-till-lookup novalidate>
        <CsrfField c={asApp(c)} />
        <div class="till-scan" data-scan hidden>
          <button type="button" class="till-big" data-scan-start>
            Skanna QR-koden med kameran
          </button>
          <p class="muted" data-scan-status role="status" aria-live="polite"></p>
        </div>
        <TextField
          id="kod"
          name="kod"
          label="Kortets kod"
          hint="20 tecken, t.ex. K7QM-3XPA-9D2F-HW4T-B6NC. Mellanslag och bindestreck spelar ingen roll."
          value={props.code ?? ''}
          error={props.error}
          inputmode="text"
          autocapitalize="characters"
          autocomplete="off"
          maxlength={80}
          class="till-code"
        />
        <div>
          <button type="submit" class="till-big">
            Visa kortet
          </button>
        </div>
      </form>
      <TodayList c={c} rows={props.today} />
    </TillPage>
  );
}

function TodayList(props: { c: GcContext; rows: TodayRow[] }) {
  const { c, rows } = props;
  const total = rows.filter((r) => !r.reversedAt).reduce((sum, r) => sum + r.amountOre, 0);
  return (
    <section aria-labelledby="idag" class="till-today">
      <h2 id="idag">Dagens inlösen</h2>
      {rows.length === 0 ? (
        <p class="muted">Inga presentkort har lösts in här i dag.</p>
      ) : (
        <>
          <p>
            {rows.filter((r) => !r.reversedAt).length} st, totalt {kr(total)}.
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Tid</th>
                  <th scope="col">Belopp</th>
                  <th scope="col">Kvitto och kort</th>
                  <th scope="col">
                    <span class="visually-hidden">Ångra</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const amount = r.coupons ? `${r.coupons} kup. (${kr(r.amountOre)})` : kr(r.amountOre);
                  return (
                    <tr class={r.reversedAt ? 'reversed' : undefined}>
                      <td>{clockTime(r.createdAt)}</td>
                      <td>{r.reversedAt ? <s>{amount}</s> : amount}</td>
                      <td>
                        {r.reversedAt ? <s>{r.receiptNumber}</s> : r.receiptNumber}
                        <div class="muted">
                          <MaskedCode last4={r.cardLast4} />
                        </div>
                      </td>
                      <td>
                        {r.reversedAt ? (
                          <strong>Ångrad</strong>
                        ) : (
                          <form method="post" action={`${tillBase(c)}/angra`} class="inline-form">
                            <CsrfField c={asApp(c)} />
                            <input type="hidden" name="id" value={r.id} />
                            <button type="submit" class="secondary" aria-label={`Ångra ${kr(r.amountOre)}, kvitto ${r.receiptNumber}`}>
                              Ångra
                            </button>
                          </form>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

// ── Step 2: the card, the amount ────────────────────────────────────────────

function CardFacts(props: { card: Lookup }) {
  const { card } = props;
  return (
    <dl class="facts till-facts">
      <dt>Kort</dt>
      <dd>
        {card.productName} <MaskedCode last4={card.last4} />
      </dd>
      <dt>Status</dt>
      <dd>{statusText[card.status]}</dd>
      <dt>Saldo</dt>
      <dd>
        <strong>{card.couponsLeft !== null ? `${card.couponsLeft} kuponger à ${kr(card.couponValueOre ?? 0)}` : kr(card.balanceOre)}</strong>
      </dd>
      <dt>Giltigt till</dt>
      <dd>{dateLong(card.expiresAt)}</dd>
      <dt>Gäller här</dt>
      <dd>{card.acceptedHere ? 'Ja' : 'Nej'}</dd>
    </dl>
  );
}

/** Why this card cannot be used here now, or null when it can. */
function refusal(card: Lookup, businessName: string): string | null {
  if (card.status === 'pending') return 'Kortet är inte aktiverat ännu (inte betalt). Det kan inte användas än.';
  if (card.status === 'used') return 'Kortet är förbrukat: saldot är 0 kr.';
  if (card.status === 'expired') return `Kortet gick ut ${dateLong(card.expiresAt)}.`;
  if (card.status === 'blocked') return 'Kortet är spärrat. Be kunden kontakta föreningen.';
  if (!card.acceptedHere) return `${card.productName} gäller inte hos ${businessName}.`;
  if (card.balanceOre <= 0) return 'Kortet är förbrukat: saldot är 0 kr.';
  return null;
}

function CardPage(props: { c: GcContext; card: Lookup; code: string; idempotencyKey: string; amount?: string; error?: string; notice?: string }) {
  const { c, card } = props;
  const base = tillBase(c);
  const why = refusal(card, c.get('business').name);
  const isBooklet = card.couponValueOre !== null;
  return (
    <TillPage c={c} title="Kortet">
      <h1>{why ? 'Kortet kan inte användas' : 'Hur mycket ska dras?'}</h1>
      {props.notice ? <Notice kind="error">{props.notice}</Notice> : null}
      {why ? <Notice kind="error">{why}</Notice> : null}
      <CardFacts card={card} />
      {why ? null : (
        <form method="post" action={`${base}/dra`} class="stack till-form" data-till-redeem novalidate>
          <CsrfField c={asApp(c)} />
          <input type="hidden" name="kod" value={props.code} />
          <input type="hidden" name="nyckel" value={props.idempotencyKey} />
          {isBooklet ? (
            <TextField
              id="kuponger"
              name="kuponger"
              label="Antal kuponger"
              hint={`Kvar: ${card.couponsLeft} à ${kr(card.couponValueOre ?? 0)}.`}
              value={props.amount ?? '1'}
              error={props.error}
              inputmode="numeric"
              autocomplete="off"
              maxlength={3}
              class="till-amount"
            />
          ) : (
            <TextField
              id="belopp"
              name="belopp"
              label="Belopp i kronor"
              hint={`Högst ${kr(card.balanceOre)}. Öre skrivs efter komma, t.ex. 120,50.`}
              value={props.amount ?? ''}
              error={props.error}
              inputmode="decimal"
              autocomplete="off"
              maxlength={12}
              class="till-amount"
            />
          )}
          <div>
            <button type="submit" class="till-big" data-redeem-button data-unit={isBooklet ? 'kuponger' : 'kr'}>
              {confirmLabel(isBooklet, props.amount)}
            </button>
          </div>
        </form>
      )}
      <p>
        <a class={why ? 'button till-big' : 'button secondary'} href={base}>
          {why ? 'Nästa kund' : 'Avbryt'}
        </a>
      </p>
    </TillPage>
  );
}

/** "Dra 120 kr" once an amount is known (till.js keeps it current while typing). */
function confirmLabel(isBooklet: boolean, amount: string | undefined): string {
  if (isBooklet) {
    const n = Number(amount ?? '');
    return Number.isInteger(n) && n > 0 ? `Dra ${n} ${n === 1 ? 'kupong' : 'kuponger'}` : 'Dra kuponger';
  }
  const ore = amount ? parseKronor(amount) : null;
  return ore ? `Dra ${kr(ore)}` : 'Dra beloppet';
}

// ── Step 3: the receipt ─────────────────────────────────────────────────────

function ReceiptPage(props: { c: GcContext; result: RedeemResult & { replayed: boolean }; last4: string; couponValueOre: number | null }) {
  const { c, result } = props;
  const coupons = props.couponValueOre ? result.amountOre / props.couponValueOre : null;
  return (
    <TillPage c={c} title="Klart">
      <div class="notice notice-success till-receipt" role="status">
        <h1>Klart! {coupons !== null ? `${coupons} ${coupons === 1 ? 'kupong' : 'kuponger'} (${kr(result.amountOre)})` : kr(result.amountOre)} dragna.</h1>
        <p class="till-left">
          Kvar på kortet: <strong>{result.couponsLeft !== null ? `${result.couponsLeft} kuponger (${kr(result.balanceOre)})` : kr(result.balanceOre)}</strong>
        </p>
        <p>
          Kvitto <strong>{result.receiptNumber}</strong> · kl. {clockTime(result.createdAt)} · kort <MaskedCode last4={props.last4} />
        </p>
        {result.forfeitedOre > 0 ? <p>Kortet gäller för ett köp: resterande {kr(result.forfeitedOre)} förföll.</p> : null}
        {result.replayed ? <p>Köpet var redan registrerat; inget drogs två gånger.</p> : null}
      </div>
      <p>
        <a class="button till-big" href={tillBase(c)} data-next-customer>
          Nästa kund
        </a>
      </p>
    </TillPage>
  );
}

// ── Undo ────────────────────────────────────────────────────────────────────

function UndoPage(props: { c: GcContext; row: TodayRow }) {
  const { c, row } = props;
  return (
    <TillPage c={c} title="Ångra inlösen">
      <h1>Ångra inlösen?</h1>
      <p>
        {kr(row.amountOre)} på kort <MaskedCode last4={row.cardLast4} />, kvitto {row.receiptNumber}, kl. {clockTime(row.createdAt)}. Beloppet går tillbaka till kortet.
      </p>
      <form method="post" action={`${tillBase(c)}/angra`} class="actions">
        <CsrfField c={asApp(c)} />
        <input type="hidden" name="id" value={row.id} />
        <input type="hidden" name="bekrafta" value="ja" />
        <button type="submit" class="danger till-big">
          Ja, ångra {kr(row.amountOre)}
        </button>
        <a class="button secondary" href={tillBase(c)}>
          Nej, tillbaka
        </a>
      </form>
    </TillPage>
  );
}

// ── PWA ─────────────────────────────────────────────────────────────────────

const publicFile = (name: string) => new URL(`../../../../public/${name}`, import.meta.url);

function loadPublic(name: string, fallback: string): string {
  try {
    return readFileSync(publicFile(name), 'utf8');
  } catch {
    return fallback;
  }
}

// ── Routes ──────────────────────────────────────────────────────────────────

export function mountGiftcardMerchantPages(app: TorgetApp, deps: GiftcardHttpDeps): void {
  const r = app as unknown as Hono<GcEnv>;
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<GcEnv>;
  const baseManifest = JSON.parse(loadPublic('manifest.webmanifest', '{}')) as Record<string, unknown>;
  const serviceWorker = loadPublic('sw.js', '');

  const withBusiness: MiddlewareHandler<GcEnv> = async (c, next) => {
    const slug = c.req.param('business') ?? '';
    const found = /^[a-z0-9-]{1,60}$/.test(slug) ? await deps.members.lookup(c.get('city').id, slug, { includeArchived: true }) : null;
    if (!found) throw new DomainError('members.business_not_found', 'Företaget finns inte i den här staden.');
    if ('redirectTo' in found) {
      const path = c.req.path.replace(`/butik/${slug}`, `/butik/${found.redirectTo}`);
      return c.redirect(c.get('prefix') + path, c.req.method === 'GET' ? 301 : 308);
    }
    c.set('business', found.business);
    await next();
  };

  // Installable till: the manifest names this business's till as the start page. Browsers
  // fetch manifests without cookies, and it holds nothing private.
  r.get('/:city/butik/:business/kassa.webmanifest', withCity, withBusiness, (c) => {
    const till = tillBase(c);
    c.header('Content-Type', 'application/manifest+json; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(JSON.stringify({ ...baseManifest, id: till, name: `Torget kassa – ${c.get('business').name}`, start_url: till, scope: `${cityBase(c)}/butik/` }));
  });

  // The service worker lives at the merchant area's root so its scope covers the till;
  // it caches static assets only (see public/sw.js), never a page with card data.
  r.get('/:city/butik/sw.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(serviceWorker);
  });

  const gate = requireRoles(MERCHANT);
  // `/kassa/*` covers `/kassa` itself too.
  r.use('/:city/butik/:business/kassa/*', withCity, withBusiness, gate);

  const today = (c: GcContext) => deps.giftcards.todaysRedemptions(c.get('actor'), c.get('city').id, c.get('business').id);

  const render = (c: GcContext, page: Parameters<typeof renderPage>[1], status = 200) => {
    // The till needs the camera; everything else keeps the platform's policy.
    c.header('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
    return renderPage(asApp(c), page, status);
  };

  const startPage = async (c: GcContext, extra: { code?: string; error?: string; alert?: string; notice?: string | undefined } = {}, status = 200) => render(c, <StartPage c={c} today={await today(c)} {...extra} />, status);

  // The same guard as the POS API: failed look-ups count per person and per address, and
  // a caller at the limit is refused before the next look-up.
  const guard = lookupGuardFor(deps.rateLimiter);
  const lookup = (c: GcContext, code: string) =>
    guard.run([{ rule: lookupRules.perKey, subject: c.get('actor').label }, { rule: lookupRules.perIp, subject: c.get('clientIp') }], () => deps.giftcards.lookup(c.get('city').id, code, c.get('business').id));
  const tooMany = (err: unknown) => err instanceof DomainError && err.code === 'rate_limited';

  const doneNotice = (c: GcContext) => (c.req.query('klart') === 'angrad' ? `Inlösen ${c.req.query('kvitto')?.replace(/[^\w-]/g, '') ?? ''} är ångrad. Beloppet är tillbaka på kortet.` : undefined);

  r.get('/:city/butik/:business/kassa', (c) => startPage(c, { notice: doneNotice(c) }));

  // Step 1 → 2: look the card up.
  r.post('/:city/butik/:business/kassa/kort', async (c) => {
    const form = await c.req.formData();
    const code = codeFromInput(formString(form, 'kod', 400));
    if (!code) return startPage(c, { error: 'Skriv kortets kod eller skanna QR-koden.' }, 400);
    try {
      const card = await lookup(c, code);
      return render(c, <CardPage c={c} card={card} code={code} idempotencyKey={randomUUID()} />);
    } catch (err) {
      if (tooMany(err)) return startPage(c, { code, error: 'För många försök på kort tid. Vänta en minut och försök igen.' }, 429);
      if (err instanceof DomainError && err.code === 'giftcard.not_found') return startPage(c, { code, error: 'Det finns inget kort med den koden. Kontrollera koden och försök igen.' }, 404);
      throw err;
    }
  });

  // Step 2 → 3: redeem, once per idempotency key.
  r.post('/:city/butik/:business/kassa/dra', async (c) => {
    const city = c.get('city');
    const business = c.get('business');
    const form = await c.req.formData();
    const code = codeFromInput(formString(form, 'kod', 400));
    const key = formString(form, 'nyckel', 100);
    const amountText = form.has('kuponger') ? formString(form, 'kuponger', 20) : formString(form, 'belopp', 40);
    if (!code || !isUuid(key)) throw new DomainError('bad_request', 'Formuläret är ofullständigt. Börja om med koden.');
    let card: Lookup;
    try {
      card = await lookup(c, code);
    } catch (err) {
      if (tooMany(err)) return startPage(c, { code, error: 'För många försök på kort tid. Vänta en minut och försök igen.' }, 429);
      if (err instanceof DomainError && err.code === 'giftcard.not_found') return startPage(c, { code, error: 'Det finns inget kort med den koden.' }, 404);
      throw err;
    }
    const isBooklet = card.couponValueOre !== null;
    const again = (fields: { error?: string; notice?: string; key?: string }, status: number) =>
      render(c, <CardPage c={c} card={card} code={code} idempotencyKey={fields.key ?? key} amount={amountText} {...(fields.error ? { error: fields.error } : {})} {...(fields.notice ? { notice: fields.notice } : {})} />, status);

    let input: { amountOre: number } | { coupons: number };
    if (isBooklet) {
      const n = Number(amountText.trim());
      if (!/^\d{1,3}$/.test(amountText.trim()) || n < 1) return again({ error: 'Ange antal hela kuponger, minst 1.' }, 400);
      input = { coupons: n };
    } else {
      const ore = parseKronor(amountText);
      if (ore === null || ore < 1) return again({ error: amountText.trim() ? 'Skriv beloppet i kronor, t.ex. 120 eller 120,50.' : 'Skriv hur mycket som ska dras.' }, 400);
      input = { amountOre: ore };
    }
    try {
      const result = await deps.giftcards.redeem(c.get('actor'), city.id, { code, businessId: business.id, idempotencyKey: key, ...input });
      return render(c, <ReceiptPage c={c} result={result} last4={card.last4} couponValueOre={card.couponValueOre} />);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === 'forbidden' || err.code === 'unauthorized') throw err;
      if (err.code === 'idempotency.key_reused') {
        // This form already redeemed another amount (back button, then a new amount).
        return again({ notice: 'Det här formuläret har redan använts för ett annat belopp. Kontrollera Dagens inlösen innan du drar igen.', key: randomUUID() }, 409);
      }
      if (err.code === 'validation' || err.code === 'giftcard.insufficient_balance') return again({ error: plainMessage(err) }, err.code === 'validation' ? 400 : 409);
      // Status, validity or acceptance changed since step 2: show the card as it is now.
      const fresh = await deps.giftcards.lookup(city.id, code, business.id);
      return render(c, <CardPage c={c} card={fresh} code={code} idempotencyKey={key} notice={plainMessage(err)} />, deps.problems.get(err.code)?.status ?? 409);
    }
  });

  // Undo: the first POST asks, the second (bekrafta=ja) does it.
  r.post('/:city/butik/:business/kassa/angra', async (c) => {
    const form = await c.req.formData();
    const id = formString(form, 'id', 40);
    if (!isUuid(id)) throw new DomainError('bad_request', 'Felaktig begäran.');
    const row = (await today(c)).find((x) => x.id === id);
    if (!row) return startPage(c, { alert: 'Inlösen finns inte bland dagens. En inlösen kan bara ångras samma dag.' }, 404);
    if (row.reversedAt) return startPage(c, { notice: `Inlösen ${row.receiptNumber} är redan ångrad.` });
    if (formString(form, 'bekrafta', 5) !== 'ja') return render(c, <UndoPage c={c} row={row} />);
    try {
      await deps.giftcards.reverse(c.get('actor'), c.get('city').id, id, c.get('business').id);
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'giftcard.reversal_window_closed' || err.code === 'giftcard.already_reversed')) return startPage(c, { alert: plainMessage(err) }, 409);
      throw err;
    }
    return c.redirect(`${tillBase(c)}?klart=angrad&kvitto=${encodeURIComponent(row.receiptNumber)}`, 303);
  });

  // A step's address opened directly (or after logging in again): back to the start.
  r.get('/:city/butik/:business/kassa/:step{kort|dra|angra}', (c) => c.redirect(tillBase(c), 302));
}
