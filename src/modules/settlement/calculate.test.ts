import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoWeek, isoWeekday } from '../../platform/time/zoned.js';
import {
  carriesForNextRun,
  chooseRate,
  feeFor,
  nextPeriod,
  periodInstants,
  periodOf,
  settleLine,
  settleRun,
  vatOn,
  type FeeConfig,
  type SettleLineInput,
  type SettlementLine,
  type SettlementTotals,
  type TierAmounts,
} from './calculate.js';

const HOUR = 3_600_000;

function lineIdentityHolds(l: SettlementLine): boolean {
  return l.payoutOre + l.feeOre + l.feeVatOre + l.carriedOutOre === l.redeemedOre - l.reversedOre + l.carriedInOre;
}

function totalsIdentityHolds(t: SettlementTotals): boolean {
  return t.payoutOre + t.feeOre + t.feeVatOre + t.carriedOutOre === t.redeemedOre - t.reversedOre + t.carriedInOre;
}

describe('feeFor', () => {
  it.each([
    // amount, rateBp, fee, exact value
    [0, 250, 0, '0'],
    [19, 250, 0, '0,475'],
    [20, 250, 1, '0,5 exactly: half rounds up'],
    [60, 250, 2, '1,5 → 2'],
    [99, 250, 2, '2,475'],
    [100, 250, 3, '2,5 → 3'],
    [10_000, 250, 250, '250'],
    [10, 500, 1, '0,5 at 5 %'],
    [9, 500, 0, '0,45'],
    [1, 5000, 1, '0,5 at 50 %'],
    [123_456_789, 0, 0, 'campaign at 0 %'],
    [1, 10_000, 1, '100 %'],
    [-20, 250, -1, '−0,5 → −1 (mirrored)'],
    [-19, 250, 0, '−0,475 → 0'],
    [-100, 250, -3, '−2,5 → −3'],
    [-10_000, 250, -250, 'a refunded fee'],
  ])('%i öre at %i bp → %i (%s)', (amount, rateBp, fee) => {
    expect(feeFor(amount, rateBp)).toBe(fee);
  });

  it('never returns -0', () => {
    expect(Object.is(feeFor(-19, 250), 0)).toBe(true);
    expect(Object.is(feeFor(-5, 0), 0)).toBe(true);
  });

  it('is exact beyond 2^53 in the intermediate product', () => {
    // 9 007 199 254 740 991 × 250 passes 2^53; 2,5 % of it is 225 179 981 368 524,775 → …525.
    expect(feeFor(Number.MAX_SAFE_INTEGER, 250)).toBe(225_179_981_368_525);
    expect(feeFor(-Number.MAX_SAFE_INTEGER, 250)).toBe(-225_179_981_368_525);
    // 2 × 10^15 + 20 öre at 2,5 % = 5 × 10^13 + 0,5 → rounds up (a float product would be inexact).
    expect(feeFor(2e15 + 20, 250)).toBe(50_000_000_000_001);
  });

  it('is within half an öre of the exact fee, and a tie rounds away from zero (any amount, any rate)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 10_000 }), (amount, rateBp) => {
        const fee = BigInt(feeFor(amount, rateBp));
        const exactTimes10k = BigInt(amount) * BigInt(rateBp);
        const diff = fee * 10_000n - exactTimes10k; // error in 1/10 000 öre
        expect(diff <= 5_000n && diff >= -5_000n).toBe(true);
        if (diff === 5_000n) expect(exactTimes10k >= 0n).toBe(true); // a tie rounded up only when positive
        if (diff === -5_000n) expect(exactTimes10k <= 0n).toBe(true); // … and down only when negative
      }),
    );
  });

  it('is symmetric and monotonic', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 10_000 }), (a, step, rateBp) => {
        expect(feeFor(-a, rateBp)).toBe(-feeFor(a, rateBp) || 0);
        expect(feeFor(a + step, rateBp)).toBeGreaterThanOrEqual(feeFor(a, rateBp));
      }),
    );
  });

  it('rejects fractional öre and rates outside 0–100 %', () => {
    expect(() => feeFor(10.5, 250)).toThrow(RangeError);
    expect(() => feeFor(Number.MAX_SAFE_INTEGER + 1, 250)).toThrow(RangeError);
    expect(() => feeFor(100, -1)).toThrow(RangeError);
    expect(() => feeFor(100, 10_001)).toThrow(RangeError);
    expect(() => feeFor(100, 2.5)).toThrow(RangeError);
  });
});

describe('vatOn', () => {
  it.each([
    [0, 0],
    [1, 0], // 0,25
    [2, 1], // 0,5 exactly → 1
    [3, 1], // 0,75 → 1
    [6, 2], // 1,5 → 2
    [250, 63], // 62,5 → 63
    [500, 125],
    [-2, -1], // a refunded fee's VAT mirrors it
    [-3, -1],
    [-250, -63],
  ])('25 %% of a %i öre fee → %i', (fee, vat) => {
    expect(vatOn(fee)).toBe(vat);
  });

  it('is computed on the rounded fee, not the exact one', () => {
    // 2,5 % of 100 öre = 2,5 → fee 3; VAT 25 % of 3 = 0,75 → 1. On the exact fee it would be 0,625 → 1,
    // but 2,5 % of 60 = 1,5 → fee 2, VAT 0,5 → 1 where the exact fee would give 0,375 → 0.
    expect(vatOn(feeFor(100, 250))).toBe(1);
    expect(vatOn(feeFor(60, 250))).toBe(1);
  });

  it('takes another rate', () => {
    expect(vatOn(100, 1200)).toBe(12);
    expect(vatOn(100, 0)).toBe(0);
  });
});

describe('settleLine', () => {
  const base: SettleLineInput = { businessId: 'b1', redeemedOre: 0, reversedOre: 0, carriedInOre: 0, rateBp: 250 };

  it('pays redemptions less fee and fee VAT', () => {
    // 1 000 kr at 2,5 %: fee 25 kr, VAT 6,25 kr, payout 968,75 kr.
    expect(settleLine({ ...base, redeemedOre: 100_000 })).toEqual({
      businessId: 'b1',
      redeemedOre: 100_000,
      reversedOre: 0,
      carriedInOre: 0,
      feeOre: 2_500,
      feeVatOre: 625,
      payoutOre: 96_875,
      carriedOutOre: 0,
      fees: [{ tier: 'default', feeBp: 250, baseOre: 100_000, feeOre: 2_500, feeVatOre: 625 }],
    });
  });

  it('takes the fee on the net of redemptions and reversals', () => {
    const l = settleLine({ ...base, redeemedOre: 50_000, reversedOre: 10_000, rateBp: 500 });
    expect(l).toMatchObject({ feeOre: 2_000, feeVatOre: 500, payoutOre: 37_500, carriedOutOre: 0 });
  });

  it('refunds the fee on a negative net and carries the shortfall, never paying a negative amount', () => {
    const l = settleLine({ ...base, reversedOre: 10_000 });
    expect(l).toMatchObject({ feeOre: -250, feeVatOre: -63, payoutOre: 0, carriedOutOre: -9_687 });
    expect(lineIdentityHolds(l)).toBe(true);
  });

  it('sets a carry against this run and carries what remains', () => {
    const l = settleLine({ ...base, redeemedOre: 3_000, carriedInOre: -5_000 });
    // fee 75, VAT 18,75 → 19: due = 3 000 − 94 − 5 000 = −2 094
    expect(l).toMatchObject({ feeOre: 75, feeVatOre: 19, payoutOre: 0, carriedOutOre: -2_094 });
    const paid = settleLine({ ...base, redeemedOre: 20_000, carriedInOre: -2_094 });
    // fee 500, VAT 125: due = 20 000 − 625 − 2 094 = 17 281; the fee is not charged on the carry
    expect(paid).toMatchObject({ feeOre: 500, feeVatOre: 125, payoutOre: 17_281, carriedOutOre: 0 });
  });

  it('gives an all-zero line for a business with nothing this run', () => {
    expect(settleLine(base)).toMatchObject({ feeOre: 0, feeVatOre: 0, payoutOre: 0, carriedOutOre: 0 });
    expect(Object.is(settleLine(base).carriedOutOre, 0)).toBe(true);
  });

  it('charges nothing in a 0 % campaign', () => {
    expect(settleLine({ ...base, redeemedOre: 12_345, rateBp: 0 })).toMatchObject({ feeOre: 0, feeVatOre: 0, payoutOre: 12_345 });
  });

  it('rejects input no caller should build', () => {
    expect(() => settleLine({ ...base, redeemedOre: -1 })).toThrow(/cannot be negative/);
    expect(() => settleLine({ ...base, reversedOre: -1 })).toThrow(/cannot be negative/);
    expect(() => settleLine({ ...base, carriedInOre: 1 })).toThrow(/≤ 0/);
    expect(() => settleLine({ ...base, redeemedOre: 0.5 })).toThrow(RangeError);
    expect(() => settleLine({ ...base, rateBp: 10_001 })).toThrow(RangeError);
    expect(() => settleLine(base, { vatBp: -1 })).toThrow(RangeError);
  });

  it('satisfies its identity and never pays a negative amount, for any input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e13 }),
        fc.integer({ min: 0, max: 1e13 }),
        fc.integer({ min: -1e13, max: 0 }),
        fc.integer({ min: 0, max: 10_000 }),
        (redeemedOre, reversedOre, carriedInOre, rateBp) => {
          const l = settleLine({ businessId: 'x', redeemedOre, reversedOre, carriedInOre, rateBp });
          expect(lineIdentityHolds(l)).toBe(true);
          expect(l.payoutOre).toBeGreaterThanOrEqual(0);
          expect(l.carriedOutOre).toBeLessThanOrEqual(0);
          expect(l.payoutOre === 0 || l.carriedOutOre === 0).toBe(true);
        },
      ),
    );
  });
});

describe('settleLine with fee tiers', () => {
  const line = (tiers: TierAmounts[], carriedInOre = 0) => settleLine({ businessId: 'cafe', carriedInOre, tiers });

  it('charges each tier at its own rate and sums the parts: a 0 % campaign beside the member tier', () => {
    const l = line([
      { tier: 'member', rateBp: 250, redeemedOre: 10_000, reversedOre: 0 },
      { tier: 'campaign:kommunen', name: 'Lunch från kommunen', rateBp: 0, redeemedOre: 8_000, reversedOre: 0 },
    ]);
    expect(l).toEqual({
      businessId: 'cafe',
      redeemedOre: 18_000,
      reversedOre: 0,
      carriedInOre: 0,
      feeOre: 250,
      feeVatOre: 63,
      payoutOre: 18_000 - 250 - 63,
      carriedOutOre: 0,
      fees: [
        { tier: 'member', feeBp: 250, baseOre: 10_000, feeOre: 250, feeVatOre: 63 },
        { tier: 'campaign:kommunen', name: 'Lunch från kommunen', feeBp: 0, baseOre: 8_000, feeOre: 0, feeVatOre: 0 },
      ],
    });
    expect(lineIdentityHolds(l)).toBe(true);
  });

  it('rounds each part on its own, its VAT on its rounded fee', () => {
    // 20 öre at 2,5 % = 0,5 → 1 öre in each of two tiers (2 öre), where one rounding of
    // 40 öre would give 1. VAT: 25 % of 1 = 0,25 → 0 per part.
    const l = line([
      { tier: 'member', rateBp: 250, redeemedOre: 20, reversedOre: 0 },
      { tier: 'campaign:a', rateBp: 250, redeemedOre: 20, reversedOre: 0 },
    ]);
    expect(l.fees.map((f) => [f.feeOre, f.feeVatOre])).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect([l.feeOre, l.feeVatOre, l.payoutOre]).toEqual([2, 0, 38]);
  });

  it('takes a reversal from the base of its own tier, refunding that tier\'s fee', () => {
    const l = line([
      { tier: 'member', rateBp: 250, redeemedOre: 4_000, reversedOre: 0 },
      { tier: 'campaign:b', rateBp: 500, redeemedOre: 0, reversedOre: 2_000 },
    ]);
    expect(l.fees).toEqual([
      { tier: 'member', feeBp: 250, baseOre: 4_000, feeOre: 100, feeVatOre: 25 },
      { tier: 'campaign:b', feeBp: 500, baseOre: -2_000, feeOre: -100, feeVatOre: -25 },
    ]);
    expect(l).toMatchObject({ feeOre: 0, feeVatOre: 0, payoutOre: 2_000, carriedOutOre: 0 });
  });

  it('gives a line for a carry alone no fee parts, and carries its debt on', () => {
    expect(line([], -500)).toMatchObject({ redeemedOre: 0, reversedOre: 0, feeOre: 0, feeVatOre: 0, payoutOre: 0, carriedOutOre: -500, fees: [] });
  });

  it('refuses a tier twice in one line', () => {
    const t = { tier: 'member', rateBp: 250, redeemedOre: 1, reversedOre: 0 };
    expect(() => line([t, t])).toThrow(/twice/);
  });

  it('keeps the identity whatever the tiers: fee and VAT are the sums of per-part roundings', () => {
    const tier = fc.record({ rateBp: fc.integer({ min: 0, max: 10_000 }), redeemedOre: fc.integer({ min: 0, max: 1e12 }), reversedOre: fc.integer({ min: 0, max: 1e12 }) });
    fc.assert(
      fc.property(fc.array(tier, { maxLength: 5 }), fc.integer({ min: -1e12, max: 0 }), (tiers, carriedInOre) => {
        const l = line(
          tiers.map((t, i) => ({ ...t, tier: `t${i}` })),
          carriedInOre,
        );
        expect(lineIdentityHolds(l)).toBe(true);
        expect(l.payoutOre).toBeGreaterThanOrEqual(0);
        expect(l.fees).toHaveLength(tiers.length);
        l.fees.forEach((f, i) => {
          expect(f.baseOre).toBe(tiers[i]!.redeemedOre - tiers[i]!.reversedOre);
          expect(f.feeOre).toBe(feeFor(f.baseOre, f.feeBp));
          expect(f.feeVatOre).toBe(vatOn(f.feeOre));
        });
        expect(l.feeOre).toBe(l.fees.reduce((s, f) => s + f.feeOre, 0));
        expect(l.feeVatOre).toBe(l.fees.reduce((s, f) => s + f.feeVatOre, 0));
        expect(l.redeemedOre - l.reversedOre).toBe(l.fees.reduce((s, f) => s + f.baseOre, 0));
      }),
    );
  });
});

describe('a redemption reversed in a later run', () => {
  it('cancels its fee exactly and the business pays back through the carry', () => {
    const run1 = settleRun([{ businessId: 'cafe', redeemedOre: 10_000, reversedOre: 0, carriedInOre: 0, rateBp: 250 }]);
    const run2 = settleRun([{ businessId: 'cafe', redeemedOre: 0, reversedOre: 10_000, carriedInOre: 0, rateBp: 250 }]);
    const [l1] = run1.lines;
    const [l2] = run2.lines;
    expect(l1!.feeOre + l2!.feeOre).toBe(0);
    expect(l1!.feeVatOre + l2!.feeVatOre).toBe(0);
    expect(l2!.carriedOutOre).toBe(-l1!.payoutOre);
    const run3 = settleRun([{ businessId: 'cafe', redeemedOre: 20_000, reversedOre: 0, carriedInOre: carriesForNextRun(run2).get('cafe') ?? 0, rateBp: 250 }]);
    // 20 000 − 500 − 125 − 9 687 = 9 688; over the three runs: 9 687 + 9 688 = 20 000 − 625
    expect(run3.lines[0]!.payoutOre).toBe(9_688);
    expect(l1!.payoutOre + run3.lines[0]!.payoutOre).toBe(20_000 - 625);
  });
});

describe('settleRun', () => {
  it('sums the lines into totals that satisfy the run identity', () => {
    const run = settleRun([
      { businessId: 'a', redeemedOre: 100_000, reversedOre: 0, carriedInOre: 0, rateBp: 250 },
      { businessId: 'b', redeemedOre: 0, reversedOre: 10_000, carriedInOre: 0, rateBp: 250 },
      { businessId: 'c', redeemedOre: 20_000, reversedOre: 0, carriedInOre: -2_094, rateBp: 500 },
    ]);
    expect(run.lines.map((l) => l.businessId)).toEqual(['a', 'b', 'c']);
    expect(run.totals).toEqual({
      redeemedOre: 120_000,
      reversedOre: 10_000,
      carriedInOre: -2_094,
      feeOre: 2_500 - 250 + 1_000,
      feeVatOre: 625 - 63 + 250,
      payoutOre: 96_875 + 0 + 16_656,
      carriedOutOre: -9_687,
    });
    expect(totalsIdentityHolds(run.totals)).toBe(true);
    expect(carriesForNextRun(run)).toEqual(new Map([['b', -9_687]]));
  });

  it('gives an empty run zero totals', () => {
    const run = settleRun([]);
    expect(run.lines).toEqual([]);
    expect(Object.values(run.totals).every((v) => v === 0)).toBe(true);
  });

  it('refuses a business twice in one run', () => {
    const line = { businessId: 'a', redeemedOre: 100, reversedOre: 0, carriedInOre: 0, rateBp: 250 };
    expect(() => settleRun([line, line])).toThrow(/twice/);
  });

  it('passes the VAT rate to every line', () => {
    const run = settleRun([{ businessId: 'a', redeemedOre: 100_000, reversedOre: 0, carriedInOre: 0, rateBp: 250 }], { vatBp: 1200 });
    expect(run.lines[0]).toMatchObject({ feeOre: 2_500, feeVatOre: 300 });
  });
});

/**
 * Simulated history: redemptions at businesses, each possibly reversed in the same or a
 * later run (or after the last run), settled run by run with carries passed on, with
 * rates that may change between runs. Each redemption's card may belong to a campaign:
 * 'kommunen' (municipality-paid, 0 % when the run's config says so) or 'fastighet'
 * (a fee of its own, or none); its reversal falls in the same tier.
 */
describe('settlement over many runs (property)', () => {
  const businesses = ['b0', 'b1', 'b2', 'b3', 'b4'];
  const redemption = fc.record({
    business: fc.integer({ min: 0, max: businesses.length - 1 }),
    run: fc.integer({ min: 0, max: 7 }),
    amountOre: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 1, max: 5e10 })),
    // null: never reversed; otherwise runs after the redemption's own (may fall past the last run)
    reversedAfter: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null, freq: 2 }),
    campaign: fc.constantFrom(undefined, undefined, 'kommunen', 'fastighet'),
  });
  const history = fc.record({
    runCount: fc.integer({ min: 1, max: 8 }),
    redemptions: fc.array(redemption, { maxLength: 60 }),
    // per run: the config in force (rates may change between runs) and which businesses are members
    configs: fc.array(
      fc.record({ memberBp: fc.integer({ min: 0, max: 1_000 }), nonMemberBp: fc.integer({ min: 0, max: 10_000 }), campaign: fc.boolean(), fastighetBp: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }) }),
      { minLength: 8, maxLength: 8 },
    ),
    members: fc.array(fc.boolean(), { minLength: businesses.length, maxLength: businesses.length }),
  });

  it('keeps every identity, never pays a negative amount, pays everything exactly once', () => {
    fc.assert(
      fc.property(history, ({ runCount, redemptions, configs, members }) => {
        let carries = new Map<string, number>();
        let allRedeemed = 0;
        let allReversed = 0;
        let allPaidOrCharged = 0;
        for (let run = 0; run < runCount; run++) {
          const c = configs[run]!;
          const config: FeeConfig = {
            memberBp: c.memberBp,
            nonMemberBp: c.nonMemberBp,
            campaignOverrides: { ...(c.campaign ? { kommunen: 0 } : {}), ...(c.fastighetBp !== undefined ? { fastighet: c.fastighetBp } : {}) },
          };
          const inputs: SettleLineInput[] = [];
          businesses.forEach((businessId, i) => {
            // Per tier, as the service sums them: a campaign's cards in the campaign's tier
            // when it has a fee of its own, else in the business's; reversals with their card.
            const tiers = new Map<string, TierAmounts>();
            const add = (r: (typeof redemptions)[number], key: 'redeemedOre' | 'reversedOre') => {
              const tier = chooseRate(config, { isMember: members[i]! }, r.campaign);
              const t = tiers.get(tier.name) ?? { tier: tier.name, rateBp: tier.rateBp, redeemedOre: 0, reversedOre: 0 };
              t[key] += r.amountOre;
              tiers.set(tier.name, t);
            };
            for (const r of redemptions) {
              if (r.business !== i) continue;
              if (r.run === run) add(r, 'redeemedOre');
              if (r.reversedAfter !== null && r.run + r.reversedAfter === run) add(r, 'reversedOre');
            }
            const carriedInOre = carries.get(businessId) ?? 0;
            // A business with nothing this run and no carry gets no line, as the service would do.
            if (tiers.size === 0 && carriedInOre === 0) return;
            inputs.push({ businessId, carriedInOre, tiers: [...tiers.values()] });
          });

          const result = settleRun(inputs);
          // (a) every line satisfies its identity; (b) payouts never negative, carries never positive
          for (const l of result.lines) {
            expect(lineIdentityHolds(l)).toBe(true);
            expect(l.payoutOre).toBeGreaterThanOrEqual(0);
            expect(l.carriedOutOre).toBeLessThanOrEqual(0);
            // one rounding per tier, summed
            expect(l.feeOre).toBe(l.fees.reduce((s, f) => s + feeFor(f.baseOre, f.feeBp), 0));
            expect(l.feeVatOre).toBe(l.fees.reduce((s, f) => s + vatOn(f.feeOre), 0));
          }
          // (d) the run totals are the sums of the lines, and satisfy the same identity
          const sum = (k: keyof SettlementTotals) => result.lines.reduce((s, l) => s + l[k], 0);
          for (const k of Object.keys(result.totals) as Array<keyof SettlementTotals>) expect(result.totals[k]).toBe(sum(k));
          expect(totalsIdentityHolds(result.totals)).toBe(true);
          // every carry came back in
          expect(result.totals.carriedInOre).toBe([...carries.values()].reduce((s, v) => s + v, 0));

          allRedeemed += result.totals.redeemedOre;
          allReversed += result.totals.reversedOre;
          allPaidOrCharged += result.totals.payoutOre + result.totals.feeOre + result.totals.feeVatOre;
          carries = carriesForNextRun(result);
        }
        // (c) over all runs: payouts + fees + fee VAT + the final carry = all redemptions − all reversals
        const finalCarry = [...carries.values()].reduce((s, v) => s + v, 0);
        expect(allPaidOrCharged + finalCarry).toBe(allRedeemed - allReversed);
        // … and those are exactly the redemptions and reversals that fell inside the runs
        expect(allRedeemed).toBe(redemptions.filter((r) => r.run < runCount).reduce((s, r) => s + r.amountOre, 0));
        expect(allReversed).toBe(
          redemptions.filter((r) => r.reversedAfter !== null && r.run + r.reversedAfter < runCount).reduce((s, r) => s + r.amountOre, 0),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('charges no fee in the end on a business whose every redemption was reversed one by one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e9 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 10_000 }), (amounts, rateBp) => {
        // run 2i redeems amounts[i]; run 2i + 1 reverses it (one amount per line, so no rounding of sums)
        let carry = 0;
        let feeAndVat = 0;
        let paid = 0;
        for (const [redeemedOre, reversedOre] of amounts.flatMap((a) => [[a, 0], [0, a]] as const)) {
          const line = settleLine({ businessId: 'x', redeemedOre, reversedOre, carriedInOre: carry, rateBp });
          feeAndVat += line.feeOre + line.feeVatOre;
          paid += line.payoutOre;
          carry = line.carriedOutOre;
        }
        expect(feeAndVat).toBe(0);
        expect(paid + carry).toBe(0); // what was paid out is exactly what is owed back
      }),
    );
  });
});

describe('chooseRate', () => {
  const config: FeeConfig = { memberBp: 250, nonMemberBp: 500, campaignOverrides: { 'halmstad-dubbel': 0 } };

  it('charges members 2,5 % and others 5 %', () => {
    expect(chooseRate(config, { isMember: true })).toEqual({ name: 'member', rateBp: 250 });
    expect(chooseRate(config, { isMember: false })).toEqual({ name: 'non-member', rateBp: 500 });
  });

  it('lets a municipality-paid campaign override membership', () => {
    expect(chooseRate(config, { isMember: true }, 'halmstad-dubbel')).toEqual({ name: 'campaign:halmstad-dubbel', rateBp: 0 });
    expect(chooseRate(config, { isMember: false }, 'halmstad-dubbel')).toEqual({ name: 'campaign:halmstad-dubbel', rateBp: 0 });
  });

  it('falls back to membership for a campaign without an override', () => {
    expect(chooseRate(config, { isMember: false }, 'julkampanj')).toEqual({ name: 'non-member', rateBp: 500 });
    expect(chooseRate({ memberBp: 250, nonMemberBp: 500 }, { isMember: true }, 'julkampanj')).toEqual({ name: 'member', rateBp: 250 });
    // inherited object keys are not campaigns
    expect(chooseRate(config, { isMember: true }, 'toString')).toEqual({ name: 'member', rateBp: 250 });
  });

  it('rejects a rate outside 0–100 % or in fractions of a basis point', () => {
    expect(() => chooseRate({ memberBp: -1, nonMemberBp: 500 }, { isMember: true })).toThrow(RangeError);
    expect(() => chooseRate({ memberBp: 250, nonMemberBp: 10_001 }, { isMember: true })).toThrow(RangeError);
    expect(() => chooseRate({ memberBp: 2.5, nonMemberBp: 500 }, { isMember: true })).toThrow(RangeError);
    expect(() => chooseRate({ memberBp: 250, nonMemberBp: 500, campaignOverrides: { x: 20_000 } }, { isMember: true }, 'x')).toThrow(RangeError);
  });
});

describe('periodOf', () => {
  it.each([
    ['weekly', '2026-12-28', '2026-12-28', '2027-01-03'], // Monday of week 53, across the new year
    ['weekly', '2027-01-03', '2026-12-28', '2027-01-03'], // its Sunday
    ['weekly', '2026-01-01', '2025-12-29', '2026-01-04'], // a Thursday: week 1 of 2026 starts in 2025
    ['weekly', '2026-03-29', '2026-03-23', '2026-03-29'], // Sunday DST begins
    ['weekly', '2026-10-25', '2026-10-19', '2026-10-25'], // Sunday DST ends
    ['weekly', '2028-02-29', '2028-02-28', '2028-03-05'], // leap day
    ['monthly', '2026-03-29', '2026-03-01', '2026-03-31'], // DST month, spring
    ['monthly', '2026-10-01', '2026-10-01', '2026-10-31'], // DST month, autumn
    ['monthly', '2026-02-14', '2026-02-01', '2026-02-28'],
    ['monthly', '2028-02-01', '2028-02-01', '2028-02-29'], // leap year
    ['monthly', '2100-02-10', '2100-02-01', '2100-02-28'], // not a leap year
    ['monthly', '2026-12-31', '2026-12-01', '2026-12-31'],
    ['monthly', '2026-04-30', '2026-04-01', '2026-04-30'],
  ] as const)('%s %s → %s..%s', (kind, date, from, until) => {
    expect(periodOf(kind, date)).toEqual({ from, until });
  });

  it('rejects what is not a date', () => {
    expect(() => periodOf('monthly', '2026-02-30')).toThrow(RangeError);
    expect(() => periodOf('weekly', '2026-1-5')).toThrow(RangeError);
    expect(() => periodOf('fortnightly' as 'weekly', '2026-01-05')).toThrow(RangeError);
  });

  const date = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('holds the date; a week is Monday–Sunday of one ISO week, a month runs 1st to last', () => {
    fc.assert(
      fc.property(date, (d) => {
        const w = periodOf('weekly', d);
        expect(w.from <= d && d <= w.until).toBe(true);
        expect(isoWeekday(w.from)).toBe(1);
        expect(isoWeekday(w.until)).toBe(7);
        expect(isoWeek(w.from)).toEqual(isoWeek(d));
        expect(isoWeek(w.until)).toEqual(isoWeek(d));
        const m = periodOf('monthly', d);
        expect(m.from).toBe(`${d.slice(0, 7)}-01`);
        expect(m.until.slice(0, 7)).toBe(d.slice(0, 7));
        expect(nextPeriod('monthly', m).from.slice(8)).toBe('01');
      }),
    );
  });
});

describe('nextPeriod', () => {
  it('follows on without a gap', () => {
    expect(nextPeriod('weekly', { from: '2026-12-21', until: '2026-12-27' })).toEqual({ from: '2026-12-28', until: '2027-01-03' });
    expect(nextPeriod('weekly', { from: '2026-12-28', until: '2027-01-03' })).toEqual({ from: '2027-01-04', until: '2027-01-10' });
    expect(nextPeriod('monthly', { from: '2026-12-01', until: '2026-12-31' })).toEqual({ from: '2027-01-01', until: '2027-01-31' });
    expect(nextPeriod('monthly', { from: '2028-01-01', until: '2028-01-31' })).toEqual({ from: '2028-02-01', until: '2028-02-29' });
  });

  it('brings a hand-chosen range back into step instead of overlapping it', () => {
    expect(nextPeriod('monthly', { from: '2026-03-05', until: '2026-03-20' })).toEqual({ from: '2026-03-21', until: '2026-03-31' });
    expect(nextPeriod('weekly', { from: '2026-03-05', until: '2026-03-11' })).toEqual({ from: '2026-03-12', until: '2026-03-15' });
  });

  it('rejects a range that ends before it starts', () => {
    expect(() => nextPeriod('weekly', { from: '2026-03-11', until: '2026-03-05' })).toThrow(RangeError);
  });

  it('tiles the calendar: consecutive periods cover every day exactly once', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('weekly' as const, 'monthly' as const),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 30 }),
        (kind, start, count) => {
          let p = periodOf(kind, start.toISOString().slice(0, 10));
          for (let i = 0; i < count; i++) {
            const next = nextPeriod(kind, p);
            const { end } = periodInstants(p);
            expect(periodInstants(next).start.getTime()).toBe(end.getTime()); // no gap, no overlap
            expect(next).toEqual(periodOf(kind, next.from)); // a regular period again
            p = next;
          }
        },
      ),
    );
  });
});

describe('periodInstants', () => {
  it('covers Stockholm midnight to midnight, with DST months an hour short or long', () => {
    const march = periodInstants(periodOf('monthly', '2026-03-15'));
    expect(march.start.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(march.end.toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect((march.end.getTime() - march.start.getTime()) / HOUR).toBe(31 * 24 - 1);

    const october = periodInstants(periodOf('monthly', '2026-10-15'));
    expect(october.start.toISOString()).toBe('2026-09-30T22:00:00.000Z');
    expect(october.end.toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect((october.end.getTime() - october.start.getTime()) / HOUR).toBe(31 * 24 + 1);

    const dstWeek = periodInstants(periodOf('weekly', '2026-03-29'));
    expect(dstWeek.start.toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(dstWeek.end.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect((dstWeek.end.getTime() - dstWeek.start.getTime()) / HOUR).toBe(167);

    const newYearWeek = periodInstants(periodOf('weekly', '2026-12-28'));
    expect(newYearWeek.start.toISOString()).toBe('2026-12-27T23:00:00.000Z');
    expect(newYearWeek.end.toISOString()).toBe('2027-01-03T23:00:00.000Z');
  });
});
