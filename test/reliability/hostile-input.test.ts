/**
 * Hostile input. Property-based fuzzing generated from /api/openapi.json: for every
 * operation, bodies built from its schema (valid, at the boundaries, mutated, or plain
 * garbage), hostile path, query and header values, and a rotation of callers. The
 * server must never answer 5xx, never hang, and answer every 4xx with problem+json.
 * Then: oversized bodies are refused early (413), hostile CSV and image uploads are refused
 * cleanly, and SQL/HTML injection strings are stored verbatim and shown inert.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../harness.js';
import { readAnswer } from '../read-answer.js';
import { apiKeyFor, buildBusinessInput, buildOrgNumber, insertBusiness, insertCity, insertUser, sessionHeaders, uniqueSuffix } from '../factories/index.js';
import { record } from './support.js';
import { count, eq } from 'drizzle-orm';
import { media } from '../../src/platform/media/schema.js';
import { animatedGif, animatedWebp, phonePhoto, pngBomb, svgWithScript, textAsJpeg, truncatedJpeg } from '../fixtures/images.js';

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  op: { parameters?: Array<{ in: string; name: string; schema?: Schema }>; requestBody?: { content: Record<string, { schema: Schema }> } };
}

const long = process.env.RELIABILITY_LONG === '1';
const RUNS_PER_OPERATION = long ? 400 : 25;
const ANSWER_WITHIN_MS = 10_000;

/** Strings that have broken systems before. */
export const hostileStrings = [
  "' OR '1'='1",
  "'; DROP TABLE businesses; --",
  '"; DELETE FROM ledger_entries; --',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '%00%0d%0a',
  'a\u0000b',
  '\ud800',
  '\u202eRTL',
  '😀'.repeat(200),
  'å'.repeat(5_000),
  'x'.repeat(70_000),
  '',
  ' ',
  'null',
  'NaN',
  '-1',
  '1e309',
  '=HYPERLINK("http://evil.test")',
];

const boundaryNumbers = [0, -0, -1, 1, 0.5, 2 ** 31, -(2 ** 31), 2 ** 53, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 1e308, 1e-308];

/** Visible ASCII only: what a header can carry at all. */
const headerSafe = (s: string) => s.replace(/[^\x21-\x7e ]/g, '').slice(0, 8_000);

function resolve(schema: Schema, doc: Schema): Schema {
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  const name = ref.split('/').pop()!;
  return ((doc.components as Schema).schemas as Record<string, Schema>)[name]!;
}

/** An arbitrary of values that fit `schema` (roughly), with its boundaries. */
function fromSchema(input: Schema, doc: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input, doc);
  if (depth > 4) return fc.constant(null);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return fc.oneof(...union.map((s) => fromSchema(s, doc, depth + 1)));
  if (Array.isArray(schema.allOf)) return fromSchema((schema.allOf as Schema[])[0]!, doc, depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type as string[])[0] : (schema.type as string | undefined);
  switch (type) {
    case 'string': {
      const max = typeof schema.maxLength === 'number' ? schema.maxLength : 200;
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const fitting = fc.string({ minLength: min, maxLength: Math.min(max, 60) });
      const edges = fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1), 'x'.repeat(Math.max(0, min - 1)));
      const formats = schema.format === 'uuid' ? fc.uuid() : schema.format === 'email' ? fc.emailAddress() : schema.format === 'date' ? fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) : fitting;
      return fc.oneof({ arbitrary: formats, weight: 3 }, { arbitrary: fitting, weight: 2 }, { arbitrary: edges, weight: 1 }, { arbitrary: fc.constantFrom(...hostileStrings), weight: 2 });
    }
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1e9;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1e9;
      const fitting = type === 'integer' ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }) : fc.double({ min, max, noNaN: true });
      return fc.oneof({ arbitrary: fitting, weight: 3 }, { arbitrary: fc.constantFrom(min, max, min - 1, max + 1, ...boundaryNumbers), weight: 1 });
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fromSchema((schema.items as Schema) ?? {}, doc, depth + 1), { maxLength: 8 });
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      return fc.record(Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, fromSchema(s, doc, depth + 1)])), { requiredKeys: required.filter((k) => k in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Valid-looking bodies, then the same bent out of shape, then garbage. */
function bodies(schema: Schema | undefined, doc: Schema, examples: unknown[]): fc.Arbitrary<string | undefined> {
  const generated = schema ? fromSchema(schema, doc) : fc.jsonValue({ maxDepth: 2 });
  // Known-good bodies (so requests reach the services), and bent versions of them.
  const shaped = examples.length ? fc.oneof({ arbitrary: fc.constantFrom(...examples), weight: 2 }, { arbitrary: generated, weight: 2 }) : generated;
  const bent = shaped.chain((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return fc.constant(v);
    const keys = Object.keys(v);
    return fc.oneof(
      // a field missing
      fc.constantFrom(...(keys.length ? keys : ['x'])).map((k) => Object.fromEntries(Object.entries(v).filter(([key]) => key !== k))),
      // a field of the wrong type
      fc.tuple(fc.constantFrom(...(keys.length ? keys : ['x'])), fc.jsonValue({ maxDepth: 2 })).map(([k, wrong]) => ({ ...v, [k]: wrong })),
      // an unknown field
      fc.tuple(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })).map(([k, extra]) => ({ ...v, [k || 'extra']: extra })),
      // prototype pollution attempts
      fc.constant(JSON.parse(`{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}${keys.length ? ', ' + JSON.stringify(v).slice(1) : '}'}`) as unknown),
    );
  });
  const garbage = fc.constantFrom('', '{', '{"a":', 'null', '[]', '"text"', '1', '[' .repeat(5_000) + ']'.repeat(5_000), '{"a":1,"a":2}', '\u0000', 'ÿþ{', '<xml/>');
  return fc.oneof(
    { arbitrary: shaped.map((v) => JSON.stringify(v)), weight: 4 },
    { arbitrary: bent.map((v) => JSON.stringify(v)), weight: 3 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 1 },
    { arbitrary: garbage, weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

describeEachDatabase('hostile input', (ctx) => {
  it('never answers 5xx, never hangs, and answers every 4xx with problem+json, for fuzzed requests to every API operation', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    await services.giftcards.products.ensureDefaults(city.id);
    const shop = await insertBusiness(services, city, { category: 'mode' });
    const admin = await insertUser(services, 'association-admin', city);
    const merchantKey = { authorization: `Bearer ${await apiKeyFor(services, city, 'merchant-owner', shop.id)}` };
    const adminKey = { authorization: `Bearer ${await apiKeyFor(services, city, 'association-admin')}` };
    const cards = await services.giftcards.issuePromotional(admin.actor, city.id, { amountOre: 500_000, count: 5 });
    /** Bodies the operation accepts, so fuzzing starts from requests that reach the services. */
    const validBodies = (path: string, method: string): unknown[] => {
      const code = () => cards[Math.floor(Math.random() * cards.length)]!.code;
      if (path.endsWith('/lookup') || path.endsWith('/balance')) return cards.map((c) => ({ code: c.code }));
      if (path.endsWith('/redemptions') && method === 'post') return [{ code: code(), amountOre: 100 }, { code: code(), amountOre: 1 }, { code: code(), amountOre: 500_000 }];
      if (path.endsWith('/businesses') && method === 'post') return [buildBusinessInput(), buildBusinessInput({ name: hostileStrings[3]! })];
      if (method === 'patch') return [{ description: 'Ny beskrivning' }, { phone: '070-123 45 67' }];
      if (path.endsWith('/reversal')) return [{}];
      return [];
    };
    const callers: Array<Record<string, string>> = [
      merchantKey,
      merchantKey,
      adminKey,
      adminKey,
      await sessionHeaders(services, admin.userId),
      {},
      { authorization: 'Bearer tg_not_a_key' },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
    ];

    const doc = (await (await app.request('/api/openapi.json')).json()) as Schema;
    const operations: Operation[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation['op']>>)) {
      for (const [method, op] of Object.entries(item)) if (['get', 'post', 'patch', 'put', 'delete'].includes(method)) operations.push({ method, path, op });
    }
    expect(operations.length).toBeGreaterThanOrEqual(10);

    /** Path segments, already percent-encoded (some deliberately malformed). */
    const encode = (v: string) => encodeURIComponent(Buffer.from(v, 'utf8').toString('utf8'));
    const pathValue = (name: string) =>
      fc.oneof(
        { arbitrary: fc.constant(name === 'city' ? city.slug : name === 'slug' ? shop.slug : name === 'method' ? 'swish' : '00000000-0000-4000-8000-000000000000'), weight: 12 },
        { arbitrary: fc.constantFrom(...hostileStrings.slice(0, 12), 'card', 'demo').map(encode), weight: 1 },
        { arbitrary: fc.constantFrom('%', '%ff', '%E0%A4%A', '..%2f..%2f', '%00', '%ED%A0%80'), weight: 1 },
        { arbitrary: fc.string({ maxLength: 40 }).map(encode), weight: 1 },
      );
    const statuses = new Map<number, number>();
    let requests = 0;
    const failures: string[] = [];

    for (const operation of operations) {
      const params = operation.op.parameters ?? [];
      const content = operation.op.requestBody?.content ?? {};
      const bodySchema = content['application/json']?.schema;
      const isCsv = 'text/csv' in content;
      const examples = validBodies(operation.path, operation.method);
      const request = fc.record({
        path: fc.tuple(...params.filter((p) => p.in === 'path').map((p) => pathValue(p.name).map((v) => [p.name, v] as const))),
        query: fc.array(fc.tuple(fc.constantFrom(...params.filter((p) => p.in === 'query').map((p) => p.name), 'x', 'limit'), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...hostileStrings.slice(0, 14)), fc.integer().map(String))), { maxLength: 4 }),
        caller: fc.nat(callers.length - 1),
        idempotencyKey: fc.oneof(fc.uuid(), fc.constantFrom('', ' ', 'x'.repeat(256), 'ä-nyckel', '../x'), fc.string({ maxLength: 40 }), fc.constant(undefined)),
        contentType: fc.constantFrom(isCsv ? 'text/csv' : 'application/json', 'application/json', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined),
        body: isCsv ? fc.oneof(fc.string({ maxLength: 400 }), fc.constantFrom('namn;kategori\n' + hostileStrings.join(';mode\n'), `namn;kategori;organisationsnummer\nFuzz AB;mode;${buildOrgNumber()}\n`)) : bodies(bodySchema, doc, examples),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let url = operation.path;
          for (const [name, value] of r.path) url = url.replace(`{${name}}`, value);
          if (r.query.length) url += '?' + new URLSearchParams(r.query.map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('utf8')])).toString();
          const headers: Record<string, string> = { ...callers[r.caller]!, 'x-forwarded-for': `203.0.113.${(requests % 250) + 1}` };
          if (r.idempotencyKey !== undefined) headers['idempotency-key'] = headerSafe(r.idempotencyKey);
          if (r.contentType) headers['content-type'] = r.contentType;
          const sendsBody = operation.method !== 'get' && r.body !== undefined;
          requests++;
          const res = await Promise.race([
            app.request(url, { method: operation.method.toUpperCase(), headers, ...(sendsBody ? { body: r.body } : {}) }),
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS)),
          ]);
          const text = await readAnswer(res);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const where = `${operation.method.toUpperCase()} ${url} [${res.status}] body=${String(r.body).slice(0, 120)} → ${text.slice(0, 300)}`;
          if (res.status >= 500) failures.push(where);
          expect(res.status, where).toBeLessThan(500);
          if (res.status >= 400) expect(res.headers.get('content-type'), where).toMatch(/^application\/problem\+json/);
        }),
        { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
    record(`fuzz-${ctx().kind}`, { operations: operations.length, requests, runsPerOperation: RUNS_PER_OPERATION, statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)), status5xx: failures.length });
  }, 600_000);

  it('refuses oversized bodies with 413 before reading them, and hostile CSV uploads cleanly', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    await services.giftcards.products.ensureDefaults(city.id);
    const adminKey = await apiKeyFor(services, city, 'association-admin');
    const admin = await insertUser(services, 'association-admin', city);
    const session = await sessionHeaders(services, admin.userId);
    const json = { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` };

    const oversized = [
      { url: `/api/v1/cities/${city.slug}/businesses`, headers: json, body: JSON.stringify({ name: 'x'.repeat(300 * 1024) }) },
      { url: `/api/v1/cities/${city.slug}/giftcards/balance`, headers: { 'content-type': 'application/json' }, body: '{"code":"' + 'A'.repeat(300 * 1024) + '"}' },
      { url: `/api/v1/cities/${city.slug}/businesses/import`, headers: { 'content-type': 'text/csv', authorization: `Bearer ${adminKey}` }, body: 'namn;kategori\n' + 'Butik;mode\n'.repeat(600_000) },
    ];
    for (const o of oversized) {
      const res = await app.request(o.url, { method: 'POST', headers: o.headers, body: o.body });
      expect(res.status, o.url).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // A declared length over the limit is refused from the header alone.
    const declared = await app.request(`/api/v1/cities/${city.slug}/businesses`, { method: 'POST', headers: { ...json, 'content-length': String(50 * 1024 * 1024) }, body: '{}' });
    expect(declared.status).toBe(413);

    const hostileCsv = [
      '\u0000\u0001\u0002binary\xff\xfe',
      'namn;kategori;organisationsnummer\n' + `=cmd|' /C calc'!A0;mode;${buildOrgNumber()}\n`,
      'namn;kategori;organisationsnummer\n"unterminated;mode;556000-0000\n',
      'namn,kategori\n' + 'x'.repeat(200_000) + ',mode\n',
      '\uFEFFnamn;kategori;organisationsnummer\n' + hostileStrings.map((s) => `${s.slice(0, 100)};mode;${buildOrgNumber()}`).join('\n'),
      'namn;kategori\n' + ';\n'.repeat(20_000),
      'a;b;c\n1;2;3;4;5;6;7;8;9;10\n',
    ];
    let refused = 0;
    for (const csv of hostileCsv) {
      const api = await app.request(`/api/v1/cities/${city.slug}/businesses/import`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${adminKey}` }, body: csv });
      expect(api.status, csv.slice(0, 60)).toBeLessThan(500);
      if (api.status >= 400) {
        refused++;
        expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      for (const page of [`/${city.slug}/admin/import`, `/${city.slug}/admin/presentkort/import`, `/${city.slug}/admin/presentkort/mangd`]) {
        const form = new FormData();
        form.set('_csrf', session['x-csrf-token']!);
        form.set('fil', new File([csv], 'hostile.csv', { type: 'text/csv' }));
        form.set('csv', csv);
        const res = await app.request(page, { method: 'POST', headers: { cookie: session.cookie! }, body: form });
        expect(res.status, `${page} ${csv.slice(0, 60)}`).toBeLessThan(500);
        expect(res.headers.get('content-type') ?? '', page).not.toMatch(/json/);
      }
    }
    // The one hostile file with valid rows (formula and injection names) may be imported;
    // every other file is refused whole.
    expect(refused).toBeGreaterThanOrEqual(hostileCsv.length - 2);
    record(`uploads-${ctx().kind}`, { oversizedRefused413: oversized.length + 1, hostileCsvFiles: hostileCsv.length, uploadEndpoints: 4, apiRefused: refused, status5xx: 0 });
  }, 300_000);

  it('refuses hostile images on the media API and both event forms cleanly, and stores none of them', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const shop = await insertBusiness(services, city, { category: 'bar' });
    const adminKey = await apiKeyFor(services, city, 'association-admin');
    const admin = await sessionHeaders(services, (await insertUser(services, 'association-admin', city)).userId);
    const owner = await sessionHeaders(services, (await insertUser(services, 'merchant-owner', city, shop.id)).userId);
    const photo = await phonePhoto();
    const hostile: Array<{ name: string; type: string; bytes: Uint8Array }> = [
      { name: 'semester.jpg', type: 'image/jpeg', bytes: textAsJpeg },
      { name: 'logo.svg', type: 'image/svg+xml', bytes: svgWithScript },
      { name: 'logo.png', type: 'image/png', bytes: svgWithScript },
      { name: 'halv.jpg', type: 'image/jpeg', bytes: await truncatedJpeg() },
      { name: 'bomb.png', type: 'image/png', bytes: pngBomb() },
      { name: 'anim.gif', type: 'image/gif', bytes: await animatedGif() },
      { name: 'anim.webp', type: 'image/webp', bytes: await animatedWebp() },
      { name: 'tom.jpg', type: 'image/jpeg', bytes: new Uint8Array(0) },
      { name: 'bara-huvud.jpg', type: 'image/jpeg', bytes: photo.subarray(0, 300) },
      { name: 'html.jpg', type: 'image/jpeg', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
      { name: 'polyglot.jpg', type: 'image/jpeg', bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<script>alert(1)</script>'.repeat(40))]) },
      { name: 'pdf.png', type: 'image/png', bytes: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF') },
    ];
    const forms = [
      { url: `/${city.slug}/admin/evenemang`, session: admin, fields: {} },
      { url: `/${city.slug}/butik/${shop.slug}/evenemang`, session: owner, fields: { place: shop.id } },
    ];
    let apiRefused = 0;
    let pagesRefused = 0;
    for (const file of hostile) {
      const api = await app.request(`/api/v1/cities/${city.slug}/media`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': file.type === 'image/gif' || file.type === 'image/svg+xml' ? 'image/png' : file.type }, body: new Uint8Array(file.bytes) });
      expect(api.status, file.name).toBeGreaterThanOrEqual(400);
      expect(api.status, file.name).toBeLessThan(500);
      expect(api.headers.get('content-type'), file.name).toMatch(/^application\/problem\+json/);
      expect(((await api.json()) as { code: string }).code, file.name).toMatch(/^media\./);
      apiRefused++;
      for (const f of forms) {
        const body = new FormData();
        body.set('_csrf', f.session['x-csrf-token']!);
        for (const [k, v] of Object.entries({ title: `Fientlig ${file.name}`, category: 'kultur', startDate: '2026-12-19', startTime: '19:00', address: 'Torget', organiser: 'X', imageAlt: 'Något', ...f.fields })) body.set(k, v);
        body.set('image', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
        const res = await app.request(f.url, { method: 'POST', headers: { cookie: f.session.cookie! }, body });
        expect(res.status, `${f.url} ${file.name}`).toBe(400);
        const html = await res.text();
        expect(html, file.name).toContain('class="field-error" id="image-fel"');
        expect(html).not.toContain('<script>alert');
        pagesRefused++;
      }
    }
    const [stored] = await services.db.select({ n: count() }).from(media).where(eq(media.cityId, city.id));
    expect(stored!.n).toBe(0);
    expect((await services.events.published(city.id)).filter((e) => e.title.startsWith('Fientlig'))).toEqual([]);
    record(`images-${ctx().kind}`, { hostileImages: hostile.length, endpoints: 1 + forms.length, apiRefused, pagesRefused, stored: stored!.n, status5xx: 0 });
  }, 300_000);

  it('stores SQL and HTML injection strings verbatim and shows them inert', async () => {
    const { services, app } = ctx();
    const city = await insertCity(services);
    const adminKey = await apiKeyFor(services, city, 'association-admin');
    const name = `<script>alert('x')</script> Robert'); DROP TABLE businesses;-- ${uniqueSuffix()}`;
    const description = `"><img src=x onerror=alert(1)> ' OR '1'='1 {{7*7}}`;
    const created = await app.request(`/api/v1/cities/${city.slug}/businesses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ ...buildBusinessInput({ name }), description }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { slug } = (await created.json()) as { slug: string };
    // Stored verbatim: the API gives back exactly what was sent.
    const read = (await (await app.request(`/api/v1/cities/${city.slug}/businesses/${slug}`)).json()) as { name: string; description: string };
    expect(read.name).toBe(name);
    expect(read.description).toBe(description);
    // Shown inert: escaped in the page, in the list and in search.
    for (const page of [`/${city.slug}/foretag/${slug}`, `/${city.slug}/foretag`, `/${city.slug}/foretag?q=${encodeURIComponent("Robert'); DROP")}`]) {
      const res = await app.request(page);
      const html = await res.text();
      expect(res.status, page).toBe(200);
      expect(html, page).not.toContain("<script>alert('x')</script>");
      expect(html, page).not.toContain('<img src=x onerror');
      if (!page.includes('?q=')) expect(html, page).toContain('&lt;script&gt;');
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    }
    // And nothing was dropped.
    expect((await app.request(`/api/v1/cities/${city.slug}/businesses`)).status).toBe(200);
    record(`injection-${ctx().kind}`, { stringsStored: 2, pagesChecked: 3, inert: true });
  });
});
