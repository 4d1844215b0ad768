/** @jsxImportSource hono/jsx */
/**
 * The window display, `/{city}/live/{slug}`: a TV or tablet in the shop window, the
 * whole screen in the level's colour with one large Swedish sentence, readable from
 * across the street. The city display, `/{city}/live`, shows every counted place for a
 * screen on the square. `live.js` follows the stream, reconnects by itself, and checks
 * the opening hours every few minutes (dimmed when closed); without JavaScript the
 * page reloads every 30 seconds.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/types.js';
import { levelText } from '../levels.js';
import type { PlaceState } from '../service.js';
import { countText, levelWord, type OccContext } from './shared.js';

function Shell(props: { c: OccContext; title: string; bodyClass: string; children?: unknown }) {
  const city = props.c.get('city');
  return (
    <html lang="sv">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${city.name}`}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/live.css" />
        <noscript>
          <meta http-equiv="refresh" content="30" />
        </noscript>
      </head>
      <body class={props.bodyClass}>
        {props.children as never}
        <script type="module" src="/static/live.js"></script>
      </body>
    </html>
  );
}

export function WindowDisplay(props: { c: OccContext; state: PlaceState; open: boolean | null }) {
  const { c, state } = props;
  const closed = props.open === false;
  const api = `/api/v1/cities/${c.get('city').slug}/places/${state.slug}/occupancy`;
  return (
    <Shell c={c} title={state.name} bodyClass={`display level-${state.level}${closed ? ' is-closed' : ''}`}>
      <main class="display-main" data-display data-api={api} data-stream={`${api}/stream`}>
        <h1 class="display-name">{state.name}</h1>
        <p class="display-text" data-text aria-live="polite">
          {closed ? 'Stängt just nu' : levelText[state.level].sv}
        </p>
        <p class="display-detail" data-detail>
          {closed ? 'Välkommen tillbaka när vi har öppet' : `${levelWord(state.level)} · ${countText(state)}`}
        </p>
        <p class="display-offline" data-offline hidden>
          Ansluter igen …
        </p>
      </main>
    </Shell>
  );
}

export function CityDisplay(props: { c: OccContext; states: Array<{ state: PlaceState; open: boolean | null }> }) {
  const { c } = props;
  const city = c.get('city');
  const api = `/api/v1/cities/${city.slug}/occupancy`;
  return (
    <Shell c={c} title="Just nu i stan" bodyClass="display city-display">
      <main class="display-main" data-city-display data-api={api} data-stream={`${api}/stream`}>
        <h1 class="display-name">Just nu i {city.name}</h1>
        {props.states.length === 0 ? <p class="display-detail">Inga platser räknas just nu.</p> : null}
        <ul class="tiles-live">
          {props.states.map(({ state, open }) => (
            <li class={`tile-live level-${state.level}${open === false ? ' is-closed' : ''}`} data-slug={state.slug}>
              <span class="tile-name">{state.name}</span>
              <span class="tile-text" data-text>
                {open === false ? 'Stängt' : levelText[state.level].sv}
              </span>
              <span class="tile-detail" data-detail>
                {open === false ? '' : `${levelWord(state.level)} · ${countText(state)}`}
              </span>
            </li>
          ))}
        </ul>
        <p class="display-offline" data-offline hidden>
          Ansluter igen …
        </p>
      </main>
    </Shell>
  );
}

export async function renderBare(c: OccContext, node: unknown): Promise<Response> {
  const app = c as unknown as Context<AppEnv>;
  app.header('Cache-Control', 'no-cache');
  return app.html('<!doctype html>' + (await (node as Promise<string>)).toString());
}
