import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidOcrReference } from '../../platform/identity/payment-references.js';
import { computeTotals, formatInvoiceAmount, ocrForInvoiceNumber, parseKronor, vatOf } from './totals.js';

describe('vatOf', () => {
  it('rounds each half öre up', () => {
    expect(vatOf(2, 25)).toBe(1); // 0,5 öre → 1
    expect(vatOf(1, 25)).toBe(0); // 0,25 öre → 0
    expect(vatOf(3, 25)).toBe(1); // 0,75 öre → 1
    expect(vatOf(1050, 6)).toBe(63); // 63,0
    expect(vatOf(1075, 6)).toBe(65); // 64,5 → 65
    expect(vatOf(1041, 12)).toBe(125); // 124,92 → 125
    expect(vatOf(-2, 25)).toBe(-1); // a discount mirrors it
    expect(vatOf(123_456, 0)).toBe(0);
  });

  it('never differs from the exact VAT by more than half an öre', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(0, 6, 12, 25) as fc.Arbitrary<0 | 6 | 12 | 25>, (net, rate) => {
        const exact = (net * rate) / 100;
        expect(Math.abs(vatOf(net, rate) - exact)).toBeLessThanOrEqual(0.5);
      }),
    );
  });
});

describe('computeTotals', () => {
  it('rounds per line, then sums', () => {
    // Two lines of 0,5 öre VAT each: per line 1 + 1 = 2 öre (on the sum it would be 1).
    const t = computeTotals([
      { description: 'a', quantity: 1, unitPriceOre: 2, vatRate: 25 },
      { description: 'b', quantity: 1, unitPriceOre: 2, vatRate: 25 },
    ]);
    expect(t).toMatchObject({ netOre: 4, vatOre: 2, totalOre: 6 });
  });

  it('keeps gift card lines VAT-free and summarises per rate', () => {
    const t = computeTotals([
      { description: 'Presentkort 500 kr', quantity: 40, unitPriceOre: 50_000, vatRate: 0, kind: 'giftcard' },
      { description: 'Kortavgift', quantity: 40, unitPriceOre: 1_250, vatRate: 25 },
    ]);
    expect(t).toMatchObject({ netOre: 2_050_000, vatOre: 12_500, totalOre: 2_062_500 });
    expect(t.byRate).toEqual([
      { vatRate: 0, netOre: 2_000_000, vatOre: 0 },
      { vatRate: 25, netOre: 50_000, vatOre: 12_500 },
    ]);
  });
});

describe('ocrForInvoiceNumber', () => {
  it('makes valid, distinct references of at least 8 digits', () => {
    const seen = new Set<string>();
    for (let n = 1; n <= 5000; n++) {
      const ocr = ocrForInvoiceNumber(n);
      expect(isValidOcrReference(ocr)).toBe(true);
      expect(ocr.length).toBeGreaterThanOrEqual(8);
      seen.add(ocr);
    }
    expect(seen.size).toBe(5000);
    expect(ocrForInvoiceNumber(1)).toMatch(/^1000018\d$/); // 100001, length digit 8, check digit
  });
});

describe('formatInvoiceAmount', () => {
  it('always shows öre, Swedish style', () => {
    expect(formatInvoiceAmount(125_000)).toBe('1\u00a0250,00\u00a0kr');
    expect(formatInvoiceAmount(1_250)).toBe('12,50\u00a0kr');
    expect(formatInvoiceAmount(5)).toBe('0,05\u00a0kr');
  });
});

describe('parseKronor', () => {
  it('reads amounts as people type them', () => {
    expect(parseKronor('1 250')).toBe(125_000);
    expect(parseKronor('1\u00a0250,50 kr')).toBe(125_050);
    expect(parseKronor('1250.5')).toBe(125_050);
    expect(parseKronor('12,05')).toBe(1_205);
    expect(parseKronor('250:-')).toBe(25_000);
    for (const bad of ['', 'abc', '-5', '1,234', '1.2.3']) expect(parseKronor(bad)).toBeNull();
  });
});
