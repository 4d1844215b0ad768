import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { luhnCheckDigit, hasValidLuhn } from './luhn.js';

describe('luhnCheckDigit', () => {
  it('computes known check digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook example 79927398713
    expect(luhnCheckDigit('556677889')).toBe(9); // organisationsnummer 556677-8899
    expect(luhnCheckDigit('811228987')).toBe(4); // personnummer 811228-9874 (Skatteverket's example)
    expect(luhnCheckDigit('0')).toBe(0);
  });

  it('rejects non-digits', () => {
    expect(() => luhnCheckDigit('')).toThrow(RangeError);
    expect(() => luhnCheckDigit('12-3')).toThrow(RangeError);
  });
});

describe('hasValidLuhn', () => {
  it('accepts valid and rejects invalid numbers', () => {
    expect(hasValidLuhn('79927398713')).toBe(true);
    expect(hasValidLuhn('79927398710')).toBe(false);
    expect(hasValidLuhn('5566778899')).toBe(true);
    expect(hasValidLuhn('5566778898')).toBe(false);
  });

  it('rejects too short or non-digit input', () => {
    expect(hasValidLuhn('0')).toBe(false);
    expect(hasValidLuhn('')).toBe(false);
    expect(hasValidLuhn('5566778-899')).toBe(false);
  });

  it('accepts exactly one check digit for any payload', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,30}$/), (payload) => {
        const check = luhnCheckDigit(payload);
        for (let d = 0; d <= 9; d++) expect(hasValidLuhn(payload + d)).toBe(d === check);
      }),
    );
  });

  it('detects every single-digit error', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (payload, pos, delta) => {
        const valid = payload + luhnCheckDigit(payload);
        const i = pos % valid.length;
        const changed = valid.slice(0, i) + ((Number(valid[i]) + delta) % 10) + valid.slice(i + 1);
        expect(hasValidLuhn(changed)).toBe(false);
      }),
    );
  });
});
