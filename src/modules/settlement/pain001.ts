/**
 * The payout file of a settlement run: an ISO 20022 `pain.001` credit transfer
 * initiation (customer → bank), and the CSV that goes beside it for people.
 *
 * Pure: input in, string out; no clock, no I/O. Two message versions, because Swedish
 * banks take both per bank profile: `pain.001.001.03` (CustomerCreditTransferInitiationV03)
 * and `pain.001.001.09` (V09). Structure and element order follow the ISO XSDs; how
 * Swedish account forms are expressed follows the Swedish banks' common implementation
 * guide (Svenska Bankföreningen, "Swedish implementation guidelines for ISO 20022
 * payments" and its appendix "Common payment types in Sweden"):
 *
 * | account        | CdtrAcct                                  | CdtrAgt (ClrSysMmbId)   |
 * |----------------|-------------------------------------------|-------------------------|
 * | bankgiro       | Othr/Id digits, SchmeNm/Prtry `BGNR`      | SESBA `9900` (Bankgirot) |
 * | plusgiro       | Othr/Id digits, SchmeNm/Cd `BBAN`         | SESBA `9960` (PlusGirot) |
 * | bank account   | Othr/Id clearing+account, SchmeNm/Cd `BBAN` | SESBA first 4 clearing digits |
 * | IBAN           | IBAN                                      | BIC when known, else none |
 *
 * The debtor (the association's client-funds account) is its bankgiro (Othr/BGNR) when
 * given, else its IBAN; its agent is the BIC when given, else, for a bankgiro, SESBA 9900.
 * Amounts are öre (integers) all the way; decimals exist only in the output text.
 */
import { formatBankgiro, formatPlusgiro, isValidBankgiro, isValidPlusgiro } from '../../platform/identity/payment-references.js';
import { parseOrgNumber } from '../../platform/identity/org-number.js';
import { isValidDate, zonedParts } from '../../platform/time/zoned.js';
// Text cells only: amounts are written as they are (a leading minus is not a formula).
import { csvCell } from '../../platform/text/csv.js';

export type Pain001Version = '001.001.03' | '001.001.09';

export type CreditorAccount =
  | { kind: 'bankgiro'; number: string }
  | { kind: 'plusgiro'; number: string }
  /** A Swedish bank account: clearing number (4 digits, or Swedbank's 5 starting with 8) and account number. */
  | { kind: 'bank'; clearing: string; account: string }
  | { kind: 'iban'; iban: string; bic?: string };

export type Pain001Payment = {
  /** ≤ 35 characters, unique in the file; e.g. the settlement line id. */
  endToEndId: string;
  /** Integer öre, > 0. */
  amountOre: number;
  creditor: { name: string; account: CreditorAccount };
  /** ≤ 140 characters, shown to the payee, e.g. "Avräkning presentkort 2026-11". */
  remittance: string;
};

export type Pain001Input = {
  version: Pain001Version;
  /** ≤ 35 characters, unique per file sent to the bank. */
  messageId: string;
  createdAt: Date;
  debtor: {
    name: string;
    /** NNNNNN-NNNN */
    orgNumber: string;
    bankgiro?: string;
    iban?: string;
    bic?: string;
  };
  /** YYYY-MM-DD */
  executionDate: string;
  payments: Pain001Payment[];
};

/** Thrown for input the file cannot honestly carry; `field` says where (e.g. `payments[2].amountOre`). */
export class Pain001InputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`pain.001: ${field}: ${message}`);
    this.name = 'Pain001InputError';
  }
}

// --- limits (ISO 20022 data types) ---------------------------------------------------

/** Max35Text: MsgId, PmtInfId, EndToEndId. */
const MAX_ID = 35;
/** Names: Max140Text in the XSD, but the Swedish guide (and CGI) allow 70; longer names are cut. */
const MAX_NAME = 70;
/** Ustrd: Max140Text. Refused rather than cut: a cut reference may no longer match. */
const MAX_REMITTANCE = 140;
/** DecimalNumber / ActiveOrHistoricCurrencyAndAmount: totalDigits 18, so with 2 decimals < 10^18 öre. */
const MAX_TOTAL_ORE = 10n ** 18n - 1n;

/** Bankgirot's and PlusGirot's clearing numbers in the Swedish clearing system (SESBA). */
const BANKGIRO_CLEARING = '9900';
const PLUSGIRO_CLEARING = '9960';
const SWEDISH_CLEARING_SYSTEM = 'SESBA';

// --- normalised input --------------------------------------------------------------

type Account =
  | { kind: 'bankgiro'; id: string; display: string }
  | { kind: 'plusgiro'; id: string; display: string }
  | { kind: 'bank'; id: string; clearing4: string; display: string }
  | { kind: 'iban'; iban: string; bic: string | undefined; display: string };

type Payment = { endToEndId: string; amountOre: bigint; name: string; fullName: string; account: Account; remittance: string };

type Normalised = {
  version: Pain001Version;
  messageId: string;
  createdAt: string;
  debtor: { name: string; orgId: string; account: { kind: 'bankgiro'; id: string } | { kind: 'iban'; iban: string }; bic: string | undefined };
  executionDate: string;
  payments: Payment[];
  totalOre: bigint;
};

/**
 * Free text as the file carries it: NFC (so "å" is one character, as banks count),
 * control characters (not allowed in XML 1.0, and meaningless on a bank statement) as
 * spaces, runs of whitespace collapsed.
 */
function cleanText(value: string): string {
  return value.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Cuts at `max` characters (code points, as the XSD counts them; never half a surrogate pair). */
function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : chars.slice(0, max).join('').trimEnd();
}

function requireName(value: string, field: string): { name: string; fullName: string } {
  const fullName = cleanText(value ?? '');
  if (fullName === '') throw new Pain001InputError(field, 'a name is required');
  return { name: truncate(fullName, MAX_NAME), fullName };
}

function requireId(value: string, field: string): string {
  const id = (value ?? '').trim();
  if (id === '') throw new Pain001InputError(field, 'must not be empty');
  if (/[\u0000-\u001f\u007f]/.test(id)) throw new Pain001InputError(field, 'must not contain control characters');
  if (Array.from(id).length > MAX_ID) throw new Pain001InputError(field, `"${id}" is longer than ${MAX_ID} characters`);
  return id;
}

function digitsOf(value: string): string {
  return value.replace(/[\s-]/g, '');
}

function requireBankgiro(value: string, field: string): string {
  if (!isValidBankgiro(value ?? '')) throw new Pain001InputError(field, `"${value}" is not a valid bankgiro number (7–8 digits, Luhn check digit)`);
  return digitsOf(value);
}

function requirePlusgiro(value: string, field: string): string {
  if (!isValidPlusgiro(value ?? '')) throw new Pain001InputError(field, `"${value}" is not a valid plusgiro number (2–8 digits, Luhn check digit)`);
  return digitsOf(value);
}

/** ISO 13616: country, two check digits, BBAN; mod 97 of the rearranged number is 1. */
function requireIban(value: string, field: string): string {
  const iban = (value ?? '').replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) throw new Pain001InputError(field, `"${value}" is not an IBAN`);
  if (iban.startsWith('SE') && iban.length !== 24) throw new Pain001InputError(field, `"${value}" is not a Swedish IBAN (24 characters)`);
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const n = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    remainder = (remainder * (n > 9 ? 100 : 10) + n) % 97;
  }
  if (remainder !== 1) throw new Pain001InputError(field, `"${value}" has a wrong IBAN check digit`);
  return iban;
}

/** ISO 9362 BIC, 8 or 11 characters (the pattern of both XSD versions intersected). */
function requireBic(value: string, field: string): string {
  const bic = (value ?? '').replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/.test(bic)) throw new Pain001InputError(field, `"${value}" is not a BIC`);
  return bic;
}

/**
 * A Swedish bank account as BBAN: clearing number then account number, digits only
 * (Swedbank's 5-digit clearing numbers 8xxx-x keep their fifth digit, as Swedbank
 * writes them: "8327-9, 123 456 789-0" → 832791234567890). The clearing system member
 * is the 4-digit clearing number.
 */
function requireBankAccount(clearing: string, account: string, field: string): Extract<Account, { kind: 'bank' }> {
  const c = digitsOf(clearing ?? '');
  const a = (account ?? '').replace(/[\s.-]/g, '');
  if (!/^[1-9]\d{3}$/.test(c) && !/^8\d{4}$/.test(c)) {
    throw new Pain001InputError(`${field}.clearing`, `"${clearing}" is not a clearing number (4 digits, or 5 starting with 8)`);
  }
  if (!/^\d{1,10}$/.test(a)) throw new Pain001InputError(`${field}.account`, `"${account}" is not an account number (1–10 digits)`);
  const display = c.length === 5 ? `${c.slice(0, 4)}-${c.slice(4)} ${a}` : `${c} ${a}`;
  return { kind: 'bank', id: c + a, clearing4: c.slice(0, 4), display: `Konto ${display}` };
}

function normaliseAccount(account: CreditorAccount, field: string): Account {
  switch (account?.kind) {
    case 'bankgiro': {
      const id = requireBankgiro(account.number, `${field}.number`);
      return { kind: 'bankgiro', id, display: `Bankgiro ${formatBankgiro(id)}` };
    }
    case 'plusgiro': {
      const id = requirePlusgiro(account.number, `${field}.number`);
      return { kind: 'plusgiro', id, display: `Plusgiro ${formatPlusgiro(id)}` };
    }
    case 'bank':
      return requireBankAccount(account.clearing, account.account, field);
    case 'iban': {
      const iban = requireIban(account.iban, `${field}.iban`);
      const bic = account.bic ? requireBic(account.bic, `${field}.bic`) : undefined;
      return { kind: 'iban', iban, bic, display: `IBAN ${iban.replace(/(.{4})(?=.)/g, '$1 ')}` };
    }
    default:
      throw new Pain001InputError(`${field}.kind`, `unknown account kind "${(account as { kind?: unknown })?.kind}"`);
  }
}

/** ISODateTime with the Stockholm offset, to the second: "2026-12-01T09:30:00+01:00". */
function formatCreationTime(createdAt: Date): string {
  if (!(createdAt instanceof Date) || Number.isNaN(createdAt.getTime())) throw new Pain001InputError('createdAt', 'must be a valid Date');
  const { date, time } = zonedParts(createdAt);
  const minuteInstant = Math.floor(createdAt.getTime() / 60_000) * 60_000;
  // Stockholm's offset is whole hours, so minutes and seconds agree with UTC's.
  const offsetMinutes = (Date.parse(`${date}T${time}:00Z`) - minuteInstant) / 60_000;
  const seconds = String(createdAt.getUTCSeconds()).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${date}T${time}:${seconds}${offset}`;
}

function normalise(input: Pain001Input): Normalised {
  if (input.version !== '001.001.03' && input.version !== '001.001.09') {
    throw new Pain001InputError('version', `unsupported version "${String(input.version)}" (001.001.03 or 001.001.09)`);
  }
  const messageId = requireId(input.messageId, 'messageId');
  const createdAt = formatCreationTime(input.createdAt);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.executionDate ?? '') || !isValidDate(input.executionDate)) {
    throw new Pain001InputError('executionDate', `"${input.executionDate}" is not a date YYYY-MM-DD`);
  }

  const d = input.debtor;
  if (!d) throw new Pain001InputError('debtor', 'is required');
  const debtorName = requireName(d.name, 'debtor.name').name;
  const org = parseOrgNumber(d.orgNumber ?? '');
  if (!org.ok) throw new Pain001InputError('debtor.orgNumber', `"${d.orgNumber}" is not a valid organisation number (${org.reason})`);
  let debtorAccount: Normalised['debtor']['account'];
  if (d.bankgiro) debtorAccount = { kind: 'bankgiro', id: requireBankgiro(d.bankgiro, 'debtor.bankgiro') };
  else if (d.iban) debtorAccount = { kind: 'iban', iban: requireIban(d.iban, 'debtor.iban') };
  else throw new Pain001InputError('debtor', 'a bankgiro number or an IBAN is required for the debtor account');
  const debtorBic = d.bic ? requireBic(d.bic, 'debtor.bic') : undefined;
  if (!debtorBic && debtorAccount.kind === 'iban') {
    throw new Pain001InputError('debtor.bic', "is required with an IBAN debtor account (the debtor agent is the bank's BIC)");
  }

  if (!Array.isArray(input.payments) || input.payments.length === 0) {
    throw new Pain001InputError('payments', 'a payout file needs at least one payment');
  }
  const seen = new Set<string>();
  let totalOre = 0n;
  const payments = input.payments.map((p, i): Payment => {
    const field = `payments[${i}]`;
    const endToEndId = requireId(p.endToEndId, `${field}.endToEndId`);
    // Unique, so the bank's status report (pain.002) points at exactly one line.
    if (seen.has(endToEndId)) throw new Pain001InputError(`${field}.endToEndId`, `"${endToEndId}" occurs twice`);
    seen.add(endToEndId);
    if (typeof p.amountOre !== 'number' || !Number.isSafeInteger(p.amountOre) || p.amountOre <= 0) {
      throw new Pain001InputError(`${field}.amountOre`, `must be a positive integer number of öre, got ${String(p.amountOre)}`);
    }
    const { name, fullName } = requireName(p.creditor?.name, `${field}.creditor.name`);
    const account = normaliseAccount(p.creditor?.account, `${field}.creditor.account`);
    const remittance = cleanText(p.remittance ?? '');
    if (Array.from(remittance).length > MAX_REMITTANCE) {
      throw new Pain001InputError(`${field}.remittance`, `is longer than ${MAX_REMITTANCE} characters`);
    }
    totalOre += BigInt(p.amountOre);
    return { endToEndId, amountOre: BigInt(p.amountOre), name, fullName, account, remittance };
  });
  if (totalOre > MAX_TOTAL_ORE) throw new Pain001InputError('payments', 'the total exceeds what the format can carry (18 digits)');

  return {
    version: input.version,
    messageId,
    createdAt,
    debtor: { name: debtorName, orgId: org.value.replace('-', ''), account: debtorAccount, bic: debtorBic },
    executionDate: input.executionDate,
    payments,
    totalOre,
  };
}

// --- output ------------------------------------------------------------------------

/** Öre as the file writes money: "1234.56" (integer arithmetic; no floats anywhere). */
export function formatOre(ore: bigint | number): string {
  const value = BigInt(ore);
  if (value < 0n) throw new RangeError(`formatOre: negative amount ${value}`);
  return `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;
}

/** XML character escaping for text and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

/** A tiny element tree; serialised with two-space indentation and LF line ends. */
type Node = { tag: string; attrs?: Record<string, string>; text?: string; children?: Node[] };

function el(tag: string, content: string | Node[], attrs?: Record<string, string>): Node {
  return typeof content === 'string' ? { tag, text: content, attrs } : { tag, children: content, attrs };
}

function serialise(node: Node, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  if (node.text !== undefined) {
    out.push(`${indent}<${node.tag}${attrs}>${escapeXml(node.text)}</${node.tag}>`);
    return;
  }
  out.push(`${indent}<${node.tag}${attrs}>`);
  for (const child of node.children ?? []) serialise(child, depth + 1, out);
  out.push(`${indent}</${node.tag}>`);
}

function clearingMember(memberId: string): Node {
  return el('ClrSysMmbId', [el('ClrSysId', [el('Cd', SWEDISH_CLEARING_SYSTEM)]), el('MmbId', memberId)]);
}

function otherAccount(id: string, scheme: { Cd: string } | { Prtry: string }): Node {
  const [key, value] = Object.entries(scheme)[0] as [string, string];
  return el('Othr', [el('Id', id), el('SchmeNm', [el(key, value)])]);
}

function orgId(id: string): Node {
  // The organisation number as the party's generic organisation id. No SchmeNm: the
  // codes of ExternalOrganisationIdentification1Code (BANK, CUST, TXID, …) each mean
  // something narrower, and banks read the 10 digits without one.
  return el('Id', [el('OrgId', [el('Othr', [el('Id', id)])])]);
}

function creditorAgent(account: Account, bicTag: string): Node | undefined {
  switch (account.kind) {
    case 'bankgiro':
      return el('CdtrAgt', [el('FinInstnId', [clearingMember(BANKGIRO_CLEARING)])]);
    case 'plusgiro':
      return el('CdtrAgt', [el('FinInstnId', [clearingMember(PLUSGIRO_CLEARING)])]);
    case 'bank':
      return el('CdtrAgt', [el('FinInstnId', [clearingMember(account.clearing4)])]);
    case 'iban':
      // A Swedish IBAN identifies the bank itself; the agent is only added when known.
      return account.bic ? el('CdtrAgt', [el('FinInstnId', [el(bicTag, account.bic)])]) : undefined;
  }
}

function creditorAccount(account: Account): Node {
  switch (account.kind) {
    case 'bankgiro':
      return el('CdtrAcct', [el('Id', [otherAccount(account.id, { Prtry: 'BGNR' })])]);
    case 'plusgiro':
      return el('CdtrAcct', [el('Id', [otherAccount(account.id, { Cd: 'BBAN' })])]);
    case 'bank':
      return el('CdtrAcct', [el('Id', [otherAccount(account.id, { Cd: 'BBAN' })])]);
    case 'iban':
      return el('CdtrAcct', [el('Id', [el('IBAN', account.iban)])]);
  }
}

function buildDocument(n: Normalised): Node {
  const isV09 = n.version === '001.001.09';
  // FinancialInstitutionIdentification7 (.03) calls the BIC "BIC"; FinancialInstitutionIdentification18 (.09) "BICFI".
  const bicTag = isV09 ? 'BICFI' : 'BIC';
  const count = String(n.payments.length);
  const total = formatOre(n.totalOre);

  const debtorAccount =
    n.debtor.account.kind === 'bankgiro'
      ? el('DbtrAcct', [el('Id', [otherAccount(n.debtor.account.id, { Prtry: 'BGNR' })]), el('Ccy', 'SEK')])
      : el('DbtrAcct', [el('Id', [el('IBAN', n.debtor.account.iban)]), el('Ccy', 'SEK')]);
  const debtorAgent = n.debtor.bic
    ? el('DbtrAgt', [el('FinInstnId', [el(bicTag, n.debtor.bic)])])
    : el('DbtrAgt', [el('FinInstnId', [clearingMember(BANKGIRO_CLEARING)])]);

  const transactions = n.payments.map((p) => {
    const agent = creditorAgent(p.account, bicTag);
    return el('CdtTrfTxInf', [
      el('PmtId', [el('EndToEndId', p.endToEndId)]),
      el('Amt', [el('InstdAmt', formatOre(p.amountOre), { Ccy: 'SEK' })]),
      ...(agent ? [agent] : []),
      el('Cdtr', [el('Nm', p.name)]),
      creditorAccount(p.account),
      ...(p.remittance ? [el('RmtInf', [el('Ustrd', p.remittance)])] : []),
    ]);
  });

  return el(
    'Document',
    [
      el('CstmrCdtTrfInitn', [
        el('GrpHdr', [
          el('MsgId', n.messageId),
          el('CreDtTm', n.createdAt),
          el('NbOfTxs', count),
          el('CtrlSum', total),
          el('InitgPty', [el('Nm', n.debtor.name), orgId(n.debtor.orgId)]),
        ]),
        el('PmtInf', [
          // One PmtInf per file, so the message id identifies it too.
          el('PmtInfId', n.messageId),
          el('PmtMtd', 'TRF'),
          el('BtchBookg', 'true'),
          el('NbOfTxs', count),
          el('CtrlSum', total),
          el('PmtTpInf', [el('CtgyPurp', [el('Cd', 'SUPP')])]),
          // .03: ISODate; .09: DateAndDateTime2Choice.
          isV09 ? el('ReqdExctnDt', [el('Dt', n.executionDate)]) : el('ReqdExctnDt', n.executionDate),
          el('Dbtr', [el('Nm', n.debtor.name), orgId(n.debtor.orgId)]),
          debtorAccount,
          debtorAgent,
          ...transactions,
        ]),
      ]),
    ],
    { xmlns: `urn:iso:std:iso:20022:tech:xsd:pain.${n.version}` },
  );
}

/**
 * The pain.001 document (UTF-8 text, no BOM; write it as UTF-8) paying every line of
 * `input.payments` from the debtor's account on `executionDate`, with GrpHdr and PmtInf
 * control sums equal to the sum of the amounts. Throws {@link Pain001InputError} for input
 * the file cannot carry: no payments, amounts that are not positive integers, bad
 * bankgiro/plusgiro check digits, a bad IBAN/BIC/organisation number, ids over 35
 * characters, duplicate end-to-end ids. Names over 70 characters are cut to 70.
 */
export function buildPain001(input: Pain001Input): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  serialise(buildDocument(normalise(input)), 0, lines);
  return `${lines.join('\n')}\n`;
}

// --- CSV -------------------------------------------------------------------------------

/** How a payment came about, for the CSV's extra columns (a settlement line). */
export interface PayoutCsvDetail {
  redeemedOre: number;
  reversedOre: number;
  carriedInOre: number;
  feeOre: number;
  feeVatOre: number;
  /** The fee per tier, each with the label people read ("Medlem", "Kampanj Lunch"). */
  fees: ReadonlyArray<{ label: string; feeBp: number; baseOre: number; feeOre: number; feeVatOre: number }>;
}

/** "-12.34" from signed öre (fees are refunded as negative amounts). */
function signedOre(ore: number): string {
  return ore < 0 ? `-${formatOre(-ore)}` : formatOre(ore);
}

/** "2.5 %": basis points as a percentage with a decimal point, like the amounts. */
const percent = (bp: number) => `${bp % 100 === 0 ? bp / 100 : (bp / 100).toFixed(bp % 10 === 0 ? 1 : 2)} %`;

/**
 * The same payments as {@link buildPain001}, for people: semicolon-separated UTF-8 with
 * a BOM (so Excel in a Swedish locale opens it right), CRLF line ends, header
 * `mottagare;konto;belopp;referens`, one row per payment, amounts as "1234.56".
 * Validates exactly as buildPain001 does, so the two never disagree.
 *
 * With `details` (one per payment, in order: the settlement line behind it) each row
 * also says how the amount came about: `inlöst;ångrat;från förra avräkningen;avgift;
 * moms på avgiften;avgift per nivå`, the last one text such as
 * "Medlem 2.5 %: underlag 1000.00, avgift 25.00, moms 6.25 | Kampanj Lunch 0 %: …".
 * belopp + avgift + moms = inlöst − ångrat + från förra avräkningen on every row.
 */
export function payoutCsv(input: Pain001Input, details?: ReadonlyArray<PayoutCsvDetail>): string {
  const n = normalise(input);
  if (details && details.length !== n.payments.length) throw new Pain001InputError('details', `one detail per payment: ${details.length} for ${n.payments.length} payments`);
  const header = ['mottagare', 'konto', 'belopp', 'referens', ...(details ? ['inlöst', 'ångrat', 'från förra avräkningen', 'avgift', 'moms på avgiften', 'avgift per nivå'] : [])];
  const rows = [
    header.join(';'),
    ...n.payments.map((p, i) => {
      const cells = [csvCell(p.fullName), csvCell(p.account.display), formatOre(p.amountOre), csvCell(p.remittance)];
      const d = details?.[i];
      if (d) {
        const parts = d.fees.map((f) => `${f.label} ${percent(f.feeBp)}: underlag ${signedOre(f.baseOre)}, avgift ${signedOre(f.feeOre)}, moms ${signedOre(f.feeVatOre)}`).join(' | ');
        cells.push(signedOre(d.redeemedOre), signedOre(d.reversedOre), signedOre(d.carriedInOre), signedOre(d.feeOre), signedOre(d.feeVatOre), csvCell(parts));
      }
      return cells.join(';');
    }),
  ];
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
