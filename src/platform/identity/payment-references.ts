/**
 * Payment identifiers of the Swedish giro system: OCR references (Bankgirot's
 * structured invoice reference), Bankgiro and Plusgiro numbers, Swish numbers.
 * All validators accept the spaces and hyphens people copy from invoices.
 */
import { hasValidLuhn, luhnCheckDigit } from './luhn.js';

/** Bankgirot accepts OCR references of 2–25 digits. */
const OCR_MIN_LENGTH = 2;
const OCR_MAX_LENGTH = 25;

export type OcrOptions = {
  /**
   * Whether the reference carries a length digit (the total length incl. length and
   * check digit, mod 10) before the check digit: Bankgirot's "variable length" control.
   * Default true, which is what createOcrReference produces.
   */
  lengthDigit?: boolean;
  /** Bankgirot's "fixed length" control: the only total lengths the payee agreed to. */
  lengths?: readonly number[];
};

/**
 * An OCR reference for `base` (e.g. an invoice or order number): base digits, then a
 * length digit (unless `lengthDigit: false`), then a Luhn check digit over everything
 * before it. Throws if the result would not be a valid OCR reference.
 */
export function createOcrReference(base: string, options: { lengthDigit?: boolean } = {}): string {
  const withLength = options.lengthDigit ?? true;
  if (!/^\d+$/.test(base)) throw new RangeError(`OCR base must be digits, got "${base}"`);
  const total = base.length + (withLength ? 2 : 1);
  if (total > OCR_MAX_LENGTH) throw new RangeError(`OCR reference would be ${total} digits; max ${OCR_MAX_LENGTH}`);
  const payload = withLength ? base + (total % 10) : base;
  return payload + luhnCheckDigit(payload);
}

/**
 * Whether `input` is a valid OCR reference under the given control (default: variable
 * length, i.e. check digit and length digit). For a fixed-length agreement pass
 * `{ lengthDigit: false, lengths: [n] }`.
 */
export function isValidOcrReference(input: string, options: OcrOptions = {}): boolean {
  const digits = input.replace(/\s+/g, '');
  if (!/^\d+$/.test(digits) || digits.length < OCR_MIN_LENGTH || digits.length > OCR_MAX_LENGTH) return false;
  if (options.lengths && !options.lengths.includes(digits.length)) return false;
  if ((options.lengthDigit ?? true) && Number(digits.at(-2)) !== digits.length % 10) return false;
  return hasValidLuhn(digits);
}

/** Strips spaces; returns the digits when the rest are digits with at most one hyphen. */
function compactGiro(input: string): string | null {
  const compact = input.replace(/\s+/g, '');
  if (!/^\d+-?\d+$/.test(compact)) return null;
  return compact;
}

/**
 * Bankgiro: 7 or 8 digits, the last a Luhn check digit; written "123-4567" or
 * "1234-5678", so a hyphen is only accepted before the last four digits.
 */
export function isValidBankgiro(input: string): boolean {
  const compact = compactGiro(input);
  if (compact === null) return false;
  const hyphen = compact.indexOf('-');
  if (hyphen !== -1 && hyphen !== compact.length - 5) return false;
  const digits = compact.replace('-', '');
  return (digits.length === 7 || digits.length === 8) && hasValidLuhn(digits);
}

/** "1234567" → "123-4567". Throws on an invalid number. */
export function formatBankgiro(input: string): string {
  if (!isValidBankgiro(input)) throw new RangeError(`Not a valid bankgiro number: "${input}"`);
  const digits = input.replace(/[\s-]/g, '');
  return `${digits.slice(0, -4)}-${digits.slice(-4)}`;
}

/**
 * Plusgiro: 2–8 digits, the last a Luhn check digit; written with a hyphen before the
 * check digit ("4 50 02-3", "90 01 22-3").
 */
export function isValidPlusgiro(input: string): boolean {
  const compact = compactGiro(input);
  if (compact === null) return false;
  const hyphen = compact.indexOf('-');
  if (hyphen !== -1 && hyphen !== compact.length - 2) return false;
  const digits = compact.replace('-', '');
  return digits.length >= 2 && digits.length <= 8 && hasValidLuhn(digits);
}

/** "9001228" → "900122-8" (hyphen before the check digit). Throws on an invalid number. */
export function formatPlusgiro(input: string): string {
  if (!isValidPlusgiro(input)) throw new RangeError(`Not a valid plusgiro number: "${input}"`);
  const digits = input.replace(/[\s-]/g, '');
  return `${digits.slice(0, -1)}-${digits.slice(-1)}`;
}

/**
 * A Swish number for businesses (Swish Handel/Företag): 10 digits starting 123.
 * Swish publishes no check digit, so this is a format check only.
 */
export function isValidSwishBusinessNumber(input: string): boolean {
  return /^123\d{7}$/.test(input.replace(/[\s-]/g, ''));
}
