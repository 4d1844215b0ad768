import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatSwedishPhone, normalizePostalCode, normalizeSwedishPhone } from './phone.js';

describe('normalizeSwedishPhone', () => {
  it.each([
    ['070-123 45 67', '+46701234567'],
    ['0701234567', '+46701234567'],
    ['+46 70 123 45 67', '+46701234567'],
    ['+46 (0)70 123 45 67', '+46701234567'],
    ['+46070-1234567', '+46701234567'],
    ['0046 70 123 45 67', '+46701234567'],
    ['08-123 456 78', '+46812345678'],
    ['08-12 34 56', '+468123456'],
    ['(08) 123 456 78', '+46812345678'],
    ['031-12 34 56', '+4631123456'],
    ['0910-123 45', '+4691012345'],
    ['0771-12 34 56', '+46771123456'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeSwedishPhone(input)).toBe(expected);
  });

  it.each([
    '',
    '123',
    '+47 22 12 34 56', // Norway
    '46701234567', // no + or 00: ambiguous
    '070-123 45 6', // mobile numbers have 9 significant digits
    '070-123 45 678',
    '08-123 456 789 0',
    '070 ABC 45 67',
    '+46 0',
  ])('rejects %j', (input) => {
    expect(normalizeSwedishPhone(input)).toBeNull();
  });
});

describe('formatSwedishPhone', () => {
  it('formats mobile numbers', () => {
    expect(formatSwedishPhone('+46701234567', 'national')).toBe('070-123 45 67');
    expect(formatSwedishPhone('+46701234567', 'international')).toBe('+46 70 123 45 67');
  });

  it('formats Stockholm numbers of both lengths', () => {
    expect(formatSwedishPhone('+46812345678', 'national')).toBe('08-123 456 78');
    expect(formatSwedishPhone('+46812345678', 'international')).toBe('+46 8 123 456 78');
    expect(formatSwedishPhone('+468123456', 'national')).toBe('08-12 34 56');
    expect(formatSwedishPhone('+4681234567', 'national')).toBe('08-123 45 67');
  });

  it('formats two- and three-digit area codes', () => {
    expect(formatSwedishPhone('+4631123456', 'national')).toBe('031-12 34 56');
    expect(formatSwedishPhone('+46311234567', 'national')).toBe('031-123 45 67');
    expect(formatSwedishPhone('+4691012345', 'national')).toBe('0910-123 45');
    expect(formatSwedishPhone('+46910123456', 'international')).toBe('+46 910 12 34 56');
  });

  it('throws on non-Swedish numbers', () => {
    expect(() => formatSwedishPhone('+4722123456', 'national')).toThrow(RangeError);
  });

  it('round-trips: formatted numbers normalize back to the same E.164', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{6,8}$/), (nsn) => {
        const e164 = normalizeSwedishPhone(`+46${nsn}`);
        fc.pre(e164 !== null);
        expect(normalizeSwedishPhone(formatSwedishPhone(e164!, 'national'))).toBe(e164);
        expect(normalizeSwedishPhone(formatSwedishPhone(e164!, 'international'))).toBe(e164);
      }),
    );
  });
});

describe('normalizePostalCode', () => {
  it('normalizes to "NNN NN"', () => {
    expect(normalizePostalCode('12345')).toBe('123 45');
    expect(normalizePostalCode('123 45')).toBe('123 45');
    expect(normalizePostalCode(' SE-411 06 ')).toBe('411 06');
  });

  it('rejects anything else', () => {
    for (const input of ['1234', '123456', '012 34', '123-45', 'abcde', '']) {
      expect(normalizePostalCode(input)).toBeNull();
    }
  });
});
