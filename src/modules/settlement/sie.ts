/**
 * SIE 4 export of Torget's money events, pure (no I/O): the file an association hands
 * its accountant so Fortnox, Visma, BL and the rest import the month without retyping.
 *
 * What the file is (SIE filformat 4B/4C, SIE-gruppen):
 * - bytes in IBM PC 8-bit, code page 437, declared `#FORMAT PC8`; lines end CRLF;
 * - a header (`#FLAGGA 0` … `#VALUTA SEK`), a `#KONTO` per account used, then each
 *   voucher as `#VER series number date "text" regdate`, `{`, one
 *   `#TRANS account {} amount transdate ["text"]` per line, `}`;
 * - amounts in kronor with a decimal point and two decimals, debit positive, credit
 *   negative; every voucher nets to zero (checked here, exactly, in BigInt).
 * The file carries vouchers but no balances (`#IB`/`#UB`/`#RES`): it is an import of
 * transactions into the accountant's books, what the spec calls type 4I, so a download
 * is best named `.si`.
 *
 * Text fields are always quoted; inside them `"` is written `\"` (the spec's escape).
 * A backslash becomes `/`: real SIE writers leave it literal (BL writes `"1240\1000"`)
 * while some readers take it as an escape, and a trailing one would swallow the closing
 * quote. Braces become parentheses (readers that count `{ }` to find a voucher's end do
 * not all skip quoted text); control characters become spaces; characters CP437 lacks
 * become `?`, after NFC (so a decomposed å from a Mac is still å) and after typographic
 * quotes and dashes are straightened.
 */

/** The ledger roles Torget books to. A city maps each to an account of its own chart. */
export type LedgerKind =
  | 'bank'
  | 'clientFunds'
  | 'unredeemedCards'
  | 'merchantPayables'
  | 'sponsorReceivables'
  | 'feeRevenue'
  | 'outputVat25'
  | 'breakage';

export interface LedgerAccount {
  /** Four digits, BAS style (1000–8999). */
  readonly number: number;
  /** The account's name as `#KONTO` declares it; BAS wording by default. */
  readonly name: string;
}

export type AccountMapping = Readonly<Record<LedgerKind, LedgerAccount>>;

/**
 * BAS accounts and their BAS names (BAS 2022 kontoplan; unchanged in later editions for
 * these accounts). A city overrides any of them, e.g. `{ ...defaultAccounts, feeRevenue:
 * { number: 3041, name: 'Försäljning tjänst 25% sv' } }` for a Fortnox default chart.
 */
export const defaultAccounts: AccountMapping = {
  /** The association's ordinary bank account. */
  bank: { number: 1930, name: 'Företagskonto/checkkonto/affärskonto' },
  /**
   * The bank account card money is kept on, apart from the association's own money.
   * BAS has no "klientmedel" account; 1940 is its account for a further bank account
   * (1990 Redovisningsmedel is the alternative where the money is held under the
   * Redovisningsmedel act).
   */
  clientFunds: { number: 1940, name: 'Övriga bankkonton' },
  /** The liability for every live card's value (BAS 2421, under 2420 Förskott från kunder). */
  unredeemedCards: { number: 2421, name: 'Ej inlösta presentkort' },
  /** What the association owes the shops for cards they accepted. */
  merchantPayables: { number: 2440, name: 'Leverantörsskulder' },
  /**
   * What sponsors owe for their share of cards: it arises when a co-funded card is
   * activated and is settled when the sponsor pays the invoice billing sends it, so it
   * is a customer receivable: BAS 1510 Kundfordringar. A city whose accountant keeps
   * the share apart until it is invoiced maps this to e.g. 1680 Andra kortfristiga
   * fordringar (or, under K3, 1518 Ej reskontraförda kundfordringar).
   */
  sponsorReceivables: { number: 1510, name: 'Kundfordringar' },
  /** The association's settlement fee, a service sold with 25 % VAT. */
  feeRevenue: { number: 3001, name: 'Försäljning inom Sverige, 25 % moms' },
  /** The VAT on that fee. */
  outputVat25: { number: 2611, name: 'Utgående moms på försäljning inom Sverige, 25 %' },
  /** Value of cards that expired unredeemed. */
  breakage: { number: 3990, name: 'Övriga ersättningar, bidrag och intäkter' },
};

export interface SieVoucherLine {
  account: LedgerKind | number;
  /** Signed whole öre: debit positive, credit negative. */
  amountOre: number;
  text?: string;
}

export interface SieVoucher {
  /** YYYY-MM-DD, the voucher date (verifikationsdatum). */
  date: string;
  text: string;
  lines: SieVoucherLine[];
}

export interface BuildSie4Input {
  company: { name: string; orgNumber: string };
  program: { name: string; version: string };
  /** The export's moment: `#GEN` and each voucher's registration date, in Europe/Stockholm. */
  generatedAt: Date;
  /** The financial year the vouchers belong to (`#RAR 0`), YYYY-MM-DD inclusive. */
  fiscalYear: { start: string; end: string };
  accounts: AccountMapping;
  /** The voucher series, e.g. 'P': a series of Torget's own lets an import be undone. */
  series: string;
  vouchers: SieVoucher[];
  /** Names for accounts a line gives by number that the mapping does not hold. */
  accountNames?: Readonly<Record<number, string>>;
  /** `#KPTYP`; the chart's edition. */
  chartType?: string;
  /** The first voucher number; vouchers are numbered on from it in date order. */
  firstVoucherNumber?: number;
}

const CRLF = '\r\n';

/**
 * The SIE 4 file for `input`, as CP437 bytes with CRLF line ends.
 *
 * Vouchers are numbered in date order (stable, so the same day keeps the caller's
 * order). Zero-amount lines are left out and a voucher with nothing left is skipped:
 * some importers refuse a `#TRANS` of 0.00, and an empty voucher books nothing.
 *
 * @throws Error when a voucher does not net to zero, a date is not a real date or lies
 *   outside the financial year, an amount is not whole öre, or an account is unknown.
 */
export function buildSie4(input: BuildSie4Input): Buffer {
  const { start, end } = input.fiscalYear;
  const startKey = parseDate(start, 'fiscal year start');
  const endKey = parseDate(end, 'fiscal year end');
  if (startKey > endKey) throw new Error(`SIE: the fiscal year starts (${start}) after it ends (${end})`);
  if (!/^[A-Za-z0-9]{1,10}$/.test(input.series)) {
    throw new Error(`SIE: a voucher series is 1–10 letters or digits, got "${input.series}"`);
  }
  const firstNumber = input.firstVoucherNumber ?? 1;
  if (!Number.isSafeInteger(firstNumber) || firstNumber < 1) throw new Error(`SIE: voucher numbers start at 1 or more, got ${firstNumber}`);

  const chartType = input.chartType ?? 'BAS2024';
  if (!/^[A-Za-z0-9]{1,20}$/.test(chartType)) throw new Error(`SIE: #KPTYP is letters and digits, e.g. BAS2024, got "${chartType}"`);

  const names = accountNamesOf(input.accounts, input.accountNames ?? {});
  const regDate = stockholmDate(input.generatedAt);

  const resolved = input.vouchers.map((voucher, index) => {
    const label = `voucher ${index + 1} ("${voucher.text}", ${voucher.date})`;
    const dateKey = parseDate(voucher.date, label);
    if (dateKey < startKey || dateKey > endKey) {
      throw new Error(`SIE: ${label} is dated outside the fiscal year ${start} – ${end}`);
    }
    let sum = 0n;
    const lines = voucher.lines.map((line) => {
      if (!Number.isSafeInteger(line.amountOre)) throw new Error(`SIE: ${label} has an amount that is not whole öre: ${line.amountOre}`);
      sum += BigInt(line.amountOre);
      return { account: resolveAccount(line.account, input.accounts, names, label), amountOre: line.amountOre, text: line.text };
    });
    if (sum !== 0n) {
      throw new Error(`SIE: ${label} does not balance: its lines sum to ${formatAmount(sum)} kr, not 0.00`);
    }
    return { dateKey, text: voucher.text, lines: lines.filter((l) => l.amountOre !== 0) };
  });

  const booked = resolved
    .filter((v) => v.lines.length > 0)
    .map((v, order) => ({ v, order }))
    .sort((a, b) => (a.v.dateKey === b.v.dateKey ? a.order - b.order : a.v.dateKey < b.v.dateKey ? -1 : 1))
    .map(({ v }) => v);

  const used = [...new Set(booked.flatMap((v) => v.lines.map((l) => l.account)))].sort((a, b) => a - b);

  const out: string[] = [
    '#FLAGGA 0',
    `#PROGRAM ${quote(input.program.name)} ${quote(input.program.version)}`,
    '#FORMAT PC8',
    `#GEN ${regDate}`,
    '#SIETYP 4',
    `#ORGNR ${formatOrgNumber(input.company.orgNumber)}`,
    `#FNAMN ${quote(input.company.name)}`,
    `#RAR 0 ${startKey} ${endKey}`,
    `#KPTYP ${chartType}`,
    '#VALUTA SEK',
    ...used.map((n) => `#KONTO ${n} ${quote(names.get(n) ?? '')}`),
  ];
  booked.forEach((v, i) => {
    out.push(`#VER ${quote(input.series)} ${firstNumber + i} ${v.dateKey} ${quote(v.text)} ${regDate}`, '{');
    for (const line of v.lines) {
      const text = line.text === undefined ? '' : ` ${quote(line.text)}`;
      out.push(`#TRANS ${line.account} {} ${formatAmount(BigInt(line.amountOre))} ${v.dateKey}${text}`);
    }
    out.push('}');
  });
  return encodeCp437(out.join(CRLF) + CRLF);
}

// ---------------------------------------------------------------------------------
// Vouchers from Torget's money events. Each returns lines that net to zero; amounts
// are signed whole öre, so a day whose reversals outweigh its redemptions books the
// other way round. Zero lines are left out. `text` overrides the voucher text, for
// one voucher per event ("Presentkort 1234") instead of the daily summary.
// ---------------------------------------------------------------------------------

/**
 * Gift cards sold (a day's sales, or one sale).
 *
 * A Torget card is a multi-purpose voucher (flerfunktionsvoucher under the VAT act): it
 * can be spent on goods and services at many rates in many shops, so no VAT arises when
 * it is sold; VAT arises in the shop that supplies something against it, and is the
 * shop's. The money received is therefore not revenue but a debt to the card's holder
 * until the card is used: debit the account the money came to, credit 2421 Ej inlösta
 * presentkort. No VAT line.
 */
export function salesVoucher(date: string, sale: { grossOre: number; clearing: 'bank' | 'clientFunds'; text?: string }): SieVoucher {
  return voucher(date, sale.text ?? 'Sålda presentkort', [
    { account: sale.clearing, amountOre: sale.grossOre },
    { account: 'unredeemedCards', amountOre: -sale.grossOre },
  ]);
}

/**
 * Cards redeemed in shops, per shop (a day's redemptions net of reversals, or one).
 *
 * When a shop accepts a card, the association's debt to the card's holder becomes a
 * debt to that shop, which it settles at the next payout: debit 2421 with the total,
 * credit 2440 Leverantörsskulder per shop (named on the line, so the accountant can
 * reconcile against the settlement run). The sale, and its VAT, are the shop's; the
 * association books neither.
 */
export function redemptionVoucher(date: string, perBusiness: ReadonlyArray<{ name: string; amountOre: number }>, options: { text?: string } = {}): SieVoucher {
  const total = sumOre(perBusiness.map((b) => b.amountOre));
  return voucher(date, options.text ?? 'Inlösta presentkort', [
    { account: 'unredeemedCards', amountOre: total },
    ...perBusiness.map((b) => ({ account: 'merchantPayables' as const, amountOre: -b.amountOre, text: b.name })),
  ]);
}

/**
 * The association's settlement fee and its VAT (from a settlement run).
 *
 * The fee is the association's own revenue, a service sold to the shop with 25 % VAT,
 * and it is deducted from what the shop is owed rather than invoiced: debit 2440 with
 * fee plus VAT (the debt to the shops shrinks by that much), credit the fee revenue
 * account with the fee and 2611 with its VAT. `feeVatOre` is the run's own rounded VAT,
 * never recomputed here, so the books match the shop's statement to the öre.
 */
export function feeVoucher(date: string, fee: { feeOre: number; feeVatOre: number; text?: string }): SieVoucher {
  return voucher(date, fee.text ?? 'Avräkningsavgift butiker', [
    { account: 'merchantPayables', amountOre: sumOre([fee.feeOre, fee.feeVatOre]) },
    { account: 'feeRevenue', amountOre: -fee.feeOre },
    { account: 'outputVat25', amountOre: -fee.feeVatOre },
  ]);
}

/**
 * Money paid out to the shops (a payout file's total).
 *
 * Paying settles the debt: debit 2440, credit the bank account the transfers leave
 * from, the client-funds account unless `from` says otherwise. Payouts already have the
 * fee deducted, so after redemption, fee and payout vouchers 2440 is back at whatever
 * is still to be paid (lines carried to the next run).
 */
export function payoutVoucher(date: string, totalOre: number, options: { from?: 'bank' | 'clientFunds'; text?: string } = {}): SieVoucher {
  return voucher(date, options.text ?? 'Utbetalning till butiker', [
    { account: 'merchantPayables', amountOre: totalOre },
    { account: options.from ?? 'clientFunds', amountOre: -totalOre },
  ]);
}

/**
 * Card value that expired unredeemed and stays with the association.
 *
 * Once a card is past its validity nobody can claim the value, so the debt is released
 * to income: debit 2421, credit the breakage account (3990 by default). No VAT: for a
 * multi-purpose voucher VAT only ever arises on a supply, and an expired card was never
 * spent. A sponsor's share that goes back to the sponsor is not breakage: see
 * `sponsorReturnVoucher`.
 */
export function breakageVoucher(date: string, amountOre: number, options: { text?: string } = {}): SieVoucher {
  return voucher(date, options.text ?? 'Förfallna presentkort', [
    { account: 'unredeemedCards', amountOre },
    { account: 'breakage', amountOre: -amountOre },
  ]);
}

/**
 * A sponsor's share of the value of cards sold in a co-funded campaign.
 *
 * The holder of a 500 kr card paid 250 kr, but the association owes the full 500 kr to
 * whichever shop takes the card; the other 250 kr is owed to the association by the
 * sponsor. So the liability grows by the share and so does a receivable: debit 1510
 * Kundfordringar, credit 2421 (the buyer's part is in `salesVoucher`). The sponsor's
 * invoice, when billing sends it, is then paid against 1510, not booked as revenue.
 */
export function sponsorVoucher(date: string, share: { sponsor: string; amountOre: number; text?: string }): SieVoucher {
  return voucher(date, share.text ?? `Sponsorandel ${share.sponsor}`, [
    { account: 'sponsorReceivables', amountOre: share.amountOre, text: share.sponsor },
    { account: 'unredeemedCards', amountOre: -share.amountOre },
  ]);
}

/**
 * Sponsors' shares of the cards activated (a day's, per sponsor): the liability grows by
 * the shares and so do the receivables, as in `sponsorVoucher`, with one 1510 line per
 * sponsor (named, so the accountant can match each against its invoices).
 */
export function sponsorSharesVoucher(date: string, perSponsor: ReadonlyArray<{ name: string; amountOre: number }>, options: { text?: string } = {}): SieVoucher {
  return voucher(date, options.text ?? 'Sponsorandelar', [
    ...perSponsor.map((p) => ({ account: 'sponsorReceivables' as const, amountOre: p.amountOre, text: p.name })),
    { account: 'unredeemedCards', amountOre: -sumOre(perSponsor.map((p) => p.amountOre)) },
  ]);
}

/**
 * Sponsors' payments of their invoices (a day's, per sponsor). The money comes to the
 * association's bank account, 1930 unless `to` says otherwise (the invoice's bankgiro),
 * and settles the receivable: debit the bank, credit 1510 per sponsor. Not revenue: the
 * share was the holders' money all along (2421), which the sponsor has now paid in.
 */
export function sponsorPaymentVoucher(date: string, perSponsor: ReadonlyArray<{ name: string; amountOre: number }>, options: { to?: 'bank' | 'clientFunds'; text?: string } = {}): SieVoucher {
  return voucher(date, options.text ?? 'Inbetalt av sponsorer', [
    { account: options.to ?? 'bank', amountOre: sumOre(perSponsor.map((p) => p.amountOre)) },
    ...perSponsor.map((p) => ({ account: 'sponsorReceivables' as const, amountOre: -p.amountOre, text: p.name })),
  ]);
}

/**
 * A sponsor's share that goes back to it (a day's, per sponsor): the unredeemed share of
 * cards that expired in a campaign that returns it, and the share of cards refunded to
 * their buyers. Nobody can spend that value any more, so the liability shrinks, and the
 * sponsor owes that much less: debit 2421, credit 1510. Where the sponsor had already
 * paid, 1510 goes below zero by what the association owes it back — its next invoice
 * takes it off (billing's sponsor invoices deduct returned value). No breakage, no VAT.
 */
export function sponsorReturnVoucher(date: string, perSponsor: ReadonlyArray<{ name: string; amountOre: number }>, options: { text?: string } = {}): SieVoucher {
  return voucher(date, options.text ?? 'Åter till sponsorer', [
    { account: 'unredeemedCards', amountOre: sumOre(perSponsor.map((p) => p.amountOre)) },
    ...perSponsor.map((p) => ({ account: 'sponsorReceivables' as const, amountOre: -p.amountOre, text: p.name })),
  ]);
}

function voucher(date: string, text: string, lines: SieVoucherLine[]): SieVoucher {
  for (const line of lines) {
    if (!Number.isSafeInteger(line.amountOre)) throw new RangeError(`Expected whole öre, got ${line.amountOre}`);
  }
  return { date, text, lines: lines.filter((l) => l.amountOre !== 0) };
}

/** A sum of öre that must itself stay exact. */
function sumOre(amounts: readonly number[]): number {
  const total = amounts.reduce((s, a) => {
    if (!Number.isSafeInteger(a)) throw new RangeError(`Expected whole öre, got ${a}`);
    return s + BigInt(a);
  }, 0n);
  const n = Number(total);
  if (!Number.isSafeInteger(n)) throw new RangeError('Sum of öre out of range');
  return n;
}

// ---------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------

/** "-1234.50" from öre: kronor, a decimal point, two decimals, no thousands separator. */
export function formatAmount(ore: bigint): string {
  const magnitude = ore < 0n ? -ore : ore;
  return `${ore < 0n ? '-' : ''}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
}

/** A text field, always quoted, with `"` escaped and what readers trip on replaced. */
export function quote(text: string): string {
  const clean = text
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ')
    .replace(/\\/g, '/')
    .replace(/\{/g, '(')
    .replace(/\}/g, ')')
    .trim()
    .replace(/"/g, '\\"');
  return `"${clean}"`;
}

/** "556677-8899" from ten digits with or without the hyphen. */
function formatOrgNumber(orgNumber: string): string {
  const digits = orgNumber.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) throw new Error(`SIE: an organisation number is ten digits (NNNNNN-NNNN), got "${orgNumber}"`);
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
}

/** YYYYMMDD from a real calendar date YYYY-MM-DD; throws naming `what` otherwise. */
function parseDate(date: string, what: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m) {
    const [, y, mo, d] = m.map(Number) as [number, number, number, number];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d) return `${m[1]}${m[2]}${m[3]}`;
  }
  throw new Error(`SIE: ${what} is not a date YYYY-MM-DD: "${date}"`);
}

const stockholmDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });

function stockholmDate(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new Error('SIE: generatedAt is not a valid date');
  const part = (type: string) => stockholmDay.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}${part('month')}${part('day')}`;
}

function checkAccountNumber(n: number, where: string): number {
  if (!Number.isInteger(n) || n < 1000 || n > 8999) throw new Error(`SIE: ${where}: an account is four digits 1000–8999, got ${n}`);
  return n;
}

/** Number → name: the mapping first (in its kinds' order), then `extra`. */
function accountNamesOf(mapping: AccountMapping, extra: Readonly<Record<number, string>>): Map<number, string> {
  const names = new Map<number, string>();
  for (const [kind, account] of Object.entries(mapping) as Array<[LedgerKind, LedgerAccount]>) {
    checkAccountNumber(account.number, `the mapping's ${kind}`);
    if (!names.has(account.number)) names.set(account.number, account.name);
  }
  for (const [number, name] of Object.entries(extra)) {
    const n = checkAccountNumber(Number(number), 'accountNames');
    if (!names.has(n)) names.set(n, name);
  }
  return names;
}

function resolveAccount(account: LedgerKind | number, mapping: AccountMapping, names: Map<number, string>, label: string): number {
  if (typeof account === 'number') {
    checkAccountNumber(account, label);
    if (!names.has(account)) throw new Error(`SIE: ${label} books to account ${account}, which has no name: add it to accountNames`);
    return account;
  }
  const mapped = (mapping as Partial<Record<string, LedgerAccount>>)[account];
  if (!mapped) throw new Error(`SIE: ${label} books to "${String(account)}", which the account mapping does not hold`);
  return mapped.number;
}

// ---------------------------------------------------------------------------------
// Code page 437
// ---------------------------------------------------------------------------------

/** Bytes 0x80–0xFF of code page 437, in order (ASCII below is itself). */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»' +
  '\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255d\u255c\u255b\u2510' +
  '\u2514\u2534\u252c\u251c\u2500\u253c\u255e\u255f\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u2567' +
  '\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256b\u256a\u2518\u250c\u2588\u2584\u258c\u2590\u2580' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²\u25a0\u00a0';

const toCp437 = new Map<string, number>([...CP437_HIGH].map((ch, i) => [ch, 0x80 + i]));

/** CP437 bytes of `text`; a character the code page lacks becomes '?'. */
export function encodeCp437(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    bytes.push(code < 0x80 ? code : (toCp437.get(ch) ?? 0x3f));
  }
  return Buffer.from(bytes);
}
