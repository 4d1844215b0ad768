/**
 * The bookkeeping export: a period's ledger movements as SIE 4 summary vouchers, one per
 * day and kind — card sales, redemptions (per business), the association's fees and
 * their VAT, payouts and breakage — on the city's BAS accounts. The accountant imports
 * the file; nobody retypes anything.
 */
import type { Ledger } from '../../platform/ledger/index.js';
import { zonedDateTimeToInstant, addDays } from '../../platform/time/zoned.js';
import { breakageVoucher, buildSie4, defaultAccounts, feeVoucher, payoutVoucher, redemptionVoucher, salesVoucher, type AccountMapping, type SieVoucher } from './sie.js';

const kindOf = (code: string) => code.split(':')[0]!;
const idOf = (code: string) => code.split(':')[1] ?? '';

/** Vouchers for the movements of `from`–`until` (inclusive Stockholm dates). */
export async function accountingVouchers(deps: { ledger: Ledger }, cityId: string, period: { from: string; until: string }, businessName: (id: string) => string): Promise<SieVoucher[]> {
  const start = zonedDateTimeToInstant(period.from, '00:00');
  const end = zonedDateTimeToInstant(addDays(period.until, 1), '00:00');
  // Summed per day, kind and account in the database (a month may hold millions of entries).
  const rows = await deps.ledger.movementSums(cityId, start, end);
  type Day = { sales: number; refunds: number; redeemed: Map<string, number>; fees: number; feeVat: number; payouts: number; breakage: number };
  const days = new Map<string, Day>();
  const day = (d: string) => days.get(d) ?? (days.set(d, { sales: 0, refunds: 0, redeemed: new Map(), fees: 0, feeVat: 0, payouts: 0, breakage: 0 }), days.get(d)!);
  for (const r of rows) {
    const d = day(r.date);
    const kind = kindOf(r.code);
    if (r.kind === 'giftcard.issue' && kind === 'clearing') d.sales += -r.amountOre;
    else if (r.kind === 'giftcard.refund' && kind === 'clearing') d.refunds += r.amountOre;
    else if ((r.kind === 'giftcard.redeem' || r.kind === 'giftcard.reverse') && kind === 'merchant') d.redeemed.set(idOf(r.code), (d.redeemed.get(idOf(r.code)) ?? 0) + r.amountOre);
    else if (r.kind === 'settlement.approve' && r.code === 'fees') d.fees += r.amountOre;
    else if (r.kind === 'settlement.approve' && r.code === 'fee-vat') d.feeVat += r.amountOre;
    else if (r.kind === 'settlement.approve' && kind === 'payout') d.payouts += r.amountOre;
    else if ((r.kind === 'giftcard.expire' || r.kind === 'giftcard.single_use_close') && kind === 'breakage') d.breakage += r.amountOre;
  }
  const vouchers: SieVoucher[] = [];
  for (const [date, d] of [...days.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (d.sales - d.refunds !== 0) vouchers.push(salesVoucher(date, { grossOre: d.sales - d.refunds, clearing: 'clientFunds', text: `Sålda presentkort ${date}` }));
    const perBusiness = [...d.redeemed.entries()].filter(([, ore]) => ore !== 0).map(([id, ore]) => ({ name: businessName(id), amountOre: ore }));
    if (perBusiness.length) vouchers.push(redemptionVoucher(date, perBusiness, { text: `Inlösta presentkort ${date}` }));
    if (d.fees !== 0 || d.feeVat !== 0) vouchers.push(feeVoucher(date, { feeOre: d.fees, feeVatOre: d.feeVat, text: `Inlösenavgifter ${date}` }));
    if (d.payouts !== 0) vouchers.push(payoutVoucher(date, d.payouts, { text: `Utbetalning till företagen ${date}` }));
    if (d.breakage !== 0) vouchers.push(breakageVoucher(date, d.breakage, { text: `Förfallna presentkort ${date}` }));
  }
  return vouchers;
}

/** The SIE 4 file for a period; the fiscal year is the calendar year of `until`. */
export async function accountingSie(
  deps: { ledger: Ledger },
  input: { cityId: string; company: { name: string; orgNumber: string }; from: string; until: string; accounts?: AccountMapping; generatedAt: Date; businessName: (id: string) => string; programVersion: string },
): Promise<Buffer> {
  const year = input.until.slice(0, 4);
  const vouchers = await accountingVouchers(deps, input.cityId, { from: input.from, until: input.until }, input.businessName);
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
