/**
 * Luhn (mod 10) check digits, the rule behind organisationsnummer, personnummer,
 * OCR references, Bankgiro and Plusgiro numbers.
 */

const digitsOnly = /^\d+$/;

/** Luhn sum over `digits`, doubling every second digit counted from the right (offset 0 or 1). */
function luhnSum(digits: string, doubleFromRightmost: boolean): number {
  let sum = 0;
  for (let i = digits.length - 1, double = doubleFromRightmost; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

/**
 * The check digit to append to `digits` (the payload without a check digit).
 * Throws on anything but a non-empty string of ASCII digits: a check digit for
 * "12-3" is a bug in the caller, not a value.
 */
export function luhnCheckDigit(digits: string): number {
  if (!digitsOnly.test(digits)) throw new RangeError(`luhnCheckDigit expects digits, got "${digits}"`);
  // The check digit will become the rightmost digit, so the payload's rightmost digit is doubled.
  return (10 - (luhnSum(digits, true) % 10)) % 10;
}

/**
 * Whether `digits` (payload followed by its check digit) passes the Luhn test.
 * False for non-digits and for fewer than two digits (a lone check digit proves nothing).
 */
export function hasValidLuhn(digits: string): boolean {
  if (digits.length < 2 || !digitsOnly.test(digits)) return false;
  return luhnSum(digits, false) % 10 === 0;
}
