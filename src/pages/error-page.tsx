/** @jsxImportSource hono/jsx */
/** The HTML error page for people: a plain Swedish message, never a stack trace. */
import type { Context } from 'hono';
import type { AppEnv } from '../platform/http/types.js';
import { Page, renderPage } from '../platform/http/ui/layout.js';

export function renderErrorPage(c: Context<AppEnv>, status: number, title: string, detail: string): Promise<Response> {
  const en = c.get('locale') === 'en';
  const prefix = c.get('prefix') ?? '';
  return renderPage(
    c,
    <Page c={c} title={title}>
      <h1>{title}</h1>
      <p class="lead">{detail}</p>
      <p>
        <a href={`${prefix}/`}>{en ? 'Go to the start page' : 'Gå till startsidan'}</a>
      </p>
      <p class="muted">
        {en ? 'Error code' : 'Felkod'} {status}
        {c.get('requestId') ? ` · ${c.get('requestId')}` : ''}
      </p>
    </Page>,
    status,
  );
}
