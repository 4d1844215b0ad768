// Balance page island. The card's QR code and e-mail link carry the code in the URL
// fragment (#K7QM-3XPA-…), which browsers never send to a server: this script reads it,
// fills the field and asks for the balance in a POST body. Without JavaScript the form
// posts normally and the server renders the answer.
const form = document.querySelector('form[data-balance-form]');
const result = document.querySelector('[data-balance-result]');
const field = form && form.querySelector('input[name="code"]');
const token = document.querySelector('meta[name="csrf-token"]');
const en = document.documentElement.lang === 'en';

function show(kind, heading, lines) {
  result.replaceChildren();
  const box = document.createElement('div');
  box.className = kind === 'error' ? 'notice notice-error' : 'card';
  const strong = document.createElement('strong');
  strong.textContent = heading;
  const first = document.createElement('p');
  first.append(strong);
  box.append(first);
  for (const line of lines) {
    const p = document.createElement('p');
    p.textContent = line;
    box.append(p);
  }
  result.append(box);
}

async function lookUp() {
  const code = field.value.trim();
  if (!code) return;
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const res = await fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token ? token.content : '' },
      body: JSON.stringify({ code }),
    });
    const body = await res.json().catch(() => null);
    if (res.ok && body && body.text) show('ok', body.text.balance, body.text.lines);
    else if (res.status === 404) show('error', en ? 'There is no gift card with that code.' : 'Det finns inget presentkort med den koden.', [en ? 'Check the code and try again.' : 'Kontrollera koden och försök igen.']);
    else show('error', (body && body.detail) || (en ? 'Something went wrong. Try again.' : 'Något gick fel. Försök igen.'), []);
  } catch {
    show('error', en ? 'No connection. Try again.' : 'Ingen anslutning. Försök igen.', []);
  } finally {
    button.disabled = false;
  }
}

if (form && result && field) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    lookUp();
  });
  const fromLink = decodeURIComponent(location.hash.slice(1)).trim();
  if (/^[0-9A-Za-z-]{16,40}$/.test(fromLink)) {
    field.value = fromLink.toUpperCase();
    lookUp();
  }
}
