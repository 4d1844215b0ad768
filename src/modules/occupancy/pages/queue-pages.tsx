/** @jsxImportSource hono/jsx */
/**
 * The doorbell for customers: `/{city}/ko/{slug}` (the QR on the door leads here) takes
 * a number; `/{city}/ko/{slug}/{token}` shows the place in line and says "Välkommen in"
 * when staff let them in — live while the page is open (`queue.js` follows a stream),
 * and by a push notification when the customer allowed one. Without JavaScript the page
 * reloads every 15 seconds.
 */
import { CsrfField, Notice, Page } from '../../../platform/http/ui/layout.js';
import type { QueueView } from '../queue.js';
import type { Place, PlaceState } from '../service.js';
import { asApp, cityBase, levelWord, LiveStyles, type OccContext } from './shared.js';

export const queueBase = (c: OccContext, slug: string) => `${cityBase(c)}/ko/${slug}`;

export function JoinPage(props: { c: OccContext; place: Place; state: PlaceState; waiting: number; error?: string }) {
  const { c, place, state } = props;
  return (
    <Page c={asApp(c)} title={`Kö till ${place.name}`} city={c.get('city')} head={<LiveStyles />}>
      <div lang="sv" class="queue-page">
        <h1>{place.name}</h1>
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
        <p class={`level-chip level-${state.level}`}>Just nu: {levelWord(state.level)}</p>
        {place.queueEnabled ? (
          <>
            <p>{props.waiting === 0 ? 'Ingen väntar just nu.' : props.waiting === 1 ? '1 person väntar.' : `${props.waiting} personer väntar.`}</p>
            <form method="post" action={queueBase(c, place.slug)}>
              <CsrfField c={asApp(c)} />
              <button type="submit" class="big-button">
                Ställ mig i kö
              </button>
            </form>
            <p class="muted">Du får ett nummer. Vänta i närheten; din telefon säger till när det är din tur. Vi sparar inga uppgifter om dig.</p>
          </>
        ) : (
          <p>Ingen kö just nu – välkommen in!</p>
        )}
      </div>
    </Page>
  );
}

export function TicketPage(props: { c: OccContext; view: QueueView; token: string; vapidKey: string }) {
  const { c, view, token } = props;
  const { entry, place } = view;
  const base = `${queueBase(c, place.slug)}/${token}`;
  const admitted = entry.status === 'admitted';
  return (
    <Page
      c={asApp(c)}
      title={`Nummer ${entry.number}`}
      city={c.get('city')}
      scripts={['/static/queue.js']}
      head={
        <>
          <LiveStyles />
          {entry.status === 'waiting' ? (
            <noscript>
              <meta http-equiv="refresh" content="15" />
            </noscript>
          ) : null}
        </>
      }
    >
      <div lang="sv" class="queue-page">
        <h1>{place.name}</h1>
        <div class={`ticket ${admitted ? 'level-green' : ''}`} data-ticket data-stream={`${base}/strom`} data-push={`${base}/notis`} data-vapid={props.vapidKey}>
          <p class="ticket-number">Nummer {entry.number}</p>
          <p class="ticket-text" data-ticket-text role="status" aria-live="assertive">
            {admitted ? 'Välkommen in!' : entry.status === 'left' ? 'Du har lämnat kön.' : view.ahead === 0 ? 'Du är näst på tur.' : `${view.ahead} före dig i kön.`}
          </p>
        </div>
        {entry.status === 'waiting' ? (
          <>
            <p data-push-area hidden>
              <button type="button" data-push-button>
                Säg till med en notis när det är min tur
              </button>
              <span data-push-status class="muted"></span>
            </p>
            <form method="post" action={`${base}/lamna`}>
              <CsrfField c={asApp(c)} />
              <button type="submit" class="secondary">
                Lämna kön
              </button>
            </form>
          </>
        ) : null}
      </div>
    </Page>
  );
}
