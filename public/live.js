// Window and city displays: follow the stream, show the level's colour and words,
// reconnect by themselves (EventSource, plus a fresh start if the browser gives up),
// and check the opening hours every five minutes (dimmed while closed).
const single = document.querySelector('[data-display]');
const city = document.querySelector('[data-city-display]');
const root = single ?? city;

const texts = { green: 'Välkommen in!', yellow: 'Välkommen in!', red: 'Vänta en stund' };
const words = { green: 'Gott om plats', yellow: 'Det börjar bli fullt', red: 'Fullt just nu' };
const countText = (s) => (s.capacity ? `${s.count} av ${s.capacity} inne` : `${s.count} inne`);

function paint(el, state, textEl, detailEl, closedText) {
  el.classList.remove('level-green', 'level-yellow', 'level-red');
  el.classList.add(`level-${state.level}`);
  const closed = state.open === false;
  el.classList.toggle('is-closed', closed);
  if (textEl) textEl.textContent = closed ? closedText : texts[state.level];
  if (detailEl) detailEl.textContent = closed ? (single ? 'Välkommen tillbaka när vi har öppet' : '') : `${words[state.level]} · ${countText(state)}`;
}

function apply(state) {
  if (single) {
    paint(document.body, state, single.querySelector('[data-text]'), single.querySelector('[data-detail]'), 'Stängt just nu');
    return;
  }
  const tile = city.querySelector(`[data-slug="${CSS.escape(state.slug)}"]`);
  if (tile) paint(tile, state, tile.querySelector('[data-text]'), tile.querySelector('[data-detail]'), 'Stängt');
}

if (root) {
  const offline = root.querySelector('[data-offline]');
  const lastIds = new Map();
  let source = null;
  const connect = () => {
    source?.close();
    source = new EventSource(root.dataset.stream);
    source.addEventListener('occupancy', (e) => {
      const state = JSON.parse(e.data);
      const id = Number(e.lastEventId);
      if (id < (lastIds.get(state.slug) ?? -1)) return;
      lastIds.set(state.slug, id);
      apply(state);
    });
    source.addEventListener('open', () => {
      if (offline) offline.hidden = true;
    });
    source.addEventListener('error', () => {
      if (offline) offline.hidden = false;
      // CLOSED means the browser gave up (e.g. the server answered an error): start over.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
    });
  };
  connect();

  // Opening hours change with the clock, not with counts.
  setInterval(async () => {
    const res = await fetch(root.dataset.api, { cache: 'no-store' }).catch(() => null);
    if (!res || !res.ok) return;
    const body = await res.json();
    for (const state of single ? [body] : body.items) apply(state);
  }, 5 * 60 * 1000);
}
