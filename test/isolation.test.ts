/**
 * Tenant isolation, walked from the OpenAPI document so a new route is covered the day
 * it is added: every city route is called without credentials, with another city's
 * admin API key and session, and with roles that should not reach it. Changes must be
 * refused (401/403/404) and must leave the target city's data untouched; public reads
 * may answer but must never show another city's data.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.js';
import { readAnswer } from './read-answer.js';
import { checkSymbol } from '../src/modules/giftcards/codes.js';
import { apiKeyFor, buildBusinessInput, buildOrgNumber, insertBusiness, insertCity, insertUser, sessionHeaders, uniqueSuffix } from './factories/index.js';

interface Operation {
  method: string;
  path: string;
}

/** A well-formed code of no card (valid check symbol). */
const sampleCode = 'ABCD-EFGH-JKMN-PQRS-TVW' + checkSymbol('ABCDEFGHJKMNPQRSTVW');

/** A valid body per operation, so a refusal is about access, never about validation. */
function bodyFor(op: Operation, businessSlug: string): { body: string; type: string } | null {
  if (op.method === 'get') return null;
  if (op.path.endsWith('/lookup') || op.path.endsWith('/balance')) return { body: JSON.stringify(op.path.endsWith('/lookup') ? { code: sampleCode, businessSlug } : { code: sampleCode }), type: 'application/json' };
  if (op.path.endsWith('/redemptions')) return { body: JSON.stringify({ code: sampleCode, amountOre: 10_000, businessSlug }), type: 'application/json' };
  if (op.path.endsWith('/import')) return { body: `namn;kategori;organisationsnummer\nKapad AB;mode;${buildOrgNumber()}\n`, type: 'text/csv' };
  if (op.path.endsWith('/businesses')) return { body: JSON.stringify(buildBusinessInput({ name: `Kapad ${uniqueSuffix()}` })), type: 'application/json' };
  if (op.method === 'patch') return { body: JSON.stringify({ description: 'Kapad' }), type: 'application/json' };
  if (op.path.endsWith('/occupancy')) return { body: JSON.stringify({ delta: 1 }), type: 'application/json' };
  if (op.path.endsWith('/reversal')) return { body: JSON.stringify({ businessSlug }), type: 'application/json' };
  return { body: '{}', type: 'application/json' };
}

/**
 * Routes the association's staff may use in their own city by design: they count people
 * at every place (a city host at the square's entrance). Everyone else is still refused.
 */
function staffMayUse(op: Operation): boolean {
  return op.method === 'post' && op.path.endsWith('/occupancy');
}

describeEachDatabase('tenant isolation across the API', (ctx) => {
  it('lets no one change another city, and shows no other city’s data', async () => {
    const { services, app } = ctx();
    const home = await insertCity(services);
    const target = await insertCity(services);
    const targetBusiness = await insertBusiness(services, target, { name: `Målet ${uniqueSuffix()}` });
    const homeBusiness = await insertBusiness(services, home, { name: `Hemma ${uniqueSuffix()}` });
    const foreignAdmin = await insertUser(services, 'association-admin', home);
    const targetStaff = await insertUser(services, 'association-staff', target);
    const targetMerchant = await insertUser(services, 'merchant-owner', target, (await insertBusiness(services, target)).id);
    const callers: Array<{ name: string; headers: Record<string, string>; mayReadPrivate: false }> = [
      { name: 'anonymous', headers: {}, mayReadPrivate: false },
      { name: 'other city’s admin key', headers: { authorization: `Bearer ${await apiKeyFor(services, home, 'association-admin')}` }, mayReadPrivate: false },
      { name: 'other city’s admin session', headers: await sessionHeaders(services, foreignAdmin.userId), mayReadPrivate: false },
      { name: 'other city’s merchant key', headers: { authorization: `Bearer ${await apiKeyFor(services, home, 'merchant-owner', homeBusiness.id)}` }, mayReadPrivate: false },
      { name: 'this city’s staff (not admin)', headers: await sessionHeaders(services, targetStaff.userId), mayReadPrivate: false },
      { name: 'this city’s merchant of another business', headers: await sessionHeaders(services, targetMerchant.userId), mayReadPrivate: false },
    ];

    const before = JSON.stringify(await services.members.list(target.id, { includeArchived: true, limit: 500 }));

    const doc = await (await app.request('/api/openapi.json')).json();
    const operations: Operation[] = [];
    for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
      if (!path.includes('{city}')) continue;
      for (const method of Object.keys(item)) if (['get', 'post', 'patch', 'put', 'delete'].includes(method)) operations.push({ method, path });
    }
    expect(operations.filter((o) => o.method !== 'get').length).toBeGreaterThanOrEqual(3);

    const checked: string[] = [];
    for (const op of operations) {
      const url = op.path.replace('{city}', target.slug).replace('{slug}', targetBusiness.slug).replace('{id}', targetBusiness.id);
      for (const caller of callers) {
        if (caller.name === 'this city’s staff (not admin)' && staffMayUse(op)) continue;
        const body = bodyFor(op, targetBusiness.slug);
        const headers = { ...caller.headers, ...(body ? { 'content-type': body.type, 'idempotency-key': `iso-${uniqueSuffix()}` } : {}) };
        const res = await app.request(url, { method: op.method.toUpperCase(), headers, ...(body ? { body: body.body } : {}) });
        const text = await readAnswer(res);
        const where = `${op.method.toUpperCase()} ${op.path} as ${caller.name}`;
        // Never another city's data, whatever the answer.
        expect(text, where).not.toContain(homeBusiness.name);
        const readsOnly = op.path.endsWith('/lookup') || op.path.endsWith('/balance');
        if (op.method !== 'get' && !readsOnly) {
          expect([401, 403, 404], `${where} answered ${res.status}: ${text.slice(0, 200)}`).toContain(res.status);
          expect(res.headers.get('content-type'), where).toMatch(/^application\/problem\+json/);
        } else if (readsOnly) {
          // A look-up of no card: refused, or not found — never a card of another city.
          expect([401, 403, 404, 429], `${where} answered ${res.status}`).toContain(res.status);
        } else if (res.status === 200) {
          // Public reads never expose org. numbers of sole traders or e-mail of people.
          expect(text, where).not.toContain(foreignAdmin.email);
        }
        checked.push(where);
        const now = JSON.stringify(await services.members.list(target.id, { includeArchived: true, limit: 500 }));
        expect(now, `${where} changed the city's businesses (answered ${res.status})`).toBe(before);
      }
    }
    expect(JSON.stringify(await services.members.list(target.id, { includeArchived: true, limit: 500 }))).toBe(before);
    const skippedByDesign = operations.filter(staffMayUse).length;
    expect(checked.length).toBe(operations.length * callers.length - skippedByDesign);
  });

  it('keeps the admin and merchant pages of a city to its own people', async () => {
    const { services, app } = ctx();
    const home = await insertCity(services);
    const target = await insertCity(services);
    const targetBusiness = await insertBusiness(services, target);
    const foreignAdmin = await insertUser(services, 'association-admin', home);
    const foreignOwner = await insertUser(services, 'merchant-owner', home, (await insertBusiness(services, home)).id);
    const pages = [
      `/${target.slug}/admin`,
      `/${target.slug}/admin/foretag`,
      `/${target.slug}/admin/foretag/ny`,
      `/${target.slug}/admin/foretag/${targetBusiness.id}`,
      `/${target.slug}/admin/import`,
      `/${target.slug}/admin/epost`,
      `/${target.slug}/admin/logg`,
      `/${target.slug}/admin/api-nycklar`,
      `/${target.slug}/admin/integritet`,
      `/${target.slug}/butik/${targetBusiness.slug}/oppettider`,
      `/${target.slug}/butik/${targetBusiness.slug}/uppgifter`,
      `/${target.slug}/butik/${targetBusiness.slug}/personal`,
    ];
    for (const page of pages) {
      expect((await app.request(page)).status, `${page} anonymous`).toBe(302);
      for (const user of [foreignAdmin, foreignOwner]) {
        const res = await app.request(page, { headers: await sessionHeaders(services, user.userId) });
        expect([403, 404], `${page} as ${user.email}: ${res.status}`).toContain(res.status);
        expect(await res.text()).not.toContain(targetBusiness.orgNumber);
      }
    }
  });
});
