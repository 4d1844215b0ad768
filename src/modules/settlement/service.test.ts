import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import { cliActor } from '../../cli/context.js';
import type { Actor } from '../../platform/auth/roles.js';
import { accounts } from '../giftcards/index.js';
import { settlementAccounts } from './index.js';

async function setup(ctx: TestContext) {
  const { services } = ctx;
  const city = await insertCity(services);
  await services.giftcards.products.ensureDefaults(city.id);
  const member = await insertBusiness(services, city, { category: 'mode', isMember: true });
  const other = await insertBusiness(services, city, { category: 'mode', isMember: false });
  const memberOwner = await insertUser(services, 'merchant-owner', city, member.id);
  const otherOwner = await insertUser(services, 'merchant-owner', city, other.id);
  const admin = await insertUser(services, 'association-admin', city);
  const admin2fa: Actor = { ...admin.actor, hasTwoFactor: true };
  return { city, member, other, memberOwner, otherOwner, admin: admin.actor, admin2fa };
}

async function buyCard(ctx: TestContext, cityId: string, amountOre = 100_000) {
  const { services } = ctx;
  const { order, cards } = await services.giftcards.placeOrder(null, cityId, { productSlug: 'presentkort', amountOre, quantity: 1, buyer: { email: 'kop@example.test' }, paymentMethod: 'simulator', channel: 'web' });
  await services.giftcards.setPaymentRef(cityId, order.id, `sim-${order.id}`);
  await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
  return cards[0]!.code;
}

const slim = (l: { business: string; redeemedOre: number; reversedOre: number; carriedInOre: number; feeOre: number; feeVatOre: number; payoutOre: number; carriedOutOre: number }) => ({
  business: l.business,
  redeemedOre: l.redeemedOre,
  reversedOre: l.reversedOre,
  carriedInOre: l.carriedInOre,
  feeOre: l.feeOre,
  feeVatOre: l.feeVatOre,
  payoutOre: l.payoutOre,
  carriedOutOre: l.carriedOutOre,
});

describeEachDatabase('settlement runs', (ctx) => {
  it('settles a member at 2,5 % and a non-member at 5 %, and moves exactly that in the ledger', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const code = await buyCard(ctx(), s.city.id);
    await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code, businessId: s.member.id, amountOre: 10_000 });
    await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code, businessId: s.member.id, amountOre: 2_345 });
    await services.giftcards.redeem(s.otherOwner.actor, s.city.id, { code, businessId: s.other.id, amountOre: 7_777 });

    const run = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });
    expect(run).toMatchObject({ number: 1, status: 'draft', from: null, until: '2026-12-11' });
    const byBusiness = new Map(run.lines.map((l) => [l.businessId, l]));
    // 12 345 × 2,5 % = 308,625 → 309; VAT 77,25 → 77; 12 345 − 309 − 77 = 11 959.
    expect(slim(byBusiness.get(s.member.id)!)).toEqual({ business: s.member.slug, redeemedOre: 12_345, reversedOre: 0, carriedInOre: 0, feeOre: 309, feeVatOre: 77, payoutOre: 11_959, carriedOutOre: 0 });
    expect(byBusiness.get(s.member.id)).toMatchObject({ tier: 'member', rateBp: 250 });
    // 7 777 × 5 % = 388,85 → 389; VAT 97,25 → 97; 7 777 − 389 − 97 = 7 291.
    expect(slim(byBusiness.get(s.other.id)!)).toEqual({ business: s.other.slug, redeemedOre: 7_777, reversedOre: 0, carriedInOre: 0, feeOre: 389, feeVatOre: 97, payoutOre: 7_291, carriedOutOre: 0 });
    expect(byBusiness.get(s.other.id)).toMatchObject({ tier: 'non-member', rateBp: 500 });
    for (const l of run.lines) expect(l.payoutOre + l.feeOre + l.feeVatOre).toBe(l.redeemedOre - l.reversedOre);
    const t = run.totals;
    expect(t).toEqual({ redeemedOre: 20_122, reversedOre: 0, carriedInOre: 0, feeOre: 698, feeVatOre: 174, payoutOre: 19_250, carriedOutOre: 0 });
    expect(t.payoutOre + t.feeOre + t.feeVatOre).toBe(t.redeemedOre - t.reversedOre);

    // A draft moves no money.
    expect(await services.ledger.balance(services.db, s.city.id, accounts.merchant(s.member.id))).toBe(12_345);
    const approved = await services.settlement.approve(s.admin2fa, s.city.id, run.id, { method: 'web-2fa' });
    expect(approved).toMatchObject({ status: 'approved', approvedBy: s.admin.label, approvalMethod: 'web-2fa' });

    const balance = (code: string) => services.ledger.balance(services.db, s.city.id, code);
    expect(await balance(accounts.merchant(s.member.id))).toBe(12_345 - (11_959 + 309 + 77));
    expect(await balance(accounts.merchant(s.other.id))).toBe(0);
    expect(await balance(settlementAccounts.payout(s.member.id))).toBe(11_959);
    expect(await balance(settlementAccounts.payout(s.other.id))).toBe(7_291);
    expect(await balance(settlementAccounts.fees)).toBe(698);
    expect(await balance(settlementAccounts.feeVat)).toBe(174);
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);

    const entries = await services.audit.list(s.city.id, { entityType: 'settlement_run', entityId: run.id });
    expect(entries.map((e) => e.action).sort()).toEqual(['settlement.run_approve', 'settlement.run_create']);
  });

  it('takes in a second run only what no approved run has taken; a new draft replaces the old one', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const code = await buyCard(ctx(), s.city.id);
    await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code, businessId: s.member.id, amountOre: 10_000 });

    const draft = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });
    const again = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });
    expect(again.number).toBe(draft.number);
    expect(again.lines.map(slim)).toEqual(draft.lines.map(slim));
    await expect(services.settlement.get(s.admin, s.city.id, draft.id)).rejects.toMatchObject({ code: 'settlement.run_not_found' });
    await services.settlement.approve(s.admin2fa, s.city.id, again.id, { method: 'web-2fa' });

    clock.set('2026-12-12T09:00:00Z');
    await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code, businessId: s.member.id, amountOre: 4_000 });
    // Same `until` as before: the first redemption is already taken, the new one is after it.
    const empty = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });
    expect(empty.lines).toEqual([]);
    const second = await services.settlement.createRun(s.admin, s.city.id, { from: '2026-12-01', until: '2026-12-12' });
    expect(second.number).toBe(2);
    expect(second.lines.map(slim)).toEqual([{ business: s.member.slug, redeemedOre: 4_000, reversedOre: 0, carriedInOre: 0, feeOre: 100, feeVatOre: 25, payoutOre: 3_875, carriedOutOre: 0 }]);
    await services.settlement.approve(s.admin2fa, s.city.id, second.id, { method: 'web-2fa' });
    expect(await services.ledger.balance(services.db, s.city.id, accounts.merchant(s.member.id))).toBe(0);
    expect((await services.settlement.list(s.admin, s.city.id)).map((r) => [r.number, r.status])).toEqual([
      [2, 'approved'],
      [1, 'approved'],
    ]);
  });

  it('lets a shop undo a sale the same day after that day was paid out: it owes it back in the next run', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T09:00:00Z');
    const s = await setup(ctx());
    const code = await buyCard(ctx(), s.city.id);
    const sale = await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code, businessId: s.member.id, amountOre: 10_000 });
    const first = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });
    await services.settlement.approve(s.admin2fa, s.city.id, first.id, { method: 'web-2fa' });
    clock.set('2026-12-11T11:00:00Z');
    // The merchant account is empty after the payout; the undo leaves it owing 10 000 öre.
    expect(await services.giftcards.reverse(s.memberOwner.actor, s.city.id, sale.id, s.member.id)).toMatchObject({ balanceOre: 100_000 });
    expect(await services.ledger.balance(services.db, s.city.id, accounts.merchant(s.member.id))).toBe(-10_000);
    clock.set('2026-12-12T10:00:00Z');
    const second = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-12' });
    const line = second.lines.find((l) => l.businessId === s.member.id)!;
    expect(line.payoutOre).toBe(0);
    expect(line.reversedOre).toBe(10_000);
    expect(line.carriedOutOre).toBeLessThan(0);
    expect(line.payoutOre + line.feeOre + line.feeVatOre + line.carriedOutOre).toBe(line.redeemedOre - line.reversedOre + line.carriedInOre);
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
  });

  it('carries a negative line (a reversal after payout) to the next run and never pays a negative amount', async () => {
    const { services, clock } = ctx();
    const s = await setup(ctx());
    const code = await buyCard(ctx(), s.city.id);
    clock.set('2026-12-10T10:00:00Z');
    await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code, businessId: s.member.id, amountOre: 20_000 });
    clock.set('2026-12-11T10:00:00Z');
    const r1 = await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code, businessId: s.member.id, amountOre: 10_000 });

    // Run 1 covers only the 11th: the 10 000 öre purchase, paid out.
    const run1 = await services.settlement.createRun(s.admin, s.city.id, { from: '2026-12-11', until: '2026-12-11' });
    expect(run1.lines.map(slim)).toEqual([{ business: s.member.slug, redeemedOre: 10_000, reversedOre: 0, carriedInOre: 0, feeOre: 250, feeVatOre: 63, payoutOre: 9_687, carriedOutOre: 0 }]);
    await services.settlement.approve(s.admin2fa, s.city.id, run1.id, { method: 'web-2fa' });

    // The shop undoes that purchase later the same day.
    clock.set('2026-12-11T11:00:00Z');
    await services.giftcards.reverse(s.memberOwner.actor, s.city.id, r1.id, s.member.id);

    // Run 2 sees only the reversal: the fee is refunded, nothing is paid, the rest is carried.
    const run2 = await services.settlement.createRun(s.admin, s.city.id, { from: '2026-12-11', until: '2026-12-11' });
    expect(run2.lines.map(slim)).toEqual([{ business: s.member.slug, redeemedOre: 0, reversedOre: 10_000, carriedInOre: 0, feeOre: -250, feeVatOre: -63, payoutOre: 0, carriedOutOre: -9_687 }]);
    await services.settlement.approve(s.admin2fa, s.city.id, run2.id, { method: 'web-2fa' });
    expect(await services.ledger.balance(services.db, s.city.id, settlementAccounts.payout(s.member.id))).toBe(9_687);
    // The unsettled 20 000 plus the carried debt stay on the merchant account.
    expect(await services.ledger.balance(services.db, s.city.id, accounts.merchant(s.member.id))).toBe(20_000 - 9_687);

    // Run 3 takes the 10th's purchase and the carry.
    const run3 = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });
    expect(run3.lines.map(slim)).toEqual([{ business: s.member.slug, redeemedOre: 20_000, reversedOre: 0, carriedInOre: -9_687, feeOre: 500, feeVatOre: 125, payoutOre: 9_688, carriedOutOre: 0 }]);
    await services.settlement.approve(s.admin2fa, s.city.id, run3.id, { method: 'web-2fa' });

    // Over the three runs: paid + fees = redeemed − reversed, nothing twice, nothing left.
    const runs = await Promise.all([run1, run2, run3].map((r) => services.settlement.get(s.admin, s.city.id, r.id)));
    const sum = (k: 'payoutOre' | 'feeOre' | 'feeVatOre' | 'redeemedOre' | 'reversedOre') => runs.reduce((acc, r) => acc + r.totals[k], 0);
    expect(sum('payoutOre') + sum('feeOre') + sum('feeVatOre')).toBe(sum('redeemedOre') - sum('reversedOre'));
    expect(runs.flatMap((r) => r.lines).every((l) => l.payoutOre >= 0)).toBe(true);
    expect(await services.ledger.balance(services.db, s.city.id, accounts.merchant(s.member.id))).toBe(0);
    expect(await services.ledger.balance(services.db, s.city.id, settlementAccounts.payout(s.member.id))).toBe(9_687 + 9_688);
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
  });

  it('asks for two-factor on the web, lets only the CLI approve as the CLI, and never approves twice', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const code = await buyCard(ctx(), s.city.id);
    await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code, businessId: s.member.id, amountOre: 5_000 });
    const run = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });

    await expect(services.settlement.approve(s.admin, s.city.id, run.id, { method: 'web-2fa' })).rejects.toMatchObject({ code: 'auth.two_factor_required' });
    await expect(services.settlement.approve(s.admin2fa, s.city.id, run.id, { method: 'cli' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await services.settlement.get(s.admin, s.city.id, run.id)).status).toBe('draft');
    expect(await services.ledger.balance(services.db, s.city.id, accounts.merchant(s.member.id))).toBe(5_000);

    const cli = cliActor();
    const approved = await services.settlement.approve(cli, s.city.id, run.id, { method: 'cli' });
    expect(approved).toMatchObject({ status: 'approved', approvalMethod: 'cli', approvedBy: cli.label });
    const [entry] = await services.audit.list(s.city.id, { entityType: 'settlement_run', entityId: run.id });
    expect(entry).toMatchObject({ action: 'settlement.run_approve', actor: cli.label, data: { method: 'cli', operator: cli.label, twoFactor: false } });

    // Approved is final: approving again pays nothing twice.
    await expect(services.settlement.approve(s.admin2fa, s.city.id, run.id, { method: 'web-2fa' })).rejects.toMatchObject({ code: 'settlement.run_approved' });
    await expect(services.settlement.approve(cli, s.city.id, run.id, { method: 'cli' })).rejects.toMatchObject({ code: 'settlement.run_approved' });
    expect(await services.ledger.balance(services.db, s.city.id, settlementAccounts.payout(s.member.id))).toBe(5_000 - 125 - 31);
    // A new draft does not touch the approved run.
    await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });
    const still = await services.settlement.get(s.admin, s.city.id, run.id);
    expect(still).toMatchObject({ status: 'approved' });
    expect(still.lines.map(slim)).toEqual(approved.lines.map(slim));
  });

  it('keeps runs to their city and their admins', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const elsewhere = await setup(ctx());
    const code = await buyCard(ctx(), s.city.id);
    await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code, businessId: s.member.id, amountOre: 5_000 });
    const run = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });

    for (const call of [
      () => services.settlement.get(elsewhere.admin2fa, s.city.id, run.id),
      () => services.settlement.list(elsewhere.admin2fa, s.city.id),
      () => services.settlement.approve(elsewhere.admin2fa, s.city.id, run.id, { method: 'web-2fa' }),
      () => services.settlement.createRun(elsewhere.admin2fa, s.city.id, { until: '2026-12-11' }),
      () => services.settlement.get(s.memberOwner.actor, s.city.id, run.id),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'forbidden' });
    }
    // Its own city, another city's run id: not found.
    await expect(services.settlement.get(elsewhere.admin, elsewhere.city.id, run.id)).rejects.toMatchObject({ code: 'settlement.run_not_found' });
    await expect(services.settlement.approve(elsewhere.admin2fa, elsewhere.city.id, run.id, { method: 'web-2fa' })).rejects.toMatchObject({ code: 'settlement.run_not_found' });
    expect((await services.settlement.get(s.admin, s.city.id, run.id)).status).toBe('draft');
    await expect(services.settlement.createRun(s.admin, s.city.id, { from: '2026-12-12', until: '2026-12-11' })).rejects.toMatchObject({ code: 'settlement.invalid_period' });
  });

  it('refuses to approve a draft that a later reversal made stale', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const code = await buyCard(ctx(), s.city.id);
    const r = await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code, businessId: s.member.id, amountOre: 5_000 });
    const run = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });
    await services.giftcards.reverse(s.memberOwner.actor, s.city.id, r.id, s.member.id);
    await expect(services.settlement.approve(s.admin2fa, s.city.id, run.id, { method: 'web-2fa' })).rejects.toMatchObject({ code: 'settlement.stale_draft' });
    const fresh = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });
    expect(fresh.lines.map(slim)).toEqual([{ business: s.member.slug, redeemedOre: 5_000, reversedOre: 5_000, carriedInOre: 0, feeOre: 0, feeVatOre: 0, payoutOre: 0, carriedOutOre: 0 }]);
    await services.settlement.approve(s.admin2fa, s.city.id, fresh.id, { method: 'web-2fa' });
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
  });

  it('charges a 0 % campaign card and an ordinary card redeemed at one business in one run at their own tiers', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    // The municipality pays the fees on its lunch campaign's cards (0 %); the property
    // owners' campaign sets no fee of its own, so its cards pay the usual tiers.
    const campaign = (slug: string, name: string, feeBp?: number) =>
      services.campaigns.create(s.admin, s.city.id, {
        slug,
        name,
        faceValueOre: 50_000,
        priceOre: 25_000,
        sponsor: { name: 'Demoköpings kommun', email: 'kommun@example.test' },
        capCards: 100,
        startsOn: '2026-12-01',
        endsOn: '2026-12-31',
        ...(feeBp !== undefined ? { feeBp } : {}),
      });
    const municipal = await campaign('kommunens-kort', 'Kommunens kort', 0);
    await campaign('fastighetsagarna', 'Fastighetsägarnas kort');
    const buyCampaignCard = async (slug: string) => {
      const { order } = await services.campaigns.buy(s.city.id, slug, { buyer: { email: `k-${slug}@example.test` }, quantity: 1, paymentMethod: 'simulator' });
      await services.giftcards.setPaymentRef(s.city.id, order.id, `sim-${order.id}`);
      await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
      return (await services.giftcards.revealCode((await services.giftcards.getOrder(s.city.id, order.id))!.cards[0]!.id))!.code;
    };
    const ordinary = await buyCard(ctx(), s.city.id);
    const free = await buyCampaignCard('kommunens-kort');
    const owners = await buyCampaignCard('fastighetsagarna');

    await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code: ordinary, businessId: s.member.id, amountOre: 10_000 });
    await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code: free, businessId: s.member.id, amountOre: 12_345 });
    const undone = await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code: free, businessId: s.member.id, amountOre: 1_000 });
    await services.giftcards.reverse(s.memberOwner.actor, s.city.id, undone.id, s.member.id);
    await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code: owners, businessId: s.member.id, amountOre: 2_000 });
    await services.giftcards.redeem(s.otherOwner.actor, s.city.id, { code: free, businessId: s.other.id, amountOre: 3_000 });

    const run = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });
    expect(run.lines).toHaveLength(2); // one line per business, whatever the tiers
    const member = run.lines.find((l) => l.businessId === s.member.id)!;
    // Member tier: 10 000 + 2 000 (a campaign without a fee of its own) at 2,5 % = 300, VAT 75.
    // The municipality's tier: 12 345 + 1 000 redeemed, 1 000 reversed, at 0 %.
    expect(member.fees).toEqual([
      { tier: 'member', feeBp: 250, baseOre: 12_000, feeOre: 300, feeVatOre: 75 },
      { tier: `campaign:${municipal.id}`, name: 'Kommunens kort', feeBp: 0, baseOre: 12_345, feeOre: 0, feeVatOre: 0 },
    ]);
    expect(slim(member)).toEqual({ business: s.member.slug, redeemedOre: 25_345, reversedOre: 1_000, carriedInOre: 0, feeOre: 300, feeVatOre: 75, payoutOre: 24_345 - 375, carriedOutOre: 0 });
    expect(member).toMatchObject({ tier: 'member', rateBp: 250 });
    const other = run.lines.find((l) => l.businessId === s.other.id)!;
    expect(other.fees).toEqual([{ tier: `campaign:${municipal.id}`, name: 'Kommunens kort', feeBp: 0, baseOre: 3_000, feeOre: 0, feeVatOre: 0 }]);
    expect(other).toMatchObject({ tier: 'non-member', rateBp: 500, feeOre: 0, feeVatOre: 0, payoutOre: 3_000 });
    for (const l of run.lines) expect(l.payoutOre + l.feeOre + l.feeVatOre).toBe(l.redeemedOre - l.reversedOre);
    expect(run.totals.payoutOre + run.totals.feeOre + run.totals.feeVatOre).toBe(run.totals.redeemedOre - run.totals.reversedOre);

    // The ledger moves the line's summed fee; the statement puts each redemption in its tier.
    await services.settlement.approve(s.admin2fa, s.city.id, run.id, { method: 'web-2fa' });
    expect(await services.ledger.balance(services.db, s.city.id, settlementAccounts.fees)).toBe(300);
    expect(await services.ledger.balance(services.db, s.city.id, settlementAccounts.feeVat)).toBe(75);
    const statement = await services.settlement.statement(s.memberOwner.actor, s.city.id, run.id, s.member.id);
    expect(statement.line.fees).toEqual(member.fees);
    expect(statement.items.map((i) => [i.amountOre, i.tier]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [-1_000, `campaign:${municipal.id}`],
      [1_000, `campaign:${municipal.id}`],
      [2_000, 'member'],
      [10_000, 'member'],
      [12_345, `campaign:${municipal.id}`],
    ]);
    // The payout file's CSV says how each amount came about, tier by tier.
    const debtor = { name: 'Testföreningen', orgNumber: '802400-1235', bankgiro: '991-2346' };
    const file = await services.settlement.exportPain001(s.admin, s.city.id, run.id, { debtor, payoutAccounts: new Map([[s.member.id, { kind: 'bankgiro' as const, number: '5050-1055' }], [s.other.id, { kind: 'bankgiro' as const, number: '5050-1055' }]]) });
    expect(file.csv).toContain('253.45;10.00;0.00;3.00;0.75;Medlem 2.5 %: underlag 120.00, avgift 3.00, moms 0.75 | Kampanj Kommunens kort 0 %: underlag 123.45, avgift 0.00, moms 0.00');
    expect((await services.ledger.verify(s.city.id)).ok).toBe(true);
  });

  it('writes the payout file of an approved run, control sum equal to its payouts', async () => {
    const { services, clock } = ctx();
    clock.set('2026-12-11T10:30:00Z');
    const s = await setup(ctx());
    const code = await buyCard(ctx(), s.city.id);
    await services.giftcards.redeem(s.memberOwner.actor, s.city.id, { code, businessId: s.member.id, amountOre: 10_000 });
    await services.giftcards.redeem(s.otherOwner.actor, s.city.id, { code, businessId: s.other.id, amountOre: 10_000 });
    const run = await services.settlement.createRun(s.admin, s.city.id, { until: '2026-12-11' });
    const debtor = { name: 'Testföreningen', orgNumber: '802400-1235', bankgiro: '991-2346' };
    const payoutAccounts = new Map([
      [s.member.id, { kind: 'bankgiro' as const, number: '5050-1055' }],
      [s.other.id, { kind: 'bank' as const, clearing: '8327', account: '9349823' }],
    ]);
    await expect(services.settlement.exportPain001(s.admin, s.city.id, run.id, { debtor, payoutAccounts })).rejects.toMatchObject({ code: 'settlement.run_not_approved' });
    await services.settlement.approve(s.admin2fa, s.city.id, run.id, { method: 'web-2fa' });
    await expect(services.settlement.exportPain001(s.admin, s.city.id, run.id, { debtor, payoutAccounts: new Map([[s.member.id, payoutAccounts.get(s.member.id)!]]) })).rejects.toMatchObject({ code: 'settlement.payout_account_missing' });
    const file = await services.settlement.exportPain001(s.admin, s.city.id, run.id, { debtor, payoutAccounts });
    // 10 000 − 250 − 63 = 9 687 (member); 10 000 − 500 − 125 = 9 375 (non-member).
    expect(file).toMatchObject({ totalOre: 9_687 + 9_375, payments: 2 });
    expect(file.xml).toContain('<CtrlSum>190.62</CtrlSum>');
    expect(file.csv).toContain('96.87');
  });
});
