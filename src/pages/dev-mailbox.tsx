/** @jsxImportSource hono/jsx */
/**
 * The dev mailbox: with no SMTP server configured (the embedded default), every e-mail
 * Torget would send is listed here, so a newcomer can click a magic link. Never
 * mounted in production or when SMTP is configured.
 */
import type { Context } from 'hono';
import type { TorgetApp } from '../platform/http/app.js';
import type { AppEnv } from '../platform/http/types.js';
import { Page, renderPage } from '../platform/http/ui/layout.js';
import type { Outbox } from '../platform/messaging/outbox.js';
import { formatDateTimeShort } from '../platform/i18n/format.js';

export function mountDevMailbox(app: TorgetApp, deps: { outbox: Outbox }): void {
  app.get('/dev/mailbox', async (c) => {
    const messages = await deps.outbox.list({ limit: 100 });
    return renderPage(
      c,
      <Page c={c} title="Utvecklarbrevlådan">
        <h1>Utvecklarbrevlådan</h1>
        <p class="lead">Ingen e-postserver är inställd, så här syns all e-post som Torget skulle ha skickat. Nyaste först.</p>
        {messages.length === 0 ? (
          <p>Inga meddelanden ännu.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Ämne</th>
                  <th scope="col">Till</th>
                  <th scope="col">Skapat</th>
                </tr>
              </thead>
              <tbody>
                {messages.map((m) => (
                  <tr>
                    <td>
                      <a href={`/dev/mailbox/${m.id}`}>{m.subject}</a>
                    </td>
                    <td>{m.recipient}</td>
                    <td>{formatDateTimeShort(m.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Page>,
    );
  });

  app.get('/dev/mailbox/:id', async (c) => {
    const id = c.req.param('id');
    const m = /^[0-9a-f-]{36}$/.test(id) ? await deps.outbox.get(id) : null;
    if (!m) return c.notFound();
    // Messages with secret content (gift card codes) are rendered now, as when sent.
    const content = await deps.outbox.contentOf(m);
    return renderPage(c, <MessagePage c={c} id={m.id} subject={content.subject} to={m.recipient} body={content.text} attachments={content.attachments.map((a) => a.filename)} />);
  });

  app.get('/dev/mailbox/:id/bilaga/:n', async (c) => {
    const id = c.req.param('id');
    const m = /^[0-9a-f-]{36}$/.test(id) ? await deps.outbox.get(id) : null;
    const attachment = m ? (await deps.outbox.contentOf(m)).attachments[Number(c.req.param('n'))] : undefined;
    if (!attachment) return c.notFound();
    return c.body(new Uint8Array(attachment.content), 200, { 'Content-Type': attachment.contentType, 'Content-Disposition': `inline; filename="${attachment.filename}"`, 'Cache-Control': 'no-store' });
  });
}

/** Renders the text body with its links clickable (and nothing else interpreted). */
function MessagePage(props: { c: Context<AppEnv>; id: string; subject: string; to: string; body: string; attachments: string[] }) {
  const parts = props.body.split(/(https?:\/\/[^\s]+)/g);
  return (
    <Page c={props.c} title={props.subject}>
      <p class="breadcrumbs">
        <a href="/dev/mailbox">Utvecklarbrevlådan</a>
      </p>
      <h1>{props.subject}</h1>
      <p>Till: {props.to}</p>
      <div class="mail-body">{parts.map((p) => (/^https?:\/\//.test(p) ? <a href={p}>{p}</a> : p))}</div>
      {props.attachments.length > 0 ? (
        <p>
          Bilagor:{' '}
          {props.attachments.map((name, i) => (
            <a href={`/dev/mailbox/${props.id}/bilaga/${i}`}>{name}</a>
          ))}
        </p>
      ) : null}
    </Page>
  );
}
