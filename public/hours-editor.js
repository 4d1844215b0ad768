// Opening-hours editor island. The form works without it; this only greys out the
// times of a day marked "Stängt" and adds a button for more special-day rows (the
// server always renders three empty ones). Field names follow `s{index}-field`.
for (const editor of document.querySelectorAll('[data-hours-editor]')) {
  const syncClosed = (box) => {
    const fieldset = box.closest('fieldset');
    if (!fieldset) return;
    for (const input of fieldset.querySelectorAll('input[type="time"]')) input.disabled = box.checked;
  };
  editor.addEventListener('change', (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute('data-closes-row')) syncClosed(target);
  });
  for (const box of editor.querySelectorAll('input[data-closes-row]')) syncClosed(box);

  const list = editor.querySelector('[data-special-days]');
  if (!list || list.closest('fieldset[disabled]')) continue;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary';
  button.textContent = document.documentElement.lang === 'en' ? 'Add another day' : 'Lägg till en dag till';
  button.addEventListener('click', () => {
    const rows = list.querySelectorAll('fieldset.special-day');
    const last = rows[rows.length - 1];
    if (!last) return;
    const next = Number(list.dataset.nextIndex || rows.length);
    const old = last.dataset.index;
    const clone = last.cloneNode(true);
    const rename = new RegExp(`\\bs${old}-`, 'g');
    clone.dataset.index = String(next);
    for (const el of clone.querySelectorAll('[id], [name], [for], [aria-describedby]')) {
      for (const attr of ['id', 'name', 'for', 'aria-describedby']) {
        const value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(rename, `s${next}-`));
      }
    }
    // A fresh, empty row: no saved marker, no remove box, no old errors.
    for (const el of clone.querySelectorAll('input[type="hidden"], .field-error')) el.remove();
    for (const el of clone.querySelectorAll('input[name$="-ta-bort"]')) el.closest('.checks')?.remove();
    for (const input of clone.querySelectorAll('input')) {
      if (input.type === 'checkbox') input.checked = false;
      else input.value = '';
      input.disabled = false;
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
    const legend = clone.querySelector('legend');
    if (legend) legend.textContent = `Avvikande dag ${next + 1}`;
    list.append(clone);
    list.dataset.nextIndex = String(next + 1);
    clone.querySelector('input[type="date"]')?.focus();
  });
  list.after(button);
}
