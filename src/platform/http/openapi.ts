/**
 * OpenAPI 3.1 generated from the routes' zod schemas, at /api/openapi.json, and a
 * readable page at /api/docs (Swagger UI served from our own origin).
 */
import { z } from '@hono/zod-openapi';
import type { ProblemRegistry } from '../errors.js';
import type { TorgetApp } from './app.js';

/** The problem+json body, for documenting error responses. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/problems/validation' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: 'validation' }),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

/** Standard error responses to spread into a route's `responses`. */
export const errorResponses = {
  400: problem('Invalid input (`validation`, `bad_request`)'),
  401: problem('Missing or invalid credentials'),
  403: problem('The role or city does not allow this'),
  404: problem('Not found, or belongs to another city'),
  429: problem('Too many requests'),
} as const;

export const publicErrorResponses = { 400: errorResponses[400], 404: errorResponses[404] } as const;

export function mountOpenApi(app: TorgetApp, deps: { problems: ProblemRegistry }): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'An API key created by an association admin (`torget apikey create`).' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Torget API',
      version: '1',
      description:
        'The JSON API of Torget. Tenant routes live under `/api/v1/cities/{city}/…`. Machines authenticate with `Authorization: Bearer <api key>`. Every error is `application/problem+json` (RFC 9457) with a stable `code`; each `type` URI explains itself.',
    },
    servers: [{ url: '/' }],
  });
  app.get('/api/docs', (c) => {
    // Swagger UI sets inline styles; this page alone allows them.
    c.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'");
    return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Torget API</title><link rel="stylesheet" href="/static/swagger/swagger-ui.css"></head><body><div id="swagger-ui"></div><script src="/static/swagger/swagger-ui-bundle.js"></script><script src="/static/api-docs.js"></script></body></html>`);
  });
  app.get('/problems', (c) => c.json(deps.problems.all().map(([code, d]) => ({ code, type: `/problems/${code}`, status: d.status, title: d.title, titleEn: d.titleEn }))));
  app.get('/problems/:code', (c) => {
    const code = c.req.param('code');
    const def = deps.problems.get(code);
    if (!def) return c.notFound();
    if ((c.req.header('accept') ?? '').includes('json')) return c.json({ code, type: `/problems/${code}`, status: def.status, title: def.title, titleEn: def.titleEn, description: def.description });
    const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
    return c.html(
      `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(def.title)} – Torget</title><link rel="stylesheet" href="/static/torget.css"></head><body><main id="main" class="wrap"><p class="muted">Felkod <code>${esc(code)}</code> · HTTP ${def.status}</p><h1>${esc(def.title)}</h1><p lang="en"><strong>${esc(def.titleEn)}.</strong> ${esc(def.description)}</p><p><a href="/problems">Alla felkoder</a> · <a href="/api/docs">API-dokumentation</a></p></main></body></html>`,
    );
  });
}
