/**
 * Settlement arithmetic, pure (no I/O, no clock): what each business is paid for the
 * city gift card value its customers redeemed, less the association's fee and the
 * fee's VAT, with a negative result carried to the next run instead of paid.
 *
 * Money is whole öre (safe integers), rates are basis points (250 = 2,5 %). Every
 * multiplication by a rate is done in BigInt: `amount * rateBp` passes 2^53 for
 * amounts above ~9·10^11 öre, and a float quotient can land on the wrong side of a
 * rounding boundary long before that.
 *
 * Rules (each is tested in calculate.test.ts):
 * 1. The fee is `net * rateBp / 10 000` rounded half-up to whole öre, per line
 *    (business and run) and fee tier, where net = redeemed − reversed in that tier.
 *    A line has one fee part per tier its redemptions fell in — the business's
 *    membership tier, and the tier of each campaign that sets its own fee (0 % for a
 *    municipality-paid campaign) — and the line's fee and fee VAT are the sums of its
 *    parts. A reversal belongs to the tier of the redemption it undoes. Half-up is
 *    taken symmetrically (half away from zero) like billing's `vatOf`: 0,5 öre → 1
 *    and −0,5 öre → −1, so `feeFor(-x) = -feeFor(x)`.
 * 2. The fee's VAT (25 %, a service) is computed on the ROUNDED fee of each part,
 *    half-up too: the fee is what the association invoices, and VAT is charged on the
 *    invoiced amount.
 * 3. A negative net (more reversed than redeemed in the run: the customer's purchase
 *    was undone after an earlier run paid it) gives a NEGATIVE fee and fee VAT: the fee
 *    is refunded with the redemption it was charged on. Why: the association's service
 *    was the redemption; once it is undone there is nothing to charge for, and with the
 *    symmetric rounding a redemption reversed in a later run cancels its fee exactly
 *    (fee(x) + fee(−x) = 0), the same as if both had fallen in one run. Keeping the fee
 *    would make the business pay for a sale it no longer has, and make the outcome
 *    depend on which side of a run boundary the reversal happened to land.
 *    In bookkeeping the negative fee and VAT are a credit of the earlier fee invoice.
 * 4. Per line: due = net + carriedIn − fee − feeVat. If due ≥ 0 it is paid
 *    (payoutOre = due, carriedOutOre = 0); if due < 0 nothing is paid (payoutOre = 0)
 *    and due is carried to the business's next run (carriedOutOre = due). A transfer is
 *    never negative: a bank payout cannot pull money back, and asking a shop to pay in
 *    is a separate process from settlement.
 *    Exact identity per line, which holds in both cases:
 *      payoutOre + feeOre + feeVatOre + carriedOutOre = redeemedOre − reversedOre + carriedInOre
 *    (the issue's `payout + fee + feeVat = redeemed − reversed` is its special case
 *    with no carry in or out), whatever the tiers: each part's base is its share of
 *    redeemed − reversed and the line's fee and VAT are the parts' sums.
 * 5. A carry is only ever a debt (carriedIn ≤ 0, carriedOut ≤ 0): a positive due is
 *    always paid in full, never held back.
 * 6. The fee is charged on the run's own net only, not on the carried amount: the carry
 *    is already after fee (its fee was refunded in the run that produced it), so
 *    charging on it again would count it twice.
 * 7. Per run, the same identity holds for the totals (sums of the lines):
 *      Σpayout + Σfee + Σfee VAT + ΣcarriedOut = Σredeemed − Σreversed + ΣcarriedIn
 *    and over consecutive runs, where each run's carriedIn is the previous run's
 *    carriedOut for that business, the carries telescope:
 *      Σ_runs (payout + fee + fee VAT) + last run's carriedOut = Σ_runs (redeemed − reversed)
 *    — nothing paid twice, nothing left out — provided every business with a carry is
 *    given a line in the next run (`carriesForNextRun` lists them).
 *
 * For the caller (the settlement service) to keep rule 7 true: count each redemption
 * once as redeemed (by `created_at` in the period) and, if reversed, once as reversed
 * (by `reversed_at` in the period), whichever run that is; `periodInstants` gives the
 * half-open instant range of a period for those queries.
 */
import { addDays, isoWeekday, isValidDate, zonedDateTimeToInstant } from '../../platform/time/zoned.js';

/** Whole öre. */
export type Ore = number;
/** Basis points: 1/100 of a per cent; 250 = 2,5 %, 10 000 = 100 %. */
export type BasisPoints = number;

/** A fee rate with the name statements show for it. */
export interface FeeTier {
  /** 'member' | 'non-member' | 'campaign:<campaignId>' */
  name: string;
  /** 250 = 2,5 % */
  rateBp: BasisPoints;
}

/** The fee's VAT: the association's redemption fee is a service at 25 %. */
export const FEE_VAT_BP: BasisPoints = 2500;

const BP_PER_WHOLE = 10_000n;

function assertOre(value: number, label: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${label}: expected whole öre, got ${value}`);
}

function assertBp(value: number, label: string): void {
  // Above 100 % a fee would exceed what was redeemed: a configuration mistake, not a tier.
  if (!Number.isInteger(value) || value < 0 || value > 10_000) {
    throw new RangeError(`${label}: expected basis points 0–10000, got ${value}`);
  }
}

/**
 * `amountOre * bp / 10 000`, rounded half away from zero to whole öre, exactly.
 * For a magnitude m ≥ 0: floor((m·bp + 5 000) / 10 000) adds half of the divisor before
 * truncating, so a remainder of exactly 5 000 (half an öre) rounds up. BigInt division
 * truncates toward zero, which is floor for m ≥ 0; the sign is put back afterwards,
 * which makes the rounding symmetric.
 */
function applyRate(amountOre: Ore, bp: BasisPoints): Ore {
  const scaled = BigInt(amountOre) * BigInt(bp);
  const magnitude = scaled < 0n ? -scaled : scaled;
  const rounded = (magnitude + BP_PER_WHOLE / 2n) / BP_PER_WHOLE;
  // `Number(-0n)` is 0, so a zero result is never -0.
  return Number(scaled < 0n ? -rounded : rounded);
}

/**
 * The association's fee on `amountOre` at `rateBp`, half-up to whole öre; a negative
 * amount (a net reversal) gives the mirrored, negative fee (rule 3).
 * 2,5 % of 20 öre = 0,5 → 1; of 19 öre = 0,475 → 0; of 100 öre = 2,5 → 3.
 */
export function feeFor(amountOre: Ore, rateBp: BasisPoints): Ore {
  assertOre(amountOre, 'feeFor amount');
  assertBp(rateBp, 'feeFor rate');
  return applyRate(amountOre, rateBp);
}

/** VAT on an already rounded fee, half-up to whole öre: 25 % of 3 öre = 0,75 → 1. */
export function vatOn(feeOre: Ore, vatBp: BasisPoints = FEE_VAT_BP): Ore {
  assertOre(feeOre, 'vatOn fee');
  assertBp(vatBp, 'vatOn rate');
  return applyRate(feeOre, vatBp);
}

/** One fee tier's share of a business's run: what was redeemed and reversed at one rate. */
export interface TierAmounts {
  /** 'member' | 'non-member' | 'campaign:<campaignId>' (see `chooseRate`). */
  tier: string;
  /** For a campaign's tier, the campaign's name (statements show it). */
  name?: string;
  rateBp: BasisPoints;
  /** Σ amount_ore of this tier's redemptions created in the period; ≥ 0. */
  redeemedOre: Ore;
  /** Σ amount_ore of this tier's redemptions reversed in the period (whenever they were created); ≥ 0. */
  reversedOre: Ore;
}

/**
 * One business's input to a run. Either one rate for everything (`rateBp`, with the
 * sums), or the sums per fee tier (`tiers`): a business whose customers paid with
 * ordinary cards and with a 0 % campaign's cards has one line with two tiers.
 */
export type SettleLineInput = {
  businessId: string;
  /** ≤ 0: the negative balance the business's previous run carried out (0 if none). */
  carriedInOre: Ore;
} & (
  | {
      /** Σ amount_ore of redemptions created in the period; ≥ 0. */
      redeemedOre: Ore;
      /** Σ amount_ore of redemptions reversed in the period (whenever they were created); ≥ 0. */
      reversedOre: Ore;
      /** The business's fee rate for this run (see `chooseRate`). */
      rateBp: BasisPoints;
      /** The tier's name on the line's one fee part; 'default' if not given. */
      tier?: string;
    }
  | {
      /** Per tier; a tier may appear once. Empty: nothing redeemed (a line for a carry alone). */
      tiers: readonly TierAmounts[];
    }
);

/** A line's fee on one tier: rounded on its own, its VAT on the rounded fee. */
export interface FeePart {
  tier: string;
  /** The campaign's name, for a campaign's tier. */
  name?: string;
  feeBp: BasisPoints;
  /** redeemed − reversed in this tier; negative when more was reversed than redeemed. */
  baseOre: Ore;
  /** `base × feeBp / 10 000`, half-up (rule 1); negative on a negative base (rule 3). */
  feeOre: Ore;
  /** 25 % of the rounded `feeOre`, half-up (rule 2). */
  feeVatOre: Ore;
}

export interface SettlementLine {
  businessId: string;
  redeemedOre: Ore;
  reversedOre: Ore;
  carriedInOre: Ore;
  /** Σ fees[].feeOre. Negative when more was reversed than redeemed: the fee refunded (rule 3). */
  feeOre: Ore;
  /** Σ fees[].feeVatOre. */
  feeVatOre: Ore;
  /** ≥ 0 always: what the payout file transfers. */
  payoutOre: Ore;
  /** ≤ 0: the shortfall carried to the next run, 0 when something (or nothing) was paid. */
  carriedOutOre: Ore;
  /** The fee per tier, in the order given. */
  fees: FeePart[];
}

export interface SettleOptions {
  /** The fee's VAT rate; 25 % unless the law changes. */
  vatBp?: BasisPoints;
}

function tiersOf(input: SettleLineInput): readonly TierAmounts[] {
  if ('tiers' in input) return input.tiers;
  return [{ tier: input.tier ?? 'default', rateBp: input.rateBp, redeemedOre: input.redeemedOre, reversedOre: input.reversedOre }];
}

/**
 * One business's line of a run. Throws a RangeError on input no caller should build
 * (fractional öre, negative sums, a positive carry, a rate outside 0–100 %, a tier
 * twice): those are bugs upstream, not outcomes a user can cause.
 */
export function settleLine(input: SettleLineInput, options: SettleOptions = {}): SettlementLine {
  const { businessId, carriedInOre } = input;
  const vatBp = options.vatBp ?? FEE_VAT_BP;
  assertOre(carriedInOre, `${businessId} carriedInOre`);
  assertBp(vatBp, 'vatBp');
  if (carriedInOre > 0) {
    throw new RangeError(`${businessId}: carriedInOre must be ≤ 0 (only a debt is carried), got ${carriedInOre}`);
  }

  const seen = new Set<string>();
  let redeemedOre = 0;
  let reversedOre = 0;
  let feeOre = 0;
  let feeVatOre = 0;
  const fees = tiersOf(input).map((t): FeePart => {
    assertOre(t.redeemedOre, `${businessId} ${t.tier} redeemedOre`);
    assertOre(t.reversedOre, `${businessId} ${t.tier} reversedOre`);
    assertBp(t.rateBp, `${businessId} ${t.tier} rateBp`);
    if (t.redeemedOre < 0 || t.reversedOre < 0) {
      throw new RangeError(`${businessId}: redeemedOre and reversedOre are sums of amounts and cannot be negative`);
    }
    // Two parts of one tier would round the fee twice where once is right.
    if (seen.has(t.tier)) throw new RangeError(`${businessId}: tier ${t.tier} appears twice in one line`);
    seen.add(t.tier);
    const baseOre = t.redeemedOre - t.reversedOre;
    const partFee = applyRate(baseOre, t.rateBp);
    const partVat = applyRate(partFee, vatBp);
    redeemedOre += t.redeemedOre;
    reversedOre += t.reversedOre;
    feeOre += partFee;
    feeVatOre += partVat;
    return { tier: t.tier, ...(t.name !== undefined ? { name: t.name } : {}), feeBp: t.rateBp, baseOre, feeOre: partFee, feeVatOre: partVat };
  });

  const dueOre = redeemedOre - reversedOre + carriedInOre - feeOre - feeVatOre;
  for (const value of [redeemedOre, reversedOre, feeOre, feeVatOre, dueOre]) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${businessId}: amounts out of range`);
  }

  return {
    businessId,
    redeemedOre,
    reversedOre,
    carriedInOre,
    feeOre,
    feeVatOre,
    payoutOre: dueOre > 0 ? dueOre : 0,
    carriedOutOre: dueOre < 0 ? dueOre : 0,
    fees,
  };
}

export interface SettlementTotals {
  redeemedOre: Ore;
  reversedOre: Ore;
  carriedInOre: Ore;
  feeOre: Ore;
  feeVatOre: Ore;
  /** The payout file's control sum. */
  payoutOre: Ore;
  carriedOutOre: Ore;
}

export interface SettlementRun {
  lines: SettlementLine[];
  /**
   * Sums of the lines, so (rule 7)
   * payoutOre + feeOre + feeVatOre + carriedOutOre = redeemedOre − reversedOre + carriedInOre.
   */
  totals: SettlementTotals;
}

/**
 * A run: one line per business, in the order given, and their totals. A business may
 * appear only once — two lines for one business would give it two payouts and two
 * rounded fees. Include every business with a carry from the previous run
 * (`carriesForNextRun`), even with nothing redeemed, or its debt is left out.
 */
export function settleRun(inputs: readonly SettleLineInput[], options: SettleOptions = {}): SettlementRun {
  const seen = new Set<string>();
  const lines = inputs.map((input) => {
    if (seen.has(input.businessId)) throw new RangeError(`Business ${input.businessId} appears twice in one run`);
    seen.add(input.businessId);
    return settleLine(input, options);
  });
  const totals: SettlementTotals = {
    redeemedOre: 0,
    reversedOre: 0,
    carriedInOre: 0,
    feeOre: 0,
    feeVatOre: 0,
    payoutOre: 0,
    carriedOutOre: 0,
  };
  for (const line of lines) {
    totals.redeemedOre += line.redeemedOre;
    totals.reversedOre += line.reversedOre;
    totals.carriedInOre += line.carriedInOre;
    totals.feeOre += line.feeOre;
    totals.feeVatOre += line.feeVatOre;
    totals.payoutOre += line.payoutOre;
    totals.carriedOutOre += line.carriedOutOre;
  }
  for (const [key, value] of Object.entries(totals)) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Run total ${key} out of range`);
  }
  return { lines, totals };
}

/** The businesses the next run must include, with the (negative) balance each brings in. */
export function carriesForNextRun(run: SettlementRun): Map<string, Ore> {
  return new Map(run.lines.filter((l) => l.carriedOutOre < 0).map((l) => [l.businessId, l.carriedOutOre]));
}

export interface FeeConfig {
  /** Members of the association, e.g. 250 (2,5 %). */
  memberBp: BasisPoints;
  /** Businesses that accept the card without being members, e.g. 500 (5 %). */
  nonMemberBp: BasisPoints;
  /** Per campaign id, e.g. 0 for a campaign whose fees the municipality pays. */
  campaignOverrides?: Record<string, BasisPoints>;
}

/**
 * The fee tier for a business, and for a campaign where one applies. A campaign's
 * override wins over membership (a municipality-paid campaign is free for members and
 * non-members alike); a campaign without an override falls back to membership.
 */
export function chooseRate(config: FeeConfig, business: { isMember: boolean }, campaignId?: string): FeeTier {
  assertBp(config.memberBp, 'memberBp');
  assertBp(config.nonMemberBp, 'nonMemberBp');
  if (campaignId !== undefined && config.campaignOverrides && Object.hasOwn(config.campaignOverrides, campaignId)) {
    const rateBp = config.campaignOverrides[campaignId] as BasisPoints;
    assertBp(rateBp, `campaign ${campaignId}`);
    return { name: `campaign:${campaignId}`, rateBp };
  }
  return business.isMember ? { name: 'member', rateBp: config.memberBp } : { name: 'non-member', rateBp: config.nonMemberBp };
}

export type PeriodKind = 'weekly' | 'monthly';

/** Inclusive calendar dates 'YYYY-MM-DD' in Europe/Stockholm. */
export interface Period {
  from: string;
  until: string;
}

function assertDate(date: string): void {
  if (!isValidDate(date)) throw new RangeError(`Expected a date 'YYYY-MM-DD', got "${date}"`);
}

/**
 * The period holding `date`: its ISO week (Monday–Sunday, which may span a new year:
 * 2026-12-28 → 2026-12-28..2027-01-03) or its calendar month. Dates are Stockholm
 * calendar dates, so DST does not enter here; it does in `periodInstants`.
 */
export function periodOf(kind: PeriodKind, date: string): Period {
  assertDate(date);
  if (kind === 'weekly') {
    const from = addDays(date, 1 - isoWeekday(date));
    return { from, until: addDays(from, 6) };
  }
  if (kind === 'monthly') {
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const from = `${date.slice(0, 7)}-01`;
    const nextFirst = month === 12 ? `${String(year + 1).padStart(4, '0')}-01-01` : `${date.slice(0, 5)}${String(month + 1).padStart(2, '0')}-01`;
    return { from, until: addDays(nextFirst, -1) };
  }
  throw new RangeError(`Unknown period kind ${String(kind)}`);
}

/**
 * The period after `period`: it starts the day after `period.until` and ends where the
 * week or month of that day ends. After a regular period that is simply the next week
 * or month; after a hand-chosen range ending mid-month it is the rest of that month,
 * so runs stay contiguous (no day twice, no day skipped) and fall back into step.
 */
export function nextPeriod(kind: PeriodKind, period: Period): Period {
  assertDate(period.from);
  assertDate(period.until);
  if (period.from > period.until) throw new RangeError(`Period ends before it starts: ${period.from}..${period.until}`);
  const from = addDays(period.until, 1);
  return { from, until: periodOf(kind, from).until };
}

/**
 * The instants a period covers in Europe/Stockholm, half-open: `start` ≤ t < `end`
 * (00:00 on `from` to 24:00 on `until`, local time). Use these for `created_at` and
 * `reversed_at`: a DST month is not a whole number of 24-hour days (March 2026 has
 * 743 hours, October 745), so UTC midnights would move an hour of redemptions
 * into the wrong run.
 */
export function periodInstants(period: Period): { start: Date; end: Date } {
  assertDate(period.from);
  assertDate(period.until);
  if (period.from > period.until) throw new RangeError(`Period ends before it starts: ${period.from}..${period.until}`);
  return { start: zonedDateTimeToInstant(period.from, '00:00'), end: zonedDateTimeToInstant(period.until, '24:00') };
}
