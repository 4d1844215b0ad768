import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  createOcrReference,
  formatBankgiro,
  formatPlusgiro,
  isValidBankgiro,
  isValidOcrReference,
  isValidPlusgiro,
  isValidSwishBusinessNumber,
} from './payment-references.js';

describe('createOcrReference', () => {
  it('appends the length digit and the Luhn check digit', () => {
    // 12345 + length digit 7 (7 digits in all) + check digit over 123457.
    expect(createOcrReference('12345')).toBe('1234574');
    // 9 base digits → 11 in total → length digit 1.
    expect(createOcrReference('123456789')).toBe('12345678911');
  });

  it('can omit the length digit', () => {
    expect(createOcrReference('12345', { lengthDigit: false })).toBe('123455');
  });

  it('rejects non-digits and references over 25 digits', () => {
    expect(() => createOcrReference('12a')).toThrow(RangeError);
    expect(() => createOcrReference('')).toThrow(RangeError);
    expect(() => createOcrReference('1'.repeat(24))).toThrow(RangeError);
    expect(createOcrReference('1'.repeat(23))).toHaveLength(25);
  });

  it('always produces a valid reference', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,23}$/), (base) => {
        const ocr = createOcrReference(base);
        expect(ocr.startsWith(base)).toBe(true);
        expect(isValidOcrReference(ocr)).toBe(true);
        expect(isValidOcrReference(ocr, { lengthDigit: false })).toBe(true);
      }),
    );
  });
});

describe('isValidOcrReference', () => {
  it('checks the length digit in variable-length mode', () => {
    expect(isValidOcrReference('1234574')).toBe(true);
    expect(isValidOcrReference('1234 574')).toBe(true);
    // Valid Luhn but the length digit says 5 digits while there are 6.
    expect(isValidOcrReference('123455')).toBe(false);
    expect(isValidOcrReference('1234573')).toBe(false);
  });

  it('checks only the Luhn digit and agreed lengths in fixed-length mode', () => {
    expect(isValidOcrReference('123455', { lengthDigit: false, lengths: [6] })).toBe(true);
    expect(isValidOcrReference('123455', { lengthDigit: false, lengths: [7, 8] })).toBe(false);
  });

  it('rejects junk', () => {
    expect(isValidOcrReference('')).toBe(false);
    expect(isValidOcrReference('0')).toBe(false);
    expect(isValidOcrReference('12-34574')).toBe(false);
    expect(isValidOcrReference('1'.repeat(26))).toBe(false);
  });
});

describe('bankgiro', () => {
  it('validates 7 and 8 digit numbers with a Luhn check digit', () => {
    expect(isValidBankgiro('5050-1055')).toBe(true); // Bankgirot's published example
    expect(isValidBankgiro('50501055')).toBe(true);
    expect(isValidBankgiro('123-4566')).toBe(true);
    expect(isValidBankgiro('123-4567')).toBe(false);
    expect(isValidBankgiro('12-34566')).toBe(false);
    expect(isValidBankgiro('123456')).toBe(false);
    expect(isValidBankgiro('123456789')).toBe(false);
  });

  it('formats with the hyphen before the last four digits', () => {
    expect(formatBankgiro('1234566')).toBe('123-4566');
    expect(formatBankgiro('5050 1055')).toBe('5050-1055');
    expect(() => formatBankgiro('1234567')).toThrow(RangeError);
  });
});

describe('plusgiro', () => {
  it('validates 2–8 digits with a Luhn check digit', () => {
    expect(isValidPlusgiro('4 50 02-3')).toBe(true);
    expect(isValidPlusgiro('450023')).toBe(true);
    expect(isValidPlusgiro('4 50 02-4')).toBe(false);
    expect(isValidPlusgiro('90 01 22-3')).toBe(true);
    expect(isValidPlusgiro('18')).toBe(true);
    expect(isValidPlusgiro('1')).toBe(false);
    expect(isValidPlusgiro('900-1223')).toBe(false);
    expect(isValidPlusgiro('123456782')).toBe(false); // 9 digits
  });

  it('formats with a hyphen before the check digit', () => {
    expect(formatPlusgiro('9001223')).toBe('900122-3');
    expect(formatPlusgiro('4 50 02-3')).toBe('45002-3');
    expect(() => formatPlusgiro('9001227')).toThrow(RangeError);
  });
});

describe('isValidSwishBusinessNumber', () => {
  it('accepts 10 digits starting 123', () => {
    expect(isValidSwishBusinessNumber('1231181189')).toBe(true);
    expect(isValidSwishBusinessNumber('123 118 11 89')).toBe(true);
    expect(isValidSwishBusinessNumber('1241181189')).toBe(false);
    expect(isValidSwishBusinessNumber('123118118')).toBe(false);
    expect(isValidSwishBusinessNumber('0701234567')).toBe(false);
  });
});
