import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_ENTROPY_BITS, checkSymbol, decryptCode, deriveCodeKeys, encryptCode, formatCode, generateCode, lookupHash, maskCode, normalizeCode } from './codes.js';

const keys = deriveCodeKeys(Buffer.alloc(32, 3));

describe('gift card codes', () => {
  it('carry at least 80 bits, read in groups of four, and validate', () => {
    expect(CODE_ENTROPY_BITS).toBeGreaterThanOrEqual(80);
    const code = generateCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(formatCode(code)).toMatch(/^(\w{4}-){4}\w{4}$/);
    expect(normalizeCode(formatCode(code).toLowerCase())).toBe(code);
    expect(maskCode(code)).toBe(`••••-••••-••••-••••-${code.slice(-4)}`);
  });

  it('are different every time', () => {
    const seen = new Set(Array.from({ length: 5000 }, generateCode));
    expect(seen.size).toBe(5000);
  });

  it('read O as 0 and I or L as 1, as people type them', () => {
    const body = '0000111100001111000';
    const code = body + checkSymbol(body);
    expect(normalizeCode(code.replace(/0/g, 'O').replace(/1/g, 'l'))).toBe(code);
  });

  // Luhn mod 32 has one blind spot for swaps: the pair 0 and Z (values 0 and 31).
  it('catch every single mistyped symbol and every swap of two neighbours but 0↔Z', () => {
    fc.assert(
      fc.property(fc.nat({ max: 19 }), fc.nat({ max: 30 }), (position, shift) => {
        const code = generateCode();
        const wrong = CODE_ALPHABET[(CODE_ALPHABET.indexOf(code[position]!) + 1 + shift) % 32]!;
        expect(normalizeCode(code.slice(0, position) + wrong + code.slice(position + 1))).toBeNull();
        const a = code[position]!;
        const b = code[position + 1];
        if (b && a !== b && `${a}${b}` !== '0Z' && `${a}${b}` !== 'Z0') expect(normalizeCode(code.slice(0, position) + b + a + code.slice(position + 2))).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('are stored as a keyed hash and an encrypted copy that only the key opens', () => {
    const code = generateCode();
    expect(lookupHash(keys, code)).toBe(lookupHash(keys, code));
    expect(lookupHash(keys, code)).not.toBe(lookupHash(deriveCodeKeys(Buffer.alloc(32, 4)), code));
    const stored = encryptCode(keys, code);
    expect(stored).not.toContain(code);
    expect(decryptCode(keys, stored)).toBe(code);
    expect(() => decryptCode(deriveCodeKeys(Buffer.alloc(32, 4)), stored)).toThrow();
  });
});
