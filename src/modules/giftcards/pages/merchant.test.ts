import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from '../../../../test/harness.js';
import { insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../../test/factories/index.js';
import { formatCode } from '../codes.js';
import { accounts } from '../ports.js';
import { codeFromInput } from './merchant.js';

const post = (headers: Record<string, string>, fields: Record<string, string>) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: headers['x-csrf-token']!, ...fields }).toString(),
});

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? null;

async function setup(ctx: TestContext) {
  const { services } = ctx;
  const city = await insertCity(services);
  await services.giftcards.products.ensureDefaults(city.id);
  const shop = await insertBusiness(services, city, { category: 'mode' });
  const other = await insertBusiness(services, city, { category: 'mode' });
  const owner = await insertUser(services, 'merchant-owner', city, shop.id);
  const otherStaff = await insertUser(services, 'merchant-staff', city, other.id);
  const admin = await insertUser(services, 'association-admin', city);
  const [card] = await services.giftcards.issuePromotional(admin.actor, city.id, { amountOre: 50_000, count: 1 });
  const till = `/${city.slug}/butik/${shop.slug}/kassa`;
  return { city, shop, other, owner, otherStaff, admin, card: card!, till, headers: await sessionHeaders(services, owner.userId) };
}

it('takes the code from a scanned or pasted card link', () => {
  expect(codeFromInput(' https://torget.example/demo/saldo#K7QM-3XPA-9D2F-HW4T-B6NC ')).toBe('K7QM-3XPA-9D2F-HW4T-B6NC');
  expect(codeFromInput('k7qm 3xpa')).toBe('k7qm 3xpa');
});

describeEachDatabase('the merchant till', (ctx) => {
  it('looks a card up, redeems once per form however often it is sent, and shows the receipt', async () => {
    const { services, app } = ctx();
    const s = await setup(ctx());
    const start = await app.request(s.till, { headers: s.headers });
    expect(start.status).toBe(200);
    const startHtml = await start.text();
    expect(startHtml).toContain('Skanna eller skriv koden');
    expect(startHtml).toContain('rel="manifest"');
    expect(startHtml).toContain('autocapitalize="characters"');

    // Typed sloppily: lower case with spaces.
    const typed = formatCode(s.card.code).toLowerCase().replace(/-/g, ' ');
    const step2 = await app.request(`${s.till}/kort`, post(s.headers, { kod: typed }));
    expect(step2.status).toBe(200);
    const html2 = await step2.text();
    expect(html2).toMatch(/500\s*kr/);
    expect(html2).toContain('Gäller här');
    const key = hidden(html2, 'nyckel');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(hidden(html2, 'kod')).toBe(typed);

    const form = { kod: hidden(html2, 'kod')!, nyckel: key!, belopp: '120' };
    const receipt = await app.request(`${s.till}/dra`, post(s.headers, form));
    expect(receipt.status).toBe(200);
    const html3 = await receipt.text();
    expect(html3).toMatch(/Klart! 120\s*kr dragna\./);
    expect(html3).toMatch(/Kvar på kortet: <strong>380\s*kr<\/strong>/);
    const receiptNumber = /K-[0-9A-Z]{8}/.exec(html3)![0];

    // A double tap or a re-sent form: the same receipt, nothing drawn twice.
    const again = await app.request(`${s.till}/dra`, post(s.headers, form));
    const againHtml = await again.text();
    expect(again.status).toBe(200);
    expect(againHtml).toContain(receiptNumber);
    expect(againHtml).toContain('inget drogs två gånger');
    expect(await services.ledger.balance(services.db, s.city.id, accounts.card(s.card.id))).toBe(38_000);
    expect(await services.giftcards.todaysRedemptions(s.owner.actor, s.city.id, s.shop.id)).toHaveLength(1);

    // A new form (new key) with öre after a decimal comma.
    const second = await (await app.request(`${s.till}/kort`, post(s.headers, { kod: s.card.code }))).text();
    const decimal = await app.request(`${s.till}/dra`, post(s.headers, { kod: s.card.code, nyckel: hidden(second, 'nyckel')!, belopp: '120,50' }));
    expect(await decimal.text()).toMatch(/Kvar på kortet: <strong>259,50\s*kr/);

    const list = await (await app.request(s.till, { headers: s.headers })).text();
    expect(list).toContain(receiptNumber);
    expect(list).toContain(s.card.code.slice(-4));
    expect(list).not.toContain(s.card.code);
  });

  it('explains a refused amount in plain Swedish and keeps the form', async () => {
    const { app } = ctx();
    const s = await setup(ctx());
    const step2 = await (await app.request(`${s.till}/kort`, post(s.headers, { kod: s.card.code }))).text();
    const key = hidden(step2, 'nyckel')!;
    const tooMuch = await app.request(`${s.till}/dra`, post(s.headers, { kod: s.card.code, nyckel: key, belopp: '600' }));
    expect(tooMuch.status).toBe(409);
    expect(await tooMuch.text()).toMatch(/Saldot räcker inte: det finns 500\s*kr kvar på kortet\./);
    const nonsense = await app.request(`${s.till}/dra`, post(s.headers, { kod: s.card.code, nyckel: key, belopp: '12,345' }));
    expect(nonsense.status).toBe(400);
    expect(await nonsense.text()).toContain('Skriv beloppet i kronor');
    const unknown = await app.request(`${s.till}/kort`, post(s.headers, { kod: 'ABCD-EFGH-JKMN-PQRS-TVWX' }));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Det finns inget kort med den koden');
  });

  it('undoes a redemption after a confirmation and shows it struck through', async () => {
    const { services, app } = ctx();
    const s = await setup(ctx());
    const r = await services.giftcards.redeem(s.owner.actor, s.city.id, { code: s.card.code, businessId: s.shop.id, amountOre: 20_000 });
    const ask = await app.request(`${s.till}/angra`, post(s.headers, { id: r.id }));
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Ångra inlösen?');
    expect(await services.ledger.balance(services.db, s.city.id, accounts.card(s.card.id))).toBe(30_000);
    const done = await app.request(`${s.till}/angra`, post(s.headers, { id: r.id, bekrafta: 'ja' }));
    expect(done.status).toBe(303);
    expect(await services.ledger.balance(services.db, s.city.id, accounts.card(s.card.id))).toBe(50_000);
    const page = await (await app.request(done.headers.get('location')!, { headers: s.headers })).text();
    expect(page).toContain('är ångrad');
    expect(page).toContain(`<s>${r.receiptNumber}</s>`);
    expect(page).toContain('Ångrad');
  });

  it('lets only the business’s own people in', async () => {
    const { services, app } = ctx();
    const s = await setup(ctx());
    const anonymous = await app.request(s.till);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toContain(`next=${encodeURIComponent(s.till)}`);
    const otherHeaders = await sessionHeaders(services, s.otherStaff.userId);
    expect((await app.request(s.till, { headers: otherHeaders })).status).toBe(403);
    expect((await app.request(`${s.till}/kort`, post(otherHeaders, { kod: s.card.code }))).status).toBe(403);
    const adminHeaders = await sessionHeaders(services, s.admin.userId);
    expect((await app.request(s.till, { headers: adminHeaders })).status).toBe(403);
    // Their own till works.
    expect((await app.request(`/${s.city.slug}/butik/${s.other.slug}/kassa`, { headers: otherHeaders })).status).toBe(200);
  });

  it('serves an installable manifest for the till and a service worker for static files only', async () => {
    const { app } = ctx();
    const s = await setup(ctx());
    const manifest = await app.request(`/${s.city.slug}/butik/${s.shop.slug}/kassa.webmanifest`);
    expect(manifest.status).toBe(200);
    expect(await manifest.json()).toMatchObject({ start_url: s.till, display: 'standalone', theme_color: '#0b5d4b', icons: [{ src: '/static/favicon.svg' }] });
    const sw = await app.request(`/${s.city.slug}/butik/sw.js`);
    expect(sw.headers.get('content-type')).toContain('javascript');
    expect(await sw.text()).toContain("startsWith('/static/')");
  });
});

it('reads a card’s QR code with the vendored decoder the till falls back on', async () => {
  const QRCode = await import('qrcode');
  // Loaded the way the page loads it: a classic script that sets self.jsQR.
  const browser: { self?: unknown; jsQR?: (data: Uint8ClampedArray, w: number, h: number) => { data: string } | null } = {};
  browser.self = browser;
  runInNewContext(readFileSync(new URL('../../../../public/vendor/jsQR.js', import.meta.url), 'utf8'), browser);
  const jsQR = browser.jsQR!;
  const code = 'K7QM-3XPA-9D2F-HW4T-B6NC';
  const qr = QRCode.create(`https://torget.example/demo/saldo#${code}`, { errorCorrectionLevel: 'M' });
  // Draw the modules 4 px each with a quiet zone, as a camera frame would show them.
  const scale = 4;
  const size = (qr.modules.size + 8) * scale;
  const pixels = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < qr.modules.size; y++) {
    for (let x = 0; x < qr.modules.size; x++) {
      if (!qr.modules.get(x, y)) continue;
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) pixels.fill(0, ((y + 4) * scale + dy) * size * 4 + ((x + 4) * scale + dx) * 4, ((y + 4) * scale + dy) * size * 4 + ((x + 4) * scale + dx) * 4 + 3);
    }
  }
  const read = jsQR(pixels, size, size);
  expect(read?.data).toBe(`https://torget.example/demo/saldo#${code}`);
  expect(codeFromInput(read!.data)).toBe(code);
});
