// Service worker for the doorbell queue: shows "Välkommen in!" when a push arrives.
self.addEventListener('push', (event) => {
  let data = { title: 'Välkommen in!', body: 'Det är din tur.' };
  try {
    data = { ...data, ...event.data.json() };
  } catch {
    /* a push without JSON: the default text */
  }
  event.waitUntil(self.registration.showNotification(data.title, { body: data.body, tag: data.tag, requireInteraction: true, lang: 'sv' }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((list) => {
      if (list[0]) return list[0].focus();
      return undefined;
    }),
  );
});
