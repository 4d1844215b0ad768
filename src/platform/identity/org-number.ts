/**
 * Swedish organisationsnummer, and personnummer used in their place by sole traders
 * (enskild firma). A personnummer is personal data: store it, but show it masked.
 *
 * Structure (Skatteverket / Bolagsverket): 10 digits NNNNNN-NNNN, the last a Luhn
 * check digit over the first nine. Organisation numbers have digits 3–4 ≥ 20 (never a
 * month), so they cannot be mistaken for a personnummer; the first digit hints the
 * legal form. Twelve-digit forms: "16" + organisationsnummer, or century + personnummer.
 */
import { hasValidLuhn } from './luhn.js';

export type LegalForm =
  | 'public_body'
  | 'limited_company'
  | 'economic_association'
  | 'non_profit'
  | 'partnership'
  | 'other';

export type OrgNumberKind = 'organisation' | 'personal';

export type ParsedOrgNumber =
  | { ok: true; value: string; kind: OrgNumberKind; legalForm?: LegalForm }
  | { ok: false; reason: 'format' | 'check_digit' };

// 10 digits with an optional separator before the last four; "+" marks a personnummer
// of someone aged 100 or more. 12 digits with a two-digit prefix (century or "16").
const tenDigits = /^(\d{6})[-+]?(\d{4})$/;
const twelveDigits = /^(\d{2})(\d{6})-?(\d{4})$/;

const legalFormByFirstDigit: Record<string, LegalForm> = {
  '2': 'public_body', // stat, region, kommun, församling
  '5': 'limited_company', // aktiebolag
  '7': 'economic_association', // ekonomisk förening, bostadsrättsförening
  '8': 'non_profit', // ideell förening, stiftelse
  '9': 'partnership', // handelsbolag, kommanditbolag
};

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Whether YYMMDD (with an optional known century) is a plausible birth date.
 * Samordningsnummer add 60 to the day and are accepted as personal numbers too.
 * Without a century, 29 February is accepted (some century makes it valid).
 */
function isPersonalDate(yymmdd: string, century?: number): boolean {
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  let day = Number(yymmdd.slice(4, 6));
  if (day > 60) day -= 60;
  if (month < 1 || month > 12 || day < 1) return false;
  // 2000 is a leap year, so it stands in for "some century" when none is known.
  const year = century === undefined ? 2000 : century * 100 + yy;
  return day <= daysInMonth(year, month);
}

function classify(ten: string, century?: number): ParsedOrgNumber {
  const canonical = `${ten.slice(0, 6)}-${ten.slice(6)}`;
  const isOrganisation = century === undefined && Number(ten.slice(2, 4)) >= 20;
  if (!isOrganisation && !isPersonalDate(ten.slice(0, 6), century)) return { ok: false, reason: 'format' };
  if (!hasValidLuhn(ten)) return { ok: false, reason: 'check_digit' };
  if (!isOrganisation) return { ok: true, value: canonical, kind: 'personal' };
  return {
    ok: true,
    value: canonical,
    kind: 'organisation',
    legalForm: legalFormByFirstDigit[ten[0] ?? ''] ?? 'other',
  };
}

/**
 * Parses "5566778899", "556677-8899", "16556677-8899", "19850101-1234", "198501011234",
 * "850101-1234" (whitespace around and inside is ignored). The canonical value is always
 * the 10-digit "NNNNNN-NNNN"; the century of a personnummer is dropped, as Bolagsverket
 * registers sole traders.
 */
export function parseOrgNumber(input: string): ParsedOrgNumber {
  const compact = input.replace(/\s+/g, '');
  const ten = tenDigits.exec(compact);
  if (ten) return classify(`${ten[1]}${ten[2]}`);
  const twelve = twelveDigits.exec(compact);
  if (!twelve) return { ok: false, reason: 'format' };
  const [, prefix = '', yymmdd = '', last4 = ''] = twelve;
  if (prefix === '16') {
    const parsed = classify(yymmdd + last4);
    // "16" is the organisation prefix; a personnummer never carries it.
    return parsed.ok && parsed.kind !== 'organisation' ? { ok: false, reason: 'format' } : parsed;
  }
  if (prefix === '18' || prefix === '19' || prefix === '20') {
    return classify(yymmdd + last4, Number(prefix));
  }
  return { ok: false, reason: 'format' };
}

export function isValidOrgNumber(input: string): boolean {
  return parseOrgNumber(input).ok;
}

/**
 * What may be shown of a number: an organisation's in full, a personnummer as its birth
 * date only ("850101-****"). Anything unparseable is hidden entirely, since it may be a
 * mistyped personnummer.
 */
export function maskOrgNumber(value: string): string {
  const parsed = parseOrgNumber(value);
  if (!parsed.ok) return '******-****';
  if (parsed.kind === 'organisation') return parsed.value;
  return `${parsed.value.slice(0, 6)}-****`;
}

/**
 * The Swedish VAT number (momsregistreringsnummer): "SE" + the 10 digits + "01".
 * Sole traders' VAT numbers are built from their personnummer the same way.
 * Throws on an invalid number: callers format numbers they have validated.
 */
export function formatVatNumber(orgNumber: string): string {
  const parsed = parseOrgNumber(orgNumber);
  if (!parsed.ok) throw new RangeError(`Not a valid organisation number: ${parsed.reason}`);
  return `SE${parsed.value.replace('-', '')}01`;
}
