/**
 * The bookkeeping export: a period's ledger movements as SIE 4 summary vouchers, one per
 * day and kind — card sales, sponsors' shares, redemptions (per business), the
 * association's fees and their VAT, payouts, sponsors' payments, value returned to
 * sponsors, and breakage — on the city's BAS accounts. The accountant imports the file;
 * nobody retypes anything.
 *
 * Which ledger movement becomes which voucher (kind of transfer, kind of account):
 * - `giftcard.issue` on `clearing:*` → sales (money in for cards, client funds / 2421);
 *   on `sponsor:<campaign>` → the sponsor's share (1510 / 2421);
 * - `giftcard.refund` on `clearing:*` → sales undone; on `sponsor:*` → returned to the sponsor;
 * - `giftcard.redeem` / `giftcard.reverse` on `merchant:<b>` → redemptions per business;
 * - `settlement.approve` on `fees`, `fee-vat`, `payout:*` → fees and payouts;
 * - `campaigns.sponsor_payment` on `sponsor:*` → the sponsor paid its invoice (bank / 1510);
 * - `giftcard.expire` on `sponsor:*` → the unredeemed share returned to the sponsor (2421 /
 *   1510); on `breakage` (and `giftcard.single_use_close`) → breakage.
 * So 1510 always holds what the sponsors still owe: shares less payments less returns.
 */
import type { Ledger } from '../../platform/ledger/index.js';
import { SPONSOR_PAYMENT } from '../campaigns/index.js';
import { zonedDateTimeToInstant, addDays } from '../../platform/time/zoned.js';
import {
  breakageVoucher,
  buildSie4,
  defaultAccounts,
  feeVoucher,
  payoutVoucher,
  redemptionVoucher,
  salesVoucher,
  sponsorPaymentVoucher,
  sponsorReturnVoucher,
  sponsorSharesVoucher,
  type AccountMapping,
  type SieVoucher,
} from './sie.js';

const kindOf = (code: string) => code.split(':')[0]!;
const idOf = (code: string) => code.split(':')[1] ?? '';

export interface AccountingNames {
  businessName: (id: string) => string;
  /** A campaign's sponsor as the 1510 lines name it; default "Sponsor <campaign id>". */
  sponsorName?: (campaignId: string) => string;
}

/** Vouchers for the movements of `from`–`until` (inclusive Stockholm dates). */
export async function accountingVouchers(deps: { ledger: Ledger }, cityId: string, period: { from: string; until: string }, names: AccountingNames | ((id: string) => string)): Promise<SieVoucher[]> {
  const { businessName, sponsorName = (id: string) => `Sponsor ${id}` } = typeof names === 'function' ? { businessName: names } : names;
  const start = zonedDateTimeToInstant(period.from, '00:00');
  const end = zonedDateTimeToInstant(addDays(period.until, 1), '00:00');
  // Summed per day, kind and account in the database (a month may hold millions of entries).
  const rows = await deps.ledger.movementSums(cityId, start, end);
  type PerId = Map<string, number>;
  type Day = { sales: number; refunds: number; sponsorShares: PerId; redeemed: PerId; fees: number; feeVat: number; payouts: number; sponsorPaid: PerId; sponsorReturned: PerId; breakage: number };
  const days = new Map<string, Day>();
  const day = (d: string) =>
    days.get(d) ??
    (days.set(d, { sales: 0, refunds: 0, sponsorShares: new Map(), redeemed: new Map(), fees: 0, feeVat: 0, payouts: 0, sponsorPaid: new Map(), sponsorReturned: new Map(), breakage: 0 }), days.get(d)!);
  const add = (m: PerId, id: string, ore: number) => m.set(id, (m.get(id) ?? 0) + ore);
  for (const r of rows) {
    const d = day(r.date);
    const kind = kindOf(r.code);
    if (r.kind === 'giftcard.issue' && kind === 'clearing') d.sales += -r.amountOre;
    else if (r.kind === 'giftcard.issue' && kind === 'sponsor') add(d.sponsorShares, idOf(r.code), -r.amountOre);
    else if (r.kind === 'giftcard.refund' && kind === 'clearing') d.refunds += r.amountOre;
    else if ((r.kind === 'giftcard.refund' || r.kind === 'giftcard.expire') && kind === 'sponsor') add(d.sponsorReturned, idOf(r.code), r.amountOre);
    else if (r.kind === SPONSOR_PAYMENT && kind === 'sponsor') add(d.sponsorPaid, idOf(r.code), r.amountOre);
    else if ((r.kind === 'giftcard.redeem' || r.kind === 'giftcard.reverse') && kind === 'merchant') add(d.redeemed, idOf(r.code), r.amountOre);
    else if (r.kind === 'settlement.approve' && r.code === 'fees') d.fees += r.amountOre;
    else if (r.kind === 'settlement.approve' && r.code === 'fee-vat') d.feeVat += r.amountOre;
    else if (r.kind === 'settlement.approve' && kind === 'payout') d.payouts += r.amountOre;
    else if ((r.kind === 'giftcard.expire' || r.kind === 'giftcard.single_use_close') && kind === 'breakage') d.breakage += r.amountOre;
  }
  const named = (m: PerId, name: (id: string) => string) => [...m.entries()].filter(([, ore]) => ore !== 0).map(([id, ore]) => ({ name: name(id), amountOre: ore }));
  const vouchers: SieVoucher[] = [];
  for (const [date, d] of [...days.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (d.sales - d.refunds !== 0) vouchers.push(salesVoucher(date, { grossOre: d.sales - d.refunds, clearing: 'clientFunds', text: `Sålda presentkort ${date}` }));
    const shares = named(d.sponsorShares, sponsorName);
    if (shares.length) vouchers.push(sponsorSharesVoucher(date, shares, { text: `Sponsorandelar ${date}` }));
    const perBusiness = named(d.redeemed, businessName);
    if (perBusiness.length) vouchers.push(redemptionVoucher(date, perBusiness, { text: `Inlösta presentkort ${date}` }));
    if (d.fees !== 0 || d.feeVat !== 0) vouchers.push(feeVoucher(date, { feeOre: d.fees, feeVatOre: d.feeVat, text: `Inlösenavgifter ${date}` }));
    if (d.payouts !== 0) vouchers.push(payoutVoucher(date, d.payouts, { text: `Utbetalning till företagen ${date}` }));
    const paid = named(d.sponsorPaid, sponsorName);
    if (paid.length) vouchers.push(sponsorPaymentVoucher(date, paid, { text: `Inbetalt av sponsorer ${date}` }));
    const returned = named(d.sponsorReturned, sponsorName);
    if (returned.length) vouchers.push(sponsorReturnVoucher(date, returned, { text: `Åter till sponsorer ${date}` }));
    if (d.breakage !== 0) vouchers.push(breakageVoucher(date, d.breakage, { text: `Förfallna presentkort ${date}` }));
  }
  return vouchers;
}

/** The SIE 4 file for a period; the fiscal year is the calendar year of `until`. */
export async function accountingSie(
  deps: { ledger: Ledger },
  input: {
    cityId: string;
    company: { name: string; orgNumber: string };
    from: string;
    until: string;
    /** The city's account mapping (`accountMappingOf(city)`); BAS defaults without it. */
    accounts?: AccountMapping;
    generatedAt: Date;
    businessName: (id: string) => string;
    sponsorName?: (campaignId: string) => string;
    programVersion: string;
  },
): Promise<Buffer> {
  const year = input.until.slice(0, 4);
  const vouchers = await accountingVouchers(deps, input.cityId, { from: input.from, until: input.until }, { businessName: input.businessName, ...(input.sponsorName ? { sponsorName: input.sponsorName } : {}) });
  return buildSie4({
    company: input.company,
    program: { name: 'Torget', version: input.programVersion },
    generatedAt: input.generatedAt,
    fiscalYear: { start: `${year}-01-01`, end: `${year}-12-31` },
    accounts: input.accounts ?? defaultAccounts,
    series: 'P',
    vouchers,
  });
}
