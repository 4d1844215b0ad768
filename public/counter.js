// The staff counter's island. Without it the + and − forms post and reload; with it:
// - each tap goes to the API at once with its own Idempotency-Key, and is retried with
//   the same key when the connection fails, so a tap counts once however often it is sent;
// - the count follows the place's stream, so every phone on the door shows the same;
// - the queue list refreshes when someone joins or is let in.
const root = document.querySelector('[data-counter]');

if (root) {
  const countEl = root.querySelector('[data-count]');
  const levelEl = root.querySelector('[data-level-text]');
  const statusEl = root.querySelector('[data-status]');
  const words = { green: 'Gott om plats', yellow: 'Det börjar bli fullt', red: 'Fullt just nu' };
  let lastId = -1;

  const show = (state, id) => {
    if (id !== undefined) {
      if (id < lastId) return;
      lastId = id;
    }
    countEl.textContent = String(state.count);
    levelEl.textContent = words[state.level] ?? '';
    root.classList.remove('level-green', 'level-yellow', 'level-red');
    root.classList.add(`level-${state.level}`);
  };

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  async function sendTap(delta, csrf) {
    const key = crypto.randomUUID();
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        const res = await fetch(root.dataset.api, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, 'x-csrf-token': csrf },
          body: JSON.stringify({ delta }),
        });
        if (res.status >= 500) throw new Error(`status ${res.status}`);
        const body = await res.json();
        if (!res.ok) {
          statusEl.textContent = body.detail ?? 'Kunde inte räkna.';
          return;
        }
        show(body);
        statusEl.textContent = body.clamped ? 'Antalet kan inte bli lägre än 0.' : '';
        return;
      } catch {
        statusEl.textContent = 'Dålig uppkoppling – försöker igen …';
        await sleep(Math.min(8000, 500 * 2 ** attempt));
      }
    }
    statusEl.textContent = 'Tryckningen kom inte fram. Kontrollera uppkopplingen.';
  }

  for (const form of root.querySelectorAll('form[data-tap]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const delta = Number(form.dataset.tap);
      const csrf = form.querySelector('input[name="_csrf"]')?.value ?? '';
      // Shown at once; the answer (or the stream) corrects it.
      const now = Number(countEl.textContent) || 0;
      countEl.textContent = String(Math.max(0, now + delta));
      void sendTap(delta, csrf);
    });
  }

  const queueList = document.querySelector('[data-queue-list]');
  let queueTimer = null;
  const refreshQueue = () => {
    if (!queueList || !root.dataset.queue) return;
    clearTimeout(queueTimer);
    queueTimer = setTimeout(async () => {
      const res = await fetch(root.dataset.queue, { credentials: 'same-origin' }).catch(() => null);
      if (res && res.ok) {
        const holder = document.querySelector('[data-queue-list]');
        const html = await res.text();
        const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-queue-list]');
        if (holder && fresh) holder.replaceWith(fresh);
      }
    }, 150);
  };

  // EventSource reconnects by itself (retry: 3 s) and sends Last-Event-ID.
  const source = new EventSource(root.dataset.stream);
  source.addEventListener('occupancy', (e) => show(JSON.parse(e.data), Number(e.lastEventId)));
  source.addEventListener('queue', refreshQueue);
  source.addEventListener('open', () => root.classList.remove('is-offline'));
  source.addEventListener('error', () => root.classList.add('is-offline'));
}
