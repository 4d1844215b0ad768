import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import type { Actor } from '../../platform/auth/roles.js';
import { accounts } from '../giftcards/index.js';
import { sponsorAccount, type CampaignInput } from './index.js';

const halmstad = (overrides: Partial<CampaignInput> = {}): CampaignInput => ({
  slug: 'dubbla-vardet',
  name: 'Dubbla värdet',
  description: 'Betala 250 kr, få ett presentkort på 500 kr. Fastighetsägarna betalar resten.',
  productSlug: 'presentkort',
  faceValueOre: 50_000,
  priceOre: 25_000,
  sponsor: { name: 'Fastighetsägarna Halmstad', email: 'faktura@fastighetsagarna.example', orgNumber: '802400-1235' },
  capCards: 250,
  perBuyerCap: 2,
  startsOn: '2026-12-01',
  endsOn: '2026-12-24',
  returnOnExpiry: true,
  ...overrides,
});

async function setup(ctx: TestContext) {
  const { services } = ctx;
  const city = await insertCity(services);
  await services.giftcards.products.ensureDefaults(city.id);
  const admin = await insertUser(services, 'association-admin', city);
  const shop = await insertBusiness(services, city, { category: 'mode', isMember: true });
  const owner = await insertUser(services, 'merchant-owner', city, shop.id);
  return { city, admin: admin.actor as Actor, shop, owner: owner.actor };
}

async function pay(ctx: TestContext, orderId: string, cityId: string, totalOre: number, status: 'paid' | 'declined' = 'paid') {
  await ctx.services.giftcards.setPaymentRef(cityId, orderId, `sim-${orderId}`);
  await ctx.services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${orderId}`, status, amountOre: totalOre });
}

describeEachDatabase('campaigns', (ctx) => {
  it('pay 250, get 500: the sponsor pays its half into each card, in the ledger', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const c = await services.campaigns.create(s.admin, s.city.id, halmstad());
    expect(c).toMatchObject({ cardValueOre: 50_000, sponsorShareOre: 25_000, leftCards: 250, active: true });
    expect((await services.campaigns.activeOffers(s.city.id)).map((o) => o.slug)).toEqual(['dubbla-vardet']);

    const { order } = await services.campaigns.buy(s.city.id, 'dubbla-vardet', { buyer: { email: 'Anna@Example.test' }, quantity: 2, paymentMethod: 'simulator' });
    expect(order.totalOre).toBe(50_000);
    await pay(ctx(), order.id, s.city.id, order.totalOre);
    const found = await services.giftcards.getOrder(s.city.id, order.id);
    expect(found!.cards.map((card) => [card.paidOre, card.sponsorOre, card.faceValueOre])).toEqual([
      [25_000, 25_000, 50_000],
      [25_000, 25_000, 50_000],
    ]);
    const balance = (code: string) => services.ledger.balance(services.db, s.city.id, code);
    expect(await balance(accounts.card(found!.cards[0]!.id))).toBe(50_000);
    expect(await balance(sponsorAccount(c.id))).toBe(-50_000);
    expect(await balance(accounts.clearing('simulator'))).toBe(-50_000);

    // A third card for the same buyer is refused before payment.
    await expect(services.campaigns.buy(s.city.id, 'dubbla-vardet', { buyer: { email: 'anna@example.test' }, quantity: 1, paymentMethod: 'simulator' })).rejects.toMatchObject({ code: 'campaigns.buyer_limit' });
    expect(await services.campaigns.syncReservations({ cityId: s.city.id })).toEqual({ paid: 1, released: 0 });
    expect(await services.campaigns.get(s.admin, s.city.id, c.id)).toMatchObject({ soldCards: 2, leftCards: 248 });
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
  });

  it('card 251 is never sold; a declined payment gives its cards back', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    await services.campaigns.create(s.admin, s.city.id, halmstad({ capCards: 3 }));
    const first = await services.campaigns.buy(s.city.id, 'dubbla-vardet', { buyer: { email: 'a@example.test' }, quantity: 2, paymentMethod: 'simulator' });
    const second = await services.campaigns.buy(s.city.id, 'dubbla-vardet', { buyer: { email: 'b@example.test' }, quantity: 1, paymentMethod: 'simulator' });
    await expect(services.campaigns.buy(s.city.id, 'dubbla-vardet', { buyer: { email: 'c@example.test' }, quantity: 1, paymentMethod: 'simulator' })).rejects.toMatchObject({ code: 'campaigns.sold_out', message: expect.stringContaining('Slutsålt') });
    await pay(ctx(), first.order.id, s.city.id, first.order.totalOre);
    await pay(ctx(), second.order.id, s.city.id, second.order.totalOre, 'declined');
    expect(await services.campaigns.syncReservations({ cityId: s.city.id })).toEqual({ paid: 1, released: 1 });
    const again = await services.campaigns.buy(s.city.id, 'dubbla-vardet', { buyer: { email: 'c@example.test' }, quantity: 1, paymentMethod: 'simulator' });
    expect(again.order.totalOre).toBe(25_000);
  });

  it('refuses a campaign that has not started, or a price above the card value', async () => {
    const { services, clock } = ctx();
    clock.set('2026-11-20T10:30:00Z');
    const s = await setup(ctx());
    await services.campaigns.create(s.admin, s.city.id, halmstad());
    await expect(services.campaigns.buy(s.city.id, 'dubbla-vardet', { buyer: { email: 'a@example.test' }, quantity: 1, paymentMethod: 'simulator' })).rejects.toMatchObject({ code: 'campaigns.not_active' });
    await expect(services.campaigns.create(s.admin, s.city.id, halmstad({ slug: 'dyr', priceOre: 60_000 }))).rejects.toMatchObject({ code: 'validation' });
    await expect(services.campaigns.create(s.owner, s.city.id, halmstad({ slug: 'annan' }))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('lunch coupons 10 × 80 kr for 400 kr: the municipality pays 400 a booklet and is invoiced for its share', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const c = await services.campaigns.create(s.admin, s.city.id, halmstad({ slug: 'lunch', name: 'Lunch i stan', productSlug: 'lunchkuponger', faceValueOre: undefined, priceOre: 40_000, capCards: 100, perBuyerCap: 1, sponsor: { name: 'Halmstads kommun', email: 'faktura@kommun.example', orgNumber: '802400-1235' }, feeBp: 0 }));
    expect(c).toMatchObject({ cardValueOre: 80_000, sponsorShareOre: 40_000 });
    const { order } = await services.campaigns.buy(s.city.id, 'lunch', { buyer: { email: 'a@example.test' }, quantity: 1, paymentMethod: 'simulator' });
    expect(order.totalOre).toBe(40_000);
    await pay(ctx(), order.id, s.city.id, order.totalOre);
    const statement = await services.campaigns.sponsorStatement(s.admin, s.city.id, 'lunch', { from: '2026-12-01', until: '2026-12-31' });
    expect(statement).toMatchObject({ cards: 1, fundedOre: 40_000, returnedOre: 0, dueOre: 40_000 });
    const invoice = await services.campaigns.invoiceSponsor(s.admin, s.city.id, 'lunch', { from: '2026-12-01', until: '2026-12-31' });
    expect(invoice.totalOre).toBe(40_000);
  });

  it('on expiry the sponsor gets its share of what is left back, where the campaign says so', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const c = await services.campaigns.create(s.admin, s.city.id, halmstad());
    const { order } = await services.campaigns.buy(s.city.id, 'dubbla-vardet', { buyer: { email: 'a@example.test' }, quantity: 1, paymentMethod: 'simulator' });
    await pay(ctx(), order.id, s.city.id, order.totalOre);
    const card = (await services.giftcards.getOrder(s.city.id, order.id))!.cards[0]!;
    const { code } = (await services.giftcards.revealCode(card.id))!;
    await services.giftcards.redeem(s.owner, s.city.id, { code, businessId: s.shop.id, amountOre: 10_000 });
    clock.set(new Date(card.expiresAt.getTime() + 1000).toISOString());
    await services.giftcards.expireDue({ cityId: s.city.id });
    // 40 000 left, half the sponsor's: 20 000 back to it, 20 000 to breakage.
    const balance = (code: string) => services.ledger.balance(services.db, s.city.id, code);
    expect(await balance(sponsorAccount(c.id))).toBe(-25_000 + 20_000);
    expect(await balance(accounts.breakage)).toBe(20_000);
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
  });

  it('the sponsor\'s payments settle what it owes, part by part; a refunded card gives its share back', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const c = await services.campaigns.create(s.admin, s.city.id, halmstad());
    const { order } = await services.campaigns.buy(s.city.id, 'dubbla-vardet', { buyer: { email: 'a@example.test' }, quantity: 2, paymentMethod: 'simulator' });
    await pay(ctx(), order.id, s.city.id, order.totalOre);
    const period = { from: '2026-12-01', until: '2026-12-31' };
    expect(await services.campaigns.sponsorStatement(s.admin, s.city.id, c.id, period)).toMatchObject({ cards: 2, fundedOre: 50_000, returnedOre: 0, dueOre: 50_000, paidOre: 0, owedOre: 50_000 });
    const invoice = await services.campaigns.invoiceSponsor(s.admin, s.city.id, c.id, period);
    const balance = (code: string) => services.ledger.balance(services.db, s.city.id, code);

    // A partial payment, then the rest: each is money in against the sponsor's account.
    clock.set('2027-01-10T09:00:00Z');
    await services.billing.registerPayment(s.admin, s.city.id, invoice.invoiceId, { amountOre: 20_000, paidOn: '2027-01-10', method: 'bankgiro' });
    expect(await balance(sponsorAccount(c.id))).toBe(-30_000);
    expect(await balance(accounts.clearing('invoice'))).toBe(-20_000);
    expect(await services.campaigns.sponsorStatement(s.admin, s.city.id, c.id, { from: '2027-01-01', until: '2027-01-31' })).toMatchObject({ cards: 0, fundedOre: 0, dueOre: 0, paidOre: 20_000, owedOre: 30_000 });
    await services.billing.registerPayment(s.admin, s.city.id, invoice.invoiceId, { amountOre: 30_000, paidOn: '2027-01-11', method: 'bankgiro' });
    expect(await balance(sponsorAccount(c.id))).toBe(0);
    // The December statement is unchanged by January's payments: what was funded is still due for that period.
    expect(await services.campaigns.sponsorStatement(s.admin, s.city.id, c.id, period)).toMatchObject({ fundedOre: 50_000, dueOre: 50_000, paidOre: 0, owedOre: 0 });

    // Another card, refunded unused within the 14 days: the buyer's price goes back to
    // the payment method, the sponsor's share to the sponsor.
    clock.set('2026-12-20T10:00:00Z');
    const more = await services.campaigns.buy(s.city.id, 'dubbla-vardet', { buyer: { email: 'b@example.test' }, quantity: 1, paymentMethod: 'simulator' });
    await pay(ctx(), more.order.id, s.city.id, more.order.totalOre);
    expect(await balance(sponsorAccount(c.id))).toBe(-25_000);
    const simulatorBefore = await balance(accounts.clearing('simulator'));
    await services.giftcards.refundOrder(s.admin, s.city.id, more.order.id);
    expect(await balance(sponsorAccount(c.id))).toBe(0);
    expect(await balance(accounts.clearing('simulator'))).toBe(simulatorBefore + 25_000);
    expect(await services.campaigns.sponsorStatement(s.admin, s.city.id, c.id, { from: '2026-12-20', until: '2026-12-20' })).toMatchObject({ cards: 1, fundedOre: 25_000, returnedOre: 25_000, dueOre: 0 });
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);

    // A payment against an invoice that is not a sponsor's moves nothing on sponsor accounts.
    const other = await services.billing.createInvoice(s.admin, s.city.id, { customer: { name: 'Någon AB', email: 'n@example.test' }, lines: [{ description: 'Annat', quantity: 1, unitPriceOre: 1_000, vatRate: 25 }] });
    await services.billing.registerPayment(s.admin, s.city.id, other.id, { amountOre: other.totalOre, paidOn: '2026-12-20', method: 'bankgiro' });
    expect(await balance(sponsorAccount(c.id))).toBe(0);
    expect(await balance(accounts.clearing('invoice'))).toBe(-50_000);
  });

  it('a promotion batch: one 500 kr card for each member business, paid by the association', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const other = await insertBusiness(services, s.city, { category: 'mode', isMember: true, email: 'b@shop.example' });
    const c = await services.campaigns.create(s.admin, s.city.id, halmstad({ slug: 'julklapp', name: 'Julklapp till medlemmarna', kind: 'promo', priceOre: 0, perBuyerCap: undefined, capCards: 2, sponsor: { name: 'Citysamverkan', email: 'kansli@city.example' } }));
    const issued = await services.campaigns.issuePromo(s.admin, s.city.id, c.id, [
      { businessId: s.shop.id, name: s.shop.name, email: 'a@shop.example' },
      { businessId: other.id, name: other.name, email: 'b@shop.example' },
    ]);
    expect(issued).toHaveLength(2);
    expect(await services.ledger.balance(services.db, s.city.id, sponsorAccount(c.id))).toBe(-100_000);
    await expect(services.campaigns.issuePromo(s.admin, s.city.id, c.id, [{ businessId: s.shop.id, name: 'x', email: 'x@shop.example' }])).rejects.toMatchObject({ code: 'campaigns.sold_out' });
  });
});
