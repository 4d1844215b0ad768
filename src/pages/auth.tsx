/** @jsxImportSource hono/jsx */
/**
 * Logging in and out: password, magic link (a page with a button confirms it, because
 * mail scanners open links in advance), TOTP two-factor, and the account page where
 * two-factor is set up. Attempts are rate-limited per address and per e-mail.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Grant } from '../platform/auth/roles.js';
import { safeLocalPath, type AuthService } from '../platform/auth/service.js';
import type { Config } from '../platform/config.js';
import { DomainError } from '../platform/errors.js';
import { SESSION_COOKIE, type TorgetApp } from '../platform/http/app.js';
import type { AppEnv } from '../platform/http/types.js';
import { CsrfField, Notice, Page, renderPage } from '../platform/http/ui/layout.js';
import type { Outbox } from '../platform/messaging/outbox.js';
import type { RateLimiter, RateLimitRule } from '../platform/ratelimit/limiter.js';
import type { CityService } from '../modules/cities/index.js';
import QRCode from 'qrcode';

const PENDING_COOKIE = 'torget_2fa';

export const loginRules = {
  passwordPerIp: { name: 'login:ip', limit: 30, windowSeconds: 900 },
  passwordPerEmail: { name: 'login:email', limit: 10, windowSeconds: 900 },
  linkPerIp: { name: 'link:ip', limit: 20, windowSeconds: 900 },
  linkPerEmail: { name: 'link:email', limit: 5, windowSeconds: 900 },
  twoFactorPerUser: { name: '2fa:user', limit: 10, windowSeconds: 900 },
} satisfies Record<string, RateLimitRule>;

interface AuthDeps {
  config: Config;
  auth: AuthService;
  outbox: Outbox;
  rateLimiter: RateLimiter;
  cities: CityService;
}

const t = (c: Context<AppEnv>, sv: string, en: string) => (c.get('locale') === 'en' ? en : sv);

export function mountAuthPages(app: TorgetApp, deps: AuthDeps): void {
  const { auth, config } = deps;

  async function limit(c: Context<AppEnv>, rule: RateLimitRule, subject: string): Promise<void> {
    const r = await deps.rateLimiter.hit(rule, subject);
    if (!r.allowed) {
      const minutes = Math.ceil(r.retryAfterSeconds / 60);
      throw new DomainError('rate_limited', t(c, `För många försök. Vänta ${minutes} min och försök igen.`, `Too many attempts. Wait ${minutes} min and try again.`), { retryAfterSeconds: r.retryAfterSeconds });
    }
  }

  /** Where a person lands after logging in: their work area, or the start page. */
  async function homeFor(grants: Grant[]): Promise<string> {
    const pick = (roles: string[]) => grants.find((g) => roles.includes(g.role) && g.cityId);
    const grant = pick(['association-admin', 'association-staff']) ?? pick(['merchant-owner', 'merchant-staff']);
    if (!grant?.cityId) return '/';
    const city = await deps.cities.getById(grant.cityId);
    if (!city) return '/';
    return grant.role.startsWith('association') ? `/${city.slug}/admin` : `/${city.slug}/butik`;
  }

  async function startSession(c: Context<AppEnv>, userId: string, twoFactor: boolean, next: string | null): Promise<Response> {
    const { token } = await auth.createSession(userId, { ip: c.get('clientIp'), userAgent: c.req.header('user-agent') ?? '', twoFactor });
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: config.secureCookies, sameSite: 'Lax', path: '/', maxAge: 30 * 24 * 3600 });
    deleteCookie(c, PENDING_COOKIE, { path: '/' });
    const target = safeLocalPath(next) ?? (await homeFor(await auth.grantsOf(userId)));
    return c.redirect(c.get('prefix') + target, 303);
  }

  /** Users with two-factor get a single-use pending token instead of a session. */
  async function completeLogin(c: Context<AppEnv>, userId: string, next: string | null): Promise<Response> {
    const user = await auth.getUser(userId);
    if (user?.totpSecret) {
      const pending = await auth.createLoginToken(userId, 'login', safeLocalPath(next));
      setCookie(c, PENDING_COOKIE, pending, { httpOnly: true, secure: config.secureCookies, sameSite: 'Lax', path: '/', maxAge: 600 });
      return c.redirect(`${c.get('prefix')}/logga-in/tvastegs`, 303);
    }
    return startSession(c, userId, false, next);
  }

  app.get('/logga-in', (c) => renderPage(c, <LoginPage c={c} next={c.req.query('next') ?? null} />));

  app.post('/logga-in', async (c) => {
    const form = await c.req.parseBody();
    const email = String(form.email ?? '').trim().toLowerCase().slice(0, 200);
    const password = String(form.password ?? '').slice(0, 500);
    const next = safeLocalPath(String(form.next ?? '')) ?? null;
    try {
      await limit(c, loginRules.passwordPerIp, c.get('clientIp'));
      await limit(c, loginRules.passwordPerEmail, email);
    } catch (err) {
      if (err instanceof DomainError) return renderPage(c, <LoginPage c={c} next={next} email={email} error={err.message} />, 429);
      throw err;
    }
    const user = email && password ? await auth.verifyPassword(email, password) : null;
    if (!user) return renderPage(c, <LoginPage c={c} next={next} email={email} error={t(c, 'Fel e-postadress eller lösenord.', 'Wrong e-mail address or password.')} />, 401);
    return completeLogin(c, user.id, next);
  });

  app.post('/logga-in/lank', async (c) => {
    const form = await c.req.parseBody();
    const email = String(form.email ?? '').trim().toLowerCase().slice(0, 200);
    const next = safeLocalPath(String(form.next ?? '')) ?? null;
    try {
      await limit(c, loginRules.linkPerIp, c.get('clientIp'));
      await limit(c, loginRules.linkPerEmail, email);
    } catch (err) {
      if (err instanceof DomainError) return renderPage(c, <LoginPage c={c} next={next} email={email} error={err.message} />, 429);
      throw err;
    }
    const user = /^[^@\s]+@[^@\s]+$/.test(email) ? await auth.findUserByEmail(email) : null;
    if (user && !user.disabledAt) {
      const token = await auth.createLoginToken(user.id, 'login', next);
      const link = `${config.publicUrl}/logga-in/lank?token=${token}`;
      await deps.outbox.enqueueEmail({
        cityId: null,
        to: user.email,
        template: 'auth.magic_link',
        sensitive: true,
        subject: 'Din inloggningslänk till Torget',
        text: ['Hej!', '', 'Klicka på länken för att logga in på Torget. Den gäller i 20 minuter och kan användas en gång:', link, '', 'Bad du inte om länken kan du strunta i det här mejlet.'].join('\n'),
      });
    }
    // The same answer whether or not the address has an account.
    return renderPage(
      c,
      <Page c={c} title={t(c, 'Kolla din e-post', 'Check your e-mail')}>
        <h1>{t(c, 'Kolla din e-post', 'Check your e-mail')}</h1>
        <p class="lead">
          {t(c, `Om ${email} har ett konto hos oss har vi skickat en inloggningslänk dit. Den gäller i 20 minuter.`, `If ${email} has an account, we have sent a login link there. It is valid for 20 minutes.`)}
        </p>
        {deps.outbox.transportKind === 'dev' && config.env !== 'production' ? (
          <Notice kind="info">
            {t(c, 'Utvecklingsläge: e-post skickas inte på riktigt. Öppna ', 'Development mode: e-mail is not really sent. Open ')}
            <a href="/dev/mailbox">{t(c, 'utvecklarbrevlådan', 'the dev mailbox')}</a>.
          </Notice>
        ) : null}
      </Page>,
    );
  });

  // Opening the link only shows a button: scanners that prefetch links must not use it up.
  app.get('/logga-in/lank', async (c) => {
    const token = c.req.query('token') ?? '';
    const info = /^[\w-]{20,100}$/.test(token) ? await auth.peekLoginToken(token) : null;
    c.header('Referrer-Policy', 'no-referrer');
    if (!info) {
      return renderPage(
        c,
        <Page c={c} title={t(c, 'Länken gäller inte', 'Link not valid')}>
          <h1>{t(c, 'Länken gäller inte längre', 'The link is no longer valid')}</h1>
          <p class="lead">{t(c, 'Inloggningslänkar fungerar en gång och en kort tid. Begär en ny.', 'Login links work once and for a short time. Ask for a new one.')}</p>
          <p>
            <a class="button" href={`${c.get('prefix')}/logga-in`}>
              {t(c, 'Till inloggningen', 'Go to login')}
            </a>
          </p>
        </Page>,
        400,
      );
    }
    return renderPage(
      c,
      <Page c={c} title={t(c, 'Logga in', 'Log in')}>
        <h1>{info.purpose === 'invite' ? t(c, 'Välkommen till Torget', 'Welcome to Torget') : t(c, 'Logga in', 'Log in')}</h1>
        <p class="lead">{t(c, `Du loggar in som ${info.email}.`, `You are logging in as ${info.email}.`)}</p>
        <form method="post" action={`${c.get('prefix')}/logga-in/lank/bekrafta`} class="stack">
          <CsrfField c={c} />
          <input type="hidden" name="token" value={token} />
          <div>
            <button type="submit">{t(c, 'Logga in', 'Log in')}</button>
          </div>
        </form>
      </Page>,
    );
  });

  app.post('/logga-in/lank/bekrafta', async (c) => {
    const form = await c.req.parseBody();
    const token = String(form.token ?? '');
    try {
      const used = await auth.consumeLoginToken(token);
      return completeLogin(c, used.userId, used.redirectTo);
    } catch (err) {
      if (err instanceof DomainError) return c.redirect(`${c.get('prefix')}/logga-in/lank?token=invalid`, 303);
      throw err;
    }
  });

  app.get('/logga-in/tvastegs', (c) => renderPage(c, <TwoFactorPage c={c} />));
  app.post('/logga-in/tvastegs', async (c) => {
    const form = await c.req.parseBody();
    const pending = getCookie(c, PENDING_COOKIE) ?? '';
    const info = pending ? await auth.peekLoginToken(pending) : null;
    if (!info) return c.redirect(`${c.get('prefix')}/logga-in`, 303);
    const user = await auth.findUserByEmail(info.email);
    if (!user) return c.redirect(`${c.get('prefix')}/logga-in`, 303);
    try {
      await limit(c, loginRules.twoFactorPerUser, user.id);
    } catch (err) {
      if (err instanceof DomainError) return renderPage(c, <TwoFactorPage c={c} error={err.message} />, 429);
      throw err;
    }
    if (!(await auth.verifyTotp(user.id, String(form.code ?? '')))) return renderPage(c, <TwoFactorPage c={c} error={t(c, 'Koden stämmer inte. Försök med den kod som visas nu.', 'Wrong code. Try the code shown now.')} />, 400);
    const used = await auth.consumeLoginToken(pending);
    return startSession(c, user.id, true, used.redirectTo);
  });

  app.post('/logga-ut', async (c) => {
    const token = c.get('sessionToken');
    if (token) await auth.deleteSession(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect(`${c.get('prefix')}/`, 303);
  });

  // The account page: roles, and two-factor set-up (required for anyone who approves money).
  app.get('/konto', async (c) => {
    const actor = c.get('actor');
    if (actor.kind !== 'user') return c.redirect(`${c.get('prefix')}/logga-in?next=/konto`, 302);
    const user = await auth.getUser(actor.id!);
    return renderPage(c, <AccountPage c={c} email={user!.email} hasTwoFactor={!!user!.totpSecret} sessionTwoFactor={actor.hasTwoFactor} done={c.req.query('klart') ?? null} />);
  });

  app.post('/konto/tvastegs/starta', async (c) => {
    const actor = c.get('actor');
    if (actor.kind !== 'user') return c.redirect(`${c.get('prefix')}/logga-in?next=/konto`, 303);
    const { secret, uri } = await auth.beginTotp(actor.id!);
    const qr = await QRCode.toString(uri, { type: 'svg', margin: 1, width: 200 });
    return renderPage(c, <TotpSetupPage c={c} secret={secret} qrSvg={qr} />);
  });

  app.post('/konto/tvastegs/bekrafta', async (c) => {
    const actor = c.get('actor');
    if (actor.kind !== 'user') return c.redirect(`${c.get('prefix')}/logga-in?next=/konto`, 303);
    const form = await c.req.parseBody();
    try {
      await auth.confirmTotp(actor.id!, String(form.code ?? ''));
    } catch (err) {
      if (err instanceof DomainError) return c.redirect(`${c.get('prefix')}/konto?klart=fel-kod`, 303);
      throw err;
    }
    if ('sessionId' in actor) await auth.markSessionTwoFactor(actor.sessionId as string);
    return c.redirect(`${c.get('prefix')}/konto?klart=tvastegs`, 303);
  });
}

function LoginPage(props: { c: Context<AppEnv>; next: string | null; email?: string; error?: string }) {
  const { c } = props;
  const prefix = c.get('prefix');
  return (
    <Page c={c} title={t(c, 'Logga in', 'Log in')}>
      <h1>{t(c, 'Logga in', 'Log in')}</h1>
      <p class="lead">{t(c, 'För föreningens personal och medlemsföretagen.', 'For the association’s staff and its member businesses.')}</p>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <div class="two-col">
        <section class="card" aria-labelledby="link-heading">
          <h2 id="link-heading">{t(c, 'Få en inloggningslänk', 'Get a login link')}</h2>
          <p>{t(c, 'Vi mejlar en länk som loggar in dig. Inget lösenord behövs.', 'We e-mail you a link that logs you in. No password needed.')}</p>
          <form method="post" action={`${prefix}/logga-in/lank`} class="stack">
            <CsrfField c={c} />
            {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
            <div>
              <label for="link-email">{t(c, 'E-postadress', 'E-mail address')}</label>
              <input id="link-email" name="email" type="email" autocomplete="email" required value={props.email ?? ''} />
            </div>
            <div>
              <button type="submit">{t(c, 'Skicka länk', 'Send link')}</button>
            </div>
          </form>
        </section>
        <section class="card" aria-labelledby="password-heading">
          <h2 id="password-heading">{t(c, 'Logga in med lösenord', 'Log in with a password')}</h2>
          <form method="post" action={`${prefix}/logga-in`} class="stack">
            <CsrfField c={c} />
            {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
            <div>
              <label for="email">{t(c, 'E-postadress', 'E-mail address')}</label>
              <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
            </div>
            <div>
              <label for="password">{t(c, 'Lösenord', 'Password')}</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required />
            </div>
            <div>
              <button type="submit" class="secondary">
                {t(c, 'Logga in', 'Log in')}
              </button>
            </div>
          </form>
        </section>
      </div>
    </Page>
  );
}

function TwoFactorPage(props: { c: Context<AppEnv>; error?: string }) {
  const { c } = props;
  return (
    <Page c={c} title={t(c, 'Tvåstegsverifiering', 'Two-factor authentication')}>
      <h1>{t(c, 'Tvåstegsverifiering', 'Two-factor authentication')}</h1>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <form method="post" action={`${c.get('prefix')}/logga-in/tvastegs`} class="stack">
        <CsrfField c={c} />
        <div>
          <label for="code">
            {t(c, 'Kod från din autentiseringsapp', 'Code from your authenticator app')}
            <span class="hint">{t(c, 'Sex siffror', 'Six digits')}</span>
          </label>
          <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required />
        </div>
        <div>
          <button type="submit">{t(c, 'Fortsätt', 'Continue')}</button>
        </div>
      </form>
    </Page>
  );
}

function AccountPage(props: { c: Context<AppEnv>; email: string; hasTwoFactor: boolean; sessionTwoFactor: boolean; done: string | null }) {
  const { c } = props;
  return (
    <Page c={c} title={t(c, 'Mitt konto', 'My account')}>
      <h1>{t(c, 'Mitt konto', 'My account')}</h1>
      {props.done === 'tvastegs' ? <Notice kind="success">{t(c, 'Tvåstegsverifiering är påslagen.', 'Two-factor authentication is on.')}</Notice> : null}
      {props.done === 'fel-kod' ? <Notice kind="error">{t(c, 'Koden stämde inte. Försök igen.', 'The code did not match. Try again.')}</Notice> : null}
      <p>{t(c, `Inloggad som ${props.email}.`, `Logged in as ${props.email}.`)}</p>
      <h2>{t(c, 'Tvåstegsverifiering', 'Two-factor authentication')}</h2>
      <p>
        {props.hasTwoFactor
          ? t(c, 'Påslagen. Du anger en kod från din app när du loggar in.', 'On. You enter a code from your app when you log in.')
          : t(c, 'Avstängd. Den krävs för den som godkänner utbetalningar.', 'Off. It is required for anyone who approves payouts.')}
      </p>
      {!props.hasTwoFactor ? (
        <form method="post" action={`${c.get('prefix')}/konto/tvastegs/starta`}>
          <CsrfField c={c} />
          <button type="submit">{t(c, 'Slå på tvåstegsverifiering', 'Turn on two-factor authentication')}</button>
        </form>
      ) : null}
    </Page>
  );
}

function TotpSetupPage(props: { c: Context<AppEnv>; secret: string; qrSvg: string }) {
  const { c } = props;
  const qrDataUri = `data:image/svg+xml;base64,${Buffer.from(props.qrSvg).toString('base64')}`;
  return (
    <Page c={c} title={t(c, 'Slå på tvåstegsverifiering', 'Turn on two-factor authentication')}>
      <h1>{t(c, 'Slå på tvåstegsverifiering', 'Turn on two-factor authentication')}</h1>
      <ol>
        <li>{t(c, 'Öppna en autentiseringsapp (till exempel Microsoft Authenticator eller Google Authenticator).', 'Open an authenticator app (such as Microsoft Authenticator or Google Authenticator).')}</li>
        <li>{t(c, 'Skanna QR-koden, eller skriv in nyckeln.', 'Scan the QR code, or type in the key.')}</li>
        <li>{t(c, 'Skriv koden som appen visar.', 'Enter the code the app shows.')}</li>
      </ol>
      <img src={qrDataUri} width={200} height={200} alt={t(c, 'QR-kod för autentiseringsappen', 'QR code for the authenticator app')} />
      <p>
        {t(c, 'Nyckel: ', 'Key: ')}
        <code>{props.secret}</code>
      </p>
      <form method="post" action={`${c.get('prefix')}/konto/tvastegs/bekrafta`} class="stack">
        <CsrfField c={c} />
        <div>
          <label for="code">{t(c, 'Kod från appen', 'Code from the app')}</label>
          <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required />
        </div>
        <div>
          <button type="submit">{t(c, 'Bekräfta', 'Confirm')}</button>
        </div>
      </form>
    </Page>
  );
}
