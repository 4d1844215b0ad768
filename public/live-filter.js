// Filters without reload, on the lunch, events, offers and directory pages. The pages
// work without this script: their filters are GET forms and their views plain links.
// With it, a changed filter (or a link marked data-live-links to the same page) fetches
// the very URL a normal submit would open, takes the marked parts out of the answer and
// puts them in place of the old ones; the address bar follows (back and forward work),
// focus stays where it was and the status line (role=status) reads out the new count.
// Any failure falls back to a normal navigation to the same URL.
//
// Markup: parts to swap have an id and data-live-region; the form has data-live-filter;
// the count has data-live-status (outside every region, so screen readers hear it change).
const regions = () => [...document.querySelectorAll('[data-live-region][id]')];

if (regions().length > 0 && 'fetch' in window && 'DOMParser' in window && history.pushState) {
  const focusable = (root) => [...root.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')];
  /** The page whose content is on screen (without its #fragment). */
  let shown = location.href.split('#')[0];
  let controller = null;
  let typing = 0;
  history.replaceState({ liveFilter: true }, '', location.href);

  /** The URL a normal submit of the form opens (empty fields left out: they mean "any"). */
  const urlOf = (form) => {
    const url = new URL(form.action, location.href);
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value !== '') params.append(name, value);
    url.search = params.toString();
    return url.href;
  };

  const setBusy = (busy) => {
    for (const region of regions()) {
      if (busy) region.setAttribute('aria-busy', 'true');
      else region.removeAttribute('aria-busy');
    }
  };

  /** Enough about the focused element to find its twin in the new content. */
  const focusKey = (el) => {
    const region = el && el !== document.body ? el.closest('[data-live-region][id]') : null;
    if (!region) return null;
    return { region: region.id, id: el.id, tag: el.tagName, name: el.getAttribute('name'), value: el.value, text: el.textContent.trim(), index: focusable(region).indexOf(el) };
  };

  const restoreFocus = (key) => {
    if (!key || (document.activeElement && document.activeElement !== document.body)) return;
    const region = document.getElementById(key.region);
    if (!region) return;
    const list = focusable(region);
    const twin =
      (key.id && document.getElementById(key.id)) ||
      list.find((el) => el.tagName === key.tag && (key.name ? el.getAttribute('name') === key.name && el.value === key.value : el.textContent.trim() === key.text)) ||
      list[key.index];
    if (twin) return twin.focus({ preventScroll: true });
    region.setAttribute('tabindex', '-1');
    region.focus({ preventScroll: true });
  };

  /** A polite live region reads a change only: the same count twice is cleared and set again. */
  const announce = (status, text) => {
    if (status.textContent.trim() !== text) status.textContent = text;
    else {
      status.textContent = '';
      setTimeout(() => (status.textContent = text), 150);
    }
  };

  /** Puts the new parts in place; the part holding the control in use stays (it already shows the choice). */
  const swap = (doc, keep) => {
    const key = focusKey(document.activeElement);
    for (const region of regions()) {
      if (keep && region.contains(keep)) continue;
      const fresh = doc.getElementById(region.id);
      if (fresh && region.isConnected) region.replaceWith(document.importNode(fresh, true));
    }
    const status = document.querySelector('[data-live-status]');
    const freshStatus = doc.querySelector('[data-live-status]');
    if (status && freshStatus) announce(status, freshStatus.textContent.trim());
    document.title = doc.title;
    restoreFocus(key);
  };

  const load = async (url, { push, keep }) => {
    if (push && url === shown) return;
    if (controller) controller.abort();
    const own = (controller = new AbortController());
    setBusy(true);
    let doc;
    try {
      const res = await fetch(url, { signal: own.signal, credentials: 'same-origin', headers: { accept: 'text/html' } });
      // A redirect (a city's renamed address), an error page or anything but HTML: let the browser go there.
      if (!res.ok || res.redirected || !(res.headers.get('content-type') || '').startsWith('text/html')) throw new Error(`answer ${res.status}`);
      doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      if (regions().some((region) => !doc.getElementById(region.id))) throw new Error('the answer lacks a part of the page');
    } catch {
      if (own.signal.aborted) return; // a newer choice took over
      if (push) location.assign(url);
      else location.reload();
      return;
    }
    if (own !== controller) return;
    controller = null;
    swap(doc, keep);
    if (push) history.pushState({ liveFilter: true }, '', url);
    shown = url.split('#')[0];
    setBusy(false);
  };

  const filterForm = (el) => (el instanceof Element ? el.closest('form[data-live-filter]') : null);
  const isText = (el) => el instanceof HTMLInputElement && ['search', 'text'].includes(el.type);

  document.addEventListener('change', (event) => {
    const form = filterForm(event.target);
    // Text is sent after a pause in typing (below) or with Enter, not when the field loses focus.
    if (form && !isText(event.target)) load(urlOf(form), { push: true, keep: event.target });
  });
  document.addEventListener('input', (event) => {
    const form = filterForm(event.target);
    if (!form || !isText(event.target)) return;
    clearTimeout(typing);
    typing = setTimeout(() => load(urlOf(form), { push: true, keep: event.target }), 500);
  });
  document.addEventListener('submit', (event) => {
    const form = filterForm(event.target);
    if (!form) return;
    event.preventDefault();
    clearTimeout(typing);
    load(urlOf(form), { push: true, keep: event.submitter || form });
  });
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('[data-live-links] a[href]') : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    // Only this page with other filters; anything else is a normal navigation.
    if (url.origin !== location.origin || url.pathname !== location.pathname) return;
    event.preventDefault();
    load(url.href, { push: true, keep: null });
  });
  window.addEventListener('popstate', (event) => {
    if (!event.state || !event.state.liveFilter) return;
    const url = location.href.split('#')[0];
    if (url !== shown) load(url, { push: false, keep: null });
  });
}
