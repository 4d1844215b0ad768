/** @jsxImportSource hono/jsx */
/**
 * The page shell every server-rendered page uses: skip link, header with the city's
 * name and navigation, language switch, main content, footer with the privacy and
 * accessibility statements. Phone-first; no inline scripts or styles (strict CSP).
 */
import type { Child } from 'hono/jsx';
import type { Context } from 'hono';
import type { Locale } from '../../i18n/locale.js';
import { CSRF_FIELD } from '../app.js';
import type { AppEnv } from '../types.js';

/**
 * Filters without reload (public/live-filter.js): swaps the page's `data-live-region`
 * parts in place when its `data-live-filter` form changes. The page works without it.
 */
export const LIVE_FILTER_SCRIPT = '/static/live-filter.js';

export interface NavLink {
  href: string;
  label: string;
}

export interface LayoutCity {
  slug: string;
  name: string;
}

export interface PageProps {
  c: Context<AppEnv>;
  title: string;
  description?: string;
  city?: LayoutCity | null;
  nav?: NavLink[];
  /** Extra elements in <head>, such as JSON-LD or a canonical link. */
  head?: Child;
  /** The picture a shared link shows (Open Graph): an absolute URL, ideally a JPEG. */
  image?: { url: string; width: number; height: number; type: string; alt: string };
  /** Island scripts, served from /static. */
  scripts?: string[];
  /** 'public' for residents, 'admin'/'merchant' for the work areas. */
  area?: 'public' | 'admin' | 'merchant';
  children?: Child;
}

const t = (locale: Locale, sv: string, en: string) => (locale === 'en' ? en : sv);

/** The same path in the other language. */
function alternatePath(c: Context<AppEnv>): string {
  const path = c.req.path;
  const query = new URL(c.req.url).search;
  return (c.get('locale') === 'en' ? path : `/en${path === '/' ? '' : path}`) + query || '/';
}

export function Page(props: PageProps) {
  const { c, title, city, area = 'public' } = props;
  const locale = c.get('locale');
  const prefix = c.get('prefix');
  const actor = c.get('actor');
  const home = city ? `${prefix}/${city.slug}` : `${prefix}/`;
  const fullTitle = city ? `${title} – ${city.name}` : `${title} – Torget`;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        {/* Open Graph: how a shared link looks in chats and social media. */}
        <meta property="og:type" content="website" />
        <meta property="og:title" content={fullTitle} />
        {props.description ? <meta property="og:description" content={props.description} /> : null}
        <meta property="og:url" content={new URL(c.req.url).origin + prefix + c.req.path} />
        <meta property="og:site_name" content={city ? city.name : 'Torget'} />
        <meta property="og:locale" content={locale === 'en' ? 'en_GB' : 'sv_SE'} />
        {props.image ? (
          <>
            <meta property="og:image" content={props.image.url} />
            <meta property="og:image:type" content={props.image.type} />
            <meta property="og:image:width" content={String(props.image.width)} />
            <meta property="og:image:height" content={String(props.image.height)} />
            <meta property="og:image:alt" content={props.image.alt} />
          </>
        ) : null}
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/torget.css" />
        {city ? <link rel="stylesheet" href={`/static/theme/${city.slug}.css`} /> : null}
        {/* Absolute, as search engines require for hreflang. */}
        <link rel="alternate" hreflang={locale === 'en' ? 'sv' : 'en'} href={new URL(c.req.url).origin + alternatePath(c)} />
        {props.head}
      </head>
      <body class={`area-${area}`}>
        <a class="skip-link" href="#main">
          {t(locale, 'Hoppa till innehållet', 'Skip to content')}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href={home}>
              {city ? city.name : 'Torget'}
              {area !== 'public' ? <span class="brand-area">{area === 'admin' ? t(locale, 'Föreningen', 'Association') : t(locale, 'Butiken', 'My business')}</span> : null}
            </a>
            <nav aria-label={t(locale, 'Språk och konto', 'Language and account')} class="header-tools">
              <a href={alternatePath(c)} lang={locale === 'en' ? 'sv' : 'en'} hreflang={locale === 'en' ? 'sv' : 'en'}>
                {locale === 'en' ? 'Svenska' : 'English'}
              </a>
              {actor.kind === 'user' ? (
                <form method="post" action={`${prefix}/logga-ut`} class="inline-form">
                  <input type="hidden" name={CSRF_FIELD} value={c.get('csrfToken')} />
                  <button type="submit" class="link-button">
                    {t(locale, 'Logga ut', 'Log out')}
                  </button>
                </form>
              ) : (
                <a href={`${prefix}/logga-in${city ? `?stad=${city.slug}` : ''}`}>{t(locale, 'Logga in', 'Log in')}</a>
              )}
            </nav>
          </div>
          {props.nav && props.nav.length > 0 ? (
            <nav aria-label={t(locale, 'Huvudmeny', 'Main menu')} class="main-nav">
              <ul class="wrap">
                {props.nav.map((l) => (
                  <li>
                    <a href={l.href} aria-current={c.req.path === l.href.replace(/^\/en/, '') || c.req.path === l.href ? 'page' : undefined}>
                      {l.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <a href={`${prefix}/integritet`}>{t(locale, 'Integritet och personuppgifter', 'Privacy')}</a>
            <a href={`${prefix}/tillganglighet`}>{t(locale, 'Tillgänglighetsredogörelse', 'Accessibility statement')}</a>
            <span>Torget</span>
          </div>
        </footer>
        {(props.scripts ?? []).map((s) => (
          <script type="module" src={s}></script>
        ))}
      </body>
    </html>
  );
}

/** The hidden CSRF field every POST form carries. */
export function CsrfField(props: { c: Context<AppEnv> }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.c.get('csrfToken')} />;
}

/** A plain message box; role=status for notices, role=alert for errors. */
export function Notice(props: { kind: 'info' | 'success' | 'error'; children?: Child }) {
  return (
    <div class={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

export async function renderPage(c: Context<AppEnv>, page: ReturnType<typeof Page>, status = 200): Promise<Response> {
  c.header('Cache-Control', c.get('actor').kind === 'anonymous' ? 'no-cache' : 'private, no-store');
  return c.html('<!doctype html>' + (await page).toString(), status as 200);
}
