import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import type { Actor } from '../../platform/auth/roles.js';
import { outboxMessages } from '../../platform/messaging/schema.js';
import { and, eq } from 'drizzle-orm';
import { normalisePayoutAccount } from './index.js';

async function setup(ctx: TestContext) {
  const { services } = ctx;
  const city = await insertCity(services);
  await services.giftcards.products.ensureDefaults(city.id);
  const shop = await insertBusiness(services, city, { category: 'mode', isMember: true, email: 'kassan@butik.example' });
  const owner = await insertUser(services, 'merchant-owner', city, shop.id);
  const first = await insertUser(services, 'association-admin', city);
  const second = await insertUser(services, 'association-admin', city);
  return { city, shop, owner, first: { ...first.actor, hasTwoFactor: true } as Actor, second: { ...second.actor, hasTwoFactor: true } as Actor };
}

describeEachDatabase('payout accounts', (ctx) => {
  it('checks the numbers with their check digits', () => {
    expect(normalisePayoutAccount({ kind: 'bankgiro', number: '5050-1055' })).toEqual({ kind: 'bankgiro', number: '50501055', clearing: null });
    expect(() => normalisePayoutAccount({ kind: 'bankgiro', number: '5050-1056' })).toThrow(expect.objectContaining({ code: 'settlement.invalid_payout_account' }));
    expect(() => normalisePayoutAccount({ kind: 'plusgiro', number: '4500-3' })).toThrow(expect.objectContaining({ code: 'settlement.invalid_payout_account' }));
    expect(() => normalisePayoutAccount({ kind: 'bank', clearing: '0999', number: '1234567' })).toThrow(expect.objectContaining({ code: 'settlement.invalid_payout_account' }));
  });

  it('a change is pending until a second admin confirms it, the business is told, and the payout file uses only the confirmed account', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const accounts = services.settlement.payoutAccounts;
    const pending = await accounts.propose(s.first, s.city.id, s.shop.id, { kind: 'bankgiro', number: '5050-1055' });
    expect(pending).toMatchObject({ status: 'pending', display: 'Bankgiro 5050-1055' });
    expect((await accounts.confirmedAccounts(s.city.id)).size).toBe(0);
    await expect(accounts.confirm(s.first, s.city.id, pending.id)).rejects.toMatchObject({ code: 'settlement.payout_account_same_person' });
    await expect(accounts.confirm(s.owner.actor, s.city.id, pending.id)).rejects.toMatchObject({ code: 'forbidden' });

    // Pay something so the run has a line.
    const { order, cards } = await services.giftcards.placeOrder(null, s.city.id, { productSlug: 'presentkort', amountOre: 50_000, quantity: 1, buyer: { email: 'kop@example.test' }, paymentMethod: 'simulator', channel: 'web' });
    await services.giftcards.setPaymentRef(s.city.id, order.id, `sim-${order.id}`);
    await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
    await services.giftcards.redeem(s.owner.actor, s.city.id, { code: cards[0]!.code, businessId: s.shop.id, amountOre: 10_000 });
    const run = await services.settlement.createRun(s.first, s.city.id, { until: '2026-12-11' });
    await services.settlement.approve(s.first, s.city.id, run.id, { method: 'web-2fa' });
    const debtor = { name: 'Testföreningen', orgNumber: '802400-1235', bankgiro: '991-2346' };
    await expect(services.settlement.exportPain001(s.first, s.city.id, run.id, { debtor })).rejects.toMatchObject({ code: 'settlement.payout_account_missing' });

    const confirmed = await accounts.confirm(s.second, s.city.id, pending.id);
    expect(confirmed).toMatchObject({ status: 'confirmed', proposedBy: s.first.label, decidedBy: s.second.label });
    const file = await services.settlement.exportPain001(s.first, s.city.id, run.id, { debtor });
    expect(file.xml).toContain('50501055');

    // A later change replaces the account only once confirmed.
    const change = await accounts.propose(s.second, s.city.id, s.shop.id, { kind: 'bank', clearing: '8327-9', number: '123456789-7' });
    expect((await services.settlement.exportPain001(s.first, s.city.id, run.id, { debtor })).xml).toContain('50501055');
    await accounts.confirm(s.first, s.city.id, change.id);
    const list = await accounts.list(s.first, s.city.id);
    expect(list.map((a) => [a.status, a.kind])).toEqual([['confirmed', 'bank']]);
    expect((await services.settlement.exportPain001(s.first, s.city.id, run.id, { debtor })).xml).not.toContain('50501055');

    const mails = await services.db.select().from(outboxMessages).where(and(eq(outboxMessages.cityId, s.city.id), eq(outboxMessages.template, 'settlement.payout_account')));
    expect(mails.map((m) => m.recipient)).toEqual(['kassan@butik.example', 'kassan@butik.example', 'kassan@butik.example', 'kassan@butik.example']);
    expect(mails.map((m) => m.subject).sort()).toEqual(['Nytt utbetalningskonto gäller', 'Nytt utbetalningskonto gäller', 'Ändring av utbetalningskonto', 'Ändring av utbetalningskonto']);
  });

  it('a city that asks for two approvers moves no money until another admin approves too', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    await services.cities.updateSettings(s.first, s.city.id, { settlement: { approvers: 2 } });
    const run = await services.settlement.createRun(s.first, s.city.id, { until: '2026-12-11' });
    const once = await services.settlement.approve(s.first, s.city.id, run.id, { method: 'web-2fa' });
    expect(once).toMatchObject({ status: 'draft', firstApprovedBy: s.first.label });
    await expect(services.settlement.approve(s.first, s.city.id, run.id, { method: 'web-2fa' })).rejects.toMatchObject({ code: 'settlement.second_approval_required' });
    const twice = await services.settlement.approve(s.second, s.city.id, run.id, { method: 'web-2fa' });
    expect(twice).toMatchObject({ status: 'approved', approvedBy: s.first.label, secondApprovedBy: s.second.label });
  });
});
