// The customer's ticket: follows the queue live, and offers a push notification for
// when the phone is locked. "Välkommen in!" is shown (and vibrated) when staff let them in.
const ticket = document.querySelector('[data-ticket]');

if (ticket) {
  const text = ticket.querySelector('[data-ticket-text]');
  const show = (v) => {
    if (v.status === 'admitted') {
      text.textContent = 'Välkommen in!';
      ticket.classList.add('level-green');
      if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
      source.close();
      document.querySelector('[data-push-area]')?.setAttribute('hidden', '');
    } else if (v.status === 'left') {
      text.textContent = 'Du har lämnat kön.';
      source.close();
    } else {
      text.textContent = v.ahead === 0 ? 'Du är näst på tur.' : `${v.ahead} före dig i kön.`;
    }
  };
  const source = new EventSource(ticket.dataset.stream);
  source.addEventListener('queue', (e) => show(JSON.parse(e.data)));

  const area = document.querySelector('[data-push-area]');
  const button = document.querySelector('[data-push-button]');
  const status = document.querySelector('[data-push-status]');
  const csrf = document.querySelector('input[name="_csrf"]')?.value ?? '';
  if (area && button && 'serviceWorker' in navigator && 'PushManager' in window && ticket.dataset.vapid) {
    area.hidden = false;
    button.addEventListener('click', async () => {
      try {
        const registration = await navigator.serviceWorker.register('/static/queue-sw.js');
        await navigator.serviceWorker.ready;
        const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: ticket.dataset.vapid });
        const res = await fetch(ticket.dataset.push, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify(subscription),
        });
        status.textContent = res.ok ? ' Klart: telefonen säger till.' : ' Det gick inte att slå på notiser.';
        if (res.ok) button.hidden = true;
      } catch {
        status.textContent = ' Notiser är avstängda i webbläsaren. Håll sidan öppen i stället.';
      }
    });
  }
}
