import { expect, it } from 'vitest';
import { describeEachDatabase, postgresUrl, type TestContext } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import { systemActor } from '../../platform/auth/roles.js';
import { openDatabase } from '../../platform/db/database.js';
import { createLedger } from '../../platform/ledger/index.js';
import { createGiftcardService } from './service.js';
import { accounts } from './ports.js';
import { giftcardProducts } from './schema.js';
import { and, eq } from 'drizzle-orm';
import { formatCode } from './codes.js';
import { pdfToText } from '../../platform/pdf/index.js';

async function setup(ctx: TestContext) {
  const { services } = ctx;
  const city = await insertCity(services);
  await services.giftcards.products.ensureDefaults(city.id);
  const shop = await insertBusiness(services, city, { category: 'mode' });
  const restaurant = await insertBusiness(services, city, { category: 'restaurang' });
  const shopOwner = await insertUser(services, 'merchant-owner', city, shop.id);
  const restaurantStaff = await insertUser(services, 'merchant-staff', city, restaurant.id);
  const admin = await insertUser(services, 'association-admin', city);
  return { city, shop, restaurant, shopOwner, restaurantStaff, admin };
}

async function buyCard(ctx: TestContext, cityId: string, amountOre = 50_000, productSlug = 'presentkort') {
  const { services } = ctx;
  const { order, cards } = await services.giftcards.placeOrder(null, cityId, { productSlug, amountOre, quantity: 1, buyer: { email: 'kop@example.test' }, paymentMethod: 'simulator', channel: 'web' });
  await services.giftcards.setPaymentRef(cityId, order.id, `sim-${order.id}`);
  await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
  return { order, code: cards[0]!.code, cardId: cards[0]!.id };
}

describeEachDatabase('gift cards', (ctx) => {
  it('activates a paid order once, however often the payment is reported', async () => {
    const { services } = ctx();
    const { city } = await setup(ctx());
    const { order, cards } = await services.giftcards.placeOrder(null, city.id, { productSlug: 'presentkort', amountOre: 50_000, quantity: 2, buyer: { email: 'kop@example.test' }, paymentMethod: 'simulator', channel: 'web' });
    expect((await services.giftcards.lookup(city.id, cards[0]!.code)).status).toBe('pending');
    await services.giftcards.setPaymentRef(city.id, order.id, 'sim-1-' + order.id);
    await expect(services.giftcards.handlePayment({ method: 'simulator', providerRef: 'sim-1-' + order.id, status: 'paid', amountOre: 1 })).rejects.toMatchObject({ code: 'giftcard.payment_mismatch' });
    expect((await services.giftcards.lookup(city.id, cards[0]!.code)).status).toBe('pending');
    const event = { method: 'simulator', providerRef: 'sim-1-' + order.id, status: 'paid' as const, amountOre: 100_000 };
    expect((await services.giftcards.handlePayment(event)).changed).toBe(true);
    expect((await services.giftcards.handlePayment(event)).changed).toBe(false);
    expect(await services.giftcards.handlePayment({ ...event, providerRef: 'unknown' })).toEqual({ order: null, changed: false });
    const card = await services.giftcards.lookup(city.id, cards[0]!.code);
    expect(card).toMatchObject({ status: 'active', balanceOre: 50_000 });
    expect(await services.ledger.balance(services.db, city.id, accounts.clearing('simulator'))).toBe(-100_000);
    // One receipt for the buyer, however often the payment was reported, saying there is no VAT.
    const receipts = (await services.outbox.list({ cityId: city.id })).filter((m) => m.template === 'giftcards.receipt');
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.textBody).toContain(order.reference);
    expect(receipts[0]!.textBody).toContain('flerfunktionsvoucher');
    expect(receipts[0]!.textBody).not.toContain(cards[0]!.code);
  });

  it('redeems, refuses overdrafts and foreign categories, and counts booklet coupons', async () => {
    const { services } = ctx();
    const s = await setup(ctx());
    const { code } = await buyCard(ctx(), s.city.id);
    const r = await services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 12_000 });
    expect(r).toMatchObject({ amountOre: 12_000, balanceOre: 38_000 });
    await expect(services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 40_000 })).rejects.toMatchObject({ code: 'giftcard.insufficient_balance', extra: { balanceOre: 38_000 } });
    await expect(services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.restaurant.id, amountOre: 100 })).rejects.toMatchObject({ code: 'forbidden' });

    const booklet = await buyCard(ctx(), s.city.id, undefined, 'lunchkuponger');
    await expect(services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code: booklet.code, businessId: s.shop.id, coupons: 1 })).rejects.toMatchObject({ code: 'giftcard.not_accepted_here' });
    const lunch = await services.giftcards.redeem(s.restaurantStaff.actor, s.city.id, { code: booklet.code, businessId: s.restaurant.id, coupons: 2 });
    expect(lunch).toMatchObject({ amountOre: 16_000, couponsLeft: 8 });
    expect((await services.giftcards.lookup(s.city.id, booklet.code, s.shop.id)).acceptedHere).toBe(false);
  });

  it('refuses in the redemption statement itself: unknown codes, part coupons, missing amounts; a single-use card closes', async () => {
    const { services } = ctx();
    const s = await setup(ctx());
    const redeem = (input: { code: string; amountOre?: number; coupons?: number }, businessId = s.restaurant.id) => services.giftcards.redeem(s.restaurantStaff.actor, s.city.id, { businessId, ...input });
    await expect(redeem({ code: 'ABCD-EFGH-JKMN-PQRS-T', amountOre: 100 })).rejects.toMatchObject({ code: 'giftcard.not_found' });
    await expect(redeem({ code: 'inte en kod', amountOre: 100 })).rejects.toMatchObject({ code: 'giftcard.not_found' });

    const booklet = await buyCard(ctx(), s.city.id, undefined, 'lunchkuponger');
    await expect(redeem({ code: booklet.code, amountOre: 12_000 })).rejects.toMatchObject({ code: 'validation', extra: { errors: [{ path: '/coupons' }] } });
    await expect(redeem({ code: booklet.code, coupons: 1.5 })).rejects.toMatchObject({ code: 'validation', extra: { errors: [{ path: '/coupons' }] } });
    await expect(redeem({ code: booklet.code })).rejects.toMatchObject({ code: 'validation' });
    // Whole coupons given as an amount are coupons.
    expect(await redeem({ code: booklet.code, amountOre: 16_000 })).toMatchObject({ amountOre: 16_000, couponsLeft: 8 });

    const card = await buyCard(ctx(), s.city.id);
    await expect(redeem({ code: card.code })).rejects.toMatchObject({ code: 'validation', extra: { errors: [{ path: '/amountOre' }] } });
    await expect(redeem({ code: card.code, amountOre: 0 })).rejects.toMatchObject({ code: 'validation' });
    await expect(redeem({ code: card.code, amountOre: 10.5 })).rejects.toMatchObject({ code: 'validation' });
    expect(await services.ledger.balance(services.db, s.city.id, accounts.card(card.cardId))).toBe(50_000);

    // A single-use product made after this process last read the city's products: the
    // redemption asks again rather than refusing it, and the card's rest goes to breakage.
    const [template] = await services.db.select().from(giftcardProducts).where(and(eq(giftcardProducts.cityId, s.city.id), eq(giftcardProducts.slug, 'presentkort')));
    const { id: _id, createdAt: _at, ...terms } = template!;
    await services.db.insert(giftcardProducts).values({ ...terms, slug: 'engangskort', name: 'Engångskort', allowsPartialUse: false });
    const single = await buyCard(ctx(), s.city.id, 30_000, 'engangskort');
    const breakageBefore = await services.ledger.balance(services.db, s.city.id, accounts.breakage);
    expect(await redeem({ code: single.code, amountOre: 10_000 })).toMatchObject({ amountOre: 10_000, balanceOre: 0, forfeitedOre: 20_000 });
    expect(await services.ledger.balance(services.db, s.city.id, accounts.breakage)).toBe(breakageBefore + 20_000);
    await expect(redeem({ code: single.code, amountOre: 100 })).rejects.toMatchObject({ code: 'giftcard.not_active', message: 'Kortet är förbrukat.' });
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
  });

  it('draws a new receipt number when one is taken, and moves the money once', async () => {
    const { services, clock, config } = ctx();
    const s = await setup(ctx());
    const drawn = ['K-SAMMA111', 'K-SAMMA111', 'K-ANNAN222'];
    const giftcards = createGiftcardService({ db: services.db, clock, audit: services.audit, outbox: services.outbox, ledger: services.ledger, businesses: services.members, codeKey: config.codeKey!, publicUrl: '', receiptNumber: () => drawn.shift()! });
    const { code, cardId } = await buyCard(ctx(), s.city.id);
    expect(await giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 1_000 })).toMatchObject({ receiptNumber: 'K-SAMMA111', balanceOre: 49_000 });
    expect(await giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 1_000, idempotencyKey: 'kvitto-krock' })).toMatchObject({ receiptNumber: 'K-ANNAN222', balanceOre: 48_000 });
    expect(drawn).toEqual([]);
    expect(await services.ledger.balance(services.db, s.city.id, accounts.card(cardId))).toBe(48_000);
  });

  it('answers a retried redemption with the first result and moves nothing twice', async () => {
    const { services } = ctx();
    const s = await setup(ctx());
    const { code, cardId } = await buyCard(ctx(), s.city.id);
    const first = await services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 10_000, idempotencyKey: 'kassa-1-kvitto-77' });
    const again = await services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 10_000, idempotencyKey: 'kassa-1-kvitto-77' });
    expect(again).toMatchObject({ id: first.id, amountOre: 10_000, balanceOre: 40_000, replayed: true });
    expect(await services.ledger.balance(services.db, s.city.id, accounts.card(cardId))).toBe(40_000);
    await expect(services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 20_000, idempotencyKey: 'kassa-1-kvitto-77' })).rejects.toMatchObject({ code: 'idempotency.key_reused' });
  });

  it('lets exactly ten of a hundred concurrent 100 kr redemptions through on a 1 000 kr card', async () => {
    const { services, kind } = ctx();
    const s = await setup(ctx());
    const { code, cardId } = await buyCard(ctx(), s.city.id, 100_000);
    // PostgreSQL gets a pool wide enough for real concurrency; PGlite serialises by nature.
    const database = kind === 'postgres' ? await openDatabase({ kind: 'postgres', url: postgresUrl!, poolSize: 30 }) : services.database;
    const giftcards = kind === 'postgres' ? createGiftcardService({ db: database.db, clock: ctx().clock, audit: services.audit, outbox: services.outbox, ledger: createLedger({ db: database.db, clock: ctx().clock }), businesses: services.members, codeKey: ctx().config.codeKey!, publicUrl: '' }) : services.giftcards;
    try {
      const results = await Promise.allSettled(Array.from({ length: 100 }, () => giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 10_000 })));
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(10);
      expect(refused).toHaveLength(90);
      // Racing the last coupon of value: too little left, or already used up.
      for (const r of refused) expect(['giftcard.insufficient_balance', 'giftcard.not_active']).toContain(r.reason.code);
      expect(await services.ledger.balance(services.db, s.city.id, accounts.card(cardId))).toBe(0);
      expect((await services.giftcards.lookup(s.city.id, code)).status).toBe('used');
    } finally {
      if (kind === 'postgres') await database.close();
    }
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
  });

  it('undoes a redemption the same day only, by the same business', async () => {
    const { services, clock } = ctx();
    const s = await setup(ctx());
    const { code } = await buyCard(ctx(), s.city.id);
    const r = await services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 50_000 });
    expect((await services.giftcards.lookup(s.city.id, code)).status).toBe('used');
    await expect(services.giftcards.reverse(s.restaurantStaff.actor, s.city.id, r.id, s.restaurant.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await services.giftcards.reverse(s.shopOwner.actor, s.city.id, r.id, s.shop.id)).toMatchObject({ balanceOre: 50_000 });
    expect((await services.giftcards.lookup(s.city.id, code)).status).toBe('active');
    await expect(services.giftcards.reverse(s.shopOwner.actor, s.city.id, r.id, s.shop.id)).rejects.toMatchObject({ code: 'giftcard.already_reversed' });
    const late = await services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 1_000 });
    clock.advance(24 * 3600_000);
    try {
      await expect(services.giftcards.reverse(s.shopOwner.actor, s.city.id, late.id, s.shop.id)).rejects.toMatchObject({ code: 'giftcard.reversal_window_closed' });
    } finally {
      clock.advance(-24 * 3600_000);
    }
  });

  it('blocks a lost card and moves its balance to a new code; refunds unused orders within 14 days', async () => {
    const { services } = ctx();
    const s = await setup(ctx());
    const lost = await buyCard(ctx(), s.city.id);
    await services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code: lost.code, businessId: s.shop.id, amountOre: 5_000 });
    const reissued = await services.giftcards.blockAndReissue(s.admin.actor, s.city.id, lost.cardId, 'Tappat');
    expect(reissued.balanceOre).toBe(45_000);
    await expect(services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code: lost.code, businessId: s.shop.id, amountOre: 100 })).rejects.toMatchObject({ code: 'giftcard.blocked' });
    expect((await services.giftcards.lookup(s.city.id, reissued.code)).balanceOre).toBe(45_000);

    // A redemption undone after its card was blocked returns the value to the new card.
    const spent = await services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code: reissued.code, businessId: s.shop.id, amountOre: 5_000 });
    const second = await services.giftcards.blockAndReissue(s.admin.actor, s.city.id, reissued.newCardId, 'Tappat igen');
    expect(await services.giftcards.reverse(s.shopOwner.actor, s.city.id, spent.id, s.shop.id)).toMatchObject({ balanceOre: 45_000 });
    expect((await services.giftcards.lookup(s.city.id, second.code)).balanceOre).toBe(45_000);

    const unused = await buyCard(ctx(), s.city.id);
    await expect(services.giftcards.refundOrder(s.shopOwner.actor, s.city.id, unused.order.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await services.giftcards.refundOrder(s.admin.actor, s.city.id, unused.order.id)).status).toBe('refunded');
    expect((await services.giftcards.lookup(s.city.id, unused.code)).status).toBe('blocked');
    await expect(services.giftcards.refundOrder(s.admin.actor, s.city.id, lost.order.id)).rejects.toMatchObject({ code: 'giftcard.refund_not_allowed' });
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
  });

  it('moves what is left on expired cards to breakage', async () => {
    const { services, clock } = ctx();
    const s = await setup(ctx());
    const { code, cardId } = await buyCard(ctx(), s.city.id);
    clock.advance(25 * 30 * 24 * 3600_000);
    try {
      await expect(services.giftcards.redeem(s.shopOwner.actor, s.city.id, { code, businessId: s.shop.id, amountOre: 100 })).rejects.toMatchObject({ code: 'giftcard.expired' });
      expect((await services.giftcards.lookup(s.city.id, code)).status).toBe('expired');
      // The job works in batches over every city; run it until nothing is left.
      while ((await services.giftcards.expireDue({ cityId: s.city.id })) > 0) {
        /* next batch */
      }
      expect(await services.ledger.balance(services.db, s.city.id, accounts.card(cardId))).toBe(0);
      expect(await services.ledger.balance(services.db, s.city.id, accounts.breakage)).toBeGreaterThanOrEqual(50_000);
    } finally {
      clock.advance(-25 * 30 * 24 * 3600_000);
    }
  });

  it('keeps codes out of the outbox table and renders them only when mail is sent', async () => {
    const { services } = ctx();
    const s = await setup(ctx());
    const { code, cardId } = await buyCard(ctx(), s.city.id);
    const [message] = (await services.outbox.list({ cityId: s.city.id })).filter((m) => m.meta.cardId === cardId);
    expect(JSON.stringify(message)).not.toContain(code);
    const content = await services.outbox.contentOf(message!);
    expect(content.text).toContain(code.slice(0, 4));
    expect(content.text).toContain('flerfunktionsvoucher');
    expect(content.text).toMatch(/\/saldo#[0-9A-Z-]{24}/);
    // The printable A6 card rides along as a PDF, made at the same moment.
    const [pdf] = content.attachments;
    expect(pdf).toMatchObject({ contentType: 'application/pdf', filename: expect.stringMatching(/\.pdf$/) });
    expect(pdf!.content.subarray(0, 4).toString()).toBe('%PDF');
    const text = await pdfToText(pdf!.content);
    if (text === null) process.stdout.write('[torget] pdftotext missing: the card PDF text is not read back (CI installs poppler-utils).\n');
    else expect(text.replace(/\s+/g, '')).toContain(formatCode(code).replace(/-/g, '-'));
  });

  it('issues promotional cards funded by the association', async () => {
    const { services } = ctx();
    const s = await setup(ctx());
    const cards = await services.giftcards.issuePromotional(systemActor, s.city.id, { amountOre: 50_000, count: 3 });
    expect(cards).toHaveLength(3);
    expect((await services.giftcards.lookup(s.city.id, cards[2]!.code)).balanceOre).toBe(50_000);
    expect(await services.ledger.balance(services.db, s.city.id, accounts.association)).toBe(-150_000);
  });
});
