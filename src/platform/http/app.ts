/**
 * The HTTP application: one Hono app with the platform's middleware (request ids,
 * logs, security headers, locale, authentication, CSRF, body limits) and the error
 * mapping to problem+json. Modules mount their pages and /api/v1 routes on it.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AuthService } from '../auth/service.js';
import { anonymousActor } from '../auth/roles.js';
import { randomToken, safeEqual } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { DomainError, type ProblemRegistry } from '../errors.js';
import type { Logger } from '../logger.js';
import { clientIp } from './client-ip.js';
import { takeOverEventStreams } from './sse.js';
import { fieldErrorsFromZod, problemResponse } from './problem.js';
import type { AppEnv } from './types.js';

export const SESSION_COOKIE = 'torget_session';
export const CSRF_COOKIE = 'torget_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface HttpDeps {
  config: Config;
  log: Logger;
  auth: AuthService;
  problems: ProblemRegistry;
  /** Renders a page-level error (HTML) for non-API routes. */
  renderErrorPage?: (c: Context<AppEnv>, status: number, title: string, detail: string) => Response | Promise<Response>;
  /** Paths that take larger bodies than the default (image uploads); the first match wins. */
  bodyLimits?: Array<{ path: RegExp; bytes: number }>;
}

/** Every body but uploads: forms and JSON are a few kB. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;
/** CSV imports and bulk recipient lists. */
export const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;

export type TorgetApp = OpenAPIHono<AppEnv>;

const isApiPath = (path: string) => path.startsWith('/api/');
const unsafeMethod = (m: string) => !['GET', 'HEAD', 'OPTIONS'].includes(m);

export function createHttpApp(deps: HttpDeps): TorgetApp {
  const { config, log, auth, problems } = deps;

  const app = new OpenAPIHono<AppEnv>({
    // A zod validation failure becomes 400 problem+json with errors[].
    defaultHook: (result, c) => {
      if (!result.success) {
        const target = (result as { target?: string }).target;
        const prefix = target === 'json' ? '' : `/${target ?? 'input'}`;
        return problemResponse(c, problems, new DomainError('validation', 'Uppgifterna innehåller fel.', { errors: fieldErrorsFromZod(result.error.issues, prefix) }));
      }
      return undefined;
    },
  });

  // Request id and one log line per request. The path is logged without its query
  // string: links carry tokens there.
  app.use('*', async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('log', log.child({ requestId }));
    c.set('clientIp', clientIp(c, config.trustedProxyHops));
    const started = performance.now();
    await next();
    // On the response's own headers, as secureHeaders does: c.header() after the handler
    // would copy the whole response.
    c.res.headers.set('X-Request-Id', requestId);
    const ms = Math.round((performance.now() - started) * 10) / 10;
    log.info({ requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'request');
  });

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: config.secureCookies ? 'max-age=31536000; includeSubDomains' : false,
      referrerPolicy: 'strict-origin-when-cross-origin',
      crossOriginEmbedderPolicy: false,
      // The merchant's till scans QR codes with the phone camera, on our own origin only.
      permissionsPolicy: { camera: ['self'], microphone: [], geolocation: ['self'] },
    }),
  );

  // Locale: /en/… pages are rewritten by the outer fetch and marked with this header.
  app.use('*', async (c, next) => {
    const english = c.req.header('x-torget-locale') === 'en';
    c.set('locale', english ? 'en' : 'sv');
    c.set('prefix', english ? '/en' : '');
    await next();
  });

  // Authentication: a Bearer API key, or the browser session cookie.
  app.use('*', async (c, next) => {
    c.set('actor', anonymousActor);
    c.set('sessionToken', null);
    const authorization = c.req.header('authorization');
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match ? await auth.actorForApiKey(match[1]!) : null;
      if (!actor) return problemResponse(c, problems, new DomainError('unauthorized', 'API-nyckeln är ogiltig eller återkallad.'));
      c.set('actor', actor);
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const actor = await auth.actorForSession(token);
      if (actor) {
        c.set('actor', actor);
        c.set('sessionToken', token);
      }
    }
    return next();
  });

  // Bodies are small everywhere but uploads; refusing early protects memory. After the
  // locale and the session (neither reads the body), so a page's form gets a page back.
  app.use('*', async (c, next) => {
    // Uploads (member and card imports, bulk recipient lists, images) get room; everything else is small.
    const limit = deps.bodyLimits?.find((l) => l.path.test(c.req.path))?.bytes ?? (/\/(import|mangd)(\/|$)/.test(c.req.path) ? IMPORT_BODY_LIMIT : DEFAULT_BODY_LIMIT);
    // A page's form gets a page back, in plain Swedish; the API gets problem+json.
    const tooLarge = (c: Context<AppEnv>) => {
      const size = limit >= 1024 * 1024 ? `${Math.round(limit / (1024 * 1024))} MB` : `${Math.round(limit / 1024)} kB`;
      if (isApiPath(c.req.path) || !deps.renderErrorPage) return problemResponse(c, problems, new DomainError('payload_too_large', `Högst ${size}.`));
      c.set('csrfToken', getCookie(c, CSRF_COOKIE) ?? '');
      return deps.renderErrorPage(c, 413, c.get('locale') === 'en' ? 'Too large' : 'För stort', c.get('locale') === 'en' ? `What you sent is larger than this form takes (at most ${size}). Choose a smaller file and try again.` : `Det du skickade är större än formuläret tar emot (högst ${size}). Välj en mindre fil och försök igen.`);
    };
    // Decided from the headers alone where they tell (no body on GET and HEAD; a
    // Content-Length without chunking): Hono's bodyLimit would build the web Request first.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d+$/.test(length) && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > limit ? tooLarge(c) : next();
    }
    return bodyLimit({ maxSize: limit, onError: tooLarge })(c, next);
  });

  // A JSON body sent to the API is read straight from Node's request and handed to Hono
  // as text: building the web Request around Node's stream (only to read a few hundred
  // bytes from it) costs more than the rest of a till's redemption. Only for requests the
  // outer fetch passed through untouched, with a Content-Length the limit above allowed.
  app.use('/api/*', async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming && untouched.has(c.req.raw) && unsafeMethod(c.req.method) && Number(c.req.header('content-length')) > 0 && /^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      const text = readText(incoming);
      text.catch(() => {}); // a request refused before its body is read must not leave a rejection unhandled
      (c.req.bodyCache as { text?: Promise<string> }).text = text;
    }
    await next();
  });

  // CSRF: every state-changing request made with cookies must carry the token that
  // only our own pages know (double-submit against an HttpOnly cookie). API-key
  // requests carry no cookies and are exempt.
  app.use('*', async (c, next) => {
    // A till or integration with an API key has no cookies and renders no forms.
    if (c.get('actor').kind === 'apikey' && isApiPath(c.req.path)) {
      c.set('csrfToken', '');
      return next();
    }
    let token = getCookie(c, CSRF_COOKIE);
    if (!token || !/^[\w-]{20,64}$/.test(token)) {
      token = randomToken(24);
      setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: config.secureCookies, path: '/' });
    }
    c.set('csrfToken', token);
    if (unsafeMethod(c.req.method) && c.get('actor').kind !== 'apikey') {
      const isForm = /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(c.req.header('content-type') ?? '');
      // Public JSON endpoints without a session (none change state yet) still need no token.
      const needsCheck = isForm || !isApiPath(c.req.path) || c.get('sessionToken') !== null;
      if (needsCheck) {
        let sent = c.req.header(CSRF_HEADER);
        if (!sent && isForm) {
          const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
          const field = body[CSRF_FIELD];
          sent = typeof field === 'string' ? field : undefined;
        }
        if (!sent || !safeEqual(sent, getCookie(c, CSRF_COOKIE) ?? '')) {
          const err = new DomainError('csrf', 'Formuläret saknar giltig säkerhetstoken. Ladda om sidan och försök igen.');
          if (isApiPath(c.req.path) || !deps.renderErrorPage) return problemResponse(c, problems, err);
          return deps.renderErrorPage(c, 403, 'Formuläret har gått ut', 'Ladda om sidan och försök igen.');
        }
      }
    }
    return next();
  });

  app.onError((err, c) => {
    let domain: DomainError;
    if (err instanceof DomainError) domain = err;
    else if (err instanceof HTTPException) {
      const status = err.status;
      domain =
        status === 400
          ? new DomainError('bad_request', /json/i.test(err.message) ? 'Kroppen är inte giltig JSON.' : 'Felaktig begäran.')
          : status === 401
            ? new DomainError('unauthorized')
            : status === 403
              ? new DomainError('forbidden')
              : status === 404
                ? new DomainError('not_found', 'Hittades inte.')
                : status === 413
                  ? new DomainError('payload_too_large', 'För stor begäran.')
                  : status === 415
                    ? new DomainError('unsupported_media_type', 'Skicka JSON med Content-Type: application/json.')
                    : new DomainError('internal', 'Ett oväntat fel inträffade.');
    } else if (isDatabaseUnavailable(err)) {
      c.get('log')?.error({ err: describe(err) }, 'database unavailable');
      domain = new DomainError('unavailable', 'Databasen svarar inte just nu. Försök igen om en stund.', { retryAfterSeconds: 5 });
    } else {
      (c.get('log') ?? log).error({ err: describe(err) }, 'unhandled error');
      domain = new DomainError('internal', 'Ett oväntat fel inträffade. Inget ändrades.');
    }
    if (isApiPath(c.req.path) || !deps.renderErrorPage || (c.req.header('accept') ?? '').includes('json')) return problemResponse(c, problems, domain);
    const def = problems.get(domain.code)!;
    return deps.renderErrorPage(c, def.status, c.get('locale') === 'en' ? def.titleEn : def.title, domain.message);
  });

  app.notFound((c) => {
    const err = new DomainError('not_found', 'Det finns inget på den här adressen.');
    if (isApiPath(c.req.path) || !deps.renderErrorPage) return problemResponse(c, problems, err);
    return deps.renderErrorPage(c, 404, c.get('locale') === 'en' ? 'Page not found' : 'Sidan finns inte', err.message);
  });

  return app;
}

/** Requests the outer fetch hands to the app as the server made them (not rewritten). */
const untouched = new WeakSet<Request>();

function readText(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
    incoming.on('aborted', () => reject(new Error('request aborted')));
  });
}

function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}

function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const code = (e as { code?: string }).code;
    const message = (e as { message?: string }).message ?? '';
    // Lost, refused or silent connections; 57014: the statement timeout cancelled a
    // statement (a database too slow to answer in time); 25P03: a session ended idle in
    // a transaction. Nothing is half-written; whether a commit that was under way when
    // the answer was lost went through, a retry with the same Idempotency-Key tells.
    if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '57014', '25P03', '08006', '08001', '08003'].includes(code)) return true;
    if (/timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|not queryable|Query read timeout/i.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The outer fetch: /en/… is served by the same routes in English. Everything else
 * passes straight through.
 */
export function withLocalePrefix(app: TorgetApp) {
  const route = (request: Request, env?: unknown): Response | Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/en' || url.pathname.startsWith('/en/')) {
      url.pathname = url.pathname.slice(3) || '/';
      const rewritten = new Request(url, request);
      rewritten.headers.set('x-torget-locale', 'en');
      return app.fetch(rewritten, env);
    }
    if (request.headers.has('x-torget-locale')) {
      const cleaned = new Request(request);
      cleaned.headers.delete('x-torget-locale');
      return app.fetch(cleaned, env);
    }
    untouched.add(request);
    return app.fetch(request, env);
  };
  // Under @hono/node-server, event streams (sse.ts) are written to Node's response here.
  const fetch = (request: Request, env?: unknown): Response | Promise<Response> => takeOverEventStreams(route(request, env), env);
  /** Like Hono's app.request(): for tests, no server needed. */
  const request = (path: string, init?: RequestInit): Promise<Response> => Promise.resolve(fetch(new Request(new URL(path, 'http://localhost'), init)));
  return { fetch, request };
}
