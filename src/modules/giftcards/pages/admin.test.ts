import { and, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from '../../../../test/harness.js';
import { buildOrgNumber, insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../../test/factories/index.js';
import { outboxMessages } from '../../../platform/messaging/schema.js';
import { formatCode, generateCode, normalizeCode } from '../codes.js';
import { accounts } from '../ports.js';
import { giftcardOrders } from '../schema.js';

const post = (headers: Record<string, string>, fields: Record<string, string>) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: headers['x-csrf-token']!, ...fields }).toString(),
});

/** A multipart form, as a browser sends an upload. */
function upload(headers: Record<string, string>, fields: Record<string, string>, file?: { name: string; text: string }) {
  const body = new FormData();
  body.set('_csrf', headers['x-csrf-token']!);
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file) body.set('fil', new File([file.text], file.name, { type: 'text/csv' }));
  return { method: 'POST', headers, body };
}

async function setup(ctx: TestContext) {
  const { services } = ctx;
  const city = await insertCity(services);
  await services.giftcards.products.ensureDefaults(city.id);
  const shop = await insertBusiness(services, city, { category: 'mode' });
  const owner = await insertUser(services, 'merchant-owner', city, shop.id);
  const admin = await insertUser(services, 'association-admin', city);
  const staff = await insertUser(services, 'association-staff', city);
  return { city, shop, owner, admin, staff, headers: await sessionHeaders(services, admin.userId), base: `/${city.slug}/admin/presentkort` };
}

async function buyCard(ctx: TestContext, cityId: string, amountOre = 50_000) {
  const { services } = ctx;
  const { order, cards } = await services.giftcards.placeOrder(null, cityId, { productSlug: 'presentkort', amountOre, recipients: [{ name: 'Mottagaren', email: 'mottagare@example.test' }], buyer: { email: 'kopare@example.test' }, paymentMethod: 'simulator', channel: 'web' });
  await services.giftcards.setPaymentRef(cityId, order.id, `sim-${order.id}`);
  await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
  return { order, code: cards[0]!.code, cardId: cards[0]!.id };
}

const ordersIn = async (ctx: TestContext, cityId: string, channel: string) =>
  (await ctx.services.db.select({ n: sql<number>`count(*)::int` }).from(giftcardOrders).where(and(eq(giftcardOrders.cityId, cityId), eq(giftcardOrders.channel, channel))))[0]!.n;

const cardMails = async (ctx: TestContext, cityId: string) =>
  (await ctx.services.db.select({ n: sql<number>`count(*)::int` }).from(outboxMessages).where(and(eq(outboxMessages.cityId, cityId), eq(outboxMessages.template, 'giftcards.card'))))[0]!.n;

describeEachDatabase('the association’s gift card tools', (ctx) => {
  it('finds an order by the last four characters of a code, for staff too, without codes in the page', async () => {
    const { services, app } = ctx();
    const s = await setup(ctx());
    const { order, code } = await buyCard(ctx(), s.city.id);
    const page = await app.request(s.base, { headers: s.headers });
    expect(page.status).toBe(200);
    const staffHeaders = await sessionHeaders(services, s.staff.userId);
    const found = await app.request(`${s.base}/sok`, post(staffHeaders, { q: code.slice(-4).toLowerCase() }));
    expect(found.status).toBe(200);
    const html = await found.text();
    expect(html).toContain(order.reference);
    expect(html).toContain(code.slice(-4));
    expect(html).not.toContain(code);
    expect(await (await app.request(`${s.base}/sok`, post(s.headers, { q: 'kopare@example.test' }))).text()).toContain(order.reference);
    // Staff may look and resend, not create cards.
    expect((await app.request(`${s.base}/mangd`, { headers: staffHeaders })).status).toBe(403);
    expect((await app.request(`/${s.city.slug}/admin/presentkort`, { headers: await sessionHeaders(services, s.owner.userId) })).status).toBe(403);
    expect((await app.request(s.base)).status).toBe(302);
  });

  it('blocks a lost card and moves its balance to a new card that is e-mailed', async () => {
    const { services, app } = ctx();
    const s = await setup(ctx());
    const { order, code, cardId } = await buyCard(ctx(), s.city.id);
    await services.giftcards.redeem(s.owner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 12_000 });
    const mailsBefore = await cardMails(ctx(), s.city.id);
    const res = await app.request(`${s.base}/order/${order.id}/sparra`, post(s.headers, { kort: cardId, orsak: 'Borttappat' }));
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    const newId = new URL(location, 'http://x').searchParams.get('nytt')!;
    expect((await services.giftcards.lookup(s.city.id, code)).status).toBe('blocked');
    expect(await services.ledger.balance(services.db, s.city.id, accounts.card(cardId))).toBe(0);
    expect(await services.ledger.balance(services.db, s.city.id, accounts.card(newId))).toBe(38_000);
    const fresh = await services.giftcards.revealCode(newId);
    expect(fresh!.view).toMatchObject({ status: 'active', balanceOre: 38_000 });
    expect(await cardMails(ctx(), s.city.id)).toBe(mailsBefore + 1);
    const page = await (await app.request(location, { headers: s.headers })).text();
    expect(page).toContain(`slutar på ${fresh!.code.slice(-4)}`);
    expect(page).not.toContain(fresh!.code);

    // Resend to a corrected address.
    const resent = await app.request(`${s.base}/order/${order.id}/skicka`, post(s.headers, { kort: newId, till: 'ratt@example.test' }));
    expect(resent.status).toBe(303);
    expect(await cardMails(ctx(), s.city.id)).toBe(mailsBefore + 2);
    expect((await services.giftcards.getOrder(s.city.id, order.id))!.cards.find((c) => c.id === newId)!.recipientEmail).toBe('ratt@example.test');
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
  });

  it('refunds an unused order after a confirmation, and activates an invoiced one', async () => {
    const { services, app } = ctx();
    const s = await setup(ctx());
    const { order, code } = await buyCard(ctx(), s.city.id);
    const ask = await app.request(`${s.base}/order/${order.id}/aterbetala`, post(s.headers, {}));
    expect(await ask.text()).toContain(`Återbetala ${order.reference}?`);
    expect((await services.giftcards.lookup(s.city.id, code)).status).toBe('active');
    expect((await app.request(`${s.base}/order/${order.id}/aterbetala`, post(s.headers, { bekrafta: 'ja' }))).status).toBe(303);
    expect((await services.giftcards.lookup(s.city.id, code)).status).toBe('blocked');

    const invoiced = await services.giftcards.placeOrder(s.admin.actor, s.city.id, { productSlug: 'presentkort', amountOre: 20_000, quantity: 2, buyer: { email: 'ekonomi@kommunen.test' }, paymentMethod: 'invoice', channel: 'bulk' });
    const before = await (await app.request(`${s.base}/order/${invoiced.order.id}`, { headers: s.headers })).text();
    expect(before).toContain('Aktivera nu');
    expect((await app.request(`${s.base}/order/${invoiced.order.id}/aktivera`, post(s.headers, {}))).status).toBe(303);
    expect((await services.giftcards.lookup(s.city.id, invoiced.cards[0]!.code)).status).toBe('active');
  });

  it('creates nothing from a recipient list with a bad row, and names the row', async () => {
    const { app } = ctx();
    const s = await setup(ctx());
    const csv = '\uFEFFnamn;e-post;belopp\nAnna;anna@example.test;500\nBo;inte-en-adress;250\nCia;cia@example.test;99999\n';
    const res = await app.request(`${s.base}/mangd`, upload(s.headers, { typ: 'lista', produkt: 'presentkort', betalning: 'faktura', foretag: 'Kommunen', orgnr: buildOrgNumber(), epost: 'ekonomi@kommunen.test' }, { name: 'lista.csv', text: csv }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Inget skapades');
    expect(html).toMatch(/<td>3<\/td>\s*<td>e-post<\/td>/);
    expect(html).toMatch(/<td>4<\/td>\s*<td>belopp<\/td>/);
    expect(await ordersIn(ctx(), s.city.id, 'bulk')).toBe(0);
  });

  it('places a 2 000-recipient order in seconds and queues one e-mail per card', async () => {
    const { services, app } = ctx();
    const s = await setup(ctx());
    const rows = Array.from({ length: 2000 }, (_, i) => `Mottagare ${i};person${i}@example.test;${i % 2 ? '250' : '500'}`);
    const csv = `namn,e-post,belopp\n${rows.map((r) => r.replace(/;/g, ',')).join('\n')}\n`;
    const started = performance.now();
    const res = await app.request(`${s.base}/mangd`, upload(s.headers, { typ: 'lista', produkt: 'presentkort', betalning: 'direkt', foretag: 'Kommunen', orgnr: buildOrgNumber(), epost: 'ekonomi@kommunen.test', referens: 'Julgåva 2026' }, { name: 'lista.csv', text: csv }));
    const seconds = (performance.now() - started) / 1000;
    console.log(`[bulk] 2 000 recipients over HTTP on ${ctx().kind}: ${seconds.toFixed(2)} s`);
    expect(res.status).toBe(303);
    expect(seconds).toBeLessThan(10);
    expect(await cardMails(ctx(), s.city.id)).toBe(2000);
    const orderId = /order\/([0-9a-f-]{36})/.exec(res.headers.get('location')!)![1]!;
    const { order, cards } = (await services.giftcards.getOrder(s.city.id, orderId))!;
    expect(order).toMatchObject({ status: 'paid', channel: 'bulk', totalOre: 1000 * 50_000 + 1000 * 25_000, company: { name: 'Kommunen', reference: 'Julgåva 2026' } });
    expect(cards.filter((c) => c.status === 'active')).toHaveLength(2000);
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
  }, 60_000);

  it('hands anonymous cards over as a CSV of working codes, and mails none of them', async () => {
    const { services, app } = ctx();
    const s = await setup(ctx());
    const res = await app.request(`${s.base}/mangd`, upload(s.headers, { typ: 'anonyma', produkt: 'presentkort', antal: '25', belopp: '300', betalning: 'direkt', foretag: '', orgnr: '', epost: 'kansliet@foreningen.test' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="presentkort-PK-/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('kod;belopp;giltig_till;lank');
    const rows = lines.slice(1).map((l) => l.split(';'));
    expect(rows).toHaveLength(25);
    for (const [code, amount, expires, link] of rows) {
      expect(normalizeCode(code!)).not.toBeNull();
      expect(amount).toBe('300');
      expect(expires).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(link).toContain(`/saldo#${code}`);
    }
    for (const [code] of rows.slice(0, 5)) expect(await services.giftcards.lookup(s.city.id, code!)).toMatchObject({ status: 'active', balanceOre: 30_000 });
    expect(await cardMails(ctx(), s.city.id)).toBe(0);
  });

  it('imports nothing when one row is bad, and everything when all are good', async () => {
    const { services, app } = ctx();
    const s = await setup(ctx());
    const torgetCode = generateCode();
    const legacy = `GML${Date.now().toString(36).toUpperCase()}X1`;
    const bad = `kod;saldo;giltig_till;produkt\n${legacy};350;2027-06-30;presentkort\n${formatCode(torgetCode)};abc;2027-06-30;\n`;
    const refused = await app.request(`${s.base}/import`, upload(s.headers, { kalla: 'Gamla kortet AB' }, { name: 'import.csv', text: bad }));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Inget importerades');
    expect(html).toMatch(/<td>3<\/td>\s*<td>saldo<\/td>/);
    expect(await ordersIn(ctx(), s.city.id, 'import')).toBe(0);
    await expect(services.giftcards.lookup(s.city.id, legacy)).rejects.toMatchObject({ code: 'giftcard.not_found' });

    const good = `kod;saldo;giltig_till;produkt\n${legacy};350;2027-06-30;presentkort\n${formatCode(torgetCode)};120,50;2027-01-31;\n`;
    const done = await app.request(`${s.base}/import`, upload(s.headers, { kalla: 'Gamla kortet AB' }, { name: 'import.csv', text: good }));
    expect(done.status).toBe(303);
    expect(await (await app.request(done.headers.get('location')!, { headers: s.headers })).text()).toContain('2 kort importerades');
    // The old code, typed the way a customer might.
    const typed = `${legacy.slice(0, 4).toLowerCase()} ${legacy.slice(4)}`;
    expect(await services.giftcards.lookup(s.city.id, typed)).toMatchObject({ status: 'active', balanceOre: 35_000 });
    const r = await services.giftcards.redeem(s.owner.actor, s.city.id, { code: typed, businessId: s.shop.id, amountOre: 10_000 });
    expect(r.balanceOre).toBe(25_000);
    expect(await services.giftcards.lookup(s.city.id, torgetCode)).toMatchObject({ status: 'active', balanceOre: 12_050 });
    expect(await services.ledger.balance(services.db, s.city.id, accounts.imported)).toBe(-47_050);
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
    // The same file again: the codes are taken, nothing doubles.
    const twice = await app.request(`${s.base}/import`, upload(s.headers, {}, { name: 'import.csv', text: good }));
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain('Koden finns redan');
    expect(await ordersIn(ctx(), s.city.id, 'import')).toBe(1);
  });
});
