/** @jsxImportSource hono/jsx */
/**
 * The association's office tools that belong to the city as a whole: the e-mail log
 * (delivery failures, resend to a corrected address), the audit log, API keys for
 * machines (shown once) and the privacy tools (export or erase one person's data).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.js';
import { can, roles as allRoles, type Role } from '../../platform/auth/roles.js';
import type { AuthService } from '../../platform/auth/service.js';
import { forbidden } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import type { AppEnv } from '../../platform/http/types.js';
import { formatDateTimeShort } from '../../platform/i18n/format.js';
import { CsrfField, Notice, Page, renderPage, type NavLink } from '../../platform/http/ui/layout.js';
import type { Outbox } from '../../platform/messaging/outbox.js';
import { cityMiddleware, type CityEnv } from './http.js';
import type { CityService } from './service.js';

export interface PrivacyTools {
  exportPerson(actor: AppEnv['Variables']['actor'], cityId: string, email: string): Promise<unknown>;
  erasePerson(actor: AppEnv['Variables']['actor'], cityId: string, email: string): Promise<void>;
}

export interface CityAdminDeps {
  cities: CityService;
  auth: AuthService;
  outbox: Outbox;
  audit: AuditLog;
  privacy: PrivacyTools;
}

type Ctx = Context<CityEnv>;
const app$ = (c: Ctx) => c as unknown as Context<AppEnv>;
const base = (c: Ctx) => `${c.get('prefix')}/${c.get('city').slug}/admin`;

/** Key roles an admin may hand to a machine: never platform-wide ones. */
const keyRoles = allRoles.filter((r) => r !== 'platform-admin' && r !== 'network-admin');

function gate(rolesAllowed: readonly Role[]): MiddlewareHandler<CityEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (actor.kind === 'anonymous') return c.redirect(`${c.get('prefix')}/logga-in?stad=${c.get('city').slug}&next=${encodeURIComponent(c.req.path)}`, c.req.method === 'GET' ? 302 : 303);
    if (!can(actor, { cityId: c.get('city').id, roles: rolesAllowed })) throw forbidden();
    await next();
  };
}

const time = (d: Date | null) => (d ? formatDateTimeShort(d) : '–');

/**
 * The association's work-area navigation, shared by every admin page. The office
 * tools are for admins; staff (city hosts) see the overview and the businesses.
 */
export function associationNav(base: string, isAdmin: boolean): NavLink[] {
  const links: NavLink[] = [
    { href: base, label: 'Översikt' },
    { href: `${base}/foretag`, label: 'Företag' },
    { href: `${base}/presentkort`, label: 'Presentkort' },
    { href: `${base}/evenemang`, label: 'Evenemang' },
    { href: `${base}/besokare`, label: 'Besökare' },
  ];
  if (isAdmin) {
    links.push(
      { href: `${base}/import`, label: 'Importera' },
      { href: `${base}/fakturor`, label: 'Fakturor' },
      { href: `${base}/avrakning`, label: 'Avräkning' },
      { href: `${base}/kampanjer`, label: 'Kampanjer' },
      { href: `${base}/epost`, label: 'E-post' },
      { href: `${base}/logg`, label: 'Ändringslogg' },
      { href: `${base}/api-nycklar`, label: 'API-nycklar' },
      { href: `${base}/integritet`, label: 'Personuppgifter' },
    );
  }
  return links;
}

function OfficePage(props: { c: Ctx; title: string; children?: unknown }) {
  const { c } = props;
  const nav = associationNav(base(c), true);
  return (
    <Page c={app$(c)} title={props.title} city={c.get('city')} nav={nav} area="admin">
      <div lang="sv">{props.children as never}</div>
    </Page>
  );
}

const statusLabel: Record<string, string> = { pending: 'Väntar', sending: 'Skickas', sent: 'Skickat', failed: 'Misslyckades' };

export function mountCityAdminPages(app: TorgetApp, deps: CityAdminDeps): void {
  const withCity = cityMiddleware(deps.cities) as unknown as MiddlewareHandler<AppEnv>;
  const adminOnly = gate(['association-admin']) as unknown as MiddlewareHandler<AppEnv>;
  for (const path of ['/:city/admin/epost', '/:city/admin/epost/*', '/:city/admin/logg', '/:city/admin/api-nycklar', '/:city/admin/api-nycklar/*', '/:city/admin/integritet', '/:city/admin/integritet/*']) {
    app.use(path, withCity, adminOnly);
  }

  app.get('/:city/admin/epost', async (c) => {
    const cx = c as unknown as Ctx;
    const messages = await deps.outbox.list({ cityId: cx.get('city').id, limit: 200 });
    const failed = messages.filter((m) => m.status === 'failed');
    return renderPage(
      c,
      <OfficePage c={cx} title="E-post">
        <h1>E-post</h1>
        {c.req.query('klart') === 'skickas' ? <Notice kind="success">Meddelandet skickas igen.</Notice> : null}
        <p class="lead">Allt som Torget har skickat för föreningen de senaste 90 dagarna. Misslyckade utskick kan skickas igen, till en rättad adress.</p>
        {failed.length > 0 ? <Notice kind="error">{failed.length === 1 ? '1 meddelande' : `${failed.length} meddelanden`} kom inte fram.</Notice> : null}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Ämne</th>
                <th scope="col">Till</th>
                <th scope="col">Status</th>
                <th scope="col">Skapat</th>
                <th scope="col">Åtgärd</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr>
                  <td>{m.subject}</td>
                  <td>{m.recipient}</td>
                  <td>
                    {statusLabel[m.status] ?? m.status}
                    {m.lastError ? <div class="muted">{m.lastError}</div> : null}
                  </td>
                  <td>{time(m.createdAt)}</td>
                  <td>
                    {m.status === 'failed' ? (
                      <form method="post" action={`${base(cx)}/epost/${m.id}/skicka-igen`} class="stack">
                        <CsrfField c={c} />
                        <div>
                          <label for={`to-${m.id}`}>Rättad adress</label>
                          <input id={`to-${m.id}`} name="to" type="email" value={m.recipient} required />
                        </div>
                        <div>
                          <button type="submit">Skicka igen</button>
                        </div>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </OfficePage>,
    );
  });

  app.post('/:city/admin/epost/:id/skicka-igen', async (c) => {
    const cx = c as unknown as Ctx;
    const form = await c.req.parseBody();
    const to = z.email().safeParse(String(form.to ?? '').trim());
    if (!to.success) return c.redirect(`${base(cx)}/epost`, 303);
    await deps.outbox.resend(cx.get('city').id, c.req.param('id'), to.data);
    await deps.audit.record({ cityId: cx.get('city').id, actor: c.get('actor'), action: 'email.resend', entityType: 'email', entityId: c.req.param('id'), ip: c.get('clientIp') });
    return c.redirect(`${base(cx)}/epost?klart=skickas`, 303);
  });

  app.get('/:city/admin/logg', async (c) => {
    const cx = c as unknown as Ctx;
    const before = Number(c.req.query('fore') ?? '') || undefined;
    const entries = await deps.audit.list(cx.get('city').id, { limit: 100, ...(before ? { before } : {}) });
    return renderPage(
      c,
      <OfficePage c={cx} title="Ändringslogg">
        <h1>Ändringslogg</h1>
        <p class="lead">Varje ändring som föreningen, ett företag, en API-nyckel eller kommandoraden har gjort.</p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">När</th>
                <th scope="col">Vem</th>
                <th scope="col">Vad</th>
                <th scope="col">Objekt</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>{time(e.createdAt)}</td>
                  <td>{e.actor}</td>
                  <td>{e.action}</td>
                  <td>
                    {e.entityType} {e.entityId ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {entries.length === 100 ? (
          <p class="pager">
            <a href={`${base(cx)}/logg?fore=${entries[entries.length - 1]!.id}`}>Äldre ändringar</a>
          </p>
        ) : null}
      </OfficePage>,
    );
  });

  app.get('/:city/admin/api-nycklar', async (c) => {
    const cx = c as unknown as Ctx;
    const keys = await deps.auth.listApiKeys(cx.get('city').id);
    return renderPage(c, <ApiKeysPage c={cx} keys={keys} created={null} />);
  });

  app.post('/:city/admin/api-nycklar', async (c) => {
    const cx = c as unknown as Ctx;
    const form = await c.req.parseBody();
    const role = String(form.role ?? '');
    const name = String(form.name ?? '').trim().slice(0, 80);
    if (!(keyRoles as string[]).includes(role) || role.startsWith('merchant')) return c.redirect(`${base(cx)}/api-nycklar`, 303);
    const created = await deps.auth.createApiKey({ cityId: cx.get('city').id, role: role as Role, name, createdBy: c.get('actor').label });
    await deps.audit.record({ cityId: cx.get('city').id, actor: c.get('actor'), action: 'apikey.create', entityType: 'apikey', entityId: created.id, data: { role, name }, ip: c.get('clientIp') });
    // The key is shown on this response only; it is never stored in clear.
    c.header('Cache-Control', 'no-store');
    return renderPage(c, <ApiKeysPage c={cx} keys={await deps.auth.listApiKeys(cx.get('city').id)} created={created.key} />);
  });

  app.post('/:city/admin/api-nycklar/:id/aterkalla', async (c) => {
    const cx = c as unknown as Ctx;
    if (await deps.auth.revokeApiKey(cx.get('city').id, c.req.param('id'))) {
      await deps.audit.record({ cityId: cx.get('city').id, actor: c.get('actor'), action: 'apikey.revoke', entityType: 'apikey', entityId: c.req.param('id'), ip: c.get('clientIp') });
    }
    return c.redirect(`${base(cx)}/api-nycklar`, 303);
  });

  app.get('/:city/admin/integritet', (c) => renderPage(c, <PrivacyPage c={c as unknown as Ctx} />));

  app.post('/:city/admin/integritet/export', async (c) => {
    const cx = c as unknown as Ctx;
    const email = String((await c.req.parseBody()).email ?? '').trim();
    const data = await deps.privacy.exportPerson(c.get('actor'), cx.get('city').id, email);
    c.header('Content-Disposition', `attachment; filename="personuppgifter.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(data);
  });

  app.post('/:city/admin/integritet/radera', async (c) => {
    const cx = c as unknown as Ctx;
    const form = await c.req.parseBody();
    const email = String(form.email ?? '').trim();
    if (String(form.confirm ?? '') !== email) return renderPage(c, <PrivacyPage c={cx} error="Skriv e-postadressen en gång till för att bekräfta." />, 400);
    await deps.privacy.erasePerson(c.get('actor'), cx.get('city').id, email);
    return renderPage(c, <PrivacyPage c={cx} done={`Uppgifterna om ${email} är raderade.`} />);
  });
}

function ApiKeysPage(props: { c: Ctx; keys: Awaited<ReturnType<AuthService['listApiKeys']>>; created: string | null }) {
  const { c } = props;
  return (
    <OfficePage c={c} title="API-nycklar">
      <h1>API-nycklar</h1>
      <p class="lead">Nycklar för maskiner, till exempel kassasystem och dörrräknare. En nyckel gäller bara i den här staden och med den roll den fått.</p>
      {props.created ? (
        <Notice kind="success">
          <p>Nyckeln visas bara nu. Kopiera den till systemet som ska använda den:</p>
          <p>
            <code>{props.created}</code>
          </p>
        </Notice>
      ) : null}
      <form method="post" action={`${base(c)}/api-nycklar`} class="stack card">
        <CsrfField c={c as unknown as Context<AppEnv>} />
        <h2>Skapa en nyckel</h2>
        <div>
          <label for="key-name">Namn</label>
          <input id="key-name" name="name" type="text" maxlength={80} required />
        </div>
        <div>
          <label for="key-role">Roll</label>
          <select id="key-role" name="role">
            {keyRoles
              .filter((r) => !r.startsWith('merchant'))
              .map((r) => (
                <option value={r}>{r}</option>
              ))}
          </select>
        </div>
        <div>
          <button type="submit">Skapa nyckel</button>
        </div>
      </form>
      <h2>Nycklar</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Namn</th>
              <th scope="col">Roll</th>
              <th scope="col">Skapad</th>
              <th scope="col">Senast använd</th>
              <th scope="col">Åtgärd</th>
            </tr>
          </thead>
          <tbody>
            {props.keys.map((k) => (
              <tr>
                <td>{k.name || '–'}</td>
                <td>{k.role}</td>
                <td>{time(k.createdAt)}</td>
                <td>{time(k.lastUsedAt)}</td>
                <td>
                  {k.revokedAt ? (
                    `Återkallad ${time(k.revokedAt)}`
                  ) : (
                    <form method="post" action={`${base(c)}/api-nycklar/${k.id}/aterkalla`}>
                      <CsrfField c={c as unknown as Context<AppEnv>} />
                      <button type="submit" class="danger" aria-label={`Återkalla ${k.name || 'nyckeln'}`}>
                        Återkalla
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </OfficePage>
  );
}

function PrivacyPage(props: { c: Ctx; error?: string; done?: string }) {
  const { c } = props;
  const cx = c as unknown as Context<AppEnv>;
  return (
    <OfficePage c={c} title="Personuppgifter">
      <h1>Personuppgifter</h1>
      <p class="lead">Lämna ut eller radera allt Torget har om en person som har ett konto i er stad (dataskyddsförordningen, artikel 15 och 17).</p>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      {props.done ? <Notice kind="success">{props.done}</Notice> : null}
      <div class="two-col">
        <form method="post" action={`${base(c)}/integritet/export`} class="stack card">
          <CsrfField c={cx} />
          <h2>Lämna ut uppgifter</h2>
          <div>
            <label for="export-email">E-postadress</label>
            <input id="export-email" name="email" type="email" required />
          </div>
          <div>
            <button type="submit">Ladda ner (JSON)</button>
          </div>
        </form>
        <form method="post" action={`${base(c)}/integritet/radera`} class="stack card">
          <CsrfField c={cx} />
          <h2>Radera uppgifter</h2>
          <div>
            <label for="erase-email">E-postadress</label>
            <input id="erase-email" name="email" type="email" required />
          </div>
          <div>
            <label for="erase-confirm">
              Skriv adressen igen för att bekräfta<span class="hint">Kontot, inloggningar och e-post raderas. Det går inte att ångra.</span>
            </label>
            <input id="erase-confirm" name="confirm" type="email" required />
          </div>
          <div>
            <button type="submit" class="danger">
              Radera
            </button>
          </div>
        </form>
      </div>
    </OfficePage>
  );
}
