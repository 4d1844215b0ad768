/** @jsxImportSource hono/jsx */
/**
 * The staff counter, `/{city}/butik/rakna`: huge + and − for a thumb, the count and the
 * colour, the doorbell queue with "Släpp in", and the place's settings. Plain POST forms
 * work without JavaScript (each carries a fresh key, so a re-sent form counts once);
 * `counter.js` sends taps to the API with a key per tap, retries them on a bad
 * connection with the same key, and follows the place's stream so every phone on the
 * door shows the same count.
 */
import { randomUUID } from 'node:crypto';
import { CsrfField, Notice, Page } from '../../../platform/http/ui/layout.js';
import { clockTime } from './shared.js';
import type { QueueEntry } from '../queue.js';
import type { Place, PlaceState } from '../service.js';
import { asApp, cityBase, countText, levelWord, LiveStyles, type OccContext } from './shared.js';

export const counterPath = (c: OccContext) => `${cityBase(c)}/butik/rakna`;

export function ChoosePlacePage(props: { c: OccContext; places: Place[]; canAddArea: boolean; error?: string | undefined }) {
  const { c } = props;
  return (
    <Page c={asApp(c)} title="Räkna besökare" city={c.get('city')} area="merchant" head={<LiveStyles />}>
      <div lang="sv">
        <h1>Räkna besökare</h1>
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
        {props.places.length === 0 ? (
          <p>Det finns ingen plats att räkna här. Föreningen kan lägga till torg och marknader.</p>
        ) : (
          <>
            <p>Välj var du räknar.</p>
            <ul class="place-choices">
              {props.places.map((p) => (
                <li>
                  <a class="button" href={`${counterPath(c)}?plats=${p.slug}`}>
                    {p.name}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        {props.canAddArea ? (
          <details class="card">
            <summary>Nytt område att räkna (torg, marknad)</summary>
            <form method="post" action={`${counterPath(c)}/omrade`} class="stack">
              <CsrfField c={asApp(c)} />
              <div class="field">
                <label for="omrade-namn">Namn</label>
                <input id="omrade-namn" name="namn" maxlength={120} />
              </div>
              <div class="field">
                <label for="omrade-adress">Adress i länkar (a–z, siffror, bindestreck)</label>
                <input id="omrade-adress" name="adress" maxlength={60} />
              </div>
              <div class="field">
                <label for="omrade-kapacitet">Hur många får vara där samtidigt</label>
                <input id="omrade-kapacitet" name="kapacitet" inputmode="numeric" maxlength={6} />
              </div>
              <div>
                <button type="submit">Lägg till området</button>
              </div>
            </form>
          </details>
        ) : null}
      </div>
    </Page>
  );
}

export function QueueList(props: { c: OccContext; place: Place; waiting: QueueEntry[] }) {
  const { c, place, waiting } = props;
  return (
    <div data-queue-list>
      {waiting.length === 0 ? (
        <p class="muted">Ingen väntar.</p>
      ) : (
        <ol class="queue-list">
          {waiting.map((e, i) => (
            <li>
              <span class="queue-number">Nummer {e.number}</span> <span class="muted">sedan kl. {clockTime(e.createdAt)}</span>
              {i === 0 ? (
                <form method="post" action={`${counterPath(c)}/slapp-in`} class="inline-form">
                  <CsrfField c={asApp(c)} />
                  <input type="hidden" name="plats" value={place.slug} />
                  <input type="hidden" name="id" value={e.id} />
                  <button type="submit">Släpp in nummer {e.number}</button>
                </form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function CounterPage(props: { c: OccContext; place: Place; state: PlaceState; waiting: QueueEntry[]; notice?: string | undefined; error?: string | undefined; canChoose: boolean }) {
  const { c, place, state } = props;
  const base = counterPath(c);
  const api = `/api/v1/cities/${c.get('city').slug}/places/${place.slug}/occupancy`;
  const tap = (step: 1 | -1) => (
    <form method="post" action={base} data-tap={String(step)}>
      <CsrfField c={asApp(c)} />
      <input type="hidden" name="plats" value={place.slug} />
      <input type="hidden" name="steg" value={String(step)} />
      <input type="hidden" name="nyckel" value={randomUUID()} />
      <button type="submit" class={`tap tap-${step === 1 ? 'in' : 'out'}`} aria-label={step === 1 ? 'En person kom in' : 'En person gick ut'}>
        {step === 1 ? '+' : '−'}
      </button>
    </form>
  );
  return (
    <Page c={asApp(c)} title={`Räkna – ${place.name}`} city={c.get('city')} area="merchant" head={<LiveStyles />} scripts={['/static/counter.js']}>
      <div lang="sv" class="counter-page">
        <h1>{place.name}</h1>
        {props.notice ? <Notice kind="info">{props.notice}</Notice> : null}
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
        <div class={`counter level-${state.level}`} data-counter data-api={api} data-stream={`${base}/strom?plats=${place.slug}`} data-queue={`${base}/ko?plats=${place.slug}`}>
          <p class="counter-count">
            <span data-count>{state.count}</span>
            <span class="counter-of">{state.capacity ? ` av ${state.capacity}` : ''}</span>
          </p>
          <p class="counter-level" data-level-text>
            {levelWord(state.level)}
          </p>
          <div class="taps">
            {tap(-1)}
            {tap(1)}
          </div>
          <p class="counter-status" data-status role="status" aria-live="polite"></p>
        </div>
        <section aria-labelledby="ko-rubrik" class="card">
          <h2 id="ko-rubrik">Kö vid dörren</h2>
          {place.queueEnabled ? (
            <>
              <QueueList c={c} place={place} waiting={props.waiting} />
              <p>
                <a href={`${base}/qr?plats=${place.slug}`}>QR-kod att sätta på dörren</a>
              </p>
            </>
          ) : (
            <p class="muted">Kön är avstängd. Slå på den under Inställningar.</p>
          )}
        </section>
        <p class="counter-links">
          <a href={`${cityBase(c)}/live/${place.slug}`}>Skyltfönstret</a> · <a href={`${base}/historik?plats=${place.slug}`}>Historik per timme</a>
          {props.canChoose ? (
            <>
              {' '}
              · <a href={base}>Byt plats</a>
            </>
          ) : null}
        </p>
        <details class="card">
          <summary>Inställningar</summary>
          <form method="post" action={`${base}/installningar`} class="stack">
            <CsrfField c={asApp(c)} />
            <input type="hidden" name="plats" value={place.slug} />
            <div class="field">
              <label for="kapacitet">Hur många får vara inne samtidigt</label>
              <input id="kapacitet" name="kapacitet" inputmode="numeric" value={place.capacity === null ? '' : String(place.capacity)} maxlength={6} />
            </div>
            <div class="field">
              <label for="gul">Gult från (procent av kapaciteten)</label>
              <input id="gul" name="gul" inputmode="numeric" value={String(place.yellowPct)} maxlength={3} />
            </div>
            <div class="field">
              <label for="rod">Rött från (procent av kapaciteten)</label>
              <input id="rod" name="rod" inputmode="numeric" value={String(place.redPct)} maxlength={3} />
            </div>
            <div class="field">
              <label>
                <input type="checkbox" name="ko" value="1" checked={place.queueEnabled} /> Kö med QR-kod på dörren
              </label>
            </div>
            <div>
              <button type="submit">Spara</button>
            </div>
          </form>
        </details>
        <p class="muted">{countText(state)}.</p>
      </div>
    </Page>
  );
}
